/* programs/user/tls_clear.c — a hostile selector game: load FS with a TLS slot (GDT entry 7, set
 * with set_thread_area), clear that slot, then make a system call. The kernel's return path pops
 * FS in ring 0; a stale selector there must not fault in the kernel (tests/test_os.cpp): the
 * process goes on with FS = 0. */
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

struct user_desc_ {
  unsigned entry, base, limit, flags;
};

int main(void) {
  static char area[64];
  struct user_desc_ d = {7, (unsigned)(unsigned long)area, 0xFFFFF, 0x51};  /* 32-bit, pages, useable */
  if (syscall(SYS_set_thread_area, &d) != 0) return 2;
  unsigned short sel = 7 * 8 + 3, fs = 0;
  __asm__ volatile("mov %0, %%fs" ::"r"(sel));
  struct user_desc_ clear = {7, 0, 0, 0x28};  /* read_exec_only | seg_not_present: empty */
  long r = syscall(SYS_set_thread_area, &clear);
  syscall(SYS_getpid);
  __asm__ volatile("mov %%fs, %0" : "=r"(fs));
  printf("cleared: %ld, fs after the return to user mode: %#x\n", r, fs);
  return 0;
}
