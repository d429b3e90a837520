/* IPC_RMID on an attached segment marks it SHM_DEST: the key shows as 0, the mode has SHM_DEST
 * (01000), a shmget by the old key no longer finds it, shmat by id still works; it is destroyed
 * when nattch reaches 0 (shmdt), and IPC_STAT afterwards → EINVAL. An unattached segment goes at
 * once. [host] (linux-semantics.md, System V shared memory) */
#include "conf.h"
#include "ipc_conf.h"
#include <sys/ipc.h>
#include <sys/shm.h>

#define KEY 0x49530002

int main(void)
{
    int old = shmget(KEY, 0, 0);
    if (old >= 0)
        shmctl(old, IPC_RMID, NULL);
    int s = shmget(KEY, 4096, IPC_CREAT | IPC_EXCL | 0600);
    check(s >= 0, "shmget");
    char *p = shmat(s, NULL, 0);
    check(p != (void *)-1, "shmat");
    strcpy(p, "still here");
    check(shmctl(s, IPC_RMID, NULL) == 0, "IPC_RMID while attached");
    struct shmid_ds ds;
    check(shmctl(s, IPC_STAT, &ds) == 0, "IPC_STAT still works while attached");
    printf("key %#x mode %o nattch %lu\n", (unsigned)ds.shm_perm.__ipc_perm_key,
           (unsigned)ds.shm_perm.mode, (unsigned long)ds.shm_nattch);
    check(ds.shm_perm.__ipc_perm_key == 0, "the key shows as 0");
    check((ds.shm_perm.mode & 01000) != 0, "SHM_DEST in the mode");
    FAILS(shmget(KEY, 0, 0), ENOENT, "the old key finds nothing");
    char *q = shmat(s, NULL, 0);
    check(q != (void *)-1, "shmat by id on a segment marked for removal");
    check(q != (void *)-1 && strcmp(q, "still here") == 0, "the second attachment sees the data");
    check(shmctl(s, IPC_STAT, &ds) == 0 && ds.shm_nattch == 2, "nattch 2");
    check(shmdt(p) == 0, "shmdt the first");
    check(shmctl(s, IPC_STAT, &ds) == 0 && ds.shm_nattch == 1, "nattch 1, still there");
    check(shmdt(q) == 0, "shmdt the last");
    FAILS(shmctl(s, IPC_STAT, &ds), EINVAL, "IPC_STAT after the last detach");
    FAILS(shmat(s, NULL, 0) == (void *)-1 ? -1 : 0, EINVAL, "shmat after destruction");
    int t = shmget(IPC_PRIVATE, 100, 0600);
    check(shmctl(t, IPC_RMID, NULL) == 0, "IPC_RMID on an unattached segment");
    FAILS(shmctl(t, IPC_STAT, &ds), EINVAL, "it is gone at once");
    FAILS(shmctl(t, IPC_RMID, NULL), EINVAL, "IPC_RMID again");
    return done();
}
