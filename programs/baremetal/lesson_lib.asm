; programs/baremetal/lesson_lib.asm — routines shared by the interrupt lessons (scenarios/*.yaml).
; Included at the END of each lesson (after its code); the constants and macros it uses are in
; lesson_defs.asm, included at the top. See lesson_defs.asm for the list of routines.

putc:   out  CONSOLE, al
        ret

puts:   push ax
        push si
.next:  lodsb
        test al, al
        jz   .done
        out  CONSOLE, al
        jmp  .next
.done:  pop  si
        pop  ax
        ret

print_hex16:
        xchg al, ah
        call print_hex8
        xchg al, ah
        ; fall through: the low byte
print_hex8:
        push ax
        push ax
        shr  al, 4
        call .digit
        pop  ax
        and  al, 0x0F
        call .digit
        pop  ax
        ret
.digit: add  al, '0'
        cmp  al, '9'
        jbe  .out
        add  al, 'A' - '0' - 10
.out:   out  CONSOLE, al
        ret

print_dec:
        push ax
        push bx
        push cx
        push dx
        mov  bx, 10
        xor  cx, cx
.div:   xor  dx, dx
        div  bx
        push dx
        inc  cx
        test ax, ax
        jnz  .div
.put:   pop  ax
        add  al, '0'
        out  CONSOLE, al
        loop .put
        pop  dx
        pop  cx
        pop  bx
        pop  ax
        ret

; The classic teaching-OS PIC set-up (8259A datasheet, "Initialization Command Words").
pic_init:
        push ax
        mov  al, 0x11           ; ICW1: edge triggered, cascade, ICW4 needed
        out  PIC1_CMD, al
        out  PIC2_CMD, al
        mov  al, MASTER_BASE    ; ICW2: vector base
        out  PIC1_DATA, al
        mov  al, SLAVE_BASE
        out  PIC2_DATA, al
        mov  al, 0x04           ; ICW3 master: a slave on IR2 (bit mask)
        out  PIC1_DATA, al
        mov  al, 0x02           ; ICW3 slave: my cascade identity is 2
        out  PIC2_DATA, al
        mov  al, 0x01           ; ICW4: 8086 mode, normal EOI
        out  PIC1_DATA, al
        out  PIC2_DATA, al
        mov  al, bl             ; OCW1: the masks
        out  PIC1_DATA, al
        mov  al, bh
        out  PIC2_DATA, al
        pop  ax
        ret
