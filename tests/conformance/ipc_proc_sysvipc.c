/* /proc/sysvipc/msg, shm and sem list the System V objects in the kernel's format: one header line,
 * then one line per object in index order. The msg and sem headers are printed as they are; the
 * shm header's column widths depend on the kernel's word size (10 on i386, 21 on x86-64), so its
 * words are printed. Each object's fields are parsed and checked: key, id, perms (with SHM_DEST
 * 01000 after IPC_RMID while attached, and the key 0), cbytes/qnum, the nattch of a segment
 * attached twice, nsems, uid/gid, and which times are set. (linux-semantics.md, the IPC issue's
 * introspection item) */
#include "conf.h"
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/stat.h>

static char text[8192];

static const char *slurp(const char *path)
{
    int fd = open(path, O_RDONLY);
    if (fd < 0) {
        printf("open %s: %s\n", path, strerror(errno));
        text[0] = 0;
        return text;
    }
    size_t n = 0;
    ssize_t r;
    while (n < sizeof text - 1 && (r = read(fd, text + n, sizeof text - 1 - n)) > 0)
        n += (size_t)r;
    text[n] = 0;
    close(fd);
    return text;
}

/* The line of object `id` (its second field), or NULL. */
static const char *line_of(const char *t, int id)
{
    for (const char *l = strchr(t, '\n'); l && l[1]; l = strchr(l + 1, '\n')) {
        int key, oid;
        if (sscanf(l + 1, "%d %d", &key, &oid) == 2 && oid == id)
            return l + 1;
    }
    return NULL;
}

static void print_header(const char *t, int words_only)
{
    const char *nl = strchr(t, '\n');
    int len = nl ? (int)(nl - t) : (int)strlen(t);
    if (!words_only) {
        printf("header [%.*s]\n", len, t);
        return;
    }
    printf("header words:");
    for (int i = 0; i < len;) {
        while (i < len && t[i] == ' ')
            i++;
        int j = i;
        while (j < len && t[j] != ' ')
            j++;
        if (j > i)
            printf(" %.*s", j - i, t + i);
        i = j;
    }
    printf("\n");
}

struct msgbuf1 {
    long type;
    char text[32];
};

