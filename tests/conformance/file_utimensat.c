/* utimensat/futimens: a missing path is ENOENT (touch relies on it to create the file), explicit
 * times show in stat, UTIME_OMIT keeps one, UTIME_NOW sets the clock's, a bad tv_nsec is EINVAL,
 * unknown flags EINVAL, a bad times pointer EFAULT; futimens on a descriptor. */
#include "conf.h"
#include <sys/stat.h>

int main(void)
{
    const char *d = scratch_dir();
    char path[128];
    snprintf(path, sizeof path, "%s/f", d);
    errno = 0;
    check(utimensat(AT_FDCWD, path, NULL, 0) < 0 && errno == ENOENT, "a missing file: ENOENT");
    int fd = open(path, O_RDWR | O_CREAT, 0644);
    check(fd >= 0, "create");
    struct timespec t[2] = {{1000000000, 5}, {1200000000, 999999999}};
    check(utimensat(AT_FDCWD, path, t, 0) == 0, "set explicit times");
    struct stat st;
    stat(path, &st);
    printf("atime %lld.%09ld mtime %lld.%09ld\n", (long long)st.st_atim.tv_sec, st.st_atim.tv_nsec,
           (long long)st.st_mtim.tv_sec, st.st_mtim.tv_nsec);
    check(st.st_atim.tv_sec == 1000000000 && st.st_mtim.tv_nsec == 999999999, "stat shows them");
    struct timespec o[2] = {{0, UTIME_OMIT}, {1300000000, 0}};
    check(utimensat(AT_FDCWD, path, o, 0) == 0, "UTIME_OMIT for atime");
    stat(path, &st);
    check(st.st_atim.tv_sec == 1000000000 && st.st_mtim.tv_sec == 1300000000, "atime kept, mtime set");
    struct timespec n[2] = {{0, UTIME_NOW}, {0, UTIME_NOW}};
    check(futimens(fd, n) == 0, "futimens UTIME_NOW");
    fstat(fd, &st);
    check(st.st_mtim.tv_sec > 1300000000, "mtime is the clock's now");
    struct timespec bad[2] = {{0, 1000000000}, {0, 0}};
    errno = 0;
    check(utimensat(AT_FDCWD, path, bad, 0) < 0 && errno == EINVAL, "tv_nsec 1e9: EINVAL");
    errno = 0;
    check(utimensat(AT_FDCWD, path, NULL, 0x4) < 0 && errno == EINVAL, "unknown flag: EINVAL");
    errno = 0;
    check(syscall(SYS_utimensat, AT_FDCWD, path, (void *)16, 0) < 0 && errno == EFAULT, "bad times: EFAULT");
    errno = 0;
    check(futimens(-1, NULL) < 0 && errno == EBADF, "futimens(-1): EBADF");
    unlink(path);
    rmdir(d);
    return done();
}
