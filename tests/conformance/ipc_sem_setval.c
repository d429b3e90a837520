/* SETVAL and SETALL: values out of 0..32767 are ERANGE; they clear the SEM_UNDO adjustments of
 * that semaphore (SETALL: of every semaphore) in every process, so a later exit changes
 * nothing; they wake waiters the new value lets through. [host] */
#include "conf.h"
#include "ipc_conf.h"
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/sem.h>

union semun { int val; struct semid_ds *buf; unsigned short *array; };

int main(void)
{
    int s = semget(IPC_PRIVATE, 2, 0600);
    union semun u;
    u.val = 32768;
    FAILS(semctl(s, 0, SETVAL, u), ERANGE, "SETVAL 32768");
    u.val = -1;
    FAILS(semctl(s, 0, SETVAL, u), ERANGE, "SETVAL -1");
    u.val = 32767;
    check(semctl(s, 0, SETVAL, u) == 0 && semctl(s, 0, GETVAL) == 32767, "SETVAL 32767");
    u.val = 1;
    FAILS(semctl(s, 2, SETVAL, u), EINVAL, "SETVAL semnum 2 of 2");
    FAILS(semctl(s, -1, GETVAL), EINVAL, "GETVAL semnum -1");
    unsigned short v[2] = {40000, 1};
    u.array = v;
    FAILS(semctl(s, 0, SETALL, u), ERANGE, "SETALL with 40000");
    check(semctl(s, 0, GETVAL) == 32767 && semctl(s, 1, GETVAL) == 0, "nothing set");
    v[0] = 0;
    v[1] = 0;
    semctl(s, 0, SETALL, u);

    int pfd[2], qfd[2];
    pipe(pfd);
    pipe(qfd);
    for (int all = 0; all < 2; all++) {
        pid_t c = xfork();
        if (c == 0) {
            struct sembuf b[2] = {{0, 2, SEM_UNDO}, {1, 3, SEM_UNDO}};
            semop(s, b, 2);
            put_byte(pfd[1], 'a');
            get_byte(qfd[0]);
            _exit(0);
        }
        get_byte(pfd[0]);
        if (all) {
            v[0] = 5;
            v[1] = 6;
            u.array = v;
            semctl(s, 0, SETALL, u);
        } else {
            u.val = 5;
            semctl(s, 0, SETVAL, u);
        }
        put_byte(qfd[1], 'b');
        wait_for(c, 0);
        printf("child +2 +3 with SEM_UNDO, parent %s, child exited: %d %d\n", all ? "SETALL 5 6" : "SETVAL 5 on sem 0",
               semctl(s, 0, GETVAL), semctl(s, 1, GETVAL));
        if (all)
            check(semctl(s, 0, GETVAL) == 5 && semctl(s, 1, GETVAL) == 6, "SETALL cleared both adjustments");
        else
            check(semctl(s, 0, GETVAL) == 5 && semctl(s, 1, GETVAL) == 0, "SETVAL cleared sem 0's only");
        v[0] = v[1] = 0;
        u.array = v;
        semctl(s, 0, SETALL, u);
    }
    pid_t w = xfork();
    if (w == 0) {
        struct sembuf b = {1, -4, 0};
        _exit(semop(s, &b, 1) == 0 ? 0 : 1);
    }
    msleep(100);
    u.val = 4;
    semctl(s, 1, SETVAL, u);
    int st = wait_for(w, 0);
    check(WIFEXITED(st) && WEXITSTATUS(st) == 0 && semctl(s, 1, GETVAL) == 0, "SETVAL 4 let a -4 waiter through");
    check(semctl(s, 1, GETPID) == w, "GETPID: the waiter");
    semctl(s, 0, IPC_RMID);
    return done();
}
