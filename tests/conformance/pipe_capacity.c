/* A pipe holds 65536 bytes; PIPE_BUF is 4096; F_GETPIPE_SZ says 65536 on both ends. [host]
 * One big non-blocking write into an empty pipe takes exactly 65536 (a partial write), FIONREAD
 * then says 65536, and one more byte fails EAGAIN; reading it all back gives the bytes in order. */
#include "conf.h"
#include <limits.h>
#include <sys/ioctl.h>

static unsigned char big[100000], back[100000];

int main(void)
{
    int p[2];
    check(pipe(p) == 0, "pipe");
    printf("PIPE_BUF %d\n", PIPE_BUF);
    check(PIPE_BUF == 4096, "PIPE_BUF 4096");
    int r0 = fcntl(p[0], F_GETPIPE_SZ), r1 = fcntl(p[1], F_GETPIPE_SZ);
    printf("F_GETPIPE_SZ: read end %d, write end %d\n", r0, r1);
    check(r0 == 65536 && r1 == 65536, "F_GETPIPE_SZ 65536");
    fcntl(p[1], F_SETFL, O_NONBLOCK);
    fcntl(p[0], F_SETFL, O_NONBLOCK);
    for (int i = 0; i < (int)sizeof big; i++)
        big[i] = (unsigned char)(i * 7 + i / 251);
    ssize_t w = write(p[1], big, sizeof big);
    printf("non-blocking write of %d into an empty pipe: %d\n", (int)sizeof big, (int)w);
    check(w == 65536, "partial write of 65536");
    int avail = -1;
    ioctl(p[0], FIONREAD, &avail);
    printf("FIONREAD %d\n", avail);
    check(avail == 65536, "FIONREAD 65536");
    errno = 0;
    ssize_t w1 = write(p[1], "x", 1);
    int e = errno;
    printf("one more byte: %d %s\n", (int)w1, w1 < 0 ? errname(e) : "");
    check(w1 == -1 && e == EAGAIN, "full: EAGAIN");
    size_t got = 0;
    ssize_t r;
    while ((r = read(p[0], back + got, sizeof back - got)) > 0)
        got += (size_t)r;
    printf("read back %d bytes, same bytes: %s\n", (int)got, memcmp(big, back, got) == 0 ? "yes" : "no");
    check(got == 65536 && memcmp(big, back, got) == 0, "contents");
    return done();
}
