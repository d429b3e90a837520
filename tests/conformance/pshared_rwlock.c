/* A PTHREAD_PROCESS_SHARED rwlock in MAP_SHARED memory between processes (musl: shared-key futex
 * waits on the lock word): while one process holds it for writing, tryrdlock / trywrlock fail
 * EBUSY, timedrdlock times out (ETIMEDOUT) and blocked readers in two other processes get it only
 * after the unlock; many readers hold it together, and a writer waits for the last of them. [host] */
#include "conf.h"
#include <pthread.h>
#include <sys/mman.h>

struct shared {
    pthread_rwlock_t rw;
    volatile int readers_in, max_readers, writer_in, reader_saw_writer, readers_done, hold, stage;
};

int main(void)
{
    struct shared *sh = mmap(NULL, sizeof *sh, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    check(sh != MAP_FAILED, "mmap MAP_SHARED|MAP_ANONYMOUS");
    pthread_rwlockattr_t a;
    pthread_rwlockattr_init(&a);
    check(pthread_rwlockattr_setpshared(&a, PTHREAD_PROCESS_SHARED) == 0, "setpshared");
    check(pthread_rwlock_init(&sh->rw, &a) == 0, "pthread_rwlock_init");

    /* A writer in another process. */
    pid_t w = xfork();
    if (w == 0) {
        pthread_rwlock_wrlock(&sh->rw);
        sh->writer_in = 1;
        sh->stage = 1;
        while (sh->stage < 2)
            msleep(5);
        msleep(100);  /* the readers block meanwhile */
        sh->writer_in = 0;
        pthread_rwlock_unlock(&sh->rw);
        _exit(0);
    }
    while (sh->stage < 1)
        msleep(5);
    int r = pthread_rwlock_tryrdlock(&sh->rw);
    printf("tryrdlock under another process's write lock: %s\n", r == EBUSY ? "EBUSY" : errname(r));
    check(r == EBUSY, "EBUSY");
    r = pthread_rwlock_trywrlock(&sh->rw);
    printf("trywrlock: %s\n", r == EBUSY ? "EBUSY" : errname(r));
    check(r == EBUSY, "EBUSY");
    struct timespec dl;
    clock_gettime(CLOCK_REALTIME, &dl);
    dl.tv_nsec += 50000000;
    if (dl.tv_nsec >= 1000000000) {
        dl.tv_sec++;
        dl.tv_nsec -= 1000000000;
    }
    r = pthread_rwlock_timedrdlock(&sh->rw, &dl);
    printf("timedrdlock, 50 ms: %s\n", r == ETIMEDOUT ? "ETIMEDOUT" : errname(r));
    check(r == ETIMEDOUT, "ETIMEDOUT");
    pid_t rd[2];
    for (int k = 0; k < 2; k++) {
        rd[k] = xfork();
        if (rd[k] == 0) {
            pthread_rwlock_rdlock(&sh->rw);
            if (sh->writer_in)
                sh->reader_saw_writer = 1;
            __atomic_fetch_add(&sh->readers_done, 1, __ATOMIC_SEQ_CST);
            pthread_rwlock_unlock(&sh->rw);
            _exit(0);
        }
    }
    sh->stage = 2;
    int ok = 0;
    for (int k = 0; k < 2; k++) {
        int st = wait_for(rd[k], 0);
        ok += st != -1 && WIFEXITED(st) && WEXITSTATUS(st) == 0;
    }
    wait_for(w, 0);
    printf("readers done %d, a reader got in beside the writer: %s\n", sh->readers_done,
           sh->reader_saw_writer ? "yes" : "no");
    check(ok == 2 && sh->readers_done == 2 && !sh->reader_saw_writer, "the readers waited for the writer");

    /* Readers together, then a writer waits for them. */
    sh->hold = 1;
    sh->writer_in = 0;
    pid_t rr[3];
    for (int k = 0; k < 3; k++) {
        rr[k] = xfork();
        if (rr[k] == 0) {
            pthread_rwlock_rdlock(&sh->rw);
            int n = __atomic_add_fetch(&sh->readers_in, 1, __ATOMIC_SEQ_CST);
            if (n > sh->max_readers)
                sh->max_readers = n;
            while (sh->hold)
                msleep(5);
            if (sh->writer_in)
                sh->reader_saw_writer = 1;
            __atomic_fetch_sub(&sh->readers_in, 1, __ATOMIC_SEQ_CST);
            pthread_rwlock_unlock(&sh->rw);
            _exit(0);
        }
    }
    while (sh->readers_in < 3)
        msleep(5);
    w = xfork();
    if (w == 0) {
        pthread_rwlock_wrlock(&sh->rw);
        int left = sh->readers_in;
        sh->writer_in = 1;
        pthread_rwlock_unlock(&sh->rw);
        _exit(left == 0 ? 0 : 1);
    }
    msleep(100);
    int writer_waiting = wait_for(w, WNOHANG) == -1;
    sh->hold = 0;
    ok = 0;
    for (int k = 0; k < 3; k++) {
        int st = wait_for(rr[k], 0);
        ok += st != -1 && WIFEXITED(st) && WEXITSTATUS(st) == 0;
    }
    int st = wait_for(w, 0);
    printf("three readers at once: %d; the writer waited: %s; it got the lock with no reader in: %s\n",
           sh->max_readers, writer_waiting ? "yes" : "no",
           st != -1 && WIFEXITED(st) && WEXITSTATUS(st) == 0 ? "yes" : "no");
    check(ok == 3 && sh->max_readers == 3, "readers share the lock");
    check(writer_waiting && st != -1 && WIFEXITED(st) && WEXITSTATUS(st) == 0, "the writer waited for them");
    return done();
}
