/* Semaphore permissions as an unprivileged process (a forked child that setuid's): altering
 * operations and SETVAL/SETALL need write permission, wait-for-zero, GETVAL, GETALL and
 * IPC_STAT read permission (EACCES otherwise); IPC_SET and IPC_RMID need the owner or creator
 * (EPERM); semget asking for more than the mode grants fails EACCES. conformance: needs-root */
#include "conf.h"
#include "ipc_conf.h"
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/sem.h>

#include <grp.h>
#define KEY 0x49510004

static void try(int s, const char *label)
{
    struct sembuf up = {0, 1, IPC_NOWAIT}, zero = {1, 0, IPC_NOWAIT};
    struct semid_ds ds;
    unsigned short v[2];
    int r;
    errno = 0; r = semget(KEY, 0, 0);
    printf("%s: semget(key, 0) %s\n", label, r == s ? "ok" : en(errno));
    errno = 0; r = semget(KEY, 0, 0600);
    printf("%s: semget(key, 0600) %s\n", label, r == s ? "ok" : en(errno));
    errno = 0; r = semop(s, &up, 1);
    printf("%s: semop +1 %s\n", label, r == 0 ? "ok" : en(errno));
    errno = 0; r = semop(s, &zero, 1);
    printf("%s: semop wait-for-zero %s\n", label, r == 0 ? "ok" : en(errno));
    errno = 0; r = semctl(s, 0, GETVAL);
    printf("%s: GETVAL %s\n", label, r >= 0 ? "ok" : en(errno));
    errno = 0; r = semctl(s, 0, GETALL, v);
    printf("%s: GETALL %s\n", label, r >= 0 ? "ok" : en(errno));
    errno = 0; r = semctl(s, 0, SETVAL, 1);
    printf("%s: SETVAL %s\n", label, r >= 0 ? "ok" : en(errno));
    errno = 0; r = semctl(s, 0, IPC_STAT, &ds);
    printf("%s: IPC_STAT %s\n", label, r >= 0 ? "ok" : en(errno));
    errno = 0; r = semctl(s, 0, IPC_SET, &ds);
    printf("%s: IPC_SET %s\n", label, r >= 0 ? "ok" : en(errno));
    errno = 0; r = semctl(s, 0, IPC_RMID);
    printf("%s: IPC_RMID %s\n", label, r >= 0 ? "ok" : en(errno));
}

static void run(int mode, gid_t gid, const char *label)
{
    int s = semget(KEY, 2, IPC_CREAT | IPC_EXCL | mode);
    pid_t c = xfork();
    if (c == 0) {
        if (setgroups(0, NULL) || setgid(gid) || setuid(1000))
            printf("setuid failed\n");
        try(s, label);
        fflush(stdout);
        _exit(0);
    }
    wait_for(c, 0);
    semctl(s, 0, IPC_RMID);
}

int main(void)
{
    int old = semget(KEY, 0, 0);
    if (old >= 0)
        semctl(old, 0, IPC_RMID);
    run(0600, 1000, "other, 0600");
    run(0604, 1000, "other, 0604");
    run(0602, 1000, "other, 0602");
    run(0640, 0, "group, 0640");
    run(0620, 0, "group, 0620");
    pid_t c = xfork();
    if (c == 0) {
        setgroups(0, NULL);
        setgid(1000);
        setuid(1000);
        int s = semget(IPC_PRIVATE, 1, 0400);
        struct sembuf up = {0, 1, 0};
        errno = 0;
        int r = semop(s, &up, 1);
        printf("owner, 0400: semop +1 %s\n", r == 0 ? "ok" : en(errno));
        r = semctl(s, 0, IPC_RMID);
        printf("owner: IPC_RMID %s\n", r == 0 ? "ok" : en(errno));
        fflush(stdout);
        _exit(0);
    }
    wait_for(c, 0);
    check(1, "done");
    return done();
}
