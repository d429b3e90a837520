/* getpid/getppid/getpgrp/getsid relations (never the numbers): a child's parent is the forker,
 * fork returns the child's own pid, a new group leader has pgid == pid, and an orphan is
 * re-parented away from its dead parent. */
#include "conf.h"

int main(void)
{
    pid_t me = getpid();
    printf("getpid > 0: %s, getppid >= 0: %s, getppid != getpid: %s\n", me > 0 ? "yes" : "no",
           getppid() >= 0 ? "yes" : "no", getppid() != me ? "yes" : "no");
    check(me > 0 && getppid() != me, "own ids");
    check(getpid() == me, "getpid stable");
    int fds[2];
    pipe(fds);
    pid_t p = xfork();
    if (p == 0) {
        pid_t mine = getpid(), parent = getppid();
        write(fds[1], &mine, sizeof mine);
        write(fds[1], &parent, sizeof parent);
        _exit(getpgrp() == getpgid(0) && getsid(0) == getsid(parent) ? 0 : 1);
    }
    pid_t cpid = 0, cparent = 0;
    read(fds[0], &cpid, sizeof cpid);
    read(fds[0], &cparent, sizeof cparent);
    int st = wait_for(p, 0);
    printf("fork returned the child's getpid: %s; child's getppid is the parent: %s; child != parent: %s\n",
           cpid == p ? "yes" : "no", cparent == me ? "yes" : "no", p != me ? "yes" : "no");
    check(cpid == p && cparent == me && p != me, "parent/child relation");
    check(WIFEXITED(st) && WEXITSTATUS(st) == 0, "child shares group and session");

    /* A new process group, and an orphan. */
    p = xfork();
    if (p == 0) {
        setpgid(0, 0);
        pid_t mid = getpid();
        pid_t g = xfork();
        if (g == 0) {
            for (int i = 0; i < 5000 && getppid() == mid; i++)
                msleep(1);
            pid_t np = getppid();
            char ok = np != mid ? 'y' : 'n';
            write(fds[1], &ok, 1);
            _exit(0);
        }
        _exit(getpgrp() == mid && getpgid(0) == mid ? 0 : 1);
    }
    st = wait_for(p, 0);
    check(WIFEXITED(st) && WEXITSTATUS(st) == 0, "new group leader: pgid == pid");
    char ok = get_byte(fds[0]);
    printf("orphan re-parented away from its dead parent: %s\n", ok == 'y' ? "yes" : "no");
    check(ok == 'y', "re-parented");
    return done();
}
