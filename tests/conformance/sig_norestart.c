/* pause, sigsuspend and nanosleep are never restarted: -1 EINTR after a handler even with
 * SA_RESTART [host]. nanosleep reports the time left. The interruption is an ITIMER_REAL of 50 ms. */
#include "conf.h"

static volatile int got;
static void h(int s) { (void)s; got++; }

int main(void)
{
    on(SIGALRM, h, SA_RESTART);

    timer_ms(50);
    errno = 0;
    int r = pause();
    printf("pause: %d %s, handler ran %d\n", r, errname(errno), got);
    check(r == -1 && errno == EINTR && got == 1, "pause EINTR");

    got = 0;
    sigset_t empty;
    sigemptyset(&empty);
    timer_ms(50);
    errno = 0;
    r = sigsuspend(&empty);
    printf("sigsuspend: %d %s, handler ran %d\n", r, errname(errno), got);
    check(r == -1 && errno == EINTR && got == 1, "sigsuspend EINTR");

    got = 0;
    struct timespec req = {5, 0}, rem = {0, 0};
    timer_ms(50);
    errno = 0;
    r = nanosleep(&req, &rem);
    printf("nanosleep(5 s): %d %s, handler ran %d, time left between 4 and 5 s %s\n", r, errname(errno),
           got, rem.tv_sec >= 4 && rem.tv_sec < 5 ? "yes" : "no");
    check(r == -1 && errno == EINTR && got == 1 && rem.tv_sec >= 4 && rem.tv_sec < 5, "nanosleep EINTR");
    return done();
}
