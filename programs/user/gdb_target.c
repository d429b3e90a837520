/* programs/user/gdb_target.c — the program the GDB test debugs (sim/gdb/gdb_exec_test.sh): built
 * with -g -O0 (programs/CMakeLists.txt: every gdb_*.c), so gdb can break at compute(), print its
 * locals, watch `counter` change and unwind to main. Exits with 7 when the sums come out right. */
#include <stdio.h>
#include <unistd.h>

volatile int counter = 0;

int compute(int n) {
  int local = n * 7;
  counter = local + 1;
  return local;
}

/* getpid by hand: the test breaks at sys_int and steps over the int 0x80 to sys_after. */
int raw_getpid(void) {
  int r;
  __asm__ volatile(".globl sys_int, sys_after\nsys_int: int $0x80\nsys_after:" : "=a"(r) : "a"(20) : "memory");
  return r;
}

int main(void) {
  int sum = 0;
  if (raw_getpid() != getpid()) return 2;
  for (int i = 1; i <= 3; ++i) sum += compute(i + 5);
  printf("sum %d counter %d\n", sum, counter);
  fflush(stdout);
  return sum == 42 + 49 + 56 ? 7 : 1;
}
