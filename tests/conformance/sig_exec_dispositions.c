/* execve: caught signals go back to SIG_DFL, ignored ones stay ignored, default ones stay default;
 * the flags of a reset handler are gone. The program re-executes itself through argv[0].
 * conformance: needs-exec */
#include "conf.h"

static void h(int s) { (void)s; }

static const char *disp(int sig)
{
    struct sigaction sa;
    sigaction(sig, NULL, &sa);
    return sa.sa_handler == SIG_DFL ? "SIG_DFL" : sa.sa_handler == SIG_IGN ? "SIG_IGN" : "handler";
}

int main(int argc, char **argv)
{
    if (argc > 1 && strcmp(argv[1], "--after-exec") == 0) {
        printf("after exec: USR1 %s, USR2 %s, HUP %s, TERM %s, CHLD %s\n", disp(SIGUSR1), disp(SIGUSR2),
               disp(SIGHUP), disp(SIGTERM), disp(SIGCHLD));
        check(strcmp(disp(SIGUSR1), "SIG_DFL") == 0 && strcmp(disp(SIGTERM), "SIG_DFL") == 0,
              "caught -> SIG_DFL");
        check(strcmp(disp(SIGUSR2), "SIG_IGN") == 0 && strcmp(disp(SIGCHLD), "SIG_IGN") == 0,
              "ignored stays ignored");
        check(strcmp(disp(SIGHUP), "SIG_DFL") == 0, "default stays default");
        struct sigaction sa;
        sigaction(SIGUSR1, NULL, &sa);
        check(!(sa.sa_flags & SA_RESTART), "handler flags cleared");
        return done();
    }
    on(SIGUSR1, h, SA_RESTART);
    on(SIGTERM, h, 0);
    signal(SIGUSR2, SIG_IGN);
    signal(SIGCHLD, SIG_IGN);
    printf("before exec: USR1 %s, USR2 %s, HUP %s, TERM %s, CHLD %s\n", disp(SIGUSR1), disp(SIGUSR2),
           disp(SIGHUP), disp(SIGTERM), disp(SIGCHLD));
    fflush(stdout);
    execl(argv[0], argv[0], "--after-exec", (char *)0);
    printf("execl failed: %s\n", errname(errno));
    return 99;
}
