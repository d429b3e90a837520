/* An unblocked signal sent to oneself is delivered before kill (or raise) returns; unblocking a
 * pending signal delivers it before sigprocmask returns. */
#include "conf.h"

static volatile int got;
static void h(int s) { (void)s; got++; }

int main(void)
{
    on(SIGUSR1, h, 0);
    kill(getpid(), SIGUSR1);
    int after_kill = got;
    printf("handler ran before kill returned: %s\n", after_kill == 1 ? "yes" : "no");
    check(after_kill == 1, "kill");
    raise(SIGUSR1);
    int after_raise = got;
    printf("handler ran before raise returned: %s\n", after_raise == 2 ? "yes" : "no");
    check(after_raise == 2, "raise");
    /* kill(0) also includes the caller: see sig_kill_group (not here: our process group may hold
     * the test harness). */
    syscall(SYS_tgkill, getpid(), syscall(SYS_gettid), SIGUSR1);
    int after_tgkill = got;
    printf("... and for tgkill: %s\n", after_tgkill == 3 ? "yes" : "no");
    check(after_tgkill == 3, "tgkill");
    block(SIGUSR1);
    kill(getpid(), SIGUSR1);
    int while_blocked = got;
    unblock(SIGUSR1);
    int after_unblock = got;
    printf("blocked: not yet %s; delivered before sigprocmask returned %s\n", while_blocked == 3 ? "yes" : "no",
           after_unblock == 4 ? "yes" : "no");
    check(while_blocked == 3 && after_unblock == 4, "unblock delivers");
    return done();
}
