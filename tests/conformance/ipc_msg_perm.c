/* Permissions by uid/gid and mode, as an unprivileged process (a forked child that setuid's):
 * msgget asking for more than the mode grants fails EACCES; msgsnd needs write, msgrcv and
 * IPC_STAT read permission (EACCES); IPC_SET and IPC_RMID need the owner or creator (EPERM);
 * the group bits apply to a member of the queue's group. conformance: needs-root */
#include "conf.h"
#include "ipc_conf.h"
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/sem.h>

#include <grp.h>
#define KEY 0x49510002

static void as_user(int q, const char *label)
{
    struct { long type; char text[16]; } m = {1, "x"};
    struct msqid_ds ds;
    errno = 0;
    int g = msgget(KEY, 0);
    printf("%s: msgget(key, 0) %s\n", label, g == q ? "ok" : en(errno));
    errno = 0;
    g = msgget(KEY, 0600);
    printf("%s: msgget(key, 0600) %s\n", label, g == q ? "ok" : en(errno));
    errno = 0;
    int r = msgsnd(q, &m, 1, IPC_NOWAIT);
    printf("%s: msgsnd %s\n", label, r == 0 ? "ok" : en(errno));
    errno = 0;
    r = (int)msgrcv(q, &m, sizeof m.text, 0, IPC_NOWAIT);
    printf("%s: msgrcv %s\n", label, r >= 0 ? "ok" : en(errno));
    errno = 0;
    r = msgctl(q, IPC_STAT, &ds);
    printf("%s: IPC_STAT %s\n", label, r == 0 ? "ok" : en(errno));
    errno = 0;
    r = msgctl(q, IPC_SET, &ds);
    printf("%s: IPC_SET %s\n", label, r == 0 ? "ok" : en(errno));
    errno = 0;
    r = msgctl(q, IPC_RMID, NULL);
    printf("%s: IPC_RMID %s\n", label, r == 0 ? "ok" : en(errno));
}

static void run(int mode, uid_t uid, gid_t gid, const char *label)
{
    int q = msgget(KEY, IPC_CREAT | IPC_EXCL | mode);
    struct { long type; char text[16]; } m = {1, "x"};
    msgsnd(q, &m, 1, 0); /* something to receive */
    pid_t c = xfork();
    if (c == 0) {
        if (setgroups(0, NULL) || setgid(gid) || setuid(uid))
            printf("setuid failed\n");
        as_user(q, label);
        fflush(stdout);
        _exit(0);
    }
    wait_for(c, 0);
    msgctl(q, IPC_RMID, NULL);
}

int main(void)
{
    int old = msgget(KEY, 0);
    if (old >= 0)
        msgctl(old, IPC_RMID, NULL);
    run(0600, 1000, 1000, "other, mode 0600");
    run(0604, 1000, 1000, "other, mode 0604");
    run(0602, 1000, 1000, "other, mode 0602");
    run(0660, 1000, 0, "group member, mode 0660");
    run(0606, 1000, 0, "group member, mode 0606");
    /* A queue the unprivileged user creates and owns. */
    pid_t c = xfork();
    if (c == 0) {
        setgroups(0, NULL);
        setgid(1000);
        setuid(1000);
        int q = msgget(IPC_PRIVATE, 0400);
        struct { long type; char text[16]; } m = {1, "x"};
        errno = 0;
        int r = msgsnd(q, &m, 1, IPC_NOWAIT);
        printf("owner, mode 0400: msgsnd %s\n", r == 0 ? "ok" : en(errno));
        struct msqid_ds ds;
        msgctl(q, IPC_STAT, &ds);
        ds.msg_perm.mode = 0600;
        r = msgctl(q, IPC_SET, &ds);
        printf("owner: IPC_SET to 0600 %s\n", r == 0 ? "ok" : en(errno));
        r = msgsnd(q, &m, 1, IPC_NOWAIT);
        printf("owner, mode 0600: msgsnd %s\n", r == 0 ? "ok" : en(errno));
        r = msgctl(q, IPC_RMID, NULL);
        printf("owner: IPC_RMID %s\n", r == 0 ? "ok" : en(errno));
        fflush(stdout);
        _exit(0);
    }
    wait_for(c, 0);
    check(1, "done");
    return done();
}
