/* fork: the child inherits dispositions and the mask; its pending set is empty; alarms are not
 * inherited. */
#include "conf.h"

static void h(int s) { (void)s; }

int main(void)
{
    on(SIGUSR1, h, SA_RESTART);
    signal(SIGUSR2, SIG_IGN);
    block(SIGINT);
    block(SIGTERM);
    kill(getpid(), SIGTERM);
    check(is_pending(SIGTERM), "parent: SIGTERM pending");
    alarm(10);
    pid_t p = xfork();
    if (p == 0) {
        struct sigaction a, b;
        sigaction(SIGUSR1, NULL, &a);
        sigaction(SIGUSR2, NULL, &b);
        printf("child: USR1 handler inherited %s (SA_RESTART %s), USR2 ignored %s\n",
               a.sa_handler == h ? "yes" : "no", a.sa_flags & SA_RESTART ? "yes" : "no",
               b.sa_handler == SIG_IGN ? "yes" : "no");
        check(a.sa_handler == h && (a.sa_flags & SA_RESTART) && b.sa_handler == SIG_IGN, "dispositions");
        print_mask("child: mask");
        check(is_blocked(SIGINT) && is_blocked(SIGTERM), "mask inherited");
        print_pending("child: pending");
        check(!is_pending(SIGTERM), "pending set empty");
        unsigned left = alarm(0);
        printf("child: alarm(0) returns %u\n", left);
        check(left == 0, "alarm not inherited");
        _exit(done());
    }
    int st = wait_for(p, 0);
    unsigned left = alarm(0);
    printf("parent: alarm still set %s\n", left > 0 && left <= 10 ? "yes" : "no");
    check(left > 0 && left <= 10, "parent's alarm kept");
    check(is_pending(SIGTERM), "parent: SIGTERM still pending");
    printf("child status 0x%x\n", st);
    check(WIFEXITED(st) && WEXITSTATUS(st) == 0, "child checks passed");
    signal(SIGTERM, SIG_IGN);
    return done();
}
