/* FUTEX_WAKE counts, with waiters in other processes on a MAP_SHARED word: it wakes at most val
 * waiters and returns how many it woke; val 0 and val -1 still wake one (Linux's `++ret >=
 * nr_wake`); INT_MAX wakes all; waiters of one word are woken first come, first served; a wake of
 * another word of the same page wakes nobody. [host] */
#include "futex_conf.h"
#include <limits.h>
#include <sys/mman.h>

#define EXPECT_N(call, want, what)                                                        \
    do {                                                                                \
        long r_ = (call);                                                               \
        int e_ = errno;                                                                 \
        printf("%s: %ld %s\n", what, r_, r_ < 0 ? errname(e_) : "-");                   \
        check(r_ == (want), what);                                                      \
    } while (0)

static int pfd[2];

/* A child that waits on *w (value 0) and then writes its id to the pipe; the parent hears that
 * it is about to wait, then gives it 100 ms to get there. */
static void waiter(volatile int *w, char id)
{
    pid_t c = xfork();
    if (c == 0) {
        put_byte(pfd[1], 'r');
        long r = fx(w, WAIT, 0, 0, 0, 0);
        put_byte(pfd[1], r == 0 ? id : '!');
        _exit(0);
    }
    get_byte(pfd[0]);
    msleep(100);
}

static int reap(void)
{
    int st, ok = 0;
    while (wait(&st) > 0)
        ok += WIFEXITED(st) && WEXITSTATUS(st) == 0;
    return ok;
}

int main(void)
{
    volatile int *sh = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    check(sh != MAP_FAILED && pipe(pfd) == 0, "shared page and pipe");
    waiter(sh, 'a');
    waiter(sh, 'b');
    waiter(sh, 'c');
    EXPECT_N(fx(sh + 1, WAKE, INT_MAX, 0, 0, 0), 0, "wake another word of the page");
    EXPECT_N(fx(sh, WAKE, 1, 0, 0, 0), 1, "wake 1 of 3");
    char w1 = get_byte(pfd[0]);
    EXPECT_N(fx(sh, WAKE, 0, 0, 0, 0), 1, "wake val 0 (of 2)");
    char w2 = get_byte(pfd[0]);
    EXPECT_N(fx(sh, WAKE, -1, 0, 0, 0), 1, "wake val -1 (of 1)");
    char w3 = get_byte(pfd[0]);
    printf("woken in order: %c %c %c\n", w1, w2, w3);
    check(w1 == 'a' && w2 == 'b' && w3 == 'c', "first come, first woken");
    EXPECT_N(fx(sh, WAKE, INT_MAX, 0, 0, 0), 0, "wake with nobody left");
    int ok = reap();
    printf("waiters that returned 0: %d\n", ok);
    check(ok == 3, "each woken wait returned 0");

    waiter(sh, 'd');
    waiter(sh, 'e');
    waiter(sh, 'f');
    waiter(sh, 'g');
    EXPECT_N(fx(sh, WAKE, 2, 0, 0, 0), 2, "wake 2 of 4");
    get_byte(pfd[0]);
    get_byte(pfd[0]);
    EXPECT_N(fx(sh, WAKE, INT_MAX, 0, 0, 0), 2, "wake INT_MAX (the other 2)");
    get_byte(pfd[0]);
    get_byte(pfd[0]);
    EXPECT_N(fx(sh, WAKE, INT_MAX, 0, 0, 0), 0, "then nobody");
    ok = reap();
    printf("waiters that returned 0: %d\n", ok);
    check(ok == 4, "all woken");
    return done();
}
