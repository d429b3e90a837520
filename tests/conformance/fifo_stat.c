/* A FIFO stats as S_IFIFO (ls -l shows 'p') with its mode after the umask, lstat too; fstat of an
 * open end says S_IFIFO with the node's own inode number and device; readdir shows DT_FIFO.
 * mkfifo on an existing name fails EEXIST; mknod(S_IFIFO) makes one too. [host] */
#include "conf.h"
#include <dirent.h>
#include <sys/stat.h>

static char letter(mode_t m)
{
    return S_ISFIFO(m) ? 'p' : S_ISDIR(m) ? 'd' : S_ISREG(m) ? '-' : S_ISCHR(m) ? 'c' : S_ISLNK(m) ? 'l' : '?';
}

int main(void)
{
    const char *dir = scratch_dir();
    char path[80], path2[80];
    snprintf(path, sizeof path, "%s/f", dir);
    snprintf(path2, sizeof path2, "%s/g", dir);
    umask(022);
    check(mkfifo(path, 0666) == 0, "mkfifo");
    struct stat st, lst, fst;
    check(stat(path, &st) == 0 && lstat(path, &lst) == 0, "stat, lstat");
    printf("ls -l style: %c%03o, lstat %c, size %lld, nlink %d\n", letter(st.st_mode), (unsigned)(st.st_mode & 0777),
           letter(lst.st_mode), (long long)st.st_size, (int)st.st_nlink);
    check(S_ISFIFO(st.st_mode) && (st.st_mode & 07777) == 0644 && S_ISFIFO(lst.st_mode), "S_IFIFO 0644");
    errno = 0;
    int r = mkfifo(path, 0600);
    printf("mkfifo again: %d %s\n", r, errname(errno));
    check(r == -1 && errno == EEXIST, "EEXIST");
    int fd = open(path, O_RDWR);
    check(fd >= 0 && fstat(fd, &fst) == 0, "fstat of an open end");
    printf("fstat: %c%03o, same inode as stat %s, same device %s\n", letter(fst.st_mode),
           (unsigned)(fst.st_mode & 0777), fst.st_ino == st.st_ino ? "yes" : "no", fst.st_dev == st.st_dev ? "yes" : "no");
    check(S_ISFIFO(fst.st_mode) && fst.st_ino == st.st_ino && fst.st_dev == st.st_dev, "fstat is the node");
    write(fd, "abc", 3);
    fstat(fd, &fst);
    printf("fstat size with 3 bytes in it: %lld\n", (long long)fst.st_size);
    close(fd);
    check(mknod(path2, S_IFIFO | 0600, 0) == 0, "mknod S_IFIFO");
    check(stat(path2, &st) == 0 && S_ISFIFO(st.st_mode), "it is a FIFO");
    DIR *d = opendir(dir);
    struct dirent *e;
    int fifos = 0, names = 0;
    while ((e = readdir(d)))
        if (e->d_name[0] != '.') {
            names++;
            fifos += e->d_type == DT_FIFO;
        }
    closedir(d);
    printf("readdir: %d names, %d with d_type DT_FIFO\n", names, fifos);
    check(fifos == 2, "DT_FIFO");
    unlink(path);
    unlink(path2);
    rmdir(dir);
    return done();
}
