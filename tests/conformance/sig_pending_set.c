/* Standard signals pending form a set: sent twice while blocked (kill twice, or raise twice), a
 * signal is delivered once when unblocked. [host] */
#include "conf.h"

static volatile int count;
static void h(int s) { (void)s; count++; }

int main(void)
{
    on(SIGUSR1, h, 0);
    block(SIGUSR1);
    kill(getpid(), SIGUSR1);
    kill(getpid(), SIGUSR1);
    print_pending("after two kills, pending");
    check(is_pending(SIGUSR1) && count == 0, "pending, not delivered");
    unblock(SIGUSR1);
    printf("kill twice: delivered %d time(s)\n", count);
    check(count == 1, "delivered once");
    check(!is_pending(SIGUSR1), "no longer pending");

    count = 0;
    block(SIGUSR1);
    raise(SIGUSR1);
    raise(SIGUSR1);
    print_pending("after two raises, pending");
    unblock(SIGUSR1);
    printf("raise twice: delivered %d time(s)\n", count);
    check(count == 1, "delivered once");

    /* Three different signals pending at once: each delivered once. */
    count = 0;
    on(SIGUSR2, h, 0);
    on(SIGHUP, h, 0);
    sigset_t s;
    sigemptyset(&s);
    sigaddset(&s, SIGUSR1);
    sigaddset(&s, SIGUSR2);
    sigaddset(&s, SIGHUP);
    sigprocmask(SIG_BLOCK, &s, NULL);
    for (int i = 0; i < 3; i++) {
        kill(getpid(), SIGUSR1);
        kill(getpid(), SIGUSR2);
        kill(getpid(), SIGHUP);
    }
    print_pending("three signals sent three times each, pending");
    sigprocmask(SIG_UNBLOCK, &s, NULL);
    printf("deliveries: %d\n", count);
    check(count == 3, "one delivery per signal");
    return done();
}
