; programs/baremetal/gate_if.asm — lesson 12 (scenarios/gate_if.yaml): interrupt gate versus trap
; gate, in protected mode.
;
; 80386 PRM §9.6.1.3: the only difference between the two 386 gate types in the IDT is IF.
;   interrupt gate (type 0xE, byte 5 = 0x8E): the CPU clears IF on entry — nothing maskable can
;                  interrupt the handler until it executes STI or its IRET restores the old EFLAGS;
;   trap gate      (type 0xF, byte 5 = 0x8F): IF is left as it was (1 here) — a higher-priority
;                  request that the 8259A lets through interrupts the handler at once.
; (Both clear TF and NT. The 8259A's own rule still applies on top: only a request that outranks
; every level in service gets through — IRQ3 outranks IRQ5, so the PIC would let it nest; the
; gate decides whether the CPU listens.)
;
; The program enters 32-bit protected mode (as in lesson 11) with IDT gates for 0x23 (IRQ3) and
; 0x25 (IRQ5). IRQ5's handler is slow: it waits until IRQ3 has either been delivered (nested) or
; shows up pending in the 8259A's IRR. The timeline raises IRQ5, and IRQ3 10 us later, twice:
;   round 1: vector 0x25 is an INTERRUPT gate -> "[5 IF=0 IRR=08 5][3 3]": IRQ3 waits for the IRET;
;   then the program rewrites byte 5 of IDT entry 0x25 from 0x8E to 0x8F (the CPU reads the gate at
;   every delivery: no reload needed);
;   round 2: vector 0x25 is a TRAP gate -> "[5 IF=1[3 3] 5]": IRQ3 nests inside the IRQ5 handler.
;
; What to watch in the trace: round 1 isr-enter:0x25 -> irq-raised:3 + intr-asserted -> (no inta
; until) iret -> inta:0x23 -> isr-enter:0x23; round 2 isr-enter:0x25 -> irq-raised:3 -> inta:0x23
; within a few cycles -> isr-enter:0x23 -> iret -> iret (two nested returns).
        bits 16
        org  0x7C00
%include "lesson_defs.asm"

CODE_SEL equ 0x08
DATA_SEL equ 0x10

start:
        cli
        xor  ax, ax
        mov  ds, ax
        mov  es, ax
        mov  ss, ax
        mov  sp, 0x7000
        mov  bl, 0xD7                   ; IRQ3 and IRQ5 unmasked
        mov  bh, 0xFF
        call pic_init
        lgdt [gdt_desc]
        lidt [idt_desc]
        mov  eax, cr0
        or   al, 1
        mov  cr0, eax
        jmp  dword CODE_SEL:pm_entry

%include "lesson_lib.asm"

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
        sti

        PRINT32 "interrupt gate: "
.r1:    hlt
        cmp  byte [done], 2
        jb   .r1
        mov  byte [idt + 0x25*8 + 5], 0x8F  ; vector 0x25 becomes a trap gate
        PRINT32 10, "trap gate:      "
.r2:    hlt
        cmp  byte [done], 4
        jb   .r2
        cli
        mov  al, 10
        out  CONSOLE, al
        out  EXIT_PORT, al
.dead:  hlt
        jmp  .dead

; IRQ5: slow. Wait until IRQ3 was served (nested) or is pending in IRR.
irq5_isr:
        push eax
        PRINT32 "[5 IF="
        pushfd
        pop  eax
        shr  eax, 9
        and  al, 1
        add  al, '0'
        out  CONSOLE, al                ; the IF the gate left us
        mov  ah, [irq3_count]           ; IRQ3 deliveries so far
        mov  al, OCW3_IRR
        out  PIC1_CMD, al
.wait:  cmp  ah, [irq3_count]
        jne  .leave                     ; IRQ3 was delivered inside this handler
        in   al, PIC1_CMD
        test al, 0x08
        jz   .wait
        PRINT32 " IRR="                 ; IRQ3 waits: the gate cleared IF
        call hex8_32
.leave: PRINT32 " 5]"
        mov  al, EOI
        out  PIC1_CMD, al
        inc  byte [done]
        pop  eax
        iret

irq3_isr:
        push eax
        inc  byte [irq3_count]
        PRINT32 "[3 3]"
        mov  al, EOI
        out  PIC1_CMD, al
        inc  byte [done]
        pop  eax
        iret

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

hex8_32:                                ; AL as two hex digits
        push eax
        push eax
        shr  al, 4
        call .digit
        pop  eax
        and  al, 0x0F
        call .digit
        pop  eax
        ret
.digit: add  al, '0'
        cmp  al, '9'
        jbe  .out
        add  al, 'A' - '0' - 10
.out:   out  CONSOLE, al
        ret

done:       db 0
irq3_count: db 0

        align 8
gdt:    dq 0
        dq 0x00CF9A000000FFFF           ; 0x08: flat 32-bit code
        dq 0x00CF92000000FFFF           ; 0x10: flat data
gdt_end:
gdt_desc:
        dw gdt_end - gdt - 1
        dd gdt

%macro GATE 2                           ; handler, type byte
        dw %1, CODE_SEL
        db 0, %2
        dw 0
%endmacro
        align 8
idt:    times MASTER_BASE + 3 dq 0      ; 0x00-0x22: not present
        GATE irq3_isr, 0x8E             ; 0x23: interrupt gate
        dq 0                            ; 0x24
        GATE irq5_isr, 0x8E             ; 0x25: interrupt gate (round 2 patches it to 0x8F)
idt_end:
idt_desc:
        dw idt_end - idt - 1
        dd idt
