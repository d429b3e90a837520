/* futex_conf.h — what the futex_*.c conformance programs share: the operation numbers, the
 * 32-bit timespec of the old futex system call (240 takes `long` seconds on i386; musl's struct
 * timespec is 64-bit), raw calls with a timeout or a count in the fourth argument, and EXPECT,
 * one call checked for its result and errno. */
#ifndef FUTEX_CONF_H
#define FUTEX_CONF_H
#include "conf.h"

struct ts32 {
    long tv_sec, tv_nsec;
};
enum { WAIT = 0, WAKE = 1, REQUEUE = 3, CMP_REQUEUE = 4, WAKE_OP = 5, WAIT_BITSET = 9, WAKE_BITSET = 10,
       PRIV = 128, CLOCK_RT = 256 };

/* futex(uaddr, op, val, timeout, uaddr2, val3), errno cleared first. */
static __attribute__((unused)) long fx(volatile void *ua, int op, int val, const void *t, volatile void *ua2,
                                       int val3)
{
    errno = 0;
    return syscall(SYS_futex, ua, op, val, t, ua2, val3);
}
/* The same with a count (val2: REQUEUE's nr_requeue, WAKE_OP's nr_wake2) in the fourth argument. */
static __attribute__((unused)) long fxn(volatile void *ua, int op, int val, long val2, volatile void *ua2,
                                        int val3)
{
    errno = 0;
    return syscall(SYS_futex, ua, op, val, val2, ua2, val3);
}
static __attribute__((unused)) const char *fn(int e) { return e == ETIMEDOUT ? "ETIMEDOUT" : errname(e); }

/* One futex call: prints its result, checks it is `want` (and errno `err` when want is -1). */
#define EXPECT(call, want, err, what)                                                   \
    do {                                                                                \
        long r_ = (call);                                                               \
        int e_ = errno;                                                                 \
        printf("%s: %ld %s\n", what, r_, r_ < 0 ? fn(e_) : "-");                        \
        check(r_ == (want) && (r_ >= 0 || e_ == (err)), what);                          \
    } while (0)
#endif
