/* POSIX semaphore values: sem_trywait at 0 → EAGAIN, above 0 it takes one; sem_getvalue; sem_init
 * above SEM_VALUE_MAX → EINVAL; sem_post at SEM_VALUE_MAX → EOVERFLOW (the value unchanged).
 * Also in MAP_SHARED memory across fork: the child's trywait sees the parent's posts. [host]
 * (linux-semantics.md, POSIX semaphores) */
#include "conf.h"
#include <limits.h>
#include <semaphore.h>
#include <sys/mman.h>

static const char *pn(int e)
{
    return e == EOVERFLOW ? "EOVERFLOW" : e == ETIMEDOUT ? "ETIMEDOUT" : errname(e);
}

#define FAILS(call, err, what)                                                   \
    do {                                                                         \
        errno = 0;                                                               \
        int r_ = (call);                                                         \
        int e_ = errno;                                                          \
        printf("%s: %d %s\n", what, r_, r_ < 0 ? pn(e_) : "-");             \
        check(r_ == -1 && e_ == (err), what);                                    \
    } while (0)

int main(void)
{
    sem_t s;
    int v = -1;
    check(sem_init(&s, 0, 0) == 0, "sem_init 0");
    FAILS(sem_trywait(&s), EAGAIN, "sem_trywait at 0");
    sem_post(&s);
    sem_post(&s);
    check(sem_getvalue(&s, &v) == 0 && v == 2, "two posts: value 2");
    check(sem_trywait(&s) == 0 && sem_getvalue(&s, &v) == 0 && v == 1, "sem_trywait takes one");
    printf("SEM_VALUE_MAX %d\n", SEM_VALUE_MAX);
    sem_t t;
    FAILS(sem_init(&t, 0, (unsigned)SEM_VALUE_MAX + 1), EINVAL, "sem_init above SEM_VALUE_MAX");
    check(sem_init(&t, 0, SEM_VALUE_MAX) == 0, "sem_init at SEM_VALUE_MAX");
    FAILS(sem_post(&t), EOVERFLOW, "sem_post at SEM_VALUE_MAX");
    check(sem_getvalue(&t, &v) == 0 && v == SEM_VALUE_MAX, "the value is unchanged");
    check(sem_trywait(&t) == 0 && sem_post(&t) == 0, "one below the maximum a post works");
    sem_t *sh = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    check(sem_init(sh, 1, 0) == 0, "sem_init pshared=1 in MAP_SHARED memory");
    sem_post(sh);
    pid_t c = xfork();
    if (c == 0) {
        int a = sem_trywait(sh);
        int b = sem_trywait(sh);
        int e = errno;
        _exit(a == 0 && b == -1 && e == EAGAIN ? 0 : 1);
    }
    int st = wait_for(c, 0);
    check(WIFEXITED(st) && WEXITSTATUS(st) == 0, "the child takes the parent's post, then EAGAIN");
    FAILS(sem_trywait(sh), EAGAIN, "the parent sees the child's take");
    return done();
}
