/* A blocking open(O_WRONLY) of a FIFO with no reader, interrupted by a handler (ITIMER_REAL, 50 ms):
 * without SA_RESTART it fails EINTR; with SA_RESTART it restarts [host]. The handler opens a
 * reader (O_RDONLY|O_NONBLOCK, which never blocks), so the restarted open finds it and returns.
 * In the handler the interrupted writer no longer counts: a non-blocking read there sees 0. */
#include "conf.h"
#include <sys/stat.h>

static char path[80];
static volatile int got, rfd = -1, seen = -2;
static void h(int s)
{
    (void)s;
    got++;
    rfd = open(path, O_RDONLY | O_NONBLOCK);
    char c;
    seen = (int)read(rfd, &c, 1);
}

int main(void)
{
    const char *dir = scratch_dir();
    snprintf(path, sizeof path, "%s/f", dir);
    mkfifo(path, 0600);
    for (int restart = 0; restart <= 1; restart++) {
        on(SIGALRM, h, restart ? SA_RESTART : 0);
        got = 0;
        rfd = -1;
        seen = -2;
        timer_ms(50);
        errno = 0;
        int w = open(path, O_WRONLY);
        int e = errno;
        printf("%s: handler ran %d, its reader %s, its read %d, writer open %s%s\n",
               restart ? "SA_RESTART" : "no SA_RESTART", got, rfd >= 0 ? "ok" : "failed", seen,
               w >= 0 ? "ok" : "-1 ", w >= 0 ? "" : errname(e));
        if (restart) {
            check(got == 1 && w >= 0, "open restarted");
            char c = 0;
            check(write(w, "r", 1) == 1 && read(rfd, &c, 1) == 1 && c == 'r', "data through");
            close(w);
        } else {
            check(got == 1 && w == -1 && e == EINTR, "open EINTR");
        }
        check(seen == 0, "interrupted writer did not count");
        close(rfd);
    }
    unlink(path);
    rmdir(dir);
    return done();
}
