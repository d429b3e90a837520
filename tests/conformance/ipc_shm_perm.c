/* Permissions of shared memory, as an unprivileged process (a forked child that setuid's): shmget
 * asking for more than the mode grants → EACCES; shmat needs read (SHM_RDONLY) or read and write
 * permission → EACCES; IPC_STAT needs read; IPC_SET and IPC_RMID need the owner or creator
 * (EPERM). [host] (linux-semantics.md, System V shared memory) conformance: needs-root */
#include "conf.h"
#include "ipc_conf.h"
#include <sys/ipc.h>
#include <sys/shm.h>

#define KEY 0x49530003

static void as_user(int s, const char *label)
{
    struct shmid_ds ds;
    errno = 0;
    printf("%s: shmget(key, 0, 0) %s\n", label, shmget(KEY, 0, 0) == s ? "ok" : en(errno));
    errno = 0;
    printf("%s: shmget(key, 0, 0600) %s\n", label, shmget(KEY, 0, 0600) == s ? "ok" : en(errno));
    errno = 0;
    void *p = shmat(s, NULL, SHM_RDONLY);
    printf("%s: shmat SHM_RDONLY %s\n", label, p != (void *)-1 ? "ok" : en(errno));
    if (p != (void *)-1)
        shmdt(p);
    errno = 0;
    p = shmat(s, NULL, 0);
    printf("%s: shmat read-write %s\n", label, p != (void *)-1 ? "ok" : en(errno));
    if (p != (void *)-1)
        shmdt(p);
    errno = 0;
    printf("%s: IPC_STAT %s\n", label, shmctl(s, IPC_STAT, &ds) == 0 ? "ok" : en(errno));
    errno = 0;
    printf("%s: IPC_RMID %s\n", label, shmctl(s, IPC_RMID, NULL) == 0 ? "ok" : en(errno));
}

static int run(int s, uid_t uid, gid_t gid, const char *label)
{
    pid_t c = xfork();
    if (c == 0) {
        if (setgid(gid) || setuid(uid))
            _exit(9);
        as_user(s, label);
        fflush(stdout);
        _exit(0);
    }
    return wait_for(c, 0);
}

int main(void)
{
    int old = shmget(KEY, 0, 0);
    if (old >= 0)
        shmctl(old, IPC_RMID, NULL);
    int s = shmget(KEY, 4096, IPC_CREAT | IPC_EXCL | 0640);
    check(s >= 0, "shmget 0640");
    struct shmid_ds ds;
    shmctl(s, IPC_STAT, &ds);
    ds.shm_perm.gid = 1234;
    check(shmctl(s, IPC_SET, &ds) == 0, "IPC_SET group 1234");
    check(run(s, 4321, 1234, "group member") == 0, "group member ran");
    check(run(s, 4321, 4321, "other") == 0, "other ran");
    ds.shm_perm.uid = 4321;
    check(shmctl(s, IPC_SET, &ds) == 0, "IPC_SET owner 4321");
    check(run(s, 4321, 4321, "owner") == 0, "owner ran");
    errno = 0;
    int r = shmctl(s, IPC_STAT, &ds);
    printf("root after the owner's IPC_RMID: %s\n", r == 0 ? "still there" : en(errno));
    check(r == -1 && errno == EINVAL, "the owner removed it");
    return done();
}
