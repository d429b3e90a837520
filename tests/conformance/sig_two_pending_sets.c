/* Two pending sets: kill() marks the process-wide set, raise() (musl: tkill) the thread's set; a
 * blocked signal pending in both is delivered twice when unblocked. [host] */
#include "conf.h"

static volatile int count;
static void h(int s) { (void)s; count++; }

int main(void)
{
    on(SIGUSR1, h, 0);
    block(SIGUSR1);
    kill(getpid(), SIGUSR1);
    raise(SIGUSR1);
    print_pending("after kill and raise, pending");
    check(is_pending(SIGUSR1), "pending");
    unblock(SIGUSR1);
    printf("kill + raise: delivered %d time(s)\n", count);
    check(count == 2, "delivered twice");

    /* Same with an explicit tgkill for the thread set. */
    count = 0;
    block(SIGUSR1);
    syscall(SYS_tgkill, getpid(), syscall(SYS_gettid), SIGUSR1);
    kill(getpid(), SIGUSR1);
    syscall(SYS_tgkill, getpid(), syscall(SYS_gettid), SIGUSR1);
    unblock(SIGUSR1);
    printf("tgkill + kill + tgkill: delivered %d time(s)\n", count);
    check(count == 2, "delivered twice");
    return done();
}
