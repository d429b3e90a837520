/* shmat addresses and modes: an unaligned address without SHM_RND → EINVAL, with SHM_RND it is
 * rounded down to SHMLBA (4096); an address given is used; SHM_RDONLY maps read-only (reading
 * works, a write raises SIGSEGV); shmdt of an unattached or unaligned address → EINVAL; shmdt of
 * a MAP_SHARED anonymous mapping → EINVAL; a bad id → EINVAL. [host] (linux-semantics.md, System V
 * shared memory). The chosen addresses are attached with SHM_REMAP: qemu-i386 (the oracle here)
 * keeps unmapped guest ranges reserved in the host, where a plain shmat there fails. */
#include "conf.h"
#include "ipc_conf.h"
#include <sys/ipc.h>
#include <sys/mman.h>
#include <sys/shm.h>

static sigjmp_buf env;
static void on_segv(int sig)
{
    (void)sig;
    siglongjmp(env, 1);
}

int main(void)
{
    int s = shmget(IPC_PRIVATE, 8192, 0600);
    check(s >= 0, "shmget");
    /* a free place: map, note, unmap */
    char *hole = mmap(NULL, 16 * 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    munmap(hole, 16 * 4096);
    char *want = hole + 4 * 4096;
    FAILS(shmat(s, want + 100, 0) == (void *)-1 ? -1 : 0, EINVAL, "unaligned address without SHM_RND");
    char *p = shmat(s, want + 100, SHM_RND | SHM_REMAP);
    check(p == want, "SHM_RND rounds down to SHMLBA");
    strcpy(p, "hello");
    FAILS(shmat(s, want, 0) == (void *)-1 ? -1 : 0, EINVAL, "an address already mapped");
    char *q = shmat(s, want + 8 * 4096, SHM_RDONLY | SHM_REMAP);
    check(q == want + 8 * 4096, "the address given is used");
    check(strcmp(q, "hello") == 0, "SHM_RDONLY: reading works");
    on(SIGSEGV, on_segv, 0);
    volatile int faulted = 0;
    if (sigsetjmp(env, 1) == 0) {
        q[0] = 'j';
    } else {
        faulted = 1;
    }
    printf("write to SHM_RDONLY: %s\n", faulted ? "SIGSEGV" : "no fault");
    check(faulted && p[0] == 'h', "SHM_RDONLY: a write raises SIGSEGV");
    FAILS(mprotect(q, 4096, PROT_READ | PROT_WRITE), EACCES, "mprotect cannot make SHM_RDONLY writable");
    check(mprotect(q, 4096, PROT_READ) == 0, "mprotect PROT_READ on it is fine");
    FAILS(shmdt(p + 1), EINVAL, "shmdt of an unaligned address");
    FAILS(shmdt(p + 4096), EINVAL, "shmdt inside an attachment (not its start)");
    FAILS(shmdt(want + 16 * 4096), EINVAL, "shmdt of an unattached address");
    char *m = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    FAILS(shmdt(m), EINVAL, "shmdt of a MAP_SHARED anonymous mapping");
    check(shmdt(p) == 0 && shmdt(q) == 0, "shmdt both");
    FAILS(shmdt(p), EINVAL, "shmdt again");
    FAILS(shmat(-1, NULL, 0) == (void *)-1 ? -1 : 0, EINVAL, "shmat of id -1");
    shmctl(s, IPC_RMID, NULL);
    FAILS(shmat(s, NULL, 0) == (void *)-1 ? -1 : 0, EINVAL, "shmat of a removed id");
    return done();
}
