/* FUTEX_WAIT compares the word first: another value (all 32 bits compared) fails EAGAIN at once,
 * with or without FUTEX_PRIVATE_FLAG, for FUTEX_WAIT and FUTEX_WAIT_BITSET, on data, stack, heap,
 * MAP_SHARED and never-touched anonymous pages, and leaves the word alone; the same value with a
 * zero timeout fails ETIMEDOUT, but a different value with a zero timeout is still EAGAIN;
 * FUTEX_WAKE with nobody waiting returns 0. [host] */
#include "futex_conf.h"
#include <sys/mman.h>

/* futex(2) as syscall 240 takes a 32-bit timespec (musl's struct timespec has a 64-bit tv_sec). */

static int data_word = 7;

int main(void)
{
    const struct ts32 zero = {0, 0};
    EXPECT(fx(&data_word, WAIT, 8, 0, 0, 0), -1, EAGAIN, "FUTEX_WAIT, word 7, val 8");
    EXPECT(fx(&data_word, WAIT | PRIV, 8, 0, 0, 0), -1, EAGAIN, "FUTEX_WAIT_PRIVATE, word 7, val 8");
    EXPECT(fx(&data_word, WAIT_BITSET | PRIV, 6, 0, 0, -1), -1, EAGAIN, "FUTEX_WAIT_BITSET, word 7, val 6");
    EXPECT(fx(&data_word, WAIT | PRIV, (int)0x80000007u, 0, 0, 0), -1, EAGAIN,
           "val 0x80000007 (only the low bits equal)");
    EXPECT(fx(&data_word, WAIT | PRIV, -7, 0, 0, 0), -1, EAGAIN, "val -7");
    printf("word after the waits: %d\n", data_word);
    check(data_word == 7, "the word is unchanged");
    EXPECT(fx(&data_word, WAIT | PRIV, 7, &zero, 0, 0), -1, ETIMEDOUT, "same value, zero timeout");
    EXPECT(fx(&data_word, WAIT, 7, &zero, 0, 0), -1, ETIMEDOUT, "same value, zero timeout, shared op");
    EXPECT(fx(&data_word, WAIT | PRIV, 8, &zero, 0, 0), -1, EAGAIN, "other value, zero timeout");
    EXPECT(fx(&data_word, WAKE | PRIV, 1, 0, 0, 0), 0, 0, "FUTEX_WAKE_PRIVATE, nobody waits");
    EXPECT(fx(&data_word, WAKE, 100, 0, 0, 0), 0, 0, "FUTEX_WAKE, nobody waits");

    volatile int stack_word = -5;
    EXPECT(fx(&stack_word, WAIT | PRIV, 5, 0, 0, 0), -1, EAGAIN, "stack word -5, val 5");
    EXPECT(fx(&stack_word, WAIT | PRIV, -5, &zero, 0, 0), -1, ETIMEDOUT, "stack word -5, val -5, zero timeout");
    int *heap = malloc(64);
    heap[3] = 1234;
    EXPECT(fx(heap + 3, WAIT, 1233, 0, 0, 0), -1, EAGAIN, "heap word 1234, val 1233");
    EXPECT(fx(heap + 3, WAIT, 1234, &zero, 0, 0), -1, ETIMEDOUT, "heap word 1234, val 1234, zero timeout");

    int *sh = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    check(sh != MAP_FAILED, "mmap MAP_SHARED|MAP_ANONYMOUS");
    EXPECT(fx(sh + 1024, WAIT, 1, 0, 0, 0), -1, EAGAIN, "untouched shared page (reads 0), val 1");
    EXPECT(fx(sh + 1024, WAIT, 0, &zero, 0, 0), -1, ETIMEDOUT, "untouched shared page, val 0, zero timeout");
    sh[0] = 42;
    EXPECT(fx(sh, WAIT_BITSET, 41, 0, 0, 1), -1, EAGAIN, "shared word 42, FUTEX_WAIT_BITSET val 41");
    EXPECT(fx(sh, WAIT_BITSET, 42, &zero, 0, 1), -1, ETIMEDOUT,
           "shared word 42, FUTEX_WAIT_BITSET val 42, absolute time 0");
    int *anon = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    EXPECT(fx(anon + 10, WAIT | PRIV, 3, 0, 0, 0), -1, EAGAIN, "untouched private page (reads 0), val 3");
    EXPECT(fx(anon + 10, WAIT, 0, &zero, 0, 0), -1, ETIMEDOUT, "untouched private page, val 0, zero timeout");
    return done();
}
