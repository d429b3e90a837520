; programs/baremetal/demo.asm — the `make run` demo: real-mode interrupts on a bare board.
;
; Loaded at 0000:7C00 by `irqlab boot`. Installs two real-mode IVT entries (vector n at 0:n*4,
; offset word then segment word; PRM §9.1 / §14.2), then:
;   1. INT 0x80        -> a software-interrupt handler prints a line and IRETs;
;   2. DIV by zero     -> #DE (vector 0). On the 80386 the saved CS:IP points AT the faulting DIV
;                         (a fault, PRM §9.8.0), so the handler adds the DIV's length to the saved
;                         IP before IRET, or the DIV would fault forever;
;   3. sum of 1..1000 with 32-bit registers (operand-size prefix in real mode), printed in decimal;
;   4. OUT 0xF4        -> the board stops (QEMU isa-debug-exit convention).
; Console: every byte written to port 0xE9 (Bochs debug port).
        bits 16
        org  0x7C00

CONSOLE equ 0xE9
EXIT    equ 0xF4

start:
        cli
        xor  ax, ax
        mov  ds, ax
        mov  es, ax
        mov  ss, ax
        mov  sp, 0x7000                 ; stack below the image, on another 4 KiB page

        ; IVT entries: offset, then segment 0.
        mov  word [0x80*4], int80_handler
        mov  word [0x80*4+2], 0
        mov  word [0*4], divide_error_handler
        mov  word [0*4+2], 0

        int  0x80                       ; 1. software interrupt

        mov  ax, 1234                   ; 2. divide error: AX / 0
        xor  bl, bl
fault_div:
        div  bl                         ;    F6 F3: 2 bytes, skipped by the handler
        mov  si, msg_after
        call puts

        xor  eax, eax                   ; 3. EAX = 1 + 2 + ... + 1000
        mov  ecx, 1000
.sum:   add  eax, ecx
        loop .sum                       ;    16-bit address size: LOOP counts in CX
        mov  si, msg_sum
        call puts
        call print_decimal              ;    "500500"
        mov  al, 10
        call putc

        xor  al, al                     ; 4. stop the board
        out  EXIT, al
.halt:  hlt                             ; not reached on irqlab; keeps other boards quiet
        jmp  .halt

; INT 0x80: print a line, return.
int80_handler:
        push si
        mov  si, msg_int80
        call puts
        pop  si
        iret

; #DE: print a line, move the saved IP past the 2-byte DIV, return.
divide_error_handler:
        push bp
        mov  bp, sp                     ; [bp+2] = saved IP, [bp+4] = CS, [bp+6] = FLAGS
        push si
        mov  si, msg_de
        call puts
        add  word [bp+2], 2             ; length of `div bl`
        pop  si
        pop  bp
        iret

; Print the zero-terminated string at DS:SI.
puts:   push ax
.next:  lodsb
        test al, al
        jz   .done
        call putc
        jmp  .next
.done:  pop  ax
        ret

putc:   out  CONSOLE, al
        ret

; Print EAX in decimal.
print_decimal:
        mov  ebx, 10
        xor  cx, cx
.div:   xor  edx, edx
        div  ebx                        ; EDX:EAX / 10
        push dx
        inc  cx
        test eax, eax
        jnz  .div
.out:   pop  ax
        add  al, '0'
        call putc
        loop .out
        ret

msg_int80: db "irqlab demo: INT 0x80 handler ran", 10, 0
msg_de:    db "divide error caught (vector 0)", 10, 0
msg_after: db "resumed after the faulting DIV", 10, 0
msg_sum:   db "sum=", 0
