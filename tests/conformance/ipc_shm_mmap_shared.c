/* MAP_SHARED|MAP_ANONYMOUS: zero-filled; after fork, writes by either process are seen by the
 * other (no copy-on-write), while a MAP_PRIVATE mapping is copied; each mmap call is a new object;
 * a child's munmap does not affect the parent; a partial munmap keeps the rest shared; mprotect
 * read-only then read-write keeps the sharing. [host] (linux-semantics.md, System V shared memory)
 */
#include "conf.h"
#include <sys/mman.h>

int main(void)
{
    int *sh = mmap(NULL, 3 * 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    int *other = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    int *pr = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    check(sh != MAP_FAILED && other != MAP_FAILED && pr != MAP_FAILED, "mmap");
    check(sh[0] == 0 && sh[3 * 1024 - 1] == 0, "zero-filled");
    sh[0] = 1;
    pr[0] = 1;
    int go[2], back[2];
    pipe(go);
    pipe(back);
    pid_t c = xfork();
    if (c == 0) {
        sh[1] = 11;         /* seen by the parent */
        sh[2048] = 22;      /* third page */
        pr[1] = 11;         /* not seen */
        other[0] = 5;
        put_byte(back[1], 'w');
        get_byte(go[0]);
        int ok = sh[3] == 33 && pr[3] == 0;
        munmap(sh, 4096);   /* the child's first page only */
        put_byte(back[1], ok ? 'y' : 'n');
        get_byte(go[0]);
        _exit(sh[1024] == 44 ? 0 : 1);
    }
    get_byte(back[0]);
    printf("parent sees sh[1] %d sh[2048] %d pr[1] %d other[0] %d\n", sh[1], sh[2048], pr[1], other[0]);
    check(sh[1] == 11 && sh[2048] == 22, "the child's writes are shared");
    check(pr[1] == 0, "MAP_PRIVATE is copied");
    check(other[0] == 5 && sh[0] == 1, "each mapping is its own object");
    sh[3] = 33;
    pr[3] = 33;
    put_byte(go[1], 'g');
    char r = get_byte(back[0]);
    check(r == 'y', "the child sees the parent's shared write, not the private one");
    sh[0] = 2;  /* the child unmapped its first page: the parent's is still there */
    check(mprotect(sh, 3 * 4096, PROT_READ) == 0 && mprotect(sh, 3 * 4096, PROT_READ | PROT_WRITE) == 0,
          "mprotect read-only, then read-write");
    sh[1024] = 44;
    put_byte(go[1], 'g');
    int st = wait_for(c, 0);
    check(WIFEXITED(st) && WEXITSTATUS(st) == 0, "the rest stays shared after munmap and mprotect");
    check(munmap(sh + 1024, 4096) == 0 && sh[2048] == 22 && sh[0] == 2, "a partial munmap keeps the rest");
    check(munmap(sh, 3 * 4096) == 0 && munmap(other, 4096) == 0, "munmap");
    return done();
}
