/* execve keeps the signal mask and the pending set: USR1 blocked and pending (sent with kill),
 * USR2 blocked only, before exec; after exec both still blocked, USR1 still pending, and once a
 * handler is installed and USR1 unblocked it is delivered once. The program re-executes itself.
 * conformance: needs-exec */
#include "conf.h"

static volatile int got;
static void h(int s) { (void)s; got++; }

int main(int argc, char **argv)
{
    if (argc > 1 && strcmp(argv[1], "--after-exec") == 0) {
        print_mask("after exec: mask");
        print_pending("after exec: pending");
        check(is_blocked(SIGUSR1) && is_blocked(SIGUSR2), "mask kept");
        check(is_pending(SIGUSR1) && !is_pending(SIGUSR2), "pending kept");
        on(SIGUSR1, h, 0);
        unblock(SIGUSR1);
        printf("after unblocking: delivered %d time(s)\n", got);
        check(got == 1, "delivered after exec");
        return done();
    }
    block(SIGUSR1);
    block(SIGUSR2);
    kill(getpid(), SIGUSR1);
    print_mask("before exec: mask");
    print_pending("before exec: pending");
    fflush(stdout);
    execl(argv[0], argv[0], "--after-exec", (char *)0);
    printf("execl failed: %s\n", errname(errno));
    return 99;
}
