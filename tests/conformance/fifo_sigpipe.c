/* FIFO ends follow the pipe rules [host]: once the reader closes, a write fails EPIPE with SIGPIPE
 * ignored (and kills the writer by default); once the writer closes, the reader sees the bytes left
 * and then EOF. A FIFO carries more than its 65536-byte capacity between two processes, and
 * F_GETPIPE_SZ works on a FIFO end. An unlinked FIFO keeps working for the ends already open. */
#include "conf.h"
#include <sys/stat.h>

int main(void)
{
    const char *dir = scratch_dir();
    char path[80];
    snprintf(path, sizeof path, "%s/f", dir);
    mkfifo(path, 0600);
    int r = open(path, O_RDONLY | O_NONBLOCK);
    int w = open(path, O_WRONLY);
    printf("F_GETPIPE_SZ of a FIFO: %d\n", fcntl(w, F_GETPIPE_SZ));
    check(fcntl(w, F_GETPIPE_SZ) == 65536, "F_GETPIPE_SZ");
    check(unlink(path) == 0, "unlink while open");
    write(w, "left", 4);
    close(w);
    char buf[8];
    ssize_t n1 = read(r, buf, sizeof buf);
    ssize_t n2 = read(r, buf, sizeof buf);
    printf("after the writer closed: %d then %d\n", (int)n1, (int)n2);
    check(n1 == 4 && n2 == 0, "bytes left, then EOF");
    close(r);

    mkfifo(path, 0600);
    r = open(path, O_RDONLY | O_NONBLOCK);
    w = open(path, O_WRONLY);
    close(r);
    pid_t k = xfork();
    if (k == 0) {
        write(w, "x", 1);
        _exit(100);
    }
    int st = wait_for(k, 0);
    printf("writer with the reader gone, default SIGPIPE: status 0x%x\n", st);
    check(WIFSIGNALED(st) && WTERMSIG(st) == SIGPIPE, "killed by SIGPIPE");
    signal(SIGPIPE, SIG_IGN);
    errno = 0;
    ssize_t n = write(w, "x", 1);
    int e = errno;
    printf("SIGPIPE ignored: %d %s\n", (int)n, errname(e));
    check(n == -1 && e == EPIPE, "EPIPE");
    close(w);

    /* 200000 bytes through the FIFO to a child. */
    k = xfork();
    if (k == 0) {
        int rd = open(path, O_RDONLY);
        static char b[10000];
        long total = 0;
        unsigned sum = 0;
        ssize_t m;
        while ((m = read(rd, b, sizeof b)) > 0) {
            for (ssize_t i = 0; i < m; i++)
                sum = sum * 31 + (unsigned char)b[i];
            total += m;
        }
        printf("child read %ld bytes, checksum %08x\n", total, sum);
        fflush(stdout);
        _exit(0);
    }
    w = open(path, O_WRONLY);
    static char big[200000];
    unsigned sum = 0;
    for (int i = 0; i < (int)sizeof big; i++) {
        big[i] = (char)(i % 253);
        sum = sum * 31 + (unsigned char)big[i];
    }
    ssize_t put = write(w, big, sizeof big);
    close(w);
    printf("parent wrote %d, checksum %08x\n", (int)put, sum);
    check(put == (ssize_t)sizeof big && wait_for(k, 0) == 0, "bulk transfer");
    unlink(path);
    rmdir(dir);
    return done();
}
