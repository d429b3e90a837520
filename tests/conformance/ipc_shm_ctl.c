/* shmctl: IPC_SET changes the mode (SHM_DEST kept apart) and shm_ctime, IPC_STAT reports it;
 * SHM_STAT takes an index and returns the id; SHM_INFO counts the segments in use; IPC_INFO
 * reports SHMMIN 1 and SHMMNI 4096; a bad command or id → EINVAL. [host] (linux-semantics.md,
 * System V shared memory) */
#include "conf.h"
#include "ipc_conf.h"
#include <sys/ipc.h>
#include <sys/shm.h>

int main(void)
{
    int s = shmget(IPC_PRIVATE, 10000, 0640);
    check(s >= 0, "shmget");
    struct shmid_ds ds;
    check(shmctl(s, IPC_STAT, &ds) == 0, "IPC_STAT");
    printf("mode %o segsz %lu nattch %lu uid %d gid %d cuid %d\n", (unsigned)ds.shm_perm.mode,
           (unsigned long)ds.shm_segsz, (unsigned long)ds.shm_nattch, (int)ds.shm_perm.uid,
           (int)ds.shm_perm.gid, (int)ds.shm_perm.cuid);
    check(ds.shm_perm.uid == geteuid() && ds.shm_perm.cgid == getegid(), "owner and creator");
    check(ds.shm_ctime != 0 && ds.shm_atime == 0 && ds.shm_dtime == 0, "only shm_ctime set");
    ds.shm_perm.mode = 0604 | 01000;
    check(shmctl(s, IPC_SET, &ds) == 0, "IPC_SET");
    check(shmctl(s, IPC_STAT, &ds) == 0, "IPC_STAT again");
    printf("mode after IPC_SET %o\n", (unsigned)ds.shm_perm.mode);
    check(ds.shm_perm.mode == 0604, "IPC_SET changes the 0777 bits only");
    int idx = -1;
    struct shmid_ds any;
    for (int i = 0; i < 4096 && idx < 0; i++)
        if (shmctl(i, SHM_STAT, &any) == s)
            idx = i;
    check(idx >= 0 && idx == s % 32768, "SHM_STAT of the index returns the id");
    check(any.shm_segsz == 10000, "SHM_STAT fills the structure");
    struct shm_info si;
    int max = shmctl(0, SHM_INFO, (struct shmid_ds *)&si);
    check(max >= idx && si.used_ids >= 1, "SHM_INFO: the highest index and the segments in use");
    struct shminfo in;
    max = shmctl(0, IPC_INFO, (struct shmid_ds *)&in);
    printf("IPC_INFO: shmmin %lu shmmni %lu\n", (unsigned long)in.shmmin, (unsigned long)in.shmmni);
    check(max >= idx && in.shmmin == 1 && in.shmmni == 4096, "IPC_INFO limits");
    FAILS(shmctl(s, 99, &ds), EINVAL, "an unknown command");
    FAILS(shmctl(-1, IPC_STAT, &ds), EINVAL, "id -1");
    FAILS(shmctl(s + 32768, IPC_STAT, &ds), EINVAL, "a wrong sequence number");
    check(shmctl(s, IPC_RMID, NULL) == 0, "IPC_RMID");
    return done();
}
