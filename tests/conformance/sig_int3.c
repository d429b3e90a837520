/* int3 raises SIGTRAP with si_code SI_KERNEL (128) [host]. INT3 is a trap: the saved EIP is the
 * instruction after it, so returning from the handler simply continues. */
#include "conf.h"
#include <ucontext.h>

extern char after_int3[];
static volatile int got, code, signo;
static volatile unsigned eip;

static void h(int s, siginfo_t *si, void *ctx)
{
    ucontext_t *uc = ctx;
    signo = s;
    code = si->si_code;
    eip = uc->uc_mcontext.gregs[REG_EIP];
    got++;
}

int main(void)
{
    on_info(SIGTRAP, h, 0);
    __asm__ volatile("int3\n.globl after_int3\nafter_int3:" ::: "memory");
    printf("int3: signal %d si_code %d handler runs %d\n", signo, code, got);
    check(got == 1 && signo == SIGTRAP && code == SI_KERNEL, "SIGTRAP, SI_KERNEL");
    printf("saved eip is the next instruction: %s\n", eip == (unsigned)after_int3 ? "yes" : "no");
    check(eip == (unsigned)after_int3, "trap: eip after int3");
    /* int $3 (the two-byte form CD 03) is also SIGTRAP / SI_KERNEL. */
    __asm__ volatile(".byte 0xcd, 0x03" ::: "memory");
    printf("int $3: signal %d si_code %d handler runs %d\n", signo, code, got);
    check(got == 2 && signo == SIGTRAP && code == SI_KERNEL, "int $3: SIGTRAP, SI_KERNEL");
    return done();
}
