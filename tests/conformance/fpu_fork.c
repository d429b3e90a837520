/* fpu_fork: the x87 state is per process: fork copies it (the control word, the exception flags,
 * values on the register stack), a child's changes do not reach its parent, two processes
 * computing at once (preempted in the middle of their x87 code) keep their own registers, and
 * execve starts with the FNINIT state (the program runs itself again with an argument).
 * conformance: needs-exec */
#include <fenv.h>
#include <math.h>
#include "conf.h"

static long double series(int seed)
{
    long double acc = 0;
    for (int rep = 0; rep < 3; rep++)
        for (int k = 1; k <= 400; k++) acc += (long double)(seed + k) / (k * 3.0L + 1.0L) - sqrtl((long double)k);
    return acc;
}

int main(int argc, char **argv)
{
    if (argc > 1) {  /* after execve */
        unsigned short cw, sw;
        __asm__ volatile("fnstcw %0\n\tfnstsw %1" : "=m"(cw), "=m"(sw));
        printf("exec: control word %#x status %#x round %s\n", cw, sw, fegetround() == FE_TONEAREST ? "nearest" : "other");
        return 0;
    }
    volatile double one = 1.0, three = 3.0, zero = 0.0;
    fesetround(FE_UPWARD);
    feclearexcept(FE_ALL_EXCEPT);
    volatile double r = one / zero;
    (void)r;
    /* A value left on the x87 stack across a raw fork system call. */
    double pi_child = 0;
    long pid;
    fflush(stdout);
    __asm__ volatile("fldpi\n\tint $0x80\n\tfstpl %1" : "=a"(pid), "=m"(pi_child) : "0"(2L) : "memory");
    if (pid == 0) {
        printf("child: pi from the inherited stack %.17g\n", pi_child);
        printf("child: round %s, divbyzero %s, 1/3 %a\n", fegetround() == FE_UPWARD ? "upward" : "other",
               fetestexcept(FE_DIVBYZERO) ? "set" : "clear", one / three);
        fesetround(FE_DOWNWARD);
        feclearexcept(FE_ALL_EXCEPT);
        printf("child: now 1/3 %a\n", one / three);
        fflush(stdout);
        _exit(0);
    }
    int st;
    waitpid((pid_t)pid, &st, 0);
    printf("parent: pi %.17g, round %s, divbyzero %s, 1/3 %a\n", pi_child,
           fegetround() == FE_UPWARD ? "upward" : "other", fetestexcept(FE_DIVBYZERO) ? "set" : "clear", one / three);
    fesetround(FE_TONEAREST);

    /* Two processes computing at the same time. */
    const long double expect1 = series(1), expect2 = series(2);
    int fd[2];
    pipe(fd);
    fflush(stdout);
    const pid_t c = fork();
    if (c == 0) {
        long double v = series(2);
        write(fd[1], &v, sizeof v);
        _exit(0);
    }
    const long double mine = series(1);
    long double theirs = 0;
    read(fd[0], &theirs, sizeof theirs);
    waitpid(c, &st, 0);
    printf("series: parent %.21Lg child %.21Lg\n", mine, theirs);
    check(mine == expect1 && theirs == expect2, "concurrent x87 computations keep their own registers");

    fesetround(FE_DOWNWARD);
    fflush(stdout);
    const pid_t e = fork();
    if (e == 0) {
        execl(argv[0], argv[0], "exec", (char *)NULL);
        _exit(127);
    }
    waitpid(e, &st, 0);
    check(WIFEXITED(st) && WEXITSTATUS(st) == 0, "the exec'd program ran");
    fesetround(FE_TONEAREST);
    return done();
}
