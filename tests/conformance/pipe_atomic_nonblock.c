/* Writes of at most PIPE_BUF are atomic: non-blocking, all n bytes or EAGAIN, never a part.
 * Above PIPE_BUF a non-blocking write is partial (1..n) when some room is left, EAGAIN when full.
 * [host] The pipe is filled with 1000-byte writes (64000: 96 bytes free in each of 16 slots). */
#include "conf.h"

static char buf[20000];

static void show(const char *what, ssize_t r, int e)
{
    if (r < 0)
        printf("%s: -1 %s\n", what, errname(e));
    else
        printf("%s: %d\n", what, (int)r);
}

int main(void)
{
    int p[2];
    pipe2(p, O_NONBLOCK);
    long total = 0;
    ssize_t r;
    while ((r = write(p[1], buf, 1000)) > 0)
        total += r;
    printf("filled with 1000-byte writes: %ld\n", total);
    errno = 0;
    r = write(p[1], buf, 4096);
    show("write 4096 (PIPE_BUF) into the full pipe", r, errno);
    check(r == -1 && errno == EAGAIN, "PIPE_BUF write: EAGAIN, nothing taken");
    errno = 0;
    r = write(p[1], buf, 96);
    show("write 96 (fits in no slot: merge needs the last slot)", r, errno);
    check(r == 96, "96 bytes merged into the last slot");
    errno = 0;
    r = write(p[1], buf, 4097);
    show("write 4097 into the full pipe", r, errno);
    check(r == -1 && errno == EAGAIN, "above PIPE_BUF, full: EAGAIN");

    /* Free two slots (read 8000 bytes = two 4000-byte slots). */
    char tmp[8000];
    r = read(p[0], tmp, sizeof tmp);
    printf("read %d\n", (int)r);
    errno = 0;
    r = write(p[1], buf, 4096);
    show("write 4096 with two free slots", r, errno);
    check(r == 4096, "PIPE_BUF write whole");
    errno = 0;
    r = write(p[1], buf, 10000);
    show("write 10000 with one free slot", r, errno);
    check(r > 0 && r < 10000, "above PIPE_BUF: partial");
    check(r == 4096, "partial is one page");
    errno = 0;
    r = write(p[1], buf, 1);
    show("write 1 now", r, errno);
    check(r == -1 && errno == EAGAIN, "full again");
    return done();
}
