/* Bad input to every IPC call: unmapped pointers (EFAULT), sizes and counts out of range, unknown
 * commands and flags, ids that are not ids. Each call fails with Linux's errno and the process goes
 * on. Raw syscall() where musl would check or convert first; the *ctl calls with bad buffers go through
 * the ipc(2) multiplexer with IPC_64, as musl calls them on i386 (musl's own wrappers copy a time64
 * structure back to the caller's pointer after the call, which would fault in user space). Left out
 * where qemu-user, the oracle here, is not Linux: pipe2 with an unknown flag (qemu drops it,
 * Linux says EINVAL), msgsnd with a bad pointer and a negative size (qemu checks the size first,
 * Linux reads mtype first: EFAULT, as ipc_msg_errors shows), msgrcv into a bad buffer from an
 * empty queue (qemu faults before the call, Linux says ENOMSG); pipe2 and read into kernel
 * addresses, msgsnd above MSGMAX from a small buffer (qemu-i386 7.2 aborts; ipc_msg_send_limits
 * has the MSGMAX case). (issue: "every IPC call with bad
 * ids, sizes, pointers (EFAULT) and flags returns the Linux errno") */
#include "ipc_conf.h"
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/stat.h>

#define BAD ((void *)0x10)
#define KERNEL ((void *)0xC0001000u)

