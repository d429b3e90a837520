/* programs/user/fork_status.c — a parent whose child exits with another status: the child
 * _exit(7)s at once, the parent reaps it and exits 0. tests/test_os.cpp checks that a scenario's
 * `exit:` expectation names the process started by os.init, not a child it forked. */
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

int main(void) {
  pid_t c = fork();
  if (c == 0) _exit(7);
  int st = 0;
  waitpid(c, &st, 0);
  printf("child exited with %d\n", WEXITSTATUS(st));
  return 0;
}
