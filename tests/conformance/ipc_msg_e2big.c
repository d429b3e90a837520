/* A message longer than the buffer: E2BIG and the message stays in the queue; with MSG_NOERROR
 * it is truncated to the buffer (the rest is lost); msgrcv returns the bytes copied. [host] */
#include "conf.h"
#include "ipc_conf.h"
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/sem.h>

int main(void)
{
    int q = msgget(IPC_PRIVATE, 0600);
    struct { long type; char text[64]; } m = {3, "0123456789abcdef"};
    check(msgsnd(q, &m, 16, 0) == 0, "send 16 bytes");
    FAILS(msgrcv(q, &m, 8, 0, IPC_NOWAIT), E2BIG, "receive into 8 bytes");
    struct msqid_ds ds;
    msgctl(q, IPC_STAT, &ds);
    printf("still queued: %lu message, %lu bytes\n", (unsigned long)ds.msg_qnum, (unsigned long)ds.__msg_cbytes);
    check(ds.msg_qnum == 1 && ds.__msg_cbytes == 16, "the message stays");
    FAILS(msgrcv(q, &m, 15, 3, IPC_NOWAIT), E2BIG, "receive type 3 into 15 bytes");
    FAILS(msgrcv(q, &m, 0, -5, IPC_NOWAIT), E2BIG, "receive <= 5 into 0 bytes");
    memset(m.text, '.', sizeof m.text);
    long r = msgrcv(q, &m, 8, 0, IPC_NOWAIT | MSG_NOERROR);
    printf("MSG_NOERROR into 8 bytes: %ld, type %ld, \"%.12s\"\n", r, m.type, m.text);
    check(r == 8 && memcmp(m.text, "01234567....", 12) == 0, "truncated to 8");
    msgctl(q, IPC_STAT, &ds);
    check(ds.msg_qnum == 0 && ds.__msg_cbytes == 0, "the message is gone");
    m.type = 1;
    check(msgsnd(q, &m, 0, 0) == 0, "send an empty message");
    r = msgrcv(q, &m, 0, 0, IPC_NOWAIT);
    check(r == 0 && m.type == 1, "an empty message fits a 0-byte buffer");
    m.type = 2;
    msgsnd(q, &m, 10, 0);
    r = msgrcv(q, &m, 64, 0, IPC_NOWAIT | MSG_NOERROR);
    check(r == 10, "MSG_NOERROR with room: the whole message");
    msgctl(q, IPC_RMID, NULL);
    return done();
}
