/* programs/user/kill_l.c — `kill -l` as bash prints it: "%2d) SIGNAME" entries separated by tabs,
 * five to a line, 1-31 then 34-64 named SIGRTMIN..SIGRTMIN+15 and SIGRTMAX-14..SIGRTMAX (32 and 33
 * belong to the C library and are not listed). */
#include <stdio.h>

static const char* const names[32] = {
    0,         "SIGHUP",  "SIGINT",    "SIGQUIT", "SIGILL",    "SIGTRAP", "SIGABRT", "SIGBUS",
    "SIGFPE",  "SIGKILL", "SIGUSR1",   "SIGSEGV", "SIGUSR2",   "SIGPIPE", "SIGALRM", "SIGTERM",
    "SIGSTKFLT", "SIGCHLD", "SIGCONT", "SIGSTOP", "SIGTSTP",   "SIGTTIN", "SIGTTOU", "SIGURG",
    "SIGXCPU", "SIGXFSZ", "SIGVTALRM", "SIGPROF", "SIGWINCH",  "SIGIO",   "SIGPWR",  "SIGSYS"};

int main(void) {
  int col = 0;
  for (int s = 1; s <= 64; s++) {
    if (s == 32 || s == 33) continue;
    char name[16];
    if (s < 32) snprintf(name, sizeof name, "%s", names[s]);
    else if (s <= 49) s == 34 ? snprintf(name, sizeof name, "SIGRTMIN") : snprintf(name, sizeof name, "SIGRTMIN+%d", s - 34);
    else s == 64 ? snprintf(name, sizeof name, "SIGRTMAX") : snprintf(name, sizeof name, "SIGRTMAX-%d", 64 - s);
    printf("%2d) %s", s, name);
    if (++col == 5) {
      printf("\n");
      col = 0;
    } else {
      printf("\t");
    }
  }
  if (col) printf("\n");  /* bash ends the short last line with its tab, then a newline */
  return 0;
}
