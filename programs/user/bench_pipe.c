/* programs/user/bench_pipe.c — the pipe-throughput benchmark's guest (bench/os_bench.cpp):
 *   bench_pipe BYTES CHUNK [nopipe]
 * The parent forks a child and writes BYTES bytes (a multiple of 4) into a pipe in CHUNK-byte
 * write() calls; the child reads with CHUNK-byte read() calls until EOF, counts the bytes and sums
 * the stream's little-endian 32-bit words Fletcher-style (s1 += w; s2 += s1, mod 2^32), then
 * compares both sums with the ones the known pattern must give (a closed form, so the check costs
 * nothing per byte) and prints
 *   pipe BYTES bytes in CHUNK-byte writes ok S2S1        (S2S1: the two sums as 16 hex digits)
 * ("wrong" instead of "ok" when the count or a sum differs; the bench recomputes S2S1 on the host).
 * The pattern: stream word k is f(k mod L), f(j) = j * 0x9E3779B1 + 0x12345678, L = 251 (prime, so
 * a lost, repeated or reordered page or chunk changes s2). The writer sends from a buffer holding
 * the pattern, so its user-mode work per byte is nil; the reader's is the sum loop (two adds per
 * word, unrolled). Exit status: 0 when the child saw the right stream and every write completed.
 * With `nopipe` one process runs both loops over the same CHUNK-byte pieces of the pattern, with
 * no pipe, fork or copy, and prints "nopipe BYTES bytes in CHUNK-byte pieces ok S2S1": the
 * baseline the bench subtracts to get the pipe's own cost per byte. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define L 251u

static uint32_t f(uint32_t j) { return j * 0x9E3779B1u + 0x12345678u; }

/* The sums a stream of n words must give: word j of the period occurs c_j times, at positions
 * k = j + mL, each adding w * (n - k) to s2. */
static void expected(uint64_t n, uint32_t* s1, uint32_t* s2) {
  uint64_t q = n / L, r = n % L;
  uint32_t a = 0, b = 0;
  for (uint32_t j = 0; j < L; j++) {
    uint64_t c = q + (j < r);
    if (!c) continue;
    /* sum over m < c of (n - j - mL) = c(n - j) - L c(c-1)/2, mod 2^32 */
    uint64_t weight = c * (n - j) - (uint64_t)L * (c * (c - 1) / 2);
    a += f(j) * (uint32_t)c;
    b += f(j) * (uint32_t)weight;
  }
  *s1 = a;
  *s2 = b;
}

/* The reader's side: the byte count and the two sums of the stream so far. */
struct stream {
  uint64_t got;
  uint32_t s1, s2, carry;
};

/* Sums whole words, unrolled by 8 so that the loop's own compare and jump stay small beside the
 * two adds per word: ADD r32,m32 (6 clocks on the 80386) and ADD r32,r32 (2), about 2.4 cycles a
 * byte with the loop. no-tree-reassoc keeps GCC from regrouping the adds (which spills registers
 * to the stack and makes the loop about half as slow again). */
__attribute__((optimize("no-tree-reassoc"))) static void sum_words(struct stream* st, const uint8_t* p,
                                                                   size_t words) {
  uint32_t a = st->s1, b = st->s2;
  const uint8_t* end = p + 32 * (words / 8);
#define WORD(i)              \
  do {                       \
    uint32_t v;              \
    memcpy(&v, p + 4 * i, 4); \
    a += v;                  \
    b += a;                  \
  } while (0)
  for (; p != end; p += 32) {
    WORD(0); WORD(1); WORD(2); WORD(3); WORD(4); WORD(5); WORD(6); WORD(7);
  }
  for (size_t w = words % 8; w; w--, p += 4) WORD(0);
#undef WORD
  st->s1 = a;
  st->s2 = b;
}

