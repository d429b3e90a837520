/* sem_timedwait: an absolute CLOCK_REALTIME deadline; at 0 it times out → ETIMEDOUT after about
 * the time asked; a deadline already past → ETIMEDOUT at once; tv_nsec out of range → EINVAL; an
 * available value is taken without waiting, whatever the deadline; a post from another process
 * before the deadline wakes it. [host] (linux-semantics.md, POSIX semaphores) */
#include "conf.h"
#include <semaphore.h>
#include <sys/mman.h>

static const char *pn(int e)
{
    return e == EOVERFLOW ? "EOVERFLOW" : e == ETIMEDOUT ? "ETIMEDOUT" : errname(e);
}

static struct timespec in_ms(long ms)
{
    struct timespec t;
    clock_gettime(CLOCK_REALTIME, &t);
    t.tv_nsec += (ms % 1000) * 1000000L;
    t.tv_sec += ms / 1000 + t.tv_nsec / 1000000000L;
    t.tv_nsec %= 1000000000L;
    return t;
}

static long ms_since(const struct timespec *a)
{
    struct timespec b;
    clock_gettime(CLOCK_MONOTONIC, &b);
    return (b.tv_sec - a->tv_sec) * 1000 + (b.tv_nsec - a->tv_nsec) / 1000000;
}

int main(void)
{
    sem_t *s = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    check(sem_init(s, 1, 0) == 0, "sem_init");
    struct timespec start, dl = in_ms(100);
    clock_gettime(CLOCK_MONOTONIC, &start);
    errno = 0;
    int r = sem_timedwait(s, &dl);
    long el = ms_since(&start);
    printf("sem_timedwait at 0: %d %s\n", r, pn(errno));
    check(r == -1 && errno == ETIMEDOUT, "ETIMEDOUT");
    check(el >= 90 && el < 2000, "after about the time asked");
    dl = in_ms(-1000);
    errno = 0;
    r = sem_timedwait(s, &dl);
    printf("a deadline in the past: %d %s\n", r, pn(errno));
    check(r == -1 && errno == ETIMEDOUT, "past deadline: ETIMEDOUT");
    dl.tv_nsec = 1000000000;
    errno = 0;
    r = sem_timedwait(s, &dl);
    printf("tv_nsec 1000000000: %d %s\n", r, pn(errno));
    check(r == -1 && errno == EINVAL, "EINVAL");
    sem_post(s);
    dl = in_ms(-1000);
    check(sem_timedwait(s, &dl) == 0, "an available value is taken, even past the deadline");
    pid_t c = xfork();
    if (c == 0) {
        msleep(50);
        sem_post(s);
        _exit(0);
    }
    dl = in_ms(5000);
    clock_gettime(CLOCK_MONOTONIC, &start);
    r = sem_timedwait(s, &dl);
    el = ms_since(&start);
    printf("woken by the child's post: %d\n", r);
    check(r == 0 && el < 4000, "a post before the deadline wakes it");
    wait_for(c, 0);
    return done();
}
