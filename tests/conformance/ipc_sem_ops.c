/* semop: sem_op > 0 adds, < 0 subtracts when the value allows, == 0 passes at zero; with
 * IPC_NOWAIT a would-block operation fails EAGAIN; values above SEMVMX 32767 are ERANGE;
 * sem_num out of range EFBIG; more than SEMOPM 500 operations E2BIG, 0 operations EINVAL. [host] */
#include "conf.h"
#include "ipc_conf.h"
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/sem.h>

static int s;
static int val(int n) { return semctl(s, n, GETVAL); }
static int op1(int num, int op, int flg)
{
    struct sembuf b = {(unsigned short)num, (short)op, (short)flg};
    return semop(s, &b, 1);
}

int main(void)
{
    s = semget(IPC_PRIVATE, 2, 0600);
    check(op1(0, 5, 0) == 0 && val(0) == 5, "+5");
    check(op1(0, -3, 0) == 0 && val(0) == 2, "-3");
    FAILS(op1(0, -3, IPC_NOWAIT), EAGAIN, "-3 at 2 with IPC_NOWAIT");
    check(val(0) == 2, "unchanged");
    FAILS(op1(0, 0, IPC_NOWAIT), EAGAIN, "wait for zero at 2 with IPC_NOWAIT");
    check(op1(1, 0, 0) == 0, "wait for zero at 0 passes");
    check(op1(0, -2, 0) == 0 && val(0) == 0, "-2 to 0");
    check(op1(0, 32767, 0) == 0 && val(0) == 32767, "+32767");
    FAILS(op1(0, 1, 0), ERANGE, "+1 above 32767");
    FAILS(op1(0, 1, IPC_NOWAIT), ERANGE, "+1 above 32767 with IPC_NOWAIT");
    check(val(0) == 32767, "still 32767");
    op1(0, -32767, 0);
    FAILS(op1(2, 1, 0), EFBIG, "sem_num 2 of 2");
    FAILS(op1(65535, 1, 0), EFBIG, "sem_num 65535");
    static struct sembuf many[501];
    for (int i = 0; i < 501; i++) {
        many[i].sem_num = 1;
        many[i].sem_op = 1;
        many[i].sem_flg = 0;
    }
    FAILS(semop(s, many, 501), E2BIG, "501 operations");
    check(semop(s, many, 500) == 0 && val(1) == 500, "500 operations");
    FAILS(semop(s, many, 0), EINVAL, "0 operations");
    FAILS(semop(-1, many, 1), EINVAL, "semid -1");
    FAILS(semop(s, (struct sembuf *)16, 1), EFAULT, "operations at address 16");
    semctl(s, 0, IPC_RMID);
    FAILS(semop(s, many, 1), EINVAL, "a removed array");
    return done();
}
