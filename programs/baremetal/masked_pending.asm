; programs/baremetal/masked_pending.asm — lesson 4 (scenarios/masked_pending.yaml): a masked
; request is not lost, it waits in IRR.
;
; The 8259A has three 8-bit registers (datasheet 231468, "Interrupt Request Register (IRR) and
; In-Service Register (ISR)", "Interrupt Mask Register (IMR)"):
;   IRR  requests that arrived (edge mode: a rising edge on IRn sets bit n, as long as IRn stays
;        high) — masking does NOT stop this;
;   IMR  bit n = 1 keeps IRn away from the priority resolver: no INT output for it;
;   ISR  requests being served (set by INTA, cleared by EOI).
; IRR and ISR are read at port 0x20 after choosing one with OCW3 (0x0A = IRR, 0x0B = ISR); IMR is
; read at port 0x21.
;
; The program masks every line, enables interrupts (IF=1) and polls IRR. The scenario's irq-source
; raises IRQ3 and holds it: IRR bit 3 shows up, yet nothing is delivered (INTR stays low even though
; IF=1). Then the program clears IMR bit 3: the resolver now sees the pending request, INT rises
; and the CPU takes vector 0x23 right after the OUT that unmasked it.
;
; What to watch in the trace: irq-raised:3 + irr-changed (bit 3) WITHOUT intr-asserted; later
; imr-changed (0xFF -> 0xF7) immediately followed by intr-asserted, inta:0x23, isr-enter:0x23.
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

        SET_IVT MASTER_BASE + 3, irq3_isr   ; IRQ3 -> vector 0x23

        mov  bl, 0xFF                   ; everything masked
        mov  bh, 0xFF
        call pic_init
        sti                             ; IF=1: only the mask holds IRQ3 back now
        PRINT "IRQ3 masked, IF=1, polling IRR...", 10

        mov  al, OCW3_IRR               ; port 0x20 reads return IRR from now on
        out  PIC1_CMD, al
.poll:  in   al, PIC1_CMD
        test al, 0x08
        jz   .poll

        PRINT "IRR="
        call print_hex8                 ; 08: pending ...
        PRINT " IMR="
        in   al, PIC1_DATA
        call print_hex8                 ; FF: ... but masked
        PRINT ": IRQ3 pending but masked, no interrupt", 10

        mov  al, 0xF7                   ; OCW1: unmask IRQ3
        out  PIC1_DATA, al              ; INT rises now; the CPU takes IRQ3 at the next boundary
after_unmask:
        PRINT "back in main after the unmask; IRR="
        in   al, PIC1_CMD               ; (OCW3 still selects IRR)
        call print_hex8
        mov  al, 10
        call putc
        cli
        EXIT_BOARD

; IRQ3: show ISR/IRR, EOI, return.
irq3_isr:
        push ax
        PRINT "IRQ3 delivered: ISR="
        mov  al, OCW3_ISR
        out  PIC1_CMD, al
        in   al, PIC1_CMD
        call print_hex8                 ; 08: in service
        PRINT " IRR="
        mov  al, OCW3_IRR
        out  PIC1_CMD, al
        in   al, PIC1_CMD
        call print_hex8                 ; 00: the first INTA moved the request from IRR to ISR
        mov  al, 10
        call putc
        mov  al, EOI
        out  PIC1_CMD, al
        pop  ax
        iret

%include "lesson_lib.asm"
