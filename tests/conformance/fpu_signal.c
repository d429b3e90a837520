/* fpu_signal: signal handlers that do x87 arithmetic, interrupting x87 code (values on the
 * register stack, a non-default rounding mode): after sigreturn the interrupted computation goes
 * on with its own state, so every pass of a fixed series gives the same bits however many
 * SIGALRMs (ITIMER_REAL) hit it and wherever they hit. Also a synchronous handler (raise) that
 * changes the rounding mode and the flags: the caller's come back.
 * fpu_signal.expected/.status: Linux's result (a handler starts with the FNINIT state, sigreturn
 * restores the interrupted x87 state); qemu-i386 7.2's sigreturn does not restore the x87 control
 * word, and its handlers can leave the interrupted computation wrong. */
#include <fenv.h>
#include <math.h>
#include "conf.h"

static volatile int ticks;
static volatile double handler_result;

static void on_alarm(int sig)
{
    (void)sig;
    volatile double a = ticks + 0.5, b = 3.0;
    fesetround(FE_DOWNWARD);
    handler_result = sqrt(a) / b + sin(a) * 1e10;  /* the handler's own stack and rounding */
    feraiseexcept(FE_OVERFLOW);
    ticks++;
}

static void on_usr1(int sig)
{
    (void)sig;
    fesetround(FE_TOWARDZERO);
    volatile double z = 0.0;
    handler_result = 1.0 / z;  /* divbyzero in the handler only */
}

__attribute__((noinline)) static long double pass(void)
{
    long double acc = 0, x = 1.0L;
    for (int k = 1; k <= 300; k++) {
        x = x * 1.0001L + 1.0L / k;
        acc += x / (k + 0.5L) - acc / 1000.0L;
    }
    return acc;
}

int main(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_alarm;
    sigaction(SIGALRM, &sa, NULL);
    sa.sa_handler = on_usr1;
    sigaction(SIGUSR1, &sa, NULL);

    fesetround(FE_UPWARD);
    feclearexcept(FE_ALL_EXCEPT);
    const long double first = pass();
    struct itimerval it = {{0, 10000}, {0, 10000}};
    setitimer(ITIMER_REAL, &it, NULL);
    int passes = 0, same = 1;
    while (ticks < 4 || passes < 3) {
        if (pass() != first) same = 0;
        passes++;
        if (passes > 1000000) break;
    }
    struct itimerval off = {{0, 0}, {0, 0}};
    setitimer(ITIMER_REAL, &off, NULL);
    printf("first pass %.21Lg\n", first);
    check(ticks >= 4, "SIGALRM handlers ran during the computation");
    check(same, "every pass gave the same bits");
    check(fegetround() == FE_UPWARD, "the interrupted code keeps its rounding mode");
    check(fetestexcept(FE_OVERFLOW) == 0, "the handler's flags stay in the handler");

    feclearexcept(FE_ALL_EXCEPT);
    volatile double one = 1.0, three = 3.0;
    raise(SIGUSR1);
    check(fegetround() == FE_UPWARD, "after a synchronous handler: the rounding mode is the caller's");
    check(fetestexcept(FE_DIVBYZERO) == 0, "after a synchronous handler: its divbyzero is gone");
    printf("1/3 upward %a, handler's 1/0 %g\n", one / three, handler_result);
    fesetround(FE_TONEAREST);
    return done();
}
