/* programs/user/ipcs.c — `ipcs` in util-linux's default format: three sections (message queues,
 * shared memory segments, semaphore arrays), each after a blank line, the headers with their
 * trailing spaces, keys as 0x%08x and permissions in octal. It walks the kernel's tables with
 * MSG_STAT / SHM_STAT / SEM_STAT from index 0 to the highest index that *_INFO reports, as
 * util-linux does when /proc/sysvipc is absent. Owners are user names from /etc/passwd when it
 * has them, else numbers. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>

static const char* owner(unsigned uid) {
  static char buf[64];
  FILE* f = fopen("/etc/passwd", "r");
  if (f) {
    char line[256];
    while (fgets(line, sizeof line, f)) {
      char* name = strtok(line, ":");
      strtok(NULL, ":");
      char* id = strtok(NULL, ":");
      if (name && id && (unsigned)atoi(id) == uid) {
        snprintf(buf, sizeof buf, "%s", name);
        fclose(f);
        return buf;
      }
    }
    fclose(f);
  }
  snprintf(buf, sizeof buf, "%u", uid);
  return buf;
}

int main(void) {
  printf("\n------ Message Queues --------\n");
  printf("%-10s %-10s %-10s %-10s %-12s %-12s\n", "key", "msqid", "owner", "perms", "used-bytes", "messages");
  struct msginfo mi;
  int max = msgctl(0, MSG_INFO, (struct msqid_ds*)&mi);
  for (int i = 0; i <= max; i++) {
    struct msqid_ds d;
    int id = msgctl(i, MSG_STAT, &d);
    if (id < 0) continue;
    printf("0x%08x %-10d %-10s %-10o %-12lu %-12lu\n", (unsigned)d.msg_perm.__key, id, owner(d.msg_perm.uid),
           (unsigned)d.msg_perm.mode & 0777, (unsigned long)d.__msg_cbytes, (unsigned long)d.msg_qnum);
  }
  printf("\n------ Shared Memory Segments --------\n");
  printf("%-10s %-10s %-10s %-10s %-10s %-10s %-12s\n", "key", "shmid", "owner", "perms", "bytes", "nattch", "status");
  struct shm_info si;
  max = shmctl(0, SHM_INFO, (struct shmid_ds*)&si);
  for (int i = 0; i <= max; i++) {
    struct shmid_ds d;
    int id = shmctl(i, SHM_STAT, &d);
    if (id < 0) continue;
    printf("0x%08x %-10d %-10s %-10o %-10lu %-10lu %-6s %-6s\n", (unsigned)d.shm_perm.__key, id,
           owner(d.shm_perm.uid), (unsigned)d.shm_perm.mode & 0777, (unsigned long)d.shm_segsz,
           (unsigned long)d.shm_nattch, (d.shm_perm.mode & SHM_DEST) ? "dest" : " ",
           (d.shm_perm.mode & SHM_LOCKED) ? "locked" : " ");
  }
  printf("\n------ Semaphore Arrays --------\n");
  printf("%-10s %-10s %-10s %-10s %-10s\n", "key", "semid", "owner", "perms", "nsems");
  struct seminfo sm;
  max = semctl(0, 0, SEM_INFO, &sm);
  for (int i = 0; i <= max; i++) {
    struct semid_ds d;
    int id = semctl(i, 0, SEM_STAT, &d);
    if (id < 0) continue;
    printf("0x%08x %-10d %-10s %-10o %-10lu\n", (unsigned)d.sem_perm.__key, id, owner(d.sem_perm.uid),
           (unsigned)d.sem_perm.mode & 0777, (unsigned long)d.sem_nsems);
  }
  printf("\n");
  return 0;
}
