/* MAP_SHARED file mappings of a tmpfs file (/dev/shm, as shm_open makes them): one set of pages
 * for every mapping, read(2) and write(2) — a store through one mapping shows in another mapping,
 * in another process after fork and in read(); write() shows in the mappings; ftruncate growing
 * the file reads zeros; MAP_PRIVATE copies stay private; a page wholly past the end of the file
 * raises SIGBUS (BUS_ADRERR); PROT_WRITE needs O_RDWR (EACCES at mmap and at mprotect).
 * (linux-semantics.md, System V semaphores: "MAP_SHARED anonymous and file mappings of /dev/shm") */
#include "conf.h"
#include <sys/mman.h>
#include <sys/random.h>
#include <sys/stat.h>

static sigjmp_buf jb;
static volatile int bus_code;
static void on_bus(int sig, siginfo_t *si, void *uc)
{
    (void)sig;
    (void)uc;
    bus_code = si->si_code;
    siglongjmp(jb, 1);
}

int main(void)
{
    unsigned rnd = 0;
    if (getrandom(&rnd, sizeof rnd, 0) != sizeof rnd)
        rnd = (unsigned)getpid();
    char name[64];
    snprintf(name, sizeof name, "/conf-mmap-%08x", rnd);
    int fd = shm_open(name, O_RDWR | O_CREAT | O_EXCL, 0600);
    check(fd >= 0, "shm_open O_CREAT|O_EXCL");
    char path[96];
    snprintf(path, sizeof path, "/dev/shm%s", name);
    struct stat st;
    check(stat(path, &st) == 0 && S_ISREG(st.st_mode) && st.st_size == 0, "the object is a regular file in /dev/shm");
    check(write(fd, "hello", 5) == 5, "write 5 bytes before mapping");
    check(ftruncate(fd, 4096) == 0, "ftruncate to one page");

    char *a = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    char *b = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    check(a != MAP_FAILED && b != MAP_FAILED && a != b, "two MAP_SHARED mappings");
    check(memcmp(a, "hello", 5) == 0 && a[5] == 0 && a[4095] == 0, "the mapping shows the file, zeros after");
    strcpy(a + 100, "via a");
    check(strcmp(b + 100, "via a") == 0, "a store through one mapping shows in the other");
    char buf[16] = {0};
    check(pread(fd, buf, 5, 100) == 5 && memcmp(buf, "via a", 5) == 0, "and in pread()");
    check(pwrite(fd, "PWRITE", 6, 200) == 6 && memcmp(a + 200, "PWRITE", 6) == 0, "pwrite() shows in the mapping");

    pid_t c = xfork();
    if (c == 0) {
        strcpy(b + 300, "from the child");
        _exit(0);
    }
    int ws = wait_for(c, 0);
    check(WIFEXITED(ws) && strcmp(a + 300, "from the child") == 0, "the child's store shows in the parent");

    char *priv = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
    check(priv != MAP_FAILED && strcmp(priv + 300, "from the child") == 0, "MAP_PRIVATE starts as the file");
    strcpy(priv + 300, "private");
    check(strcmp(a + 300, "from the child") == 0, "a private store does not reach the file");
    munmap(priv, 4096);

    /* Three pages mapped over a one-page file: the second page is past the end. */
    char *big = mmap(NULL, 3 * 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    check(big != MAP_FAILED, "mapping beyond the end of the file succeeds");
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_bus;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGBUS, &sa, NULL);
    int got_bus = 0;
    if (sigsetjmp(jb, 1) == 0) {
        volatile char x = big[4096 + 10];
        (void)x;
    } else {
        got_bus = 1;
    }
    printf("touching a page past the end: %s, si_code %d\n", got_bus ? "SIGBUS" : "no signal", got_bus ? bus_code : 0);
    check(got_bus && bus_code == BUS_ADRERR, "a page past the end raises SIGBUS, BUS_ADRERR");
    check(ftruncate(fd, 2 * 4096) == 0, "ftruncate to two pages");
    check(big[4096 + 10] == 0, "after growing the file the page reads zeros");
    big[4096 + 10] = 'Z';
    check(pread(fd, buf, 1, 4096 + 10) == 1 && buf[0] == 'Z', "and a store there reaches the file");
    check(fstat(fd, &st) == 0 && st.st_size == 8192, "the size is what ftruncate set");
    munmap(big, 3 * 4096);

    check(ftruncate(fd, 150) == 0 && ftruncate(fd, 4096) == 0, "shrink to 150 bytes and grow back");
    check(a[120] == 0 && a[149] == 0 && a[100] == 'v' && a[200] == 0, "bytes past the shrunken end read zeros");

    int ro = open(path, O_RDONLY);
    check(ro >= 0, "open the file O_RDONLY");
    errno = 0;
    void *w = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, ro, 0);
    printf("MAP_SHARED PROT_WRITE on an O_RDONLY descriptor: %s\n", w == MAP_FAILED ? strerror(errno) : "mapped");
    check(w == MAP_FAILED && errno == EACCES, "EACCES");
    char *r = mmap(NULL, 4096, PROT_READ, MAP_SHARED, ro, 0);
    check(r != MAP_FAILED && r[100] == 'v', "MAP_SHARED PROT_READ on it works");
    errno = 0;
    int m = mprotect(r, 4096, PROT_READ | PROT_WRITE);
    printf("mprotect PROT_WRITE on it: %s\n", m ? strerror(errno) : "allowed");
    check(m < 0 && errno == EACCES, "mprotect cannot add PROT_WRITE: EACCES");
    char *pr = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE, ro, 0);
    check(pr != MAP_FAILED, "MAP_PRIVATE PROT_WRITE on O_RDONLY is allowed");
    close(ro);

    int wo = open(path, O_WRONLY);
    errno = 0;
    w = mmap(NULL, 4096, PROT_READ, MAP_SHARED, wo, 0);
    printf("mmap of an O_WRONLY descriptor: %s\n", w == MAP_FAILED ? strerror(errno) : "mapped");
    check(w == MAP_FAILED && errno == EACCES, "EACCES");
    close(wo);

    int pfd[2];
    check(pipe(pfd) == 0, "pipe");
    errno = 0;
    w = mmap(NULL, 4096, PROT_READ, MAP_SHARED, pfd[0], 0);
    printf("mmap of a pipe: %s\n", w == MAP_FAILED ? strerror(errno) : "mapped");
    check(w == MAP_FAILED && errno == ENODEV, "ENODEV");

    /* The mapping outlives the descriptor and the name. */
    close(fd);
    check(shm_unlink(name) == 0, "shm_unlink");
    check(stat(path, &st) < 0 && errno == ENOENT, "the name is gone");
    strcpy(a + 500, "still mapped");
    check(strcmp(b + 500, "still mapped") == 0, "the mappings still share their pages");
    check(shm_open(name, O_RDWR, 0) < 0 && errno == ENOENT, "shm_open without O_CREAT: ENOENT");
    return done();
}
