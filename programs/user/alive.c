/* programs/user/alive.c — sleeps ARG milliseconds (default 200), then prints that it is alive: the
 * witness that the machine kept running while another process misbehaved. */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

int main(int argc, char** argv) {
  long ms = argc > 1 ? atol(argv[1]) : 200;
  struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
  nanosleep(&ts, NULL);
  printf("alive after %ld ms\n", ms);
  return 0;
}
