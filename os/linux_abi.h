// os/linux_abi.h — numbers of the Linux i386 ABI the mini OS speaks: errno values, open flags,
// signal numbers and their default actions, wait-status encoding. Values from the kernel's
// include/uapi/asm-generic/errno*.h, fcntl.h and arch/x86/include/uapi/asm/signal.h
// (checked against ../shared/reference/linux-semantics.md's signal list).
// Every name carries a `k` (kEPERM, kSIGINT, kO_CREAT): the plain names are macros of the host's
// <cerrno>, <csignal> and <fcntl.h>, which any standard header may pull in.

#pragma once
#include <cstdint>

namespace irq::os::lx {

// errno (asm-generic/errno-base.h, errno.h)
enum : int {
  kEPERM = 1, kENOENT = 2, kESRCH = 3, kEINTR = 4, kEIO = 5, kENXIO = 6, kE2BIG = 7, kENOEXEC = 8,
  kEBADF = 9, kECHILD = 10, kEAGAIN = 11, kENOMEM = 12, kEACCES = 13, kEFAULT = 14, kENOTBLK = 15,
  kEBUSY = 16, kEEXIST = 17, kEXDEV = 18, kENODEV = 19, kENOTDIR = 20, kEISDIR = 21, kEINVAL = 22,
  kENFILE = 23, kEMFILE = 24, kENOTTY = 25, kETXTBSY = 26, kEFBIG = 27, kENOSPC = 28, kESPIPE = 29,
  kEROFS = 30, kEMLINK = 31, kEPIPE = 32, kEDOM = 33, kERANGE = 34, kEDEADLK = 35,
  kENAMETOOLONG = 36, kENOLCK = 37, kENOSYS = 38, kENOTEMPTY = 39, kELOOP = 40, kENOMSG = 42,
  kEIDRM = 43, kENOTSUP = 95, kEOVERFLOW = 75, kETIMEDOUT = 110,
  // Kernel-internal restart codes (never seen by user space; include/linux/errno.h).
  kERESTARTSYS = 512, kERESTARTNOINTR = 513, kERESTARTNOHAND = 514, kERESTART_RESTARTBLOCK = 516,
};

// open(2) flags (asm-generic/fcntl.h, i386)
enum : uint32_t {
  kO_RDONLY = 0, kO_WRONLY = 1, kO_RDWR = 2, kO_ACCMODE = 3, kO_CREAT = 0100, kO_EXCL = 0200,
  kO_NOCTTY = 0400, kO_TRUNC = 01000, kO_APPEND = 02000, kO_NONBLOCK = 04000, kO_DSYNC = 010000,
  kO_DIRECTORY = 0200000, kO_NOFOLLOW = 0400000, kO_CLOEXEC = 02000000, kO_LARGEFILE = 0100000,
  kO_PATH = 010000000, kO_DIRECT = 040000,
};
constexpr int kAT_FDCWD = -100;
enum : uint32_t { kAT_SYMLINK_NOFOLLOW = 0x100, kAT_REMOVEDIR = 0x200, kAT_EMPTY_PATH = 0x1000 };

// Signals (x86)
enum : int {
  kSIGHUP = 1, kSIGINT = 2, kSIGQUIT = 3, kSIGILL = 4, kSIGTRAP = 5, kSIGABRT = 6, kSIGBUS = 7,
  kSIGFPE = 8, kSIGKILL = 9, kSIGUSR1 = 10, kSIGSEGV = 11, kSIGUSR2 = 12, kSIGPIPE = 13, kSIGALRM = 14,
  kSIGTERM = 15, kSIGSTKFLT = 16, kSIGCHLD = 17, kSIGCONT = 18, kSIGSTOP = 19, kSIGTSTP = 20,
  kSIGTTIN = 21, kSIGTTOU = 22, kSIGURG = 23, kSIGXCPU = 24, kSIGXFSZ = 25, kSIGVTALRM = 26,
  kSIGPROF = 27, kSIGWINCH = 28, kSIGIO = 29, kSIGPWR = 30, kSIGSYS = 31, kSIGRTMIN = 32, kNSIG = 64,
};
enum class SigDefault : uint8_t { Terminate, Core, Ignore, Stop, Continue };
constexpr SigDefault default_action(int sig) {
  switch (sig) {
    case kSIGQUIT: case kSIGILL: case kSIGTRAP: case kSIGABRT: case kSIGBUS: case kSIGFPE:
    case kSIGSEGV: case kSIGSYS: case kSIGXCPU: case kSIGXFSZ:
      return SigDefault::Core;
    case kSIGCHLD: case kSIGURG: case kSIGWINCH:
      return SigDefault::Ignore;
    case kSIGSTOP: case kSIGTSTP: case kSIGTTIN: case kSIGTTOU:
      return SigDefault::Stop;
    case kSIGCONT:
      return SigDefault::Continue;
    default:
      return SigDefault::Terminate;
  }
}
// The name of a signal as text: "SIGINT" for 2; 34..64 as bash's `kill -l` names them:
// "SIGRTMIN", "SIGRTMIN+1" .. "SIGRTMIN+15", "SIGRTMAX-14" .. "SIGRTMAX-1", "SIGRTMAX".
// nullptr if none (0, 32, 33, out of range).
const char* signal_name(int sig);
// Parse "SIGINT", "INT" or "2" (any case; 1..64); also "SIGRTMIN+n" / "SIGRTMAX-n" within 34..64
// and the aliases SIGIOT, SIGPOLL, SIGCLD; 0 on failure.
int parse_signal(const char* text);

// Wait status (the encoding wait4 returns)
constexpr uint32_t wstatus_exited(int code) { return uint32_t(code & 0xFF) << 8; }
constexpr uint32_t wstatus_signaled(int sig, bool core) { return uint32_t(sig) | (core ? 0x80 : 0); }
constexpr uint32_t wstatus_stopped(int sig) { return (uint32_t(sig) << 8) | 0x7F; }
constexpr uint32_t kWstatusContinued = 0xFFFF;

}  // namespace irq::os::lx
