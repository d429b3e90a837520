/* The direct i386 System V IPC system calls (musl uses ipc(2) instead): msgget 399, msgsnd 400,
 * msgrcv 401, msgctl 402, semget 393, semctl 394 (the union's value as the 4th argument),
 * semtimedop_time64 420; and ipc(2)'s MSGRCV of version 1; their ctl calls use the 64-bit structures (msqid64_ds: qnum at 64,
 * qbytes at 68; semid64_ds: nsems at 52) without the IPC_64 bit. musl's own IPC_STAT is 0x102
 * (its time64 variant), so the raw command numbers are used here. (Linux rejects IPC_64 on the
 * direct calls, EINVAL, where qemu-user strips it: not checked.) [host] */
#include "conf.h"
#include "ipc_conf.h"
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/sem.h>

int main(void)
{
    int q = syscall(399, IPC_PRIVATE, IPC_CREAT | 0600);
    check(q >= 0, "msgget (399)");
    struct { long type; char text[16]; } m = {5, "hello"};
    check(syscall(400, q, &m, 6, 0) == 0, "msgsnd (400)");
    unsigned char ds[88];
    memset(ds, 0xff, sizeof ds);
    check(syscall(402, q, 2, ds) == 0, "msgctl IPC_STAT (402)");
    unsigned int qnum, qbytes, cbytes, mode;
    memcpy(&cbytes, ds + 60, 4);
    memcpy(&qnum, ds + 64, 4);
    memcpy(&qbytes, ds + 68, 4);
    mode = ds[20] | ds[21] << 8;
    printf("msqid64_ds: cbytes %u qnum %u qbytes %u mode %o\n", cbytes, qnum, qbytes, mode & 0777);
    check(cbytes == 6 && qnum == 1 && qbytes == 16384 && (mode & 0777) == 0600, "the 64-bit layout");
    memset(&m, 0, sizeof m);
    long r = syscall(401, q, &m, sizeof m.text, 0, 0);
    check(r == 6 && m.type == 5 && strcmp(m.text, "hello") == 0, "msgrcv (401)");
    FAILS(syscall(401, q, &m, sizeof m.text, 0, IPC_NOWAIT), ENOMSG, "msgrcv (401) IPC_NOWAIT");
    /* ipc(2) MSGRCV of version 1: msgp in ptr, msgtyp in the fifth argument (no ipc_kludge). */
    m.type = 9;
    syscall(400, q, &m, 2, 0);
    m.type = 4;
    syscall(400, q, &m, 3, 0);
    memset(&m, 0, sizeof m);
    r = syscall(117, 12 | 1 << 16, q, sizeof m.text, IPC_NOWAIT, &m, 4);
    check(r == 3 && m.type == 4, "ipc(MSGRCV, version 1) of type 4");
    check(syscall(402, q, IPC_RMID, 0) == 0, "msgctl IPC_RMID (402)");

    int s = syscall(393, IPC_PRIVATE, 2, IPC_CREAT | 0600);
    check(s >= 0, "semget (393)");
    check(syscall(394, s, 1, SETVAL, 7) == 0, "semctl SETVAL 7 (394)");
    check(syscall(394, s, 1, GETVAL, 0) == 7, "semctl GETVAL (394)");
    unsigned char sd[64];
    check(syscall(394, s, 0, 2, sd) == 0, "semctl IPC_STAT (394)");
    unsigned int nsems;
    memcpy(&nsems, sd + 52, 4);
    check(nsems == 2, "semid64_ds: nsems at 52");
    struct sembuf b = {1, -7, 0};
    long long ts[2] = {1LL << 33, 0};
    check(syscall(420, s, &b, 1, ts) == 0 && syscall(394, s, 1, GETVAL, 0) == 0, "semtimedop_time64 (420)");
    b.sem_flg = IPC_NOWAIT;
    FAILS(syscall(420, s, &b, 1, ts), EAGAIN, "semtimedop_time64 (420) IPC_NOWAIT");
    b.sem_flg = 0;
    long long zero[2] = {0, 0};
    FAILS(syscall(420, s, &b, 1, zero), EAGAIN, "semtimedop_time64 (420) zero timeout");
    long long bad[2] = {0, 1000000000};
    FAILS(syscall(420, s, &b, 1, bad), EINVAL, "semtimedop_time64 (420) tv_nsec 1e9");
    /* musl's semtimedop takes this path for a timeout beyond 32 bits. */
    struct timespec far = {(time_t)1 << 33, 0};
    b.sem_flg = IPC_NOWAIT;
    FAILS(semtimedop(s, &b, 1, &far), EAGAIN, "semtimedop with a 64-bit timeout");
    check(syscall(394, s, 0, IPC_RMID, 0) == 0, "semctl IPC_RMID (394)");
    return done();
}
