/* A PTHREAD_PROCESS_SHARED mutex in MAP_SHARED anonymous memory protects a counter between
 * forked processes (musl: shared-key FUTEX_WAIT/FUTEX_WAKE on the lock word when contended, and
 * the holders yield inside the critical section so that they are): three processes of 3000
 * increments each leave exactly 9000, never two inside at once; pthread_mutex_trylock fails EBUSY
 * and pthread_mutex_timedlock ETIMEDOUT while another process holds it; an error-checking shared
 * mutex refuses an unlock from a process that does not own it (EPERM). [host] */
#include "conf.h"
#include <pthread.h>
#include <sched.h>
#include <sys/mman.h>

struct shared {
    pthread_mutex_t m, em;
    volatile int counter, inside, overlaps;
    volatile int held, release;
};

enum { PROCS = 3, ROUNDS = 3000 };

int main(void)
{
    struct shared *sh = mmap(NULL, sizeof *sh, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    check(sh != MAP_FAILED, "mmap MAP_SHARED|MAP_ANONYMOUS");
    pthread_mutexattr_t a;
    pthread_mutexattr_init(&a);
    check(pthread_mutexattr_setpshared(&a, PTHREAD_PROCESS_SHARED) == 0, "setpshared PTHREAD_PROCESS_SHARED");
    check(pthread_mutex_init(&sh->m, &a) == 0, "pthread_mutex_init");
    pthread_mutexattr_settype(&a, PTHREAD_MUTEX_ERRORCHECK);
    check(pthread_mutex_init(&sh->em, &a) == 0, "an error-checking shared mutex");
    pthread_mutexattr_destroy(&a);

    pid_t kids[PROCS];
    for (int k = 0; k < PROCS; k++) {
        kids[k] = xfork();
        if (kids[k] == 0) {
            for (int i = 0; i < ROUNDS; i++) {
                if (pthread_mutex_lock(&sh->m) != 0)
                    _exit(2);
                if (sh->inside)
                    sh->overlaps++;
                sh->inside = 1;
                int v = sh->counter;
                if (i % 50 == k)
                    sched_yield();
                sh->counter = v + 1;
                sh->inside = 0;
                pthread_mutex_unlock(&sh->m);
            }
            _exit(0);
        }
    }
    int ok = 1;
    for (int k = 0; k < PROCS; k++) {
        int st = wait_for(kids[k], 0);
        ok &= st != -1 && WIFEXITED(st) && WEXITSTATUS(st) == 0;
    }
    printf("counter %d, overlaps %d\n", sh->counter, sh->overlaps);
    check(ok, "every process finished its rounds");
    check(sh->counter == PROCS * ROUNDS, "the total is exact");
    check(sh->overlaps == 0, "mutual exclusion held");

    /* A holder in another process. */
    pid_t c = xfork();
    if (c == 0) {
        pthread_mutex_lock(&sh->m);
        pthread_mutex_lock(&sh->em);
        sh->held = 1;
        while (!sh->release)
            msleep(10);
        pthread_mutex_unlock(&sh->em);
        pthread_mutex_unlock(&sh->m);
        _exit(0);
    }
    while (!sh->held)
        msleep(10);
    int r = pthread_mutex_trylock(&sh->m);
    printf("trylock while another process holds it: %s\n", r == EBUSY ? "EBUSY" : errname(r));
    check(r == EBUSY, "EBUSY");
    struct timespec dl;
    clock_gettime(CLOCK_REALTIME, &dl);
    dl.tv_nsec += 100000000;
    if (dl.tv_nsec >= 1000000000) {
        dl.tv_sec++;
        dl.tv_nsec -= 1000000000;
    }
    r = pthread_mutex_timedlock(&sh->m, &dl);
    printf("timedlock, 100 ms: %s\n", r == ETIMEDOUT ? "ETIMEDOUT" : errname(r));
    check(r == ETIMEDOUT, "ETIMEDOUT");
    r = pthread_mutex_unlock(&sh->em);
    printf("unlock of the error-checking mutex another process holds: %s\n", errname(r));
    check(r == EPERM, "EPERM");
    sh->release = 1;
    r = pthread_mutex_lock(&sh->m);
    check(r == 0, "lock once the holder lets go");
    check(pthread_mutex_lock(&sh->em) == 0, "the error-checking one too");
    r = pthread_mutex_lock(&sh->em);
    printf("relock of the error-checking mutex: %s\n", r == EDEADLK ? "EDEADLK" : errname(r));
    check(r == EDEADLK, "EDEADLK");
    pthread_mutex_unlock(&sh->em);
    pthread_mutex_unlock(&sh->m);
    int st = wait_for(c, 0);
    check(st != -1 && WIFEXITED(st) && WEXITSTATUS(st) == 0, "the holder exited");
    return done();
}
