/* fpu_insn: x87 instructions one by one (inline assembly): FXAM classes (empty included), FTST,
 * FCOM/FUCOM/FUCOMPP condition codes and FCOMI/FUCOMI EFLAGS, FCMOVcc, FXTRACT, FSCALE, FPREM and
 * FPREM1 with their quotient bits, FRNDINT and FIST under the four rounding controls, precision
 * control (24/53/64 bits), FBLD/FBSTP, the constants, FPTAN/FSINCOS/F2XM1/FYL2X/FYL2XP1/FPATAN,
 * FXCH/FINCSTP/FDECSTP/FFREE, FNSAVE/FRSTOR and FNSTENV/FLDENV. (Stack faults, FPREM1's quotient
 * bits and unmasked exceptions, which the oracle qemu-i386 does not model: fpu_x87_faults.) */
#include <math.h>
#include <stdint.h>
#include "conf.h"

#define C0 0x100
#define C1 0x200
#define C2 0x400
#define C3 0x4000

static unsigned short sw_of(void)
{
    unsigned short sw;
    __asm__ volatile("fnstsw %0" : "=m"(sw));
    return sw;
}

static const char *xam(long double v, int empty)
{
    unsigned short sw;
    if (empty)
        __asm__ volatile("fninit\n\tfxam\n\tfnstsw %0" : "=m"(sw));
    else
        __asm__ volatile("fninit\n\tfldt %1\n\tfxam\n\tfnstsw %0\n\tfstp %%st(0)" : "=m"(sw) : "m"(v));
    static char buf[64];
    const char *k;
    switch (sw & (C3 | C2 | C0)) {
    case 0: k = "unsupported"; break;
    case C0: k = "nan"; break;
    case C2: k = "normal"; break;
    case C2 | C0: k = "infinity"; break;
    case C3: k = "zero"; break;
    case C3 | C0: k = "empty"; break;
    case C3 | C2: k = "denormal"; break;
    default: k = "?"; break;
    }
    snprintf(buf, sizeof buf, "%s%s", (sw & C1) ? "-" : "+", k);
    return buf;
}

