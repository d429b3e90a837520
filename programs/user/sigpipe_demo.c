/* programs/user/sigpipe_demo.c — writing to a pipe whose reader is gone, as in `yes | head -1`.
 *   sigpipe_demo default   the writer: pipe(), fork a reader that execs `/bin/read_one_line`
 *                          (this program, mode `reader`) on the read end, write one line, wait
 *                          until the reader has exited, write again. No read end is left, so the
 *                          kernel sends SIGPIPE to the writer; its default action terminates it
 *                          before write() returns.
 *   sigpipe_demo ignore    the same with SIGPIPE ignored (SIG_IGN): the second write fails with
 *                          EPIPE instead, the writer prints it and exits 0. It starts 30 ms late
 *                          so that the two stories print one after the other.
 *   sigpipe_demo reader    read one line from stdin, print it, exit. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static int reader(void) {
  char line[128];
  size_t n = 0;
  while (n < sizeof line - 1 && read(0, line + n, 1) == 1 && line[n] != '\n') n++;
  line[n] = '\0';
  printf("reader: got \"%s\", exiting without reading more\n", line);
  return 0;
}

int main(int argc, char** argv) {
  if (argc != 2) return 2;
  if (strcmp(argv[1], "reader") == 0) return reader();
  const int ignore = strcmp(argv[1], "ignore") == 0;
  const char* me = ignore ? "writer (SIGPIPE ignored)" : "writer (SIGPIPE default)";
  if (ignore) {
    struct timespec ts = {0, 30 * 1000000L};
    nanosleep(&ts, NULL);
  }
  int fd[2];
  if (pipe(fd) != 0) return 3;
  pid_t c = fork();
  if (c == 0) {
    dup2(fd[0], 0);
    close(fd[0]);
    close(fd[1]);
    execl("/bin/read_one_line", "read_one_line", "reader", (char*)NULL);
    _exit(127);
  }
  close(fd[0]);  /* the reader's copy is now the only read end */
  if (ignore) signal(SIGPIPE, SIG_IGN);
  ssize_t n = write(fd[1], "first line\nsecond line\n", 23);
  printf("%s: wrote %zd bytes\n", me, n);
  fflush(stdout);
  int status = 0;
  waitpid(c, &status, 0);
  printf("%s: the reader exited with %d; writing again\n", me, WEXITSTATUS(status));
  fflush(stdout);
  n = write(fd[1], "third line\n", 11);
  const int err = errno;
  /* Only reached when SIGPIPE did not kill us. */
  printf("%s: write returned %zd, errno %d (%s): %s\n", me, n, err, err == EPIPE ? "EPIPE" : "?",
         strerror(err));
  return n < 0 && err == EPIPE ? 0 : 1;
}
