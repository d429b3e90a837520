/* IPC_RMID wakes blocked receivers and senders: their calls fail EIDRM. [host] */
#include "conf.h"
#include "ipc_conf.h"
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/sem.h>

int main(void)
{
    static struct { long type; char text[8192]; } m;
    int q = msgget(IPC_PRIVATE, 0600);
    check(q >= 0, "msgget"); /* (stdout's first line goes out at once: before any child runs) */
    pid_t r = xfork();
    if (r == 0) {
        errno = 0;
        long n = msgrcv(q, &m, sizeof m.text, 3, 0);
        printf("receiver: %ld %s\n", n, en(errno));
        fflush(stdout);
        _exit(n == -1 && errno == EIDRM ? 0 : 1);
    }
    msleep(50);
    int q2 = msgget(IPC_PRIVATE, 0600);
    m.type = 1;
    msgsnd(q2, &m, 8192, 0);
    msgsnd(q2, &m, 8192, 0);
    pid_t s = xfork();
    if (s == 0) {
        msleep(50);
        errno = 0;
        long n = msgsnd(q2, &m, 1, 0);
        printf("sender: %ld %s\n", n, en(errno));
        fflush(stdout);
        _exit(n == -1 && errno == EIDRM ? 0 : 1);
    }
    msleep(150);
    check(msgctl(q, IPC_RMID, NULL) == 0, "IPC_RMID of the receiver's queue");
    int st = wait_for(r, 0);
    check(WIFEXITED(st) && WEXITSTATUS(st) == 0, "receiver got EIDRM");
    check(msgctl(q2, IPC_RMID, NULL) == 0, "IPC_RMID of the sender's queue");
    st = wait_for(s, 0);
    check(WIFEXITED(st) && WEXITSTATUS(st) == 0, "sender got EIDRM");
    FAILS(msgsnd(q, &m, 1, IPC_NOWAIT), EINVAL, "msgsnd on the removed id");
    return done();
}
