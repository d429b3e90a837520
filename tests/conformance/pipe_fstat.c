/* fstat of a pipe end: S_IFIFO (ls -l type letter 'p'), both ends the same inode, size 0,
 * and a second pipe has a different inode. lseek on a pipe fails ESPIPE. [host] */
#include "conf.h"
#include <sys/stat.h>

int main(void)
{
    int p[2], q[2];
    pipe(p);
    pipe(q);
    struct stat s0, s1, s2;
    check(fstat(p[0], &s0) == 0 && fstat(p[1], &s1) == 0 && fstat(q[0], &s2) == 0, "fstat");
    printf("type letter %c, S_ISFIFO %d %d\n", S_ISFIFO(s0.st_mode) ? 'p' : '?', S_ISFIFO(s0.st_mode),
           S_ISFIFO(s1.st_mode));
    check(S_ISFIFO(s0.st_mode) && S_ISFIFO(s1.st_mode), "S_IFIFO");
    printf("same inode for both ends %s, other pipe differs %s\n", s0.st_ino == s1.st_ino ? "yes" : "no",
           s0.st_ino != s2.st_ino ? "yes" : "no");
    check(s0.st_ino == s1.st_ino && s0.st_ino != s2.st_ino, "inodes");
    write(p[1], "abc", 3);
    fstat(p[0], &s0);
    printf("st_size with 3 bytes in it: %lld\n", (long long)s0.st_size);
    check(s0.st_size == 0, "size 0");
    errno = 0;
    off_t o = lseek(p[0], 0, SEEK_CUR);
    int e = errno;
    printf("lseek: %lld %s\n", (long long)o, e == ESPIPE ? "ESPIPE" : errname(e));
    check(o == -1 && e == ESPIPE, "ESPIPE");
    return done();
}
