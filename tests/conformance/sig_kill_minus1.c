/* kill(-1, sig): every process the sender may signal, except init and itself. Never done as
 * root here: the sender is a child with uid 3000, so it reaches only the uid-3000 processes (two
 * siblings), not a uid-3001 one, not the root parent, not itself; it returns 0. A sender whose uid
 * matches nobody still gets 0 (other processes exist, EPERM is not reported for -1).
 * conformance: needs-root */
#include "conf.h"

static volatile int got, fin;
static void h(int s) { if (s == SIGUSR1) got = 1; else fin = 1; }

static pid_t target(uid_t uid, int ready)
{
    pid_t p = xfork();
    if (p == 0) {
        if (setresuid(uid, uid, uid) != 0)
            _exit(50);
        put_byte(ready, 'r');
        sigset_t empty;
        sigemptyset(&empty);
        while (!fin)
            sigsuspend(&empty);
        _exit(got);
    }
    return p;
}

int main(void)
{
    on(SIGUSR1, h, 0);
    on(SIGUSR2, h, 0);
    block(SIGUSR1);
    block(SIGUSR2);
    int fds[2];
    pipe(fds);
    static const uid_t uids[] = {3000, 3000, 3001};
    pid_t t[3];
    for (int i = 0; i < 3; i++) {
        t[i] = target(uids[i], fds[1]);
        get_byte(fds[0]);
    }
    pid_t s = xfork();
    if (s == 0) {
        setresuid(3000, 3000, 3000);
        errno = 0;
        int r = kill(-1, SIGUSR1);
        printf("uid 3000: kill(-1, SIGUSR1) %d %s, pending in the sender %s\n", r, errname(errno),
               is_pending(SIGUSR1) ? "yes" : "no");
        setresuid(3002, 3002, 3002);
        errno = 0;
        int r2 = kill(-1, SIGUSR1);
        printf("uid 3002: kill(-1, SIGUSR1) %d %s\n", r2, errname(errno));
        fflush(stdout);
        _exit(r == 0 && !is_pending(SIGUSR1) && r2 == 0 ? 0 : 1);
    }
    int st = wait_for(s, 0);
    check(WIFEXITED(st) && WEXITSTATUS(st) == 0, "sender's view");
    printf("root parent got SIGUSR1: %s\n", is_pending(SIGUSR1) ? "yes" : "no");
    check(!is_pending(SIGUSR1), "root parent not reached");
    for (int i = 0; i < 3; i++) {
        kill(t[i], SIGUSR2);
        st = wait_for(t[i], 0);
        printf("target uid %d got SIGUSR1: %s\n", (int)uids[i], WIFEXITED(st) && WEXITSTATUS(st) == 1 ? "yes" : "no");
        check(WIFEXITED(st) && WEXITSTATUS(st) == (uids[i] == 3000), uids[i] == 3000 ? "reached" : "not reached");
    }
    return done();
}
