/* A queue is full when its bytes or its message count would exceed msg_qbytes (16384): two
 * 8192-byte messages fill it, then IPC_NOWAIT fails EAGAIN; 1-byte messages stop at 16384
 * messages; so do zero-length ones (limited by count alone). [host] */
#include "conf.h"
#include "ipc_conf.h"
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/sem.h>

static int fill(int q, size_t len)
{
    static struct { long type; char text[8192]; } m;
    m.type = 1;
    int n = 0;
    while (msgsnd(q, &m, len, IPC_NOWAIT) == 0)
        n++;
    return errno == EAGAIN ? n : -n;
}

int main(void)
{
    size_t lens[] = {8192, 5000, 1, 0};
    for (int i = 0; i < 4; i++) {
        int q = msgget(IPC_PRIVATE, 0600);
        int n = fill(q, lens[i]);
        struct msqid_ds ds;
        msgctl(q, IPC_STAT, &ds);
        printf("%zu-byte messages: %d fit (EAGAIN after), qnum %lu, cbytes %lu\n", lens[i], n,
               (unsigned long)ds.msg_qnum, (unsigned long)ds.__msg_cbytes);
        msgctl(q, IPC_RMID, NULL);
    }
    int q = msgget(IPC_PRIVATE, 0600);
    check(fill(q, 8192) == 2, "two 8192-byte messages");
    struct { long type; char text[16]; } m = {1, ""};
    FAILS(msgsnd(q, &m, 0, IPC_NOWAIT), EAGAIN, "even an empty message does not fit then");
    msgctl(q, IPC_RMID, NULL);
    q = msgget(IPC_PRIVATE, 0600);
    check(fill(q, 0) == 16384, "16384 zero-length messages");
    msgctl(q, IPC_RMID, NULL);
    q = msgget(IPC_PRIVATE, 0600);
    check(fill(q, 1) == 16384, "16384 1-byte messages");
    msgctl(q, IPC_RMID, NULL);
    return done();
}
