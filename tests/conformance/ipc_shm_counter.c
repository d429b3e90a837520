/* A counter in a System V shared memory segment, incremented 2000 times each by a parent and its
 * child under a System V semaphore used as a mutex (semop -1/+1 with SEM_UNDO): 4000 at the end,
 * seen by both; a second child attaching the segment by key after the fork sees it too. [host]
 * (linux-semantics.md, System V shared memory) */
#include "conf.h"
#include "ipc_conf.h"
#include <sched.h>
#include <sys/ipc.h>
#include <sys/sem.h>
#include <sys/shm.h>

#define N 2000

static void bump(int sem, volatile int *counter, volatile int *max_inside, volatile int *inside)
{
    struct sembuf down = {0, -1, SEM_UNDO}, up = {0, 1, SEM_UNDO};
    for (int i = 0; i < N; i++) {
        while (semop(sem, &down, 1) < 0 && errno == EINTR) {
        }
        int in = ++*inside;
        if (in > *max_inside)
            *max_inside = in;
        int v = *counter;
        if (i % 97 == 0)
            sched_yield();  /* a switch inside the critical section */
        *counter = v + 1;
        --*inside;
        semop(sem, &up, 1);
    }
}

int main(void)
{
    int s = shmget(IPC_PRIVATE, 4096, 0600);
    int sem = semget(IPC_PRIVATE, 1, 0600);
    check(s >= 0 && sem >= 0, "shmget and semget");
    semctl(sem, 0, SETVAL, 1);
    volatile int *m = shmat(s, NULL, 0);
    check(m != (void *)-1, "shmat");
    pid_t c = xfork();
    if (c == 0) {
        bump(sem, &m[0], &m[1], &m[2]);
        _exit(0);
    }
    bump(sem, &m[0], &m[1], &m[2]);
    int st = wait_for(c, 0);
    check(WIFEXITED(st) && WEXITSTATUS(st) == 0, "the child finished");
    printf("counter %d, at most %d inside\n", m[0], m[1]);
    check(m[0] == 2 * N, "every increment counted");
    check(m[1] == 1, "mutual exclusion");
    c = xfork();
    if (c == 0) {
        shmdt((void *)m);
        volatile int *n = shmat(s, NULL, SHM_RDONLY);
        _exit(n != (void *)-1 && n[0] == 2 * N ? 0 : 1);
    }
    st = wait_for(c, 0);
    check(WIFEXITED(st) && WEXITSTATUS(st) == 0, "a new attachment in a child sees the total");
    shmdt((void *)m);
    shmctl(s, IPC_RMID, NULL);
    semctl(sem, 0, IPC_RMID);
    return done();
}
