/* A blocking write larger than the pipe, with nobody reading, moves 65536 bytes and waits; a
 * handler (ITIMER_REAL, 50 ms) then ends it: the write returns the 65536 already moved, with or
 * without SA_RESTART (data moved: no EINTR, no restart) [host]. A blocking read returns what is
 * there at once, even when less than asked. */
#include "conf.h"

static volatile int got;
static void h(int s) { (void)s; got++; }
static char big[100000], sink[100000];

int main(void)
{
    for (int restart = 0; restart <= 1; restart++) {
        int p[2];
        pipe(p);
        on(SIGALRM, h, restart ? SA_RESTART : 0);
        got = 0;
        timer_ms(50);
        errno = 0;
        ssize_t w = write(p[1], big, sizeof big);
        int e = errno;
        printf("%s: handler ran %d, write of %d returned %d %s\n", restart ? "SA_RESTART" : "no SA_RESTART", got,
               (int)sizeof big, (int)w, w < 0 ? errname(e) : "");
        check(got == 1 && w == 65536, "returns the bytes moved");
        ssize_t r = read(p[0], sink, sizeof sink);
        printf("blocking read of %d: %d\n", (int)sizeof sink, (int)r);
        check(r == 65536, "read returns what is there");
        close(p[0]);
        close(p[1]);
    }
    return done();
}
