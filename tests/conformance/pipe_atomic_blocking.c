/* Blocking writes of PIPE_BUF bytes from two writers never interleave: the reader sees whole
 * 4096-byte records of one letter each. [host] Two children write 150 records each. */
#include "conf.h"

#define REC 4096
#define N 150

int main(void)
{
    int p[2];
    pipe(p);
    pid_t kids[2];
    for (int i = 0; i < 2; i++) {
        kids[i] = xfork();
        if (kids[i] == 0) {
            close(p[0]);
            char rec[REC];
            memset(rec, 'a' + i, sizeof rec);
            for (int n = 0; n < N; n++)
                if (write(p[1], rec, REC) != REC)
                    _exit(1);
            _exit(0);
        }
    }
    close(p[1]);
    static char rec[REC];
    int counts[2] = {0, 0}, mixed = 0, bad = 0;
    for (;;) {
        size_t got = 0;
        ssize_t r = 0;
        while (got < REC && (r = read(p[0], rec + got, REC - got)) > 0)
            got += (size_t)r;
        if (got == 0)
            break;
        if (got != REC) {
            bad++;
            break;
        }
        int k = rec[0] - 'a';
        if (k < 0 || k > 1) {
            bad++;
            continue;
        }
        for (int j = 1; j < REC; j++)
            if (rec[j] != rec[0]) {
                mixed++;
                break;
            }
        counts[k]++;
    }
    int s0 = wait_for(kids[0], 0), s1 = wait_for(kids[1], 0);
    printf("records: a %d, b %d, mixed %d, short %d\n", counts[0], counts[1], mixed, bad);
    check(s0 == 0 && s1 == 0, "writers wrote every record whole");
    check(counts[0] == N && counts[1] == N, "all records arrived");
    check(mixed == 0 && bad == 0, "no record interleaved");
    return done();
}
