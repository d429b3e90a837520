/* SA_RESETHAND: the disposition is back to SIG_DFL once the handler is entered, and the signal is
 * still blocked inside that handler unless SA_NODEFER is also set [host]; the next send takes the
 * default action. */
#include "conf.h"

static int entries, blocked_inside, dfl_inside;

static void h(int s)
{
    struct sigaction cur;
    sigaction(s, NULL, &cur);
    dfl_inside = cur.sa_handler == SIG_DFL;
    blocked_inside = is_blocked(s);
    entries++;
}

static int child(int flags)
{
    on(SIGUSR1, h, SA_RESETHAND | flags);
    kill(getpid(), SIGUSR1);
    printf("%s: entries %d, SIG_DFL inside %d, blocked inside %d\n",
           flags ? "SA_RESETHAND|SA_NODEFER" : "SA_RESETHAND", entries, dfl_inside, blocked_inside);
    check(entries == 1 && dfl_inside, "reset to SIG_DFL on delivery");
    check(blocked_inside == !flags, flags ? "not blocked inside" : "blocked inside");
    fflush(stdout);
    kill(getpid(), SIGUSR1); /* default action now: terminate */
    printf("survived the second SIGUSR1\n");
    return done();
}

int main(void)
{
    for (int i = 0; i < 2; i++) {
        pid_t p = xfork();
        if (p == 0)
            _exit(child(i ? SA_NODEFER : 0));
        int st = wait_for(p, 0);
        printf("child status 0x%x\n", st);
        check(WIFSIGNALED(st) && WTERMSIG(st) == SIGUSR1, "second SIGUSR1 killed the child");
    }
    return done();
}
