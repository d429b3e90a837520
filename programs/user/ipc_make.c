/* programs/user/ipc_make.c — creates one System V object of each kind and leaves them for `ipcs`
 * (scenarios/shell_ipcs.yaml): a message queue (key 0x1234, mode 0640) holding two messages of 10
 * and 20 bytes, a shared memory segment (key 0x2345, 4096 bytes, mode 0600) and a semaphore set
 * (key 0x3456, two semaphores, mode 0666). Prints the three ids; exits 1 when a call fails. */
#include <stdio.h>
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>

int main(void) {
  int q = msgget(0x1234, IPC_CREAT | 0640);
  struct { long type; char text[32]; } m = {1, "message"};
  if (q < 0 || msgsnd(q, &m, 10, 0) != 0 || msgsnd(q, &m, 20, 0) != 0) return perror("msg"), 1;
  int shm = shmget(0x2345, 4096, IPC_CREAT | 0600);
  if (shm < 0) return perror("shmget"), 1;
  int sem = semget(0x3456, 2, IPC_CREAT | 0666);
  if (sem < 0) return perror("semget"), 1;
  printf("made queue %d, segment %d, semaphores %d\n", q, shm, sem);
  return 0;
}
