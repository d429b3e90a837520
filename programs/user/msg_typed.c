/* programs/user/msg_typed.c — a producer and a consumer through a System V message queue.
 * The parent creates a private queue and forks the consumer, which waits in msgrcv for type 1
 * ("urgent") messages first, then takes everything else in order. The producer sends normal
 * (type 2) and urgent (type 1) messages with a pause between them, so the consumer blocks and
 * is woken by each msgsnd (the trace shows block, msg-send, wake, msg-receive). */
#include <stdio.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

struct message {
  long type;
  char text[64];
};

static void nap(long ms) {
  struct timespec ts = {0, ms * 1000000L};
  nanosleep(&ts, NULL);
}

int main(void) {
  int q = msgget(IPC_PRIVATE, IPC_CREAT | 0600);
  if (q < 0) return 2;
  pid_t c = fork();
  if (c == 0) {
    struct message m;
    for (int i = 0; i < 2; i++) {
      ssize_t n = msgrcv(q, &m, sizeof m.text, 1, 0);
      printf("consumer: urgent  (%zd bytes) %s\n", n, m.text);
      fflush(stdout);
    }
    for (int i = 0; i < 2; i++) {
      ssize_t n = msgrcv(q, &m, sizeof m.text, 0, 0);
      printf("consumer: type %ld (%zd bytes) %s\n", m.type, n, m.text);
      fflush(stdout);
    }
    return 0;
  }
  const struct { long type; const char* text; } plan[] = {
      {2, "weather report"}, {1, "fire alarm"}, {2, "lunch menu"}, {1, "power failure"}};
  for (int i = 0; i < 4; i++) {
    struct message m = {plan[i].type, ""};
    strcpy(m.text, plan[i].text);
    msgsnd(q, &m, strlen(m.text) + 1, 0);
    printf("producer: sent type %ld: %s\n", m.type, m.text);
    fflush(stdout);
    nap(5);
  }
  int status = 0;
  waitpid(c, &status, 0);
  msgctl(q, IPC_RMID, NULL);
  printf("producer: consumer exited with %d, queue removed\n", WEXITSTATUS(status));
  return 0;
}
