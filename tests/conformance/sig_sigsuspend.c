/* sigsuspend installs its mask for the wait, runs the handler (which sees that mask plus its own
 * signal), returns -1 EINTR and restores the old mask. A pending signal it unblocks is delivered
 * at once. */
#include "conf.h"

static volatile int got;
static sigset_t inside;
static void h(int s) { (void)s; got++; sigprocmask(SIG_SETMASK, NULL, &inside); }

int main(void)
{
    on(SIGUSR1, h, 0);
    block(SIGUSR1);
    block(SIGHUP);
    kill(getpid(), SIGUSR1);
    sigset_t m;
    sigemptyset(&m);
    sigaddset(&m, SIGTERM);
    errno = 0;
    int r = sigsuspend(&m);
    printf("sigsuspend({15}) with USR1 pending: %d %s, handler ran %d\n", r, errname(errno), got);
    check(r == -1 && errno == EINTR && got == 1, "returns EINTR after the handler");
    print_set("mask inside the handler", &inside);
    check(sigismember(&inside, SIGTERM) && sigismember(&inside, SIGUSR1) && !sigismember(&inside, SIGHUP),
          "sigsuspend mask + own signal");
    print_mask("mask after sigsuspend");
    check(is_blocked(SIGUSR1) && is_blocked(SIGHUP) && !is_blocked(SIGTERM), "old mask restored");

    /* Woken by a signal from a child. */
    got = 0;
    pid_t p = xfork();
    if (p == 0) {
        kill(getppid(), SIGUSR1);
        _exit(0);
    }
    sigemptyset(&m);
    while (!got)
        sigsuspend(&m);
    wait_for(p, 0);
    printf("woken by the child's SIGUSR1: %d\n", got);
    check(got == 1 && is_blocked(SIGUSR1), "woken, mask restored");
    return done();
}
