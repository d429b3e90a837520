/* fork/wait basics: exit codes encode as code << 8 (exit(256) is 0), WNOHANG on a running child
 * returns 0, waitpid picks the named child, wait with no children is ECHILD. */
#include "conf.h"

int main(void)
{
    static const int codes[] = {0, 1, 3, 127, 255, 256};
    for (unsigned i = 0; i < sizeof codes / sizeof codes[0]; i++) {
        pid_t p = xfork();
        if (p == 0)
            _exit(codes[i]);
        int st = wait_for(p, 0);
        char what[48];
        printf("_exit(%d): status 0x%x exited %d code %d\n", codes[i], st, WIFEXITED(st), WEXITSTATUS(st));
        snprintf(what, sizeof what, "_exit(%d) encoding", codes[i]);
        check(WIFEXITED(st) && st == (codes[i] & 0xff) << 8, what);
    }
    pid_t p = xfork();
    if (p == 0)
        exit(9); /* exit() through libc, stdout already flushed by xfork */
    int st = wait_for(p, 0);
    check(WIFEXITED(st) && WEXITSTATUS(st) == 9, "exit(9) through libc");

    int fds[2];
    pipe(fds);
    pid_t slow = xfork();
    if (slow == 0) {
        close(fds[1]);
        get_byte(fds[0]);
        _exit(21);
    }
    pid_t fast = xfork();
    if (fast == 0)
        _exit(22);
    close(fds[0]);
    printf("fork returns distinct child pids > 0: %s\n", slow > 0 && fast > 0 && slow != fast ? "yes" : "no");
    int r = waitpid(slow, &st, WNOHANG);
    printf("WNOHANG on the running child: %d\n", r);
    check(r == 0, "WNOHANG returns 0");
    st = wait_for(fast, 0);
    check(WIFEXITED(st) && WEXITSTATUS(st) == 22, "waitpid(fast) gets fast");
    put_byte(fds[1], 'g');
    int st2;
    pid_t w = wait(&st2);
    printf("wait returns the other child %s, code %d\n", w == slow ? "yes" : "no", WEXITSTATUS(st2));
    check(w == slow && WEXITSTATUS(st2) == 21, "wait gets slow");
    errno = 0;
    w = wait(&st2);
    printf("wait with no children: %d %s\n", (int)w, errname(errno));
    check(w == -1 && errno == ECHILD, "ECHILD");
    errno = 0;
    w = waitpid(-1, &st2, WNOHANG);
    check(w == -1 && errno == ECHILD, "WNOHANG with no children: ECHILD");
    return done();
}
