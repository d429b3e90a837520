/* pipe2 flags: O_NONBLOCK shows in F_GETFL of both ends (read end O_RDONLY, write end O_WRONLY)
 * and makes an empty read fail EAGAIN; O_CLOEXEC sets FD_CLOEXEC on both; plain pipe() sets
 * neither; an unknown flag fails EINVAL. F_GETPIPE_SZ on a non-pipe fails EBADF. [host] */
#include "conf.h"

int main(void)
{
    int p[2];
    check(pipe2(p, O_NONBLOCK) == 0, "pipe2 O_NONBLOCK");
    int f0 = fcntl(p[0], F_GETFL), f1 = fcntl(p[1], F_GETFL);
    printf("O_NONBLOCK: read end accmode %d nonblock %d, write end accmode %d nonblock %d\n",
           f0 & O_ACCMODE, !!(f0 & O_NONBLOCK), f1 & O_ACCMODE, !!(f1 & O_NONBLOCK));
    check((f0 & O_ACCMODE) == O_RDONLY && (f1 & O_ACCMODE) == O_WRONLY && (f0 & O_NONBLOCK) && (f1 & O_NONBLOCK),
          "flags");
    printf("FD_CLOEXEC: %d %d\n", fcntl(p[0], F_GETFD), fcntl(p[1], F_GETFD));
    check(fcntl(p[0], F_GETFD) == 0 && fcntl(p[1], F_GETFD) == 0, "no FD_CLOEXEC");
    char c;
    errno = 0;
    check(read(p[0], &c, 1) == -1 && errno == EAGAIN, "empty read EAGAIN");
    close(p[0]);
    close(p[1]);

    check(pipe2(p, O_CLOEXEC) == 0, "pipe2 O_CLOEXEC");
    printf("O_CLOEXEC: FD_CLOEXEC %d %d, nonblock %d\n", fcntl(p[0], F_GETFD), fcntl(p[1], F_GETFD),
           !!(fcntl(p[0], F_GETFL) & O_NONBLOCK));
    check(fcntl(p[0], F_GETFD) == FD_CLOEXEC && fcntl(p[1], F_GETFD) == FD_CLOEXEC, "FD_CLOEXEC on both");
    close(p[0]);
    close(p[1]);

    check(pipe2(p, O_CLOEXEC | O_NONBLOCK) == 0, "both flags");
    check(fcntl(p[0], F_GETFD) == FD_CLOEXEC && (fcntl(p[1], F_GETFL) & O_NONBLOCK), "both set");
    close(p[0]);
    close(p[1]);

    check(pipe(p) == 0, "pipe");
    check(fcntl(p[0], F_GETFD) == 0 && !(fcntl(p[1], F_GETFL) & O_NONBLOCK), "pipe: neither");
    close(p[0]);
    close(p[1]);

    errno = 0;
    int r = pipe2(p, O_APPEND);
    printf("pipe2(O_APPEND): %d %s\n", r, errname(errno));
    check(r == -1 && errno == EINVAL, "unknown flag EINVAL");
    int fd = open("/dev/null", O_RDONLY);
    errno = 0;
    r = fcntl(fd, F_GETPIPE_SZ);
    printf("F_GETPIPE_SZ on /dev/null: %d %s\n", r, errname(errno));
    check(r == -1 && errno == EBADF, "not a pipe: EBADF");
    return done();
}
