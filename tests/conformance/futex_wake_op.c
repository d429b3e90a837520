/* FUTEX_WAKE_OP: *uaddr2 = op(*uaddr2, oparg) (SET, ADD, OR, ANDN, XOR; OPARG_SHIFT makes oparg
 * 1 << oparg; oparg and cmparg are signed 12-bit), wake val waiters of uaddr and, when the old
 * value compares true with cmparg, val2 waiters of uaddr2; returns all it woke. An unknown op is
 * ENOSYS before the store, an unknown comparison ENOSYS after it; a word it cannot write is
 * EFAULT. Waiters are other processes on MAP_SHARED words. [host] */
#include "futex_conf.h"
#include <limits.h>
#include <sys/mman.h>

#define OP(op, oparg, cmp, cmparg) \
    ((int)((((unsigned)(op) & 0xf) << 28) | (((cmp) & 0xf) << 24) | (((oparg) & 0xfff) << 12) | ((cmparg) & 0xfff)))
enum { SET = 0, ADD = 1, OR = 2, ANDN = 3, XOR = 4, SHIFT = 8 };
enum { EQ = 0, NE = 1, LT = 2, LE = 3, GT = 4, GE = 5 };

static const int rodata_word = 5;
static int pfd[2];

static void waiter(volatile int *w, char id)
{
    pid_t c = xfork();
    if (c == 0) {
        put_byte(pfd[1], 'r');
        long r = fxn(w, WAIT, *w, 0, 0, 0);
        put_byte(pfd[1], r == 0 ? id : '!');
        _exit(0);
    }
    get_byte(pfd[0]);
    msleep(100);
}

/* A FUTEX_WAKE_OP in this process (nobody waits): the result and the word after it. */
static void op1(const char *what, volatile int *w, int start, int enc, long want, int want_err, int want_word)
{
    volatile int one = 0;
    *w = start;
    long r = fxn(&one, WAKE_OP | PRIV, 1, 1, w, enc);
    int e = errno;
    printf("%s: %ld %s, word %d -> %d\n", what, r, r < 0 ? errname(e) : "-", start, *w);
    check(r == want && (r >= 0 || e == want_err) && *w == want_word, what);
}

