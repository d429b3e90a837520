/* An opener that stops waiting stops counting as an end [host]: a child blocked in open(O_RDONLY)
 * is interrupted by SIGUSR1 (handler, no SA_RESTART: EINTR), and while it lives on, an
 * O_WRONLY|O_NONBLOCK open fails ENXIO (no reader). A child blocked in open and killed by SIGTERM
 * leaves no reader behind either, even before it is reaped. */
#include "conf.h"
#include <sys/stat.h>

static const char *en(int e) { return e == ENXIO ? "ENXIO" : errname(e); }
static void h(int s) { (void)s; }
static volatile int chld;
static void on_chld(int s) { (void)s; chld++; }

int main(void)
{
    const char *dir = scratch_dir();
    char path[80];
    snprintf(path, sizeof path, "%s/f", dir);
    mkfifo(path, 0600);
    int sync[2];
    pipe(sync);

    pid_t k = xfork();
    if (k == 0) {
        on(SIGUSR1, h, 0);
        errno = 0;
        int r = open(path, O_RDONLY);
        int e = errno;
        put_byte(sync[1], r == -1 && e == EINTR ? 'i' : 'x');
        msleep(200);
        _exit(0);
    }
    msleep(50);
    kill(k, SIGUSR1);
    char c = get_byte(sync[0]);
    printf("child's open after SIGUSR1: %s\n", c == 'i' ? "EINTR" : "other");
    check(c == 'i', "EINTR");
    errno = 0;
    int w = open(path, O_WRONLY | O_NONBLOCK);
    int e = errno;
    printf("O_WRONLY|O_NONBLOCK while that child lives: %d %s\n", w, w < 0 ? en(e) : "");
    check(w == -1 && e == ENXIO, "no reader left");
    wait_for(k, 0);

    on(SIGCHLD, on_chld, 0);
    block(SIGCHLD);
    k = xfork();
    if (k == 0) {
        open(path, O_RDONLY);
        _exit(1);
    }
    msleep(50);
    kill(k, SIGTERM);
    sigset_t none;
    sigemptyset(&none);
    while (!chld)
        sigsuspend(&none);  /* SIGCHLD: the child is a zombie, not reaped yet */
    printf("child killed, SIGCHLD seen\n");
    errno = 0;
    w = open(path, O_WRONLY | O_NONBLOCK);
    e = errno;
    printf("O_WRONLY|O_NONBLOCK after it was killed: %d %s\n", w, w < 0 ? en(e) : "");
    check(w == -1 && e == ENXIO, "killed opener left no reader");
    int st = wait_for(k, 0);
    check(WIFSIGNALED(st) && WTERMSIG(st) == SIGTERM, "killed by SIGTERM");
    unlink(path);
    rmdir(dir);
    return done();
}
