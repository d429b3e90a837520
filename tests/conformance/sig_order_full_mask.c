/* Delivery order with a full sa_mask: each handler blocks the others, so one frame at a time, the
 * synchronous SEGV first, then lowest number: 11 2 10 12 15 (pending 15,12,10,2,11 sent with kill
 * while blocked, unblocked with one sigprocmask). [host] */
#include "conf.h"

static int order[8], n;
static void h(int s) { order[n++] = s; }

int main(void)
{
    static const int sigs[] = {SIGTERM, SIGUSR2, SIGUSR1, SIGINT, SIGSEGV};
    sigset_t set;
    sigemptyset(&set);
    for (int i = 0; i < 5; i++) {
        struct sigaction sa;
        memset(&sa, 0, sizeof sa);
        sa.sa_handler = h;
        sigfillset(&sa.sa_mask);
        sigaction(sigs[i], &sa, NULL);
        sigaddset(&set, sigs[i]);
    }
    sigprocmask(SIG_BLOCK, &set, NULL);
    for (int i = 0; i < 5; i++)
        kill(getpid(), sigs[i]);
    sigprocmask(SIG_UNBLOCK, &set, NULL);
    printf("handlers ran:");
    for (int i = 0; i < n; i++)
        printf(" %d", order[i]);
    printf("\n");
    static const int want[] = {11, 2, 10, 12, 15};
    check(n == 5 && memcmp(order, want, sizeof want) == 0, "order 11 2 10 12 15");
    return done();
}
