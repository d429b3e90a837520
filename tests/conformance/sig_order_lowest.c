/* Delivery order without synchronous signals: lowest number first. Pending 14,3,1,28(handled),12
 * sent with kill while blocked: with a full sa_mask the handlers run 1 3 12 14 28; with an empty
 * sa_mask every frame is built before returning to user mode, so they run 28 14 12 3 1. */
#include "conf.h"

static int order[8], n;
static void h(int s) { order[n++] = s; }
static const int sigs[] = {SIGALRM, SIGQUIT, SIGHUP, SIGWINCH, SIGUSR2};

static void run(int full)
{
    sigset_t set;
    sigemptyset(&set);
    for (int i = 0; i < 5; i++) {
        struct sigaction sa;
        memset(&sa, 0, sizeof sa);
        sa.sa_handler = h;
        if (full)
            sigfillset(&sa.sa_mask);
        else
            sigemptyset(&sa.sa_mask);
        sigaction(sigs[i], &sa, NULL);
        sigaddset(&set, sigs[i]);
    }
    sigprocmask(SIG_BLOCK, &set, NULL);
    for (int i = 0; i < 5; i++)
        kill(getpid(), sigs[i]);
    n = 0;
    sigprocmask(SIG_UNBLOCK, &set, NULL);
    printf("%s sa_mask, handlers ran:", full ? "full" : "empty");
    for (int i = 0; i < n; i++)
        printf(" %d", order[i]);
    printf("\n");
}

int main(void)
{
    run(1);
    static const int want_full[] = {1, 3, 12, 14, 28}, want_empty[] = {28, 14, 12, 3, 1};
    check(n == 5 && memcmp(order, want_full, sizeof want_full) == 0, "full mask: lowest first");
    run(0);
    check(n == 5 && memcmp(order, want_empty, sizeof want_empty) == 0, "empty mask: reverse");
    return done();
}
