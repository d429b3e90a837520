; programs/kernel/kernel.asm — the guest side of the mini OS (DESIGN.md §4).
;
; Loaded by os/kernel.cpp at physical 0x8000 and started in real mode at 0000:8000. It:
;   1. (real mode) programs the 8259A pair (ICW1-4: vectors 0x20/0x28, cascade on IR2, 8086 mode)
;      and PIT channel 0 (mode 2, the divisor from the boot block at 0x7000), loads the GDT and
;      the IDT, sets CR0.PE and far-jumps to 32-bit code;
;   2. (protected mode) loads CR3 with the boot page directory the loader built (identity 0-4 MiB
;      + all RAM at 0xC0000000), sets CR0.PG, jumps to the higher half, reloads GDTR/IDTR with
;      their virtual addresses, fills the IDT (a gate per vector pointing at that vector's stub),
;      loads TR, and enters the C++ kernel with a "boot" trap frame;
;   3. at run time: every vector's stub pushes an error code (0 when the CPU pushes none) and the
;      vector number, IRQ stubs send the EOI to the PIC (checking ISR for spurious IRQ7/IRQ15)
;      and the keyboard stub reads the scan code from port 0x60 into the error slot; `trap_common`
;      saves the registers as a trap frame (the layout of os/trapframe.h) and enters the C++
;      kernel with one `out dx, eax` to the host-call port with the frame's address in EAX; when
;      the kernel is done (it may have switched ESP to another process's kernel stack and CR3 to
;      its page directory), the registers are restored and IRET returns.
;
; The host-call port (0x0F80) is reachable only at CPL 0: user code runs with IOPL 0 and the TSS
; has no I/O permission bitmap, so an OUT from ring 3 is #GP (-> SIGSEGV).

KERNEL_VIRT  equ 0xC0000000
LOAD_PHYS    equ 0x8000
BOOT_BLOCK   equ 0x7000          ; written by the loader: see os/kernel.cpp BootBlock
HOSTCALL     equ 0x0F80
KCS          equ 0x08
KDS          equ 0x10
TSS_SEL      equ 0x28
STUB_SIZE    equ 16
BOOT_VECTOR  equ 0x100           ; not an x86 vector: the kernel's "boot" entry

        org KERNEL_VIRT + LOAD_PHYS
        bits 16

; ---- header read by the loader (offsets fixed: os/kernel.cpp ImageHeader) --------------------
image_start:
        jmp near start16                 ; 3 bytes
        align 4
header:
        dd 0x4B515249                    ; +4  'IRQK'
        dd gdt                           ; +8  virtual address of the GDT (9 descriptors)
        dd tss                           ; +12 virtual address of the TSS (104 bytes)
        dd idle_loop                     ; +16 ring-0 idle loop (sti; hlt; jmp)
        dd idle_stack_top                ; +20 top of the idle stack
        dd ret_from_kernel               ; +24 where a switched-to frame is popped and IRETed
        dd stubs                         ; +28 first vector stub (STUB_SIZE bytes each)
        dd image_end                     ; +32 end of the image (virtual)

; ---- 1. real mode ------------------------------------------------------------------------
start16:
        cli
        mov ax, LOAD_PHYS >> 4
        mov ds, ax
        mov ss, ax
        mov sp, boot_stack16_top - image_start
        ; 8259A master/slave: ICW1 edge, cascade, ICW4 needed; ICW2 vector base; ICW3 wiring;
        ; ICW4 8086 mode, normal EOI ([DS] "Initialization Command Words").
        mov al, 0x11
        out 0x20, al
        out 0xA0, al
        mov al, 0x20
        out 0x21, al
        mov al, 0x28
        out 0xA1, al
        mov al, 0x04                     ; master: a slave on IR2
        out 0x21, al
        mov al, 0x02                     ; slave: its cascade identity is 2
        out 0xA1, al
        mov al, 0x01
        out 0x21, al
        out 0xA1, al
        ; Masks from the boot block: only the lines the kernel drives are unmasked.
        push ds
        xor ax, ax
        mov ds, ax
        mov al, [BOOT_BLOCK + 4]
        out 0x21, al
        mov al, [BOOT_BLOCK + 5]
        out 0xA1, al
        ; PIT channel 0, lobyte/hibyte, mode 2 (rate generator), binary.
        mov al, 0x34
        out 0x43, al
        mov ax, [BOOT_BLOCK + 0]
        out 0x40, al
        mov al, ah
        out 0x40, al
        pop ds
        lgdt [gdt_ptr16 - image_start]
        lidt [idt_ptr16 - image_start]
        mov eax, cr0
        or eax, 1
        mov cr0, eax
        jmp dword KCS:(start32 - image_start + LOAD_PHYS)

; ---- 2. protected mode, paging off (running at physical addresses) ----------------------------
        bits 32
start32:
        mov ax, KDS
        mov ds, ax
        mov es, ax
        mov ss, ax
        xor ax, ax
        mov fs, ax
        mov gs, ax
        mov eax, [BOOT_BLOCK + 8]        ; boot page directory (physical)
        mov cr3, eax
        mov eax, cr0
        or eax, 0x80010000               ; PG | WP (the kernel honours read-only user pages)
        mov cr0, eax
        mov eax, higher_half
        jmp eax

higher_half:
        mov esp, boot_stack_top
        lgdt [gdt_ptr]
        lidt [idt_ptr]
        ; Fill the IDT: gate v -> stubs + v*STUB_SIZE, 32-bit interrupt gates (IF cleared),
        ; DPL 0 except INT3, INTO and INT 0x80, which user code may raise (DPL 3).
        xor ecx, ecx
.gate:
        mov eax, ecx
        shl eax, 4                       ; * STUB_SIZE
        add eax, stubs
        mov edx, eax
        and eax, 0x0000FFFF
        or eax, KCS << 16                ; selector | offset 15..0
        and edx, 0xFFFF0000
        or edx, 0x8E00                   ; P, DPL 0, 32-bit interrupt gate
        cmp ecx, 3
        je .user
        cmp ecx, 4
        je .user
        cmp ecx, 0x80
        jne .store
.user:
        or edx, 0x6000                   ; DPL 3
.store:
        mov [idt + ecx*8], eax
        mov [idt + ecx*8 + 4], edx
        inc ecx
        cmp ecx, 256
        jb .gate
        mov ax, TSS_SEL
        ltr ax
        ; Enter the kernel with a boot frame: it creates the first processes and switches to one.
        pushfd
        push dword KCS
        push dword idle_loop
        push dword 0
        push dword BOOT_VECTOR
        jmp trap_common

; ---- idle: the kernel switches here when nothing is runnable -------------------------------
idle_loop:
        sti
        hlt
        jmp idle_loop

; ---- 3. vector stubs --------------------------------------------------------------------------
; Vectors whose exceptions push an error code (PRM Table 9-7): 8, 10-14, 17.
        align STUB_SIZE
stubs:
%assign v 0
%rep 256
        align STUB_SIZE
%if v == 8 || (v >= 10 && v <= 14) || v == 17
        push dword v
        jmp trap_common
%elif v >= 0x20 && v <= 0x2F
        push dword 0
        push dword v
        jmp irq_common
%else
        push dword 0
        push dword v
        jmp trap_common
%endif
%assign v v+1
%endrep

; IRQ entry: read the keyboard's scan code, then the EOI (8259A [DS] "End of Interrupt"): to the
; slave and the master for IRQ8-15, the master alone for IRQ0-7. IRQ7/IRQ15 first read the ISR
; (OCW3 0x0B): without its bit 7 the request was spurious and gets no EOI of its own (a spurious
; IRQ15 still ends the master's IR2 cycle). The error slot then holds 0xFFFFFFFF for the kernel.
irq_common:
        push eax
        mov eax, [esp + 4]               ; the vector
        cmp eax, 0x21
        jne .not_keyboard
        in al, 0x60
        movzx eax, al
        mov [esp + 8], eax               ; scan code into the error-code slot
        mov eax, [esp + 4]
.not_keyboard:
        cmp eax, 0x27
        je .irq7
        cmp eax, 0x2F
        je .irq15
        cmp eax, 0x28
        jb .eoi_master
.eoi_slave:
        mov al, 0x20
        out 0xA0, al
.eoi_master:
        mov al, 0x20
        out 0x20, al
        pop eax
        jmp trap_common
.irq7:
        mov al, 0x0B
        out 0x20, al
        in al, 0x20
        test al, 0x80
        jnz .eoi_master
        mov dword [esp + 8], 0xFFFFFFFF
        pop eax
        jmp trap_common
.irq15:
        mov al, 0x0B
        out 0xA0, al
        in al, 0xA0
        test al, 0x80
        jnz .eoi_slave
        mov dword [esp + 8], 0xFFFFFFFF
        jmp .eoi_master

; The trap frame (os/trapframe.h), lowest address first:
;   ebx ecx edx esi edi ebp eax ds es fs gs vector error eip cs eflags [esp ss]
trap_common:
        push gs
        push fs
        push es
        push ds
        push eax
        push ebp
        push edi
        push esi
        push edx
        push ecx
        push ebx
        cld
        mov ax, KDS
        mov ds, ax
        mov es, ax
        mov eax, esp
        mov dx, HOSTCALL
        out dx, eax                      ; the host call: the C++ kernel runs here
ret_from_kernel:
        pop ebx
        pop ecx
        pop edx
        pop esi
        pop edi
        pop ebp
        pop eax
        pop ds
        pop es
        pop fs
        pop gs
        add esp, 8                       ; vector and error code
        iret

; ---- tables -------------------------------------------------------------------------------
        align 8
gdt:
        dq 0                             ; 0x00 null
        dq 0x00CF9A000000FFFF            ; 0x08 kernel code: base 0, 4 GiB, DPL 0
        dq 0x00CF92000000FFFF            ; 0x10 kernel data
        dq 0x00CFFA000000FFFF            ; 0x1B user code: DPL 3
        dq 0x00CFF2000000FFFF            ; 0x23 user data
        dq 0                             ; 0x28 TSS (the loader writes the descriptor)
        dq 0, 0, 0                       ; 0x33 0x3B 0x43 TLS slots (set_thread_area)
gdt_end:
gdt_ptr16:
        dw gdt_end - gdt - 1
        dd gdt - image_start + LOAD_PHYS
gdt_ptr:
        dw gdt_end - gdt - 1
        dd gdt
        align 8
idt_ptr16:
        dw 256 * 8 - 1
        dd idt - image_start + LOAD_PHYS
idt_ptr:
        dw 256 * 8 - 1
        dd idt
        align 8
tss:
        times 104 db 0                   ; SS0/ESP0 written by the kernel; I/O map base set by it
        align 8
idt:
        times 256 * 8 db 0
        align 16
        times 1024 db 0
boot_stack_top:
        times 512 db 0
boot_stack16_top:
        times 1024 db 0
idle_stack_top:
image_end:
