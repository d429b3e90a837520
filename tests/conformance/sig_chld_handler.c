/* A SIGCHLD handler sees si_code CLD_EXITED (1) with the exit code, CLD_KILLED (2) with the
 * signal, and si_pid the child; the zombie remains for waitpid. */
#include "conf.h"

static volatile int got;
static siginfo_t last;
static void h(int s, siginfo_t *si, void *c) { (void)s; (void)c; last = *si; got++; }

static void one(int kill_it)
{
    got = 0;
    pid_t p = xfork();
    if (p == 0) {
        if (!kill_it)
            _exit(4);
        for (;;)
            pause();
    }
    if (kill_it)
        kill(p, SIGTERM);
    sigset_t empty;
    sigemptyset(&empty);
    while (!got)
        sigsuspend(&empty);
    printf("%s: si_signo %d si_code %d si_status %d si_pid is the child %s\n",
           kill_it ? "killed by SIGTERM" : "exit(4)", last.si_signo, last.si_code, last.si_status,
           last.si_pid == p ? "yes" : "no");
    check(last.si_signo == SIGCHLD && last.si_pid == p, "SIGCHLD from the child");
    check(kill_it ? last.si_code == CLD_KILLED && last.si_status == SIGTERM
                  : last.si_code == CLD_EXITED && last.si_status == 4, "si_code and si_status");
    int st = wait_for(p, 0);
    printf("waitpid status 0x%x\n", st);
}

int main(void)
{
    on_info(SIGCHLD, h, 0);
    block(SIGCHLD);
    one(0);
    one(1);
    printf("CLD_EXITED %d CLD_KILLED %d\n", CLD_EXITED, CLD_KILLED);
    return done();
}
