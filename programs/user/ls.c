/* programs/user/ls.c — `ls -l [-a] [-A] [PATH...]` in GNU coreutils' long format, C locale.
 * Always the long format (-l is accepted and implied). Per directory: "total N" (N = the sum of
 * st_blocks in 1024-byte units, rounded up as coreutils does), then one line per entry sorted by
 * strcmp: the 10-character mode (type letter d - l p c b s; rwx with s/S and t/T), the link count
 * right-aligned, owner and group names from /etc/passwd and /etc/group left-aligned (numbers,
 * right-aligned, when a name is absent), the size right-aligned ("major, minor" for devices), the
 * date ("%b %e %H:%M" within six months of now, else "%b %e  %Y"), the name and " -> target" for
 * symlinks. Dot files are hidden unless -a (with . and ..) or -A. Non-directory arguments (files,
 * FIFOs, symlinks: never followed, as `ls -l` does) are listed first in one block, then each
 * directory, with a "DIR:" header when there is more than one argument. Exit status 2 when an
 * argument cannot be accessed, 1 when a directory cannot be read. */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <time.h>
#include <unistd.h>

struct entry {
  char* name;  /* as shown */
  char* path;  /* for lstat/readlink */
  struct stat st;
};

struct list {
  struct entry* v;
  size_t n, cap;
};

static int status;
static time_t now;

static void add(struct list* l, const char* name, const char* path, const struct stat* st) {
  if (l->n == l->cap) {
    l->cap = l->cap ? 2 * l->cap : 16;
    l->v = realloc(l->v, l->cap * sizeof *l->v);
    if (!l->v) exit(2);
  }
  l->v[l->n].name = strdup(name);
  l->v[l->n].path = strdup(path);
  l->v[l->n].st = *st;
  l->n++;
}

static void clear(struct list* l) {
  for (size_t i = 0; i < l->n; i++) {
    free(l->v[i].name);
    free(l->v[i].path);
  }
  l->n = 0;
}

static int by_name(const void* a, const void* b) {
  return strcmp(((const struct entry*)a)->name, ((const struct entry*)b)->name);
}

/* The name of `id` in an /etc/passwd or /etc/group file (field 3 is the number in both), or NULL.
 * A one-entry cache per file keeps a directory of files owned by one user cheap. */
static const char* lookup(const char* file, unsigned id) {
  static char names[2][64];
  static unsigned ids[2];
  static int valid[2];
  const int which = file[5] == 'g';  /* "/etc/group" */
  if (valid[which] && ids[which] == id) return names[which][0] ? names[which] : NULL;
  valid[which] = 1;
  ids[which] = id;
  names[which][0] = '\0';
  FILE* f = fopen(file, "r");
  if (!f) return NULL;
  char line[512];
  while (fgets(line, sizeof line, f)) {
    char* name = line;
    char* p = strchr(name, ':');
    if (!p) continue;
    *p++ = '\0';
    p = strchr(p, ':');  /* skip the password field */
    if (!p) continue;
    char* end;
    const unsigned long v = strtoul(p + 1, &end, 10);
    if (end != p + 1 && *end == ':' && v == id) {
      const size_t len = strlen(name) < sizeof names[which] ? strlen(name) : sizeof names[which] - 1;
      memcpy(names[which], name, len);
      names[which][len] = '\0';
      break;
    }
  }
  fclose(f);
  return names[which][0] ? names[which] : NULL;
}

static void mode_string(mode_t m, char out[11]) {
  const char* types = "?pc?d?b?-?l?s???";  /* indexed by S_IFMT >> 12 */
  out[0] = types[(m & S_IFMT) >> 12];
  const char* rwx = "rwxrwxrwx";
  for (int i = 0; i < 9; i++) out[1 + i] = (m & (0400 >> i)) ? rwx[i] : '-';
  if (m & S_ISUID) out[3] = (m & S_IXUSR) ? 's' : 'S';
  if (m & S_ISGID) out[6] = (m & S_IXGRP) ? 's' : 'S';
  if (m & S_ISVTX) out[9] = (m & S_IXOTH) ? 't' : 'T';
  out[10] = '\0';
}

static int digits(unsigned long long v) {
  int n = 1;
  while (v >= 10) {
    v /= 10;
    n++;
  }
  return n;
}

static int is_device(const struct stat* st) { return S_ISCHR(st->st_mode) || S_ISBLK(st->st_mode); }

struct widths {
  int link, user, group, size, major, minor;
};

/* Widen w to fit the entries of l (coreutils measures a block's columns before printing it). */
static void measure(const struct list* l, struct widths* w) {
  for (size_t i = 0; i < l->n; i++) {
    const struct stat* st = &l->v[i].st;
    if (digits(st->st_nlink) > w->link) w->link = digits(st->st_nlink);
    const char* u = lookup("/etc/passwd", st->st_uid);
    const int wu = u ? (int)strlen(u) : digits(st->st_uid);
    if (wu > w->user) w->user = wu;
    const char* g = lookup("/etc/group", st->st_gid);
    const int wg = g ? (int)strlen(g) : digits(st->st_gid);
    if (wg > w->group) w->group = wg;
    if (is_device(st)) {
      if (digits(major(st->st_rdev)) > w->major) w->major = digits(major(st->st_rdev));
      if (digits(minor(st->st_rdev)) > w->minor) w->minor = digits(minor(st->st_rdev));
      if (w->major + 2 + w->minor > w->size) w->size = w->major + 2 + w->minor;
    } else if (digits((unsigned long long)st->st_size) > w->size) {
      w->size = digits((unsigned long long)st->st_size);
    }
  }
}

