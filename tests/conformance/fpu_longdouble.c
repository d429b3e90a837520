/* fpu_longdouble: long double (80-bit extended) arithmetic and printing (%Lf %Le %Lg %La): the
 * x87's own format, so every digit of the 64-bit significand shows; precision-control effects on
 * double-rounded sums; harmonic and factorial series; LDBL limits. */
#include <float.h>
#include <math.h>
#include "conf.h"

int main(void)
{
    long double h = 0, f = 1, e = 0, term = 1;
    for (int k = 1; k <= 2000; k++) h += 1.0L / k;
    for (int k = 1; k <= 25; k++) f *= k;
    for (int k = 0; k < 30; k++) {
        e += term;
        term /= (k + 1);
    }
    printf("harmonic(2000) %.21Lg\n%La\n", h, h);
    printf("25! %.0Lf %Le\n", f, f);
    printf("e %.21Lf %La\n", e, e);
    volatile long double a = 1.0L, b = 0x1p-63L, c = 0x1p-64L;
    printf("1+2^-63 %La, 1+2^-64 %La, (1+2^-64)-1 %La\n", a + b, a + c, (a + c) - a);
    printf("LDBL_MAX %Le LDBL_MIN %Le LDBL_EPSILON %Le denorm_min %Le\n", LDBL_MAX, LDBL_MIN, LDBL_EPSILON,
           LDBL_MIN * LDBL_EPSILON);
    printf("LDBL_MAX*2 %Lf -LDBL_MAX*2 %Lf LDBL_MIN/2^63 %La /2^64 %La\n", LDBL_MAX * 2, -LDBL_MAX * 2,
           LDBL_MIN / 0x1p63L, LDBL_MIN / 0x1p64L);
    volatile long double x = 1e4000L, y = 3.0L;
    printf("1e4000/3 %.25Le, 1e4000*1e-4000 %.21Lg\n", x / y, x * 1e-4000L);
    printf("sqrtl(3) %.21Lg %La\n", sqrtl(y), sqrtl(y));
    printf("%.30Lf\n%.30Le\n%30.10Lg|\n%-30La|\n", 1.0L / 7, 2.0L / 7, 3.0L / 7, 4.0L / 7);
    /* Double arithmetic is done in extended precision on the x87 (FLT_EVAL_METHOD 2): the sum is
     * rounded once to double at the store. */
    volatile double d1 = 1.0, d2 = 0x1p-53, d3 = 0x1p-78;
    volatile double s = d1 + d2 + d3;
    printf("FLT_EVAL_METHOD %d, 1 + 2^-53 + 2^-78 = %a\n", (int)FLT_EVAL_METHOD, s);
    long double acc = 0;
    for (int i = 0; i < 1000; i++) acc += (long double)i * i / 3.0L - i / 7.0L;
    printf("series %.21Lg\n", acc);
    check(h > 8.178 && h < 8.179, "harmonic(2000) is 8.178...");
    check(f == 15511210043330985984000000.0L, "25! is exact");
    check(a + c == a, "1 + 2^-64 rounds to 1");
    check(a + b != a, "1 + 2^-63 is not 1");
    return done();
}
