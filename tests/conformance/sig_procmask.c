/* sigprocmask: SIG_BLOCK 0, SIG_UNBLOCK 1, SIG_SETMASK 2; an invalid how is EINVAL; blocking all 64
 * signals leaves KILL (bit 8) and STOP (bit 18) out, silently. Raw rt_sigprocmask shows the kernel's
 * 64-bit mask (musl hides its internal signals 32..34 in the libc call). The word for 33..64 is
 * printed without 63 and 64, which sig_rt_high covers. */
#include "conf.h"

static int raw(int how, const unsigned *set, unsigned *old)
{
    return syscall(SYS_rt_sigprocmask, how, set, old, 8) == 0 ? 0 : errno;
}

int main(void)
{
    printf("SIG_BLOCK %d SIG_UNBLOCK %d SIG_SETMASK %d\n", SIG_BLOCK, SIG_UNBLOCK, SIG_SETMASK);
    check(SIG_BLOCK == 0 && SIG_UNBLOCK == 1 && SIG_SETMASK == 2, "how values");
    unsigned all[2] = {0xffffffffu, 0xffffffffu}, none[2] = {0, 0}, cur[2];
    int e = raw(SIG_SETMASK, all, NULL);
    raw(SIG_BLOCK, NULL, cur);
    /* Signals 63 and 64 are left to sig_rt_high (qemu-user cannot block them). */
    printf("after blocking all: signals 1..32 %08x, 33..62 %08x (%s)\n", cur[0], cur[1] & 0x3fffffffu,
           errname(e));
    check(e == 0 && cur[0] == 0xfffbfeffu && (cur[1] & 0x3fffffffu) == 0x3fffffffu,
          "KILL and STOP left out");
    raw(SIG_SETMASK, none, NULL);
    unsigned two[2] = {1u << (SIGUSR1 - 1) | 1u << (SIGUSR2 - 1), 0}, one[2] = {1u << (SIGUSR1 - 1), 0};
    raw(SIG_BLOCK, two, NULL);
    raw(SIG_UNBLOCK, one, cur);
    printf("old mask before unblock: %08x\n", cur[0]);
    raw(SIG_BLOCK, NULL, cur);
    printf("block {10 12}, unblock {10}: %08x\n", cur[0]);
    check(cur[0] == 1u << (SIGUSR2 - 1), "block then unblock");
    raw(SIG_SETMASK, one, cur);
    printf("setmask {10}: old %08x", cur[0]);
    raw(SIG_BLOCK, NULL, cur);
    printf(" new %08x\n", cur[0]);
    check(cur[0] == 1u << (SIGUSR1 - 1), "setmask replaces");
    e = raw(3, one, NULL);
    printf("how 3: %s\n", errname(e));
    check(e == EINVAL, "invalid how EINVAL");
    e = raw(3, NULL, cur);
    printf("how 3 without a set: %s\n", errname(e));
    check(e == 0, "how is not checked without a set");
    sigset_t s;
    sigemptyset(&s);
    sigaddset(&s, SIGTERM);
    errno = 0;
    int r = sigprocmask(SIG_SETMASK, &s, NULL);
    print_mask("libc setmask {15}: mask");
    check(r == 0 && is_blocked(SIGTERM) && !is_blocked(SIGUSR1), "libc sigprocmask");
    return done();
}
