/* Generating SIGCONT discards pending stop signals; generating a stop signal discards a pending
 * SIGCONT. Both kinds are kept blocked here so that they stay pending and can be observed. */
#include "conf.h"

int main(void)
{
    block(SIGTSTP);
    block(SIGTTIN);
    block(SIGTTOU);
    kill(getpid(), SIGTSTP);
    kill(getpid(), SIGTTIN);
    print_pending("TSTP and TTIN blocked and sent: pending");
    check(is_pending(SIGTSTP) && is_pending(SIGTTIN), "stop signals pending");
    kill(getpid(), SIGCONT);
    print_pending("after SIGCONT: pending");
    check(!is_pending(SIGTSTP) && !is_pending(SIGTTIN), "SIGCONT discarded them");

    block(SIGCONT);
    kill(getpid(), SIGCONT);
    print_pending("CONT blocked and sent: pending");
    check(is_pending(SIGCONT), "SIGCONT pending");
    kill(getpid(), SIGTSTP);
    print_pending("after SIGTSTP: pending");
    check(!is_pending(SIGCONT) && is_pending(SIGTSTP), "SIGTSTP discarded SIGCONT");
    kill(getpid(), SIGCONT);
    kill(getpid(), SIGTTOU);
    print_pending("CONT then TTOU: pending");
    check(!is_pending(SIGCONT) && is_pending(SIGTTOU), "SIGTTOU discarded SIGCONT");
    /* Discard the pending stops before unblocking: SIGCONT once more, then ignore it. */
    signal(SIGCONT, SIG_IGN);
    kill(getpid(), SIGCONT);
    print_pending("SIGCONT ignored but still generated: pending");
    check(!is_pending(SIGTSTP) && !is_pending(SIGTTOU), "an ignored SIGCONT still discards stops");
    /* Ignoring the stop signals discards any still pending, so a wrong emulation cannot stop us. */
    signal(SIGTSTP, SIG_IGN);
    signal(SIGTTIN, SIG_IGN);
    signal(SIGTTOU, SIG_IGN);
    sigset_t empty;
    sigemptyset(&empty);
    sigprocmask(SIG_SETMASK, &empty, NULL);
    printf("still running\n");
    return done();
}
