/* alarm(n) returns the seconds left on the previous alarm (0 if none), alarm(0) cancels, a new call
 * replaces the old one; a 1 s alarm then fires: with a handler pause() returns EINTR, with the
 * default action SIGALRM terminates (child status 0x0e). */
#include "conf.h"

static volatile int got;
static void h(int s) { (void)s; got++; }

int main(void)
{
    unsigned r = alarm(0);
    printf("alarm(0) with none set: %u\n", r);
    check(r == 0, "no previous alarm");
    r = alarm(10);
    printf("alarm(10): %u\n", r);
    check(r == 0, "first alarm returns 0");
    r = alarm(5);
    printf("alarm(5) replacing alarm(10): %u\n", r);
    check(r == 10, "returns the seconds left, rounded");
    r = alarm(0);
    printf("alarm(0) cancelling alarm(5): %u\n", r);
    check(r == 5, "cancel returns the seconds left");
    r = alarm(0);
    printf("alarm(0) again: %u\n", r);
    check(r == 0, "cancelled");

    pid_t p = xfork();
    if (p == 0) {
        alarm(1);
        for (;;)
            pause();
    }
    on(SIGALRM, h, 0);
    alarm(1);
    errno = 0;
    int pr = pause();
    printf("pause after alarm(1): %d %s, handler ran %d\n", pr, errname(errno), got);
    check(pr == -1 && errno == EINTR && got == 1, "alarm fired");
    r = alarm(0);
    check(r == 0, "a fired alarm is gone");
    int st = wait_for(p, 0);
    printf("child with a default SIGALRM: status 0x%x\n", st);
    check(WIFSIGNALED(st) && WTERMSIG(st) == SIGALRM && st == 0x0e, "terminated by SIGALRM");
    return done();
}
