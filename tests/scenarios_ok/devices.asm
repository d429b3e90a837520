; tests/scenarios_ok/devices.asm — sits in HLT with IF=0; an NMI handler (IVT entry 2) prints "N".
; The scenario drives every device type around it and checks the lines they raise.
        bits 16
        org  0x7C00
start:
        cli
        xor  ax, ax
        mov  ds, ax
        mov  ss, ax
        mov  sp, 0x7000
        mov  word [2*4], nmi_handler
        mov  word [2*4+2], 0
.idle:  hlt
        jmp  .idle
nmi_handler:
        push ax
        mov  al, 'N'
        out  0xE9, al
        pop  ax
        iret
