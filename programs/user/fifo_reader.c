/* programs/user/fifo_reader.c — the reading side of programs/user/fifo_writer.c's FIFO. It makes
 * /tmp/chat (or accepts EEXIST when the writer was first), opens it for reading, which completes
 * the writer's blocked open (or blocks until a writer comes), prints every line until end of file
 * (read returns 0 once the writer has closed), then runs `/bin/ls -l /tmp` (programs/user/ls.c)
 * to show the FIFO as a file of type p, still there after both ends are closed. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static const char* kPath = "/tmp/chat";

int main(void) {
  umask(0);  /* rw for everyone: the other side runs as another user */
  if (mkfifo(kPath, 0666) == 0) printf("reader: created %s with mkfifo\n", kPath);
  else if (errno == EEXIST) printf("reader: %s exists already (EEXIST), using it\n", kPath);
  else return 2;
  printf("reader: opening %s for reading\n", kPath);
  fflush(stdout);
  int fd = open(kPath, O_RDONLY);
  if (fd < 0) return 3;
  printf("reader: open returned, a writer is there\n");
  fflush(stdout);
  char buf[128];
  ssize_t n;
  while ((n = read(fd, buf, sizeof buf - 1)) > 0) {
    buf[n] = '\0';
    printf("reader: got %2zd bytes: %s", n, buf);
    fflush(stdout);
  }
  close(fd);
  printf("reader: end of file; running /bin/ls -l /tmp\n");
  fflush(stdout);
  pid_t c = fork();
  if (c == 0) {
    execl("/bin/ls", "ls", "-l", "/tmp", (char*)NULL);
    _exit(127);
  }
  int status = 0;
  waitpid(c, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
}
