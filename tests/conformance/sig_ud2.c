/* ud2 raises SIGILL with si_code ILL_ILLOPN (2) [host]; si_addr is the instruction. The program
 * recovers with siglongjmp, which also restores the signal mask. */
#include "conf.h"

extern char at_ud2[];
static sigjmp_buf env;
static volatile int got, code;
static void *addr;

static void h(int s, siginfo_t *si, void *c)
{
    (void)s;
    (void)c;
    code = si->si_code;
    addr = si->si_addr;
    got++;
    siglongjmp(env, 1);
}

int main(void)
{
    on_info(SIGILL, h, 0);
    if (sigsetjmp(env, 1) == 0) {
        __asm__ volatile(".globl at_ud2\nat_ud2: ud2" ::: "memory");
        printf("not reached\n");
    }
    printf("ud2: handler runs %d si_code %d si_addr is the ud2 %s\n", got, code,
           addr == (void *)at_ud2 ? "yes" : "no");
    check(got == 1 && code == ILL_ILLOPN && addr == (void *)at_ud2, "SIGILL ILL_ILLOPN at ud2");
    print_mask("after siglongjmp, mask");
    check(!is_blocked(SIGILL), "mask restored by siglongjmp");
    printf("ILL_ILLOPC %d ILL_ILLOPN %d\n", ILL_ILLOPC, ILL_ILLOPN);
    /* Again, to show the handler is still installed. */
    if (sigsetjmp(env, 1) == 0)
        __asm__ volatile("ud2" ::: "memory");
    check(got == 2, "second ud2 caught");
    return done();
}
