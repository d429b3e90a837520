; programs/baremetal/wired_or_three.asm — lesson 9 (scenarios/wired_or_three.yaml): no interrupt
; controller at all. Three devices drive the CPU's INTR pin directly, as a wired-OR.
;
; The scenario's board has `interrupts: wired-or`: every device's request output is one driver on
; the INTR Line, which is high while ANY driver is ("the value of INTR is the logical OR of the
; requests"). Without an 8259A:
;   - nobody answers the INTA bus cycles: the CPU reads the floating data bus, 0xFF on this board
;     (sim/machine.h, MachineConfig::inta_vector) — so EVERY device interrupt is vector 0xFF, and
;     that IVT entry is the one handler;
;   - there are no priorities, no IRR/ISR, no EOI: the handler finds the requesters by polling
;     each device's status register, and must make EVERY requesting device drop its output before
;     IRET — INTR is level-sensitive, and while it is high with IF=1 the CPU takes the interrupt
;     again right after the IRET.
; The three devices and their "I want service" bits:
;   MC146818 RTC    register C bit 7 (IRQF); reading register C clears it and drops the request.
;                   Here: periodic interrupt at 1024 Hz (register A RS = 6), register B PIE = 1.
;   i8042 keyboard  port 0x64 bit 0 (output buffer full); reading port 0x60 clears it.
;   16550 UART      IIR (0x3FA) bit 0 = 0; reading RBR (0x3F8) clears received-data.
; The handler polls all three, serves each that is pending, and repeats until a whole pass finds
; nobody (a device may raise its request while another is being served).
;
; What to watch in the trace: intr-asserted -> inta:0xFF (no spurious, no isr-changed: there is no
; PIC) -> isr-enter:0xFF -> console -> intr-deasserted once the last requester is served -> iret.
; At cycle 64,454 all three requests rise in the same cycle: one entry serves them all in one pass.
        bits 16
        org  0x7C00
%include "lesson_defs.asm"

KBD_DATA   equ 0x60
KBD_STATUS equ 0x64
RTC_INDEX  equ 0x70
RTC_DATA   equ 0x71
COM1       equ 0x3F8
UART_RBR   equ COM1 + 0
UART_IER   equ COM1 + 1
UART_IIR   equ COM1 + 2
UART_LCR   equ COM1 + 3
UART_MCR   equ COM1 + 4
BUS_VECTOR equ 0xFF              ; what INTA reads from a bus nobody drives

start:
        cli
        xor  ax, ax
        mov  ds, ax
        mov  es, ax
        mov  ss, ax
        mov  sp, 0x7000

        SET_IVT BUS_VECTOR, intr_handler    ; physical 0x3FC

        ; UART: 8N1, received-data interrupt, OUT2 (gates the interrupt output on a PC board).
        mov  dx, UART_LCR
        mov  al, 0x03
        out  dx, al
        mov  dx, UART_IER
        mov  al, 0x01
        out  dx, al
        mov  dx, UART_MCR
        mov  al, 0x08
        out  dx, al

        ; RTC: register A = 0x26 (divider DV = 010: 32.768 kHz time base; RS = 6: 1024 Hz),
        ; register B = 0x42 (PIE: periodic interrupt enable; 24-hour mode).
        mov  al, 0x0A
        out  RTC_INDEX, al
        mov  al, 0x26
        out  RTC_DATA, al
        mov  al, 0x0B
        out  RTC_INDEX, al
        mov  al, 0x42
        out  RTC_DATA, al

        sti
.idle:  hlt
        cmp  byte [rtc_count], 3
        jb   .idle
        cmp  byte [kbd_count], 2
        jb   .idle
        cmp  byte [uart_count], 2
        jb   .idle

        cli
        mov  al, 0x0B                   ; RTC periodic interrupt off again
        out  RTC_INDEX, al
        mov  al, 0x02
        out  RTC_DATA, al
        PRINT "entries: "
        xor  ah, ah
        mov  al, [entries]
        call print_dec
        PRINT ", rtc: "
        mov  al, [rtc_count]
        call print_dec
        PRINT ", keyboard: "
        mov  al, [kbd_count]
        call print_dec
        PRINT ", uart: "
        mov  al, [uart_count]
        call print_dec
        mov  al, 10
        call putc
        EXIT_BOARD

; Vector 0xFF: whoever is pulling INTR. Poll until nobody is.
intr_handler:
        push ax
        push bx
        push dx
        inc  byte [entries]
        PRINT "INTR:"
.pass:  xor  bl, bl                     ; BL = devices served in this pass

        mov  al, 0x0C                   ; RTC register C: bit 7 IRQF
        out  RTC_INDEX, al
        in   al, RTC_DATA               ; the read clears IRQF: the RTC drops its request
        test al, 0x80
        jz   .kbd
        inc  byte [rtc_count]
        inc  bl
        PRINT " rtc"

.kbd:   in   al, KBD_STATUS
        test al, 0x01
        jz   .uart
        in   al, KBD_DATA               ; the keyboard controller drops its request
        inc  byte [kbd_count]
        inc  bl
        PRINT " kbd:"
        call print_hex8

.uart:  mov  dx, UART_IIR
        in   al, dx
        test al, 0x01
        jnz  .done
        mov  dx, UART_RBR
        in   al, dx                     ; the UART drops its request
        inc  byte [uart_count]
        inc  bl
        PRINT " uart:"
        call putc

.done:  test bl, bl
        jnz  .pass                      ; someone was served: look again
        mov  al, 10
        call putc
        pop  dx
        pop  bx
        pop  ax
        iret                            ; no EOI: there is no interrupt controller

entries:    db 0
rtc_count:  db 0
kbd_count:  db 0
uart_count: db 0

%include "lesson_lib.asm"
