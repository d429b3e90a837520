/* File I/O in /tmp without pipes: open O_CREAT|O_EXCL with umask 022, write, lseek (SET, CUR,
 * END, past the end), read, pread, fstat (size, S_ISREG, mode), O_APPEND, ftruncate, unlink. */
#include "conf.h"
#include <sys/stat.h>

int main(void)
{
    char path[64];
    const char *dir = scratch_dir();
    snprintf(path, sizeof path, "%s/file", dir);
    umask(022);
    int fd = open(path, O_CREAT | O_EXCL | O_RDWR, 0666);
    check(fd >= 0, "create");
    errno = 0;
    check(open(path, O_CREAT | O_EXCL | O_RDWR, 0666) == -1 && errno == EEXIST, "O_EXCL: EEXIST");
    ssize_t w = write(fd, "hello, world\n", 13);
    printf("write: %d\n", (int)w);
    check(w == 13, "write 13");
    off_t o1 = lseek(fd, 0, SEEK_CUR), o2 = lseek(fd, 7, SEEK_SET), o3 = lseek(fd, -6, SEEK_END);
    printf("lseek CUR %ld, SET 7 -> %ld, END-6 -> %ld\n", (long)o1, (long)o2, (long)o3);
    check(o1 == 13 && o2 == 7 && o3 == 7, "lseek");
    char buf[32] = {0};
    ssize_t r = read(fd, buf, sizeof buf - 1);
    printf("read: %d '%.5s'\n", (int)r, buf);
    check(r == 6 && memcmp(buf, "world\n", 6) == 0, "read the tail");
    check(read(fd, buf, 1) == 0, "read at EOF is 0");
    errno = 0;
    check(lseek(fd, -20, SEEK_SET) == -1 && errno == EINVAL, "negative offset EINVAL");
    lseek(fd, 20, SEEK_SET);
    write(fd, "!", 1);
    struct stat st;
    fstat(fd, &st);
    printf("after writing at 20: size %ld, regular %s, mode %o\n", (long)st.st_size, S_ISREG(st.st_mode) ? "yes" : "no",
           (unsigned)(st.st_mode & 0777));
    check(st.st_size == 21 && S_ISREG(st.st_mode) && (st.st_mode & 0777) == 0644, "fstat");
    memset(buf, 'x', sizeof buf);
    r = pread(fd, buf, 8, 12);
    printf("pread 8 at 12: %d, hole reads as zero %s, offset unchanged %s\n", (int)r,
           buf[1] == 0 && buf[7] == 0 ? "yes" : "no", lseek(fd, 0, SEEK_CUR) == 21 ? "yes" : "no");
    check(r == 8 && buf[0] == '\n' && buf[1] == 0 && buf[8] == 'x', "pread and hole");
    ftruncate(fd, 5);
    fstat(fd, &st);
    check(st.st_size == 5, "ftruncate");
    close(fd);
    fd = open(path, O_WRONLY | O_APPEND);
    lseek(fd, 0, SEEK_SET);
    write(fd, "++", 2);
    fstat(fd, &st);
    close(fd);
    fd = open(path, O_RDONLY);
    memset(buf, 0, sizeof buf);
    r = read(fd, buf, sizeof buf - 1);
    printf("after O_APPEND: %d '%s'\n", (int)r, buf);
    check(r == 7 && strcmp(buf, "hello++") == 0, "O_APPEND writes at the end");
    errno = 0;
    check(write(fd, "x", 1) == -1 && errno == EBADF, "write on O_RDONLY: EBADF");
    close(fd);
    check(unlink(path) == 0, "unlink");
    errno = 0;
    check(open(path, O_RDONLY) == -1 && errno == ENOENT, "gone: ENOENT");
    errno = 0;
    check(unlink(path) == -1 && errno == ENOENT, "unlink again: ENOENT");
    rmdir(dir);
    return done();
}
