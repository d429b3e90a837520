/* futex(2) errors: an unaligned address is EINVAL (uaddr, and uaddr2 of the requeue and wake-op
 * calls); an address with no readable page is EFAULT for a wait, and for a shared-flag wake, but
 * a FUTEX_WAKE_PRIVATE there just wakes nobody (0); a shared-flag op on a read-only anonymous page
 * is EFAULT (a private one reads it); the flag FUTEX_CLOCK_REALTIME is ENOSYS except with
 * FUTEX_WAIT_BITSET; an unknown op (FUTEX_FD, 14, 127, stray high bits) is ENOSYS; bitset 0 is
 * EINVAL before the word is read. [host] */
#include "futex_conf.h"
#include <sys/mman.h>

static int words[4];
static const int rodata_word = 5;

int main(void)
{
    const struct ts32 zero = {0, 0};
    char *w = (char *)words;
    EXPECT(fx(w + 1, WAIT | PRIV, 0, 0, 0, 0), -1, EINVAL, "FUTEX_WAIT_PRIVATE at word + 1");
    EXPECT(fx(w + 2, WAIT, 0, 0, 0, 0), -1, EINVAL, "FUTEX_WAIT at word + 2");
    EXPECT(fx(w + 3, WAIT | PRIV, 1, 0, 0, 0), -1, EINVAL, "unaligned, other value: EINVAL first");
    EXPECT(fx(w + 1, WAKE | PRIV, 1, 0, 0, 0), -1, EINVAL, "FUTEX_WAKE_PRIVATE at word + 1");
    EXPECT(fx(w + 2, WAKE, 1, 0, 0, 0), -1, EINVAL, "FUTEX_WAKE at word + 2");
    EXPECT(fx((void *)1, WAIT | PRIV, 0, 0, 0, 0), -1, EINVAL, "FUTEX_WAIT at address 1 (unaligned, unmapped)");
    EXPECT(fx(words, REQUEUE | PRIV, 1, (void *)1, w + 1, 0), -1, EINVAL, "FUTEX_REQUEUE to word + 1");
    EXPECT(fx(w + 1, CMP_REQUEUE | PRIV, 1, (void *)1, words, 0), -1, EINVAL, "FUTEX_CMP_REQUEUE from word + 1");
    EXPECT(fx(words, WAKE_OP | PRIV, 1, (void *)1, w + 2, 0), -1, EINVAL, "FUTEX_WAKE_OP, uaddr2 word + 2");

    EXPECT(fx(NULL, WAIT | PRIV, 0, 0, 0, 0), -1, EFAULT, "FUTEX_WAIT_PRIVATE at NULL");
    EXPECT(fx(NULL, WAIT, 0, 0, 0, 0), -1, EFAULT, "FUTEX_WAIT at NULL");
    EXPECT(fx(NULL, WAKE | PRIV, 1, 0, 0, 0), 0, 0, "FUTEX_WAKE_PRIVATE at NULL");
    EXPECT(fx(NULL, WAKE, 1, 0, 0, 0), -1, EFAULT, "FUTEX_WAKE at NULL");
    EXPECT(fx(NULL, CMP_REQUEUE | PRIV, 1, (void *)1, words, 0), -1, EFAULT, "FUTEX_CMP_REQUEUE_PRIVATE from NULL");
    EXPECT(fx(words, REQUEUE | PRIV, 1, (void *)1, NULL, 0), 0, 0, "FUTEX_REQUEUE_PRIVATE to NULL");
    EXPECT(fx(words, REQUEUE, 1, (void *)1, NULL, 0), -1, EFAULT, "FUTEX_REQUEUE to NULL");

    int *none = mmap(NULL, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    EXPECT(fx(none, WAIT | PRIV, 0, 0, 0, 0), -1, EFAULT, "FUTEX_WAIT_PRIVATE on PROT_NONE");
    EXPECT(fx(none, WAKE, 1, 0, 0, 0), -1, EFAULT, "FUTEX_WAKE on PROT_NONE");
    EXPECT(fx(none, WAKE | PRIV, 1, 0, 0, 0), 0, 0, "FUTEX_WAKE_PRIVATE on PROT_NONE");
    int *ro = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    EXPECT(fx(ro, WAIT | PRIV, 0, &zero, 0, 0), -1, ETIMEDOUT, "FUTEX_WAIT_PRIVATE on read-only anonymous");
    EXPECT(fx(ro, WAIT, 0, &zero, 0, 0), -1, EFAULT, "FUTEX_WAIT on read-only anonymous");
    EXPECT(fx(ro, WAKE, 1, 0, 0, 0), -1, EFAULT, "FUTEX_WAKE on read-only anonymous");
    int *rw = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    rw[0] = 3;
    mprotect(rw, 4096, PROT_READ);
    EXPECT(fx(rw, WAKE, 1, 0, 0, 0), -1, EFAULT, "FUTEX_WAKE on a written page made read-only");
    EXPECT(fx(rw, WAIT | PRIV, 4, 0, 0, 0), -1, EAGAIN, "FUTEX_WAIT_PRIVATE there reads it");
    EXPECT(fx((void *)&rodata_word, WAKE, 1, 0, 0, 0), 0, 0, "FUTEX_WAKE on read-only program data");
    EXPECT(fx((void *)&rodata_word, WAIT, 5, &zero, 0, 0), -1, ETIMEDOUT, "FUTEX_WAIT there, zero timeout");
    int *shro = mmap(NULL, 4096, PROT_READ, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    EXPECT(fx(shro, WAIT, 0, &zero, 0, 0), -1, ETIMEDOUT, "FUTEX_WAIT on read-only MAP_SHARED");
    munmap(rw, 4096);
    EXPECT(fx(rw, WAKE, 1, 0, 0, 0), -1, EFAULT, "FUTEX_WAKE on an unmapped page");
    EXPECT(fx(rw, WAKE | PRIV, 1, 0, 0, 0), 0, 0, "FUTEX_WAKE_PRIVATE on an unmapped page");
    EXPECT(fx(rw, WAIT | PRIV, 0, 0, 0, 0), -1, EFAULT, "FUTEX_WAIT_PRIVATE on an unmapped page");

    EXPECT(fx(words, WAKE | PRIV | CLOCK_RT, 1, 0, 0, 0), -1, ENOSYS, "FUTEX_WAKE|FUTEX_CLOCK_REALTIME");
    EXPECT(fx(words, WAIT | PRIV | CLOCK_RT, 1, 0, 0, 0), -1, ENOSYS, "FUTEX_WAIT|FUTEX_CLOCK_REALTIME");
    EXPECT(fx(words, REQUEUE | PRIV | CLOCK_RT, 1, 0, words + 1, 0), -1, ENOSYS, "FUTEX_REQUEUE|FUTEX_CLOCK_REALTIME");
    EXPECT(fx(words, WAIT_BITSET | PRIV | CLOCK_RT, 1, 0, 0, -1), -1, EAGAIN,
           "FUTEX_WAIT_BITSET|FUTEX_CLOCK_REALTIME, other value");
    EXPECT(fx(words, 2, 0, 0, 0, 0), -1, ENOSYS, "FUTEX_FD (2)");
    EXPECT(fx(words, 14, 0, 0, 0, 0), -1, ENOSYS, "op 14");
    EXPECT(fx(words, 127, 0, 0, 0, 0), -1, ENOSYS, "op 127");
    EXPECT(fx(words, 0x201, 1, 0, 0, 0), -1, ENOSYS, "FUTEX_WAKE | 0x200");
    EXPECT(fx(words, (int)0x80000001u, 1, 0, 0, 0), -1, ENOSYS, "FUTEX_WAKE | 0x80000000");
    EXPECT(fx(words, 0x200, 1, 0, 0, 0), -1, ENOSYS, "FUTEX_WAIT | 0x200, other value");

    EXPECT(fx(words, WAIT_BITSET | PRIV, 0, 0, 0, 0), -1, EINVAL, "FUTEX_WAIT_BITSET, bitset 0");
    EXPECT(fx(words, WAIT_BITSET | PRIV, 1, 0, 0, 0), -1, EINVAL, "bitset 0 and other value: EINVAL");
    EXPECT(fx(NULL, WAIT_BITSET | PRIV, 0, 0, 0, 0), -1, EINVAL, "bitset 0 at NULL: EINVAL");
    EXPECT(fx(words, WAKE_BITSET | PRIV, 1, 0, 0, 0), -1, EINVAL, "FUTEX_WAKE_BITSET, bitset 0");
    EXPECT(fx(NULL, WAKE_BITSET, 1, 0, 0, 0), -1, EINVAL, "FUTEX_WAKE_BITSET, bitset 0, at NULL");
    EXPECT(fx(words, WAKE_BITSET | PRIV, 1, 0, 0, 1), 0, 0, "FUTEX_WAKE_BITSET, bitset 1, nobody waits");
    return done();
}
