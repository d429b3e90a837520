/* programs/user/shm_counter.c — two processes add 1 to a counter in System V shared memory,
 * N times each: `shm_counter race|sysv|posix N`.
 *
 * The increment is a read-modify-write spread over several instructions on purpose: read the
 * counter into a local, spin a few turns (the window), store local + 1. When the timer preempts a
 * process inside that window, the other one runs a whole quantum of increments, and the first
 * then stores its stale value + 1 over all of them: those updates are lost.
 *   race   no lock: the total ends below 2N ("lost updates: yes").
 *   sysv   a System V semaphore (value 1) around the increment: semop -1 / +1 with SEM_UNDO (an
 *          exit inside the section would give the lock back). Total exactly 2N.
 *   posix  a POSIX semaphore (sem_init, pshared) living in the shared segment: sem_wait and
 *          sem_post are atomic instructions in user space and enter the kernel (futex) only when
 *          the lock is taken. Total exactly 2N.
 * The spin lengths come from a small generator seeded with getrandom(), whose bytes the mini OS
 * draws from the scenario's seed: another seed gives other windows and another number of lost
 * updates, the same seed always the same. The parent attaches the segment (shmat) and forks: the
 * child inherits the attachment (the trace shows a shm-attach for each), and each detaches it
 * (shmdt: one shm-detach each). */
#include <semaphore.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/random.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/wait.h>
#include <unistd.h>

struct shared {
  volatile int counter;
  sem_t lock;  /* posix mode */
};

enum mode { RACE, SYSV, POSIX };

static unsigned rng;

static unsigned next_random(void) {
  rng = rng * 1103515245u + 12345u;
  return rng >> 16;
}

static void spin(unsigned n) {
  for (volatile unsigned i = 0; i < n; i++) {
  }
}

static void sysv_op(int semid, int delta) {
  struct sembuf op = {0, (short)delta, SEM_UNDO};
  while (semop(semid, &op, 1) != 0) {
  }
}

static void add(struct shared* s, enum mode m, int semid, int n) {
  for (int i = 0; i < n; i++) {
    if (m == SYSV) sysv_op(semid, -1);
    if (m == POSIX) sem_wait(&s->lock);
    int v = s->counter;     /* read */
    spin(next_random() % 16);  /* the window: preemption here loses the other's updates */
    s->counter = v + 1;     /* write back */
    if (m == SYSV) sysv_op(semid, +1);
    if (m == POSIX) sem_post(&s->lock);
    spin(next_random() % 16);
  }
}

int main(int argc, char** argv) {
  if (argc != 3) {
    fprintf(stderr, "usage: shm_counter race|sysv|posix N\n");
    return 2;
  }
  const enum mode m = strcmp(argv[1], "sysv") == 0 ? SYSV : strcmp(argv[1], "posix") == 0 ? POSIX : RACE;
  const int n = atoi(argv[2]);
  int shmid = shmget(IPC_PRIVATE, sizeof(struct shared), IPC_CREAT | 0600);
  if (shmid < 0) return 3;
  int semid = -1;
  if (m == SYSV) {
    semid = semget(IPC_PRIVATE, 1, IPC_CREAT | 0600);
    if (semid < 0 || semctl(semid, 0, SETVAL, 1) != 0) return 4;
  }
  struct shared* s = shmat(shmid, NULL, 0);
  if (s == (void*)-1) return 3;
  s->counter = 0;
  if (m == POSIX && sem_init(&s->lock, 1, 1) != 0) return 5;
  printf("%s: 2 processes, %d increments each, %s\n", argv[1], n,
         m == RACE ? "no lock" : m == SYSV ? "System V semaphore (SEM_UNDO)" : "POSIX semaphore in the segment");
  fflush(stdout);
  pid_t c = fork();
  if (c < 0) return 6;
  if (getrandom(&rng, sizeof rng, 0) != sizeof rng) return 7;  /* after fork: one stream each */
  add(s, m, semid, n);
  if (c == 0) {
    shmdt(s);
    return 0;
  }
  int status = 0;
  waitpid(c, &status, 0);
  const int total = s->counter;
  printf("total %d of %d: lost updates: %s", total, 2 * n, total < 2 * n ? "yes" : "no");
  if (total < 2 * n) printf(" (%d lost)", 2 * n - total);
  printf("\n");
  if (m == POSIX) sem_destroy(&s->lock);
  shmdt(s);
  shmctl(shmid, IPC_RMID, NULL);
  if (semid >= 0) semctl(semid, 0, IPC_RMID);
  return 0;
}
