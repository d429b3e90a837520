; programs/baremetal/priority_nesting_rotation.asm — lesson 5
; (scenarios/priority_nesting_rotation.yaml): 8259A priorities, nesting, and rotation.
;
; Two scriptable devices request IRQ3 and IRQ5. In the 8259A's fully nested mode (the mode ICW4
; selects; datasheet 231468 "Fully Nested Mode") IR0 has the highest priority and IR7 the lowest,
; and a request is delivered only if it outranks everything in service (ISR). The CPU adds its
; own gate: the IF flag, which the interrupt entry clears and STI sets.
; Output notation: "[n" = ISR for IRQn entered, "n]" = it sends its EOI and leaves.
;
;   1 nested   IRQ5 first. Its ISR executes STI and HLT; IRQ3 arrives, outranks IR5 in service,
;              and interrupts the IRQ5 ISR:                      [5[33]5]
;   2 blocked  IRQ3 first. Its ISR executes STI and polls IRR until IRQ5 is there: IRQ5 is pending
;              but NOT delivered although IF=1 (IR3 in service outranks it). The EOI clears ISR
;              bit 3, and IRQ5 is taken at once, inside the IRQ3 ISR:  [3 IRR=20[55]3]
;   3 together both at the same cycle, no STI in the ISRs: IR3 wins, IR5 waits for the IRET:
;                                                                 [33][55]
;   Rotation: from here each ISR ends with OCW2 0xA0 ("rotate on non-specific EOI", datasheet
;   "Automatic Rotation"): the level just served becomes the LOWEST priority.
;   4 alone    IRQ3 alone, ended with a rotate-EOI: priorities are now 4,5,6,7,0,1,2,3 (IR3 last)
;   5 together both at the same cycle again: now IR5 outranks IR3:    [55][33]
;
; What to watch in the trace: isr-changed shows two bits set while nested (0x28) in phases 1 and 2;
; in phase 2 irr-changed (bit 5) comes long before inta:0x25 — right after the eoi; eoi events of
; phases 4-5 carry value 0xA0 (160) instead of 0x20 (32); and the last phase's inta:0x25 comes
; before inta:0x23.
        bits 16
        org  0x7C00
%include "lesson_defs.asm"

ROTATE_EOI equ 0xA0              ; OCW2: rotate on non-specific EOI

start:
        cli
        xor  ax, ax
        mov  ds, ax
        mov  es, ax
        mov  ss, ax
        mov  sp, 0x7000

        SET_IVT MASTER_BASE + 3, irq3_isr
        SET_IVT MASTER_BASE + 5, irq5_isr
        mov  bl, 0xD7                   ; IRQ3 and IRQ5 unmasked (1101 0111)
        mov  bh, 0xFF
        call pic_init
        sti

        PRINT "1 nested:   "
        mov  byte [phase], 1
        mov  al, 2
        call wait_done
        PRINT 10, "2 blocked:  "
        mov  byte [phase], 2
        mov  al, 4
        call wait_done
        PRINT 10, "3 together: "
        mov  byte [phase], 3
        mov  al, 6
        call wait_done
        mov  byte [eoi_cmd], ROTATE_EOI
        PRINT 10, "rotate on non-specific EOI from here", 10
        PRINT "4 alone:    "
        mov  byte [phase], 4
        mov  al, 7
        call wait_done
        PRINT 10, "5 together: "
        mov  byte [phase], 5
        mov  al, 9
        call wait_done
        mov  al, 10
        call putc
        cli
        EXIT_BOARD

; Sleep until [done] >= AL (each ISR counts itself when it leaves).
wait_done:
.idle:  hlt
        cmp  [done], al
        jb   .idle
        ret

irq3_isr:
        push ax
        PRINT "[3"
        cmp  byte [phase], 2
        jne  .leave
        ; Phase 2: interrupts on, then watch IRQ5 wait in IRR.
        sti
        mov  al, OCW3_IRR
        out  PIC1_CMD, al
.poll:  in   al, PIC1_CMD
        test al, 0x20
        jz   .poll
        PRINT " IRR="
        call print_hex8
.leave: mov  al, [eoi_cmd]
        out  PIC1_CMD, al               ; phase 2: IRQ5 is taken right after this OUT
        PRINT "3]"
        inc  byte [done]
        pop  ax
        iret

irq5_isr:
        push ax
        PRINT "[5"
        cmp  byte [phase], 1
        jne  .leave
        ; Phase 1: interrupts on, sleep until the higher-priority IRQ3 interrupts us.
        sti
        hlt
        cli
.leave: PRINT "5]"
        mov  al, [eoi_cmd]
        out  PIC1_CMD, al
        inc  byte [done]
        pop  ax
        iret

phase:   db 0
done:    db 0
eoi_cmd: db EOI

%include "lesson_lib.asm"
