/* POSIX semaphores shared between processes: sem_init(pshared=1) in MAP_SHARED anonymous memory;
 * a child's sem_wait blocks at 0 and the parent's sem_post wakes it (musl: FUTEX_WAIT/FUTEX_WAKE
 * on a word both processes map); three posts let three waits through; two children ping-pong
 * 100 times over two semaphores. [host] (linux-semantics.md, POSIX semaphores) */
#include "conf.h"
#include <semaphore.h>
#include <sys/mman.h>

struct shared {
    sem_t a, b;
    volatile int passed;
    volatile int turns;
};

int main(void)
{
    struct shared *sh = mmap(NULL, sizeof *sh, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    check(sh != MAP_FAILED, "mmap MAP_SHARED|MAP_ANONYMOUS");
    check(sem_init(&sh->a, 1, 0) == 0 && sem_init(&sh->b, 1, 0) == 0, "sem_init pshared=1");
    pid_t c = xfork();
    if (c == 0) {
        for (int i = 0; i < 4; i++) {
            while (sem_wait(&sh->a) < 0 && errno == EINTR) {
            }
            sh->passed++;
        }
        _exit(0);
    }
    msleep(50);
    printf("before any post: %d waits passed\n", sh->passed);
    check(sh->passed == 0, "sem_wait blocks at 0");
    sem_post(&sh->a);
    msleep(50);
    printf("after one post: %d\n", sh->passed);
    check(sh->passed == 1, "sem_post wakes the waiter in the other process");
    sem_post(&sh->a);
    sem_post(&sh->a);
    sem_post(&sh->a);
    int st = wait_for(c, 0);
    printf("after three more posts: %d\n", sh->passed);
    check(WIFEXITED(st) && sh->passed == 4, "every post lets one wait through");
    int v = -1;
    check(sem_getvalue(&sh->a, &v) == 0 && v == 0, "the value is back at 0");
    c = xfork();
    if (c == 0) {
        for (int i = 0; i < 100; i++) {
            sem_wait(&sh->a);
            sh->turns++;
            sem_post(&sh->b);
        }
        _exit(0);
    }
    int ok = 1;
    for (int i = 0; i < 100; i++) {
        if (sh->turns != i)
            ok = 0;
        sem_post(&sh->a);
        sem_wait(&sh->b);
    }
    st = wait_for(c, 0);
    printf("ping-pong turns %d\n", sh->turns);
    check(ok && sh->turns == 100 && WIFEXITED(st), "ping-pong in lockstep");
    sem_destroy(&sh->a);
    sem_destroy(&sh->b);
    return done();
}
