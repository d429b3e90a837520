/* A blocking write to a full pipe interrupted by a handler. The pipe is filled (65536 bytes) with
 * O_NONBLOCK, then a blocking 100-byte write waits for room; an ITIMER_REAL handler reads one page
 * out. With SA_RESTART the write restarts and returns 100; without it, write fails EINTR (nothing
 * had moved). [host] */
#include "conf.h"

static int fds[2];
static volatile int got;
static void h(int s)
{
    (void)s;
    static char page[4096];
    got++;
    read(fds[0], page, sizeof page);
}

static int fill(void)
{
    static char buf[4096];
    int total = 0, fl = fcntl(fds[1], F_GETFL);
    fcntl(fds[1], F_SETFL, fl | O_NONBLOCK);
    for (;;) {
        ssize_t r = write(fds[1], buf, sizeof buf);
        if (r <= 0)
            break;
        total += r;
    }
    fcntl(fds[1], F_SETFL, fl);
    return total;
}

int main(void)
{
    static char buf[100];
    for (int restart = 1; restart >= 0; restart--) {
        pipe(fds);
        int total = fill();
        printf("pipe filled with %d bytes\n", total);
        on(SIGALRM, h, restart ? SA_RESTART : 0);
        got = 0;
        timer_ms(50);
        errno = 0;
        ssize_t r = write(fds[1], buf, sizeof buf);
        int e = errno;
        printf("%s: handler ran %d, write returned %d%s%s\n", restart ? "SA_RESTART" : "no SA_RESTART", got,
               (int)r, r < 0 ? " " : "", r < 0 ? errname(e) : "");
        if (restart)
            check(got == 1 && r == 100, "write restarted");
        else
            check(got == 1 && r == -1 && e == EINTR, "write EINTR");
        close(fds[0]);
        close(fds[1]);
    }
    return done();
}
