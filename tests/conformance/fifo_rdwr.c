/* open(O_RDWR) of a FIFO never blocks, with or without O_NONBLOCK: it is a reader and a writer at
 * once [host], so the process can talk to itself, a later O_WRONLY|O_NONBLOCK open succeeds, and a
 * blocking O_RDONLY open returns at once. Data left in the FIFO is lost when the last end closes:
 * a new open finds it empty. */
#include "conf.h"
#include <sys/stat.h>

int main(void)
{
    const char *dir = scratch_dir();
    char path[80];
    snprintf(path, sizeof path, "%s/f", dir);
    mkfifo(path, 0600);
    int fd = open(path, O_RDWR);
    check(fd >= 0, "O_RDWR opens at once");
    printf("F_GETFL accmode %d\n", fcntl(fd, F_GETFL) & O_ACCMODE);
    check((fcntl(fd, F_GETFL) & O_ACCMODE) == O_RDWR, "O_RDWR");
    check(write(fd, "self", 4) == 4, "write");
    char buf[8] = {0};
    check(read(fd, buf, 4) == 4 && memcmp(buf, "self", 4) == 0, "read back its own bytes");
    int w = open(path, O_WRONLY | O_NONBLOCK);
    check(w >= 0, "O_WRONLY|O_NONBLOCK: the O_RDWR end is a reader");
    int r = open(path, O_RDONLY);
    check(r >= 0, "blocking O_RDONLY: the O_RDWR end is a writer");
    check(write(w, "xy", 2) == 2 && read(r, buf, 2) == 2 && memcmp(buf, "xy", 2) == 0, "other ends share it");
    close(w);
    close(r);
    int nb = open(path, O_RDWR | O_NONBLOCK);
    check(nb >= 0, "O_RDWR|O_NONBLOCK");
    errno = 0;
    ssize_t n = read(nb, buf, 1);
    printf("non-blocking read of the empty FIFO (a writer exists): %d %s\n", (int)n, n < 0 ? errname(errno) : "");
    check(n == -1 && errno == EAGAIN, "EAGAIN");
    check(write(fd, "lost", 4) == 4, "bytes left in it");
    close(nb);
    close(fd);
    fd = open(path, O_RDWR | O_NONBLOCK);
    errno = 0;
    n = read(fd, buf, 4);
    printf("after every end closed and a reopen: %d %s\n", (int)n, n < 0 ? errname(errno) : "");
    check(n == -1 && errno == EAGAIN, "the data went with the last close");
    close(fd);
    unlink(path);
    rmdir(dir);
    return done();
}