int main(void)
{
    __asm__ volatile("fninit");
    printf("fxam: %s", xam(1.5L, 0));
    printf(" %s", xam(-0.0L, 0));
    printf(" %s", xam(INFINITY, 0));
    printf(" %s", xam(-NAN, 0));
    printf(" %s", xam(0x1p-16440L, 0));
    printf(" %s\n", xam(0, 1));

    static const long double cmpv[][2] = {{1, 2}, {2, 1}, {3, 3}, {NAN, 1}, {-0.0L, 0.0L}, {-INFINITY, 1e4000L}};
    for (unsigned i = 0; i < sizeof cmpv / sizeof cmpv[0]; i++) {
        unsigned short s1, s2, s3;
        unsigned char zf, pf, cf, zf2, pf2, cf2;
        __asm__ volatile("fninit\n\tfldt %1\n\tfldt %0\n\tfucom %%st(1)\n\tfnstsw %2\n\tfucompp\n\tfnstsw %3"
                         : : "m"(cmpv[i][0]), "m"(cmpv[i][1]), "m"(s1), "m"(s2));
        __asm__ volatile("fninit\n\tfldt %1\n\tfldt %0\n\tftst\n\tfnstsw %2" : : "m"(cmpv[i][0]), "m"(cmpv[i][1]), "m"(s3));
        __asm__ volatile("fninit\n\tfldt %4\n\tfldt %3\n\tfucomi %%st(1), %%st\n\tsetz %0\n\tsetp %1\n\tsetc %2"
                         : "=m"(zf), "=m"(pf), "=m"(cf) : "m"(cmpv[i][0]), "m"(cmpv[i][1]));
        __asm__ volatile("fninit\n\tfldt %4\n\tfldt %3\n\tfcomip %%st(1), %%st\n\tsetz %0\n\tsetp %1\n\tsetc %2\n\tfstp %%st(0)"
                         : "=m"(zf2), "=m"(pf2), "=m"(cf2) : "m"(cmpv[i][0]), "m"(cmpv[i][1]));
        printf("cmp %Lg %Lg: fucom C3C2C0 %d%d%d ie %d, fucompp top %d, ftst %d%d%d, fucomi zpc %d%d%d, fcomip zpc %d%d%d ie %d\n",
               cmpv[i][0], cmpv[i][1], !!(s1 & C3), !!(s1 & C2), !!(s1 & C0), s1 & 1, (s2 >> 11) & 7, !!(s3 & C3),
               !!(s3 & C2), !!(s3 & C0), zf, pf, cf, zf2, pf2, cf2, sw_of() & 1);
    }
    __asm__ volatile("fninit");

    /* FCMOVcc: ST(0) <- ST(1) when the condition holds, for CF/ZF/PF combinations. */
    static const unsigned flagsets[] = {0, 1, 0x40, 0x41, 4};
    for (unsigned i = 0; i < sizeof flagsets / sizeof flagsets[0]; i++) {
        double r[8];
        const double one = 1, two = 2;
#define FCMOV(n, insn)                                                                                         \
    __asm__ volatile("fninit\n\tfldl %2\n\tfldl %1\n\tpushl %3\n\tpopfl\n\t" insn " %%st(1), %%st\n\tfstpl %0\n\tfstp %%st(0)" \
                     : "=m"(r[n]) : "m"(one), "m"(two), "r"(flagsets[i]) : "cc")
        FCMOV(0, "fcmovb"); FCMOV(1, "fcmove"); FCMOV(2, "fcmovbe"); FCMOV(3, "fcmovu");
        FCMOV(4, "fcmovnb"); FCMOV(5, "fcmovne"); FCMOV(6, "fcmovnbe"); FCMOV(7, "fcmovnu");
        printf("fcmov eflags %#x: b %g e %g be %g u %g nb %g ne %g nbe %g nu %g\n", flagsets[i], r[0], r[1], r[2], r[3],
               r[4], r[5], r[6], r[7]);
    }

    static const long double xv[] = {10.0L, -0.375L, 0x1p-16400L, 1e4000L};
    for (unsigned i = 0; i < sizeof xv / sizeof xv[0]; i++) {
        long double sig, ex;
        __asm__ volatile("fninit\n\tfldt %2\n\tfxtract\n\tfstpt %0\n\tfstpt %1" : "=m"(sig), "=m"(ex) : "m"(xv[i]));
        printf("fxtract %La: significand %La exponent %Lg\n", xv[i], sig, ex);
    }
    unsigned short zsw;
    long double zsig, zex;
    const long double zero = 0;
    __asm__ volatile("fninit\n\tfldt %3\n\tfxtract\n\tfnstsw %2\n\tfstpt %0\n\tfstpt %1" : "=m"(zsig), "=m"(zex), "=m"(zsw) : "m"(zero));
    printf("fxtract 0: %Lg %Lg ze %d\n", zsig, zex, !!(zsw & 4));
    static const long double sc[][2] = {{1.5L, 3}, {1.5L, -2.7L}, {1, 20000}, {1, -20000}, {-3, 0.5L}};
    for (unsigned i = 0; i < sizeof sc / sizeof sc[0]; i++) {
        long double r;
        unsigned short s;
        __asm__ volatile("fninit\n\tfldt %2\n\tfldt %3\n\tfscale\n\tfnstsw %1\n\tfstpt %0\n\tfstp %%st(0)"
                         : "=m"(r), "=m"(s) : "m"(sc[i][1]), "m"(sc[i][0]));
        printf("fscale %Lg * 2^%Lg = %La oe %d ue %d\n", sc[i][0], sc[i][1], r, !!(s & 8), !!(s & 0x10));
    }
    static const long double pr[][2] = {{17, 5}, {-17, 5}, {18, 5}, {19, 5}, {1e30L, 7}, {1e4000L, 3}, {5, 0}, {INFINITY, 2}};
    for (unsigned i = 0; i < sizeof pr / sizeof pr[0]; i++) {
        long double r1, r2;
        unsigned short s1, s2;
        __asm__ volatile("fninit\n\tfldt %3\n\tfldt %2\n\tfprem\n\tfnstsw %1\n\tfstpt %0\n\tfstp %%st(0)"
                         : "=m"(r1), "=m"(s1) : "m"(pr[i][0]), "m"(pr[i][1]));
        __asm__ volatile("fninit\n\tfldt %3\n\tfldt %2\n\tfprem1\n\tfnstsw %1\n\tfstpt %0\n\tfstp %%st(0)"
                         : "=m"(r2), "=m"(s2) : "m"(pr[i][0]), "m"(pr[i][1]));
        printf("fprem %Lg, %Lg: %Lg c2 %d q %d%d%d ie %d | fprem1 %Lg c2 %d\n", pr[i][0], pr[i][1], r1,
               !!(s1 & C2), !!(s1 & C0), !!(s1 & C3), !!(s1 & C1), s1 & 1, r2, !!(s2 & C2));
    }

    static const unsigned short rc[] = {0x037F, 0x077F, 0x0B7F, 0x0F7F};
    static const long double rv[] = {2.5L, -2.5L, 3.5L, -0.4L, 0.6L, 1e19L};
    for (int m = 0; m < 4; m++) {
        printf("rc %d:", m);
        for (unsigned i = 0; i < sizeof rv / sizeof rv[0]; i++) {
            long double r;
            int32_t n;
            int16_t h;
            __asm__ volatile("fninit\n\tfldcw %3\n\tfldt %4\n\tfld %%st(0)\n\tfrndint\n\tfstpt %0\n\tfld %%st(0)\n\tfistpl %1\n\tfistps %2\n\tfninit"
                             : "=m"(r), "=m"(n), "=m"(h) : "m"(rc[m]), "m"(rv[i]));
            printf(" %Lg->%Lg/%d/%d", rv[i], r, n, h);
        }
        long double pi, l2e, lg2;
        __asm__ volatile("fninit\n\tfldcw %3\n\tfldpi\n\tfstpt %0\n\tfldl2e\n\tfstpt %1\n\tfldlg2\n\tfstpt %2\n\tfninit"
                         : "=m"(pi), "=m"(l2e), "=m"(lg2) : "m"(rc[m]));
        printf(" | pi %La l2e %La lg2 %La\n", pi, l2e, lg2);
    }
    long double c[7];
    __asm__ volatile("fninit\n\tfld1\n\tfstpt %0\n\tfldl2t\n\tfstpt %1\n\tfldl2e\n\tfstpt %2\n\tfldpi\n\tfstpt %3\n\t"
                     "fldlg2\n\tfstpt %4\n\tfldln2\n\tfstpt %5\n\tfldz\n\tfstpt %6"
                     : "=m"(c[0]), "=m"(c[1]), "=m"(c[2]), "=m"(c[3]), "=m"(c[4]), "=m"(c[5]), "=m"(c[6]));
    printf("constants:");
    for (int i = 0; i < 7; i++) printf(" %La", c[i]);
    printf("\n");

    static const unsigned short pc[] = {0x007F, 0x027F, 0x037F};
    for (int i = 0; i < 3; i++) {
        long double q, s;
        const long double one = 1, three = 3, big = 0x1p1000L;
        /* 1/3 rounded to 24, 53 or 64 bits; 2^2000 stays finite: precision control leaves the
         * extended exponent range */
        __asm__ volatile("fninit\n\tfldcw %2\n\tfldt %3\n\tfldt %4\n\tfdiv %%st(1), %%st\n\tfstpt %0\n\tfstp %%st(0)\n\t"
                         "fldt %5\n\tfmul %%st(0), %%st\n\tfstpt %1\n\tfninit"
                         : "=m"(q), "=m"(s) : "m"(pc[i]), "m"(three), "m"(one), "m"(big));
        printf("pc %#x: 1/3 %La big^2 %La\n", pc[i], q, s);
    }
    __asm__ volatile("fninit");

    static const long double bv[] = {0, -0.0L, 123456789012345678.0L, -987654321.4L, 2.5L, 3.5L, 1e18L};
    for (unsigned i = 0; i < sizeof bv / sizeof bv[0]; i++) {
        unsigned char bcd[10];
        long double back;
        unsigned short s;
        __asm__ volatile("fninit\n\tfldt %3\n\tfbstp %0\n\tfnstsw %2\n\tfbld %0\n\tfstpt %1" : "=m"(bcd), "=m"(back), "=m"(s) : "m"(bv[i]));
        printf("fbstp %Lg:", bv[i]);
        for (int j = 9; j >= 0; j--) printf(" %02x", bcd[j]);
        printf(" ie %d -> fbld %Lg\n", s & 1, back);
    }

    {
        const long double a = 0.5L, y = 3.0L, xl = 8.0L, xp = 0.25L;
        long double t1, t2, s, co, e2, l2, l2p, at;
        __asm__ volatile("fninit\n\tfldt %2\n\tfptan\n\tfstpt %0\n\tfstpt %1" : "=m"(t1), "=m"(t2) : "m"(a));
        __asm__ volatile("fninit\n\tfldt %2\n\tfsincos\n\tfstpt %0\n\tfstpt %1" : "=m"(co), "=m"(s) : "m"(a));
        __asm__ volatile("fninit\n\tfldt %1\n\tf2xm1\n\tfstpt %0" : "=m"(e2) : "m"(a));
        __asm__ volatile("fninit\n\tfldt %1\n\tfldt %2\n\tfyl2x\n\tfstpt %0" : "=m"(l2) : "m"(y), "m"(xl));
        __asm__ volatile("fninit\n\tfldt %1\n\tfldt %2\n\tfyl2xp1\n\tfstpt %0" : "=m"(l2p) : "m"(y), "m"(xp));
        __asm__ volatile("fninit\n\tfldt %1\n\tfldt %2\n\tfpatan\n\tfstpt %0" : "=m"(at) : "m"(y), "m"(xl));
        /* printed to 12 digits: the oracle's FSIN/FCOS/FPTAN are double-precision approximations */
        printf("fptan(0.5) %.12Lg pushes %Lg; fsincos(0.5) %.12Lg %.12Lg; f2xm1(0.5) %.12Lg; 3*log2(8) %.12Lg; "
               "3*log2(1.25) %.12Lg; atan(3/8) %.12Lg\n", t2, t1, s, co, e2, l2, l2p, at);
    }

    /* Register stack handling. */
    {
        long double r[3];
        const long double v1 = 1, v2 = 2, v3 = 3;
        __asm__ volatile("fninit\n\tfldt %3\n\tfldt %4\n\tfldt %5\n\tfxch %%st(2)\n\tfstpt %0\n\tfstpt %1\n\tfstpt %2"
                         : "=m"(r[0]), "=m"(r[1]), "=m"(r[2]) : "m"(v1), "m"(v2), "m"(v3));
        printf("fxch: %Lg %Lg %Lg\n", r[0], r[1], r[2]);
        unsigned short s1, s2, s3;
        long double x1, x2;
        __asm__ volatile("fninit\n\tfldt %5\n\tfldt %6\n\tfincstp\n\tfnstsw %2\n\tfdecstp\n\tfnstsw %3\n\t"
                         "ffree %%st(1)\n\tfxam\n\tfnstsw %4\n\tfstpt %0\n\tfld1\n\tfstpt %1"
                         : "=m"(x1), "=m"(x2), "=m"(s1), "=m"(s2), "=m"(s3) : "m"(v1), "m"(v2));
        printf("fincstp top %d fdecstp top %d; after ffree st(1): fxam of st(0) c3c2c0 %d%d%d, %Lg\n", (s1 >> 11) & 7,
               (s2 >> 11) & 7, !!(s3 & C3), !!(s3 & C2), !!(s3 & C0), x1);
        (void)x2;
        unsigned short tw;
        unsigned char env[28];
        __asm__ volatile("fninit\n\tfld1\n\tfldz\n\tfldpi\n\tfnstenv %0\n\tfninit" : "=m"(env));
        memcpy(&tw, env + 8, 2);
        unsigned short ecw, esw;
        memcpy(&ecw, env, 2);
        memcpy(&esw, env + 4, 2);
        printf("fnstenv: cw %#x top %d tags %#x\n", ecw, (esw >> 11) & 7, tw);
    }
    {
        unsigned char img[108];
        long double a, b, c2;
        const long double v1 = 1.25L, v2 = -7.5L;
        unsigned short cw_after;
        const unsigned short cw = 0x0E7F;
        __asm__ volatile("fninit\n\tfldcw %6\n\tfldt %4\n\tfldt %5\n\tfnsave %0\n\tfnstcw %3\n\tfld1\n\tfrstor %0\n\t"
                         "fstpt %1\n\tfstpt %2\n\tfldz\n\tfstpt %7\n\t"
                         : "=m"(img), "=m"(a), "=m"(b), "=m"(cw_after) : "m"(v1), "m"(v2), "m"(cw), "m"(c2));
        unsigned short cw2;
        __asm__ volatile("fnstcw %0\n\tfninit" : "=m"(cw2));
        unsigned short icw, itw;
        memcpy(&icw, img, 2);
        memcpy(&itw, img + 8, 2);
        printf("fnsave: cw %#x tags %#x; after fnsave cw %#x; frstor gives %Lg %Lg cw %#x\n", icw, itw, cw_after, a,
               b, cw2);
        long double st0;
        memcpy(&st0, img + 28, 10);
        check(st0 == v2, "fnsave stores ST(0) first");
        unsigned char env[28];
        const unsigned short cw3 = 0x027F;
        __asm__ volatile("fninit\n\tfldcw %1\n\tfnstenv %0\n\tfninit\n\tfldenv %0\n\tfnstcw %2" : "=m"(env) : "m"(cw3), "m"(cw2));
        __asm__ volatile("fnstcw %0\n\tfninit" : "=m"(cw2));
        check(cw2 == 0x027F, "fldenv restores the control word");
    }
    return done();
}
