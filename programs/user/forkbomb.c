/* programs/user/forkbomb.c — a fork bomb that the kernel's process limit stops (EAGAIN).
 * The first process forks a child that leads a new process group and bombs: every member keeps
 * forking, and a member whose fork fails reports the errno through a pipe, then waits in pause().
 * On the first report the first process kills the whole group with SIGKILL (a member with SIGKILL
 * pending never returns to user mode, so it cannot fork again), reaps the leader and exits 0 if
 * the failure was EAGAIN. Orphans are reaped by init. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

int main(void) {
  int fds[2];
  if (pipe(fds) != 0) return 2;
  pid_t leader = fork();
  if (leader < 0) return 3;
  if (leader == 0) {
    setpgid(0, 0);
    close(fds[0]);
    for (;;) {
      pid_t p = fork();
      if (p < 0) {
        int e = errno;
        if (write(fds[1], &e, sizeof e) < 0) _exit(1);
        for (;;) pause();
      }
    }
  }
  close(fds[1]);
  int err = 0;
  if (read(fds[0], &err, sizeof err) != sizeof err) return 4;
  printf("forkbomb: a fork failed with %s\n", err == EAGAIN ? "EAGAIN" : strerror(err));
  int kills = 0;
  while (kill(-leader, SIGKILL) == 0) {
    kills++;
    struct timespec ts = {0, 20000000};
    nanosleep(&ts, NULL);
  }
  int status = 0;
  waitpid(leader, &status, 0);
  printf("forkbomb: group killed (%s), machine still running\n",
         WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL ? "leader got SIGKILL" : "?");
  return err == EAGAIN ? 0 : 1;
}
