/* programs/user/ipc_demo.c — creates System V objects and lists them with /bin/ipcs while they
 * exist: a message queue (key 0x1234, mode 0640) holding two messages of 10 and 20 bytes and a
 * semaphore array (key 0x5678, three semaphores, mode 0600); then removes them, lists again, and
 * runs /bin/kill_l to print the signal list. */
#include <stdio.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/wait.h>
#include <unistd.h>

static void run(const char* path, const char* arg0, const char* arg1) {
  fflush(stdout);
  pid_t c = fork();
  if (c == 0) {
    execl(path, arg0, arg1, (char*)0);
    _exit(127);
  }
  waitpid(c, NULL, 0);
}

int main(void) {
  int q = msgget(0x1234, IPC_CREAT | 0640);
  struct { long type; char text[32]; } m = {1, ""};
  msgsnd(q, &m, 10, 0);
  msgsnd(q, &m, 20, 0);
  int s = semget(0x5678, 3, IPC_CREAT | 0600);
  run("/bin/ipcs", "ipcs", NULL);
  msgctl(q, IPC_RMID, NULL);
  semctl(s, 0, IPC_RMID);
  printf("removed both\n");
  run("/bin/ipcs", "ipcs", NULL);
  run("/bin/kill_l", "kill", "-l");
  return 0;
}
