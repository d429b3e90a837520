/* FUTEX_WAIT_BITSET / FUTEX_WAKE_BITSET, waiters in other processes on a MAP_SHARED word: a wake
 * takes only waiters whose bitset shares a bit with its own; FUTEX_WAIT waits with every bit set
 * (FUTEX_BITSET_MATCH_ANY) and FUTEX_WAKE wakes with every bit; a wake's count only counts matching
 * waiters, taken in arrival order; bitset 0 is EINVAL for both. [host] */
#include "futex_conf.h"
#include <limits.h>
#include <sys/mman.h>

static int pfd[2];
static volatile int *sh;

/* A child waiting on sh[0] with bitset bits (0: plain FUTEX_WAIT); writes its id when woken. */
static void waiter(char id, unsigned bits)
{
    pid_t c = xfork();
    if (c == 0) {
        put_byte(pfd[1], 'r');
        long r = bits ? fx(sh, WAIT_BITSET, 0, 0, 0, (int)bits) : fx(sh, WAIT, 0, 0, 0, 0);
        put_byte(pfd[1], r == 0 ? id : '!');
        _exit(0);
    }
    get_byte(pfd[0]);
    msleep(100);
}

/* A wake: prints its count and the ids of the waiters it woke (sorted). */
static void wake(const char *what, int op, int n, unsigned bits, long want, const char *want_ids)
{
    long r = fx(sh, op, n, 0, 0, (int)bits);
    char ids[8] = "";
    for (long i = 0; i < r && i < 7; i++)
        ids[i] = get_byte(pfd[0]);
    ids[r > 0 && r < 7 ? r : 0] = 0;
    for (int i = 0; ids[i]; i++)
        for (int j = i + 1; ids[j]; j++)
            if (ids[j] < ids[i]) {
                char t = ids[i];
                ids[i] = ids[j];
                ids[j] = t;
            }
    printf("%s: %ld, woke {%s}\n", what, r, ids);
    check(r == want && strcmp(ids, want_ids) == 0, what);
}

int main(void)
{
    sh = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    check(sh != MAP_FAILED && pipe(pfd) == 0, "shared word and pipe");
    errno = 0;
    long r = fx(sh, WAIT_BITSET, 0, 0, 0, 0);
    printf("FUTEX_WAIT_BITSET bitset 0: %ld %s\n", r, errname(errno));
    check(r == -1 && errno == EINVAL, "wait bitset 0: EINVAL");
    errno = 0;
    r = fx(sh, WAKE_BITSET, 1, 0, 0, 0);
    printf("FUTEX_WAKE_BITSET bitset 0: %ld %s\n", r, errname(errno));
    check(r == -1 && errno == EINVAL, "wake bitset 0: EINVAL");
    errno = 0;
    r = fx(sh, WAIT_BITSET | PRIV, 1, 0, 0, 0);
    printf("FUTEX_WAIT_BITSET bitset 0, other value: %ld %s\n", r, errname(errno));
    check(r == -1 && errno == EINVAL, "the bitset is checked before the word");

    waiter('a', 0x1);
    waiter('b', 0x2);
    waiter('c', 0);  /* plain FUTEX_WAIT */
    waiter('d', 0x6);
    waiter('e', 0x1);
    wake("FUTEX_WAKE_BITSET 0x8, INT_MAX", WAKE_BITSET, INT_MAX, 0x8, 1, "c");
    wake("FUTEX_WAKE_BITSET 0x10, INT_MAX", WAKE_BITSET, INT_MAX, 0x10, 0, "");
    wake("FUTEX_WAKE_BITSET 0x4, INT_MAX", WAKE_BITSET, INT_MAX, 0x4, 1, "d");
    wake("FUTEX_WAKE_BITSET 0x3, 1 waiter", WAKE_BITSET, 1, 0x3, 1, "a");
    wake("FUTEX_WAKE_BITSET 0x1, INT_MAX", WAKE_BITSET, INT_MAX, 0x1, 1, "e");
    wake("FUTEX_WAKE (any bit), INT_MAX", WAKE, INT_MAX, 0, 1, "b");
    wake("FUTEX_WAKE again", WAKE, INT_MAX, 0, 0, "");

    waiter('f', 0x80000000u);
    waiter('g', 0xffffffffu);
    wake("FUTEX_WAKE_BITSET 0x80000000, INT_MAX", WAKE_BITSET, INT_MAX, 0x80000000u, 2, "fg");
    int st, ok = 0;
    while (wait(&st) > 0)
        ok += WIFEXITED(st) && WEXITSTATUS(st) == 0;
    printf("waiters done: %d\n", ok);
    check(ok == 7, "every waiter was woken once");
    return done();
}
