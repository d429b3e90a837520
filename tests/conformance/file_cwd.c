/* getcwd/chdir: chdir("/tmp") then getcwd is "/tmp"; relative paths resolve against the cwd;
 * chdir to a missing path is ENOENT, to a file ENOTDIR; mkdir/rmdir; a too small getcwd buffer is
 * ERANGE; fchdir. */
#include "conf.h"
#include <sys/stat.h>

int main(void)
{
    char buf[256], small[2];
    check(getcwd(buf, sizeof buf) != NULL && buf[0] == '/', "getcwd is absolute");
    int start = open(".", O_RDONLY | O_DIRECTORY);
    check(chdir("/tmp") == 0, "chdir /tmp");
    getcwd(buf, sizeof buf);
    printf("getcwd after chdir(\"/tmp\"): %s\n", buf);
    check(strcmp(buf, "/tmp") == 0, "cwd /tmp");
    /* A unique parent directory (mkdtemp), then a relative mkdir inside it. */
    const char *top = scratch_dir();
    check(chdir(top + 5) == 0, "chdir relative to /tmp");
    const char *dir = "sub";
    check(mkdir(dir, 0755) == 0, "mkdir relative");
    check(chdir(dir) == 0, "chdir relative");
    getcwd(buf, sizeof buf);
    char want[128];
    snprintf(want, sizeof want, "%s/sub", top);
    printf("cwd is /tmp/<unique dir>/sub: %s\n", strcmp(buf, want) == 0 ? "yes" : "no");
    check(strcmp(buf, want) == 0, "getcwd after relative chdirs");
    int fd = open("f", O_CREAT | O_WRONLY, 0644);
    write(fd, "abc", 3);
    close(fd);
    char path[128];
    snprintf(path, sizeof path, "%s/sub/f", top);
    struct stat st;
    check(stat(path, &st) == 0 && st.st_size == 3, "relative create lands in the cwd");
    errno = 0;
    printf("chdir missing: %s\n", chdir("nope") == 0 ? "0" : errname(errno));
    errno = 0;
    check(chdir("nope") == -1 && errno == ENOENT, "ENOENT");
    errno = 0;
    printf("chdir to a file: %s\n", chdir("f") == 0 ? "0" : errname(errno));
    errno = 0;
    check(chdir("f") == -1 && errno == ENOTDIR, "ENOTDIR");
    errno = 0;
    char *g = getcwd(small, sizeof small);
    printf("getcwd into 2 bytes: %s %s\n", g ? "ok" : "NULL", errno == ERANGE ? "ERANGE" : errname(errno));
    check(g == NULL && errno == ERANGE, "ERANGE");
    check(chdir("../..") == 0, "chdir ../..");
    getcwd(buf, sizeof buf);
    printf("after chdir(\"../..\"): %s\n", buf);
    check(strcmp(buf, "/tmp") == 0, "back in /tmp");
    unlink(path);
    errno = 0;
    check(rmdir(want) == 0, "rmdir");
    rmdir(top);
    check(fchdir(start) == 0, "fchdir back");
    check(chdir("/") == 0 && getcwd(buf, sizeof buf) && strcmp(buf, "/") == 0, "chdir /");
    return done();
}
