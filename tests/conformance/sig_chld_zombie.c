/* SIGCHLD's default action (ignore) still leaves a zombie: once the child has exited (seen as
 * SIGCHLD pending while blocked) it still exists for kill(pid, 0) until waitpid reaps it. [host] */
#include "conf.h"

int main(void)
{
    block(SIGCHLD);
    pid_t p = xfork();
    if (p == 0)
        _exit(3);
    for (int i = 0; i < 5000 && !is_pending(SIGCHLD); i++)
        msleep(1);
    check(is_pending(SIGCHLD), "SIGCHLD pending after the child exited");
    errno = 0;
    int k = kill(p, 0);
    printf("zombie: kill(pid, 0) %d %s\n", k, errname(errno));
    check(k == 0, "the zombie exists");
    int st;
    pid_t r = waitpid(p, &st, WNOHANG);
    printf("waitpid WNOHANG returns the child %s, status 0x%x\n", r == p ? "yes" : "no", st);
    check(r == p && WIFEXITED(st) && WEXITSTATUS(st) == 3, "reaped with exit status 3");
    errno = 0;
    k = kill(p, 0);
    printf("after reaping: kill(pid, 0) %d %s\n", k, errname(errno));
    check(k == -1 && errno == ESRCH, "gone after reaping");
    errno = 0;
    r = wait(&st);
    printf("wait with no children: %d %s\n", (int)r, errname(errno));
    check(r == -1 && errno == ECHILD, "ECHILD");
    return done();
}
