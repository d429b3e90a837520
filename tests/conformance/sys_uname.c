/* uname: sysname "Linux"; the other fields are NUL-terminated and non-empty (their values depend
 * on the host, so only that is printed). */
#include "conf.h"
#include <sys/utsname.h>

int main(void)
{
    struct utsname u;
    memset(&u, 0x55, sizeof u);
    int r = uname(&u);
    printf("uname: %d, sysname %s\n", r, u.sysname);
    check(r == 0 && strcmp(u.sysname, "Linux") == 0, "sysname Linux");
    int ok = 1;
    const char *f[] = {u.nodename, u.release, u.version, u.machine};
    for (int i = 0; i < 4; i++)
        ok &= memchr(f[i], 0, 65) != NULL && f[i][0] != 0;
    printf("nodename, release, version, machine non-empty and terminated: %s\n", ok ? "yes" : "no");
    check(ok, "fields");
    errno = 0;
    r = syscall(SYS_uname, (void *)1);
    printf("uname(bad pointer): %d %s\n", r, errname(errno));
    check(r == -1 && errno == EFAULT, "EFAULT");
    return done();
}