/* n more bytes of the stream (any length, any alignment relative to the stream's words). */
static void consume(struct stream* st, const uint8_t* buf, size_t n) {
  size_t i = 0;
  while (i < n && ((st->got + i) & 3)) { /* finish a partial word bytewise */
    st->carry |= (uint32_t)buf[i] << (8 * ((st->got + i) & 3));
    i++;
    if (((st->got + i) & 3) == 0) {
      st->s1 += st->carry;
      st->s2 += st->s1;
      st->carry = 0;
    }
  }
  size_t words = (n - i) / 4;
  sum_words(st, buf + i, words);
  i += 4 * words;
  for (; i < n; i++) st->carry |= (uint32_t)buf[i] << (8 * ((st->got + i) & 3));
  st->got += n;
}

static int report(const char* what, const char* unit, const struct stream* st, uint64_t total, size_t chunk) {
  uint32_t e1, e2;
  expected(total / 4, &e1, &e2);
  int ok = st->got == total && st->s1 == e1 && st->s2 == e2 && st->carry == 0;
  printf("%s %llu bytes in %zu-byte %s %s %08x%08x\n", what, (unsigned long long)st->got, chunk, unit,
         ok ? "ok" : "wrong", (unsigned)st->s2, (unsigned)st->s1);
  return ok ? 0 : 1;
}

static int reader(int fd, uint64_t total, size_t chunk) {
  uint8_t* buf = malloc(chunk);
  if (!buf) return 1;
  struct stream st = {0, 0, 0, 0};
  for (;;) {
    ssize_t n = read(fd, buf, chunk);
    if (n < 0) {
      perror("read");
      return 1;
    }
    if (n == 0) break;
    consume(&st, buf, (size_t)n);
  }
  return report("pipe", "writes", &st, total, chunk);
}

int main(int argc, char** argv) {
  uint64_t total = argc > 1 ? strtoull(argv[1], 0, 0) : (1u << 20);
  size_t chunk = argc > 2 ? strtoul(argv[2], 0, 0) : 4096;
  int nopipe = argc > 3 && !strcmp(argv[3], "nopipe");
  if (total % 4 || chunk == 0 || chunk > (1u << 24) || (argc > 3 && !nopipe)) {
    fprintf(stderr, "usage: bench_pipe BYTES CHUNK [nopipe] (BYTES a multiple of 4, 0 < CHUNK <= 16M)\n");
    return 2;
  }
  /* The pattern buffer: one period plus room for a chunk starting anywhere in it. */
  size_t nw = L + chunk / 4 + 2;
  uint32_t* pat = malloc(nw * 4);
  if (!pat) return 1;
  for (size_t i = 0; i < nw; i++) pat[i] = f((uint32_t)(i % L));
  if (nopipe) { /* the baseline: the writer's and the reader's loops in one process, no pipe */
    struct stream st = {0, 0, 0, 0};
    for (uint64_t pos = 0; pos < total;) {
      size_t n = total - pos < chunk ? (size_t)(total - pos) : chunk;
      consume(&st, (const uint8_t*)pat + pos % (4 * L), n);
      pos += n;
    }
    return report("nopipe", "pieces", &st, total, chunk);
  }
  int fds[2];
  if (pipe(fds) < 0) {
    perror("pipe");
    return 1;
  }
  pid_t pid = fork();
  if (pid < 0) {
    perror("fork");
    return 1;
  }
  if (pid == 0) {
    close(fds[1]);
    _exit(reader(fds[0], total, chunk));
  }
  close(fds[0]);
  int failed = 0;
  for (uint64_t pos = 0; pos < total;) {
    size_t n = total - pos < chunk ? (size_t)(total - pos) : chunk;
    ssize_t w = write(fds[1], (const uint8_t*)pat + pos % (4 * L), n);
    if (w <= 0) {
      perror("write");
      failed = 1;
      break;
    }
    pos += (uint64_t)w;
  }
  close(fds[1]);
  int status;
  if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status) || WEXITSTATUS(status) != 0) failed = 1;
  return failed;
}
