/* fpu_memory: x87 memory operands as the emulator decodes them: every addressing form compiled C
 * uses (base, index*scale, displacement, absolute), thread-local doubles through %gs (musl's TLS
 * segment), an address-size prefix (16-bit addressing), and faults: an x87 load from an unmapped
 * page or a store to a read-only one is SIGSEGV with the faulting address (SEGV_MAPERR,
 * SEGV_ACCERR), also for an operand straddling into an unmapped page; the instruction has no
 * effect and the handler can skip it. */
#include <math.h>
#include <stdint.h>
#include <sys/mman.h>
#include "conf.h"

static __thread double tls_d = 1.5;
static __thread long double tls_l[4] = {1, 2, 3, 4};
static double table[16];
static sigjmp_buf jb;
static volatile uintptr_t fault_addr;
static volatile int fault_code;

static void on_segv(int sig, siginfo_t *si, void *uc)
{
    (void)sig;
    (void)uc;
    fault_addr = (uintptr_t)si->si_addr;
    fault_code = si->si_code;
    siglongjmp(jb, 1);
}

__attribute__((noinline)) static double sum_indexed(const double *t, int n, int stride)
{
    double s = 0;
    for (int i = 0; i < n; i += stride) s += t[i] * (i + 1);
    return s;
}

int main(void)
{
    for (int i = 0; i < 16; i++) table[i] = i * 0.25;
    printf("indexed sums %g %g\n", sum_indexed(table, 16, 1), sum_indexed(table + 3, 12, 3));
    tls_d *= 3;
    tls_l[2] += tls_d;
    double g;
    __asm__ volatile("fldl %%gs:tls_d@ntpoff\n\tfstpl %0" : "=m"(g));
    printf("tls %g %Lg, through %%gs: %g\n", tls_d, tls_l[2], g);
    volatile long double stack_ld[3] = {0.5L, 1.5L, 2.5L};
    long double r;
    __asm__ volatile("fldt 24(%1)\n\tfldt 12(%1)\n\tfaddp\n\tfstpt %0" : "=m"(r) : "r"(stack_ld) : "memory");
    printf("stack long doubles [1]+[2]: %Lg\n", r);

    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_segv;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGSEGV, &sa, NULL);
    char *page = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    munmap(page + 4096, 4096);
    const double one = 1.0;

    if (!sigsetjmp(jb, 1)) {
        __asm__ volatile("fldl (%0)" : : "r"(page + 4096));
        printf("load from an unmapped page: no fault\n");
    } else
        printf("load from an unmapped page: SIGSEGV code %d at page+%ld\n", fault_code, (long)(fault_addr - (uintptr_t)page));
    __asm__ volatile("fninit");
    if (!sigsetjmp(jb, 1)) {
        __asm__ volatile("fldl (%0)" : : "r"(page + 4092));
        printf("straddling load: no fault\n");
    } else
        printf("straddling load: SIGSEGV code %d at page+%ld\n", fault_code, (long)(fault_addr - (uintptr_t)page));
    __asm__ volatile("fninit");
    mprotect(page, 4096, PROT_READ);
    if (!sigsetjmp(jb, 1)) {
        __asm__ volatile("fldl %1\n\tfstpl (%0)" : : "r"(page + 8), "m"(one));
        printf("store to a read-only page: no fault\n");
    } else
        printf("store to a read-only page: SIGSEGV code %d at page+%ld\n", fault_code, (long)(fault_addr - (uintptr_t)page));
    __asm__ volatile("fninit");
    if (!sigsetjmp(jb, 1)) {
        __asm__ volatile("fnstenv (%0)" : : "r"(page + 4080));
        printf("fnstenv to a read-only page: no fault\n");
    } else
        printf("fnstenv to a read-only page: SIGSEGV code %d at page+%ld\n", fault_code, (long)(fault_addr - (uintptr_t)page));
    __asm__ volatile("fninit");
    if (!sigsetjmp(jb, 1)) {
        __asm__ volatile("movl $0x1234, %%ebx\n\taddr16 fldl (%%bx)" : : : "ebx");
        printf("16-bit addressing: no fault\n");
    } else
        printf("16-bit addressing: SIGSEGV code %d at %#lx\n", fault_code, (unsigned long)fault_addr);
    __asm__ volatile("fninit");
    if (!sigsetjmp(jb, 1)) {
        __asm__ volatile("fldl 0x10" : :);
        printf("absolute address: no fault\n");
    } else
        printf("absolute address 0x10: SIGSEGV code %d at %#lx\n", fault_code, (unsigned long)fault_addr);
    __asm__ volatile("fninit");
    check(page[8] == 0, "the faulting store wrote nothing");
    double after = table[5] * 2;
    check(after == 2.5, "x87 code works after the faults");
    return done();
}
