; programs/baremetal/ivt_int_divide.asm — lesson 1 (scenarios/ivt_int_divide.yaml):
; the real-mode interrupt vector table, a software interrupt and a fault.
;
; In real mode the CPU finds handler N at physical address N*4: a word offset, then a word segment
; (80386 PRM §14.3). Nothing fills the table for us on this board (there is no BIOS), so the
; program writes the two entries it needs itself:
;   vector 0x80  a "system call" handler, reached with INT 0x80 (a trap: the saved IP points AFTER
;                the INT instruction, so IRET simply continues)
;   vector 0     #DE, divide error. A FAULT: the saved IP points AT the faulting DIV (PRM §9.8.0),
;                so a handler that just IRETs would run the DIV again, forever. Ours adds the DIV's
;                length (2 bytes) to the saved IP on the stack before IRET.
;
; What to watch in the trace (`irqlab run scenarios/ivt_int_divide.yaml --trace t.jsonl`):
;   int-software vector 0x80 -> iret          (cs:ip returned to = the instruction after INT)
;   exception vector 0 (code ~0: real mode pushes no error code) -> iret to resume_after_div
; Entering both costs the same 37 clocks here: INT n in real mode (PRM, INT page); an exception
; uses the same row in this simulator (cpu/clock_table.inc).
        bits 16
        org  0x7C00
%include "lesson_defs.asm"

start:
        cli                             ; no external interrupts in this lesson
        xor  ax, ax
        mov  ds, ax
        mov  es, ax
        mov  ss, ax
        mov  sp, 0x7000

        SET_IVT 0x80, int80_handler     ; 0000:0200 = offset, 0000:0202 = segment
        SET_IVT 0x00, divide_error      ; 0000:0000 = offset, 0000:0002 = segment

        ; 1. INT 0x80 with a "system call number" in AX: the handler prints it and returns a
        ;    result in AX (AX*2), as a tiny kernel would.
        mov  ax, 0x1234
        int  0x80
        PRINT "back from INT 0x80, AX="
        call print_hex16
        mov  al, 10
        call putc

        ; 2. DIV by zero. 100 / 0 raises #DE before DIV writes anything.
        mov  ax, 100
        xor  bl, bl
fault_div:
        div  bl                         ; F6 F3: two bytes
resume_after_div:
        PRINT "resumed after the faulting DIV, faults seen: "
        mov  ax, [fault_count]
        call print_dec
        mov  al, 10
        call putc
        EXIT_BOARD

; INT 0x80: FLAGS, CS, IP were pushed (6 bytes) and IF/TF cleared; AX = the "call number".
int80_handler:
        PRINT "INT 0x80 handler: AX="
        call print_hex16
        push ax
        mov  al, 10
        call putc
        pop  ax
        shl  ax, 1                      ; the "result"
        iret

; #DE: the saved IP is fault_div. Print it, step over the DIV, return.
divide_error:
        push bp
        mov  bp, sp                     ; [bp+2] = saved IP, [bp+4] = CS, [bp+6] = FLAGS
        push ax
        PRINT "#DE caught at IP="
        mov  ax, [bp+2]
        call print_hex16                ; 7Cxx: the address of fault_div
        mov  al, 10
        call putc
        inc  word [fault_count]
        add  word [bp+2], resume_after_div - fault_div   ; 2: the length of `div bl`
        pop  ax
        pop  bp
        iret

fault_count: dw 0

%include "lesson_lib.asm"
