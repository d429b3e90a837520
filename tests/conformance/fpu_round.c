/* fpu_round: rounding modes (fesetround, the x87 control word's RC) with rint/nearbyint/lrint/
 * llrint/floor/ceil/trunc/round and with the arithmetic itself; fegetenv/fesetenv/feholdexcept/
 * feupdateenv; the exception flags the operations raise (fetestexcept after feclearexcept). */
#include <fenv.h>
#include <float.h>
#include <math.h>
#include "conf.h"

static volatile double one = 1.0, three = 3.0, zero = 0.0, big = 1e308, tiny = 1e-308;

static void flags(const char *what)
{
    const int e = fetestexcept(FE_ALL_EXCEPT);
    printf("%-18s flags:%s%s%s%s%s\n", what, e & FE_INVALID ? " invalid" : "", e & FE_DIVBYZERO ? " divbyzero" : "",
           e & FE_OVERFLOW ? " overflow" : "", e & FE_UNDERFLOW ? " underflow" : "", e & FE_INEXACT ? " inexact" : "");
}

int main(void)
{
    static const int modes[] = {FE_TONEAREST, FE_DOWNWARD, FE_UPWARD, FE_TOWARDZERO};
    static const char *names[] = {"nearest", "downward", "upward", "towardzero"};
    static const double xs[] = {0.5, 1.5, 2.5, -0.5, -1.5, -2.5, 2.4, -2.6, 1e15 + 0.5, 4503599627370497.0, -0.0};
    for (int m = 0; m < 4; m++) {
        check(fesetround(modes[m]) == 0, "fesetround");
        check(fegetround() == modes[m], "fegetround returns the mode set");
        printf("mode %s:\n", names[m]);
        for (unsigned i = 0; i < sizeof xs / sizeof xs[0]; i++) {
            const double x = xs[i];
            printf("  %.17g: rint %.17g nearbyint %.17g lrint %ld llrint %lld floor %g ceil %g trunc %g round %g\n", x,
                   rint(x), nearbyint(x), lrint(x), llrint(x), floor(x), ceil(x), trunc(x), round(x));
        }
        const double q = one / three;
        const float qf = (float)(one / three);
        const long double ql = (long double)one / three;
        printf("  1/3 = %a float %a long double %La\n", q, qf, ql);
        printf("  -1/3 = %a, 1e308*10 = %g, 1 - 1 = %g, sqrt(2) = %a\n", -one / three, big * 10, one - one, sqrt(2.0));
        printf("  rintl(2.5L) %Lg, %a + %a = %a\n", rintl(2.5L), 1.0, 0x1p-60, one + 0x1p-60);
    }
    fesetround(FE_TONEAREST);

    feclearexcept(FE_ALL_EXCEPT);
    flags("clear");
    volatile double r = one / zero;
    flags("1/0");
    feclearexcept(FE_ALL_EXCEPT);
    r = zero / zero;
    flags("0/0");
    feclearexcept(FE_ALL_EXCEPT);
    r = big * big;
    flags("big*big");
    feclearexcept(FE_ALL_EXCEPT);
    r = tiny * tiny;
    flags("tiny*tiny");
    feclearexcept(FE_ALL_EXCEPT);
    r = one / three;
    flags("1/3");
    feclearexcept(FE_ALL_EXCEPT);
    r = sqrt(-one);
    flags("sqrt(-1)");
    feclearexcept(FE_ALL_EXCEPT);
    r = three * three;
    flags("3*3");
    (void)r;
    feclearexcept(FE_ALL_EXCEPT);
    feraiseexcept(FE_OVERFLOW | FE_INEXACT);
    flags("feraiseexcept");

    fenv_t env, held;
    fesetround(FE_UPWARD);
    feclearexcept(FE_ALL_EXCEPT);
    feraiseexcept(FE_DIVBYZERO);
    check(fegetenv(&env) == 0, "fegetenv");
    fesetround(FE_DOWNWARD);
    feclearexcept(FE_ALL_EXCEPT);
    check(fegetround() == FE_DOWNWARD, "mode changed after fegetenv");
    check(fesetenv(&env) == 0, "fesetenv");
    check(fegetround() == FE_UPWARD, "fesetenv restores the rounding mode");
    check(fetestexcept(FE_DIVBYZERO) == FE_DIVBYZERO, "fesetenv restores the flags");
    check(feholdexcept(&held) == 0 && fetestexcept(FE_ALL_EXCEPT) == 0, "feholdexcept clears the flags");
    r = one / three;
    check(fetestexcept(FE_INEXACT) != 0, "1/3 is inexact");
    check(feupdateenv(&held) == 0, "feupdateenv");
    check(fetestexcept(FE_DIVBYZERO | FE_INEXACT) == (FE_DIVBYZERO | FE_INEXACT), "feupdateenv merges the flags");
    check(fesetenv(FE_DFL_ENV) == 0 && fegetround() == FE_TONEAREST && fetestexcept(FE_ALL_EXCEPT) == 0,
          "FE_DFL_ENV");
    return done();
}
