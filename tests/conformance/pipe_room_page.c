/* Room in a full pipe comes back a page slot at a time [host]. The pipe is filled with 4096-byte
 * non-blocking writes (16 full slots). Reading 100 bytes frees nothing: a 100-byte non-blocking
 * write fails EAGAIN. Reading the rest of that first page (3996 more: a whole page read) frees one
 * slot: the 100-byte write now takes it, and a 5000-byte non-blocking write then returns 904 (its
 * 5000 mod 4096 = 904 bytes merge into that 100-byte slot; no slot is left for the other 4096).
 * For contrast: without the 100-byte write a 5000-byte write after a whole page gets one fresh
 * page (4096); and a pipe full of 3000-byte slots takes 904 of a 5000-byte write at once. */
#include "conf.h"

static char buf[8192];

static int full_pipe(int *p, int chunk)
{
    pipe2(p, O_NONBLOCK);
    int total = 0;
    ssize_t r;
    while ((r = write(p[1], buf, chunk)) > 0)
        total += (int)r;
    return total;
}

static void show(const char *what, ssize_t r, int e)
{
    if (r < 0)
        printf("%s: -1 %s\n", what, errname(e));
    else
        printf("%s: %d\n", what, (int)r);
}

int main(void)
{
    int p[2];
    int filled = full_pipe(p, 4096);
    printf("setup: full pipe of 4096-byte writes (%d bytes)\n", filled);
    printf("read 100: %d\n", (int)read(p[0], buf, 100));
    errno = 0;
    ssize_t r = write(p[1], buf, 100);
    show("write 100", r, errno);
    check(r == -1 && errno == EAGAIN, "100 bytes read frees nothing");
    printf("read 3996 (the page is read): %d\n", (int)read(p[0], buf, 3996));
    errno = 0;
    r = write(p[1], buf, 100);
    show("write 100", r, errno);
    check(r == 100, "a whole page read frees a slot");
    errno = 0;
    r = write(p[1], buf, 5000);
    show("write 5000", r, errno);
    check(r == 904, "5000-byte write returns 904");
    errno = 0;
    r = write(p[1], buf, 4096);
    show("write 4096 (nothing to merge, no slot)", r, errno);
    check(r == -1 && errno == EAGAIN, "then EAGAIN");
    close(p[0]);
    close(p[1]);

    int total = full_pipe(p, 4096);
    printf("contrast 1: full pipe of 4096-byte writes (%d), read 4096: %d\n", total, (int)read(p[0], buf, 4096));
    errno = 0;
    r = write(p[1], buf, 5000);
    show("write 5000", r, errno);
    check(r == 4096, "one fresh page");
    close(p[0]);
    close(p[1]);

    total = full_pipe(p, 3000);
    printf("contrast 2: full pipe of 3000-byte writes (%d)\n", total);
    errno = 0;
    r = write(p[1], buf, 5000);
    show("write 5000", r, errno);
    check(r == 904, "904 merged into the last 3000-byte slot");
    errno = 0;
    r = write(p[1], buf, 100);
    show("write 100", r, errno);
    check(r == 100, "100 still merge (3904 + 100 <= 4096)");
    close(p[0]);
    close(p[1]);
    return done();
}
