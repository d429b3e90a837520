/* programs/user/bench_getpid.c — the system-call benchmark's guest (bench/os_bench.cpp):
 *   bench_getpid N     calls getpid() N times through int 0x80 (musl's syscall(), no caching). */
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(int argc, char** argv) {
  long n = argc > 1 ? atol(argv[1]) : 100000;
  long sum = 0;
  for (long i = 0; i < n; i++) sum += syscall(SYS_getpid);
  printf("getpid %ld %s\n", n, sum == n * (long)getpid() ? "ok" : "wrong");
  return 0;
}
