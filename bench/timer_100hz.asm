; bench/timer_100hz.asm — the board benchmark's guest: PIT channel 0 at 100 Hz (mode 2, count
; 11932) through the master 8259A, an ISR that counts ticks and sends EOI, and a main loop that
; sits in HLT between ticks. After 1000 ticks (10 simulated seconds) it prints "ticks=1000" and
; writes port 0xF4. Almost all simulated time is HLT, which the board fast-forwards to the next
; event: the run costs host time per tick, not per idle cycle.
        bits 16
        org  0x7C00
start:  cli
        xor  ax, ax
        mov  ds, ax
        mov  ss, ax
        mov  sp, 0x7000
        mov  word [0x20*4], isr0        ; IVT entry 0x20 = IRQ0 after the remap below
        mov  word [0x20*4+2], 0
        mov  al, 0x11                   ; ICW1: edge, cascade, ICW4 needed
        out  0x20, al
        mov  al, 0x20                   ; ICW2: vectors 0x20-0x27
        out  0x21, al
        mov  al, 0x04                   ; ICW3: slave on IR2
        out  0x21, al
        mov  al, 0x01                   ; ICW4: 8086 mode
        out  0x21, al
        mov  al, 0xFE                   ; OCW1: only IRQ0
        out  0x21, al
        mov  al, 0x34                   ; PIT: channel 0, lobyte/hibyte, mode 2
        out  0x43, al
        mov  ax, 11932                  ; 1193182 / 100
        out  0x40, al
        mov  al, ah
        out  0x40, al
        sti
.idle:  hlt
        cmp  word [ticks], 1000
        jb   .idle
        cli
        mov  si, msg
.p:     lodsb
        or   al, al
        jz   .done
        out  0xE9, al
        jmp  .p
.done:  out  0xF4, al
        hlt
isr0:   push ax
        inc  word [ticks]
        mov  al, 0x20                   ; non-specific EOI
        out  0x20, al
        pop  ax
        iret
msg:    db "ticks=1000", 10, 0
ticks:  dw 0
