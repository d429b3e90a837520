/* Hardware exceptions with default dispositions kill the process with the mapped signal:
 * #DE -> SIGFPE, #UD -> SIGILL, #PF -> SIGSEGV, #GP (hlt) -> SIGSEGV, INT3 -> SIGTRAP. The parent
 * prints WTERMSIG (the core bit is left out: RLIMIT_CORE is 0 in the children). */
#include "conf.h"
#include <sys/resource.h>

static void do_div(void) { __asm__ volatile("xorl %%ecx,%%ecx\n xorl %%edx,%%edx\n divl %%ecx" ::: "eax", "ecx", "edx"); }
static void do_ud2(void) { __asm__ volatile("ud2"); }
static void do_null(void) { __asm__ volatile("movl $1, 0" ::: "memory"); }
static void do_hlt(void) { __asm__ volatile("hlt"); }
static void do_int3(void) { __asm__ volatile("int3"); }

static const struct { const char *what; void (*fn)(void); int want; } cases[] = {
    {"divide by zero", do_div, SIGFPE}, {"ud2", do_ud2, SIGILL}, {"NULL write", do_null, SIGSEGV},
    {"hlt", do_hlt, SIGSEGV},           {"int3", do_int3, SIGTRAP},
};

int main(void)
{
    for (unsigned i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        pid_t p = xfork();
        if (p == 0) {
            struct rlimit rl = {0, 0};
            setrlimit(RLIMIT_CORE, &rl);
            cases[i].fn();
            _exit(100);
        }
        int st = wait_for(p, 0);
        printf("%s: signaled %d termsig %d\n", cases[i].what, WIFSIGNALED(st), WTERMSIG(st));
        check(WIFSIGNALED(st) && WTERMSIG(st) == cases[i].want, cases[i].what);
    }
    return done();
}
