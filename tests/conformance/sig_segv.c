/* Page faults in user mode raise SIGSEGV: a write to an unmapped page (NULL, 0x10) gives
 * SEGV_MAPERR (1) with si_addr the faulting address; a write to a read-only page (.rodata) gives
 * SEGV_ACCERR (2). Recovery with siglongjmp. */
#include "conf.h"

static sigjmp_buf env;
static volatile int got, code;
static void *addr;
static const char rodata[4096] __attribute__((aligned(4096))) = "read only";

static void h(int s, siginfo_t *si, void *c)
{
    (void)s;
    (void)c;
    code = si->si_code;
    addr = si->si_addr;
    got++;
    siglongjmp(env, 1);
}

static void store(volatile void *p)
{
    if (sigsetjmp(env, 1) == 0)
        __asm__ volatile("movl $1, (%0)" ::"r"(p) : "memory");
}

int main(void)
{
    on_info(SIGSEGV, h, 0);
    store(0);
    printf("write to NULL: runs %d si_code %d si_addr NULL %s\n", got, code, addr == 0 ? "yes" : "no");
    check(got == 1 && code == SEGV_MAPERR && addr == 0, "SEGV_MAPERR at 0");
    store((void *)0x10);
    printf("write to 0x10: runs %d si_code %d si_addr 0x%lx\n", got, code, (unsigned long)addr);
    check(got == 2 && code == SEGV_MAPERR && addr == (void *)0x10, "SEGV_MAPERR at 0x10");
    store((void *)(rodata + 8));
    printf("write to .rodata: runs %d si_code %d si_addr is the target %s\n", got, code,
           addr == (void *)(rodata + 8) ? "yes" : "no");
    check(got == 3 && code == SEGV_ACCERR && addr == (void *)(rodata + 8), "SEGV_ACCERR");
    int v = 0;
    if (sigsetjmp(env, 1) == 0)
        __asm__ volatile("movl 0x20, %0" : "=r"(v)::"memory");
    printf("read of 0x20: runs %d si_code %d si_addr 0x%lx\n", got, code, (unsigned long)addr);
    check(got == 4 && code == SEGV_MAPERR && addr == (void *)0x20, "read fault too");
    printf("SEGV_MAPERR %d SEGV_ACCERR %d, text intact: %s\n", SEGV_MAPERR, SEGV_ACCERR, rodata);
    return done() + v;
}
