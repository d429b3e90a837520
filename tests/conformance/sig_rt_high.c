/* Override sig_rt_high.expected/.status: qemu-user 7.2 maps guest signals onto host ones and has
 * no host signal left for guest 63 and 64: kill succeeds but nothing is delivered (the child exits
 * 100, status 0x6400) and rt_sigprocmask cannot block them (33..64 word 3fffffff). The reference
 * ("real-time 32-64"; default action terminate) and a real kernel: status 0x3f / 0x40, the handlers
 * run, the word is ffffffff (exit 0). */
/* Real-time signals 63 and 64 (SIGRTMAX) terminate by default, like 32..62, can be caught, and can
 * be blocked. */
#include "conf.h"

static volatile int got;
static void h(int s) { got = s; }

int main(void)
{
    for (int s = 63; s <= 64; s++) {
        pid_t p = xfork();
        if (p == 0) {
            kill(getpid(), s);
            _exit(100);
        }
        int st = wait_for(p, 0);
        char what[64];
        printf("signal %d: status 0x%x\n", s, st);
        snprintf(what, sizeof what, "signal %d terminates", s);
        check(WIFSIGNALED(st) && WTERMSIG(st) == s && st == s, what);
        on(s, h, 0);
        got = 0;
        kill(getpid(), s);
        printf("signal %d caught: %d\n", s, got);
        snprintf(what, sizeof what, "signal %d handler ran", s);
        check(got == s, what);
    }
    unsigned all[2] = {0xffffffffu, 0xffffffffu}, cur[2];
    syscall(SYS_rt_sigprocmask, SIG_SETMASK, all, cur, 8);
    syscall(SYS_rt_sigprocmask, SIG_BLOCK, NULL, cur, 8);
    printf("blocking all: signals 33..64 %08x\n", cur[1]);
    check(cur[1] == 0xffffffffu, "63 and 64 blockable");
    return done();
}
