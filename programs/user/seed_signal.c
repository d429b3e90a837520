/* programs/user/seed_signal.c — the flagship lesson's program (scenarios/sigint_keyboard.yaml):
 * installs a SIGINT handler with signal(), prints "received SIGINT" from the handler, and keeps
 * looping (busy work between checks, so the timer preempts it) until it has seen three of them. */
#include <signal.h>
#include <string.h>
#include <unistd.h>

static volatile sig_atomic_t count;

static void sig_handler(int sig) {
  static const char msg[] = "received SIGINT\n";
  (void)sig;
  write(1, msg, sizeof msg - 1);
  count++;
}

int main(void) {
  static const char hello[] = "sigdemo: press ^C (three times to end)\n";
  signal(SIGINT, sig_handler);
  write(1, hello, sizeof hello - 1);
  while (count < 3) {
    for (volatile int i = 0; i < 1000; i++) {
    }
  }
  static const char bye[] = "sigdemo: done\n";
  write(1, bye, sizeof bye - 1);
  return 0;
}
