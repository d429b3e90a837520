/* fpu_printf: printf of doubles, floats and long doubles (%f %e %g %a, widths, precisions,
 * special values) — musl's printf does its decimal conversion in long double arithmetic, so every
 * line here runs x87 code (the mini OS's math emulator, os/math_emu.cpp). */
#include <float.h>
#include <math.h>
#include "conf.h"

static const double vals[] = {
    0.0, -0.0, 1.0, -1.0, 0.5, 0.1, 1.0 / 3, 2.0 / 3, 3.14159265358979323846, 2.718281828459045,
    123456789.0, 1e-5, 1e-10, 1e10, 1e22, 1e23, 1e100, 1e-100, 1e300, 1e-300, 123.456, 0.000123456,
    9007199254740993.0, 4503599627370495.5, 1.7976931348623157e308, 2.2250738585072014e-308,
    4.9406564584124654e-324, 1.5e-310, 100.0, 1234.5, 0.05, 0.005, 999999.5, 9.5, 10.5, 0.125,
};

int main(void)
{
    for (unsigned i = 0; i < sizeof vals / sizeof vals[0]; i++) {
        const double v = vals[i];
        printf("%u: %f | %e | %g | %a | %.3f | %.0f | %.17g | %12.4e | %-10.2g|\n", i, v, v, v, v, v, v,
               v, v, v);
    }
    const double inf = INFINITY, nan_ = NAN;
    printf("inf: %f %e %g %a %F %E %G\n", inf, -inf, inf, -inf, inf, -inf, inf);
    printf("nan: %f %e %g %a %F\n", nan_, nan_, nan_, nan_, nan_);
    printf("neg nan: %f\n", -nan_);
    const float fl[] = {0.1f, 1.0f / 3, 3.4028235e38f, 1.17549435e-38f, 1.4e-45f, 16777217.0f, -2.5f};
    for (unsigned i = 0; i < sizeof fl / sizeof fl[0]; i++)
        printf("float %u: %f %e %g %a %.9g\n", i, fl[i], fl[i], fl[i], fl[i], fl[i]);
    const long double ld[] = {1.0L / 3, 0.1L, 3.14159265358979323846264338327950288L, LDBL_MAX,
                              LDBL_MIN, LDBL_EPSILON, -1e4000L, 1e-4000L, 12345678901234567890.0L};
    for (unsigned i = 0; i < sizeof ld / sizeof ld[0]; i++)
        printf("long double %u: %Lf | %Le | %Lg | %La | %.21Lg\n", i, ld[i], ld[i], ld[i], ld[i], ld[i]);
    printf("%.40f\n", 0.1);
    printf("%.60e\n", 1.0 / 3);
    printf("%.1f %.1f %.1f %.1f\n", 0.25, 0.35, 2.5, -0.05);
    printf("%#g %#.0f %+f % f %010.3f\n", 1.0, 2.0, 3.0, 4.0, -5.5);
    char buf[64];
    snprintf(buf, sizeof buf, "%.15g", 0.3);
    check(strcmp(buf, "0.3") == 0, "snprintf %.15g of 0.3 is 0.3");
    snprintf(buf, sizeof buf, "%.17g", 0.1 + 0.2);
    check(strcmp(buf, "0.30000000000000004") == 0, "0.1 + 0.2 rounds to double (0.30000000000000004)");
    return done();
}
