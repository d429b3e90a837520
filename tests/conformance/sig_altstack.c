/* sigaltstack: a handler installed with SA_ONSTACK runs on the alternate stack (its locals lie
 * inside it), sigaltstack reports SS_ONSTACK there and not outside; without SA_ONSTACK the
 * handler runs on the normal stack. Too small a stack is ENOMEM. */
#include "conf.h"

static char alt[65536];
static volatile int on_alt, flags_inside;

static void h(int s)
{
    (void)s;
    char local;
    on_alt = &local >= alt && &local < alt + sizeof alt;
    stack_t cur;
    sigaltstack(NULL, &cur);
    flags_inside = cur.ss_flags;
}

int main(void)
{
    stack_t ss = {.ss_sp = alt, .ss_size = sizeof alt, .ss_flags = 0}, cur;
    int r = sigaltstack(&ss, NULL);
    sigaltstack(NULL, &cur);
    printf("sigaltstack: %d, size kept %s, flags outside %d\n", r, cur.ss_size == sizeof alt ? "yes" : "no",
           cur.ss_flags);
    check(r == 0 && cur.ss_sp == alt && cur.ss_flags == 0, "installed");
    on(SIGUSR1, h, SA_ONSTACK);
    kill(getpid(), SIGUSR1);
    printf("SA_ONSTACK: on the alternate stack %s, flags inside %d (SS_ONSTACK %d)\n", on_alt ? "yes" : "no",
           flags_inside, SS_ONSTACK);
    check(on_alt && flags_inside == SS_ONSTACK, "ran on the alternate stack");
    on(SIGUSR1, h, 0);
    kill(getpid(), SIGUSR1);
    printf("no SA_ONSTACK: on the alternate stack %s, flags inside %d\n", on_alt ? "yes" : "no", flags_inside);
    check(!on_alt && flags_inside == 0, "ran on the normal stack");
    stack_t small = {.ss_sp = alt, .ss_size = 512, .ss_flags = 0};
    errno = 0;
    r = sigaltstack(&small, NULL);
    printf("512-byte stack: %d %s\n", r, errno == ENOMEM ? "ENOMEM" : errname(errno));
    check(r == -1 && errno == ENOMEM, "ENOMEM");
    stack_t off = {.ss_flags = SS_DISABLE};
    sigaltstack(&off, NULL);
    sigaltstack(NULL, &cur);
    printf("disabled: flags %d (SS_DISABLE %d)\n", cur.ss_flags, SS_DISABLE);
    check(cur.ss_flags == SS_DISABLE, "disabled");
    return done();
}
