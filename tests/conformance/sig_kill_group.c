/* kill(0, sig) signals the caller's own process group, the caller included; kill(-pgrp, sig) a
 * given group; a group that does not exist is ESRCH. Everything runs under a child that leads a
 * new process group, so no other process is touched. */
#include "conf.h"

static volatile int got1, got2, fin;
static void h(int s) { if (s == SIGUSR1) got1 = 1; else if (s == SIGUSR2) got2 = 1; else fin = 1; }

static pid_t member(int own_group)
{
    pid_t p = xfork();
    if (p == 0) {
        if (own_group)
            setpgid(0, 0);
        sigset_t empty;
        sigemptyset(&empty);
        while (!fin)
            sigsuspend(&empty);
        _exit(got1 | got2 << 1);
    }
    if (own_group)
        setpgid(p, p);
    return p;
}

static int leader(void)
{
    setpgid(0, 0);
    on(SIGUSR1, h, 0);
    on(SIGUSR2, h, 0);
    on(SIGTERM, h, 0);
    sigset_t s;
    sigemptyset(&s);
    sigaddset(&s, SIGUSR1);
    sigaddset(&s, SIGUSR2);
    sigaddset(&s, SIGTERM);
    sigprocmask(SIG_BLOCK, &s, NULL);
    pid_t same = member(0), other = member(1);
    printf("member in my group: %s; other member leads its own: %s\n",
           getpgid(same) == getpgrp() ? "yes" : "no", getpgid(other) == other ? "yes" : "no");
    int r = kill(0, SIGUSR1);
    printf("kill(0, SIGUSR1): %d, pending here %s\n", r, is_pending(SIGUSR1) ? "yes" : "no");
    check(r == 0 && is_pending(SIGUSR1), "kill(0) includes the caller");
    r = kill(-other, SIGUSR2);
    printf("kill(-other group, SIGUSR2): %d, pending here %s\n", r, is_pending(SIGUSR2) ? "yes" : "no");
    check(r == 0 && !is_pending(SIGUSR2), "kill(-pgrp) reaches only that group");
    kill(same, SIGTERM);
    kill(other, SIGTERM);
    int a = wait_for(same, 0), b = wait_for(other, 0);
    printf("same-group member got: USR1 %d USR2 %d\n", WEXITSTATUS(a) & 1, WEXITSTATUS(a) >> 1 & 1);
    printf("other-group member got: USR1 %d USR2 %d\n", WEXITSTATUS(b) & 1, WEXITSTATUS(b) >> 1 & 1);
    check(WIFEXITED(a) && WEXITSTATUS(a) == 1, "same group: USR1 only");
    check(WIFEXITED(b) && WEXITSTATUS(b) == 2, "other group: USR2 only");
    /* The other member's group is gone once it is reaped. */
    errno = 0;
    r = kill(-other, SIGUSR2);
    printf("kill(-reaped group): %d %s\n", r, errname(errno));
    check(r == -1 && errno == ESRCH, "ESRCH");
    sigprocmask(SIG_UNBLOCK, &s, NULL);
    check(got1 && !got2, "caller's handler ran for USR1");
    return done();
}

int main(void)
{
    pid_t p = xfork();
    if (p == 0)
        _exit(leader());
    int st = wait_for(p, 0);
    return WIFEXITED(st) ? WEXITSTATUS(st) : 101;
}
