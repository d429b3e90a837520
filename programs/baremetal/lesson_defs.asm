; programs/baremetal/lesson_defs.asm — constants and macros shared by the interrupt lessons
; (scenarios/*.yaml); the routines are in lesson_lib.asm.
;
; Not a program of its own: each lesson starts with `%include "lesson_defs.asm"` and ends with
; `%include "lesson_lib.asm"` (nasm's include path is the image's folder). The routines are 16-bit
; real-mode code.
;
; Ports:
;   0xE9  console (Bochs debug port): every byte written is printed by `irqlab run`
;   0xF4  exit (QEMU isa-debug-exit): the board stops the run
;   0x20/0x21 master 8259A, 0xA0/0xA1 slave 8259A (slave INT on master IR2, as on the PC/AT)
;
; Routines (all preserve every register they do not return in):
;   putc          AL            one byte to the console
;   puts          DS:SI         a zero-terminated string
;   print_hex8    AL            two hex digits
;   print_hex16   AX            four hex digits
;   print_dec     AX            unsigned decimal
;   pic_init      BL, BH        ICW1-ICW4 for the pair (edge mode, master vectors 0x20-0x27, slave
;                               0x28-0x2F, slave on IR2), then OCW1: master IMR = BL, slave IMR = BH
; Macros:
;   PRINT "text", 10            print an inline string
;   SET_IVT vector, handler     real-mode IVT entry (offset, segment 0) at physical vector*4
;   EXIT_BOARD                  OUT 0xF4 (stop), then CLI/HLT forever should a board not stop

CONSOLE   equ 0xE9
EXIT_PORT equ 0xF4
PIC1_CMD  equ 0x20
PIC1_DATA equ 0x21
PIC2_CMD  equ 0xA0
PIC2_DATA equ 0xA1
EOI       equ 0x20        ; OCW2: non-specific EOI
OCW3_IRR  equ 0x0A        ; OCW3: the next read of port 0x20/0xA0 returns IRR
OCW3_ISR  equ 0x0B        ; OCW3: ... returns ISR
MASTER_BASE equ 0x20      ; ICW2 of the master: IRQ0-7  -> vectors 0x20-0x27
SLAVE_BASE  equ 0x28      ; ICW2 of the slave:  IRQ8-15 -> vectors 0x28-0x2F

%macro PRINT 1+
        jmp  %%after
%%text: db %1, 0
%%after:
        push si
        mov  si, %%text
        call puts
        pop  si
%endmacro

%macro SET_IVT 2
        mov  word [(%1)*4], %2
        mov  word [(%1)*4+2], 0
%endmacro

%macro EXIT_BOARD 0
        out  EXIT_PORT, al
%%dead: cli
        hlt
        jmp  %%dead
%endmacro

