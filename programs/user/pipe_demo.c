/* programs/user/pipe_demo.c — a parent talks to its child through an anonymous pipe.
 * pipe() gives two descriptors; after fork() both processes hold both ends, so each closes the end
 * it does not use: the child keeps the read end, the parent the write end. The child reads first,
 * finds the pipe empty and blocks; each write of the parent wakes it. After the last line the
 * parent closes its write end: no writer is left, so the child's next read returns 0 (end of file)
 * instead of blocking. The child prints how many lines it read; the parent reaps it. */
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static void nap(long ms) {
  struct timespec ts = {0, ms * 1000000L};
  nanosleep(&ts, NULL);
}

int main(void) {
  int fd[2];
  if (pipe(fd) != 0) return 2;
  pid_t c = fork();
  if (c < 0) return 2;
  if (c == 0) {
    close(fd[1]);  /* the child only reads; keeping a write end open would hide the EOF */
    char buf[128];
    int lines = 0;
    for (;;) {
      ssize_t n = read(fd[0], buf, sizeof buf - 1);
      if (n < 0) return 100;
      if (n == 0) break;
      buf[n] = '\0';
      for (char* p = buf; *p; p++) lines += *p == '\n';
      printf("child: read %2zd bytes: %s", n, buf);
      fflush(stdout);
    }
    printf("child: read returned 0: end of file after %d lines, the write end is closed\n", lines);
    return 0;
  }
  close(fd[0]);
  const char* lines[] = {"first line\n", "second line\n", "third line\n", "fourth and last line\n"};
  nap(2);  /* let the child reach its first read: it blocks on the empty pipe */
  for (int i = 0; i < 4; i++) {
    ssize_t n = write(fd[1], lines[i], strlen(lines[i]));
    printf("parent: wrote %2zd bytes\n", n);
    fflush(stdout);
    nap(2);
  }
  close(fd[1]);
  printf("parent: closed the write end\n");
  fflush(stdout);
  int status = 0;
  waitpid(c, &status, 0);
  printf("parent: child exited with status %d\n", WEXITSTATUS(status));
  return 0;
}
