/* IPC_NOWAIT with nothing matching: ENOMSG (an empty queue, or no message of the type asked
 * for; the others stay). [host] */
#include "conf.h"
#include "ipc_conf.h"
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/sem.h>

int main(void)
{
    int q = msgget(IPC_PRIVATE, 0600);
    struct { long type; char text[16]; } m = {0, ""};
    FAILS(msgrcv(q, &m, sizeof m.text, 0, IPC_NOWAIT), ENOMSG, "empty queue");
    m.type = 5;
    msgsnd(q, &m, 4, 0);
    m.type = 6;
    msgsnd(q, &m, 4, 0);
    FAILS(msgrcv(q, &m, sizeof m.text, 7, IPC_NOWAIT), ENOMSG, "type 7");
    FAILS(msgrcv(q, &m, sizeof m.text, -4, IPC_NOWAIT), ENOMSG, "types <= 4");
    check(msgrcv(q, &m, sizeof m.text, 5, IPC_NOWAIT | MSG_EXCEPT) == 4 && m.type == 6, "not type 5 (finds 6)");
    struct msqid_ds ds;
    msgctl(q, IPC_STAT, &ds);
    check(ds.msg_qnum == 1, "one left");
    FAILS(msgrcv(q, &m, sizeof m.text, 5, IPC_NOWAIT | MSG_EXCEPT), ENOMSG, "not type 5 (none left)");
    check(msgrcv(q, &m, sizeof m.text, 5, IPC_NOWAIT) == 4, "type 5 is there");
    msgctl(q, IPC_RMID, NULL);
    return done();
}
