; tests/scenarios_ok/irq_timeline.asm — one IRQ 3 from the scenario's timeline through the 8259A
; pair: the handler prints "irq3", sends a non-specific EOI and counts; the main loop waits in HLT
; (IF=1) and stops the board through port 0xF4 after the first interrupt.
        bits 16
        org  0x7C00
start:
        cli
        xor  ax, ax
        mov  ds, ax
        mov  ss, ax
        mov  sp, 0x7000
        mov  word [0x23*4], irq3_handler    ; IVT: vector 0x23 = IRQ 3 with ICW2 0x20
        mov  word [0x23*4+2], 0
        mov  al, 0x11                       ; ICW1: edge, cascade, ICW4 needed
        out  0x20, al
        out  0xA0, al
        mov  al, 0x20                       ; ICW2: master vectors 0x20-0x27
        out  0x21, al
        mov  al, 0x28                       ; slave 0x28-0x2F
        out  0xA1, al
        mov  al, 0x04                       ; ICW3: slave on IR2
        out  0x21, al
        mov  al, 0x02
        out  0xA1, al
        mov  al, 0x01                       ; ICW4: 8086 mode
        out  0x21, al
        out  0xA1, al
        mov  al, 0xF7                       ; OCW1: only IR3 unmasked
        out  0x21, al
        mov  al, 0xFF
        out  0xA1, al
        sti
.wait:  cmp  byte [count], 0
        jne  .done
        hlt
        jmp  .wait
.done:  out  0xF4, al
.halt:  hlt
        jmp  .halt

irq3_handler:
        push ax
        push si
        mov  si, msg
.next:  lodsb
        test al, al
        jz   .eoi
        out  0xE9, al
        jmp  .next
.eoi:   mov  al, 0x20                       ; OCW2: non-specific EOI
        out  0x20, al
        inc  byte [count]
        pop  si
        pop  ax
        iret
count:  db   0
msg:    db   "irq3", 10, 0
