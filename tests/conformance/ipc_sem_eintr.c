/* A blocked semop is never restarted: after a handler it fails EINTR even with SA_RESTART, and a
 * stop and continue (no handler) also ends it with EINTR; semtimedop likewise. [host] */
#include "conf.h"
#include "ipc_conf.h"
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/sem.h>

static volatile int got;
static void h(int s) { (void)s; got++; }

int main(void)
{
    int s = semget(IPC_PRIVATE, 1, 0600);
    on(SIGALRM, h, SA_RESTART);
    struct sembuf down = {0, -1, 0};
    timer_ms(50);
    errno = 0;
    int r = semop(s, &down, 1);
    printf("semop with SA_RESTART handler: %d %s, handler ran %d\n", r, en(errno), got);
    check(r == -1 && errno == EINTR && got == 1, "EINTR");
    struct timespec t = {5, 0};
    timer_ms(50);
    errno = 0;
    r = semtimedop(s, &down, 1, &t);
    printf("semtimedop with SA_RESTART handler: %d %s, handler ran %d\n", r, en(errno), got);
    check(r == -1 && errno == EINTR && got == 2, "EINTR");
    pid_t c = xfork();
    if (c == 0) {
        errno = 0;
        int r2 = semop(s, &down, 1);
        printf("child: semop after stop/continue: %d %s\n", r2, en(errno));
        fflush(stdout);
        _exit(0);
    }
    msleep(100);
    kill(c, SIGSTOP);
    wait_for(c, WUNTRACED);
    kill(c, SIGCONT);
    msleep(100);
    struct sembuf up = {0, 1, 0};
    semop(s, &up, 1);
    wait_for(c, 0);
    printf("value after the child: %d\n", semctl(s, 0, GETVAL));
    semctl(s, 0, IPC_RMID);
    return done();
}
