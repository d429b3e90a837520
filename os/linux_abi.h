// os/linux_abi.h — numbers of the Linux i386 ABI the mini OS speaks: errno values, open flags,
// signal numbers and their default actions, wait-status encoding. Values from the kernel's
// include/uapi/asm-generic/errno*.h, fcntl.h and arch/x86/include/uapi/asm/signal.h
// (checked against ../shared/reference/linux-semantics.md's signal list).
#pragma once
#include <cstdint>

namespace irq::os::lx {

// errno (asm-generic/errno-base.h, errno.h)
enum : int {
  EPERM = 1, ENOENT = 2, ESRCH = 3, EINTR = 4, EIO = 5, ENXIO = 6, E2BIG = 7, ENOEXEC = 8,
  EBADF = 9, ECHILD = 10, EAGAIN = 11, ENOMEM = 12, EACCES = 13, EFAULT = 14, ENOTBLK = 15,
  EBUSY = 16, EEXIST = 17, EXDEV = 18, ENODEV = 19, ENOTDIR = 20, EISDIR = 21, EINVAL = 22,
  ENFILE = 23, EMFILE = 24, ENOTTY = 25, ETXTBSY = 26, EFBIG = 27, ENOSPC = 28, ESPIPE = 29,
  EROFS = 30, EMLINK = 31, EPIPE = 32, EDOM = 33, ERANGE = 34, EDEADLK = 35,
  ENAMETOOLONG = 36, ENOLCK = 37, ENOSYS = 38, ENOTEMPTY = 39, ELOOP = 40, ENOMSG = 42,
  EIDRM = 43, ENOTSUP = 95, EOVERFLOW = 75, ETIMEDOUT = 110,
  // Kernel-internal restart codes (never seen by user space; include/linux/errno.h).
  ERESTARTSYS = 512, ERESTARTNOINTR = 513, ERESTARTNOHAND = 514, ERESTART_RESTARTBLOCK = 516,
};

// open(2) flags (asm-generic/fcntl.h, i386)
enum : uint32_t {
  O_RDONLY = 0, O_WRONLY = 1, O_RDWR = 2, O_ACCMODE = 3, O_CREAT = 0100, O_EXCL = 0200,
  O_NOCTTY = 0400, O_TRUNC = 01000, O_APPEND = 02000, O_NONBLOCK = 04000, O_DSYNC = 010000,
  O_DIRECTORY = 0200000, O_NOFOLLOW = 0400000, O_CLOEXEC = 02000000, O_LARGEFILE = 0100000,
  O_PATH = 010000000,
};
constexpr int AT_FDCWD = -100;
enum : uint32_t { AT_SYMLINK_NOFOLLOW = 0x100, AT_REMOVEDIR = 0x200, AT_EMPTY_PATH = 0x1000 };

// Signals (x86)
enum : int {
  SIGHUP = 1, SIGINT = 2, SIGQUIT = 3, SIGILL = 4, SIGTRAP = 5, SIGABRT = 6, SIGBUS = 7,
  SIGFPE = 8, SIGKILL = 9, SIGUSR1 = 10, SIGSEGV = 11, SIGUSR2 = 12, SIGPIPE = 13, SIGALRM = 14,
  SIGTERM = 15, SIGSTKFLT = 16, SIGCHLD = 17, SIGCONT = 18, SIGSTOP = 19, SIGTSTP = 20,
  SIGTTIN = 21, SIGTTOU = 22, SIGURG = 23, SIGXCPU = 24, SIGXFSZ = 25, SIGVTALRM = 26,
  SIGPROF = 27, SIGWINCH = 28, SIGIO = 29, SIGPWR = 30, SIGSYS = 31, SIGRTMIN = 32, NSIG = 64,
};
enum class SigDefault : uint8_t { Terminate, Core, Ignore, Stop, Continue };
constexpr SigDefault default_action(int sig) {
  switch (sig) {
    case SIGQUIT: case SIGILL: case SIGTRAP: case SIGABRT: case SIGBUS: case SIGFPE:
    case SIGSEGV: case SIGSYS: case SIGXCPU: case SIGXFSZ:
      return SigDefault::Core;
    case SIGCHLD: case SIGURG: case SIGWINCH:
      return SigDefault::Ignore;
    case SIGSTOP: case SIGTSTP: case SIGTTIN: case SIGTTOU:
      return SigDefault::Stop;
    case SIGCONT:
      return SigDefault::Continue;
    default:
      return SigDefault::Terminate;
  }
}
// "SIGINT" for 2, "SIGRTMIN+3" style for real-time signals are left to callers; nullptr if none.
const char* signal_name(int sig);
// Parse "SIGINT", "INT" or "2"; 0 on failure.
int parse_signal(const char* text);

// Wait status (the encoding wait4 returns)
constexpr uint32_t wstatus_exited(int code) { return uint32_t(code & 0xFF) << 8; }
constexpr uint32_t wstatus_signaled(int sig, bool core) { return uint32_t(sig) | (core ? 0x80 : 0); }
constexpr uint32_t wstatus_stopped(int sig) { return (uint32_t(sig) << 8) | 0x7F; }
constexpr uint32_t kWstatusContinued = 0xFFFF;

}  // namespace irq::os::lx
