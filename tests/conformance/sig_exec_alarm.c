/* An alarm survives execve: alarm(5) before exec, alarm(0) after it returns the seconds left
 * (1..5). Then a 1 s alarm set before another exec fires in the new image, and with the default
 * action SIGALRM kills it (seen by the first process as a child status). The program re-executes
 * itself. conformance: needs-exec */
#include "conf.h"

int main(int argc, char **argv)
{
    if (argc > 1 && strcmp(argv[1], "--check") == 0) {
        unsigned left = alarm(0);
        printf("after exec: alarm still set %s\n", left >= 1 && left <= 5 ? "yes" : "no");
        check(left >= 1 && left <= 5, "alarm survived exec");
        return done();
    }
    if (argc > 1 && strcmp(argv[1], "--wait") == 0) {
        for (int i = 0; i < 30; i++)
            pause();
        _exit(100);
    }
    alarm(5);
    pid_t p = xfork();
    if (p == 0) {
        alarm(1);
        execl(argv[0], argv[0], "--wait", (char *)0);
        _exit(99);
    }
    int st = wait_for(p, 0);
    printf("child that exec'd with a 1 s alarm: status 0x%x\n", st);
    check(WIFSIGNALED(st) && WTERMSIG(st) == SIGALRM, "SIGALRM fired after exec");
    fflush(stdout);
    execl(argv[0], argv[0], "--check", (char *)0);
    printf("execl failed: %s\n", errname(errno));
    return 99;
}
