/* msgsnd limits: mtype < 1 is EINVAL; msgsz > MSGMAX 8192 is EINVAL, 8192 is fine; a new queue's
 * msg_qbytes is MSGMNB 16384; a send updates qnum, cbytes, lspid and stime (rtime stays 0). [host] */
#include "conf.h"
#include "ipc_conf.h"
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/sem.h>

int main(void)
{
    static struct { long type; char text[8200]; } m;
    int q = msgget(IPC_PRIVATE, 0600);
    check(q >= 0, "msgget");
    struct msqid_ds ds;
    check(msgctl(q, IPC_STAT, &ds) == 0, "IPC_STAT");
    printf("new queue: qbytes %lu qnum %lu cbytes %lu lspid %d lrpid %d stime %lld rtime %lld ctime set %d\n",
           (unsigned long)ds.msg_qbytes, (unsigned long)ds.msg_qnum, (unsigned long)ds.__msg_cbytes,
           ds.msg_lspid, ds.msg_lrpid, (long long)ds.msg_stime, (long long)ds.msg_rtime, ds.msg_ctime > 0);
    check(ds.msg_qbytes == 16384 && ds.msg_qnum == 0 && ds.msg_stime == 0, "new queue: MSGMNB, empty");
    m.type = 0;
    FAILS(msgsnd(q, &m, 1, IPC_NOWAIT), EINVAL, "mtype 0");
    m.type = -5;
    FAILS(msgsnd(q, &m, 1, IPC_NOWAIT), EINVAL, "mtype -5");
    m.type = 1;
    FAILS(msgsnd(q, &m, 8193, IPC_NOWAIT), EINVAL, "msgsz 8193");
    FAILS(msgsnd(q, &m, (size_t)-1, IPC_NOWAIT), EINVAL, "msgsz -1");
    memset(m.text, 'x', sizeof m.text);
    check(msgsnd(q, &m, 8192, IPC_NOWAIT) == 0, "msgsz 8192 is accepted");
    m.type = 7;
    check(msgsnd(q, &m, 100, IPC_NOWAIT) == 0, "a second message");
    check(msgctl(q, IPC_STAT, &ds) == 0, "IPC_STAT again");
    printf("after two sends: qnum %lu cbytes %lu lspid is me %d stime set %d rtime %lld\n",
           (unsigned long)ds.msg_qnum, (unsigned long)ds.__msg_cbytes, ds.msg_lspid == getpid(),
           ds.msg_stime > 0, (long long)ds.msg_rtime);
    check(ds.msg_qnum == 2 && ds.__msg_cbytes == 8292 && ds.msg_lspid == getpid() && ds.msg_stime > 0 &&
          ds.msg_rtime == 0 && ds.msg_lrpid == 0, "qnum, cbytes, lspid, stime");
    long r = msgrcv(q, &m, sizeof m.text, 0, IPC_NOWAIT);
    check(r == 8192 && m.type == 1, "receive the first");
    check(msgctl(q, IPC_STAT, &ds) == 0 && ds.msg_qnum == 1 && ds.__msg_cbytes == 100 &&
          ds.msg_lrpid == getpid() && ds.msg_rtime > 0, "a receive updates qnum, cbytes, lrpid, rtime");
    msgctl(q, IPC_RMID, NULL);
    return done();
}
