// os/linux_abi.cpp — signal names, see linux_abi.h. The names of 1..31 are the kernel's
// (arch/x86/include/uapi/asm/signal.h); 34..64 follow bash's `kill -l` (34 = SIGRTMIN, because
// glibc and musl keep 32 and 33 for themselves; 32 and 33 have no name there).
#include "os/linux_abi.h"

#include <cstddef>
#include <cstring>

namespace irq::os::lx {

namespace {

constexpr int kFirstNamedRt = 34;  // bash's SIGRTMIN

// Index = signal number; nullptr where bash prints no name.
constexpr const char* kNames[kNSIG + 1] = {
    nullptr,       "SIGHUP",      "SIGINT",      "SIGQUIT",     "SIGILL",      "SIGTRAP",
    "SIGABRT",     "SIGBUS",      "SIGFPE",      "SIGKILL",     "SIGUSR1",     "SIGSEGV",
    "SIGUSR2",     "SIGPIPE",     "SIGALRM",     "SIGTERM",     "SIGSTKFLT",   "SIGCHLD",
    "SIGCONT",     "SIGSTOP",     "SIGTSTP",     "SIGTTIN",     "SIGTTOU",     "SIGURG",
    "SIGXCPU",     "SIGXFSZ",     "SIGVTALRM",   "SIGPROF",     "SIGWINCH",    "SIGIO",
    "SIGPWR",      "SIGSYS",      nullptr,       nullptr,       "SIGRTMIN",    "SIGRTMIN+1",
    "SIGRTMIN+2",  "SIGRTMIN+3",  "SIGRTMIN+4",  "SIGRTMIN+5",  "SIGRTMIN+6",  "SIGRTMIN+7",
    "SIGRTMIN+8",  "SIGRTMIN+9",  "SIGRTMIN+10", "SIGRTMIN+11", "SIGRTMIN+12", "SIGRTMIN+13",
    "SIGRTMIN+14", "SIGRTMIN+15", "SIGRTMAX-14", "SIGRTMAX-13", "SIGRTMAX-12", "SIGRTMAX-11",
    "SIGRTMAX-10", "SIGRTMAX-9",  "SIGRTMAX-8",  "SIGRTMAX-7",  "SIGRTMAX-6",  "SIGRTMAX-5",
    "SIGRTMAX-4",  "SIGRTMAX-3",  "SIGRTMAX-2",  "SIGRTMAX-1",  "SIGRTMAX",
};

struct Alias {
  const char* name;  // without "SIG"
  int sig;
};
// Other names Linux's headers define for the same numbers (bash accepts them in `kill -s`).
constexpr Alias kAliases[] = {{"IOT", kSIGABRT}, {"POLL", kSIGIO}, {"CLD", kSIGCHLD}};

// A decimal number of 1..3 digits starting at s (the whole rest of the string); -1 otherwise.
int small_number(const char* s) {
  const size_t n = std::strlen(s);
  if (n == 0 || n > 3) return -1;
  int v = 0;
  for (size_t i = 0; i < n; ++i) {
    if (s[i] < '0' || s[i] > '9') return -1;
    v = v * 10 + (s[i] - '0');
  }
  return v;
}

}  // namespace

const char* signal_name(int sig) { return sig >= 1 && sig <= kNSIG ? kNames[sig] : nullptr; }

int parse_signal(const char* text) {
  if (text == nullptr) return 0;
  const int number = small_number(text);
  if (number >= 0) return number >= 1 && number <= kNSIG ? number : 0;

  // Upper-case copy without the optional "SIG" prefix.
  char up[24];
  const size_t len = std::strlen(text);
  if (len == 0 || len >= sizeof up) return 0;
  for (size_t i = 0; i <= len; ++i) {
    const char c = text[i];
    up[i] = (c >= 'a' && c <= 'z') ? char(c - 'a' + 'A') : c;
  }
  const char* name = std::strncmp(up, "SIG", 3) == 0 ? up + 3 : up;
  if (*name == '\0') return 0;

  for (int sig = 1; sig <= kNSIG; ++sig) {
    if (kNames[sig] != nullptr && std::strcmp(kNames[sig] + 3, name) == 0) return sig;
  }
  for (const Alias& a : kAliases) {
    if (std::strcmp(a.name, name) == 0) return a.sig;
  }
  // RTMIN+n and RTMAX-n beyond the names bash prints (RTMIN+20 = RTMAX-10 = 54).
  if (std::strncmp(name, "RTMIN+", 6) == 0) {
    const int n = small_number(name + 6);
    return n >= 0 && kFirstNamedRt + n <= kNSIG ? kFirstNamedRt + n : 0;
  }
  if (std::strncmp(name, "RTMAX-", 6) == 0) {
    const int n = small_number(name + 6);
    return n >= 0 && kNSIG - n >= kFirstNamedRt ? kNSIG - n : 0;
  }
  return 0;
}

}  // namespace irq::os::lx
