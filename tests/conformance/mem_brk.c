/* Memory: brk grows the heap by 4 MB (zero-filled, writable; every 61st byte is written), sbrk reports it, a shrink works;
 * malloc of 8 MB (mmap in musl) and of many small blocks; all checked by checksums. */
#include "conf.h"
#include <stdint.h>

int main(void)
{
    char *base = sbrk(0);
    check(base != (char *)-1, "sbrk(0)");
    unsigned long cur = syscall(SYS_brk, 0);
    printf("brk(0) equals sbrk(0): %s\n", cur == (unsigned long)base ? "yes" : "no");
    unsigned long want = cur + (4u << 20);
    unsigned long got = syscall(SYS_brk, want);
    printf("brk(+4 MB) took: %s\n", got == want ? "yes" : "no");
    check(got == want, "brk grows");
    unsigned char *p = (unsigned char *)cur;
    int zero = 1;
    for (unsigned long i = 0; i < (4u << 20); i += 4096)
        zero &= p[i] == 0;
    check(zero, "new heap zero-filled");
    uint32_t sum = 0;
    for (unsigned long i = 0; i < (4u << 20); i += 61)
        p[i] = (unsigned char)(i * 7 + 3);
    for (unsigned long i = 0; i < (4u << 20); i += 61)
        sum = sum * 31 + p[i];
    printf("heap checksum %08x\n", sum);
    got = syscall(SYS_brk, cur + 4096);
    check(got == cur + 4096, "brk shrinks");
    syscall(SYS_brk, cur);

    size_t n = 8u << 20;
    unsigned char *m = malloc(n);
    check(m != NULL, "malloc 8 MB");
    sum = 0;
    for (size_t i = 0; i < n; i += 37)
        m[i] = (unsigned char)(i ^ (i >> 9));
    for (size_t i = 0; i < n; i += 37)
        sum = sum * 33 + m[i];
    printf("8 MB checksum %08x\n", sum);
    free(m);
    void *blocks[1000];
    int ok = 1;
    for (int i = 0; i < 1000; i++) {
        blocks[i] = malloc(100 + i);
        if (!blocks[i]) ok = 0; else memset(blocks[i], i & 0xff, 100 + i);
    }
    for (int i = 0; i < 1000; i++) {
        ok &= ((unsigned char *)blocks[i])[99 + i] == (i & 0xff);
        free(blocks[i]);
    }
    check(ok, "1000 small blocks");
    char *c = calloc(1, 3u << 20);
    int cz = 1;
    for (size_t i = 0; i < (3u << 20); i += 1024)
        cz &= c[i] == 0;
    check(c && cz, "calloc 3 MB zeroed");
    free(c);
    return done();
}
