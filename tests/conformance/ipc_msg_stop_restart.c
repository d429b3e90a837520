/* msgrcv interrupted by a stop signal (no handler) is restarted transparently on SIGCONT, and
 * later gets the message; with a handler it fails EINTR, SA_RESTART or not. [host] */
#include "conf.h"
#include "ipc_conf.h"
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/sem.h>

static volatile int got;
static void h(int s) { (void)s; got++; }

int main(void)
{
    int q = msgget(IPC_PRIVATE, 0600);
    pid_t c = xfork();
    if (c == 0) {
        struct { long type; char text[16]; } m = {0, ""};
        errno = 0;
        long r = msgrcv(q, &m, sizeof m.text, 0, 0);
        printf("child: msgrcv -> %ld %s \"%s\"\n", r, r < 0 ? en(errno) : "", m.text);
        fflush(stdout);
        _exit(r == 4 ? 0 : 1);
    }
    msleep(100);
    kill(c, SIGSTOP);
    int st = wait_for(c, WUNTRACED);
    check(WIFSTOPPED(st), "child stopped");
    kill(c, SIGCONT);
    msleep(100);
    struct { long type; char text[16]; } m = {3, "msg"};
    msgsnd(q, &m, 4, 0);
    st = wait_for(c, 0);
    check(WIFEXITED(st) && WEXITSTATUS(st) == 0, "msgrcv restarted after the stop and got the message");

    on(SIGUSR1, h, SA_RESTART);
    c = xfork();
    if (c == 0) {
        errno = 0;
        long r = msgrcv(q, &m, sizeof m.text, 0, 0);
        printf("child 2: msgrcv -> %ld %s, handler ran %d\n", r, r < 0 ? en(errno) : "", got);
        fflush(stdout);
        _exit(r == -1 && errno == EINTR && got == 1 ? 0 : 1);
    }
    msleep(100);
    kill(c, SIGUSR1);
    st = wait_for(c, 0);
    check(WIFEXITED(st) && WEXITSTATUS(st) == 0, "with a handler: EINTR despite SA_RESTART");
    msgctl(q, IPC_RMID, NULL);
    return done();
}
