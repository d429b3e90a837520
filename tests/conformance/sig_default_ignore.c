/* Default action "ignore" (CHLD URG WINCH) and "continue" (CONT on a running process): sending them
 * to a process with default dispositions leaves it running. */
#include "conf.h"

int main(void)
{
    static const int sigs[] = {SIGCHLD, SIGURG, SIGWINCH, SIGCONT};
    for (unsigned i = 0; i < 4; i++) {
        pid_t p = xfork();
        if (p == 0) {
            kill(getpid(), sigs[i]);
            _exit(42);
        }
        int st = wait_for(p, 0);
        char what[64];
        printf("signal %d: child status 0x%x\n", sigs[i], st);
        snprintf(what, sizeof what, "signal %d ignored by default", sigs[i]);
        check(WIFEXITED(st) && WEXITSTATUS(st) == 42, what);
    }
    /* The same in this process, sent from a child. */
    pid_t p = xfork();
    if (p == 0) {
        for (unsigned i = 0; i < 4; i++)
            kill(getppid(), sigs[i]);
        _exit(0);
    }
    wait_for(p, 0);
    check(1, "parent survives CHLD URG WINCH CONT from its child");
    return done();
}
