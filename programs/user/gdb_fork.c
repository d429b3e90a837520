/* programs/user/gdb_fork.c — fork and exec under the GDB stub (sim/gdb/gdb_exec_test.sh): the
 * child calls work(1) and then execs argv[1] (gdb_target.elf); the parent waits and calls work(2).
 * Debugging the first process, only the parent's work(2) stops; --gdb-process gdb_target.elf
 * debugs the child's new program instead. Exits with 10 + the child's exit status. */
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

int work(int who) {
  int twice = who * 2;
  printf("work %d\n", who);
  fflush(stdout);
  return twice;
}

int main(int argc, char** argv) {
  pid_t pid = fork();
  if (pid == 0) {
    work(1);
    if (argc > 1) execv(argv[1], argv + 1);
    _exit(1);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  work(2);
  return 10 + WEXITSTATUS(status);
}
