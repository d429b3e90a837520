/* A blocked signal whose disposition is SIG_IGN still shows as pending while blocked [host]; the
 * same holds for a blocked signal whose default action is to ignore it (SIGURG, SIGCHLD). Unblocked,
 * such a signal is discarded. An ignored, unblocked signal is never pending. */
#include "conf.h"

int main(void)
{
    signal(SIGUSR1, SIG_IGN);
    block(SIGUSR1);
    kill(getpid(), SIGUSR1);
    print_pending("SIG_IGN + blocked + kill: pending");
    check(is_pending(SIGUSR1), "ignored blocked signal is pending");
    unblock(SIGUSR1);
    print_pending("after unblock: pending");
    check(!is_pending(SIGUSR1), "discarded on unblock");
    kill(getpid(), SIGUSR1);
    check(!is_pending(SIGUSR1), "ignored unblocked signal never pending");

    block(SIGURG);
    block(SIGCHLD);
    kill(getpid(), SIGURG);
    kill(getpid(), SIGCHLD);
    print_pending("default-ignored URG and CHLD, blocked: pending");
    check(is_pending(SIGURG) && is_pending(SIGCHLD), "pending while blocked");
    unblock(SIGURG);
    unblock(SIGCHLD);
    print_pending("after unblock: pending");
    check(!is_pending(SIGURG) && !is_pending(SIGCHLD), "discarded on unblock");
    return done();
}
