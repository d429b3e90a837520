/* sigreturn restores every general register from the frame: an int3 handler that changes EAX and
 * ESI in the ucontext is seen by the interrupted code, and the registers it did not touch keep
 * their values across the signal. */
#include "conf.h"
#include <ucontext.h>

static volatile unsigned saw_ebx;
static void h(int s, siginfo_t *si, void *ctx)
{
    (void)s;
    (void)si;
    ucontext_t *uc = ctx;
    saw_ebx = uc->uc_mcontext.gregs[REG_EBX];
    uc->uc_mcontext.gregs[REG_EAX] = 0x1234;
    uc->uc_mcontext.gregs[REG_ESI] = 0x5678;
}

int main(void)
{
    on_info(SIGTRAP, h, 0);
    unsigned eax = 1, esi = 2, ebx = 0xabcd, edx = 0x77;
    __asm__ volatile("int3" : "+a"(eax), "+S"(esi), "+b"(ebx), "+d"(edx)::"memory");
    printf("handler saw EBX 0x%x\n", saw_ebx);
    printf("after return: EAX 0x%x ESI 0x%x EBX 0x%x EDX 0x%x\n", eax, esi, ebx, edx);
    check(saw_ebx == 0xabcd, "frame holds the registers");
    check(eax == 0x1234 && esi == 0x5678, "edited registers restored");
    check(ebx == 0xabcd && edx == 0x77, "other registers kept");
    return done();
}
