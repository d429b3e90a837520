/* fpu_convert: integer <-> floating conversions at the edges (FILD/FIST/FISTP of 16/32/64 bits,
 * the truncation gcc does with a control-word switch, float <-> double <-> long double narrowing,
 * 2^53+1, INT_MIN, LLONG_MIN, negative zero, out-of-range values: the integer indefinite). */
#include <float.h>
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include "conf.h"

static volatile double vd;
static volatile long double vl;

int main(void)
{
    static const int32_t ints[] = {0, 1, -1, INT_MAX, INT_MIN, 16777217, -16777217, 123456789};
    for (unsigned i = 0; i < sizeof ints / sizeof ints[0]; i++) {
        vd = ints[i];
        const float f = (float)ints[i];
        printf("int %d -> double %.17g float %.9g back %d\n", ints[i], vd, f, (int)vd);
    }
    static const int64_t longs[] = {0, INT64_MAX, INT64_MIN, (1ll << 53) + 1, -(1ll << 53) - 1,
                                    (1ll << 62) + 1, 1000000000000000001ll};
    for (unsigned i = 0; i < sizeof longs / sizeof longs[0]; i++) {
        vd = (double)longs[i];
        vl = (long double)longs[i];
        printf("int64 %lld -> double %.17g long double %.21Lg back %lld %lld\n", (long long)longs[i], vd, vl,
               (long long)vl, (long long)(double)vd);
    }
    static const double ds[] = {0.0, -0.0, 0.5, -0.5, 1.5, -1.5, 2.5, -2.5, 0.9999999999999999, 2147483647.9,
                                -2147483648.9, 2147483648.0, -2147483649.0, 9.2233720368547758e18, 1e19, -1e19,
                                4294967295.5, 65535.5, 32767.5, -32768.5, 1e300, NAN, INFINITY, -INFINITY};
    for (unsigned i = 0; i < sizeof ds / sizeof ds[0]; i++) {
        vd = ds[i];
        const int n = (int)vd;                /* FISTP m32 (truncating control word) */
        const long long ll = (long long)vd;   /* FISTP m64 */
        const short sh = (short)(int)vd;
        const unsigned u = (vd >= 0 && vd < 4294967296.0) ? (unsigned)vd : 0;
        const long lr = lrint(vd);             /* FISTP with the current rounding */
        const long long llr = llrint(vd);
        printf("double %.17g -> int %d ll %lld short %d unsigned %u lrint %ld llrint %lld\n", vd, n, ll, sh, u, lr,
               llr);
    }
    /* 16-bit integer loads and stores (FILD/FISTP m16) through inline assembly. */
    static const short s16[] = {0, 1, -1, 32767, -32768, 12345};
    for (unsigned i = 0; i < sizeof s16 / sizeof s16[0]; i++) {
        double d;
        short back;
        __asm__ volatile("filds %2\n\tfldl %3\n\tfaddp\n\tfstl %0\n\tfistps %1" : "=m"(d), "=m"(back) : "m"(s16[i]), "m"(ds[0]));
        __asm__ volatile("" : : "m"(back));
        printf("m16 %d -> %.17g -> %d\n", s16[i], d, back);
    }
    short big;
    const double d40000 = 40000.0;
    __asm__ volatile("fldl %1\n\tfistps %0" : "=m"(big) : "m"(d40000));
    printf("fistp m16 of 40000 -> %d (the integer indefinite)\n", big);
    /* Narrowing. */
    vd = 0x1.000001p0; /* halfway between two floats: ties to even */
    printf("narrow %a -> %a\n", vd, (double)(float)vd);
    vd = 0x1.0000030000001p0;
    printf("narrow %a -> %a\n", vd, (double)(float)vd);
    vd = 1e39;
    printf("narrow 1e39 -> %g, 1e-46 -> %g, %a -> %a\n", (double)(float)vd, (double)(float)1e-46, 1.4e-45,
           (double)(float)1.4e-45);
    vl = 0x1.00000000000008p0L; /* long double halfway to double */
    printf("narrow long double %La -> %a\n", vl, (double)vl);
    vd = -0.0;
    check(signbit(vd) && (long long)vd == 0 && (int)vd == 0, "-0.0 converts to integer 0");
    check(1.0 / (double)(float)vd < 0, "-0.0 keeps its sign through float");
    check((double)((1ll << 53) + 1) == 9007199254740992.0, "2^53+1 rounds to 2^53 as a double");
    check((long double)((1ll << 53) + 1) == 9007199254740993.0L, "2^53+1 is exact as a long double");
    check((int)-2147483648.0 == INT_MIN, "(int)-2147483648.0 == INT_MIN");
    return done();
}
