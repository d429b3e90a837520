/* fpu_math: libm on the x87 (musl's i386 atan2/exp/log/log2/log10/log1p/expm1 are FPATAN, F2XM1,
 * FYL2X, FYL2XP1, FSCALE; sin/cos/tan/pow are C on extended precision; sqrt is FSQRT; fmod and
 * remainder are FPREM/FPREM1 loops), printed with %.17g. */
#include <float.h>
#include <math.h>
#include "conf.h"

int main(void)
{
    static const double xs[] = {0.0, -0.0, 1e-300, 1e-8, 0.1, 0.5, 0.7853981633974483, 1.0, 1.5707963267948966, 2.0,
                                3.141592653589793, 10.0, 100.0, 1e6, 1e22, -0.3, -2.5, -700.0, 709.0, 710.0};
    for (unsigned i = 0; i < sizeof xs / sizeof xs[0]; i++) {
        const double x = xs[i];
        printf("x=%.17g\n  sin %.17g cos %.17g tan %.17g\n", x, sin(x), cos(x), tan(x));
        printf("  asin %.17g acos %.17g atan %.17g atan2(x,3) %.17g atan2(-1,x) %.17g\n", asin(x), acos(x), atan(x),
               atan2(x, 3.0), atan2(-1.0, x));
        printf("  exp %.17g exp2 %.17g expm1 %.17g log %.17g log2 %.17g log10 %.17g log1p %.17g\n", exp(x), exp2(x),
               expm1(x), log(x), log2(x), log10(x), log1p(x));
        printf("  sqrt %.17g cbrt %.17g pow(x,1.5) %.17g pow(2.5,x) %.17g hypot(x,4) %.17g\n", sqrt(x), cbrt(x),
               pow(x, 1.5), pow(2.5, x), hypot(x, 4.0));
        printf("  sinh %.17g cosh %.17g tanh %.17g fmod(x,0.7) %.17g remainder(x,0.7) %.17g\n", sinh(x), cosh(x),
               tanh(x), fmod(x, 0.7), remainder(x, 0.7));
        int e;
        const double m = frexp(x, &e);
        printf("  frexp %.17g %d ldexp %.17g logb %g ilogb %d modf %.17g\n", m, e, ldexp(x, 3), logb(x), ilogb(x),
               modf(x, &(double){0}));
    }
    printf("sinl(1) %.19Lg cosl(1) %.19Lg expl(1) %.19Lg logl(10) %.19Lg atan2l(1,1)*4 %.19Lg\n", sinl(1.0L),
           cosl(1.0L), expl(1.0L), logl(10.0L), atan2l(1.0L, 1.0L) * 4);
    printf("sqrtl(2) %.21Lg powl(3,0.5) %.19Lg fmodl(1e4000,3) %.19Lg\n", sqrtl(2.0L), powl(3.0L, 0.5L),
           fmodl(1e4000L, 3.0L));
    printf("fmod(1e300, 3) %.17g remainder(1e300, 7) %.17g fmod(-7.5, 2) %g\n", fmod(1e300, 3.0), remainder(1e300, 7.0),
           fmod(-7.5, 2.0));
    check(fabs(sin(M_PI / 6) - 0.5) < 1e-15, "sin(pi/6) = 0.5");
    check(exp(log(10.0)) > 9.999999999 && exp(log(10.0)) < 10.000000001, "exp(log(10)) = 10");
    check(atan2(1.0, 1.0) * 4 == M_PI, "atan2(1,1)*4 = pi");
    return done();
}
