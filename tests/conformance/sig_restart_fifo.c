/* A blocking open of a FIFO for reading waits for a writer; interrupted by a handler it restarts
 * under SA_RESTART, else fails EINTR [host]. The ITIMER_REAL handler (50 ms) opens the FIFO O_RDWR
 * (always succeeds): a writer now exists, so the restarted open returns at once. (An interrupted
 * open no longer counts as a reader, so the handler could not open a write-only O_NONBLOCK end.) */
#include "conf.h"
#include <sys/stat.h>

static char path[64];
static volatile int got, wfd = -1;
static void h(int s) { (void)s; got++; wfd = open(path, O_RDWR); }

int main(void)
{
    const char *dir = scratch_dir();
    snprintf(path, sizeof path, "%s/fifo", dir);
    check(mkfifo(path, 0600) == 0, "mkfifo");
    for (int restart = 1; restart >= 0; restart--) {
        on(SIGALRM, h, restart ? SA_RESTART : 0);
        got = 0;
        wfd = -1;
        timer_ms(50);
        errno = 0;
        int fd = open(path, O_RDONLY);
        int e = errno;
        printf("%s: handler ran %d, its O_RDWR open %s, reader open %s%s\n",
               restart ? "SA_RESTART" : "no SA_RESTART", got, wfd >= 0 ? "ok" : errname(errno),
               fd >= 0 ? "ok" : "-1 ", fd >= 0 ? "" : errname(e));
        if (restart)
            check(got == 1 && wfd >= 0 && fd >= 0, "open restarted");
        else
            check(got == 1 && wfd >= 0 && fd == -1 && e == EINTR, "open EINTR");
        if (fd >= 0) {
            write(wfd, "k", 1);
            char c = 0;
            check(read(fd, &c, 1) == 1 && c == 'k', "FIFO carries data");
            close(fd);
        }
        close(wfd);
    }
    unlink(path);
    rmdir(dir);
    return done();
}
