; programs/baremetal/spurious_irq15.asm — lesson 7 (scenarios/spurious_irq15.yaml): spurious
; interrupts on the cascaded slave 8259A.
;
; The PC/AT pair: the slave's INT output drives the master's IR2; IRQ8-15 are the slave's IR0-7,
; vectors 0x28-0x2F here. Acknowledging a slave request: at the first INTA the master sets ISR
; bit 2 and names the slave on CAS0-2; the slave sets its own ISR bit and drives the vector.
; If the SLAVE's request has vanished by its first INTA pulse while the master still saw IR2, the
; slave answers with ITS default IR7 — vector 0x2F, IRQ15 — and sets no ISR bit, but the master's
; IR2 IS in service. An IRQ15 handler must therefore read the SLAVE's ISR: bit 7 clear means
; spurious, and then it sends an EOI to the MASTER only (to release IR2), never to the slave.
;
; If the request disappears before the master's acknowledge, the slave's INT — and so the
; master's IR2 — has fallen too: then it is the MASTER's default IR7 (vector 0x27, a "spurious
; IRQ7" caused by a slave line). On this board the slave resolves at the second INTA cycle, 4 idle
; clocks after the master's first: a glitch of 2-5 cycles gives the spurious IRQ15, a 1-cycle
; glitch the spurious IRQ7. The lesson shows all three cases:
;   irq15_isr  real IRQ15 (slave ISR bit 7 set): EOI slave, then master;
;              spurious IRQ15 (bit 7 clear): EOI master only;
;   irq7_isr   master ISR bit 7 clear: spurious IRQ7, no EOI at all.
;
; What to watch in the trace: for the real IRQ15, isr-changed on BOTH chips (master 0x04, slave
; 0x80), inta:0x2F, two eoi events (chip 1 then chip 0); for the 1-cycle glitch, irq-raised:15 ->
; irq-lowered:15 one cycle later -> spurious:7 -> inta:0x27, no eoi; for the 3-cycle glitch,
; spurious:15 -> inta:0x2F -> one eoi, to the master (chip 0).
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

        SET_IVT MASTER_BASE + 7, irq7_isr   ; vector 0x27
        SET_IVT SLAVE_BASE + 7, irq15_isr   ; vector 0x2F
        mov  bl, 0x7B                   ; master: IR2 (the slave) and IR7 unmasked (0111 1011)
        mov  bh, 0x7F                   ; slave: IR7 = IRQ15 unmasked
        call pic_init
        sti

.idle:  hlt
        cmp  byte [entries], 3
        jb   .idle

        cli
        PRINT "spurious IRQ15: "
        xor  ah, ah
        mov  al, [spurious15]
        call print_dec
        PRINT ", spurious IRQ7: "
        mov  al, [spurious7]
        call print_dec
        mov  al, 10
        call putc
        EXIT_BOARD

irq15_isr:
        push ax
        inc  byte [entries]
        mov  al, OCW3_ISR
        out  PIC2_CMD, al
        in   al, PIC2_CMD               ; the SLAVE's ISR
        PRINT "IRQ15: slave ISR="
        call print_hex8
        push ax
        mov  al, OCW3_ISR
        out  PIC1_CMD, al
        in   al, PIC1_CMD
        PRINT " master ISR="
        call print_hex8                 ; 04: IR2 in service, in both cases
        pop  ax
        test al, 0x80
        jnz  .real
        inc  byte [spurious15]
        PRINT " -> spurious, EOI master only", 10
        mov  al, EOI
        out  PIC1_CMD, al
        pop  ax
        iret
.real:  PRINT " -> real, EOI slave + master", 10
        mov  al, EOI
        out  PIC2_CMD, al
        out  PIC1_CMD, al
        pop  ax
        iret

irq7_isr:
        push ax
        inc  byte [entries]
        mov  al, OCW3_ISR
        out  PIC1_CMD, al
        in   al, PIC1_CMD
        PRINT "IRQ7: master ISR="
        call print_hex8
        test al, 0x80
        jnz  .real
        inc  byte [spurious7]
        PRINT " -> spurious, no EOI", 10
        pop  ax
        iret
.real:  PRINT " -> real, EOI", 10
        mov  al, EOI
        out  PIC1_CMD, al
        pop  ax
        iret

entries:    db 0
spurious15: db 0
spurious7:  db 0

%include "lesson_lib.asm"
