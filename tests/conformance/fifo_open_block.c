/* A blocking open of a FIFO waits for the other end [host]: the reader's open(O_RDONLY) returns
 * once a forked child opens it O_WRONLY, and the writer's open(O_WRONLY) once a child opens it
 * O_RDONLY; data then flows, and EOF follows the writer's close. */
#include "conf.h"
#include <sys/stat.h>

int main(void)
{
    const char *dir = scratch_dir();
    char path[80];
    snprintf(path, sizeof path, "%s/f", dir);
    check(mkfifo(path, 0600) == 0, "mkfifo");

    /* Reader first. */
    pid_t k = xfork();
    if (k == 0) {
        msleep(50);
        int w = open(path, O_WRONLY);
        write(w, "to reader", 9);
        close(w);
        _exit(w >= 0 ? 0 : 1);
    }
    int r = open(path, O_RDONLY);
    check(r >= 0, "reader's blocking open returned");
    char buf[32] = {0};
    size_t got = 0;
    ssize_t n;
    while ((n = read(r, buf + got, sizeof buf - 1 - got)) > 0)
        got += (size_t)n;
    printf("reader got '%s', then %d\n", buf, (int)n);
    check(got == 9 && strcmp(buf, "to reader") == 0 && n == 0, "data, then EOF");
    close(r);
    check(wait_for(k, 0) == 0, "child writer");

    /* Writer first. */
    k = xfork();
    if (k == 0) {
        msleep(50);
        int rd = open(path, O_RDONLY);
        char b[32] = {0};
        ssize_t m = read(rd, b, sizeof b - 1);
        printf("child reader got '%s'\n", m > 0 ? b : "");
        fflush(stdout);
        _exit(m == 9 && strcmp(b, "to writer") == 0 ? 0 : 1);
    }
    int w = open(path, O_WRONLY);
    check(w >= 0, "writer's blocking open returned");
    check(write(w, "to writer", 9) == 9, "write");
    check(wait_for(k, 0) == 0, "child reader got it");
    close(w);
    unlink(path);
    rmdir(dir);
    return done();
}
