/* Bad ids (negative, never allocated, removed) are EINVAL; bad pointers are EFAULT (the mtype or
 * text of msgsnd, msgrcv's buffer, msgctl's buffer); a negative msgrcv size is EINVAL. [host] */
#include "conf.h"
#include "ipc_conf.h"
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/sem.h>

int main(void)
{
    struct { long type; char text[16]; } m = {1, "abc"};
    struct msqid_ds ds;
    FAILS(msgsnd(-1, &m, 3, IPC_NOWAIT), EINVAL, "msgsnd id -1");
    FAILS(msgrcv(-1, &m, 3, 0, IPC_NOWAIT), EINVAL, "msgrcv id -1");
    FAILS(msgctl(-1, IPC_STAT, &ds), EINVAL, "msgctl id -1");
    int q = msgget(IPC_PRIVATE, 0600);
    msgctl(q, IPC_RMID, NULL);
    FAILS(msgsnd(q, &m, 3, IPC_NOWAIT), EINVAL, "msgsnd on a removed id");
    FAILS(msgrcv(q, &m, 3, 0, IPC_NOWAIT), EINVAL, "msgrcv on a removed id");
    FAILS(msgctl(q, IPC_STAT, &ds), EINVAL, "IPC_STAT on a removed id");
    FAILS(msgctl(q, IPC_SET, &ds), EINVAL, "IPC_SET on a removed id");
    q = msgget(IPC_PRIVATE, 0600);
    FAILS(msgsnd(q, (void *)16, 3, IPC_NOWAIT), EFAULT, "msgsnd from address 16");
    FAILS(msgsnd(q, (void *)0xC0000000u, 3, IPC_NOWAIT), EFAULT, "msgsnd from kernel space");
    FAILS(msgctl(q, IPC_STAT, (struct msqid_ds *)16), EFAULT, "IPC_STAT into address 16");
    FAILS(msgctl(q, IPC_SET, (struct msqid_ds *)16), EFAULT, "IPC_SET from address 16");
    FAILS(msgrcv(q, &m, (size_t)-1, 0, IPC_NOWAIT), EINVAL, "msgrcv size -1");
    FAILS(msgsnd(q, &m, 3, IPC_NOWAIT) == 0 ? msgrcv(q, (void *)16, 16, 0, IPC_NOWAIT) : 0, EFAULT,
          "msgrcv into address 16");
    msgctl(q, IPC_RMID, NULL);
    int gone = q;
    q = msgget(IPC_PRIVATE, 0600);
    msgctl(q, IPC_RMID, NULL);
    FAILS(msgsnd(gone, (void *)16, 3, IPC_NOWAIT), EFAULT, "the message is read before the id is checked");
    q = msgget(IPC_PRIVATE, 0600);
    check(msgsnd(q, &m, 3, 0777777) == 0, "unknown msgsnd flag bits are ignored");
    msgctl(q, IPC_RMID, NULL);
    return done();
}
