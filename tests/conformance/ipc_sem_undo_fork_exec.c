/* SEM_UNDO adjustments are not inherited by fork (the child's exit changes nothing) and are kept
 * across execve (the new program's exit applies them). conformance: needs-exec */
#include "conf.h"
#include "ipc_conf.h"
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/sem.h>

int main(int argc, char **argv)
{
    if (argc > 1) { /* the exec'd image: exit at once */
        return 0;
    }
    int s = semget(IPC_PRIVATE, 1, 0600);
    pid_t c = xfork();
    if (c == 0) {
        struct sembuf b = {0, 2, SEM_UNDO};
        semop(s, &b, 1);
        pid_t g = xfork();
        if (g == 0)
            _exit(0); /* no adjustments of its own */
        wait_for(g, 0);
        printf("after the grandchild's exit: %d\n", semctl(s, 0, GETVAL));
        fflush(stdout);
        char id[16];
        snprintf(id, sizeof id, "%d", s);
        execl(argv[0], argv[0], id, (char *)NULL);
        printf("execl failed: %s\n", en(errno));
        _exit(1);
    }
    msleep(0);
    int st = wait_for(c, 0);
    check(WIFEXITED(st) && WEXITSTATUS(st) == 0, "the child exec'd and exited");
    printf("after the exec'd child's exit: %d\n", semctl(s, 0, GETVAL));
    check(semctl(s, 0, GETVAL) == 0, "undone after exec");
    semctl(s, 0, IPC_RMID);
    return done();
}
