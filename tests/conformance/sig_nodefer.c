/* SA_NODEFER: the handler's own signal is not blocked inside it, so a send from inside nests at
 * once (before kill returns). Without it the second delivery waits for sigreturn. */
#include "conf.h"

static int depth, maxdepth, entries, blocked_inside;

static void h(int s)
{
    depth++;
    entries++;
    if (depth > maxdepth)
        maxdepth = depth;
    if (entries == 1) {
        blocked_inside = is_blocked(s);
        kill(getpid(), s);
    }
    depth--;
}

int main(void)
{
    on(SIGUSR1, h, SA_NODEFER);
    kill(getpid(), SIGUSR1);
    printf("SA_NODEFER: blocked inside %d, entries %d, max depth %d\n", blocked_inside, entries, maxdepth);
    check(!blocked_inside && entries == 2 && maxdepth == 2, "nested delivery");

    depth = maxdepth = entries = 0;
    on(SIGUSR1, h, 0);
    kill(getpid(), SIGUSR1);
    printf("no SA_NODEFER: blocked inside %d, entries %d, max depth %d\n", blocked_inside, entries, maxdepth);
    check(blocked_inside && entries == 2 && maxdepth == 1, "deferred delivery");

    /* SA_NODEFER does not remove sa_mask members. */
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = h;
    sa.sa_flags = SA_NODEFER;
    sigemptyset(&sa.sa_mask);
    sigaddset(&sa.sa_mask, SIGUSR1);
    sigaction(SIGUSR1, &sa, NULL);
    depth = maxdepth = entries = 0;
    kill(getpid(), SIGUSR1);
    printf("SA_NODEFER with USR1 in sa_mask: blocked inside %d, max depth %d\n", blocked_inside, maxdepth);
    check(blocked_inside && maxdepth == 1, "sa_mask still applies");
    return done();
}
