/* Futex wait timeouts: FUTEX_WAIT's is relative, FUTEX_WAIT_BITSET's absolute on CLOCK_MONOTONIC,
 * or on CLOCK_REALTIME with FUTEX_CLOCK_REALTIME (so a monotonic-clock time is long past there);
 * both end with ETIMEDOUT after about the time asked (coarse bounds only); futex_time64 (422)
 * takes a 64-bit timespec; a wake within the timeout returns 0; the timespec is checked before the
 * word (EINVAL, EFAULT beat EAGAIN); FUTEX_WAKE ignores the fourth argument. [host] */
#include "futex_conf.h"
#include <sys/mman.h>

static long long now_ms(clockid_t c)
{
    struct timespec t;
    clock_gettime(c, &t);
    return (long long)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}
static struct ts32 at(clockid_t c, long ms)
{
    struct timespec t;
    clock_gettime(c, &t);
    t.tv_nsec += (ms % 1000) * 1000000L;
    t.tv_sec += ms / 1000 + t.tv_nsec / 1000000000L;
    t.tv_nsec %= 1000000000L;
    struct ts32 r = {(long)t.tv_sec, t.tv_nsec};
    return r;
}
/* "between lo and hi ms": coarse facts only. */
static void took(long long ms, long lo, long hi, const char *what)
{
    char b[160];
    snprintf(b, sizeof b, "%s: took %ld ms or more, under %ld ms", what, lo, hi);
    check(ms >= lo && ms < hi, b);
}

static int word;

int main(void)
{
    long long t0;
    const struct ts32 r100 = {0, 100000000};
    t0 = now_ms(CLOCK_MONOTONIC);
    EXPECT(fx(&word, WAIT | PRIV, 0, &r100, 0, 0), -1, ETIMEDOUT, "FUTEX_WAIT_PRIVATE, 100 ms relative");
    took(now_ms(CLOCK_MONOTONIC) - t0, 90, 1000, "relative 100 ms");
    int *sh = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    t0 = now_ms(CLOCK_MONOTONIC);
    EXPECT(fx(sh, WAIT, 0, &r100, 0, 0), -1, ETIMEDOUT, "FUTEX_WAIT on MAP_SHARED, 100 ms relative");
    took(now_ms(CLOCK_MONOTONIC) - t0, 90, 1000, "shared, relative 100 ms");

    struct ts32 a = at(CLOCK_MONOTONIC, 150);
    t0 = now_ms(CLOCK_MONOTONIC);
    EXPECT(fx(&word, WAIT_BITSET | PRIV, 0, &a, 0, -1), -1, ETIMEDOUT,
           "FUTEX_WAIT_BITSET, CLOCK_MONOTONIC now + 150 ms");
    took(now_ms(CLOCK_MONOTONIC) - t0, 140, 1000, "absolute monotonic + 150 ms");
    a = at(CLOCK_REALTIME, 150);
    t0 = now_ms(CLOCK_MONOTONIC);
    EXPECT(fx(&word, WAIT_BITSET | PRIV | CLOCK_RT, 0, &a, 0, -1), -1, ETIMEDOUT,
           "FUTEX_WAIT_BITSET|FUTEX_CLOCK_REALTIME, CLOCK_REALTIME now + 150 ms");
    took(now_ms(CLOCK_MONOTONIC) - t0, 140, 1000, "absolute realtime + 150 ms");
    a = at(CLOCK_MONOTONIC, 150);
    t0 = now_ms(CLOCK_MONOTONIC);
    EXPECT(fx(&word, WAIT_BITSET | PRIV | CLOCK_RT, 0, &a, 0, -1), -1, ETIMEDOUT,
           "FUTEX_CLOCK_REALTIME given CLOCK_MONOTONIC now + 150 ms (long past)");
    took(now_ms(CLOCK_MONOTONIC) - t0, 0, 50, "a time in the past");
    a = at(CLOCK_MONOTONIC, 0);
    EXPECT(fx(&word, WAIT_BITSET | PRIV, 0, &a, 0, -1), -1, ETIMEDOUT, "FUTEX_WAIT_BITSET, the time it was");
    const struct ts32 one_ns = {0, 1};
    EXPECT(fx(&word, WAIT_BITSET | PRIV, 0, &one_ns, 0, -1), -1, ETIMEDOUT, "FUTEX_WAIT_BITSET, time 1 ns");
    EXPECT(fx(&word, WAIT_BITSET | PRIV, 1, &one_ns, 0, -1), -1, EAGAIN, "time 1 ns, other value");

    /* futex_time64: struct timespec as musl has it (64-bit tv_sec). */
    struct timespec t64 = {0, 100000000};
    t0 = now_ms(CLOCK_MONOTONIC);
    errno = 0;
    EXPECT(syscall(SYS_futex_time64, &word, WAIT | PRIV, 0, &t64, 0, 0), -1, ETIMEDOUT,
           "futex_time64 FUTEX_WAIT, 100 ms");
    took(now_ms(CLOCK_MONOTONIC) - t0, 90, 1000, "futex_time64 100 ms");
    struct timespec bad64 = {0, 1000000000};
    errno = 0;
    EXPECT(syscall(SYS_futex_time64, &word, WAIT | PRIV, 0, &bad64, 0, 0), -1, EINVAL,
           "futex_time64, tv_nsec 1000000000");

    const struct ts32 bad = {0, 1000000000}, negns = {0, -1}, negs = {-1, 0};
    EXPECT(fx(&word, WAIT | PRIV, 0, &bad, 0, 0), -1, EINVAL, "tv_nsec 1000000000");
    EXPECT(fx(&word, WAIT | PRIV, 0, &negns, 0, 0), -1, EINVAL, "tv_nsec -1");
    EXPECT(fx(&word, WAIT | PRIV, 0, &negs, 0, 0), -1, EINVAL, "tv_sec -1");
    EXPECT(fx(&word, WAIT_BITSET | PRIV, 0, &bad, 0, -1), -1, EINVAL, "FUTEX_WAIT_BITSET, tv_nsec 1000000000");
    EXPECT(fx(&word, WAIT | PRIV, 0, (void *)16, 0, 0), -1, EFAULT, "timeout at address 16");
    EXPECT(fx(&word, WAIT | PRIV, 1, &bad, 0, 0), -1, EINVAL, "bad timespec and other value: EINVAL first");
    EXPECT(fx(&word, WAIT | PRIV, 1, (void *)16, 0, 0), -1, EFAULT, "timeout at 16 and other value: EFAULT first");
    EXPECT(fx(&word, WAKE | PRIV, 1, (void *)16, 0, 0), 0, 0, "FUTEX_WAKE with a fourth argument of 16");

    /* A wake within the timeout. */
    pid_t c = xfork();
    if (c == 0) {
        msleep(50);
        sh[1] = (int)fx(sh, WAKE, 1, 0, 0, 0);
        _exit(0);
    }
    const struct ts32 two = {2, 0};
    t0 = now_ms(CLOCK_MONOTONIC);
    EXPECT(fx(sh, WAIT, 0, &two, 0, 0), 0, 0, "2 s wait, woken by another process after 50 ms");
    took(now_ms(CLOCK_MONOTONIC) - t0, 0, 1500, "woken before the timeout");
    wait_for(c, 0);
    printf("the waker's FUTEX_WAKE returned %d\n", sh[1]);
    check(sh[1] == 1, "one waiter woken");
    return done();
}
