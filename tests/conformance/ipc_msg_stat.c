/* msgctl IPC_STAT and IPC_SET: owner and creator ids, mode, qbytes; IPC_SET changes mode and
 * qbytes (a smaller qbytes makes the queue full sooner) and ctime; IPC_STAT on a removed
 * queue fails EINVAL. [host] */
#include "conf.h"
#include "ipc_conf.h"
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/sem.h>

int main(void)
{
    int q = msgget(IPC_PRIVATE, IPC_CREAT | 0640);
    struct msqid_ds ds;
    check(msgctl(q, IPC_STAT, &ds) == 0, "IPC_STAT");
    printf("uid %u gid %u cuid %u cgid %u mode %o qbytes %lu\n", (unsigned)(ds.msg_perm.uid == getuid()),
           (unsigned)(ds.msg_perm.gid == getgid()), (unsigned)(ds.msg_perm.cuid == geteuid()),
           (unsigned)(ds.msg_perm.cgid == getegid()), (unsigned)ds.msg_perm.mode, (unsigned long)ds.msg_qbytes);
    check((ds.msg_perm.mode & 0777) == 0640, "mode 0640");
    ds.msg_perm.mode = 0604;
    ds.msg_qbytes = 100;
    check(msgctl(q, IPC_SET, &ds) == 0, "IPC_SET mode 0604, qbytes 100");
    memset(&ds, 0, sizeof ds);
    msgctl(q, IPC_STAT, &ds);
    printf("after IPC_SET: mode %o qbytes %lu\n", (unsigned)(ds.msg_perm.mode & 0777), (unsigned long)ds.msg_qbytes);
    check((ds.msg_perm.mode & 0777) == 0604 && ds.msg_qbytes == 100, "the new mode and qbytes");
    struct { long type; char text[128]; } m = {1, ""};
    FAILS(msgsnd(q, &m, 101, IPC_NOWAIT), EAGAIN, "101 bytes into qbytes 100");
    check(msgsnd(q, &m, 60, IPC_NOWAIT) == 0, "60 bytes");
    FAILS(msgsnd(q, &m, 41, IPC_NOWAIT), EAGAIN, "41 more bytes");
    check(msgsnd(q, &m, 40, IPC_NOWAIT) == 0, "40 more bytes");
    ds.msg_qbytes = 3;
    msgctl(q, IPC_SET, &ds);
    check(msgrcv(q, &m, 128, 0, IPC_NOWAIT) == 60 && msgrcv(q, &m, 128, 0, IPC_NOWAIT) == 40, "receive both");
    for (int i = 0; i < 3; i++)
        msgsnd(q, &m, 0, IPC_NOWAIT);
    FAILS(msgsnd(q, &m, 0, IPC_NOWAIT), EAGAIN, "qbytes 3: the fourth empty message");
    ds.msg_qbytes = 16384;
    check(msgctl(q, IPC_SET, &ds) == 0, "qbytes back to 16384");
    check(msgctl(q, IPC_RMID, NULL) == 0, "IPC_RMID");
    FAILS(msgctl(q, IPC_STAT, &ds), EINVAL, "IPC_STAT after IPC_RMID");
    FAILS(msgctl(q, IPC_RMID, NULL), EINVAL, "IPC_RMID twice");
    return done();
}
