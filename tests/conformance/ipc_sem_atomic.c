/* A multi-operation semop is all or nothing: when one operation would block (IPC_NOWAIT) or is
 * out of range, none is applied; the operations apply in order (+1 then -1 on a 0 succeeds; a
 * blocked multi-op call completes as a whole later). [host] */
#include "conf.h"
#include "ipc_conf.h"
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/sem.h>

int main(void)
{
    int s = semget(IPC_PRIVATE, 3, 0600);
    unsigned short v[3];
    struct sembuf a[3] = {{0, 1, 0}, {1, 2, 0}, {2, -1, IPC_NOWAIT}};
    FAILS(semop(s, a, 3), EAGAIN, "+1, +2, then -1 at 0 with IPC_NOWAIT");
    semctl(s, 0, GETALL, v);
    printf("values %d %d %d\n", v[0], v[1], v[2]);
    check(v[0] == 0 && v[1] == 0 && v[2] == 0, "nothing applied");
    struct sembuf b[2] = {{0, 1, 0}, {1, 32767, 0}};
    semctl(s, 1, SETVAL, 1);
    FAILS(semop(s, b, 2), ERANGE, "+1, then +32767 at 1");
    semctl(s, 0, GETALL, v);
    check(v[0] == 0 && v[1] == 1, "nothing applied");
    struct sembuf c[2] = {{2, 1, 0}, {2, -1, 0}};
    check(semop(s, c, 2) == 0, "+1 then -1 on the same semaphore at 0");
    struct sembuf d[2] = {{2, 0, 0}, {2, 3, 0}};
    check(semop(s, d, 2) == 0 && semctl(s, 2, GETVAL) == 3, "wait for zero then +3");
    struct sembuf e[2] = {{2, 3, 0}, {2, 0, IPC_NOWAIT}};
    FAILS(semop(s, e, 2), EAGAIN, "+3 then wait for zero");
    check(semctl(s, 2, GETVAL) == 3, "unchanged");

    /* A blocked pair completes as a whole. */
    semctl(s, 0, SETVAL, 0);
    semctl(s, 1, SETVAL, 0);
    pid_t c1 = xfork();
    if (c1 == 0) {
        struct sembuf f[2] = {{0, -1, 0}, {1, -1, 0}};
        int r = semop(s, f, 2);
        printf("child: the pair -> %d\n", r);
        fflush(stdout);
        _exit(0);
    }
    msleep(100);
    struct sembuf g = {0, 1, 0};
    semop(s, &g, 1);
    msleep(100);
    semctl(s, 0, GETALL, v);
    printf("after +1 on sem 0: values %d %d, ncnt(0) %d ncnt(1) %d\n", v[0], v[1], semctl(s, 0, GETNCNT),
           semctl(s, 1, GETNCNT));
    check(v[0] == 1 && v[1] == 0, "the child still waits, nothing taken");
    fflush(stdout);
    g.sem_num = 1;
    semop(s, &g, 1);
    wait_for(c1, 0);
    semctl(s, 0, GETALL, v);
    check(v[0] == 0 && v[1] == 0, "both taken at once");
    semctl(s, 0, IPC_RMID);
    return done();
}
