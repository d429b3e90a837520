/* conf.h — helpers shared by the conformance programs (tests/conformance/README.md).
 * Each program prints what it checks, one line per check, and returns the number of the first
 * failed check (0 when all held), so a wrong emulation shows both in stdout and in the status. */
#ifndef CONF_H
#define CONF_H
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static int conf_failed; /* number of the first failed check */
static int conf_checks;

/* One check: prints "what: ok" or "what: FAIL". */
static inline void check(int ok, const char *what)
{
    conf_checks++;
    printf("%s: %s\n", what, ok ? "ok" : "FAIL");
    if (!ok && !conf_failed)
        conf_failed = conf_checks;
}

/* Last line; the value to return from main. */
static inline int done(void)
{
    printf("%s\n", conf_failed ? "FAILED" : "PASSED");
    fflush(stdout);
    return conf_failed > 100 ? 100 : conf_failed;
}

/* The members of a set among signals 1..64, as "{2 10}". */
static inline void print_set(const char *label, const sigset_t *s)
{
    printf("%s {", label);
    int first = 1;
    for (int n = 1; n <= 64; n++)
        if (sigismember(s, n) == 1) {
            printf(first ? "%d" : " %d", n);
            first = 0;
        }
    printf("}\n");
}

static inline void print_mask(const char *label)
{
    sigset_t s;
    sigprocmask(SIG_SETMASK, NULL, &s);
    print_set(label, &s);
}

static inline void print_pending(const char *label)
{
    sigset_t s;
    sigpending(&s);
    print_set(label, &s);
}

static inline int is_pending(int sig)
{
    sigset_t s;
    sigpending(&s);
    return sigismember(&s, sig) == 1;
}

static inline int is_blocked(int sig)
{
    sigset_t s;
    sigprocmask(SIG_SETMASK, NULL, &s);
    return sigismember(&s, sig) == 1;
}

static inline void block(int sig)
{
    sigset_t s;
    sigemptyset(&s);
    sigaddset(&s, sig);
    sigprocmask(SIG_BLOCK, &s, NULL);
}

static inline void unblock(int sig)
{
    sigset_t s;
    sigemptyset(&s);
    sigaddset(&s, sig);
    sigprocmask(SIG_UNBLOCK, &s, NULL);
}

/* sigaction with an empty sa_mask and the given flags. */
static inline int on(int sig, void (*h)(int), int flags)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = h;
    sa.sa_flags = flags;
    sigemptyset(&sa.sa_mask);
    return sigaction(sig, &sa, NULL);
}

static inline int on_info(int sig, void (*h)(int, siginfo_t *, void *), int flags)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = h;
    sa.sa_flags = flags | SA_SIGINFO;
    sigemptyset(&sa.sa_mask);
    return sigaction(sig, &sa, NULL);
}

/* fork with stdout flushed first (stdout is a pipe or a file: fully buffered). */
static inline pid_t xfork(void)
{
    fflush(stdout);
    pid_t p = fork();
    if (p < 0) {
        printf("fork failed: %s\n", strerror(errno));
        fflush(stdout);
        exit(99);
    }
    return p;
}

/* waitpid retried over EINTR; the raw status, or -1. */
static inline int wait_for(pid_t pid, int options)
{
    int st;
    pid_t r;
    do
        r = waitpid(pid, &st, options);
    while (r < 0 && errno == EINTR);
    return r == pid ? st : -1;
}

static inline void msleep(long ms)
{
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    while (nanosleep(&ts, &ts) < 0 && errno == EINTR) {
    }
}

/* A one-shot ITIMER_REAL in milliseconds (0 cancels). */
static inline void timer_ms(long ms)
{
    struct itimerval it = {{0, 0}, {ms / 1000, (ms % 1000) * 1000L}};
    setitimer(ITIMER_REAL, &it, NULL);
}

/* Parent/child rendezvous over a pipe: one byte. */
static inline void put_byte(int fd, char c)
{
    while (write(fd, &c, 1) < 0 && errno == EINTR) {
    }
}

static inline char get_byte(int fd)
{
    char c = 0;
    ssize_t r;
    do
        r = read(fd, &c, 1);
    while (r < 0 && errno == EINTR);
    return r == 1 ? c : 0;
}

/* A fresh private directory under /tmp (mkdtemp: the name is random, never printed), so that
 * parallel runs cannot collide even when pids repeat (PID namespaces). */
static inline const char *scratch_dir(void)
{
    static char d[] = "/tmp/irqlab-conf.XXXXXX";
    if (!mkdtemp(d)) {
        printf("mkdtemp failed: %s\n", strerror(errno));
        fflush(stdout);
        exit(98);
    }
    return d;
}

static inline const char *errname(int e)
{
    switch (e) {
    case 0: return "0";
    case EPERM: return "EPERM";
    case ENOENT: return "ENOENT";
    case ESRCH: return "ESRCH";
    case EINTR: return "EINTR";
    case EBADF: return "EBADF";
    case ECHILD: return "ECHILD";
    case EAGAIN: return "EAGAIN";
    case EFAULT: return "EFAULT";
    case EEXIST: return "EEXIST";
    case ENOTDIR: return "ENOTDIR";
    case EISDIR: return "EISDIR";
    case EINVAL: return "EINVAL";
    case EPIPE: return "EPIPE";
    case ENOEXEC: return "ENOEXEC";
    case ENOSYS: return "ENOSYS";
    default: return "other";
    }
}

#endif
