/* shmget: IPC_PRIVATE always creates; IPC_CREAT|IPC_EXCL on an existing key → EEXIST; a missing
 * key without IPC_CREAT → ENOENT; size 0 → EINVAL; an existing key asked for a larger size →
 * EINVAL (a smaller or zero size finds it); shm_segsz is the requested size (not rounded to 4096)
 * and a new segment is zero-filled over the whole rounded page. [host] (linux-semantics.md,
 * System V shared memory) */
#include "conf.h"
#include "ipc_conf.h"
#include <sys/ipc.h>
#include <sys/shm.h>

#define KEY 0x49530001

int main(void)
{
    int old = shmget(KEY, 0, 0);
    if (old >= 0)
        shmctl(old, IPC_RMID, NULL);
    int a = shmget(IPC_PRIVATE, 100, 0600);
    int b = shmget(IPC_PRIVATE, 100, IPC_CREAT | IPC_EXCL | 0600);
    check(a >= 0 && b >= 0 && a != b, "IPC_PRIVATE creates two distinct segments");
    FAILS(shmget(KEY, 5000, 0600), ENOENT, "missing key without IPC_CREAT");
    FAILS(shmget(IPC_PRIVATE, 0, 0600), EINVAL, "size 0");
    FAILS(shmget(KEY, 0, IPC_CREAT | 0600), EINVAL, "size 0 with IPC_CREAT on a new key");
    int s = shmget(KEY, 5000, IPC_CREAT | 0600);
    check(s >= 0, "IPC_CREAT creates");
    check(shmget(KEY, 5000, IPC_CREAT | 0600) == s, "IPC_CREAT again: the same segment");
    check(shmget(KEY, 0, 0) == s, "shmget(key, 0, 0) finds it");
    check(shmget(KEY, 100, 0) == s, "a smaller size finds it");
    FAILS(shmget(KEY, 5001, 0), EINVAL, "a larger size than the segment's");
    FAILS(shmget(KEY, 8192, IPC_CREAT), EINVAL, "a larger size with IPC_CREAT");
    FAILS(shmget(KEY, 5000, IPC_CREAT | IPC_EXCL | 0600), EEXIST, "IPC_CREAT|IPC_EXCL on an existing key");
    struct shmid_ds ds;
    check(shmctl(s, IPC_STAT, &ds) == 0, "IPC_STAT");
    printf("shm_segsz %lu\n", (unsigned long)ds.shm_segsz);
    check(ds.shm_segsz == 5000, "shm_segsz is the requested size");
    check(ds.shm_perm.__ipc_perm_key == KEY, "IPC_STAT shows the key");
    printf("mode %o nattch %lu\n", (unsigned)ds.shm_perm.mode, (unsigned long)ds.shm_nattch);
    check(ds.shm_cpid == getpid() && ds.shm_lpid == 0, "shm_cpid is the creator, shm_lpid 0");
    check(shmctl(a, IPC_STAT, &ds) == 0 && ds.shm_perm.__ipc_perm_key == 0, "a private segment has key 0");
    unsigned char *p = shmat(s, NULL, 0);
    check(p != (void *)-1, "shmat");
    int zero = 1;
    for (int i = 0; i < 8192; i++)
        if (p[i])
            zero = 0;
    check(zero, "zero-filled up to the end of the rounded page");
    memset(p, 0xAB, 8192);
    check(shmdt(p) == 0, "shmdt");
    p = shmat(s, NULL, SHM_RDONLY);
    check(p != (void *)-1 && p[0] == 0xAB && p[8191] == 0xAB, "the contents stay in the segment");
    shmdt(p);
    check(shmctl(s, IPC_RMID, NULL) == 0, "IPC_RMID");
    FAILS(shmget(KEY, 0, 0), ENOENT, "the key is gone after IPC_RMID");
    int s2 = shmget(KEY, 100, IPC_CREAT | IPC_EXCL | 0600);
    check(s2 >= 0 && s2 != s, "a new segment for the key gets a new id");
    shmctl(s2, IPC_RMID, NULL);
    shmctl(a, IPC_RMID, NULL);
    shmctl(b, IPC_RMID, NULL);
    return done();
}