int main(void)
{
    /* pipes and FIFOs */
    FAILS(syscall(SYS_pipe2, BAD, 0), EFAULT, "pipe2(bad array)");
    int fds[2];
    FAILS(syscall(SYS_pipe2, fds, O_RDWR), EINVAL, "pipe2(O_RDWR is no pipe2 flag)");
    FAILS(syscall(SYS_mknod, BAD, S_IFIFO | 0600, 0), EFAULT, "mknod(bad path)");
    FAILS(syscall(SYS_mknodat, AT_FDCWD, BAD, S_IFIFO | 0600, 0), EFAULT, "mknodat(bad path)");
    FAILS(syscall(SYS_mknodat, 9999, "rel", S_IFIFO | 0600, 0), EBADF, "mknodat(bad dirfd)");
    FAILS(mkfifo("", 0600), ENOENT, "mkfifo(\"\")");
    check(pipe(fds) == 0, "pipe");
    FAILS(syscall(SYS_write, fds[1], BAD, 4), EFAULT, "write to a pipe from a bad buffer");
    check(write(fds[1], "ab", 2) == 2, "the pipe still works");
    FAILS(syscall(SYS_read, fds[0], BAD, 2), EFAULT, "read from a pipe into a bad buffer");
    FAILS(fcntl(fds[0], 1234), EINVAL, "fcntl(unknown command) on a pipe");

    /* message queues */
    FAILS(msgget(IPC_PRIVATE, 0600) >= 0 ? msgctl(0x7fffffff, IPC_STAT, NULL) : 0, EINVAL, "msgctl(never allocated id)");
    int q = msgget(IPC_PRIVATE, 0600);
    check(q >= 0, "msgget");
    FAILS(msgctl(q, 12345, NULL), EINVAL, "msgctl(unknown command)");
    FAILS(msgctl(-5, IPC_RMID, NULL), EINVAL, "msgctl(negative id)");
    FAILS(syscall(SYS_msgsnd, q, KERNEL, 4, IPC_NOWAIT), EFAULT, "msgsnd(kernel address)");
    struct { long type; char text[8]; } msg = {1, "abc"};
    FAILS(syscall(SYS_msgsnd, q, &msg, (size_t)-1, IPC_NOWAIT), EINVAL, "msgsnd(size -1)");
    FAILS(syscall(SYS_msgrcv, q, BAD, (size_t)-1, 0, IPC_NOWAIT), EINVAL, "msgrcv(size -1)");
    FAILS(syscall(SYS_ipc, 14 /* MSGCTL */, q, IPC_STAT | 0x100, 0, KERNEL, 0), EFAULT, "msgctl(IPC_STAT, kernel address)");
    FAILS(syscall(SYS_ipc, 14, q, IPC_SET | 0x100, 0, BAD, 0), EFAULT, "msgctl(IPC_SET, bad buffer)");
    check(msgctl(q, IPC_RMID, NULL) == 0, "IPC_RMID");
    FAILS(msgctl(q, IPC_RMID, NULL), EINVAL, "IPC_RMID twice");

    /* semaphores */
    FAILS(semget(IPC_PRIVATE, -1, 0600), EINVAL, "semget(nsems -1)");
    FAILS(semget(IPC_PRIVATE, 32001, 0600), EINVAL, "semget(nsems above SEMMSL)");
    int s = semget(IPC_PRIVATE, 2, 0600);
    check(s >= 0, "semget 2");
    struct sembuf op = {0, 1, 0};
    FAILS(semop(s, BAD, 1), EFAULT, "semop(bad array)");
    FAILS(semop(s, &op, 0), EINVAL, "semop(0 operations)");
    FAILS(semop(s, BAD, 501), E2BIG, "semop(501 operations): E2BIG before the copy");
    FAILS(semop(-1, &op, 1), EINVAL, "semop(id -1)");
    struct sembuf far = {7, 1, 0};
    FAILS(semop(s, &far, 1), EFBIG, "semop(sem_num 7 of 2)");
    FAILS(semctl(s, 0, 12345), EINVAL, "semctl(unknown command)");
    FAILS(syscall(SYS_semctl, s, 0, GETALL, BAD), EFAULT, "semctl(GETALL, bad buffer)");
    FAILS(syscall(SYS_semctl, s, 0, SETALL, BAD), EFAULT, "semctl(SETALL, bad buffer)");
    FAILS(semctl(s, 5, GETVAL), EINVAL, "semctl(GETVAL of semaphore 5 of 2)");
    FAILS(semctl(s, 0, SETVAL, -1), ERANGE, "semctl(SETVAL -1)");
    struct timespec neg = {0, -1};
    FAILS(semtimedop(s, &op, 1, &neg), EINVAL, "semtimedop(negative nanoseconds)");
    check(semctl(s, 0, IPC_RMID) == 0, "IPC_RMID");
    FAILS(semop(s, &op, 1), EINVAL, "semop on a removed array");

    /* shared memory */
    FAILS(shmget(IPC_PRIVATE, 0, 0600), EINVAL, "shmget(size 0)");
    int m = shmget(IPC_PRIVATE, 8192, 0600);
    check(m >= 0, "shmget 8192");
    FAILS(syscall(SYS_ipc, 24 /* SHMCTL */, m, IPC_STAT | 0x100, 0, BAD, 0), EFAULT, "shmctl(IPC_STAT, bad buffer)");
    FAILS(syscall(SYS_ipc, 24, m, IPC_SET | 0x100, 0, BAD, 0), EFAULT, "shmctl(IPC_SET, bad buffer)");
    FAILS(shmctl(m, 12345, NULL), EINVAL, "shmctl(unknown command)");
    FAILS((long)shmat(m, (void *)0x12345, 0), EINVAL, "shmat(unaligned, no SHM_RND)");
    FAILS((long)shmat(m, (void *)0xBFFFF000u, 0), EINVAL, "shmat(past the end of user space)");
    FAILS((long)shmat(-1, NULL, 0), EINVAL, "shmat(id -1)");
    FAILS(shmdt((void *)0x1000), EINVAL, "shmdt(nothing attached)");
    check(shmctl(m, IPC_RMID, NULL) == 0, "IPC_RMID");
    FAILS(shmctl(m, IPC_STAT, &(struct shmid_ds){0}), EINVAL, "IPC_STAT after IPC_RMID with nothing attached");

    /* the ipc(2) multiplexer */
    FAILS(syscall(SYS_ipc, 99, 0, 0, 0, 0, 0), ENOSYS, "ipc(call 99)");
    FAILS(syscall(SYS_ipc, 1 /* SEMOP */, 0x7fffffff, 1, 0, BAD, 0), EFAULT, "ipc(SEMOP, bad array)");
    printf("still running\n");
    return done();
}
