/* sem_wait interrupted by a signal: with a handler without SA_RESTART it fails EINTR (the handler
 * ran); with SA_RESTART the wait resumes and ends with the post another process makes later;
 * sem_timedwait interrupted without SA_RESTART → EINTR too. [host] (linux-semantics.md, POSIX
 * semaphores) */
#include "conf.h"
#include <semaphore.h>
#include <sys/mman.h>

static const char *pn(int e)
{
    return e == EOVERFLOW ? "EOVERFLOW" : e == ETIMEDOUT ? "ETIMEDOUT" : errname(e);
}

static volatile int hits;
static void on_alrm(int sig)
{
    (void)sig;
    hits++;
}

int main(void)
{
    sem_t *s = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    check(sem_init(s, 1, 0) == 0, "sem_init pshared=1");
    on(SIGALRM, on_alrm, 0);
    timer_ms(50);
    errno = 0;
    int r = sem_wait(s);
    printf("sem_wait, SIGALRM without SA_RESTART: %d %s, handler ran %d\n", r, pn(errno), hits);
    check(r == -1 && errno == EINTR && hits == 1, "EINTR");
    struct timespec dl;
    clock_gettime(CLOCK_REALTIME, &dl);
    dl.tv_sec += 5;
    timer_ms(50);
    errno = 0;
    r = sem_timedwait(s, &dl);
    printf("sem_timedwait, SIGALRM without SA_RESTART: %d %s, handler ran %d\n", r, pn(errno), hits);
    check(r == -1 && errno == EINTR && hits == 2, "sem_timedwait EINTR");
    on(SIGALRM, on_alrm, SA_RESTART);
    pid_t c = xfork();
    if (c == 0) {
        msleep(200);
        sem_post(s);
        _exit(0);
    }
    timer_ms(50);
    errno = 0;
    r = sem_wait(s);
    printf("sem_wait, SIGALRM with SA_RESTART: %d, handler ran %d\n", r, hits);
    check(r == 0 && hits == 3, "restarted, then woken by the post");
    wait_for(c, 0);
    return done();
}
