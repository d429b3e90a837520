/* SIGSTOP stops a child (waitpid WUNTRACED: status 0x137f), SIGCONT continues it (WCONTINUED:
 * 0xffff), and a stopped child is reported once. */
#include "conf.h"

int main(void)
{
    int fds[2];
    pipe(fds);
    pid_t p = xfork();
    if (p == 0) {
        close(fds[1]);
        char c;
        while (read(fds[0], &c, 1) < 0 && errno == EINTR) {
        }
        _exit(c == 'x' ? 7 : 8);
    }
    close(fds[0]);
    kill(p, SIGSTOP);
    int st = wait_for(p, WUNTRACED);
    printf("after SIGSTOP: status 0x%x stopped %d stopsig %d\n", st, WIFSTOPPED(st), WSTOPSIG(st));
    check(WIFSTOPPED(st) && WSTOPSIG(st) == SIGSTOP && st == 0x137f, "stopped by SIGSTOP, 0x137f");
    int r = waitpid(p, &st, WNOHANG | WUNTRACED);
    check(r == 0, "the stop is reported once");
    r = waitpid(p, &st, WNOHANG);
    check(r == 0, "without WUNTRACED a stop is not reported");
    kill(p, SIGCONT);
    st = wait_for(p, WCONTINUED);
    printf("after SIGCONT: status 0x%x continued %d\n", st, WIFCONTINUED(st));
    check(WIFCONTINUED(st) && st == 0xffff, "continued, 0xffff");
    /* Running again: let it read its byte and exit. */
    put_byte(fds[1], 'x');
    st = wait_for(p, 0);
    printf("exit: status 0x%x\n", st);
    check(WIFEXITED(st) && WEXITSTATUS(st) == 7, "child ran on after SIGCONT");
    return done();
}
