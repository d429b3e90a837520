/* kill errors: an invalid signal is EINVAL, a pid or group that does not exist is ESRCH [host];
 * signal 0 only checks; a zombie still exists for kill until it is reaped. */
#include "conf.h"
#include <limits.h>

static int k(pid_t pid, int sig)
{
    errno = 0;
    return kill(pid, sig) == 0 ? 0 : errno;
}

int main(void)
{
    printf("kill(self, 0): %s\n", errname(k(getpid(), 0)));
    check(k(getpid(), 0) == 0, "signal 0 to self");
    printf("kill(self, 65): %s, kill(self, -1): %s\n", errname(k(getpid(), 65)), errname(k(getpid(), -1)));
    check(k(getpid(), 65) == EINVAL && k(getpid(), -1) == EINVAL, "EINVAL");
    printf("kill(0, 65): %s\n", errname(k(0, 65)));
    check(k(0, 65) == EINVAL, "EINVAL before the target is looked at");
    pid_t p = xfork();
    if (p == 0)
        _exit(0);
    block(SIGCHLD);
    for (int i = 0; i < 5000 && !is_pending(SIGCHLD); i++)
        msleep(1);
    printf("zombie: kill(pid, 0) %s, kill(pid, SIGKILL) %s\n", errname(k(p, 0)), errname(k(p, SIGKILL)));
    check(k(p, 0) == 0 && k(p, SIGKILL) == 0, "a zombie can be signalled");
    int st = wait_for(p, 0);
    printf("reaped child's status 0x%x (SIGKILL to a zombie changes nothing)\n", st);
    check(WIFEXITED(st) && WEXITSTATUS(st) == 0, "exit status kept");
    printf("reaped: kill(pid, 0) %s, kill(pid, SIGUSR1) %s, kill(-pid, SIGUSR1) %s\n", errname(k(p, 0)),
           errname(k(p, SIGUSR1)), errname(k(-p, SIGUSR1)));
    check(k(p, 0) == ESRCH && k(p, SIGUSR1) == ESRCH && k(-p, SIGUSR1) == ESRCH, "ESRCH");
    printf("kill(INT_MIN, 0): %s\n", errname(k(INT_MIN, 0)));
    check(k(INT_MIN, 0) == ESRCH, "INT_MIN is ESRCH");
    return done();
}
