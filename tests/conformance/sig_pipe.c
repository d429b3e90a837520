/* A write to a pipe with no reader raises SIGPIPE: by default it kills the writer (status 0x0d);
 * ignored, caught or blocked, the write fails EPIPE (blocked: SIGPIPE stays pending). [host] */
#include "conf.h"

static volatile int got;
static void h(int s) { (void)s; got++; }

static int readerless(void)
{
    int fds[2];
    pipe(fds);
    close(fds[0]);
    return fds[1];
}

int main(void)
{
    pid_t p = xfork();
    if (p == 0) {
        int w = readerless();
        write(w, "x", 1);
        _exit(100);
    }
    int st = wait_for(p, 0);
    printf("default: writer's status 0x%x\n", st);
    check(WIFSIGNALED(st) && WTERMSIG(st) == SIGPIPE && st == 0x0d, "killed by SIGPIPE");

    int w = readerless();
    signal(SIGPIPE, SIG_IGN);
    errno = 0;
    ssize_t r = write(w, "x", 1);
    printf("ignored: write %d %s\n", (int)r, errname(errno));
    check(r == -1 && errno == EPIPE, "EPIPE");

    on(SIGPIPE, h, 0);
    errno = 0;
    r = write(w, "xyz", 3);
    printf("caught: write %d %s, handler ran %d\n", (int)r, errname(errno), got);
    check(r == -1 && errno == EPIPE && got == 1, "handler and EPIPE");

    block(SIGPIPE);
    errno = 0;
    r = write(w, "x", 1);
    printf("blocked: write %d %s, pending %s\n", (int)r, errname(errno), is_pending(SIGPIPE) ? "yes" : "no");
    check(r == -1 && errno == EPIPE && is_pending(SIGPIPE) && got == 1, "EPIPE, SIGPIPE pending");
    unblock(SIGPIPE);
    check(got == 2, "delivered on unblock");
    return done();
}
