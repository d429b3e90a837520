; programs/baremetal/nmi_during_cli.asm — lesson 10 (scenarios/nmi_during_cli.yaml): CLI holds back
; INTR, but not NMI.
;
; IF (EFLAGS bit 9, set by STI, cleared by CLI) gates only the maskable INTR pin. NMI is a separate,
; edge-triggered pin that IF does not gate (80386 PRM §9.2): the CPU takes vector 2 at the next
; instruction boundary whatever IF says. What the CPU does gate: while an NMI handler runs, further
; NMIs are held (latched) until the next IRET (PRM §9.2.1), so NMI handlers never nest.
;
; The program runs with IF=0 throughout its main loop. The scenario:
;   20 us   IRQ3 rises: the 8259A raises INTR — the CPU ignores it (IF=0);
;   50 us   NMI: taken at once, although IF=0 and INTR is pending;
;   +200 cycles  a second NMI, while the first handler is still printing: held until its IRET,
;           then taken right after it;
; then the program executes STI and the pending IRQ3 is taken.
; The NMI handler prints the IF bit of the FLAGS image the CPU pushed — the interrupted code's IF.
;
; What to watch in the trace: irq-raised:3 + intr-asserted, and no inta for a long time; nmi
; (vector 2) -> iret -> nmi immediately after -> iret; much later inta:0x23 -> isr-enter:0x23 right
; after the STI (and the one instruction of STI's interrupt shadow).
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

        SET_IVT 2, nmi_handler                  ; NMI is always vector 2
        SET_IVT MASTER_BASE + 3, irq3_isr       ; IRQ3 -> vector 0x23
        mov  bl, 0xF7                           ; only IRQ3 unmasked
        mov  bh, 0xFF
        call pic_init
        PRINT "IF=0, spinning", 10

.spin:  cmp  byte [nmi_count], 2                ; IF stays 0 all along
        jb   .spin

        PRINT "two NMIs done; IRR="
        mov  al, OCW3_IRR
        out  PIC1_CMD, al
        in   al, PIC1_CMD
        call print_hex8                         ; 08: IRQ3 still waiting
        PRINT ", now STI", 10
        sti
        nop                                     ; STI's shadow: IRQ3 comes after this one
        nop
        cli
        PRINT "done", 10
        EXIT_BOARD

nmi_handler:
        push bp
        mov  bp, sp                             ; [bp+2] IP, [bp+4] CS, [bp+6] FLAGS
        push ax
        inc  byte [nmi_count]
        PRINT "NMI #"
        mov  al, [nmi_count]
        add  al, '0'
        call putc
        PRINT " taken, interrupted code had IF="
        mov  ax, [bp+6]
        shr  ax, 9
        and  al, 1
        add  al, '0'
        call putc
        mov  al, 10
        call putc
        pop  ax
        pop  bp
        iret                                    ; NMIs are accepted again from here

irq3_isr:
        push ax
        PRINT "IRQ3 taken after STI", 10
        mov  al, EOI
        out  PIC1_CMD, al
        pop  ax
        iret

nmi_count: db 0

%include "lesson_lib.asm"