int main(void)
{
    volatile int *sh = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    check(sh != MAP_FAILED && pipe(pfd) == 0, "shared words and pipe");
    volatile int w2;
    op1("SET 7", &w2, 1, OP(SET, 7, EQ, 0), 0, 0, 7);
    op1("ADD 5", &w2, 10, OP(ADD, 5, EQ, 0), 0, 0, 15);
    op1("ADD -1 (12-bit 0xfff)", &w2, 10, OP(ADD, 0xfff, EQ, 0), 0, 0, 9);
    op1("OR 0x30", &w2, 0x0f, OP(OR, 0x30, EQ, 0), 0, 0, 0x3f);
    op1("ANDN 0x3", &w2, 0xff, OP(ANDN, 0x3, EQ, 0), 0, 0, 0xfc);
    op1("XOR 0xff", &w2, 0x0f, OP(XOR, 0xff, EQ, 0), 0, 0, 0xf0);
    op1("SET with OPARG_SHIFT 20", &w2, 0, OP(SET | SHIFT, 20, EQ, 0), 0, 0, 1 << 20);
    op1("OR with OPARG_SHIFT 4", &w2, 7, OP(OR | SHIFT, 4, EQ, 0), 0, 0, 23);
    op1("op 5 (unknown): ENOSYS, no store", &w2, 3, OP(5, 9, EQ, 0), -1, ENOSYS, 3);
    op1("op 7 (unknown)", &w2, 3, OP(7, 9, EQ, 0), -1, ENOSYS, 3);
    op1("comparison 6 (unknown): ENOSYS after the store", &w2, 3, OP(SET, 9, 6, 0), -1, ENOSYS, 9);
    op1("comparison 15 (unknown)", &w2, 3, OP(ADD, 1, 15, 0), -1, ENOSYS, 4);
    volatile int one = 0;
    long r = fxn(&one, WAKE_OP | PRIV, 1, 1, (volatile int *)&rodata_word, OP(ADD, 1, EQ, 0));
    printf("uaddr2 read-only: %ld %s, word %d\n", r, r < 0 ? errname(errno) : "-", rodata_word);
    check(r == -1 && errno == EFAULT && rodata_word == 5, "read-only uaddr2: EFAULT");
    r = fxn(&one, WAKE_OP | PRIV, 1, 1, NULL, OP(ADD, 1, EQ, 0));
    printf("uaddr2 NULL: %ld %s\n", r, r < 0 ? errname(errno) : "-");
    check(r == -1 && errno == EFAULT, "uaddr2 NULL: EFAULT");
    r = fxn(&one, WAKE_OP | PRIV, 1, 1, NULL, OP(6, 1, EQ, 0));
    printf("uaddr2 NULL, unknown op: %ld %s\n", r, r < 0 ? errname(errno) : "-");
    check(r == -1 && errno == ENOSYS, "the op is checked before the word is touched");
    r = fxn(&one, WAKE_OP | PRIV, 1, 1, (volatile int *)((char *)&w2 + 2), OP(ADD, 1, EQ, 0));
    printf("uaddr2 unaligned: %ld %s\n", r, r < 0 ? errname(errno) : "-");
    check(r == -1 && errno == EINVAL, "unaligned uaddr2: EINVAL");

    /* The comparisons, on the old value 4. */
    const struct {
        int cmp, arg, hit;
        const char *name;
    } cmps[] = {{EQ, 4, 1, "EQ 4"}, {EQ, 5, 0, "EQ 5"}, {NE, 5, 1, "NE 5"}, {NE, 4, 0, "NE 4"},
                {LT, 5, 1, "LT 5"}, {LT, 4, 0, "LT 4"}, {LE, 4, 1, "LE 4"}, {LE, 3, 0, "LE 3"},
                {GT, 3, 1, "GT 3"}, {GT, 4, 0, "GT 4"}, {GE, 4, 1, "GE 4"}, {GE, 5, 0, "GE 5"},
                {LT, 0xfff, 0, "LT -1"}, {GT, 0xfff, 1, "GT -1"}};
    volatile int *A = sh, *B = sh + 1;
    for (unsigned i = 0; i < sizeof cmps / sizeof cmps[0]; i++) {
        *B = 4;
        waiter(B, 'b');
        r = fxn(A, WAKE_OP, 1, 1, B, OP(SET, 4, cmps[i].cmp, cmps[i].arg));
        if (r == 0)
            r = fxn(B, WAKE, 1, 0, 0, 0) == 1 ? 0 : -2;  /* not woken: wake it now */
        get_byte(pfd[0]);
        wait_for(-1, 0);
        printf("old value 4, %s: %s\n", cmps[i].name, r == 1 ? "uaddr2 woken" : r == 0 ? "not woken" : "?");
        check(r == cmps[i].hit, cmps[i].name);
    }

    *A = 0;
    *B = 0;
    waiter(A, 'a');
    waiter(A, 'c');
    waiter(B, 'x');
    waiter(B, 'y');
    waiter(B, 'z');
    r = fxn(A, WAKE_OP, 1, 2, B, OP(SET, 1, EQ, 5));
    char id = get_byte(pfd[0]);
    printf("SET 1, EQ 5 on old 0: %ld woken (%c), B now %d\n", r, id, *B);
    check(r == 1 && id == 'a' && *B == 1, "only uaddr's first waiter");
    r = fxn(A, WAKE_OP, 1, 2, B, OP(ADD, 1, EQ, 1));
    char ids[4] = {get_byte(pfd[0]), get_byte(pfd[0]), get_byte(pfd[0]), 0};
    for (int i = 0; i < 3; i++)
        for (int j = i + 1; j < 3; j++)
            if (ids[j] < ids[i]) {
                char t = ids[i];
                ids[i] = ids[j];
                ids[j] = t;
            }
    printf("ADD 1, EQ 1 on old 1: %ld woken {%s}, B now %d\n", r, ids, *B);
    check(r == 3 && strcmp(ids, "cxy") == 0 && *B == 2, "one of uaddr, two of uaddr2");
    r = fxn(A, WAKE_OP, INT_MAX, INT_MAX, B, OP(ADD, 1, NE, 0));
    id = get_byte(pfd[0]);
    printf("ADD 1, NE 0 on old 2: %ld woken (%c), B now %d\n", r, id, *B);
    check(r == 1 && id == 'z' && *B == 3, "the last waiter");
    int st, ok = 0;
    while (wait(&st) > 0)
        ok += WIFEXITED(st) && WEXITSTATUS(st) == 0;
    check(ok == 5, "waiters done");
    return done();
}
