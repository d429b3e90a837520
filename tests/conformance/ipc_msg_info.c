/* msgctl IPC_INFO reports the limits (MSGMAX 8192, MSGMNB 16384, MSGMNI 32000); MSG_INFO and
 * MSG_STAT walk the table as ipcs does: MSG_STAT of an index returns that queue's id. Only
 * relations are printed (the host's table holds other queues). [host] */
#include "conf.h"
#include "ipc_conf.h"
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/sem.h>

int main(void)
{
    int q = msgget(IPC_PRIVATE, 0600);
    struct { long type; char text[16]; } m = {4, "abc"};
    msgsnd(q, &m, 3, 0);
    struct msginfo mi;
    memset(&mi, 0, sizeof mi);
    int r = msgctl(0, IPC_INFO, (struct msqid_ds *)&mi);
    printf("IPC_INFO: ret>=0 %d msgmax %d msgmnb %d msgmni %d msgssz %d msgseg %d msgpool %d msgmap %d msgtql %d\n",
           r >= 0, mi.msgmax, mi.msgmnb, mi.msgmni, mi.msgssz, mi.msgseg, mi.msgpool, mi.msgmap, mi.msgtql);
    check(r >= 0 && mi.msgmax == 8192 && mi.msgmnb == 16384 && mi.msgmni == 32000, "IPC_INFO limits");
    memset(&mi, 0, sizeof mi);
    int max = msgctl(0, MSG_INFO, (struct msqid_ds *)&mi);
    check(max >= 0 && mi.msgpool >= 1 && mi.msgmap >= 1 && mi.msgtql >= 3, "MSG_INFO: in use");
    int found = 0;
    for (int i = 0; i <= max; i++) {
        struct msqid_ds ds;
        int id = msgctl(i, MSG_STAT, &ds);
        if (id == q) {
            found = 1;
            printf("MSG_STAT found the queue: qnum %lu cbytes %lu mode %o\n", (unsigned long)ds.msg_qnum,
                   (unsigned long)ds.__msg_cbytes, (unsigned)(ds.msg_perm.mode & 0777));
        }
    }
    check(found, "MSG_STAT finds the queue's id");
    FAILS(msgctl(q, 99, NULL), EINVAL, "an unknown command");
    FAILS(msgctl(-1, IPC_INFO, (struct msqid_ds *)&mi), EINVAL, "a negative id");
    msgctl(q, IPC_RMID, NULL);
    return done();
}
