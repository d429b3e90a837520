/* Default action "core": QUIT ILL TRAP ABRT BUS FPE SEGV SYS XCPU XFSZ, each sent with kill, end the
 * child with that signal. The core bit depends on the host's core-dump setup, so it is masked off
 * here (RLIMIT_CORE is 0 in the child); sig_core_bit checks it. */
#include "conf.h"
#include <sys/resource.h>

static const int sigs[] = {SIGQUIT, SIGILL, SIGTRAP, SIGABRT, SIGBUS,
                           SIGFPE,  SIGSEGV, SIGSYS, SIGXCPU, SIGXFSZ};

int main(void)
{
    for (unsigned i = 0; i < sizeof sigs / sizeof sigs[0]; i++) {
        int s = sigs[i];
        pid_t p = xfork();
        if (p == 0) {
            struct rlimit rl = {0, 0};
            setrlimit(RLIMIT_CORE, &rl);
            kill(getpid(), s);
            _exit(100);
        }
        int st = wait_for(p, 0);
        char what[64];
        printf("signal %d: signaled %d termsig %d\n", s, WIFSIGNALED(st), WTERMSIG(st));
        snprintf(what, sizeof what, "signal %d kills the child", s);
        check(WIFSIGNALED(st) && WTERMSIG(st) == s, what);
    }
    return done();
}
