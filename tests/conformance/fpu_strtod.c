/* fpu_strtod: strtod/strtof/strtold and printf round trips (shortest %.17g / %.9g / %.21Lg), hard
 * decimal inputs, hex floats, overflow and underflow (ERANGE), partial parses. */
#include <float.h>
#include <math.h>
#include <stdint.h>
#include "conf.h"

static uint64_t rng = 88172645463325252ull;
static uint64_t next(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
}

int main(void)
{
    static const char *in[] = {
        "0", "-0", "1", "0.1", "1e23", "8.589973e9", "2.2250738585072011e-308", "4.9e-324", "2.4e-324",
        "1.7976931348623157e308", "1.7976931348623159e308", "1e-400", "1e400", "0x1.8p1", "0x.1p-4",
        "inf", "-Infinity", "nan", "  +12.5e-1xyz", "123456789012345678901234567890", ".5", "5.",
        "9007199254740993", "0.000000000000000000000000000000000000000001", "3.14159265358979323846264",
        "179769313486231570814527423731704356798070567525844996598917476803157260780028538760589558632766878171540458953514382464234321326889464182768467546703537516986049910576551282076245490090389328944075868508455133942304583236903222948165808559332123348274797826204144723168738177180919299881250404026184124858368",
    };
    for (unsigned i = 0; i < sizeof in / sizeof in[0]; i++) {
        char *end;
        errno = 0;
        const double d = strtod(in[i], &end);
        const int e = errno;
        errno = 0;
        const float f = strtof(in[i], NULL);
        const int ef = errno;
        errno = 0;
        const long double l = strtold(in[i], NULL);
        const int el = errno;
        printf("%u: %.17g %a erange=%d rest=\"%s\" | f %.9g erange=%d | ld %.21Lg erange=%d\n", i, d, d,
               e == ERANGE, end, f, ef == ERANGE, l, el == ERANGE);
    }
    int bad_d = 0, bad_f = 0, bad_l = 0;
    for (int i = 0; i < 300; i++) {
        const uint64_t bits = next();
        double d;
        memcpy(&d, &bits, 8);
        if (!isfinite(d)) continue;
        char buf[64];
        snprintf(buf, sizeof buf, "%.17g", d);
        const double back = strtod(buf, NULL);
        if (memcmp(&back, &d, 8)) bad_d++;
        if (i < 6) printf("sample %s %a\n", buf, back);
        const uint32_t fbits = (uint32_t)(next() >> 32);
        float f;
        memcpy(&f, &fbits, 4);
        if (isfinite(f)) {
            snprintf(buf, sizeof buf, "%.9g", f);
            const float fb = strtof(buf, NULL);
            if (memcmp(&fb, &f, 4)) bad_f++;
        }
        const long double l = (long double)d * (long double)(next() % 1000 + 1) / 7;
        if (isfinite(l)) {
            snprintf(buf, sizeof buf, "%.21Lg", l);
            const long double lb = strtold(buf, NULL);
            if (lb != l) bad_l++;
        }
    }
    printf("round trips failed: double %d, float %d, long double %d\n", bad_d, bad_f, bad_l);
    check(bad_d == 0 && bad_f == 0 && bad_l == 0, "printf/strto* round trips are exact");
    check(strtod("0.1", NULL) == 0.1, "strtod(\"0.1\") == 0.1");
    check(strtod("1e23", NULL) == 1e23, "strtod(\"1e23\") == 1e23");
    return done();
}
