/* An explicit SIG_IGN for SIGCHLD prevents zombies: wait() blocks until the children are gone and
 * then fails ECHILD [host]. Back to SIG_DFL, a child is reaped normally again. */
#include "conf.h"

int main(void)
{
    signal(SIGCHLD, SIG_IGN);
    pid_t a = xfork();
    if (a == 0)
        _exit(5);
    pid_t b = xfork();
    if (b == 0) {
        msleep(20);
        _exit(6);
    }
    int st;
    errno = 0;
    pid_t r = wait(&st);
    printf("SIG_IGN: wait %s %s\n", r == -1 ? "-1" : "a pid", errname(errno));
    check(r == -1 && errno == ECHILD, "wait ECHILD");
    errno = 0;
    check(kill(a, 0) == -1 && errno == ESRCH && kill(b, 0) == -1, "no zombies");
    errno = 0;
    r = waitpid(a, &st, 0);
    check(r == -1 && errno == ECHILD, "waitpid(child) ECHILD");

    signal(SIGCHLD, SIG_DFL);
    pid_t c = xfork();
    if (c == 0)
        _exit(9);
    r = waitpid(c, &st, 0);
    printf("SIG_DFL: waitpid returns the child %s, status 0x%x\n", r == c ? "yes" : "no", st);
    check(r == c && WIFEXITED(st) && WEXITSTATUS(st) == 9, "reaped normally");
    return done();
}
