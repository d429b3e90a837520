/* A sender blocks on a full queue until a receive makes room; then its message is queued. [host] */
#include "conf.h"
#include "ipc_conf.h"
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/sem.h>

int main(void)
{
    static struct { long type; char text[8192]; } m;
    int q = msgget(IPC_PRIVATE, 0600);
    m.type = 1;
    msgsnd(q, &m, 8192, 0);
    msgsnd(q, &m, 8192, 0);
    pid_t c = xfork();
    if (c == 0) {
        m.type = 9;
        long r = msgsnd(q, &m, 100, 0);
        printf("child: msgsnd on the full queue -> %ld\n", r);
        fflush(stdout);
        _exit(0);
    }
    msleep(100);
    struct msqid_ds ds;
    msgctl(q, IPC_STAT, &ds);
    printf("parent: while the child waits: qnum %lu cbytes %lu\n", (unsigned long)ds.msg_qnum,
           (unsigned long)ds.__msg_cbytes);
    check(ds.msg_qnum == 2 && ds.__msg_cbytes == 16384, "the child is blocked");
    fflush(stdout);
    check(msgrcv(q, &m, 8192, 0, 0) == 8192, "receive one");
    int st = wait_for(c, 0);
    check(WIFEXITED(st) && WEXITSTATUS(st) == 0, "child exited");
    msgctl(q, IPC_STAT, &ds);
    printf("parent: after: qnum %lu cbytes %lu lspid is the child %d\n", (unsigned long)ds.msg_qnum,
           (unsigned long)ds.__msg_cbytes, ds.msg_lspid == c);
    check(ds.msg_qnum == 2 && ds.__msg_cbytes == 8292 && ds.msg_lspid == c, "the child's message is queued");
    check(msgrcv(q, &m, 8192, 9, IPC_NOWAIT) == 100, "and can be received");
    msgctl(q, IPC_RMID, NULL);
    return done();
}
