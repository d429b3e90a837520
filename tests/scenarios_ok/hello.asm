; tests/scenarios_ok/hello.asm — the smallest bare-metal guest for the scenario tests: prints
; "hello\n" on the debug console (port 0xE9), leaves known values in AX and memory, then writes
; port 0xF4 (stop the run).
        bits 16
        org  0x7C00
start:
        cli
        xor  ax, ax
        mov  ds, ax
        mov  si, msg
.next:  lodsb
        test al, al
        jz   .done
        out  0xE9, al
        jmp  .next
.done:  mov  dword [0x500], 0x12345678
        mov  ax, 0xBEEF
        out  0xF4, al
.halt:  hlt
        jmp  .halt
msg:    db   "hello", 10, 0
