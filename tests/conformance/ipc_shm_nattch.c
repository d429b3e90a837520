/* shm_nattch rises on shmat and on fork (the child inherits the attachments and shares the
 * memory), falls on shmdt, on exit and on execve (the new image has none of the old one's).
 * [host] (linux-semantics.md, System V shared memory) conformance: needs-exec */
#include "conf.h"
#include "ipc_conf.h"
#include <sys/ipc.h>
#include <sys/shm.h>

static long nattch(int s)
{
    struct shmid_ds ds;
    return shmctl(s, IPC_STAT, &ds) == 0 ? (long)ds.shm_nattch : -1;
}

int main(int argc, char **argv)
{
    if (argc > 2 && strcmp(argv[1], "--exec") == 0) {
        int s = atoi(argv[2]);
        printf("new image: nattch %ld\n", nattch(s));
        return nattch(s) == 2 ? 0 : 1;
    }
    int s = shmget(IPC_PRIVATE, 4096, 0600);
    check(s >= 0, "shmget");
    printf("nattch %ld\n", nattch(s));
    int *a = shmat(s, NULL, 0);
    printf("after shmat: nattch %ld\n", nattch(s));
    int *b = shmat(s, NULL, 0);
    printf("after a second shmat: nattch %ld\n", nattch(s));
    check(nattch(s) == 2, "two attachments");
    struct shmid_ds ds;
    shmctl(s, IPC_STAT, &ds);
    check(ds.shm_lpid == getpid() && ds.shm_atime != 0, "shmat sets shm_lpid and shm_atime");
    check(a != b && a != (void *)-1 && b != (void *)-1, "two different addresses");
    a[0] = 7;
    check(b[0] == 7, "both addresses see the same memory");
    int go[2], back[2];
    pipe(go);
    pipe(back);
    pid_t c = xfork();
    if (c == 0) {
        a[1] = 42;  /* no copy-on-write: the parent sees it (written before the parent is told) */
        put_byte(back[1], nattch(s) == 4 ? 'y' : 'n');
        get_byte(go[0]);
        _exit(b[2] == 99 ? 0 : 3);
    }
    char r = get_byte(back[0]);
    printf("in the child after fork: nattch %s\n", r == 'y' ? "4" : "not 4");
    check(r == 'y', "fork: the child inherits both attachments");
    printf("parent sees the child's write: %d\n", b[1]);
    check(b[1] == 42, "shared, not copy-on-write");
    a[2] = 99;
    put_byte(go[1], 'g');
    int st = wait_for(c, 0);
    check(WIFEXITED(st) && WEXITSTATUS(st) == 0, "the child saw the parent's write");
    printf("after the child's exit: nattch %ld\n", nattch(s));
    check(nattch(s) == 2, "exit detaches");
    char id[16];
    snprintf(id, sizeof id, "%d", s);
    c = xfork();
    if (c == 0) {
        char *cargv[] = {argv[0], "--exec", id, NULL};
        execv(argv[0], cargv);
        _exit(5);
    }
    st = wait_for(c, 0);
    check(WIFEXITED(st) && WEXITSTATUS(st) == 0, "execve detaches (the new image sees 2)");
    check(shmdt(a) == 0 && nattch(s) == 1, "shmdt: nattch 1");
    check(shmdt(b) == 0 && nattch(s) == 0, "shmdt: nattch 0");
    shmctl(s, IPC_STAT, &ds);
    check(ds.shm_lpid == getpid() && ds.shm_dtime != 0, "shmdt sets shm_lpid and shm_dtime");
    shmctl(s, IPC_RMID, NULL);
    return done();
}
