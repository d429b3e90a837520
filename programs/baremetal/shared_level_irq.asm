; programs/baremetal/shared_level_irq.asm — lesson 8 (scenarios/shared_level_irq.yaml): two devices
; sharing one level-triggered IRQ line.
;
; The scenario wires the keyboard controller AND the 16550 UART to IRQ4. A Line is a wired-OR: it
; is high while ANY of its drivers holds it (DESIGN.md §3). Each device keeps its request up until
; the CPU services it: the i8042 until port 0x60 is read (output buffer empty), the UART until its
; received byte is read from RBR (IIR then reports "no interrupt pending", bit 0 = 1).
;
; Why level-triggered: with an edge-triggered IR input, a second device raising an already-high
; line makes no edge. If the ISR serves only the first device and EOIs, the line stays high
; forever, no new edge ever comes, and both devices are stuck. In level mode IRR follows the line:
; after the EOI the 8259A sees the line still high and requests again, so the second device gets
; its own interrupt. The mode is set per line through the ELCR (edge/level control register,
; ports 0x4D0 master / 0x4D1 slave, bit n = IRQn level; an EISA/PCI chipset register next to the
; 8259A pair) — ICW1's LTIM bit would set it for all eight lines of a chip at once.
;
; The ISR serves ONE device per interrupt on purpose (the first whose status says "pending", the
; keyboard first), then EOIs: the trace shows the second interrupt that level mode produces. A
; production handler would loop over all devices before the EOI (fewer interrupts), and must be
; ready to find nobody pending.
; Also: the device must drop its request BEFORE the EOI (here: read 0x60 / RBR first), or the
; level-triggered line fires again at once for the same byte.
;
; What to watch in the trace: at cycle 33,000 both devices' bytes arrive in the same cycle:
; irq-raised:4 once (the line was low; the second driver changes nothing), inta:0x24 ->
; isr-enter:0x24 -> keyboard byte read (the line stays high: the UART) -> eoi, and INTR rises
; again in the same cycle (level mode: IRR follows the still-high line; no irr-changed at all) ->
; the IRET restores IF=1 -> inta:0x24 at once -> RBR read -> irq-lowered:4 (no driver left) -> eoi.
        bits 16
        org  0x7C00
%include "lesson_defs.asm"

KBD_DATA   equ 0x60
KBD_STATUS equ 0x64
COM1       equ 0x3F8
UART_RBR   equ COM1 + 0
UART_IER   equ COM1 + 1
UART_IIR   equ COM1 + 2
UART_LCR   equ COM1 + 3
UART_MCR   equ COM1 + 4
ELCR1      equ 0x4D0

start:
        cli
        xor  ax, ax
        mov  ds, ax
        mov  es, ax
        mov  ss, ax
        mov  sp, 0x7000

        SET_IVT MASTER_BASE + 4, irq4_isr   ; IRQ4 -> vector 0x24
        mov  bl, 0xEF                   ; only IRQ4 unmasked
        mov  bh, 0xFF
        call pic_init
        mov  dx, ELCR1
        mov  al, 0x10                   ; IRQ4 level-triggered
        out  dx, al

        ; UART: 8 data bits, no parity, 1 stop bit (LCR = 03; the divisor latch is 1 = 115200 baud
        ; from power-on here), received-data interrupt on (IER bit 0), and OUT2 (MCR bit 3),
        ; which on a PC gates the UART's interrupt output onto the IRQ line.
        mov  dx, UART_LCR
        mov  al, 0x03
        out  dx, al
        mov  dx, UART_IER
        mov  al, 0x01
        out  dx, al
        mov  dx, UART_MCR
        mov  al, 0x08
        out  dx, al
        ; The keyboard controller's command byte already has bit 0 (IRQ on output buffer full).

        sti
.idle:  hlt
        cmp  byte [kbd_count], 2        ; "a": make + break
        jb   .idle
        cmp  byte [uart_count], 2       ; "xy"
        jb   .idle

        cli
        PRINT "interrupts: "
        xor  ah, ah
        mov  al, [irq_count]
        call print_dec
        PRINT ", keyboard bytes: "
        mov  al, [kbd_count]
        call print_dec
        PRINT ", uart bytes: "
        mov  al, [uart_count]
        call print_dec
        mov  al, 10
        call putc
        EXIT_BOARD

irq4_isr:
        push ax
        push dx
        inc  byte [irq_count]
        PRINT "IRQ4: "
        in   al, KBD_STATUS             ; device 1: keyboard controller, status bit 0 = OBF
        test al, 0x01
        jz   .uart
        in   al, KBD_DATA               ; take the byte: OBF clears, the keyboard drops its request
        inc  byte [kbd_count]
        PRINT "keyboard "
        call print_hex8
        jmp  .eoi
.uart:  mov  dx, UART_IIR               ; device 2: UART, IIR bit 0 = 0 when it wants service
        in   al, dx
        test al, 0x01
        jnz  .nobody
        mov  dx, UART_RBR
        in   al, dx                     ; take the byte: data ready clears, the UART drops its request
        inc  byte [uart_count]
        PRINT "uart '"
        call putc
        PRINT "'"
        jmp  .eoi
.nobody:
        PRINT "nobody pending"
.eoi:   mov  al, 10
        call putc
        mov  al, EOI                    ; AFTER the device dropped its request
        out  PIC1_CMD, al
        pop  dx
        pop  ax
        iret

irq_count:  db 0
kbd_count:  db 0
uart_count: db 0

%include "lesson_lib.asm"
