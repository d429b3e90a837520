/* #DE (divide by zero, and INT_MIN / -1) raises SIGFPE with si_code FPE_INTDIV (1); si_addr is the
 * div instruction. Recovery with siglongjmp. */
#include "conf.h"

extern char at_div[], at_idiv[];
static sigjmp_buf env;
static volatile int got, code;
static void *addr;

static void h(int s, siginfo_t *si, void *c)
{
    (void)s;
    (void)c;
    code = si->si_code;
    addr = si->si_addr;
    got++;
    siglongjmp(env, 1);
}

int main(void)
{
    on_info(SIGFPE, h, 0);
    if (sigsetjmp(env, 1) == 0)
        __asm__ volatile("movl $7, %%eax\n xorl %%edx, %%edx\n xorl %%ecx, %%ecx\n"
                         ".globl at_div\nat_div: divl %%ecx" ::: "eax", "ecx", "edx", "memory");
    printf("divide by zero: handler runs %d si_code %d si_addr is the div %s\n", got, code,
           addr == (void *)at_div ? "yes" : "no");
    check(got == 1 && code == FPE_INTDIV && addr == (void *)at_div, "SIGFPE FPE_INTDIV");
    if (sigsetjmp(env, 1) == 0)
        __asm__ volatile("movl $0x80000000, %%eax\n cltd\n movl $-1, %%ecx\n"
                         ".globl at_idiv\nat_idiv: idivl %%ecx" ::: "eax", "ecx", "edx", "memory");
    printf("INT_MIN / -1: handler runs %d si_code %d si_addr is the idiv %s\n", got, code,
           addr == (void *)at_idiv ? "yes" : "no");
    check(got == 2 && code == FPE_INTDIV && addr == (void *)at_idiv, "overflow: SIGFPE FPE_INTDIV");
    printf("FPE_INTDIV %d\n", FPE_INTDIV);
    return done();
}
