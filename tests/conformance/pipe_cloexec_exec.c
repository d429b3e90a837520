/* pipe2(O_CLOEXEC) ends are closed by execve; plain pipe ends stay open and usable. The program
 * re-executes itself through argv[0] with the descriptor numbers (moved to 60..63: qemu-i386, the
 * oracle here, opens files of its own at low numbers). conformance: needs-exec */
#include "conf.h"

int main(int argc, char **argv)
{
    if (argc > 1 && strcmp(argv[1], "--child") == 0) {
        int plain_open = fcntl(60, F_GETFD) >= 0 && fcntl(61, F_GETFD) >= 0;
        errno = 0;
        int c0 = fcntl(62, F_GETFD);
        int e0 = errno;
        errno = 0;
        int c1 = fcntl(63, F_GETFD);
        int e1 = errno;
        printf("after exec: plain pipe open %s, O_CLOEXEC ends: %s %s\n", plain_open ? "yes" : "no",
               c0 < 0 ? errname(e0) : "open", c1 < 0 ? errname(e1) : "open");
        check(plain_open, "plain pipe kept");
        check(c0 == -1 && e0 == EBADF && c1 == -1 && e1 == EBADF, "O_CLOEXEC pipe closed");
        char buf[8] = {0};
        check(read(60, buf, 4) == 4 && memcmp(buf, "kept", 4) == 0, "kept pipe carries bytes");
        check(write(61, "back", 4) == 4, "kept write end");
        check(read(60, buf, 4) == 4 && memcmp(buf, "back", 4) == 0, "round trip");
        return done();
    }
    int a[2], b[2];
    pipe(a);
    pipe2(b, O_CLOEXEC);
    dup2(a[0], 60);
    dup2(a[1], 61);
    dup3(b[0], 62, O_CLOEXEC);
    dup3(b[1], 63, O_CLOEXEC);
    close(a[0]);
    close(a[1]);
    close(b[0]);
    close(b[1]);
    write(61, "kept", 4);
    printf("before exec: FD_CLOEXEC 60 %d, 62 %d\n", fcntl(60, F_GETFD), fcntl(62, F_GETFD));
    fflush(stdout);
    char *cargv[] = {argv[0], "--child", NULL};
    execv(argv[0], cargv);
    printf("execv failed: %s\n", errname(errno));
    return 99;
}
