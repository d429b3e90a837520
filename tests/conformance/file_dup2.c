/* dup/dup2/fcntl: dup takes the lowest free descriptor, dup2 onto stdout redirects it into a file
 * and back, dup2(fd, fd) returns fd, a bad descriptor is EBADF, duplicates share the offset, and
 * dup2 clears FD_CLOEXEC on the new descriptor. */
#include "conf.h"

int main(void)
{
    char path[64];
    const char *dir = scratch_dir();
    snprintf(path, sizeof path, "%s/file", dir);
    int fd = open(path, O_CREAT | O_RDWR | O_TRUNC, 0644);
    fflush(stdout);
    int saved = dup(1);
    int r1 = dup2(fd, 1);
    printf("into the file\n");
    fflush(stdout);
    int r2 = dup2(saved, 1);
    close(saved);
    check(r1 == 1, "dup2 onto stdout");
    check(r2 == 1, "stdout restored");
    char buf[64] = {0};
    pread(fd, buf, sizeof buf - 1, 0);
    printf("the file holds: %s", buf);
    check(strcmp(buf, "into the file\n") == 0, "redirected output");
    close(3 == fd ? 4 : 3);
    int d = dup(fd);
    printf("dup returns the lowest free descriptor: %s\n", d == (fd == 3 ? 4 : 3) ? "yes" : "no");
    check(d == (fd == 3 ? 4 : 3), "lowest free");
    lseek(fd, 5, SEEK_SET);
    printf("duplicates share the offset: %s\n", lseek(d, 0, SEEK_CUR) == 5 ? "yes" : "no");
    check(lseek(d, 0, SEEK_CUR) == 5, "shared offset");
    check(dup2(fd, fd) == fd, "dup2(fd, fd) returns fd");
    errno = 0;
    check(dup2(99, 20) == -1 && errno == EBADF, "dup2 of a closed fd: EBADF");
    errno = 0;
    check(dup(99) == -1 && errno == EBADF, "dup of a closed fd: EBADF");
    errno = 0;
    check(dup2(fd, -1) == -1 && errno == EBADF, "dup2 onto -1: EBADF");
    fcntl(fd, F_SETFD, FD_CLOEXEC);
    int e = dup2(fd, 20);
    printf("FD_CLOEXEC: original %d, dup2 copy %d\n", fcntl(fd, F_GETFD), fcntl(e, F_GETFD));
    check(fcntl(fd, F_GETFD) == FD_CLOEXEC && fcntl(e, F_GETFD) == 0, "dup2 clears FD_CLOEXEC");
    int f = fcntl(fd, F_DUPFD, 30);
    printf("F_DUPFD 30: %d\n", f);
    check(f == 30, "F_DUPFD lowest >= 30");
    close(e);
    close(f);
    close(d);
    close(fd);
    unlink(path);
    rmdir(dir);
    return done();
}
