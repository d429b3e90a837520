/* TSTP TTIN TTOU stop a process by default (WSTOPSIG 20 21 22), STOP stops it even when every
 * signal is blocked. A job-control stop in an orphaned process group is discarded, so the target
 * runs in its own process group under a session leader: not orphaned on any system. */
#include "conf.h"

static int run_leader(void)
{
    setsid();
    pid_t b = xfork();
    if (b == 0) {
        setpgid(0, 0);
        for (;;)
            pause();
    }
    setpgid(b, b);
    static const int sigs[] = {SIGTSTP, SIGTTIN, SIGTTOU};
    for (unsigned i = 0; i < 3; i++) {
        kill(b, sigs[i]);
        int st = wait_for(b, WUNTRACED);
        char what[64];
        printf("signal %d: status 0x%x stopsig %d\n", sigs[i], st, WIFSTOPPED(st) ? WSTOPSIG(st) : -1);
        snprintf(what, sizeof what, "signal %d stops", sigs[i]);
        check(WIFSTOPPED(st) && WSTOPSIG(st) == sigs[i], what);
        kill(b, SIGCONT);
        st = wait_for(b, WCONTINUED);
        check(WIFCONTINUED(st), "SIGCONT continues it");
    }
    kill(b, SIGKILL);
    int st = wait_for(b, 0);
    printf("after SIGKILL: status 0x%x\n", st);
    check(WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL, "SIGKILL ends it");

    /* A child blocking everything: SIGSTOP still stops it. */
    int fds[2];
    pipe(fds);
    b = xfork();
    if (b == 0) {
        sigset_t all;
        sigfillset(&all);
        sigprocmask(SIG_SETMASK, &all, NULL);
        setpgid(0, 0);
        put_byte(fds[1], 'r');
        for (;;)
            pause();
    }
    setpgid(b, b);
    get_byte(fds[0]);
    kill(b, SIGSTOP);
    st = wait_for(b, WUNTRACED);
    printf("blocked-all child, SIGSTOP: status 0x%x\n", st);
    check(WIFSTOPPED(st) && WSTOPSIG(st) == SIGSTOP, "SIGSTOP stops a child blocking all");
    kill(b, SIGKILL);
    st = wait_for(b, 0);
    check(WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL, "SIGKILL kills a stopped child blocking all");
    return done();
}

int main(void)
{
    pid_t a = xfork();
    if (a == 0)
        _exit(run_leader());
    int st = wait_for(a, 0);
    return WIFEXITED(st) ? WEXITSTATUS(st) : 101;
}
