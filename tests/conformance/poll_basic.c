/* poll and ppoll on pipes, FIFOs and bad descriptors: readiness bits (POLLIN with data, POLLOUT
 * while a page slot is free, POLLHUP when the writers are gone, POLLERR when the readers are, POLLNVAL
 * for a closed descriptor, fd < 0 ignored), timeouts, a wake-up by another process's write, EINTR
 * from a handler, ppoll's signal mask, EFAULT. (nfds above RLIMIT_NOFILE is EINVAL on Linux and here,
 * but qemu-user, the oracle, hands such a call to the host, whose limit is higher.) */
#include "conf.h"
#include <limits.h>
#include <poll.h>
#include <sys/stat.h>

static void on_usr1(int s) { (void)s; }

static void show(const char *what, int r, struct pollfd *f, int n)
{
    printf("%s: %d", what, r);
    for (int i = 0; i < n; i++)
        printf(" [%d:%s%s%s%s%s]", i, f[i].revents & POLLIN ? "IN " : "", f[i].revents & POLLOUT ? "OUT " : "",
               f[i].revents & POLLHUP ? "HUP " : "", f[i].revents & POLLERR ? "ERR " : "",
               f[i].revents & POLLNVAL ? "NVAL" : "");
    printf("\n");
}

int main(void)
{
    int p[2];
    check(pipe(p) == 0, "pipe");
    struct pollfd f[4] = {{p[0], POLLIN, 0}, {p[1], POLLOUT, 0}, {-1, POLLIN, 0}, {99, POLLIN, 0}};
    int r = poll(f, 4, 0);
    show("empty pipe", r, f, 4);
    check(r == 2 && f[0].revents == 0 && f[1].revents == POLLOUT && f[2].revents == 0 && f[3].revents == POLLNVAL,
          "write end ready, read end not, fd -1 ignored, closed fd POLLNVAL");
    write(p[1], "x", 1);
    r = poll(f, 2, 0);
    show("one byte", r, f, 2);
    check(r == 2 && f[0].revents == POLLIN, "POLLIN with data");
    char big[4096];
    memset(big, 'a', sizeof big);
    fcntl(p[1], F_SETFL, O_NONBLOCK);
    while (write(p[1], big, sizeof big) > 0) {
    }
    r = poll(f, 2, 0);
    show("full pipe", r, f, 2);
    check(f[1].revents == 0, "a full pipe is not writable");
    char buf[100];
    read(p[0], buf, 100);
    r = poll(f + 1, 1, 0);
    check(r == 1, "reading 100 bytes empties the first slot (it held the 1-byte write): writable again");
    write(p[1], big, sizeof big);
    r = poll(f + 1, 1, 0);
    check(r == 0, "full again after one more page");
    read(p[0], buf, 100);
    r = poll(f + 1, 1, 0);
    check(r == 0, "now 100 bytes read free no slot: still not writable");
    char drain[65536];
    read(p[0], drain, sizeof drain);
    close(p[1]);
    r = poll(f, 1, 0);
    show("drained, writer closed", r, f, 1);
    check(r == 1 && (f[0].revents & POLLHUP), "POLLHUP when the writers are gone");
    close(p[0]);

    check(pipe(p) == 0, "pipe");
    close(p[0]);
    struct pollfd w = {p[1], POLLOUT, 0};
    r = poll(&w, 1, 0);
    show("reader closed", r, &w, 1);
    check(r == 1 && (w.revents & POLLERR), "POLLERR when the readers are gone");
    close(p[1]);

    /* A wake-up: the child writes after 30 ms; the parent's poll with a 5 s timeout returns. */
    check(pipe(p) == 0, "pipe");
    pid_t c = xfork();
    if (c == 0) {
        msleep(30);
        write(p[1], "y", 1);
        _exit(0);
    }
    struct pollfd rf = {p[0], POLLIN, 0};
    r = poll(&rf, 1, 5000);
    check(r == 1 && rf.revents == POLLIN, "poll wakes when another process writes");
    wait_for(c, 0);
    read(p[0], buf, 1);

    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    r = poll(&rf, 1, 60);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    long ms = (t1.tv_sec - t0.tv_sec) * 1000 + (t1.tv_nsec - t0.tv_nsec) / 1000000;
    check(r == 0 && ms >= 55, "a 60 ms timeout returns 0 after about 60 ms");
    r = poll(NULL, 0, 20);
    check(r == 0, "poll(NULL, 0, 20) sleeps and returns 0");

    /* A handler interrupts an endless poll: EINTR. */
    on(SIGUSR1, on_usr1, 0);
    c = xfork();
    if (c == 0) {
        msleep(30);
        kill(getppid(), SIGUSR1);
        _exit(0);
    }
    errno = 0;
    r = poll(&rf, 1, -1);
    check(r == -1 && errno == EINTR, "a signal handler ends poll with EINTR");
    wait_for(c, 0);

    /* ppoll with SIGUSR1 blocked during the wait: the signal stays pending, the timeout ends it. */
    sigset_t m;
    sigemptyset(&m);
    sigaddset(&m, SIGUSR1);
    c = xfork();
    if (c == 0) {
        msleep(20);
        kill(getppid(), SIGUSR1);
        _exit(0);
    }
    struct timespec to = {0, 80000000};
    r = ppoll(&rf, 1, &to, &m);
    check(r == 0, "ppoll with SIGUSR1 masked times out");
    wait_for(c, 0);
    sigset_t pend;
    sigpending(&pend);
    check(sigismember(&pend, SIGUSR1) == 0, "and the pending signal was delivered once the mask came back");

    /* A FIFO opened for reading with no writer yet: no POLLHUP (it never had one). */
    const char *d = scratch_dir();
    char path[128];
    snprintf(path, sizeof path, "%s/fifo", d);
    mkfifo(path, 0600);
    int ff = open(path, O_RDONLY | O_NONBLOCK);
    struct pollfd pf = {ff, POLLIN, 0};
    r = poll(&pf, 1, 0);
    show("fifo without a writer", r, &pf, 1);
    check(r == 0, "a FIFO that never had a writer is not hung up");
    close(ff);
    unlink(path);
    rmdir(d);

    errno = 0;
    check(poll((struct pollfd *)16, 1, 0) == -1 && errno == EFAULT, "a bad pointer: EFAULT");
    return done();
}
