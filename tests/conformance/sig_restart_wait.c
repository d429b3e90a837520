/* wait() interrupted by a handler: with SA_RESTART it restarts and returns the child once it
 * exits; without, it fails EINTR. [host] The handler (ITIMER_REAL, 50 ms) tells the child to exit
 * by writing to a pipe the child reads. */
#include "conf.h"

static int fds[2];
static volatile int got;
static void h(int s) { (void)s; got++; write(fds[1], "q", 1); }

int main(void)
{
    for (int restart = 1; restart >= 0; restart--) {
        pipe(fds);
        pid_t p = xfork();
        if (p == 0) {
            close(fds[1]);
            char c;
            _exit(read(fds[0], &c, 1) == 1 ? 3 : 4);
        }
        close(fds[0]);
        on(SIGALRM, h, restart ? SA_RESTART : 0);
        got = 0;
        timer_ms(50);
        int st = 0;
        errno = 0;
        pid_t r = wait(&st);
        int e = errno;
        printf("%s: handler ran %d, wait returned %s%s%s\n", restart ? "SA_RESTART" : "no SA_RESTART", got,
               r == p ? "the child" : r == -1 ? "-1" : "?", r < 0 ? " " : "", r < 0 ? errname(e) : "");
        if (restart) {
            printf("status 0x%x\n", st);
            check(got == 1 && r == p && WIFEXITED(st) && WEXITSTATUS(st) == 3, "wait restarted");
        } else {
            check(got == 1 && r == -1 && e == EINTR, "wait EINTR");
            st = wait_for(p, 0);
            printf("then waitpid: status 0x%x\n", st);
        }
        close(fds[1]);
    }
    return done();
}
