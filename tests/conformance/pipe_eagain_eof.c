/* Read of an empty pipe: with a writer and O_NONBLOCK, EAGAIN; with no writer, 0 (EOF), also
 * under O_NONBLOCK. Bytes left when the last writer closes are still read first. O_NONBLOCK set
 * later with F_SETFL acts the same; a write to a full non-blocking pipe fails EAGAIN. [host] */
#include "conf.h"

int main(void)
{
    int p[2];
    pipe(p);
    char c;
    fcntl(p[0], F_SETFL, O_NONBLOCK);
    errno = 0;
    ssize_t r = read(p[0], &c, 1);
    int e = errno;
    printf("empty, writer open, O_NONBLOCK: %d %s\n", (int)r, r < 0 ? errname(e) : "");
    check(r == -1 && e == EAGAIN, "EAGAIN");
    write(p[1], "hello", 5);
    close(p[1]);
    char buf[16];
    r = read(p[0], buf, sizeof buf);
    printf("after the writer closed: read %d\n", (int)r);
    check(r == 5 && memcmp(buf, "hello", 5) == 0, "bytes left are read first");
    errno = 0;
    r = read(p[0], buf, sizeof buf);
    e = errno;
    printf("then: %d %s\n", (int)r, r < 0 ? errname(e) : "");
    check(r == 0, "EOF under O_NONBLOCK (no writers)");
    fcntl(p[0], F_SETFL, 0);
    r = read(p[0], buf, sizeof buf);
    check(r == 0, "EOF blocking");
    close(p[0]);

    /* EOF when a forked writer exits. */
    pipe(p);
    pid_t k = xfork();
    if (k == 0) {
        close(p[0]);
        msleep(30);
        write(p[1], "abc", 3);
        _exit(0);
    }
    close(p[1]);
    size_t got = 0;
    while ((r = read(p[0], buf + got, sizeof buf - got)) > 0)
        got += (size_t)r;
    printf("from a child that wrote 3 and exited: %d bytes then %d\n", (int)got, (int)r);
    check(got == 3 && r == 0, "blocking read waits, then EOF");
    wait_for(k, 0);
    close(p[0]);

    /* A full pipe, non-blocking write. */
    pipe2(p, O_NONBLOCK);
    static char big[65536];
    r = write(p[1], big, sizeof big);
    errno = 0;
    ssize_t r2 = write(p[1], big, 1);
    e = errno;
    printf("full pipe (%d): write 1 -> %d %s\n", (int)r, (int)r2, r2 < 0 ? errname(e) : "");
    check(r == 65536 && r2 == -1 && e == EAGAIN, "full: EAGAIN");
    return done();
}
