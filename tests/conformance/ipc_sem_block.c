/* sem_op < 0 blocks until the value is large enough (counted by GETNCNT), == 0 until the value
 * is 0 (GETZCNT); the waker's change lets them through; GETPID is the last process to operate. [host] */
#include "conf.h"
#include "ipc_conf.h"
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/sem.h>

int main(void)
{
    int s = semget(IPC_PRIVATE, 2, 0600);
    pid_t c = xfork();
    if (c == 0) {
        struct sembuf b = {0, -2, 0};
        int r = semop(s, &b, 1);
        printf("child: -2 -> %d\n", r);
        fflush(stdout);
        _exit(r);
    }
    msleep(100);
    printf("waiting for -2: ncnt %d zcnt %d\n", semctl(s, 0, GETNCNT), semctl(s, 0, GETZCNT));
    check(semctl(s, 0, GETNCNT) == 1 && semctl(s, 0, GETZCNT) == 0, "GETNCNT 1");
    struct sembuf up = {0, 1, 0};
    semop(s, &up, 1);
    msleep(50);
    check(semctl(s, 0, GETVAL) == 1 && semctl(s, 0, GETNCNT) == 1, "+1: still waiting");
    semop(s, &up, 1);
    int st = wait_for(c, 0);
    check(WIFEXITED(st) && WEXITSTATUS(st) == 0, "+1 more: the child got through");
    check(semctl(s, 0, GETVAL) == 0 && semctl(s, 0, GETNCNT) == 0, "value 0, nobody waits");
    check(semctl(s, 0, GETPID) == c, "GETPID: the child");

    semctl(s, 1, SETVAL, 3);
    pid_t z[2];
    for (int i = 0; i < 2; i++) {
        z[i] = xfork();
        if (z[i] == 0) {
            struct sembuf b = {1, 0, 0};
            int r = semop(s, &b, 1);
            printf("zero waiter: -> %d\n", r);
            fflush(stdout);
            _exit(r);
        }
    }
    msleep(100);
    printf("waiting for zero: ncnt %d zcnt %d\n", semctl(s, 1, GETNCNT), semctl(s, 1, GETZCNT));
    check(semctl(s, 1, GETZCNT) == 2, "GETZCNT 2");
    fflush(stdout);
    struct sembuf down = {1, -3, 0};
    semop(s, &down, 1);
    for (int i = 0; i < 2; i++) {
        st = wait_for(z[i], 0);
        check(WIFEXITED(st) && WEXITSTATUS(st) == 0, "a zero waiter got through");
    }
    check(semctl(s, 1, GETPID) == z[1] || semctl(s, 1, GETPID) == z[0], "GETPID: a zero waiter");

    /* A waiter served in order: the first -1 waiter gets the first +1. */
    pid_t w1 = xfork();
    if (w1 == 0) {
        struct sembuf b = {0, -1, 0};
        semop(s, &b, 1);
        _exit(1);
    }
    msleep(50);
    pid_t w2 = xfork();
    if (w2 == 0) {
        struct sembuf b = {0, -1, 0};
        semop(s, &b, 1);
        _exit(2);
    }
    msleep(50);
    check(semctl(s, 0, GETNCNT) == 2, "two -1 waiters");
    semop(s, &up, 1);
    int first = -1;
    st = wait_for(-1, 0);
    first = WEXITSTATUS(st);
    printf("first through: waiter %d\n", first);
    check(first == 1 && semctl(s, 0, GETNCNT) == 1, "the first waiter first");
    fflush(stdout);
    semop(s, &up, 1);
    wait_for(-1, 0);
    semctl(s, 0, IPC_RMID);
    return done();
}
