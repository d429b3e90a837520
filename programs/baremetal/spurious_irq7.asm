; programs/baremetal/spurious_irq7.asm — lesson 6 (scenarios/spurious_irq7.yaml): the spurious
; IRQ7, and how an IRQ7 handler tells it from a real one.
;
; 8259A datasheet 231468, "Interrupt Sequence" and "Edge and Level Triggered Modes": in edge mode
; the IR input must stay high until the first INTA pulse. If the request is gone by then ("too
; short in duration"), the chip still has to answer the acknowledge the CPU has started: it sends
; the vector of IR7 (here 0x27) but does NOT set ISR bit 7. That is the default, or spurious, IR7.
;
; Timing here: the CPU sleeps in HLT with IF=1. The scenario's irq-source pulses IRQ7 for one
; cycle. The halted CPU samples INTR at once, but the first INTA pulse comes one clock later (the
; INTR microcode step, cpu/clock_table.inc INTR_ACK_MICROCODE) — the pulse is over by then. A
; pulse that ends while the CPU has IF=0 would not do it: the 8259A's INT output falls with the
; request (it follows the priority resolver), so the CPU would never start an acknowledge. The
; glitch has to end inside the acknowledge window.
;
; The handler therefore reads ISR (OCW3 0x0B, then IN from port 0x20):
;   bit 7 set    a real IRQ7: serve the device, send the EOI;
;   bit 7 clear  spurious: count it and send NO EOI — nothing is in service, and a non-specific
;                EOI would clear the highest bit in ISR, which belongs to some OTHER interrupt
;                (one this handler may have interrupted).
; A second, long request on IRQ7 shows the real case for comparison.
;
; What to watch in the trace: irq-raised:7, irq-lowered:7 one cycle later, spurious:7, inta:0x27,
; isr-enter:0x27 with no isr-changed and no eoi; then for the real one isr-changed (0x80) and an eoi.
        bits 16
        org  0x7C00
%include "lesson_defs.asm"

start:
        cli
        xor  ax, ax
        mov  ds, ax
        mov  es, ax
        mov  ss, ax
        mov  sp, 0x7000

        SET_IVT MASTER_BASE + 7, irq7_isr   ; IRQ7 -> vector 0x27
        mov  bl, 0x7F                   ; only IRQ7 unmasked
        mov  bh, 0xFF
        call pic_init
        sti

.idle:  hlt
        cmp  byte [entries], 2
        jb   .idle

        cli
        PRINT "IRQ7 entries: 2, spurious: "
        xor  ah, ah
        mov  al, [spurious]
        call print_dec
        mov  al, 10
        call putc
        EXIT_BOARD

irq7_isr:
        push ax
        inc  byte [entries]
        mov  al, OCW3_ISR
        out  PIC1_CMD, al
        in   al, PIC1_CMD               ; ISR of the master
        PRINT "IRQ7: ISR="
        call print_hex8
        test al, 0x80
        jnz  .real
        inc  byte [spurious]
        PRINT " -> spurious, no EOI", 10
        pop  ax
        iret
.real:  PRINT " -> real, EOI", 10
        mov  al, EOI
        out  PIC1_CMD, al
        pop  ax
        iret

entries:  db 0
spurious: db 0

%include "lesson_lib.asm"
