; programs/baremetal/timer_irq0.asm — lesson 2 (scenarios/timer_irq0.yaml): the PIT timer on IRQ0,
; through the 8259A, with an EOI per tick.
;
; Path of one tick (DESIGN.md §3): 8254 OUT0 rises -> IRQ0 Line -> master 8259A IRR bit 0 ->
; INT -> CPU INTR -> sampled at the next instruction boundary (IF=1) -> two INTA cycles (the master
; puts vector 0x20 = ICW2 base | 0 on the bus and sets ISR bit 0) -> IVT entry 0x20 -> irq0_isr ->
; EOI (OCW2 0x20 to port 0x20 clears ISR bit 0) -> IRET.
;
; The 8254 (datasheet 231164, "Mode Definitions"):
;   - The first tick is a MODE 0 one-shot ("interrupt on terminal count"): OUT0 goes low with the
;     control word and rises N+1 input clocks after the count is written. Why not mode 2 straight
;     away? Writing a mode 2 control word drives OUT0 HIGH at once: that rising edge is an IRQ0
;     request of its own, at the moment of programming, not a tick. Starting in mode 0 makes the
;     first rising edge of IRQ0 in the trace a real tick, taken while the CPU sleeps in HLT — the
;     edge the scenario's latency expectation measures.
;   - Then MODE 2 ("rate generator"): OUT0 stays high (no new edge: it is already high), drops for
;     one input clock every N clocks and rises again: one IRQ0 edge per period.
;   N = 1193 at 1.193182 MHz = 0.99985 ms: a 1 kHz tick (a PC's classic 100 Hz is N = 11932; 1 kHz
;   keeps the run short). At 33 MHz that is about 32,995 CPU cycles between ticks.
;
; Latency of a tick taken in HLT, from the clock table (cpu/clock_table.inc; DESIGN.md §2):
;   the CPU is halted with IF=1, so the board fast-forwards time to the PIT's edge and the CPU
;   samples INTR at once (0 cycles of instruction to finish), then
;     INTR_ACK_MICROCODE     1 clock   (Intel tech note 2153: the INTR microcode step)
;     INTA_IDLE_STATES       4 clocks  (Intel386 SX data sheet: 4 idle states between the 2 INTAs)
;   -> isr-enter is traced 5 cycles after irq-raised; the IVT entry itself (push FLAGS/CS/IP, load
;   CS:IP) then costs the real-mode INT n row, 37 clocks (PRM INT page), so the ISR's first
;   instruction starts 42 cycles after the edge. Had the CPU been busy instead of halted, the
;   current instruction would finish first (e.g. 43 more clocks for a 32-bit IDIV; a REP string
;   instruction is interrupted between iterations, so it adds one iteration at most).
        bits 16
        org  0x7C00
%include "lesson_defs.asm"

PIT_CH0  equ 0x40
PIT_CTRL equ 0x43
DIVISOR  equ 1193               ; 1.193182 MHz / 1193 = 1000.15 Hz
TICKS    equ 5

start:
        cli
        xor  ax, ax
        mov  ds, ax
        mov  es, ax
        mov  ss, ax
        mov  sp, 0x7000

        SET_IVT MASTER_BASE + 0, irq0_isr   ; IRQ0 -> vector 0x20

        mov  bl, 0xFE                   ; master IMR: only IRQ0 unmasked
        mov  bh, 0xFF                   ; slave IMR: everything masked
        call pic_init

        ; First tick: channel 0, mode 0, LSB then MSB, binary (control word 00 11 000 0).
        mov  al, 0x30
        out  PIT_CTRL, al
        mov  ax, DIVISOR
        out  PIT_CH0, al
        mov  al, ah
        out  PIT_CH0, al

        sti
        hlt                             ; sleep: tick 1 (the one-shot) wakes us

        ; Periodic ticks: channel 0, mode 2, LSB then MSB, binary (control word 00 11 010 0).
        mov  al, 0x34
        out  PIT_CTRL, al
        mov  ax, DIVISOR
        out  PIT_CH0, al
        mov  al, ah
        out  PIT_CH0, al

.idle:  hlt                             ; sleep until the next tick
        cmp  word [ticks], TICKS
        jb   .idle

        cli
        mov  al, 0xFF                   ; mask IRQ0: no more ticks
        out  PIC1_DATA, al
        PRINT "timer: "
        mov  ax, [ticks]
        call print_dec
        PRINT " ticks at 1 kHz, done", 10
        EXIT_BOARD

; IRQ0: count, say so, EOI, return. IF is 0 in here (the IVT entry cleared it).
irq0_isr:
        push ax
        inc  word [ticks]
        PRINT "tick "
        mov  ax, [ticks]
        call print_dec
        mov  al, 10
        call putc
        mov  al, EOI                    ; OCW2 non-specific EOI: clears ISR bit 0, so the next
        out  PIC1_CMD, al               ; IRQ0 (or any lower-priority IRQ) can be delivered
        pop  ax
        iret

ticks:  dw 0

%include "lesson_lib.asm"
