/* programs/user/bench_msg.c — the message-queue benchmark's guest (bench/os_bench.cpp):
 *   bench_msg COUNT SIZE
 * The parent makes a private System V message queue and forks; the parent (producer) sends COUNT
 * messages of type 1 with SIZE payload bytes (4 <= SIZE <= 8192), message i carrying i in its first
 * four payload bytes and ~i in its last four (SIZE >= 8); the child (consumer) receives them with
 * msgrcv(type 0), checks each one's size, type and both sequence words (so order, loss and a short
 * copy show), and prints
 *   msg COUNT x SIZE ok
 * ("wrong" and the first bad sequence number otherwise). The parent then waits for the child and
 * removes the queue. Per message the producer stores two words and the consumer loads two: the
 * user-mode work is a few instructions against two system calls. Exit status 0 when all held. */
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/wait.h>
#include <unistd.h>

struct message {
  long mtype;
  unsigned char text[8192];
};

static void put32(unsigned char* p, uint32_t v) { memcpy(p, &v, 4); }
static uint32_t get32(const unsigned char* p) {
  uint32_t v;
  memcpy(&v, p, 4);
  return v;
}

static int consumer(int q, long count, size_t size) {
  static struct message m;
  for (long i = 0; i < count; i++) {
    ssize_t n = msgrcv(q, &m, size, 0, 0);
    if (n < 0) {
      perror("msgrcv");
      return 1;
    }
    int bad = (size_t)n != size || m.mtype != 1 || get32(m.text) != (uint32_t)i ||
              (size >= 8 && get32(m.text + size - 4) != ~(uint32_t)i);
    if (bad) {
      printf("msg %ld x %zu wrong at %ld (got %zd bytes, seq %u)\n", count, size, i, n, (unsigned)get32(m.text));
      return 1;
    }
  }
  printf("msg %ld x %zu ok\n", count, size);
  return 0;
}

int main(int argc, char** argv) {
  long count = argc > 1 ? atol(argv[1]) : 10000;
  size_t size = argc > 2 ? strtoul(argv[2], 0, 0) : 64;
  if (count < 0 || size < 4 || size > 8192) {
    fprintf(stderr, "usage: bench_msg COUNT SIZE (4 <= SIZE <= 8192)\n");
    return 2;
  }
  int q = msgget(IPC_PRIVATE, IPC_CREAT | 0600);
  if (q < 0) {
    perror("msgget");
    return 1;
  }
  pid_t pid = fork();
  if (pid < 0) {
    perror("fork");
    return 1;
  }
  if (pid == 0) _exit(consumer(q, count, size));
  static struct message m;
  m.mtype = 1;
  for (size_t i = 0; i < size; i++) m.text[i] = (unsigned char)(i * 37);
  int failed = 0;
  for (long i = 0; i < count; i++) {
    put32(m.text, (uint32_t)i);
    if (size >= 8) put32(m.text + size - 4, ~(uint32_t)i);
    if (msgsnd(q, &m, size, 0) < 0) {
      perror("msgsnd");
      failed = 1;
      kill(pid, SIGKILL); /* the consumer would wait for the rest forever */
      break;
    }
  }
  int status;
  if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status) || WEXITSTATUS(status) != 0) failed = 1;
  if (msgctl(q, IPC_RMID, 0) < 0) {
    perror("msgctl");
    failed = 1;
  }
  return failed;
}
