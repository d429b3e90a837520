/* System V IPC waits are never restarted: msgrcv on an empty queue, msgsnd on a full one and a
 * blocking semop return -1 EINTR after a handler even with SA_RESTART [host]. Interruptions by an
 * ITIMER_REAL of 50 ms; the IPC objects are private and removed at the end. */
#include "conf.h"
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/sem.h>

static volatile int got;
static void h(int s) { (void)s; got++; }

int main(void)
{
    on(SIGALRM, h, SA_RESTART);
    int q = msgget(IPC_PRIVATE, IPC_CREAT | 0600);
    check(q >= 0, "msgget");
    struct { long type; char text[8192]; } m;
    timer_ms(50);
    errno = 0;
    int r = msgrcv(q, &m, sizeof m.text, 0, 0);
    printf("msgrcv on an empty queue: %d %s, handler ran %d\n", r, errname(errno), got);
    check(r == -1 && errno == EINTR && got == 1, "msgrcv EINTR");

    m.type = 1;
    memset(m.text, 'm', sizeof m.text);
    int sent = 0;
    while (msgsnd(q, &m, sizeof m.text, IPC_NOWAIT) == 0)
        sent++;
    printf("queue full after %d messages of 8192 bytes\n", sent);
    got = 0;
    timer_ms(50);
    errno = 0;
    r = msgsnd(q, &m, sizeof m.text, 0);
    printf("msgsnd on a full queue: %d %s, handler ran %d\n", r, errname(errno), got);
    check(r == -1 && errno == EINTR && got == 1, "msgsnd EINTR");
    msgctl(q, IPC_RMID, NULL);

    int s = semget(IPC_PRIVATE, 1, IPC_CREAT | 0600);
    check(s >= 0, "semget");
    struct sembuf op = {0, -1, 0};
    got = 0;
    timer_ms(50);
    errno = 0;
    r = semop(s, &op, 1);
    printf("semop(-1) at 0: %d %s, handler ran %d\n", r, errname(errno), got);
    check(r == -1 && errno == EINTR && got == 1, "semop EINTR");
    semctl(s, 0, IPC_RMID);
    return done();
}
