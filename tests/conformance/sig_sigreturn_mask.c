/* sigreturn restores the mask saved in the frame: a sigprocmask inside a handler is undone on
 * return, while an edit of uc_sigmask in the ucontext becomes the mask after return. */
#include "conf.h"
#include <ucontext.h>

static void h_procmask(int s)
{
    (void)s;
    block(SIGUSR2);
    print_mask("inside after blocking USR2, mask");
}

static void h_ucontext(int s, siginfo_t *si, void *ctx)
{
    (void)s;
    (void)si;
    ucontext_t *uc = ctx;
    sigaddset(&uc->uc_sigmask, SIGUSR2);
    sigaddset(&uc->uc_sigmask, SIGHUP);
}

int main(void)
{
    on(SIGUSR1, h_procmask, 0);
    kill(getpid(), SIGUSR1);
    print_mask("after return, mask");
    check(!is_blocked(SIGUSR2) && !is_blocked(SIGUSR1), "sigprocmask inside a handler undone");

    on_info(SIGUSR1, h_ucontext, 0);
    kill(getpid(), SIGUSR1);
    print_mask("after return from a handler that edited uc_sigmask, mask");
    check(is_blocked(SIGUSR2) && is_blocked(SIGHUP) && !is_blocked(SIGUSR1), "uc_sigmask installed");

    /* uc_sigmask holds the mask of the interrupted code. */
    sigset_t s;
    sigemptyset(&s);
    sigaddset(&s, SIGTERM);
    sigprocmask(SIG_SETMASK, &s, NULL);
    on(SIGUSR1, h_procmask, 0);
    kill(getpid(), SIGUSR1);
    print_mask("interrupted code had {15}; after return, mask");
    check(is_blocked(SIGTERM) && !is_blocked(SIGUSR2), "interrupted mask restored");
    return done();
}
