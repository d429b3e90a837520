/* programs/user/memhog.c — allocates and touches memory 1 MiB at a time until the kernel says no:
 * malloc returning NULL (ENOMEM from mmap/brk) ends it with status 0; the kernel may instead kill
 * it (SIGKILL, an oom-kill trace event) when a page fault finds no free frame. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(void) {
  int mib = 0;
  for (;;) {
    char* p = malloc(1 << 20);
    if (!p) break;
    memset(p, 0x5A, 1 << 20);
    mib++;
  }
  printf("memhog: malloc failed (ENOMEM) after %d MiB\n", mib);
  return 0;
}