int main(void)
{
    int q = msgget(0x4d5347, IPC_CREAT | IPC_EXCL | 0640);
    check(q >= 0, "msgget key 0x4d5347 mode 0640");
    struct msgbuf1 m = {1, "twelve bytes"};
    check(msgsnd(q, &m, 12, 0) == 0 && msgsnd(q, &m, 7, 0) == 0, "two messages, 19 bytes");
    const char *t = slurp("/proc/sysvipc/msg");
    print_header(t, 0);
    const char *l = line_of(t, q);
    check(l != NULL, "the queue has a line");
    if (l) {
        int key, id, lspid, lrpid;
        unsigned perms, cbytes, qnum, uid, gid, cuid, cgid;
        long long stime, rtime, ctime;
        int n = sscanf(l, "%d %d %o %u %u %d %d %u %u %u %u %lld %lld %lld", &key, &id, &perms, &cbytes,
                       &qnum, &lspid, &lrpid, &uid, &gid, &cuid, &cgid, &stime, &rtime, &ctime);
        printf("msg: %d fields key 0x%x perms %o cbytes %u qnum %u lspid-is-me %d lrpid %d uid-is-me %d "
               "stime-set %d rtime %lld ctime-set %d\n",
               n, key, perms, cbytes, qnum, lspid == getpid(), lrpid, uid == getuid(), stime > 0, rtime,
               ctime > 0);
        check(n == 14 && key == 0x4d5347 && perms == 0640 && cbytes == 19 && qnum == 2, "msg fields");
    }
    check(msgrcv(q, &m, sizeof m.text, 0, 0) == 12, "receive one");
    t = slurp("/proc/sysvipc/msg");
    l = line_of(t, q);
    if (l) {
        int key, id, lspid, lrpid;
        unsigned perms, cbytes, qnum;
        sscanf(l, "%d %d %o %u %u %d %d", &key, &id, &perms, &cbytes, &qnum, &lspid, &lrpid);
        printf("after msgrcv: cbytes %u qnum %u lrpid-is-me %d\n", cbytes, qnum, lrpid == getpid());
        check(cbytes == 7 && qnum == 1 && lrpid == getpid(), "the line follows the queue");
    }
    check(msgctl(q, IPC_RMID, NULL) == 0, "IPC_RMID the queue");
    t = slurp("/proc/sysvipc/msg");
    check(line_of(t, q) == NULL, "and its line is gone");

    int s = shmget(0x53484d, 5000, IPC_CREAT | 0600);
    check(s >= 0, "shmget 5000 bytes");
    char *a1 = shmat(s, NULL, 0), *a2 = shmat(s, NULL, SHM_RDONLY);
    check(a1 != (void *)-1 && a2 != (void *)-1, "attached twice");
    t = slurp("/proc/sysvipc/shm");
    print_header(t, 1);
    l = line_of(t, s);
    check(l != NULL, "the segment has a line");
    if (l) {
        int key, id, cpid, lpid;
        unsigned perms, nattch, uid, gid, cuid, cgid;
        unsigned long size;
        long long atime, dtime, ctime;
        int n = sscanf(l, "%d %d %o %lu %d %d %u %u %u %u %u %lld %lld %lld", &key, &id, &perms, &size, &cpid,
                       &lpid, &nattch, &uid, &gid, &cuid, &cgid, &atime, &dtime, &ctime);
        printf("shm: key 0x%x perms %o size %lu cpid-is-me %d nattch %u atime-set %d dtime %lld\n", key, perms,
               size, cpid == getpid(), nattch, atime > 0, dtime);
        check(n == 14 && key == 0x53484d && perms == 0600 && size == 5000 && nattch == 2, "shm fields");
    }
    check(shmctl(s, IPC_RMID, NULL) == 0, "IPC_RMID while attached");
    t = slurp("/proc/sysvipc/shm");
    l = line_of(t, s);
    if (l) {
        int key, id;
        unsigned perms;
        sscanf(l, "%d %d %o", &key, &id, &perms);
        printf("marked for removal: key %d perms %o\n", key, perms);
        check(key == 0 && perms == 01600, "key 0, perms with SHM_DEST");
    } else {
        check(0, "the marked segment still has a line");
    }
    shmdt(a1);
    shmdt(a2);
    t = slurp("/proc/sysvipc/shm");
    check(line_of(t, s) == NULL, "after the last shmdt the line is gone");

    int sem = semget(0x53454d, 3, IPC_CREAT | 0604);
    check(sem >= 0, "semget 3 semaphores, mode 0604");
    t = slurp("/proc/sysvipc/sem");
    print_header(t, 0);
    l = line_of(t, sem);
    if (l) {
        int key, id;
        unsigned perms, nsems, uid, gid, cuid, cgid;
        long long otime, ctime;
        int n = sscanf(l, "%d %d %o %u %u %u %u %u %lld %lld", &key, &id, &perms, &nsems, &uid, &gid, &cuid,
                       &cgid, &otime, &ctime);
        printf("sem: key 0x%x perms %o nsems %u otime %lld ctime-set %d\n", key, perms, nsems, otime, ctime > 0);
        check(n == 10 && key == 0x53454d && perms == 0604 && nsems == 3 && otime == 0, "sem fields");
    } else {
        check(0, "the array has a line");
    }
    struct sembuf op = {1, 1, 0};
    check(semop(sem, &op, 1) == 0, "semop");
    t = slurp("/proc/sysvipc/sem");
    l = line_of(t, sem);
    if (l) {
        int key, id;
        unsigned perms, nsems, uid, gid, cuid, cgid;
        long long otime = 0, ctime;
        sscanf(l, "%d %d %o %u %u %u %u %u %lld %lld", &key, &id, &perms, &nsems, &uid, &gid, &cuid, &cgid,
               &otime, &ctime);
        check(otime > 0, "semop sets otime");
    }
    semctl(sem, 0, IPC_RMID);

    struct stat st;
    check(stat("/proc/sysvipc/msg", &st) == 0 && S_ISREG(st.st_mode) && (st.st_mode & 0777) == 0444 &&
              st.st_size == 0,
          "stat: a regular file, 0444, size 0");
    /* Mode 0444: root (this program's uid on both sides) may open it for writing, and then a
     * write fails EIO. */
    int fd = open("/proc/sysvipc/msg", O_WRONLY);
    errno = 0;
    ssize_t w = fd >= 0 ? write(fd, "x", 1) : -1;
    printf("uid %d: open O_WRONLY %s, write: %s\n", (int)getuid(), fd >= 0 ? "ok" : strerror(errno),
           w < 0 ? strerror(errno) : "written");
    check(getuid() != 0 || (fd >= 0 && w < 0 && errno == EIO), "root: the write fails EIO");
    return done();
}
