/* sem_wait on a POSIX semaphore at 0, interrupted by a handler (ITIMER_REAL, 50 ms) that posts
 * it: with SA_RESTART the wait restarts and succeeds; without, sem_wait fails EINTR and the post
 * is left for sem_trywait. [host] */
#include "conf.h"
#include <semaphore.h>

static sem_t sem;
static volatile int got;
static void h(int s) { (void)s; got++; sem_post(&sem); }

int main(void)
{
    for (int restart = 1; restart >= 0; restart--) {
        sem_init(&sem, 0, 0);
        on(SIGALRM, h, restart ? SA_RESTART : 0);
        got = 0;
        timer_ms(50);
        errno = 0;
        int r = sem_wait(&sem);
        int e = errno;
        int v = -1;
        sem_getvalue(&sem, &v);
        printf("%s: handler ran %d, sem_wait %d%s%s, value now %d\n", restart ? "SA_RESTART" : "no SA_RESTART",
               got, r, r ? " " : "", r ? errname(e) : "", v);
        if (restart)
            check(got == 1 && r == 0 && v == 0, "sem_wait restarted");
        else {
            check(got == 1 && r == -1 && e == EINTR && v == 1, "sem_wait EINTR");
            check(sem_trywait(&sem) == 0, "the post is there");
        }
        errno = 0;
        check(sem_trywait(&sem) == -1 && errno == EAGAIN, "now empty: EAGAIN");
        sem_destroy(&sem);
    }
    return done();
}
