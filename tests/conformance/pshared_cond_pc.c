/* A PTHREAD_PROCESS_SHARED condition variable and mutex in MAP_SHARED memory between processes:
 * a producer process and a consumer process pass 400 numbers through a 4-slot ring, each waiting
 * on its condition when the ring is full / empty (musl: shared-key futex waits on the condition's
 * sequence word): all arrive, in order, sum exact; pthread_cond_broadcast releases three waiting
 * processes, pthread_cond_signal one at a time; pthread_cond_timedwait on a shared condition
 * times out with ETIMEDOUT holding the mutex again. [host] */
#include "conf.h"
#include <pthread.h>
#include <sys/mman.h>

enum { SLOTS = 4, ITEMS = 400 };
struct shared {
    pthread_mutex_t m;
    pthread_cond_t not_empty, not_full, go;
    int ring[SLOTS];
    int head, tail, count;
    int producer_waits, consumer_waits;
    int gate, ready, passed;
};

int main(void)
{
    struct shared *sh = mmap(NULL, sizeof *sh, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    check(sh != MAP_FAILED, "mmap MAP_SHARED|MAP_ANONYMOUS");
    pthread_mutexattr_t ma;
    pthread_condattr_t ca;
    pthread_mutexattr_init(&ma);
    pthread_condattr_init(&ca);
    check(pthread_mutexattr_setpshared(&ma, PTHREAD_PROCESS_SHARED) == 0 &&
              pthread_condattr_setpshared(&ca, PTHREAD_PROCESS_SHARED) == 0,
          "process-shared attributes");
    check(pthread_mutex_init(&sh->m, &ma) == 0 && pthread_cond_init(&sh->not_empty, &ca) == 0 &&
              pthread_cond_init(&sh->not_full, &ca) == 0 && pthread_cond_init(&sh->go, &ca) == 0,
          "init");

    pid_t prod = xfork();
    if (prod == 0) {
        for (int i = 1; i <= ITEMS; i++) {
            pthread_mutex_lock(&sh->m);
            while (sh->count == SLOTS) {
                sh->producer_waits++;
                pthread_cond_wait(&sh->not_full, &sh->m);
            }
            sh->ring[sh->tail] = i;
            sh->tail = (sh->tail + 1) % SLOTS;
            sh->count++;
            pthread_cond_signal(&sh->not_empty);
            pthread_mutex_unlock(&sh->m);
        }
        _exit(0);
    }
    pid_t cons = xfork();
    if (cons == 0) {
        long sum = 0;
        int next = 1, in_order = 1;
        for (int i = 0; i < ITEMS; i++) {
            pthread_mutex_lock(&sh->m);
            while (sh->count == 0) {
                sh->consumer_waits++;
                pthread_cond_wait(&sh->not_empty, &sh->m);
            }
            int v = sh->ring[sh->head];
            sh->head = (sh->head + 1) % SLOTS;
            sh->count--;
            pthread_cond_signal(&sh->not_full);
            pthread_mutex_unlock(&sh->m);
            if (v != next++)
                in_order = 0;
            sum += v;
            if (i % 37 == 0)
                msleep(1);  /* let the ring fill up now and then */
        }
        printf("consumer: sum %ld, in order %s\n", sum, in_order ? "yes" : "no");
        fflush(stdout);
        _exit(sum == (long)ITEMS * (ITEMS + 1) / 2 && in_order ? 0 : 1);
    }
    int sp = wait_for(prod, 0), sc = wait_for(cons, 0);
    check(sp != -1 && WIFEXITED(sp) && WEXITSTATUS(sp) == 0, "the producer finished");
    check(sc != -1 && WIFEXITED(sc) && WEXITSTATUS(sc) == 0, "the consumer got every number in order");
    check(sh->producer_waits > 0, "the producer waited on a full ring");
    check(sh->count == 0, "the ring is empty");

    /* Broadcast and signal. */
    pid_t w[3];
    for (int k = 0; k < 3; k++) {
        w[k] = xfork();
        if (w[k] == 0) {
            pthread_mutex_lock(&sh->m);
            sh->ready++;
            while (sh->gate == 0)
                pthread_cond_wait(&sh->go, &sh->m);
            sh->gate--;
            sh->passed++;
            pthread_mutex_unlock(&sh->m);
            _exit(0);
        }
    }
    for (;;) {
        pthread_mutex_lock(&sh->m);
        int r = sh->ready;
        pthread_mutex_unlock(&sh->m);
        if (r == 3)
            break;
        msleep(10);
    }
    msleep(50);
    pthread_mutex_lock(&sh->m);
    sh->gate = 1;
    pthread_cond_signal(&sh->go);
    pthread_mutex_unlock(&sh->m);
    msleep(100);
    pthread_mutex_lock(&sh->m);
    printf("after one signal and one permit: %d passed\n", sh->passed);
    check(sh->passed == 1, "one waiter through");
    sh->gate = 2;
    pthread_cond_broadcast(&sh->go);
    pthread_mutex_unlock(&sh->m);
    int ok = 0;
    for (int k = 0; k < 3; k++) {
        int st = wait_for(w[k], 0);
        ok += st != -1 && WIFEXITED(st) && WEXITSTATUS(st) == 0;
    }
    printf("after a broadcast and two more permits: %d passed, %d exited\n", sh->passed, ok);
    check(sh->passed == 3 && ok == 3, "all three through");

    struct timespec dl;
    clock_gettime(CLOCK_REALTIME, &dl);
    dl.tv_nsec += 100000000;
    if (dl.tv_nsec >= 1000000000) {
        dl.tv_sec++;
        dl.tv_nsec -= 1000000000;
    }
    pthread_mutex_lock(&sh->m);
    int r = pthread_cond_timedwait(&sh->go, &sh->m, &dl);
    printf("pthread_cond_timedwait, 100 ms, nobody signals: %s\n", r == ETIMEDOUT ? "ETIMEDOUT" : errname(r));
    check(r == ETIMEDOUT, "ETIMEDOUT");
    check(pthread_mutex_trylock(&sh->m) == EBUSY, "the mutex is held again");
    pthread_mutex_unlock(&sh->m);
    return done();
}
