; programs/baremetal/real_to_protected.asm — lesson 11 (scenarios/real_to_protected.yaml): the same
; timer interrupt, first through the real-mode IVT, then through the protected-mode IDT.
;
; Real mode (80386 PRM §14.3): vector n -> the 4-byte IVT entry at IDTR.base + n*4 (IDTR.base = 0
; after reset): offset, segment. The CPU pushes FLAGS, CS, IP (16-bit each), clears IF and TF.
; Protected mode (PRM §9.4-9.6): vector n -> the 8-byte GATE at IDTR.base + n*8, loaded with LIDT.
; The gate holds a code-segment SELECTOR (an index into the GDT, not a paragraph), a 32-bit offset,
; a type and a DPL. Type 0xE, a 386 interrupt gate, pushes EFLAGS, CS, EIP (32-bit each) and clears
; IF (a trap gate, type 0xF, would leave IF alone: lesson 12). Entering through it costs 59 clocks
; instead of the real-mode 37 (cpu/clock_table.inc, INT n rows).
;
; Steps: (1) real mode: PIT channel 0 at 1 kHz on IRQ0 -> vector 0x20 through the IVT, two ticks;
; (2) CLI, LGDT (null, flat 32-bit code 0x08, flat data 0x10), LIDT (gate 0x20 -> pm_irq0), set
; CR0.PE, far JMP to 0x08:pm_entry (loads CS from the GDT: the CPU is now in 32-bit protected
; mode), load the data segments; (3) STI: two more ticks, now through the IDT gate. The PIC and the
; PIT do not notice anything: the 8259A still puts 0x20 on the bus; only the CPU's lookup changed.
; Nothing else is set up (no exception handlers in the IDT: any fault here would end in a triple
; fault, "shutdown" in the trace).
;
; What to watch in the trace: isr-enter:0x20 with "table":"ivt" twice, then with "table":"idt"
; twice; the iret events show cs 0 / ip 0x7Cxx before the switch and cs 8 / a 32-bit eip after.
        bits 16
        org  0x7C00
%include "lesson_defs.asm"

PIT_CH0  equ 0x40
PIT_CTRL equ 0x43
DIVISOR  equ 1193                ; 1 kHz
CODE_SEL equ 0x08
DATA_SEL equ 0x10

start:
        cli
        xor  ax, ax
        mov  ds, ax
        mov  es, ax
        mov  ss, ax
        mov  sp, 0x7000

        SET_IVT MASTER_BASE + 0, rm_irq0

        ; PIT first, PIC second: the mode-2 control word drives OUT0 high at once (an IRQ0 edge);
        ; ICW1 then resets the 8259A's edge sense, so the first interrupt is a real tick.
        mov  al, 0x34                   ; channel 0, LSB+MSB, mode 2, binary
        out  PIT_CTRL, al
        mov  ax, DIVISOR
        out  PIT_CH0, al
        mov  al, ah
        out  PIT_CH0, al
        mov  bl, 0xFE                   ; IRQ0 only
        mov  bh, 0xFF
        call pic_init

        PRINT "real mode, IVT at 0:0", 10
        sti
.rm:    hlt
        cmp  byte [ticks], 2
        jb   .rm
        cli                             ; no interrupts while the tables change

        lgdt [gdt_desc]
        lidt [idt_desc]
        mov  eax, cr0
        or   al, 1                      ; CR0.PE
        mov  cr0, eax
        jmp  dword CODE_SEL:pm_entry    ; far jump: CS = a selector from now on

rm_irq0:
        push ax
        inc  byte [ticks]
        PRINT "tick "
        mov  al, [ticks]
        add  al, '0'
        call putc
        PRINT " via IVT entry 0x20 (real mode)", 10
        mov  al, EOI
        out  PIC1_CMD, al
        pop  ax
        iret                            ; 16-bit IRET: pops IP, CS, FLAGS

%include "lesson_lib.asm"

; ---- 32-bit protected mode -------------------------------------------------------------------
        bits 32

%macro PRINT32 1+
        jmp  %%after
%%text: db %1, 0
%%after:
        push esi
        mov  esi, %%text
        call puts32
        pop  esi
%endmacro

pm_entry:
        mov  ax, DATA_SEL
        mov  ds, ax
        mov  es, ax
        mov  ss, ax
        mov  esp, 0x7000
        PRINT32 "protected mode, IDT loaded", 10
        sti
.pm:    hlt
        cmp  byte [ticks], 4
        jb   .pm
        cli
        PRINT32 "4 ticks, 2 through each table", 10
        out  EXIT_PORT, al
.dead:  hlt
        jmp  .dead

pm_irq0:
        push eax
        inc  byte [ticks]
        PRINT32 "tick "
        mov  al, [ticks]
        add  al, '0'
        out  CONSOLE, al
        PRINT32 " via IDT gate 0x20 (protected mode, IF cleared by the interrupt gate)", 10
        mov  al, EOI
        out  PIC1_CMD, al
        pop  eax
        iret                            ; 32-bit IRET (IRETD): pops EIP, CS, EFLAGS

puts32: push eax
        push esi
.next:  lodsb
        test al, al
        jz   .done
        out  CONSOLE, al
        jmp  .next
.done:  pop  esi
        pop  eax
        ret

ticks:  db 0

        align 8
gdt:    dq 0                            ; 0x00: null descriptor
        dq 0x00CF9A000000FFFF           ; 0x08: code, base 0, limit 4 GiB, 32-bit, DPL 0, readable
        dq 0x00CF92000000FFFF           ; 0x10: data, base 0, limit 4 GiB, writable
gdt_end:
gdt_desc:
        dw gdt_end - gdt - 1
        dd gdt

        align 8
idt:    times MASTER_BASE dq 0          ; vectors 0x00-0x1F: not present
        dw pm_irq0                      ; vector 0x20: offset 15-0
        dw CODE_SEL                     ;   selector
        dw 0x8E00                       ;   P=1, DPL=0, type 0xE: 386 interrupt gate
        dw 0                            ;   offset 31-16 (the handler is below 64 KiB)
idt_end:
idt_desc:
        dw idt_end - idt - 1
        dd idt