/* The long format of one block of entries, sorted, in columns of widths w; with_total: the
 * "total" line of a directory first. */
static void print_block(struct list* l, const struct widths* w, int with_total) {
  qsort(l->v, l->n, sizeof *l->v, by_name);
  long long blocks = 0;
  for (size_t i = 0; i < l->n; i++) blocks += l->v[i].st.st_blocks;
  if (with_total) printf("total %lld\n", (blocks + 1) / 2);
  for (size_t i = 0; i < l->n; i++) {
    const struct entry* e = &l->v[i];
    const struct stat* st = &e->st;
    char mode[11];
    mode_string(st->st_mode, mode);
    printf("%s %*lu ", mode, w->link, (unsigned long)st->st_nlink);
    const char* u = lookup("/etc/passwd", st->st_uid);
    if (u) printf("%-*s ", w->user, u);
    else printf("%*u ", w->user, (unsigned)st->st_uid);
    const char* g = lookup("/etc/group", st->st_gid);
    if (g) printf("%-*s ", w->group, g);
    else printf("%*u ", w->group, (unsigned)st->st_gid);
    if (is_device(st)) {
      const int pad = w->size - (w->major + 2 + w->minor);
      printf("%*u, %*u ", w->major + (pad > 0 ? pad : 0), major(st->st_rdev), w->minor, minor(st->st_rdev));
    } else {
      printf("%*lld ", w->size, (long long)st->st_size);
    }
    /* Recent: after now minus half a Gregorian year (31556952 / 2 s) and not in the future. */
    const time_t t = st->st_mtime;
    const int recent = t > now - 31556952 / 2 && t <= now;
    struct tm tm;
    char date[32];
    localtime_r(&t, &tm);
    strftime(date, sizeof date, recent ? "%b %e %H:%M" : "%b %e  %Y", &tm);
    printf("%s %s", date, e->name);
    if (S_ISLNK(st->st_mode)) {
      char target[4096];
      const ssize_t n = readlink(e->path, target, sizeof target - 1);
      if (n >= 0) {
        target[n] = '\0';
        printf(" -> %s", target);
      }
    }
    putchar('\n');
  }
}

static void list_dir(const char* dir, int all, int almost_all, struct list* l) {
  DIR* d = opendir(dir);
  if (!d) {
    fprintf(stderr, "ls: cannot open directory '%s': %s\n", dir, strerror(errno));
    status = status > 1 ? status : 1;
    return;
  }
  struct dirent* de;
  while ((de = readdir(d))) {
    const char* name = de->d_name;
    if (name[0] == '.') {
      const int dots = strcmp(name, ".") == 0 || strcmp(name, "..") == 0;
      if (!all && !(almost_all && !dots)) continue;
    }
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    struct stat st;
    if (lstat(path, &st) != 0) {
      fprintf(stderr, "ls: cannot access '%s': %s\n", path, strerror(errno));
      status = status > 1 ? status : 1;
      continue;
    }
    add(l, name, path, &st);
  }
  closedir(d);
  struct widths w = {0};
  measure(l, &w);
  print_block(l, &w, 1);
  clear(l);
}

int main(int argc, char** argv) {
  int all = 0, almost_all = 0, nargs = 0, opts_done = 0;
  for (int i = 1; i < argc; i++) {
    if (opts_done || argv[i][0] != '-' || argv[i][1] == '\0') {
      nargs++;
      continue;
    }
    if (strcmp(argv[i], "--") == 0) {
      opts_done = 1;
      continue;
    }
    for (const char* c = argv[i] + 1; *c; c++) {
      if (*c == 'a') all = 1;
      else if (*c == 'A') almost_all = 1;
      else if (*c != 'l') {
        fprintf(stderr, "ls: invalid option -- '%c'\nusage: ls -l [-a] [-A] [PATH...]\n", *c);
        return 2;
      }
    }
  }
  now = time(NULL);
  struct list files = {0}, dirs = {0}, scratch = {0};
  opts_done = 0;
  for (int i = 1; i < argc; i++) {
    const char* a = argv[i];
    if (!opts_done && a[0] == '-' && a[1] != '\0') {
      opts_done = strcmp(a, "--") == 0;
      continue;
    }
    struct stat st;
    if (lstat(a, &st) != 0) {
      fprintf(stderr, "ls: cannot access '%s': %s\n", a, strerror(errno));
      status = 2;
      continue;
    }
    add(S_ISDIR(st.st_mode) ? &dirs : &files, a, a, &st);
  }
  if (nargs == 0) {
    struct stat st;
    if (lstat(".", &st) == 0) add(&dirs, ".", ".", &st);
  }
  /* The block of non-directory arguments has the columns of every argument, directories too, as
   * coreutils measures all command-line arguments before it sets the directories aside. */
  struct widths w = {0};
  measure(&files, &w);
  measure(&dirs, &w);
  if (files.n) print_block(&files, &w, 0);
  qsort(dirs.v, dirs.n, sizeof *dirs.v, by_name);
  for (size_t i = 0; i < dirs.n; i++) {
    if (files.n || i) putchar('\n');
    if (nargs > 1) printf("%s:\n", dirs.v[i].name);
    list_dir(dirs.v[i].path, all, almost_all, &scratch);
  }
  return status;
}
