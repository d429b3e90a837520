/* A reader blocked in open(O_RDONLY) is released by a writer that opens and closes again before
 * the reader runs: Linux counts writer opens (w_counter), it does not look for a writer present
 * [host]. The open returns and the first read sees EOF. Also: while the reader waits it already
 * counts as a reader, so the child's O_WRONLY|O_NONBLOCK open succeeds. */
#include "conf.h"
#include <sys/stat.h>

static void h(int s) { (void)s; }

int main(void)
{
    const char *dir = scratch_dir();
    char path[80];
    snprintf(path, sizeof path, "%s/f", dir);
    mkfifo(path, 0600);
    on(SIGALRM, h, 0);  /* a guard: EINTR instead of hanging */
    pid_t k = xfork();
    if (k == 0) {
        msleep(50);
        int w = open(path, O_WRONLY | O_NONBLOCK);
        int e = errno;
        close(w);
        printf("child: O_WRONLY|O_NONBLOCK while the reader waits: %s\n", w >= 0 ? "ok" : errname(e));
        fflush(stdout);
        _exit(w >= 0 ? 0 : 1);
    }
    alarm(5);
    errno = 0;
    int r = open(path, O_RDONLY);
    int e = errno;
    alarm(0);
    int st = wait_for(k, 0);
    printf("reader's open: %s\n", r >= 0 ? "ok" : errname(e));
    check(st == 0, "the waiting reader counted as a reader");
    check(r >= 0, "released by a writer that already left");
    char c;
    ssize_t n = read(r, &c, 1);
    printf("first read: %d\n", (int)n);
    check(n == 0, "EOF");
    close(r);
    unlink(path);
    rmdir(dir);
    return done();
}
