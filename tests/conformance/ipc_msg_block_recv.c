/* A receiver blocks on an empty queue, and on a queue without its type, until a matching message
 * comes; the message goes to it, and lrpid/rtime are the receiver's. [host] */
#include "conf.h"
#include "ipc_conf.h"
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/sem.h>

int main(void)
{
    int q = msgget(IPC_PRIVATE, 0600);
    struct { long type; char text[16]; } m = {1, "one"};
    pid_t c = xfork();
    if (c == 0) {
        long r = msgrcv(q, &m, sizeof m.text, 2, 0);
        printf("child: msgrcv type 2 -> %ld, type %ld \"%s\"\n", r, m.type, m.text);
        fflush(stdout);
        _exit(0);
    }
    msleep(100);
    msgsnd(q, &m, 4, 0);
    msleep(100);
    struct msqid_ds ds;
    msgctl(q, IPC_STAT, &ds);
    printf("parent: type 1 sent, still queued %lu, lrpid %d\n", (unsigned long)ds.msg_qnum, ds.msg_lrpid);
    check(ds.msg_qnum == 1 && ds.msg_lrpid == 0, "the child does not take type 1");
    fflush(stdout);
    m.type = 2;
    strcpy(m.text, "two");
    msgsnd(q, &m, 4, 0);
    int st = wait_for(c, 0);
    check(WIFEXITED(st) && WEXITSTATUS(st) == 0, "child exited");
    msgctl(q, IPC_STAT, &ds);
    check(ds.msg_lrpid == c && ds.msg_qnum == 1 && ds.msg_rtime > 0, "lrpid is the child, type 1 stays");
    check(msgrcv(q, &m, sizeof m.text, 0, IPC_NOWAIT) == 4 && m.type == 1, "type 1 is there");
    c = xfork();
    if (c == 0) {
        long r = msgrcv(q, &m, sizeof m.text, 0, 0);
        printf("child 2: msgrcv any on an empty queue -> %ld, type %ld \"%s\"\n", r, m.type, m.text);
        fflush(stdout);
        _exit(0);
    }
    msleep(100);
    m.type = 8;
    strcpy(m.text, "eight");
    msgsnd(q, &m, 6, 0);
    st = wait_for(c, 0);
    check(WIFEXITED(st) && WEXITSTATUS(st) == 0, "child 2 exited");
    msgctl(q, IPC_STAT, &ds);
    check(ds.msg_qnum == 0 && ds.msg_lrpid == c, "child 2 took it");
    msgctl(q, IPC_RMID, NULL);
    return done();
}
