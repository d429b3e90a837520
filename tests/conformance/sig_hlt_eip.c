/* hlt, cli and other privileged instructions in user mode raise SIGSEGV with si_code SI_KERNEL
 * (128) [host], si_addr 0. The fault leaves EIP at the instruction; the handler moves the saved
 * EIP in the ucontext past it (uc_mcontext.gregs[REG_EIP] += 1) and returns, and execution resumes
 * after it. */
#include "conf.h"
#include <ucontext.h>

extern char at_hlt[], at_cli[], at_out[];
static volatile int got, code;
static volatile unsigned eip;
static void *addr;

static void h(int s, siginfo_t *si, void *ctx)
{
    (void)s;
    ucontext_t *uc = ctx;
    code = si->si_code;
    addr = si->si_addr;
    eip = uc->uc_mcontext.gregs[REG_EIP];
    uc->uc_mcontext.gregs[REG_EIP] += 1; /* hlt, cli and out %al,%dx are one byte */
    got++;
}

int main(void)
{
    on_info(SIGSEGV, h, 0);
    __asm__ volatile(".globl at_hlt\nat_hlt: hlt" ::: "memory");
    printf("hlt: handler runs %d si_code %d si_addr 0 %s eip at hlt %s\n", got, code,
           addr == 0 ? "yes" : "no", eip == (unsigned)at_hlt ? "yes" : "no");
    check(got == 1 && code == SI_KERNEL && eip == (unsigned)at_hlt, "hlt: SIGSEGV SI_KERNEL");
    __asm__ volatile(".globl at_cli\nat_cli: cli" ::: "memory");
    printf("cli: handler runs %d si_code %d eip at cli %s\n", got, code, eip == (unsigned)at_cli ? "yes" : "no");
    check(got == 2 && code == SI_KERNEL && eip == (unsigned)at_cli, "cli: SIGSEGV SI_KERNEL");
    __asm__ volatile("movl $0x80, %%edx\n.globl at_out\nat_out: outb %%al, %%dx" ::: "edx", "memory");
    printf("out: handler runs %d si_code %d eip at out %s\n", got, code, eip == (unsigned)at_out ? "yes" : "no");
    check(got == 3 && code == SI_KERNEL && eip == (unsigned)at_out, "out: SIGSEGV SI_KERNEL");
    printf("resumed after all three\n");
    return done();
}
