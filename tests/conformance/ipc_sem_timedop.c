/* semtimedop: a timeout ends the wait with EAGAIN; a zero timeout fails at once when the call
 * would block; an invalid timespec is EINVAL; a call that can proceed ignores the timeout. [host] */
#include "conf.h"
#include "ipc_conf.h"
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/sem.h>

int main(void)
{
    int s = semget(IPC_PRIVATE, 1, 0600);
    struct sembuf down = {0, -1, 0};
    struct timespec t = {0, 100000000};
    struct timespec a, b;
    clock_gettime(CLOCK_MONOTONIC, &a);
    FAILS(semtimedop(s, &down, 1, &t), EAGAIN, "-1 at 0, 100 ms timeout");
    clock_gettime(CLOCK_MONOTONIC, &b);
    long ms = (b.tv_sec - a.tv_sec) * 1000 + (b.tv_nsec - a.tv_nsec) / 1000000;
    check(ms >= 90, "waited about 100 ms");
    struct timespec zero = {0, 0};
    FAILS(semtimedop(s, &down, 1, &zero), EAGAIN, "zero timeout");
    struct timespec bad = {0, 1000000000};
    FAILS(semtimedop(s, &down, 1, &bad), EINVAL, "tv_nsec 1000000000");
    struct timespec neg = {-1, 0};
    FAILS(semtimedop(s, &down, 1, &neg), EINVAL, "tv_sec -1");
    FAILS(semtimedop(s, &down, 1, (struct timespec *)16), EFAULT, "timeout at address 16");
    check(semctl(s, 0, SETVAL, 1) == 0, "SETVAL 1");
    check(semtimedop(s, &down, 1, &zero) == 0 && semctl(s, 0, GETVAL) == 0, "-1 at 1 with zero timeout");
    pid_t c = xfork();
    if (c == 0) {
        msleep(50);
        struct sembuf up = {0, 1, 0};
        semop(s, &up, 1);
        _exit(0);
    }
    struct timespec sec = {2, 0};
    check(semtimedop(s, &down, 1, &sec) == 0, "a post within the timeout ends the wait");
    wait_for(c, 0);
    semctl(s, 0, IPC_RMID);
    return done();
}
