/* Named POSIX semaphores (musl: the file /dev/shm/NAME (glibc would say sem.NAME), mapped MAP_SHARED, with futex
 * waits on the shared word): sem_open O_CREAT|O_EXCL with a value; EEXIST, ENOENT; a second
 * sem_open of the name in the same process returns the same address; a child that closes the
 * inherited mapping and opens the name itself blocks in sem_wait and the parent's sem_post wakes
 * it; sem_trywait EAGAIN; sem_unlink removes the name while users keep
 * the semaphore. (linux-semantics.md, POSIX semaphores) */
#include "conf.h"
#include <limits.h>
#include <semaphore.h>
#include <sys/mman.h>
#include <sys/random.h>
#include <sys/stat.h>

int main(void)
{
    unsigned rnd = 0;
    if (getrandom(&rnd, sizeof rnd, 0) != sizeof rnd)
        rnd = (unsigned)getpid();
    char name[64], path[96];
    snprintf(name, sizeof name, "/conf-sem-%08x", rnd);
    snprintf(path, sizeof path, "/dev/shm%s", name);

    sem_t *s = sem_open(name, O_CREAT | O_EXCL, 0600, 2);
    check(s != SEM_FAILED, "sem_open O_CREAT|O_EXCL value 2");
    struct stat st;
    check(stat(path, &st) == 0 && S_ISREG(st.st_mode) && (st.st_mode & 0777) == 0600,
          "the semaphore is the file /dev/shm/NAME, mode 0600");
    int v = -1;
    check(sem_getvalue(s, &v) == 0 && v == 2, "value 2");
    errno = 0;
    check(sem_open(name, O_CREAT | O_EXCL, 0600, 0) == SEM_FAILED && errno == EEXIST, "O_EXCL again: EEXIST");
    errno = 0;
    char other[80];
    snprintf(other, sizeof other, "%s-none", name);
    check(sem_open(other, 0) == SEM_FAILED && errno == ENOENT, "no such name: ENOENT");
    sem_t *s2 = sem_open(name, 0);
    check(s2 == s, "opening the name again in the same process gives the same semaphore");
    sem_close(s2);

    check(sem_trywait(s) == 0 && sem_trywait(s) == 0, "two trywaits take the value to 0");
    errno = 0;
    check(sem_trywait(s) < 0 && errno == EAGAIN, "a third: EAGAIN");

    int p[2];
    check(pipe(p) == 0, "pipe");
    pid_t c = xfork();
    if (c == 0) {
        /* The child drops the inherited mapping and opens the name on its own. */
        sem_close(s);
        sem_t *cs = sem_open(name, 0);
        if (cs == SEM_FAILED)
            _exit(10);
        put_byte(p[1], 'r');
        if (sem_wait(cs) < 0)
            _exit(11);
        put_byte(p[1], 'w');
        sem_post(cs);
        sem_post(cs);
        _exit(0);
    }
    check(get_byte(p[0]) == 'r', "the child opened the name");
    msleep(50);
    check(sem_getvalue(s, &v) == 0 && v == 0, "the child waits at 0");
    check(sem_post(s) == 0, "sem_post");
    check(get_byte(p[0]) == 'w', "wakes the child's sem_wait");
    int ws = wait_for(c, 0);
    printf("child status %d\n", WIFEXITED(ws) ? WEXITSTATUS(ws) : -1);
    check(WIFEXITED(ws) && WEXITSTATUS(ws) == 0, "the child exits 0");
    check(sem_getvalue(s, &v) == 0 && v == 2, "the child's two posts show: value 2");

    check(sem_unlink(name) == 0, "sem_unlink");
    check(stat(path, &st) < 0 && errno == ENOENT, "the file is gone");
    errno = 0;
    check(sem_unlink(name) < 0 && errno == ENOENT, "sem_unlink again: ENOENT");
    check(sem_wait(s) == 0 && sem_getvalue(s, &v) == 0 && v == 1, "the open semaphore still works");
    check(sem_close(s) == 0, "sem_close");
    errno = 0;
    check(sem_open("/", O_CREAT, 0600, 0) == SEM_FAILED && errno == EINVAL, "an empty name: EINVAL");
    errno = 0;
    check(sem_open(name, O_CREAT, 0600, SEM_VALUE_MAX + 1u) == SEM_FAILED && errno == EINVAL,
          "a value above SEM_VALUE_MAX: EINVAL");
    return done();
}
