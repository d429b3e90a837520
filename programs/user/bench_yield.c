/* programs/user/bench_yield.c — the context-switch benchmark's guest (bench/os_bench.cpp):
 *   bench_yield NPROCS ROUNDS
 * forks NPROCS-1 children; every process then calls sched_yield() ROUNDS times, so with NPROCS
 * runnable processes each yield is a context switch to the next one in the run queue. The parent
 * waits for all children and prints the total number of yields. */
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char** argv) {
  int nprocs = argc > 1 ? atoi(argv[1]) : 2;
  int rounds = argc > 2 ? atoi(argv[2]) : 1000;
  for (int i = 1; i < nprocs; i++) {
    pid_t pid = fork();
    if (pid < 0) {
      perror("fork");
      return 1;
    }
    if (pid == 0) break;
  }
  for (int r = 0; r < rounds; r++) sched_yield();
  int children = 0, status;
  while (wait(&status) > 0) children++;
  if (children == nprocs - 1) printf("yields %d\n", nprocs * rounds);
  return 0;
}
