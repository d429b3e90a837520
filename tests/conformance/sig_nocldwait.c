/* Override sig_nocldwait.expected/.status: qemu-user does not pass SA_NOCLDWAIT on to the host, so
 * under qemu the child stays a zombie and wait() returns it ("wait: a pid 0", exit 2); the reference
 * ("SA_NOCLDWAIT with a handler: ... no zombie is left, and wait() fails ECHILD. [host]") gives
 * "wait: -1 ECHILD" (exit 0). */
/* SA_NOCLDWAIT with a handler: SIGCHLD is still delivered, no zombie is left, and wait() fails
 * ECHILD [host]. */
#include "conf.h"

static volatile int got, code, status;
static void h(int s, siginfo_t *si, void *c) { (void)s; (void)c; got++; code = si->si_code; status = si->si_status; }

int main(void)
{
    on_info(SIGCHLD, h, SA_NOCLDWAIT);
    block(SIGCHLD);
    pid_t p = xfork();
    if (p == 0)
        _exit(7);
    sigset_t empty;
    sigemptyset(&empty);
    while (!got)
        sigsuspend(&empty);
    printf("SIGCHLD delivered: %d time(s), si_code %d si_status %d\n", got, code, status);
    check(got == 1 && code == CLD_EXITED && status == 7, "SIGCHLD delivered");
    int st;
    errno = 0;
    pid_t r = wait(&st);
    printf("wait: %s %s\n", r == -1 ? "-1" : "a pid", errname(errno));
    check(r == -1 && errno == ECHILD, "wait ECHILD");
    errno = 0;
    r = waitpid(p, &st, WNOHANG);
    printf("waitpid(child): %s %s\n", r == -1 ? "-1" : "a pid", errname(errno));
    check(r == -1 && errno == ECHILD, "no zombie left");
    errno = 0;
    printf("kill(child, 0): %s\n", kill(p, 0) == 0 ? "exists" : errname(errno));
    check(kill(p, 0) == -1 && errno == ESRCH, "child gone");
    return done();
}
