/* programs/user/fifo_writer.c — the writing side of a FIFO between two unrelated processes.
 * Neither process is the other's parent, so they cannot share an anonymous pipe: they meet at a
 * name in the file tree instead. Whichever runs first creates /tmp/chat with mkfifo(); the other
 * gets EEXIST and uses it. Opening a FIFO for writing blocks until a reader opens it (and opening
 * for reading blocks until a writer does): the open itself is the rendezvous. Then it writes its
 * lines, pausing between them, and closes: the reader sees end of file. The FIFO stays in /tmp. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static const char* kPath = "/tmp/chat";

static void nap(long ms) {
  struct timespec ts = {0, ms * 1000000L};
  nanosleep(&ts, NULL);
}

int main(void) {
  umask(0);  /* rw for everyone: the other side runs as another user */
  if (mkfifo(kPath, 0666) == 0) printf("writer: created %s with mkfifo\n", kPath);
  else if (errno == EEXIST) printf("writer: %s exists already (EEXIST), using it\n", kPath);
  else return 2;
  printf("writer: opening %s for writing\n", kPath);
  fflush(stdout);
  int fd = open(kPath, O_WRONLY);
  if (fd < 0) return 3;
  printf("writer: open returned, a reader is there\n");
  fflush(stdout);
  const char* lines[] = {"hello through the FIFO\n", "a second line\n", "bye\n"};
  for (int i = 0; i < 3; i++) {
    if (write(fd, lines[i], strlen(lines[i])) < 0) return 4;
    nap(2);
  }
  close(fd);
  printf("writer: closed, done\n");
  return 0;
}
