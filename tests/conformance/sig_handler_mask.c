/* During a handler its own signal and its sa_mask are blocked; a signal sent then stays pending
 * and is delivered after sigreturn, which restores the mask. Handler of USR1 has sa_mask {USR2}. */
#include "conf.h"

static char log_[128];
static int depth, maxdepth, entries;

static void logs(const char *s) { strncat(log_, s, sizeof log_ - strlen(log_) - 1); }

static void h(int s)
{
    depth++;
    if (depth > maxdepth)
        maxdepth = depth;
    entries++;
    char b[16];
    snprintf(b, sizeof b, "%d ", s);
    logs(b);
    if (s == SIGUSR1 && entries == 1) {
        print_mask("inside the USR1 handler, mask");
        kill(getpid(), SIGUSR2);
        kill(getpid(), SIGUSR1);
        print_pending("inside, after sending USR2 and USR1, pending");
        check(is_pending(SIGUSR1) && is_pending(SIGUSR2) && entries == 1, "both stay pending");
    } else if (s == SIGUSR2) {
        print_mask("inside the USR2 handler, mask");
    }
    depth--;
}

int main(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = h;
    sigemptyset(&sa.sa_mask);
    sigaddset(&sa.sa_mask, SIGUSR2);
    sigaction(SIGUSR1, &sa, NULL);
    on(SIGUSR2, h, 0);
    kill(getpid(), SIGUSR1);
    printf("handlers ran: %s\n", log_);
    check(strcmp(log_, "10 10 12 ") == 0, "order 10 10 12");
    check(maxdepth == 1, "never nested");
    print_mask("after the handlers, mask");
    check(!is_blocked(SIGUSR1) && !is_blocked(SIGUSR2), "mask restored");
    return done();
}
