; programs/baremetal/keyboard_irq1.asm — lesson 3 (scenarios/keyboard_irq1.yaml): the keyboard on
; IRQ1. The scenario's timeline types "hi"; each key is a make code (key down) and a break code
; (key up = make | 0x80) in scan-code set 1: h = 23 / A3, i = 17 / 97.
;
; The i8042 keyboard controller (IBM PC AT Technical Reference, "Keyboard Controller"):
;   - a byte from the keyboard lands in the output buffer; status port 0x64 bit 0 (OBF) goes to 1
;     and, with command byte bit 0 set (the power-on default here), IRQ1 rises;
;   - reading port 0x60 takes the byte, clears OBF and drops IRQ1; only then does the controller
;     let the keyboard send its next byte (about 1 ms later: one PS/2 frame).
; So an ISR that forgot to read port 0x60 would see no more keyboard interrupts at all — and one
; that forgot the EOI would see no more interrupts of IRQ1's priority or lower.
;
; What to watch in the trace: per byte, irq-raised:1 -> inta:0x21 -> isr-enter:0x21 ->
; irq-lowered:1 (the IN from port 0x60) -> eoi -> iret; four times, about 33,000 cycles apart.
        bits 16
        org  0x7C00
%include "lesson_defs.asm"

KBD_DATA   equ 0x60
KBD_STATUS equ 0x64
BYTES      equ 4                  ; "hi" = 2 makes + 2 breaks

start:
        cli
        xor  ax, ax
        mov  ds, ax
        mov  es, ax
        mov  ss, ax
        mov  sp, 0x7000

        SET_IVT MASTER_BASE + 1, irq1_isr   ; IRQ1 -> vector 0x21

        mov  bl, 0xFD                   ; master IMR: only IRQ1 unmasked
        mov  bh, 0xFF
        call pic_init
        PRINT "type something...", 10

        sti
.idle:  hlt                             ; sleep until a key byte arrives
        cmp  byte [count], BYTES
        jb   .idle

        cli
        PRINT "got "
        xor  ah, ah
        mov  al, [count]
        call print_dec
        PRINT " scan codes", 10
        EXIT_BOARD

; IRQ1: take the byte, acknowledge the PIC, echo.
irq1_isr:
        push ax
        push bx
        in   al, KBD_DATA               ; read FIRST: clears OBF and lowers IRQ1
        mov  bl, al
        mov  al, EOI
        out  PIC1_CMD, al               ; then EOI: IR1 leaves the in-service register
        inc  byte [count]
        test bl, 0x80                   ; bit 7: break (key released)
        jnz  .break
        PRINT "make "
        mov  al, bl
        call print_hex8
        PRINT " = '"
        call scan_to_ascii              ; AL = letter for the make code in BL
        call putc
        PRINT "'", 10
        jmp  .done
.break: PRINT "break "
        mov  al, bl
        call print_hex8
        mov  al, 10
        call putc
.done:  pop  bx
        pop  ax
        iret

; BL = a set-1 make code -> AL = its lower-case letter, or '?' (letters only: three key rows).
scan_to_ascii:
        push bx
        push si
        mov  si, rows
.row:   mov  al, [si]                   ; first scan code of the row (0 ends the table)
        test al, al
        jz   .unknown
        mov  ah, bl
        sub  ah, al                     ; index within the row
        jb   .next
        cmp  ah, [si+1]                 ; row length
        jae  .next
        movzx bx, ah
        mov  al, [si+2+bx]
        jmp  .out
.next:  movzx ax, byte [si+1]
        add  si, ax
        add  si, 2
        jmp  .row
.unknown:
        mov  al, '?'
.out:   pop  si
        pop  bx
        ret

rows:   db 0x10, 10, "qwertyuiop"
        db 0x1E, 9,  "asdfghjkl"
        db 0x2C, 7,  "zxcvbnm"
        db 0

count:  db 0

%include "lesson_lib.asm"
