/* IPC_RMID wakes every waiter of the array (sem_op < 0 and == 0) with EIDRM (a waiter exits 0
 * when its semop failed EIDRM); afterwards the id is EINVAL. [host] */
#include "conf.h"
#include "ipc_conf.h"
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/sem.h>

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
