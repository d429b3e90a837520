/* A PTHREAD_PROCESS_SHARED barrier in MAP_SHARED memory between three processes (musl: shared-key
 * futex waits on the barrier's words, woken all at once by the last arrival): for 25 rounds each
 * process adds its mark to the round's slot and waits; nobody leaves a round before all three
 * marks are in, and exactly one wait per round returns PTHREAD_BARRIER_SERIAL_THREAD. [host] */
#include "conf.h"
#include <pthread.h>
#include <sched.h>
#include <sys/mman.h>

enum { PROCS = 3, ROUNDS = 25 };
struct shared {
    pthread_barrier_t b;
    volatile int slot[ROUNDS];
    volatile int serial[ROUNDS];
    volatile int early;
};

int main(void)
{
    struct shared *sh = mmap(NULL, sizeof *sh, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    check(sh != MAP_FAILED, "mmap MAP_SHARED|MAP_ANONYMOUS");
    pthread_barrierattr_t a;
    pthread_barrierattr_init(&a);
    check(pthread_barrierattr_setpshared(&a, PTHREAD_PROCESS_SHARED) == 0, "setpshared");
    check(pthread_barrier_init(&sh->b, &a, PROCS) == 0, "pthread_barrier_init, count 3");
    pid_t kids[PROCS];
    for (int k = 0; k < PROCS; k++) {
        kids[k] = xfork();
        if (kids[k] == 0) {
            for (int r = 0; r < ROUNDS; r++) {
                if ((r + k) % 3 == 0)
                    msleep(2);  /* a different process arrives last each round */
                __atomic_fetch_add(&sh->slot[r], 1 << k, __ATOMIC_SEQ_CST);
                int w = pthread_barrier_wait(&sh->b);
                if (w == PTHREAD_BARRIER_SERIAL_THREAD)
                    __atomic_fetch_add(&sh->serial[r], 1, __ATOMIC_SEQ_CST);
                else if (w != 0)
                    _exit(2);
                if (sh->slot[r] != (1 << PROCS) - 1)
                    __atomic_fetch_add(&sh->early, 1, __ATOMIC_SEQ_CST);
            }
            _exit(0);
        }
    }
    int ok = 0;
    for (int k = 0; k < PROCS; k++) {
        int st = wait_for(kids[k], 0);
        ok += st != -1 && WIFEXITED(st) && WEXITSTATUS(st) == 0;
    }
    int full = 0, one_serial = 0;
    for (int r = 0; r < ROUNDS; r++) {
        full += sh->slot[r] == (1 << PROCS) - 1;
        one_serial += sh->serial[r] == 1;
    }
    printf("processes done %d, rounds with every mark %d, rounds with one serial waiter %d, early leaves %d\n",
           ok, full, one_serial, sh->early);
    check(ok == PROCS, "every process finished");
    check(full == ROUNDS && sh->early == 0, "nobody passed a round early");
    check(one_serial == ROUNDS, "one PTHREAD_BARRIER_SERIAL_THREAD per round");
    return done();
}
