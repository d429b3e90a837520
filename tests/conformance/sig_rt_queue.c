/* Real-time signals queue: SIGRTMIN+1 sent twice with kill while blocked is delivered twice;
 * sigqueue's value arrives in si_value with si_code SI_QUEUE (-1); pending real-time signals are
 * delivered lowest number first, in sending order for one number. */
#include "conf.h"

static int log_[16], vals[16], n;
static void h(int s, siginfo_t *si, void *c) { (void)c; log_[n] = s; vals[n] = si->si_value.sival_int; n++; }

int main(void)
{
    int a = SIGRTMIN + 1, b = SIGRTMIN + 3;
    printf("SIGRTMIN (musl) %d\n", SIGRTMIN);
    on_info(a, h, 0);
    on_info(b, h, 0);
    block(a);
    block(b);
    kill(getpid(), a);
    kill(getpid(), a);
    unblock(a);
    printf("SIGRTMIN+1 sent twice while blocked: delivered %d time(s)\n", n);
    check(n == 2 && log_[0] == a && log_[1] == a, "queued, delivered twice");

    n = 0;
    block(a);
    sigqueue(getpid(), b, (union sigval){.sival_int = 30});
    sigqueue(getpid(), a, (union sigval){.sival_int = 10});
    sigqueue(getpid(), b, (union sigval){.sival_int = 31});
    sigqueue(getpid(), a, (union sigval){.sival_int = 11});
    /* Both blocked; handlers with a full sa_mask so they run one at a time; one unblock. */
    sigset_t both;
    sigemptyset(&both);
    sigaddset(&both, a);
    sigaddset(&both, b);
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = h;
    sa.sa_flags = SA_SIGINFO;
    sigfillset(&sa.sa_mask);
    sigaction(a, &sa, NULL);
    sigaction(b, &sa, NULL);
    sigprocmask(SIG_UNBLOCK, &both, NULL);
    printf("sigqueue b:30 a:10 b:31 a:11, full sa_mask, ran:");
    for (int i = 0; i < n; i++)
        printf(" %s:%d", log_[i] == a ? "a" : "b", vals[i]);
    printf("\n");
    check(n == 4 && log_[0] == a && vals[0] == 10 && log_[1] == a && vals[1] == 11 && log_[2] == b &&
              vals[2] == 30 && log_[3] == b && vals[3] == 31, "lowest first, FIFO per signal");
    siginfo_t si;
    memset(&si, 0, sizeof si);
    block(a);
    sigqueue(getpid(), a, (union sigval){.sival_int = 5});
    sigset_t only;
    sigemptyset(&only);
    sigaddset(&only, a);
    int got = sigwaitinfo(&only, &si);
    printf("sigwaitinfo: %s, si_code %d value %d\n", got == a ? "SIGRTMIN+1" : "?", si.si_code, si.si_value.sival_int);
    check(got == a && si.si_code == SI_QUEUE && si.si_value.sival_int == 5, "SI_QUEUE and value");
    return done();
}
