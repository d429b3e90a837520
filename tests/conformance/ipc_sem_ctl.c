/* semctl: IPC_STAT (ids, mode, nsems, otime 0 until a semop, ctime), IPC_SET of the mode,
 * IPC_INFO limits (SEMMSL 32000, SEMOPM 500, SEMVMX 32767, SEMMNI 32000), SEM_INFO/SEM_STAT find
 * the array, GETALL; unknown commands and bad ids are EINVAL, bad buffers EFAULT. [host] */
#include "conf.h"
#include "ipc_conf.h"
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/sem.h>

union semun { int val; struct semid_ds *buf; unsigned short *array; struct seminfo *__buf; };

int main(void)
{
    int s = semget(IPC_PRIVATE, 3, 0640);
    struct semid_ds ds;
    union semun u;
    u.buf = &ds;
    check(semctl(s, 0, IPC_STAT, u) == 0, "IPC_STAT");
    printf("mode %o nsems %lu uid is me %d cuid is me %d otime %lld ctime set %d\n", (unsigned)(ds.sem_perm.mode & 0777),
           (unsigned long)ds.sem_nsems, ds.sem_perm.uid == geteuid(), ds.sem_perm.cuid == geteuid(),
           (long long)ds.sem_otime, ds.sem_ctime > 0);
    check((ds.sem_perm.mode & 0777) == 0640 && ds.sem_nsems == 3 && ds.sem_otime == 0, "fields");
    struct sembuf b = {1, 2, 0};
    semop(s, &b, 1);
    semctl(s, 0, IPC_STAT, u);
    check(ds.sem_otime > 0, "otime set by semop");
    ds.sem_perm.mode = 0600;
    check(semctl(s, 0, IPC_SET, u) == 0, "IPC_SET mode 0600");
    semctl(s, 0, IPC_STAT, u);
    check((ds.sem_perm.mode & 0777) == 0600 && ds.sem_nsems == 3, "the new mode");
    unsigned short v[3] = {7, 7, 7};
    u.array = v;
    check(semctl(s, 0, GETALL, u) == 0 && v[0] == 0 && v[1] == 2 && v[2] == 0, "GETALL");
    struct seminfo si;
    memset(&si, 0, sizeof si);
    u.__buf = &si;
    int r = semctl(0, 0, IPC_INFO, u);
    printf("IPC_INFO: ret>=0 %d semmsl %d semopm %d semvmx %d semmni %d semmns %d semume %d semusz %d semaem %d semmap %d semmnu %d\n",
           r >= 0, si.semmsl, si.semopm, si.semvmx, si.semmni, si.semmns, si.semume, si.semusz, si.semaem,
           si.semmap, si.semmnu);
    check(r >= 0 && si.semmsl == 32000 && si.semopm == 500 && si.semvmx == 32767 && si.semmni == 32000, "IPC_INFO");
    memset(&si, 0, sizeof si);
    int max = semctl(0, 0, SEM_INFO, u);
    check(max >= 0 && si.semusz >= 1 && si.semaem >= 3, "SEM_INFO: arrays and semaphores in use");
    int found = 0;
    for (int i = 0; i <= max; i++) {
        u.buf = &ds;
        if (semctl(i, 0, SEM_STAT, u) == s)
            found = ds.sem_nsems == 3;
    }
    check(found, "SEM_STAT finds the array");
    FAILS(semctl(s, 0, 99), EINVAL, "unknown command");
    FAILS(semctl(-1, 0, GETVAL), EINVAL, "semid -1");
    int gone = semget(IPC_PRIVATE, 1, 0600);
    semctl(gone, 0, IPC_RMID);
    FAILS(semctl(gone, 0, GETVAL), EINVAL, "a removed id");
    u.buf = (struct semid_ds *)16;
    FAILS(semctl(s, 0, IPC_STAT, u), EFAULT, "IPC_STAT into address 16");
    FAILS(semctl(s, 0, IPC_SET, u), EFAULT, "IPC_SET from address 16");
    u.array = (unsigned short *)16;
    FAILS(semctl(s, 0, GETALL, u), EFAULT, "GETALL into address 16");
    FAILS(semctl(s, 0, SETALL, u), EFAULT, "SETALL from address 16");
    semctl(s, 0, IPC_RMID);
    FAILS(semctl(s, 0, IPC_RMID), EINVAL, "IPC_RMID twice");
    return done();
}
