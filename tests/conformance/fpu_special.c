/* fpu_special: the four operations and sqrt on special values (infinities, NaNs, denormals, signed
 * zeros), comparisons and NaN ordering (FUCOMI/FCOMI, FUCOMPP, FTST, FXAM through fpclassify). */
#include <float.h>
#include <math.h>
#include "conf.h"

static const char *cls(double x)
{
    switch (fpclassify(x)) {
    case FP_NAN: return "nan";
    case FP_INFINITE: return "inf";
    case FP_ZERO: return "zero";
    case FP_SUBNORMAL: return "subnormal";
    default: return "normal";
    }
}

static void show(const char *what, double x)
{
    if (isnan(x))
        printf("%-14s %s%s\n", what, signbit(x) ? "-" : "+", "nan");
    else
        printf("%-14s %a (%s)\n", what, x, cls(x));
}

int main(void)
{
    volatile double v[] = {0.0, -0.0, 1.0, -1.0, INFINITY, -INFINITY, NAN, 4.9406564584124654e-324,
                           -2.2250738585072009e-308, 1.7976931348623157e308, 3.0};
    const int n = sizeof v / sizeof v[0];
    char buf[64];
    for (int i = 0; i < n; i++) {
        snprintf(buf, sizeof buf, "sqrt[%d]", i);
        show(buf, sqrt(v[i]));
        for (int j = 0; j < n; j++) {
            const double a = v[i], b = v[j];
            printf("[%d,%d] ", i, j);
            snprintf(buf, sizeof buf, "+");
            show(buf, a + b);
            printf("      ");
            show("-", a - b);
            printf("      ");
            show("*", a * b);
            printf("      ");
            show("/", a / b);
            printf("      cmp: < %d <= %d == %d != %d > %d >= %d unordered %d islessgreater %d\n", a < b, a <= b,
                   a == b, a != b, a > b, a >= b, isunordered(a, b), islessgreater(a, b));
        }
    }
    volatile float f = 1e-45f, g = 3.0f;
    printf("float subnormal: %a %a %a\n", (double)(f * g), (double)(f / g), (double)(f - f));
    volatile long double la = LDBL_MIN, lb = 3.0L;
    printf("long double subnormal: %La %La\n", la / lb, la * la);
    volatile double x = 0.0;
    check(signbit(-x) && !signbit(x), "negation flips the sign of zero");
    check(signbit(-0.0 + -0.0) && !signbit(-0.0 + 0.0), "zero sums follow the rounding mode");
    check(fabs(-3.0) == 3.0 && !signbit(fabs(-0.0)), "fabs");
    check(isnan(sqrt(-1.0)), "sqrt(-1) is a NaN");
    check(signbit(sqrt(-0.0)), "sqrt(-0) is -0");
    return done();
}
