/* SIGKILL and SIGSTOP cannot be caught or ignored: sigaction/signal on them fail EINVAL (a query
 * with no new action succeeds), and a child ignoring and blocking everything still dies of SIGKILL. */
#include "conf.h"

static void h(int s) { (void)s; }

static int try_sigaction(int sig, void (*fn)(int))
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = fn;
    errno = 0;
    return sigaction(sig, &sa, NULL) == 0 ? 0 : errno;
}

int main(void)
{
    static const int sigs[] = {SIGKILL, SIGSTOP};
    for (int i = 0; i < 2; i++) {
        int s = sigs[i];
        int e1 = try_sigaction(s, h), e2 = try_sigaction(s, SIG_IGN), e3 = try_sigaction(s, SIG_DFL);
        printf("signal %d: handler %s, SIG_IGN %s, SIG_DFL %s\n", s, errname(e1), errname(e2), errname(e3));
        check(e1 == EINVAL && e2 == EINVAL && e3 == EINVAL, "sigaction EINVAL");
        errno = 0;
        void (*r)(int) = signal(s, SIG_IGN);
        printf("signal(%d, SIG_IGN): %s %s\n", s, r == SIG_ERR ? "SIG_ERR" : "ok", errname(errno));
        check(r == SIG_ERR && errno == EINVAL, "signal() SIG_ERR EINVAL");
        struct sigaction old;
        int q = sigaction(s, NULL, &old);
        check(q == 0 && old.sa_handler == SIG_DFL, "query succeeds, SIG_DFL");
    }
    pid_t p = xfork();
    if (p == 0) {
        for (int s = 1; s < 32; s++)
            signal(s, SIG_IGN);
        sigset_t all;
        sigfillset(&all);
        sigprocmask(SIG_SETMASK, &all, NULL);
        for (;;)
            pause();
    }
    kill(p, SIGKILL);
    int st = wait_for(p, 0);
    printf("child ignoring and blocking all, SIGKILL: status 0x%x\n", st);
    check(WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL, "SIGKILL kills it");
    return done();
}
