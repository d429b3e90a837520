/* Bad pointers: every call given an unmapped user address fails with EFAULT, and the process goes
 * on (no signal). Raw syscall() so libc adds no checks of its own. Also: an unknown system call
 * number returns ENOSYS. */
#include "conf.h"

#define BAD ((void *)0x10)

static void efault(long r, const char *what)
{
    char line[80];
    snprintf(line, sizeof line, "%s gives EFAULT", what);
    check(r == -1 && errno == EFAULT, line);
}

int main(void)
{
    int fds[2];
    if (pipe(fds) != 0)
        return 99;
    efault(syscall(SYS_write, fds[1], BAD, 10), "write(bad buffer)");
    if (write(fds[1], "abc", 3) != 3)
        return 98;
    efault(syscall(SYS_read, fds[0], BAD, 3), "read(bad buffer)");
    efault(syscall(SYS_open, BAD, O_RDONLY), "open(bad path)");
    efault(syscall(SYS_uname, BAD), "uname(bad)");
    efault(syscall(SYS_getcwd, BAD, 100), "getcwd(bad)");
    efault(syscall(SYS_pipe, BAD), "pipe(bad)");
    efault(syscall(SYS_rt_sigaction, SIGUSR1, BAD, NULL, 8), "rt_sigaction(bad act)");
    efault(syscall(SYS_rt_sigprocmask, SIG_BLOCK, BAD, NULL, 8), "rt_sigprocmask(bad set)");
    efault(syscall(SYS_execve, BAD, NULL, NULL), "execve(bad path)");
    efault(syscall(SYS_chdir, BAD), "chdir(bad)");
    efault(syscall(SYS_fstat64, 1, BAD), "fstat64(bad)");
    efault(syscall(SYS_set_thread_area, BAD), "set_thread_area(bad)");
    efault(syscall(SYS_clock_gettime64, CLOCK_MONOTONIC, BAD), "clock_gettime(bad)");
    efault(syscall(SYS_clock_nanosleep_time64, CLOCK_MONOTONIC, 0, BAD, NULL), "clock_nanosleep(bad)");
    long r = syscall(1000);
    check(r == -1 && errno == ENOSYS, "system call 1000 gives ENOSYS");
    return done();
}
