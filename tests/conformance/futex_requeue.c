/* FUTEX_REQUEUE / FUTEX_CMP_REQUEUE with waiters in other processes (MAP_SHARED words A and B):
 * wake nr_wake waiters of A, move up to nr_requeue more onto B, return both counts together;
 * FUTEX_CMP_REQUEUE first compares *A with val3 (EAGAIN, nothing moves); a moved waiter is woken
 * by a wake of B only, in its turn at the end of B's queue; negative counts are EINVAL; a private
 * requeue does not see shared-key waiters. [host] */
#include "futex_conf.h"
#include <limits.h>
#include <sys/mman.h>

static int pfd[2];
static volatile int *A, *B;

static void waiter(volatile int *w, char id)
{
    pid_t c = xfork();
    if (c == 0) {
        put_byte(pfd[1], 'r');
        long r = fxn(w, WAIT, 0, 0, 0, 0);
        put_byte(pfd[1], r == 0 ? id : '!');
        _exit(0);
    }
    get_byte(pfd[0]);
    msleep(100);
}

/* One call: prints its result and the ids of the waiters that woke (`woke` of them, sorted). */
static void call(const char *what, long r, int e, int woke, long want, int want_err, const char *want_ids)
{
    char ids[8] = "";
    for (int i = 0; i < woke && i < 7; i++)
        ids[i] = get_byte(pfd[0]);
    for (int i = 0; ids[i]; i++)
        for (int j = i + 1; ids[j]; j++)
            if (ids[j] < ids[i]) {
                char t = ids[i];
                ids[i] = ids[j];
                ids[j] = t;
            }
    printf("%s: %ld %s, woke {%s}\n", what, r, r < 0 ? errname(e) : "-", ids);
    check(r == want && (r >= 0 || e == want_err) && strcmp(ids, want_ids) == 0, what);
}
#define CALL(what, expr, woke, want, err, ids)                                          \
    do {                                                                                \
        long r_ = (expr);                                                               \
        call(what, r_, errno, woke, want, err, ids);                                    \
    } while (0)

int main(void)
{
    volatile int *sh = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    check(sh != MAP_FAILED && pipe(pfd) == 0, "shared words and pipe");
    A = sh;
    B = sh + 1;
    CALL("FUTEX_REQUEUE, nobody waits", fxn(A, REQUEUE, 1, 1, B, 0), 0, 0, 0, "");
    CALL("FUTEX_CMP_REQUEUE, nobody waits, *A == val3", fxn(A, CMP_REQUEUE, 1, 1, B, 0), 0, 0, 0, "");
    CALL("FUTEX_REQUEUE nr_wake -1", fxn(A, REQUEUE, -1, 1, B, 0), 0, -1, EINVAL, "");
    CALL("FUTEX_REQUEUE nr_requeue -1", fxn(A, REQUEUE, 1, -1, B, 0), 0, -1, EINVAL, "");
    CALL("FUTEX_CMP_REQUEUE nr_wake -1 and *A != val3", fxn(A, CMP_REQUEUE, -1, 1, B, 5), 0, -1, EINVAL, "");

    waiter(A, 'a');
    waiter(A, 'b');
    waiter(A, 'c');
    waiter(A, 'd');
    waiter(B, 'e');
    CALL("FUTEX_CMP_REQUEUE, *A 0 != val3 5", fxn(A, CMP_REQUEUE, 1, 1, B, 5), 0, -1, EAGAIN, "");
    CALL("FUTEX_CMP_REQUEUE_PRIVATE (private key)", fxn(A, CMP_REQUEUE | PRIV, 1, 1, B, 0), 0, 0, 0, "");
    CALL("FUTEX_CMP_REQUEUE wake 1, requeue 1", fxn(A, CMP_REQUEUE, 1, 1, B, 0), 1, 2, 0, "a");
    CALL("FUTEX_REQUEUE wake 0, requeue 1", fxn(A, REQUEUE, 0, 1, B, 0), 0, 1, 0, "");
    CALL("FUTEX_WAKE A, 1", fxn(A, WAKE, 1, 0, 0, 0), 1, 1, 0, "d");
    CALL("FUTEX_WAKE A again", fxn(A, WAKE, INT_MAX, 0, 0, 0), 0, 0, 0, "");
    CALL("FUTEX_WAKE B, 2 (its own waiter first)", fxn(B, WAKE, 2, 0, 0, 0), 2, 2, 0, "be");
    CALL("FUTEX_WAKE B, INT_MAX", fxn(B, WAKE, INT_MAX, 0, 0, 0), 1, 1, 0, "c");

    waiter(A, 'f');
    waiter(A, 'g');
    waiter(A, 'h');
    CALL("FUTEX_REQUEUE wake 1, requeue 0", fxn(A, REQUEUE, 1, 0, B, 0), 1, 1, 0, "f");
    CALL("FUTEX_REQUEUE wake 0, requeue INT_MAX", fxn(A, REQUEUE, 0, INT_MAX, B, 0), 0, 2, 0, "");
    CALL("FUTEX_WAKE A", fxn(A, WAKE, INT_MAX, 0, 0, 0), 0, 0, 0, "");
    CALL("FUTEX_WAKE B", fxn(B, WAKE, INT_MAX, 0, 0, 0), 2, 2, 0, "gh");
    int st, ok = 0;
    while (wait(&st) > 0)
        ok += WIFEXITED(st) && WEXITSTATUS(st) == 0;
    printf("waiters done: %d\n", ok);
    check(ok == 8, "every waiter woken once");
    return done();
}
