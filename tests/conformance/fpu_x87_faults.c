/* fpu_x87_faults: what an x87 does that the oracle (qemu-i386) does not model, so that
 * fpu_x87_faults.expected/.status hold the result of a real x87 under Linux (the mini OS runs the
 * data instructions on the host's x87): register-stack overflow and underflow (IE, SF, C1, the
 * indefinite QNaN), FPREM1's quotient bits, and unmasked exceptions — the faulting instruction
 * leaves its destination as it was, FNSTSW/FNCLEX do not wait, and the next waiting instruction
 * raises SIGFPE with the si_code of the exception (FPE_FLTDIV, FPE_FLTINV, ...). A handler starts
 * with the FNINIT state (Linux's fpu__clear_user_states). */
#include <math.h>
#include <stdint.h>
#include "conf.h"

static sigjmp_buf jb;
static volatile int got_code;
static volatile unsigned short handler_cw;

static void on_fpe(int sig, siginfo_t *si, void *uc)
{
    (void)sig;
    (void)uc;
    got_code = si->si_code;
    unsigned short cw;
    __asm__ volatile("fnstcw %0" : "=m"(cw));
    handler_cw = cw;
    siglongjmp(jb, 1);
}

static const char *code_name(int c)
{
    switch (c) {
    case FPE_FLTDIV: return "FPE_FLTDIV";
    case FPE_FLTOVF: return "FPE_FLTOVF";
    case FPE_FLTUND: return "FPE_FLTUND";
    case FPE_FLTRES: return "FPE_FLTRES";
    case FPE_FLTINV: return "FPE_FLTINV";
    default: return "other";
    }
}

/* Load the control word `cwval` (some exceptions unmasked), run `asm_op` (which raises one of
 * them), FNSTSW (no wait), then FLD1, the next waiting instruction, which takes the SIGFPE. */
#define UNMASKED(label, cwval, asm_op, ...)                                                                    \
    do {                                                                                                      \
        got_code = 0;                                                                                         \
        volatile unsigned short sw = 0;                                                                       \
        const unsigned short cw_ = (cwval);                                                                   \
        if (!sigsetjmp(jb, 1)) {                                                                              \
            __asm__ volatile("fninit\n\tfldcw %1\n\t" asm_op "\n\tfnstsw %0" : "=m"(sw) : "m"(cw_), __VA_ARGS__); \
            printf("%s: after the faulting instruction: its flag %d es %d b %d\n", label,                      \
                   !!(sw & ~cw_ & 0x3F), !!(sw & 0x80), !!(sw & 0x8000));                                     \
            __asm__ volatile("fld1");                                                                         \
            printf("%s: no SIGFPE\n", label);                                                                 \
        } else {                                                                                              \
            printf("%s: SIGFPE %s at the next instruction, handler cw %#x\n", label, code_name(got_code),      \
                   handler_cw);                                                                               \
        }                                                                                                     \
        __asm__ volatile("fninit");                                                                           \
    } while (0)

int main(void)
{
    unsigned short so, su;
    double nanv, u;
    __asm__ volatile("fninit\n\tfld1\n\tfld1\n\tfld1\n\tfld1\n\tfld1\n\tfld1\n\tfld1\n\tfld1\n\tfld1\n\tfnstsw %0\n\t"
                     "fstpl %1\n\tfninit" : "=m"(so), "=m"(nanv));
    __asm__ volatile("fninit\n\tfld1\n\tfaddp\n\tfnstsw %0\n\tfstpl %1\n\tfninit" : "=m"(su), "=m"(u));
    printf("stack overflow: ie %d sf %d c1 %d value %s%g\n", so & 1, !!(so & 0x40), !!(so & 0x200),
           signbit(nanv) ? "-" : "+", fabs(nanv));
    printf("stack underflow: ie %d sf %d c1 %d value %s%g\n", su & 1, !!(su & 0x40), !!(su & 0x200),
           signbit(u) ? "-" : "+", fabs(u));
    static const long double pr[][2] = {{17, 5}, {18, 5}, {19, 5}, {-23, 5}, {1e4000L, 3}};
    for (unsigned i = 0; i < sizeof pr / sizeof pr[0]; i++) {
        long double r;
        unsigned short s;
        __asm__ volatile("fninit\n\tfldt %3\n\tfldt %2\n\tfprem1\n\tfnstsw %1\n\tfstpt %0\n\tfstp %%st(0)"
                         : "=m"(r), "=m"(s) : "m"(pr[i][0]), "m"(pr[i][1]));
        printf("fprem1 %Lg, %Lg: %Lg c2 %d quotient bits q2 q1 q0 %d%d%d\n", pr[i][0], pr[i][1], r, !!(s & 0x400),
               !!(s & 0x100), !!(s & 0x4000), !!(s & 0x200));
    }

    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_fpe;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGFPE, &sa, NULL);
    const double one = 1, zero = 0, big = 1e300, tiny = 1e-300, three = 3;
    UNMASKED("1/0, ZE unmasked", 0x037B, "fldl %2\n\tfdivl %3", "m"(one), "m"(zero));
    UNMASKED("0/0, IE unmasked", 0x037E, "fldl %2\n\tfdivl %3", "m"(zero), "m"(zero));
    UNMASKED("big*big, OE unmasked", 0x0377, "fldl %2\n\tfmul %%st(0), %%st\n\tfstpl %3", "m"(big), "m"(nanv));
    UNMASKED("tiny*tiny to double, UE unmasked", 0x036F, "fldl %2\n\tfmul %%st(0), %%st\n\tfstpl %3", "m"(tiny), "m"(nanv));
    UNMASKED("1/3, PE unmasked", 0x035F, "fldl %2\n\tfdivl %3", "m"(one), "m"(three));
    UNMASKED("underflow of the stack, IE unmasked", 0x037E, "fldz\n\tfaddp", "m"(one));
    UNMASKED("3*3, all unmasked", 0x0340, "fldl %2\n\tfmul %%st(0), %%st", "m"(three));

    /* The destination of a faulting instruction is left as it was; FNCLEX clears the pending
     * exception so the next instruction runs. */
    double kept = 0;
    int32_t ival = 77;
    unsigned short s1;
    const unsigned short cw_ze = 0x037B, cw_ie = 0x037E;
    const double nan_ = NAN;
    __asm__ volatile("fninit\n\tfldcw %3\n\tfldz\n\tfld1\n\tfdiv %%st(1), %%st\n\tfnstsw %2\n\tfnclex\n\tfstpl %0\n\t"
                     "fninit\n\tfldcw %4\n\tfldl %5\n\tfistpl %1\n\tfnclex\n\tfninit"
                     : "=m"(kept), "+m"(ival), "=m"(s1) : "m"(cw_ze), "m"(cw_ie), "m"(nan_));
    printf("1/0 with ZE unmasked leaves st(0) = %g (ze %d); FISTP of a NaN with IE unmasked leaves %d\n", kept,
           !!(s1 & 4), ival);
    /* FLDCW unmasking a flag already set: the next waiting instruction traps. */
    got_code = 0;
    if (!sigsetjmp(jb, 1)) {
        __asm__ volatile("fninit\n\tfldl %0\n\tfdivl %1\n\tfldcw %2\n\tfld1" : : "m"(one), "m"(zero), "m"(cw_ze));
        printf("fldcw unmasking a set flag: no SIGFPE\n");
    } else {
        printf("fldcw unmasking a set flag: SIGFPE %s\n", code_name(got_code));
    }
    __asm__ volatile("fninit");
    check(so & 0x40, "stack overflow sets SF");
    return done();
}
