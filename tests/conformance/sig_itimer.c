/* setitimer(ITIMER_REAL): a one-shot fires SIGALRM once; setitimer returns the old value; an
 * interval timer fires repeatedly until cancelled; getitimer after cancelling reads zero. */
#include "conf.h"

static volatile int got;
static void h(int s) { (void)s; got++; }

int main(void)
{
    on(SIGALRM, h, 0);
    struct itimerval it = {{0, 0}, {0, 30000}}, old, cur;
    int r = setitimer(ITIMER_REAL, &it, &old);
    printf("setitimer 30 ms: %d, old value zero %s\n", r, old.it_value.tv_sec == 0 && old.it_value.tv_usec == 0 ? "yes" : "no");
    check(r == 0 && old.it_value.tv_usec == 0 && old.it_value.tv_sec == 0, "no old timer");
    getitimer(ITIMER_REAL, &cur);
    printf("getitimer: value in (0, 30 ms] %s, interval 0 %s\n",
           cur.it_value.tv_sec == 0 && cur.it_value.tv_usec > 0 && cur.it_value.tv_usec <= 30000 ? "yes" : "no",
           cur.it_interval.tv_sec == 0 && cur.it_interval.tv_usec == 0 ? "yes" : "no");
    sigset_t empty;
    sigemptyset(&empty);
    while (!got)
        sigsuspend(&empty);
    msleep(60);
    printf("one-shot: fired %d time(s)\n", got);
    check(got == 1, "one-shot fires once");

    /* SIGALRM blocked outside sigsuspend, so exactly three are handled; a fourth that comes before
     * the cancel stays pending and is discarded by SIG_IGN. */
    got = 0;
    block(SIGALRM);
    struct itimerval per = {{0, 10000}, {0, 10000}};
    setitimer(ITIMER_REAL, &per, NULL);
    while (got < 3)
        sigsuspend(&empty);
    struct itimerval zero = {{0, 0}, {0, 0}};
    setitimer(ITIMER_REAL, &zero, &old);
    signal(SIGALRM, SIG_IGN);
    on(SIGALRM, h, 0);
    unblock(SIGALRM);
    printf("interval 10 ms: fired %d times, old interval 10 ms %s\n", got,
           old.it_interval.tv_sec == 0 && old.it_interval.tv_usec == 10000 ? "yes" : "no");
    check(got == 3 && old.it_interval.tv_usec == 10000, "periodic");
    getitimer(ITIMER_REAL, &cur);
    printf("after cancelling: value zero %s\n", cur.it_value.tv_sec == 0 && cur.it_value.tv_usec == 0 ? "yes" : "no");
    check(cur.it_value.tv_sec == 0 && cur.it_value.tv_usec == 0, "cancelled");
    msleep(40);
    check(got == 3, "no more SIGALRM");
    /* alarm and ITIMER_REAL are the same timer. */
    alarm(7);
    getitimer(ITIMER_REAL, &cur);
    printf("after alarm(7): getitimer seconds %ld..%ld %s\n", 6L, 7L,
           cur.it_value.tv_sec >= 6 && cur.it_value.tv_sec <= 7 ? "yes" : "no");
    check(cur.it_value.tv_sec >= 6 && cur.it_value.tv_sec <= 7, "alarm shares ITIMER_REAL");
    alarm(0);
    errno = 0;
    r = setitimer(ITIMER_REAL, &(struct itimerval){{0, 0}, {0, 1000000}}, NULL);
    printf("tv_usec 1000000: %d %s\n", r, errname(errno));
    check(r == -1 && errno == EINVAL, "EINVAL");
    return done();
}
