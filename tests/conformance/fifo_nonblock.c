/* FIFO opens with O_NONBLOCK [host]: read-only succeeds at once with no writer, and a read of a
 * FIFO that never had a writer returns 0, not EAGAIN. Write-only with no reader fails ENXIO; with
 * a reader open it succeeds. With a writer open and nothing written, a non-blocking read fails
 * EAGAIN; after the writer closes, 0 again. */
#include "conf.h"
#include <sys/stat.h>

static const char *en(int e) { return e == ENXIO ? "ENXIO" : errname(e); }

int main(void)
{
    const char *dir = scratch_dir();
    char path[80];
    snprintf(path, sizeof path, "%s/f", dir);
    mkfifo(path, 0600);
    errno = 0;
    int w0 = open(path, O_WRONLY | O_NONBLOCK);
    int e = errno;
    printf("O_WRONLY|O_NONBLOCK, no reader: %d %s\n", w0, w0 < 0 ? en(e) : "");
    check(w0 == -1 && e == ENXIO, "ENXIO");
    int r = open(path, O_RDONLY | O_NONBLOCK);
    check(r >= 0, "O_RDONLY|O_NONBLOCK opens at once");
    char c;
    errno = 0;
    ssize_t n = read(r, &c, 1);
    e = errno;
    printf("read, never had a writer: %d %s\n", (int)n, n < 0 ? en(e) : "");
    check(n == 0, "0, not EAGAIN");
    int w = open(path, O_WRONLY | O_NONBLOCK);
    check(w >= 0, "O_WRONLY|O_NONBLOCK with a reader");
    printf("F_GETFL of the write end: accmode %d nonblock %d\n", fcntl(w, F_GETFL) & O_ACCMODE,
           !!(fcntl(w, F_GETFL) & O_NONBLOCK));
    errno = 0;
    n = read(r, &c, 1);
    e = errno;
    printf("read, writer open, empty: %d %s\n", (int)n, n < 0 ? en(e) : "");
    check(n == -1 && e == EAGAIN, "EAGAIN");
    check(write(w, "q", 1) == 1 && read(r, &c, 1) == 1 && c == 'q', "a byte through");
    close(w);
    n = read(r, &c, 1);
    printf("read after the writer closed: %d\n", (int)n);
    check(n == 0, "EOF");
    /* A blocking write-only open succeeds at once when a reader is there. */
    w = open(path, O_WRONLY);
    check(w >= 0, "blocking O_WRONLY with a reader present");
    close(w);
    close(r);
    errno = 0;
    w0 = open(path, O_WRONLY | O_NONBLOCK);
    e = errno;
    check(w0 == -1 && e == ENXIO, "ENXIO again once the reader closed");
    unlink(path);
    rmdir(dir);
    return done();
}
