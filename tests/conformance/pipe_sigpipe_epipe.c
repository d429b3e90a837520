/* A write with no reader: SIGPIPE kills the writer by default (wait status 0x0d); with SIGPIPE
 * ignored or caught the write fails EPIPE (the handler runs once per write); blocked, it fails
 * EPIPE and SIGPIPE stays pending. A reader closing while bytes are unread changes nothing. [host] */
#include "conf.h"

static volatile int got;
static void h(int s) { (void)s; got++; }

int main(void)
{
    int p[2];
    pipe(p);
    write(p[1], "unread", 6);
    close(p[0]);
    pid_t k = xfork();
    if (k == 0) {
        write(p[1], "x", 1);
        _exit(100);
    }
    int st = wait_for(k, 0);
    printf("default: status 0x%x\n", st);
    check(WIFSIGNALED(st) && WTERMSIG(st) == SIGPIPE, "killed by SIGPIPE");

    signal(SIGPIPE, SIG_IGN);
    errno = 0;
    ssize_t r = write(p[1], "x", 1);
    int e = errno;
    printf("ignored: %d %s\n", (int)r, errname(e));
    check(r == -1 && e == EPIPE, "ignored: EPIPE");

    on(SIGPIPE, h, 0);
    errno = 0;
    r = write(p[1], "xy", 2);
    e = errno;
    ssize_t r2 = write(p[1], "z", 1);
    printf("caught: %d %s, handler ran %d (two writes)\n", (int)r, errname(e), got);
    check(r == -1 && e == EPIPE && r2 == -1 && got == 2, "caught: EPIPE, handler per write");

    block(SIGPIPE);
    got = 0;
    errno = 0;
    r = write(p[1], "x", 1);
    e = errno;
    printf("blocked: %d %s, pending %d, handler ran %d\n", (int)r, errname(e), is_pending(SIGPIPE), got);
    check(r == -1 && e == EPIPE && is_pending(SIGPIPE) && got == 0, "blocked: EPIPE, pending");
    unblock(SIGPIPE);
    check(got == 1, "delivered when unblocked");
    return done();
}
