/* semget: IPC_PRIVATE creates, IPC_CREAT|IPC_EXCL on an existing key is EEXIST, a missing key
 * without IPC_CREAT ENOENT; nsems above SEMMSL 32000 or 0 for a new array is EINVAL, and so is
 * asking an existing key for more semaphores than it has (fewer, or 0, is fine). Values are
 * unsigned short and start at 0. [host] */
#include "conf.h"
#include "ipc_conf.h"
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/sem.h>

#define KEY 0x49510003

int main(void)
{
    int old = semget(KEY, 0, 0);
    if (old >= 0)
        semctl(old, 0, IPC_RMID);
    int a = semget(IPC_PRIVATE, 3, 0600);
    int b = semget(IPC_PRIVATE, 3, 0600);
    check(a >= 0 && b >= 0 && a != b, "IPC_PRIVATE creates two arrays");
    FAILS(semget(IPC_PRIVATE, 0, 0600), EINVAL, "nsems 0 for a new array");
    FAILS(semget(IPC_PRIVATE, 32001, 0600), EINVAL, "nsems 32001");
    FAILS(semget(IPC_PRIVATE, -1, 0600), EINVAL, "nsems -1");
    int big = semget(IPC_PRIVATE, 32000, 0600);
    check(big >= 0, "nsems 32000");
    semctl(big, 0, IPC_RMID);
    FAILS(semget(KEY, 2, 0600), ENOENT, "missing key without IPC_CREAT");
    FAILS(semget(KEY, 0, IPC_CREAT | 0600), EINVAL, "missing key, IPC_CREAT, nsems 0");
    int s = semget(KEY, 4, IPC_CREAT | 0600);
    check(s >= 0, "IPC_CREAT creates 4");
    check(semget(KEY, 4, IPC_CREAT | 0600) == s, "the same key again");
    check(semget(KEY, 2, 0) == s, "fewer semaphores: the same array");
    check(semget(KEY, 0, 0) == s, "nsems 0: the same array");
    FAILS(semget(KEY, 5, 0), EINVAL, "more semaphores than it has");
    FAILS(semget(KEY, 4, IPC_CREAT | IPC_EXCL | 0600), EEXIST, "IPC_CREAT|IPC_EXCL");
    unsigned short v[4] = {9, 9, 9, 9};
    check(semctl(s, 0, GETALL, v) == 0 && v[0] == 0 && v[1] == 0 && v[2] == 0 && v[3] == 0, "values start at 0");
    struct semid_ds ds;
    check(semctl(s, 0, IPC_STAT, &ds) == 0 && ds.sem_nsems == 4 && ds.sem_otime == 0 &&
          ds.sem_perm.__ipc_perm_key == KEY, "IPC_STAT: nsems 4, otime 0, the key");
    semctl(s, 0, IPC_RMID);
    FAILS(semget(KEY, 0, 0), ENOENT, "gone after IPC_RMID");
    semctl(a, 0, IPC_RMID);
    semctl(b, 0, IPC_RMID);
    return done();
}
