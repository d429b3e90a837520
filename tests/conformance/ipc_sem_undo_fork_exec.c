/* SEM_UNDO adjustments are not inherited by fork (the child's exit changes nothing) and are kept
 * across execve (the new program's exit applies them). conformance: needs-exec */
#include "conf.h"
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/sem.h>

static __attribute__((unused)) const char *en(int e)
{
    switch (e) {
    case E2BIG: return "E2BIG";
    case ENOMSG: return "ENOMSG";
    case EIDRM: return "EIDRM";
    case EACCES: return "EACCES";
    case ERANGE: return "ERANGE";
    case EFBIG: return "EFBIG";
    case ENOSPC: return "ENOSPC";
    default: return errname(e);
    }
}

/* A call expected to fail with err: prints its result and checks it. */
#define FAILS(call, err, what)                                                   \
    do {                                                                         \
        errno = 0;                                                               \
        long r_ = (long)(call);                                                  \
        int e_ = errno;                                                          \
        printf("%s: %ld %s\n", what, r_, r_ < 0 ? en(e_) : "-");                 \
        check(r_ == -1 && e_ == (err), what);                                    \
    } while (0)

int main(int argc, char **argv)
{
    if (argc > 1) { /* the exec'd image: exit at once */
        return 0;
    }
    int s = semget(IPC_PRIVATE, 1, 0600);
    pid_t c = xfork();
    if (c == 0) {
        struct sembuf b = {0, 2, SEM_UNDO};
        semop(s, &b, 1);
        pid_t g = xfork();
        if (g == 0)
            _exit(0); /* no adjustments of its own */
        wait_for(g, 0);
        printf("after the grandchild's exit: %d\n", semctl(s, 0, GETVAL));
        fflush(stdout);
        char id[16];
        snprintf(id, sizeof id, "%d", s);
        execl(argv[0], argv[0], id, (char *)NULL);
        printf("execl failed: %s\n", en(errno));
        _exit(1);
    }
    msleep(0);
    int st = wait_for(c, 0);
    check(WIFEXITED(st) && WEXITSTATUS(st) == 0, "the child exec'd and exited");
    printf("after the exec'd child's exit: %d\n", semctl(s, 0, GETVAL));
    check(semctl(s, 0, GETVAL) == 0, "undone after exec");
    semctl(s, 0, IPC_RMID);
    return done();
}
