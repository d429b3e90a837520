/* Signal numbers of the i386 ABI, and which numbers rt_sigaction accepts (1..64; 0 and 65 EINVAL). */
#include "conf.h"

static const struct { const char *name; int num, want; } table[] = {
    {"HUP", SIGHUP, 1},     {"INT", SIGINT, 2},       {"QUIT", SIGQUIT, 3},   {"ILL", SIGILL, 4},
    {"TRAP", SIGTRAP, 5},   {"ABRT", SIGABRT, 6},     {"BUS", SIGBUS, 7},     {"FPE", SIGFPE, 8},
    {"KILL", SIGKILL, 9},   {"USR1", SIGUSR1, 10},    {"SEGV", SIGSEGV, 11},  {"USR2", SIGUSR2, 12},
    {"PIPE", SIGPIPE, 13},  {"ALRM", SIGALRM, 14},    {"TERM", SIGTERM, 15},  {"STKFLT", SIGSTKFLT, 16},
    {"CHLD", SIGCHLD, 17},  {"CONT", SIGCONT, 18},    {"STOP", SIGSTOP, 19},  {"TSTP", SIGTSTP, 20},
    {"TTIN", SIGTTIN, 21},  {"TTOU", SIGTTOU, 22},    {"URG", SIGURG, 23},    {"XCPU", SIGXCPU, 24},
    {"XFSZ", SIGXFSZ, 25},  {"VTALRM", SIGVTALRM, 26}, {"PROF", SIGPROF, 27}, {"WINCH", SIGWINCH, 28},
    {"IO", SIGIO, 29},      {"PWR", SIGPWR, 30},      {"SYS", SIGSYS, 31},
};

/* The kernel's struct sigaction for rt_sigaction on i386. */
struct ksa { void *handler; unsigned long flags; void *restorer; unsigned mask[2]; };

static int query(int sig)
{
    struct ksa old;
    return syscall(SYS_rt_sigaction, sig, NULL, &old, 8) == 0 ? 0 : errno;
}

int main(void)
{
    int all = 1;
    for (unsigned i = 0; i < sizeof table / sizeof table[0]; i++) {
        printf("SIG%s %d\n", table[i].name, table[i].num);
        all &= table[i].num == table[i].want;
    }
    check(all, "numbers 1..31 as on x86");
    int ok = 1;
    for (int s = 1; s <= 64; s++)
        ok &= query(s) == 0;
    check(ok, "rt_sigaction query accepts 1..64");
    printf("rt_sigaction(0): %s\n", errname(query(0)));
    check(query(0) == EINVAL, "signal 0 EINVAL");
    printf("rt_sigaction(65): %s\n", errname(query(65)));
    check(query(65) == EINVAL, "signal 65 EINVAL");
    /* Setting SIG_DFL on the real-time range 32..64 is allowed. */
    ok = 1;
    for (int s = 32; s <= 64; s++) {
        struct ksa sa = {SIG_DFL, 0, NULL, {0, 0}};
        ok &= syscall(SYS_rt_sigaction, s, &sa, NULL, 8) == 0;
    }
    check(ok, "SIG_DFL settable on 32..64");
    printf("SIGRTMAX %d\n", SIGRTMAX);
    check(SIGRTMAX == 64, "SIGRTMAX 64");
    return done();
}
