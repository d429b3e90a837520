/* execve of this very program through argv[0], with arguments and an environment: the new image
 * sees them, keeps the pid and the parent, and keeps open file descriptors (not FD_CLOEXEC ones).
 * execve of a missing file is ENOENT. The descriptors are 50/51: qemu-i386 (the oracle here) opens
 * files of its own at low numbers when binfmt_misc starts it for the new image. conformance: needs-exec */
#include "conf.h"

int main(int argc, char **argv, char **envp)
{
    if (argc > 1 && strcmp(argv[1], "--child") == 0) {
        printf("new image: argc %d, argv[1] '%s', argv[3] '%s', env IRQ_TEST='%s'\n", argc, argv[1],
               argc > 3 ? argv[3] : "", getenv("IRQ_TEST") ? getenv("IRQ_TEST") : "(none)");
        printf("argv[0] is the absolute path: %s\n", argv[0][0] == '/' ? "yes" : "no");
        check(argc == 4 && strcmp(argv[3], "two words") == 0, "arguments");
        check(getenv("IRQ_TEST") && strcmp(getenv("IRQ_TEST"), "42") == 0 && !getenv("HOME"), "environment");
        char buf[32];
        snprintf(buf, sizeof buf, "%d", (int)getpid());
        printf("same pid after exec: %s\n", strcmp(buf, argv[2]) == 0 ? "yes" : "no");
        check(strcmp(buf, argv[2]) == 0, "pid kept");
        printf("fd 50 still open: %s, fd 51 (FD_CLOEXEC) closed: %s\n", fcntl(50, F_GETFD) >= 0 ? "yes" : "no",
               fcntl(51, F_GETFD) < 0 && errno == EBADF ? "yes" : "no");
        check(fcntl(50, F_GETFD) >= 0 && fcntl(51, F_GETFD) < 0, "descriptors");
        char c = 0;
        check(read(50, &c, 1) == 1 && c == 'p', "inherited pipe readable");
        return done();
    }
    (void)envp;
    errno = 0;
    char *nargv[] = {"nothing", NULL};
    int r = execve("/nonexistent/program", nargv, envp);
    printf("execve of a missing file: %d %s\n", r, errname(errno));
    check(r == -1 && errno == ENOENT, "ENOENT");
    int fds[2];
    pipe(fds);
    dup2(fds[0], 50);
    dup2(fds[1], 51);
    fcntl(51, F_SETFD, FD_CLOEXEC);
    write(51, "p", 1);
    char pid[32];
    snprintf(pid, sizeof pid, "%d", (int)getpid());
    char *cargv[] = {argv[0], "--child", pid, "two words", NULL};
    char *cenv[] = {"IRQ_TEST=42", NULL};
    printf("exec'ing argv[0] with 3 arguments\n");
    fflush(stdout);
    execve(argv[0], cargv, cenv);
    printf("execve failed: %s\n", errname(errno));
    return 99;
}
