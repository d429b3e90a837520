; bench/pm_loop.asm — the peer-loop workload in 32-bit protected mode with paging on.
;
; Loaded at 0000:7C00 in real mode: loads a flat GDT, sets CR0.PE, far-jumps into a 32-bit code
; segment (PRM §10.3), builds identity page tables for the first 4 MiB (page directory 0x20000,
; page table 0x21000; PRM §5.2), loads CR3 and sets CR0.PG. Then the loop of
; shared/bench/peer-loop/workload.inc with 32-bit registers and a buffer of 513 dwords: the same
; instruction structure, so the same count from work_begin to work_end: 2568 + OUTER*725003.
; Prints "CK=xxxxxxxx yyyyyyyy" (EDX, EAX) to port 0xE9, then writes port 0xF4.
; Code (0x7C00), stack (below 0x6000) and data (0x8000) sit on three different 4 KiB pages.
; The last 8 bytes of the image are the addresses of work_begin and work_end (for the benchmark's
; instruction count check).
%ifndef OUTER
%define OUTER 1
%endif
%ifndef INNER
%define INNER 50000
%endif
%if INNER % 2
%error INNER must be even
%endif

BUF      equ 0x8000
PAGE_DIR equ 0x20000
PAGE_TAB equ 0x21000

        bits 16
        org  0x7C00
start:
        cli
        xor  ax, ax
        mov  ds, ax
        mov  ss, ax
        mov  sp, 0x7000
        lgdt [gdt_desc]
        mov  eax, cr0
        or   eax, 1                     ; CR0.PE
        mov  cr0, eax
        jmp  dword 0x08:pm_entry        ; reload CS with the 32-bit code segment

        bits 32
pm_entry:
        mov  ax, 0x10
        mov  ds, ax
        mov  es, ax
        mov  ss, ax
        mov  fs, ax
        mov  gs, ax
        mov  esp, 0x6000
        ; Page table: 1024 entries mapping 0..4 MiB onto itself, present + writable (supervisor).
        mov  edi, PAGE_TAB
        mov  eax, 0x003
        mov  ecx, 1024
.pt:    mov  [edi], eax
        add  eax, 0x1000
        add  edi, 4
        loop .pt
        ; Page directory: entry 0 -> the page table, the rest not present.
        mov  edi, PAGE_DIR
        xor  eax, eax
        mov  ecx, 1024
        cld
        rep  stosd
        mov  dword [PAGE_DIR], PAGE_TAB | 0x003
        mov  eax, PAGE_DIR
        mov  cr3, eax
        mov  eax, cr0
        or   eax, 0x80000000            ; CR0.PG
        mov  cr0, eax
        jmp  work_begin

work_begin:
        mov  ebx, BUF                   ; setup: 5 instrs
        xor  esi, esi
        mov  edx, 0x12345678
        mov  ecx, 512
        mov  eax, 0x9e3779b9
wl_init:                                ; 5 instrs x 512
        mov  [ebx+esi], eax
        add  eax, 0x7f4a7c15
        add  esi, 4
        dec  ecx
        jnz  wl_init
        xor  esi, esi                   ; 1 instr
%if OUTER > 0
        mov  edi, OUTER                 ; 1 instr
wl_outer:                               ; 3 instrs per outer iteration (+ inner loop)
        mov  ecx, INNER
wl_inner:                               ; 14 instrs per iteration (+1 when ECX is even)
        mov  eax, [ebx+esi]             ;  load
        add  eax, ecx
        xor  eax, edx
        mov  [ebx+esi+4], eax           ;  store
        add  esi, 4
        and  esi, 0x7fc
        call wl_func                    ;  call -> 3 instrs incl. ret
        test cl, 1
        jnz  wl_odd
        add  edx, eax
wl_odd:
        dec  ecx
        jnz  wl_inner
        dec  edi
        jnz  wl_outer
%endif
        jmp  work_end                   ; 1 instr
wl_func:
        rol  eax, 1
        add  edx, eax
        ret
work_end:
        push eax
        mov  al, 'C'
        out  0xE9, al
        mov  al, 'K'
        out  0xE9, al
        mov  al, '='
        out  0xE9, al
        mov  eax, edx
        call puthex32
        mov  al, ' '
        out  0xE9, al
        pop  eax
        call puthex32
        mov  al, 10
        out  0xE9, al
        xor  al, al
        out  0xF4, al
.halt:  hlt
        jmp  .halt

puthex32:                               ; EAX as 8 upper-case hex digits
        mov  ecx, 8
.l:     rol  eax, 4
        push eax
        and  al, 0x0F
        add  al, '0'
        cmp  al, '9'
        jbe  .d
        add  al, 7
.d:     out  0xE9, al
        pop  eax
        loop .l
        ret

        align 8
gdt:    dq 0                            ; null
        dq 0x00CF9A000000FFFF           ; 0x08: code, base 0, limit 4 GiB, 32-bit, DPL 0
        dq 0x00CF92000000FFFF           ; 0x10: data, base 0, limit 4 GiB, writable, DPL 0
gdt_desc:
        dw gdt_desc - gdt - 1
        dd gdt

        dd work_begin, work_end         ; read by bench/cpu_bench.cpp
