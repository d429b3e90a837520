/* programs/user/serial_echo.c — the serial console bridge's test program (tests/test_serial.cpp):
 * on a UART tty, prints "ready", then "read: LINE" for every line typed, "got SIGINT" from a
 * handler when ^C arrives, and exits with 3 on "quit". */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static void on_int(int sig) {
  (void)sig;
  write(1, "got SIGINT\n", 11);
}

int main(void) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_int;
  sigaction(SIGINT, &sa, 0);  /* no SA_RESTART: the read returns EINTR */
  write(1, "ready\n", 6);
  char buf[128];
  for (;;) {
    ssize_t n = read(0, buf, sizeof buf - 1);
    if (n < 0) continue;
    if (n == 0) break;
    buf[n] = 0;
    if (strncmp(buf, "quit", 4) == 0) break;
    printf("read: %s", buf);
    fflush(stdout);
  }
  write(1, "bye\n", 4);
  return 3;
}
