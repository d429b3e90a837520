/* programs/user/readline.c — reads lines from the console tty (canonical mode: the line discipline
 * hands over a whole line once Enter is typed) and answers each one, until it reads "quit" or end
 * of file. Blocks in read() between lines, so the CPU halts in the idle loop meanwhile. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int main(void) {
  char line[256];
  printf("readline: type a line\n");
  fflush(stdout);
  for (;;) {
    ssize_t n = read(0, line, sizeof line - 1);
    if (n <= 0) break;
    line[n] = 0;
    if (n > 0 && line[n - 1] == '\n') line[n - 1] = 0;
    if (strcmp(line, "quit") == 0) break;
    printf("got: %s (%d bytes)\n", line, (int)n);
    fflush(stdout);
  }
  printf("readline: bye\n");
  return 0;
}
