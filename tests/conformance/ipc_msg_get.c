/* msgget: IPC_PRIVATE always creates a new queue; IPC_CREAT|IPC_EXCL on an existing key fails
 * EEXIST; a missing key without IPC_CREAT fails ENOENT; msgget(key, 0) finds the queue; after
 * IPC_RMID the key is gone. [host] (linux-semantics.md, System V message queues) */
#include "conf.h"
#include "ipc_conf.h"
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/sem.h>

#define KEY 0x49510001

int main(void)
{
    int old = msgget(KEY, 0);
    if (old >= 0)
        msgctl(old, IPC_RMID, NULL);
    int a = msgget(IPC_PRIVATE, 0600);
    int b = msgget(IPC_PRIVATE, IPC_CREAT | IPC_EXCL | 0600);
    check(a >= 0 && b >= 0 && a != b, "IPC_PRIVATE creates two distinct queues");
    FAILS(msgget(KEY, 0600), ENOENT, "missing key without IPC_CREAT");
    int q = msgget(KEY, IPC_CREAT | 0600);
    check(q >= 0, "IPC_CREAT creates");
    check(msgget(KEY, IPC_CREAT | 0600) == q, "IPC_CREAT again: the same queue");
    check(msgget(KEY, 0) == q, "msgget(key, 0) finds it");
    FAILS(msgget(KEY, IPC_CREAT | IPC_EXCL | 0600), EEXIST, "IPC_CREAT|IPC_EXCL on an existing key");
    struct msqid_ds ds;
    check(msgctl(q, IPC_STAT, &ds) == 0 && ds.msg_perm.__ipc_perm_key == KEY, "IPC_STAT shows the key");
    check(msgctl(a, IPC_STAT, &ds) == 0 && ds.msg_perm.__ipc_perm_key == 0, "a private queue has key 0");
    check(msgctl(q, IPC_RMID, NULL) == 0, "IPC_RMID");
    FAILS(msgget(KEY, 0), ENOENT, "the key is gone after IPC_RMID");
    int q2 = msgget(KEY, IPC_CREAT | IPC_EXCL | 0600);
    check(q2 >= 0 && q2 != q, "a new queue for the key gets a new id");
    msgctl(q2, IPC_RMID, NULL);
    msgctl(a, IPC_RMID, NULL);
    msgctl(b, IPC_RMID, NULL);
    return done();
}
