/* A blocking read of an empty pipe (a writer open) interrupted by a handler: with SA_RESTART the
 * read restarts and returns the byte the handler wrote; without it, read fails EINTR and the byte
 * is there for the next read. [host] The interruption is an ITIMER_REAL of 50 ms. */
#include "conf.h"

static int fds[2];
static volatile int got;
static void h(int s) { (void)s; got++; write(fds[1], "x", 1); }

int main(void)
{
    pipe(fds);
    for (int restart = 1; restart >= 0; restart--) {
        on(SIGALRM, h, restart ? SA_RESTART : 0);
        got = 0;
        timer_ms(50);
        char c = 0;
        errno = 0;
        ssize_t r = read(fds[0], &c, 1);
        int e = errno;
        printf("%s: handler ran %d, read returned %d", restart ? "SA_RESTART" : "no SA_RESTART", got, (int)r);
        if (r < 0)
            printf(" %s", errname(e));
        if (r == 1)
            printf(" '%c'", c);
        printf("\n");
        if (restart)
            check(got == 1 && r == 1 && c == 'x', "read restarted");
        else {
            check(got == 1 && r == -1 && e == EINTR, "read EINTR");
            r = read(fds[0], &c, 1);
            check(r == 1 && c == 'x', "byte read afterwards");
        }
    }
    return done();
}
