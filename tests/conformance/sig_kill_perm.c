/* kill permission: allowed if privileged, or if the sender's real or effective uid equals the
 * target's real or saved uid; SIGCONT needs only the same session. [host] Run as root: targets and
 * senders are children that drop to uids 1000/2000/3000 with setresuid. conformance: needs-root */
#include "conf.h"

struct target { const char *desc; uid_t r, e, s; int new_session; pid_t pid; };
static struct target t[] = {
    {"2000/2000/2000", 2000, 2000, 2000, 0, 0}, {"2000/2000/saved 1000", 2000, 2000, 1000, 0, 0},
    {"2000/eff 1000/2000", 2000, 1000, 2000, 0, 0}, {"real 1000/2000/2000", 1000, 2000, 2000, 0, 0},
    {"2000/2000/2000 other session", 2000, 2000, 2000, 1, 0},
};
enum { NT = sizeof t / sizeof t[0] };

/* Sender (r, e, s): one line per target and signal; returns the number of unexpected results. */
static int sender(uid_t r, uid_t e, uid_t s, const int *want_usr1, const int *want_cont)
{
    if (setresuid(r, e, s) != 0)
        return 50;
    int bad = 0;
    for (int i = 0; i < NT; i++) {
        errno = 0;
        int k1 = kill(t[i].pid, SIGUSR1) == 0 ? 0 : errno;
        errno = 0;
        int k0 = kill(t[i].pid, 0) == 0 ? 0 : errno;
        errno = 0;
        int kc = kill(t[i].pid, SIGCONT) == 0 ? 0 : errno;
        printf("sender %d/%d/%d -> %s: USR1 %s, 0 %s, CONT %s\n", (int)r, (int)e, (int)s, t[i].desc,
               errname(k1), errname(k0), errname(kc));
        bad += k1 != want_usr1[i] || k0 != want_usr1[i] || kc != want_cont[i];
    }
    fflush(stdout);
    return bad;
}

int main(void)
{
    int ready[2], hold[2];
    pipe(ready);
    pipe(hold);
    for (int i = 0; i < NT; i++) {
        t[i].pid = xfork();
        if (t[i].pid == 0) {
            close(hold[1]);
            signal(SIGUSR1, SIG_IGN);
            if (t[i].new_session)
                setsid();
            if (setresuid(t[i].r, t[i].e, t[i].s) != 0)
                _exit(1);
            put_byte(ready[1], 'r');
            char c;
            while (read(hold[0], &c, 1) != 0) {
            }
            _exit(0);
        }
        get_byte(ready[0]);
    }
    close(hold[0]);
    static const struct { uid_t r, e, s; int usr1[NT], cont[NT]; } senders[] = {
        {1000, 1000, 1000, {EPERM, 0, EPERM, 0, EPERM}, {0, 0, 0, 0, EPERM}},
        {3000, 3000, 2000, {EPERM, EPERM, EPERM, EPERM, EPERM}, {0, 0, 0, 0, EPERM}},
        {3000, 2000, 3000, {0, 0, 0, 0, 0}, {0, 0, 0, 0, 0}},
        {2000, 3000, 3000, {0, 0, 0, 0, 0}, {0, 0, 0, 0, 0}},
    };
    for (unsigned k = 0; k < sizeof senders / sizeof senders[0]; k++) {
        pid_t p = xfork();
        if (p == 0)
            _exit(sender(senders[k].r, senders[k].e, senders[k].s, senders[k].usr1, senders[k].cont));
        int st = wait_for(p, 0);
        check(WIFEXITED(st) && WEXITSTATUS(st) == 0, "as the rule says");
    }
    int ok = 1;
    for (int i = 0; i < NT; i++)
        ok &= kill(t[i].pid, SIGUSR1) == 0;
    check(ok, "root may signal all of them");
    close(hold[1]);
    for (int i = 0; i < NT; i++)
        wait_for(t[i].pid, 0);
    return done();
}
