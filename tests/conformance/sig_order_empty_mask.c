/* Delivery order with an empty sa_mask. Pending 15,12,10,2,11 (all sent with kill while blocked),
 * unblocked with one sigprocmask: the kernel picks the synchronous SEGV first, then the lowest
 * number, and builds every frame before returning to user mode, so the handlers run in reverse:
 * 15 12 10 2 11. [host] */
#include "conf.h"

static int order[8], n;
static void h(int s) { order[n++] = s; }

int main(void)
{
    static const int sigs[] = {SIGTERM, SIGUSR2, SIGUSR1, SIGINT, SIGSEGV};
    sigset_t set;
    sigemptyset(&set);
    for (int i = 0; i < 5; i++) {
        on(sigs[i], h, 0);
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
    static const int want[] = {15, 12, 10, 2, 11};
    check(n == 5 && memcmp(order, want, sizeof want) == 0, "order 15 12 10 2 11");
    return done();
}
