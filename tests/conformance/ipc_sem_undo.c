/* SEM_UNDO: a process's adjustments are applied when it exits: +3 is taken back, -1 given back;
 * the result is clamped at 0. [host] */
#include "conf.h"
#include "ipc_conf.h"
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/sem.h>

static int s;
static void child_op(int num, int op, int flg)
{
    pid_t c = xfork();
    if (c == 0) {
        struct sembuf b = {(unsigned short)num, (short)op, (short)flg};
        _exit(semop(s, &b, 1) == 0 ? 0 : 1);
    }
    wait_for(c, 0);
}

int main(void)
{
    s = semget(IPC_PRIVATE, 3, 0600);
    child_op(0, 3, SEM_UNDO);
    printf("child +3 with SEM_UNDO, exited: %d\n", semctl(s, 0, GETVAL));
    check(semctl(s, 0, GETVAL) == 0, "undone");
    child_op(0, 3, 0);
    printf("child +3 without SEM_UNDO, exited: %d\n", semctl(s, 0, GETVAL));
    check(semctl(s, 0, GETVAL) == 3, "kept");
    child_op(0, -1, SEM_UNDO);
    printf("child -1 with SEM_UNDO, exited: %d\n", semctl(s, 0, GETVAL));
    check(semctl(s, 0, GETVAL) == 3, "given back");

    /* Clamped at 0: the child adds 2 with SEM_UNDO, the parent takes them, the child exits. */
    int pfd[2], qfd[2];
    pipe(pfd);
    pipe(qfd);
    pid_t c = xfork();
    if (c == 0) {
        struct sembuf b = {1, 2, SEM_UNDO};
        semop(s, &b, 1);
        put_byte(pfd[1], 'a');
        get_byte(qfd[0]);
        _exit(0);
    }
    get_byte(pfd[0]);
    struct sembuf take = {1, -2, 0};
    semop(s, &take, 1);
    put_byte(qfd[1], 'b');
    wait_for(c, 0);
    printf("child +2 with SEM_UNDO, parent -2, child exited: %d\n", semctl(s, 1, GETVAL));
    check(semctl(s, 1, GETVAL) == 0, "clamped at 0");

    /* Adjustments add up per semaphore; an exit applies them all at once (waking waiters). */
    c = xfork();
    if (c == 0) {
        struct sembuf b[3] = {{2, 5, SEM_UNDO}, {2, -1, SEM_UNDO}, {0, -3, SEM_UNDO}};
        semop(s, b, 3);
        put_byte(pfd[1], 'a');
        get_byte(qfd[0]);
        _exit(0);
    }
    get_byte(pfd[0]);
    printf("child +5 -1 on sem 2, -3 on sem 0: %d %d\n", semctl(s, 2, GETVAL), semctl(s, 0, GETVAL));
    fflush(stdout);
    pid_t w = xfork();
    if (w == 0) {
        struct sembuf b = {0, -3, 0};
        int r = semop(s, &b, 1);
        printf("waiter: -3 on sem 0 -> %d\n", r);
        fflush(stdout);
        _exit(0);
    }
    msleep(100);
    put_byte(qfd[1], 'b');
    wait_for(c, 0);
    wait_for(w, 0);
    printf("after the exit and the waiter: %d %d\n", semctl(s, 2, GETVAL), semctl(s, 0, GETVAL));
    check(semctl(s, 2, GETVAL) == 0 && semctl(s, 0, GETVAL) == 0, "undone, the waiter took the 3");
    semctl(s, 0, IPC_RMID);
    return done();
}
