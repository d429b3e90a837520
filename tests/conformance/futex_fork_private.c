/* Futex keys across fork. A private futex (FUTEX_PRIVATE_FLAG, or any op on private memory: data,
 * heap, stack) is keyed by (address space, address), so a child's FUTEX_WAKE of the same address
 * wakes nobody (returns 0) and the parent's timed wait ends ETIMEDOUT; a shared-flag futex on
 * MAP_SHARED memory is keyed by the object, so the child's wake returns 1 and the parent's wait 0;
 * the flags must agree (a private wake never meets a shared wait, nor the other way round); System
 * V shm attached twice at different addresses: one futex, whichever address. [host] */
#include "futex_conf.h"
#include <limits.h>
#include <sys/ipc.h>
#include <sys/mman.h>
#include <sys/shm.h>

static volatile int *report;  /* MAP_SHARED: the child's FUTEX_WAKE result */
static int data_word;

/* The parent waits (op wop, 400 ms) on wa; a child, 100 ms later, wakes (op kop) ka: prints both
 * results, and checks they are (want_wake, want_wait). */
static void cross(const char *what, volatile int *wa, int wop, volatile int *ka, int kop, int want_wake,
                  int want_wait_err)
{
    *report = -100;
    pid_t c = xfork();
    if (c == 0) {
        msleep(100);
        long r = fx(ka, kop, INT_MAX, 0, 0, 0);
        *report = r < 0 ? -errno : (int)r;
        _exit(0);
    }
    const struct ts32 t = {0, 400000000};
    long r = fx(wa, wop, *wa, &t, 0, 0);
    int e = errno;
    wait_for(c, 0);
    printf("%s: child's wake %d, parent's wait %ld %s\n", what, *report, r, r < 0 ? fn(e) : "-");
    check(*report == want_wake && (want_wait_err ? r == -1 && e == want_wait_err : r == 0), what);
}

int main(void)
{
    volatile int *sh = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    report = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    check(sh != MAP_FAILED && report != MAP_FAILED, "two MAP_SHARED|MAP_ANONYMOUS areas");
    volatile int *heap = malloc(64);
    heap[0] = 0;
    volatile int stack_word = 0;
    volatile int *anon = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    anon[5] = 0;

    cross("data word, FUTEX_WAIT / FUTEX_WAKE", &data_word, WAIT, &data_word, WAKE, 0, ETIMEDOUT);
    cross("data word, private ops", &data_word, WAIT | PRIV, &data_word, WAKE | PRIV, 0, ETIMEDOUT);
    cross("heap word, FUTEX_WAIT / FUTEX_WAKE", heap, WAIT, heap, WAKE, 0, ETIMEDOUT);
    cross("stack word, FUTEX_WAIT / FUTEX_WAKE", &stack_word, WAIT, &stack_word, WAKE, 0, ETIMEDOUT);
    cross("MAP_PRIVATE anonymous, FUTEX_WAIT / FUTEX_WAKE", anon + 5, WAIT, anon + 5, WAKE, 0, ETIMEDOUT);
    cross("MAP_SHARED, FUTEX_WAIT / FUTEX_WAKE", sh, WAIT, sh, WAKE, 1, 0);
    cross("MAP_SHARED, second page", sh + 1030, WAIT, sh + 1030, WAKE, 1, 0);
    cross("MAP_SHARED, private ops", sh, WAIT | PRIV, sh, WAKE | PRIV, 0, ETIMEDOUT);
    cross("MAP_SHARED, shared wait, private wake", sh, WAIT, sh, WAKE | PRIV, 0, ETIMEDOUT);
    cross("MAP_SHARED, private wait, shared wake", sh, WAIT | PRIV, sh, WAKE, 0, ETIMEDOUT);
    cross("MAP_SHARED, wake of the next word", sh, WAIT, sh + 1, WAKE, 0, ETIMEDOUT);

    int id = shmget(IPC_PRIVATE, 8192, IPC_CREAT | 0600);
    volatile int *s1 = shmat(id, NULL, 0), *s2 = shmat(id, NULL, 0);
    check(id >= 0 && s1 != (void *)-1 && s2 != (void *)-1 && s1 != s2, "one shm segment attached twice");
    shmctl(id, IPC_RMID, NULL);
    cross("shm: wait at the first address, wake at the second", s1 + 3, WAIT, s2 + 3, WAKE, 1, 0);
    cross("shm: second page, the other way round", s2 + 1027, WAIT, s1 + 1027, WAKE, 1, 0);
    cross("shm: private ops at the two addresses", s1 + 3, WAIT | PRIV, s2 + 3, WAKE | PRIV, 0, ETIMEDOUT);
    cross("shm: private ops at one address", s1 + 3, WAIT | PRIV, s1 + 3, WAKE | PRIV, 0, ETIMEDOUT);
    cross("shm: wake of another word", s1 + 3, WAIT, s2 + 4, WAKE, 0, ETIMEDOUT);
    return done();
}
