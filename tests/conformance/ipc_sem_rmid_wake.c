/* IPC_RMID wakes every waiter of the array (sem_op < 0 and == 0) with EIDRM (a waiter exits 0
 * when its semop failed EIDRM); afterwards the id is EINVAL. [host] */
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

int main(void)
{
    int s = semget(IPC_PRIVATE, 2, 0600);
    semctl(s, 1, SETVAL, 1);
    pid_t c[2];
    for (int i = 0; i < 2; i++) {
        c[i] = xfork();
        if (c[i] == 0) {
            struct sembuf b = {(unsigned short)i, (short)(i == 0 ? -1 : 0), 0};
            errno = 0;
            int r = semop(s, &b, 1);
            _exit(r == -1 && errno == EIDRM ? 0 : r == -1 && errno == EINVAL ? 2 : 1);
        }
        msleep(50);
    }
    msleep(50);
    check(semctl(s, 0, GETNCNT) == 1 && semctl(s, 1, GETZCNT) == 1, "both wait");
    check(semctl(s, 0, IPC_RMID) == 0, "IPC_RMID");
    for (int i = 0; i < 2; i++) {
        int st = wait_for(c[i], 0);
        printf("waiter %d (%s): exit status %d\n", i, i == 0 ? "-1" : "zero", WEXITSTATUS(st));
        check(WIFEXITED(st) && WEXITSTATUS(st) == 0, "EIDRM");
    }
    FAILS(semctl(s, 0, GETVAL), EINVAL, "GETVAL after IPC_RMID");
    struct sembuf b = {0, 1, 0};
    FAILS(semop(s, &b, 1), EINVAL, "semop after IPC_RMID");
    return done();
}
