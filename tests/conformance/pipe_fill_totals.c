/* Linux counts pipe capacity in 16 page slots: a write of at most PIPE_BUF is merged into the last
 * page only when it fits there. Non-blocking fill totals before EAGAIN [host]: 1-byte writes 65536;
 * 100 or 1000 bytes 64000; 3000 -> 48000; 4096 -> 65536; 5000 -> 54096 (a plain byte ring would
 * say 65536 for all). Also the count of successful writes and the last one's size. */
#include "conf.h"

static char buf[8192];

int main(void)
{
    static const int sizes[] = {1, 100, 1000, 3000, 4096, 5000};
    static const long expect[] = {65536, 64000, 64000, 48000, 65536, 54096};
    for (int i = 0; i < 6; i++) {
        int p[2];
        pipe2(p, O_NONBLOCK);
        long total = 0;
        int writes = 0, last = 0, e = 0;
        for (;;) {
            ssize_t r = write(p[1], buf, sizeof buf < (size_t)sizes[i] ? sizeof buf : (size_t)sizes[i]);
            if (r < 0) {
                e = errno;
                break;
            }
            total += r;
            writes++;
            last = (int)r;
        }
        printf("%d-byte writes: total %ld in %d writes (last %d), then %s\n", sizes[i], total, writes, last, errname(e));
        char what[64];
        snprintf(what, sizeof what, "%d-byte fill total %ld", sizes[i], expect[i]);
        check(total == expect[i] && e == EAGAIN, what);
        close(p[0]);
        close(p[1]);
    }
    return done();
}
