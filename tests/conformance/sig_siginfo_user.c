/* SA_SIGINFO si_code for signals sent from user space: kill -> SI_USER (0), raise (tkill) ->
 * SI_TKILL (-6) [host]; si_pid / si_uid name the sender. */
#include "conf.h"

static siginfo_t last;
static volatile int got;
static void h(int s, siginfo_t *si, void *c) { (void)s; (void)c; last = *si; got++; }

int main(void)
{
    on_info(SIGUSR1, h, 0);
    kill(getpid(), SIGUSR1);
    printf("kill: signo %d code %d pid is self %s uid %d\n", last.si_signo, last.si_code,
           last.si_pid == getpid() ? "yes" : "no", (int)last.si_uid);
    check(got == 1 && last.si_signo == SIGUSR1 && last.si_code == SI_USER && last.si_pid == getpid() &&
              last.si_uid == getuid(), "kill: SI_USER, sender self");
    raise(SIGUSR1);
    printf("raise: signo %d code %d pid is self %s\n", last.si_signo, last.si_code,
           last.si_pid == getpid() ? "yes" : "no");
    check(got == 2 && last.si_code == SI_TKILL && last.si_pid == getpid(), "raise: SI_TKILL");
    printf("SI_USER %d SI_TKILL %d SI_KERNEL %d\n", SI_USER, SI_TKILL, SI_KERNEL);

    /* From a child: si_pid is the child's pid. */
    block(SIGUSR2);
    on_info(SIGUSR2, h, 0);
    pid_t p = xfork();
    if (p == 0) {
        kill(getppid(), SIGUSR2);
        _exit(0);
    }
    wait_for(p, 0);
    sigset_t empty;
    sigemptyset(&empty);
    while (got < 3)
        sigsuspend(&empty);
    printf("from a child: signo %d code %d pid is the child %s\n", last.si_signo, last.si_code,
           last.si_pid == p ? "yes" : "no");
    check(last.si_signo == SIGUSR2 && last.si_code == SI_USER && last.si_pid == p, "child's kill");
    return done();
}
