/* Default action "terminate": a child killing itself with each such signal dies of it, and the raw
 * wait status is just the number, with no core bit (SIGUSR1 -> 0x0a, as measured on the host).
 * Real-time signals 63 and 64 are in sig_rt_high (qemu-user cannot deliver them). */
#include "conf.h"

static const int sigs[] = {SIGHUP,  SIGINT,    SIGKILL, SIGUSR1, SIGUSR2, SIGPIPE, SIGALRM,
                           SIGTERM, SIGSTKFLT, SIGVTALRM, SIGPROF, SIGIO, SIGPWR, 32,
                           40,      50,        62};

int main(void)
{
    for (unsigned i = 0; i < sizeof sigs / sizeof sigs[0]; i++) {
        int s = sigs[i];
        pid_t p = xfork();
        if (p == 0) {
            kill(getpid(), s);
            _exit(100); /* not reached: the default action ran before kill returned */
        }
        int st = wait_for(p, 0);
        char what[64];
        printf("signal %d: status 0x%x\n", s, st);
        snprintf(what, sizeof what, "signal %d terminates, status == %d", s, s);
        check(WIFSIGNALED(st) && WTERMSIG(st) == s && st == s, what);
    }
    return done();
}
