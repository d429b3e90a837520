/* A futex wait interrupted by a caught signal. Without a timeout Linux returns -ERESTARTSYS: EINTR
 * without SA_RESTART, and with SA_RESTART the wait is restarted (it reads the word again: EAGAIN
 * if the handler changed it, else it waits on until a wake, then 0). With a timeout (FUTEX_WAIT
 * relative, FUTEX_WAIT_BITSET absolute) it fails EINTR even with SA_RESTART (a restart block,
 * which only a stop and continue would restart). An ignored or blocked signal does not end the
 * wait; a stop and continue of an untimed wait restarts it. [host] */
#include "futex_conf.h"
#include <sys/mman.h>

static volatile int *sh;  /* MAP_SHARED: [0] the futex word, [1] a child's report */
static volatile int hits;
static volatile int *change_in_handler;
static void h(int s)
{
    (void)s;
    hits++;
    if (change_in_handler)
        *change_in_handler = 1;
}

/* A wait under a 50 ms SIGALRM; a child wakes the word after wake_ms (0: never). */
static void run(const char *what, int op, int val, const void *t, int v3, int wake_ms, long want, int want_err,
                int want_hits)
{
    pid_t c = 0;
    if (wake_ms) {
        c = xfork();
        if (c == 0) {
            msleep(wake_ms);
            sh[1] = (int)fx(sh, WAKE, 1, 0, 0, 0);
            _exit(0);
        }
    }
    hits = 0;
    timer_ms(50);
    long r = fx(sh, op, val, t, 0, v3);
    int e = errno;
    timer_ms(0);
    if (c)
        wait_for(c, 0);
    printf("%s: %ld %s, handler ran %d\n", what, r, r < 0 ? fn(e) : "-", hits);
    check(r == want && (r >= 0 || e == want_err) && hits == want_hits, what);
}

static struct ts32 mono_in(long ms)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    t.tv_nsec += (ms % 1000) * 1000000L;
    t.tv_sec += ms / 1000 + t.tv_nsec / 1000000000L;
    t.tv_nsec %= 1000000000L;
    struct ts32 r = {(long)t.tv_sec, t.tv_nsec};
    return r;
}

int main(void)
{
    sh = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    check(sh != MAP_FAILED, "MAP_SHARED word");
    const struct ts32 two = {2, 0};
    struct ts32 abs2;

    on(SIGALRM, h, 0);
    run("untimed FUTEX_WAIT, handler without SA_RESTART", WAIT, 0, 0, 0, 0, -1, EINTR, 1);
    run("untimed FUTEX_WAIT_PRIVATE, handler without SA_RESTART", WAIT | PRIV, 0, 0, 0, 0, -1, EINTR, 1);
    run("untimed FUTEX_WAIT_BITSET, handler without SA_RESTART", WAIT_BITSET, 0, 0, -1, 0, -1, EINTR, 1);
    run("FUTEX_WAIT 2 s, handler without SA_RESTART", WAIT, 0, &two, 0, 0, -1, EINTR, 1);

    on(SIGALRM, h, SA_RESTART);
    sh[1] = -100;
    run("untimed FUTEX_WAIT, SA_RESTART, a wake at 300 ms", WAIT, 0, 0, 0, 300, 0, 0, 1);
    printf("the wake after the restart returned %d\n", sh[1]);
    check(sh[1] == 1, "the restarted wait was queued again");
    run("untimed FUTEX_WAIT_BITSET, SA_RESTART, a wake at 300 ms", WAIT_BITSET, 0, 0, 4, 300, 0, 0, 1);
    change_in_handler = sh;
    run("untimed FUTEX_WAIT, SA_RESTART, the handler changes the word", WAIT, 0, 0, 0, 0, -1, EAGAIN, 1);
    sh[0] = 0;
    run("untimed FUTEX_WAIT_PRIVATE, SA_RESTART, the handler changes the word", WAIT | PRIV, 0, 0, 0, 0, -1,
        EAGAIN, 1);
    change_in_handler = NULL;
    sh[0] = 0;
    run("FUTEX_WAIT 2 s, SA_RESTART", WAIT, 0, &two, 0, 0, -1, EINTR, 1);
    run("FUTEX_WAIT_PRIVATE 2 s, SA_RESTART", WAIT | PRIV, 0, &two, 0, 0, -1, EINTR, 1);
    abs2 = mono_in(2000);
    run("FUTEX_WAIT_BITSET absolute now + 2 s, SA_RESTART", WAIT_BITSET, 0, &abs2, -1, 0, -1, EINTR, 1);

    /* Signals that do not interrupt. */
    const struct ts32 t300 = {0, 300000000};
    signal(SIGALRM, SIG_IGN);
    run("FUTEX_WAIT 300 ms, SIGALRM ignored", WAIT, 0, &t300, 0, 0, -1, ETIMEDOUT, 0);
    on(SIGALRM, h, 0);
    block(SIGALRM);
    run("FUTEX_WAIT 300 ms, SIGALRM blocked", WAIT, 0, &t300, 0, 0, -1, ETIMEDOUT, 0);
    check(is_pending(SIGALRM), "SIGALRM is left pending");
    unblock(SIGALRM);
    check(hits == 1, "and is handled once unblocked");

    /* A stop and continue of an untimed wait: restarted, still queued. */
    sh[0] = 0;
    sh[1] = -100;
    pid_t c = xfork();
    if (c == 0) {
        long r = fx(sh, WAIT, 0, 0, 0, 0);
        sh[1] = r < 0 ? -errno : (int)r;
        _exit(0);
    }
    msleep(100);
    kill(c, SIGSTOP);
    int st = wait_for(c, WUNTRACED);
    check(st != -1 && WIFSTOPPED(st), "the waiting child stopped");
    kill(c, SIGCONT);
    msleep(100);
    long w = fx(sh, WAKE, 1, 0, 0, 0);
    wait_for(c, 0);
    printf("after stop and continue: the wake returned %ld, the child's wait %d\n", w, sh[1]);
    check(w == 1 && sh[1] == 0, "the wait went on after the continue");
    return done();
}
