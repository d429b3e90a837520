// os/sys_proc.cpp — system calls of processes, identities, signals, time and memory (Linux i386
// numbers, arch/x86/entry/syscalls/syscall_32.tbl).
#include <algorithm>
#include <cstring>

#include "cpu/cpu.h"
#include "os/cost.h"
#include "os/ipc.h"
#include "os/kernel.h"

namespace irq::os {

using namespace lx;

namespace {

constexpr uint64_t sigbit(int s) { return 1ull << (s - 1); }
constexpr uint64_t kUnblockable = sigbit(kSIGKILL) | sigbit(kSIGSTOP);
long E(int e) { return -long(e); }
int32_t sarg(uint32_t v) { return int32_t(v); }

// --- time helpers -------------------------------------------------------------------------------
bool read_timespec(Kernel& k, Process& p, uint32_t va, bool t64, int64_t& ns) {
  int64_t sec = 0, nsec = 0;
  if (t64) {
    int64_t v[2];
    if (!k.mem_.copy_in(p.as, va, v, 16)) return false;
    sec = v[0];
    nsec = int32_t(uint32_t(v[1]));
  } else {
    int32_t v[2];
    if (!k.mem_.copy_in(p.as, va, v, 8)) return false;
    sec = v[0];
    nsec = v[1];
  }
  if (sec < 0 || nsec < 0 || nsec > 999999999) {
    ns = -1;
    return true;
  }
  ns = sec > 4000000000ll ? INT64_MAX / 2 : sec * 1000000000ll + nsec;
  return true;
}
bool write_timespec(Kernel& k, Process& p, uint32_t va, bool t64, int64_t ns) {
  if (ns < 0) ns = 0;
  if (t64) {
    const int64_t v[2] = {ns / 1000000000, ns % 1000000000};
    return k.mem_.copy_out(p.as, va, v, 16);
  }
  const int32_t v[2] = {int32_t(ns / 1000000000), int32_t(ns % 1000000000)};
  return k.mem_.copy_out(p.as, va, v, 8);
}
int64_t clock_ns(Kernel& k, Process& p, uint32_t clk, bool& ok) {
  ok = true;
  switch (clk) {
    case 0: case 5: case 8: return k.realtime_ns();             // REALTIME(_COARSE/_ALARM)
    case 1: case 4: case 6: case 7: case 9: return k.now_ns();   // MONOTONIC..., BOOTTIME
    case 2: case 3: {                                            // PROCESS/THREAD_CPUTIME
      const uint64_t c = k.now() - p.start_cycle;
      return int64_t((unsigned __int128)c * 1000000000u / k.host_.clock_hz());
    }
    default: ok = false; return 0;
  }
}

// --- sleeping -----------------------------------------------------------------------------------
// Shared by nanosleep, clock_nanosleep and restart_syscall: sleep until p.sleep_deadline.
long sleep_until(Kernel& k, Process& p, uint32_t rem_va, bool t64) {
  if (k.now() >= p.sleep_deadline) return 0;
  if (k.signal_pending(p)) {
    if (rem_va) {
      const uint64_t left = p.sleep_deadline - k.now();
      const int64_t ns = int64_t((unsigned __int128)left * 1000000000u / k.host_.clock_hz());
      if (!write_timespec(k, p, rem_va, t64, ns)) return E(kEFAULT);
    }
    return E(kERESTART_RESTARTBLOCK);
  }
  return k.block(p, nullptr, p.sleep_deadline);
}

long do_nanosleep(Kernel& k, Process& p, uint32_t req, uint32_t rem, bool t64, bool abs, uint32_t clk) {
  if (p.first_try) {
    int64_t ns;
    if (!read_timespec(k, p, req, t64, ns)) return E(kEFAULT);
    if (ns < 0) return E(kEINVAL);
    if (abs) {
      bool ok;
      const int64_t nowns = clock_ns(k, p, clk, ok);
      ns = ns > nowns ? ns - nowns : 0;
      rem = 0;
    }
    p.sleep_deadline = k.now() + k.ns_to_cycles(uint64_t(ns));
  }
  return sleep_until(k, p, rem, t64);
}

long do_mmap(Kernel& k, Process& p, uint32_t addr, uint32_t len, uint32_t prot, uint32_t flags,
             int fd, uint64_t off) {
  const uint32_t type = flags & 0xF;
  if (len == 0 || (type != 1 && type != 2 && type != 3)) return E(kEINVAL);
  if (off & 0xFFF) return E(kEINVAL);
  const uint64_t plen = (uint64_t(len) + 0xFFF) & ~0xFFFull;
  if (plen > kUserEnd) return E(kENOMEM);
  const uint32_t n = uint32_t(plen);
  if ((n >> 12) > k.mem_.free_frames()) return E(kENOMEM);
  bool anon = flags & 0x20;
  FilePtr file;
  bool shared_file = false;  // MAP_SHARED of an in-memory file: its page cache is mapped
  if (!anon) {
    file = k.get_file(p, fd);
    if (!file) return E(kEBADF);
    const uint32_t acc = file->flags & kO_ACCMODE;
    if (acc == kO_WRONLY) return E(kEACCES);
    const InodePtr node = file->inode;
    if (node && node->kind == Inode::Kind::CharDev && node->device == "zero") {
      anon = true;  // /dev/zero maps as anonymous memory (shared: a new object of its own)
      file.reset();
    } else if (!node || (node->kind != Inode::Kind::Reg && node->kind != Inode::Kind::HostFile)) {
      return E(kENODEV);  // pipes, ttys, directories: no mmap
    } else if (type != 2) {
      if ((prot & kProtWrite) && acc != kO_RDWR) return E(kEACCES);
      // A host file shared read-only is a copy (docs/deviations.md); a writable one is refused.
      if (node->kind == Inode::Kind::HostFile && (prot & kProtWrite)) return E(kENODEV);
      shared_file = node->kind == Inode::Kind::Reg && node->generated.empty();
    }
  }
  uint32_t at;
  if (flags & 0x10) {  // MAP_FIXED
    if (addr & 0xFFF) return E(kEINVAL);
    if (uint64_t(addr) + n > kUserEnd) return E(kENOMEM);
    at = addr;
    vma_remove(k.mem_, p.as, at, at + n);
  } else if (addr && !(addr & 0xFFF) && uint64_t(addr) + n <= kUserEnd - kStackSize &&
             vma_range_free(p.as, addr, addr + n)) {
    at = addr;
  } else {
    at = vma_find_gap(p.as, n);
    if (!at) return E(kENOMEM);
  }
  if (!file && type != 2) {  // MAP_SHARED (or _VALIDATE) anonymous: a new shared object of its own
    Vma v{at, at + n, prot & 7, Vma::Kind::Anon};
    v.shm = k.mem_.new_shm(n >> 12);
    if (!v.shm) return E(kENOMEM);
    vma_insert(p.as, v);
    return long(at);
  }
  if (!file) {
    vma_insert(p.as, Vma{at, at + n, prot & 7, Vma::Kind::Anon});
    return long(at);
  }
  if (shared_file) {  // the same frames as every other mapping, read and write of the file
    if (attach_page_cache(*file->inode, k.mem_) < 0) return E(kENOMEM);
    Vma v{at, at + n, prot & 7, Vma::Kind::Anon};
    v.shm = file->inode->pages;
    v.pgoff = uint32_t(off >> 12);
    v.file = true;
    v.may_write = (file->flags & kO_ACCMODE) == kO_RDWR;
    vma_insert(p.as, v);
    return long(at);
  }
  p.as.vmas[at] = Vma{at, at + n, prot & 7, Vma::Kind::Anon};
  {  // private file mapping: the contents are copied in now
    std::vector<uint8_t> buf(n);
    const long got = file->pread(buf.data(), n, int64_t(off));
    if (got < 0) {
      vma_remove(k.mem_, p.as, at, at + n);
      return got;
    }
    p.as.vmas[at].prot |= kProtWrite;  // the kernel fills the pages, then the protection applies
    if (!k.mem_.copy_out(p.as, at, buf.data(), uint32_t(got))) {
      vma_remove(k.mem_, p.as, at, at + n);
      return E(kENOMEM);
    }
    p.as.vmas[at].prot = prot & 7;
    k.mem_.reprotect(p.as, at, at + n, prot & 7);
    k.charge(cost::copy(uint64_t(got)));
  }
  return long(at);
}

// --- ids ----------------------------------------------------------------------------------------
long set_ids(Process& p, int64_t r, int64_t e, int64_t s, uint32_t& ru, uint32_t& eu, uint32_t& su) {
  const bool priv = p.euid == 0;
  auto allowed = [&](int64_t v) { return v < 0 || priv || v == ru || v == eu || v == su; };
  if (!allowed(r) || !allowed(e) || !allowed(s)) return E(kEPERM);
  if (r >= 0) ru = uint32_t(r);
  if (e >= 0) eu = uint32_t(e);
  if (s >= 0) su = uint32_t(s);
  return 0;
}

// --- the handlers -------------------------------------------------------------------------------
#define SYS(name) long name(Kernel& k, Process& p, const uint32_t* a)
#define UNUSED (void)k; (void)p; (void)a

SYS(sys_exit) {
  UNUSED;
  k.do_exit(p, wstatus_exited(int(a[0])));
  return Kernel::kBlocked;  // p may be gone (reaped by init): nothing may touch it now
}
SYS(sys_fork) { UNUSED; return k.fork_process(p, kSIGCHLD, 0); }
SYS(sys_vfork) { UNUSED; return k.fork_process(p, 0x4000 | 0x100 | kSIGCHLD, 0); }  // CLONE_VFORK|CLONE_VM
SYS(sys_clone) {
  UNUSED;
  const uint32_t flags = a[0];
  if ((flags & 0x10000) || ((flags & 0x100) && !(flags & 0x4000))) return E(kENOSYS);  // threads
  return k.fork_process(p, flags, a[1]);
}

SYS(sys_execve) {
  UNUSED;
  std::string path;
  bool too_long = false;
  if (!k.mem_.copy_string(p.as, a[0], 4095, path, too_long)) return E(too_long ? kENAMETOOLONG : kEFAULT);
  auto strings = [&](uint32_t va, std::vector<std::string>& out) -> long {
    if (!va) return 0;
    size_t total = 0;
    for (uint32_t i = 0;; ++i) {
      if (i > 65536) return E(kE2BIG);
      uint32_t ptr;
      if (!k.mem_.get(p.as, va + 4 * i, ptr)) return E(kEFAULT);
      if (!ptr) return 0;
      std::string s;
      if (!k.mem_.copy_string(p.as, ptr, 131072, s, too_long)) return E(too_long ? kE2BIG : kEFAULT);
      total += s.size() + 1;
      if (total > 2u << 20) return E(kE2BIG);
      out.push_back(std::move(s));
    }
  };
  std::vector<std::string> argv, envp;
  if (long r = strings(a[1], argv)) return r;
  if (long r = strings(a[2], envp)) return r;
  const long r = k.do_execve(p, path, argv, envp);
  if (r == 0) p.did_exec = true;
  return r;
}

SYS(sys_wait4) {
  UNUSED;
  const int pid = sarg(a[0]);
  const uint32_t opts = a[2];
  if (opts & ~(1u | 2u | 8u | 0x20000000u | 0x40000000u | 0x80000000u | 4u)) return E(kEINVAL);
  if (pid == INT32_MIN) return E(kESRCH);
  bool any = false;
  for (int cpid : std::vector<int>(p.children)) {
    Process* c = k.find(cpid);
    if (!c || !k.wait_matches(p, *c, pid)) continue;
    any = true;
    uint32_t status = 0;
    bool report = false, reap = false;
    if (!c->alive()) {
      status = c->wait_status;
      report = reap = true;
    } else if ((opts & 2) && c->state == Process::State::Stopped && c->stop_pending_report) {
      status = wstatus_stopped(c->stop_sig);
      c->stop_pending_report = false;
      report = true;
    } else if ((opts & 8) && c->cont_pending_report) {
      status = kWstatusContinued;
      c->cont_pending_report = false;
      report = true;
    }
    if (!report) continue;
    if (a[1] && !k.mem_.put(p.as, a[1], status)) return E(kEFAULT);
    if (a[3]) {
      uint8_t ru[72] = {};
      if (!k.mem_.copy_out(p.as, a[3], ru, 72)) return E(kEFAULT);
    }
    const int r = c->pid;
    if (reap) k.release(*c);
    return r;
  }
  if (!any) return E(kECHILD);
  if (opts & 1) return 0;  // WNOHANG
  if (k.signal_pending(p)) return E(kERESTARTSYS);
  return k.block(p, &p.children);
}
SYS(sys_waitpid) {
  UNUSED;
  const uint32_t b[4] = {a[0], a[1], a[2], 0};
  return sys_wait4(k, p, b);
}

SYS(sys_getpid) { UNUSED; return p.pid; }
SYS(sys_getppid) { UNUSED; return p.ppid; }
SYS(sys_gettid) { UNUSED; return p.pid; }
SYS(sys_getuid) { UNUSED; return p.uid; }
SYS(sys_geteuid) { UNUSED; return p.euid; }
SYS(sys_getgid) { UNUSED; return p.gid; }
SYS(sys_getegid) { UNUSED; return p.egid; }
SYS(sys_getuid16) { UNUSED; return p.uid > 0xFFFF ? 65534 : p.uid; }
SYS(sys_geteuid16) { UNUSED; return p.euid > 0xFFFF ? 65534 : p.euid; }
SYS(sys_getgid16) { UNUSED; return p.gid > 0xFFFF ? 65534 : p.gid; }
SYS(sys_getegid16) { UNUSED; return p.egid > 0xFFFF ? 65534 : p.egid; }
SYS(sys_setuid) {
  UNUSED;
  const uint32_t u = a[0];
  if (p.euid == 0) { p.uid = p.euid = p.suid = u; return 0; }
  if (u == p.uid || u == p.suid) { p.euid = u; return 0; }
  return E(kEPERM);
}
SYS(sys_setgid) {
  UNUSED;
  const uint32_t g = a[0];
  if (p.euid == 0) { p.gid = p.egid = p.sgid = g; return 0; }
  if (g == p.gid || g == p.sgid) { p.egid = g; return 0; }
  return E(kEPERM);
}
// setreuid/setregid (kernel/sys.c): an unprivileged caller may set the real id to the real or
// effective one, the effective id to the real, effective or saved one; the saved id follows the
// effective one when the real id is set or the effective one leaves the old real id.
long set_re(Process& p, int64_t r, int64_t e, uint32_t& real, uint32_t& eff, uint32_t& saved) {
  const bool priv = p.euid == 0;
  if (r >= 0 && !priv && r != real && r != eff) return E(kEPERM);
  if (e >= 0 && !priv && e != real && e != eff && e != saved) return E(kEPERM);
  const uint32_t old_real = real;
  if (r >= 0) real = uint32_t(r);
  if (e >= 0) eff = uint32_t(e);
  if (r >= 0 || (e >= 0 && uint32_t(e) != old_real)) saved = eff;
  return 0;
}
SYS(sys_setreuid) { UNUSED; return set_re(p, sarg(a[0]), sarg(a[1]), p.uid, p.euid, p.suid); }
SYS(sys_setregid) { UNUSED; return set_re(p, sarg(a[0]), sarg(a[1]), p.gid, p.egid, p.sgid); }
SYS(sys_setresuid) { UNUSED; return set_ids(p, sarg(a[0]), sarg(a[1]), sarg(a[2]), p.uid, p.euid, p.suid); }
SYS(sys_setresgid) { UNUSED; return set_ids(p, sarg(a[0]), sarg(a[1]), sarg(a[2]), p.gid, p.egid, p.sgid); }
SYS(sys_getresuid) {
  UNUSED;
  if (!k.mem_.put(p.as, a[0], p.uid) || !k.mem_.put(p.as, a[1], p.euid) || !k.mem_.put(p.as, a[2], p.suid)) return E(kEFAULT);
  return 0;
}
SYS(sys_getresgid) {
  UNUSED;
  if (!k.mem_.put(p.as, a[0], p.gid) || !k.mem_.put(p.as, a[1], p.egid) || !k.mem_.put(p.as, a[2], p.sgid)) return E(kEFAULT);
  return 0;
}
SYS(sys_getgroups) {
  UNUSED;
  const int n = sarg(a[0]);
  if (n < 0) return E(kEINVAL);
  if (n == 0) return long(p.groups.size());
  if (size_t(n) < p.groups.size()) return E(kEINVAL);
  if (!p.groups.empty() && !k.mem_.copy_out(p.as, a[1], p.groups.data(), uint32_t(p.groups.size() * 4))) return E(kEFAULT);
  return long(p.groups.size());
}
SYS(sys_setgroups) {
  UNUSED;
  const int n = sarg(a[0]);
  if (p.euid != 0) return E(kEPERM);
  if (n < 0 || n > 65536) return E(kEINVAL);
  std::vector<uint32_t> g(static_cast<size_t>(n));
  if (n && !k.mem_.copy_in(p.as, a[1], g.data(), uint32_t(n * 4))) return E(kEFAULT);
  p.groups = std::move(g);
  return 0;
}
SYS(sys_setfsuid) { UNUSED; return p.euid; }

SYS(sys_getpgid) {
  UNUSED;
  if (a[0] == 0) return p.pgid;
  Process* t = k.find(sarg(a[0]));
  return t ? t->pgid : E(kESRCH);
}
SYS(sys_getpgrp) { UNUSED; return p.pgid; }
SYS(sys_getsid) {
  UNUSED;
  if (a[0] == 0) return p.sid;
  Process* t = k.find(sarg(a[0]));
  return t ? t->sid : E(kESRCH);
}
SYS(sys_setsid) {
  UNUSED;
  for (const auto& [pid, q] : k.procs_)
    if (q->pgid == p.pid) return E(kEPERM);
  p.sid = p.pgid = p.pid;
  return p.sid;
}
SYS(sys_setpgid) {
  UNUSED;
  const int pid = a[0] ? sarg(a[0]) : p.pid;
  const int pgid = a[1] ? sarg(a[1]) : pid;
  if (pgid < 0) return E(kEINVAL);
  Process* t = k.find(pid);
  if (!t || !t->alive() || (t != &p && t->ppid != p.pid)) return E(kESRCH);
  if (t != &p && t->did_exec) return E(kEACCES);
  if (t->sid == t->pid) return E(kEPERM);  // a session leader
  if (t != &p && t->sid != p.sid) return E(kEPERM);
  if (pgid != t->pid) {
    bool exists = false;
    for (const auto& [qp, q] : k.procs_)
      if (q->alive() && q->pgid == pgid && q->sid == t->sid) exists = true;
    if (!exists) return E(kEPERM);
  }
  t->pgid = pgid;
  return 0;
}
SYS(sys_umask) {
  UNUSED;
  const uint32_t old = p.umask;
  p.umask = a[0] & 0777;
  return old;
}

// --- signals ------------------------------------------------------------------------------------
long do_sigaction(Kernel& k, Process& p, int sig, const SigAction* act, SigAction* old) {
  if (sig < 1 || sig > kNSIG) return E(kEINVAL);
  if (act && (sig == kSIGKILL || sig == kSIGSTOP)) return E(kEINVAL);
  if (old) *old = p.act[sig];
  if (act) {
    SigAction n = *act;
    n.mask &= ~kUnblockable;
    p.act[sig] = n;
    // POSIX: setting SIG_IGN (or SIG_DFL of an ignore-by-default signal) discards it if pending.
    const bool ign = n.handler == 1 || (n.handler == 0 && default_action(sig) == SigDefault::Ignore);
    if (ign) {
      p.pending_proc &= ~sigbit(sig);
      p.pending_thread &= ~sigbit(sig);
      auto drop = [sig](std::deque<SigInfo>& q) {
        q.erase(std::remove_if(q.begin(), q.end(), [sig](const SigInfo& s) { return s.signo == sig; }), q.end());
      };
      drop(p.rt_proc);
      drop(p.rt_thread);
    }
  }
  (void)k;
  return 0;
}

SYS(sys_rt_sigaction) {
  UNUSED;
  if (a[3] != 8) return E(kEINVAL);
  SigAction act, old;
  if (a[1]) {
    uint32_t w[5];
    if (!k.mem_.copy_in(p.as, a[1], w, 20)) return E(kEFAULT);
    act.handler = w[0];
    act.flags = w[1];
    act.restorer = w[2];
    act.mask = w[3] | (uint64_t(w[4]) << 32);
  }
  const long r = do_sigaction(k, p, sarg(a[0]), a[1] ? &act : nullptr, &old);
  if (r == 0 && a[2]) {
    const uint32_t w[5] = {old.handler, old.flags, old.restorer, uint32_t(old.mask), uint32_t(old.mask >> 32)};
    if (!k.mem_.copy_out(p.as, a[2], w, 20)) return E(kEFAULT);
  }
  return r;
}
SYS(sys_sigaction) {  // struct old_sigaction: handler, mask (32 bits), flags, restorer
  UNUSED;
  SigAction act, old;
  if (a[1]) {
    uint32_t w[4];
    if (!k.mem_.copy_in(p.as, a[1], w, 16)) return E(kEFAULT);
    act.handler = w[0];
    act.mask = w[1];
    act.flags = w[2];
    act.restorer = w[3];
  }
  const long r = do_sigaction(k, p, sarg(a[0]), a[1] ? &act : nullptr, &old);
  if (r == 0 && a[2]) {
    const uint32_t w[4] = {old.handler, uint32_t(old.mask), old.flags, old.restorer};
    if (!k.mem_.copy_out(p.as, a[2], w, 16)) return E(kEFAULT);
  }
  return r;
}
SYS(sys_signal) {  // kernel/signal.c sys_signal: SA_ONESHOT | SA_NOMASK
  UNUSED;
  SigAction act, old;
  act.handler = a[1];
  act.flags = kSaResetHand | kSaNoDefer;
  const long r = do_sigaction(k, p, sarg(a[0]), &act, &old);
  return r ? r : long(old.handler);
}

long do_sigprocmask(Kernel& k, Process& p, int how, const uint64_t* set, uint64_t* old) {
  (void)k;
  if (old) *old = p.blocked;
  if (!set) return 0;
  switch (how) {
    case 0: p.blocked |= *set; break;
    case 1: p.blocked &= ~*set; break;
    case 2: p.blocked = *set; break;
    default: return E(kEINVAL);
  }
  p.blocked &= ~kUnblockable;
  return 0;
}
SYS(sys_rt_sigprocmask) {
  UNUSED;
  if (a[3] != 8) return E(kEINVAL);
  uint64_t set = 0, old = 0;
  if (a[1] && !k.mem_.get(p.as, a[1], set)) return E(kEFAULT);
  if (a[1] && a[0] > 2) return E(kEINVAL);
  const long r = do_sigprocmask(k, p, sarg(a[0]), a[1] ? &set : nullptr, &old);
  if (r == 0 && a[2] && !k.mem_.put(p.as, a[2], old)) return E(kEFAULT);
  return r;
}
SYS(sys_sigprocmask) {
  UNUSED;
  uint32_t set32 = 0;
  if (a[1] && !k.mem_.get(p.as, a[1], set32)) return E(kEFAULT);
  uint64_t set = (p.blocked & ~0xFFFFFFFFull) | set32, old = 0;
  if (a[1] && sarg(a[0]) != 2) set = set32;
  const long r = do_sigprocmask(k, p, sarg(a[0]), a[1] ? &set : nullptr, &old);
  if (r == 0 && a[2] && !k.mem_.put(p.as, a[2], uint32_t(old))) return E(kEFAULT);
  return r;
}
SYS(sys_rt_sigpending) {
  UNUSED;
  if (a[1] > 8) return E(kEINVAL);
  const uint64_t pend = (p.pending_proc | p.pending_thread) & p.blocked;
  if (!k.mem_.copy_out(p.as, a[0], &pend, a[1])) return E(kEFAULT);
  return 0;
}
SYS(sys_sigpending) {
  UNUSED;
  const uint32_t pend = uint32_t((p.pending_proc | p.pending_thread) & p.blocked);
  return k.mem_.put(p.as, a[0], pend) ? 0 : E(kEFAULT);
}
long suspend_wait(Kernel& k, Process& p) {
  if (k.signal_pending(p)) return E(kERESTARTNOHAND);
  return k.block(p, nullptr);
}
SYS(sys_rt_sigsuspend) {
  UNUSED;
  if (p.first_try) {
    if (a[1] != 8) return E(kEINVAL);
    uint64_t m;
    if (!k.mem_.get(p.as, a[0], m)) return E(kEFAULT);
    p.saved_mask = p.blocked;
    p.saved_mask_valid = true;
    p.blocked = m & ~kUnblockable;
  }
  return suspend_wait(k, p);
}
SYS(sys_sigsuspend) {  // old form: the mask is the third argument (i386)
  UNUSED;
  if (p.first_try) {
    p.saved_mask = p.blocked;
    p.saved_mask_valid = true;
    p.blocked = ((p.blocked & ~0xFFFFFFFFull) | a[2]) & ~kUnblockable;
  }
  return suspend_wait(k, p);
}
SYS(sys_pause) { UNUSED; return suspend_wait(k, p); }

long take_waited(Kernel& k, Process& p, uint64_t set, uint32_t info_va) {
  for (int pass = 0; pass < 2; ++pass) {
    uint64_t& pend = pass == 0 ? p.pending_thread : p.pending_proc;
    const uint64_t m = pend & set;
    if (!m) continue;
    const int sig = __builtin_ctzll(m) + 1;
    SigInfo si;
    if (sig >= kSIGRTMIN) {
      auto& q = pass == 0 ? p.rt_thread : p.rt_proc;
      for (auto it = q.begin(); it != q.end(); ++it)
        if (it->signo == sig) { si = *it; q.erase(it); break; }
      bool more = false;
      for (const auto& s : q) more |= s.signo == sig;
      if (!more) pend &= ~sigbit(sig);
    } else {
      si = (pass == 0 ? p.info_thread : p.info_proc)[sig];
      pend &= ~sigbit(sig);
    }
    if (info_va) {
      uint8_t b[128] = {};
      std::memcpy(b, &si.signo, 4);
      std::memcpy(b + 4, &si.errno_, 4);
      std::memcpy(b + 8, &si.code, 4);
      std::memcpy(b + 12, si.w, sizeof si.w);
      if (!k.mem_.copy_out(p.as, info_va, b, 128)) return E(kEFAULT);
    }
    return sig;
  }
  return 0;
}
long do_sigtimedwait(Kernel& k, Process& p, const uint32_t* a, bool t64) {
  if (p.first_try) {
    if (a[3] != 8) return E(kEINVAL);
    uint64_t set;
    if (!k.mem_.get(p.as, a[0], set)) return E(kEFAULT);
    p.sigwait_set = set & ~kUnblockable;
    p.sleep_deadline = 0;
    if (a[2]) {
      int64_t ns;
      if (!read_timespec(k, p, a[2], t64, ns)) return E(kEFAULT);
      if (ns < 0) return E(kEINVAL);
      p.sleep_deadline = k.now() + k.ns_to_cycles(uint64_t(ns));
    }
  }
  if (long s = take_waited(k, p, p.sigwait_set, a[1])) {
    p.sigwait_set = 0;
    return s;
  }
  if (k.signal_pending(p)) {
    p.sigwait_set = 0;
    return E(kEINTR);
  }
  if (a[2] && k.now() >= p.sleep_deadline) {
    p.sigwait_set = 0;
    return E(kEAGAIN);
  }
  return k.block(p, &p.sigwait_set, a[2] ? p.sleep_deadline : 0);
}
SYS(sys_rt_sigtimedwait) { UNUSED; return do_sigtimedwait(k, p, a, false); }
SYS(sys_rt_sigtimedwait64) { UNUSED; return do_sigtimedwait(k, p, a, true); }

SYS(sys_kill) {
  UNUSED;
  const int pid = sarg(a[0]), sig = sarg(a[1]);
  if (sig < 0 || sig > kNSIG) return E(kEINVAL);
  SigInfo si;
  si.code = 0;  // SI_USER
  si.w[0] = uint32_t(p.pid);
  si.w[1] = p.uid;
  auto send = [&](Process& t) {
    if (sig) k.send_signal(t, sig, si, false, p.pid);
  };
  if (pid > 0) {
    Process* t = k.find(pid);
    if (!t || pid == 1) return t ? (k.kill_permitted(p, *t, sig) ? 0 : E(kEPERM)) : E(kESRCH);
    if (!k.kill_permitted(p, *t, sig)) return E(kEPERM);
    if (t->alive()) send(*t);
    return 0;
  }
  if (pid == INT32_MIN) return E(kESRCH);  // kill_something_info: -INT_MIN is no group
  bool found = false, sent = false;
  std::vector<Process*> targets;
  for (auto& [tpid, t] : k.procs_) {
    if (tpid == 1 || !t->alive()) continue;
    const bool match = pid == -1 ? t.get() != &p : t->pgid == (pid == 0 ? p.pgid : -pid);
    if (match) targets.push_back(t.get());
  }
  for (Process* t : targets) {
    found = true;
    if (!k.kill_permitted(p, *t, sig)) continue;
    sent = true;
    send(*t);
  }
  if (!found) return E(kESRCH);
  return sent ? 0 : E(kEPERM);
}
long do_tkill(Kernel& k, Process& p, int tgid, int tid, int sig) {
  if (tid <= 0 || sig < 0 || sig > kNSIG) return E(kEINVAL);
  Process* t = k.find(tid);
  if (!t || !t->alive() || (tgid > 0 && tgid != tid)) return E(kESRCH);
  if (!k.kill_permitted(p, *t, sig)) return E(kEPERM);
  if (sig) {
    SigInfo si;
    si.code = -6;  // SI_TKILL
    si.w[0] = uint32_t(p.pid);
    si.w[1] = p.uid;
    k.send_signal(*t, sig, si, true, p.pid);
  }
  return 0;
}
SYS(sys_tkill) { UNUSED; return do_tkill(k, p, -1, sarg(a[0]), sarg(a[1])); }
SYS(sys_tgkill) {
  UNUSED;
  if (sarg(a[0]) <= 0) return E(kEINVAL);
  return do_tkill(k, p, sarg(a[0]), sarg(a[1]), sarg(a[2]));
}
SYS(sys_rt_sigqueueinfo) {
  UNUSED;
  const int pid = sarg(a[0]), sig = sarg(a[1]);
  if (sig < 0 || sig > kNSIG) return E(kEINVAL);
  uint8_t b[128];
  if (!k.mem_.copy_in(p.as, a[2], b, 128)) return E(kEFAULT);
  SigInfo si;
  std::memcpy(&si.code, b + 8, 4);
  std::memcpy(si.w, b + 12, sizeof si.w);
  if (si.code >= 0 || si.code == -6) return E(kEPERM);  // only SI_QUEUE-like codes from users
  Process* t = k.find(pid);
  if (!t || !t->alive()) return E(kESRCH);
  if (!k.kill_permitted(p, *t, sig)) return E(kEPERM);
  if (sig && !k.send_signal(*t, sig, si, false, p.pid)) return E(kEAGAIN);
  return 0;
}
SYS(sys_sigreturn) { UNUSED; return k.sigreturn(p, false); }
SYS(sys_rt_sigreturn) { UNUSED; return k.sigreturn(p, true); }
SYS(sys_sigaltstack) {
  UNUSED;
  const bool on = p.altstack_size && p.regs.esp - p.altstack_sp < p.altstack_size;
  if (a[1]) {
    const uint32_t o[3] = {p.altstack_sp, on ? 1u : p.altstack_flags, p.altstack_size};
    if (!k.mem_.copy_out(p.as, a[1], o, 12)) return E(kEFAULT);
  }
  if (a[0]) {
    uint32_t s[3];
    if (!k.mem_.copy_in(p.as, a[0], s, 12)) return E(kEFAULT);
    if (on) return E(kEPERM);
    const uint32_t flags = s[1] & ~0x80000000u;  // SS_AUTODISARM
    if (flags != 0 && flags != 2) return E(kEINVAL);
    if (flags == 2) {
      p.altstack_flags = 2;
      p.altstack_sp = p.altstack_size = 0;
    } else {
      if (s[2] < 2048) return E(kENOMEM);  // MINSIGSTKSZ
      p.altstack_sp = s[0];
      p.altstack_size = s[2];
      p.altstack_flags = 0;
    }
  }
  return 0;
}

// --- timers and time ----------------------------------------------------------------------------
SYS(sys_alarm) {
  UNUSED;
  const uint64_t hz = k.host_.clock_hz();
  long left = 0;
  if (p.alarm_at > k.now()) {
    const uint64_t c = p.alarm_at - k.now();
    left = long((c + hz / 2) / hz);  // rounded; at least 1 while one is pending (itimer.c)
    if (left == 0) left = 1;
  }
  p.alarm_at = a[0] ? k.now() + uint64_t(a[0]) * hz : 0;
  p.alarm_interval = 0;
  return left;
}
SYS(sys_setitimer) {
  UNUSED;
  const int which = sarg(a[0]);
  if (which < 0 || which > 2) return E(kEINVAL);
  const uint64_t hz = k.host_.clock_hz();
  auto to_tv = [&](uint64_t cycles, int32_t* tv) {
    const uint64_t us = uint64_t((unsigned __int128)cycles * 1000000u / hz);
    tv[0] = int32_t(us / 1000000);
    tv[1] = int32_t(us % 1000000);
  };
  if (a[2]) {
    int32_t o[4] = {};
    if (which == 0) {
      to_tv(p.alarm_interval, o);
      if (p.alarm_at > k.now()) to_tv(p.alarm_at - k.now(), o + 2);
    }
    if (!k.mem_.copy_out(p.as, a[2], o, 16)) return E(kEFAULT);
  }
  if (a[1]) {
    int32_t n[4];
    if (!k.mem_.copy_in(p.as, a[1], n, 16)) return E(kEFAULT);
    for (int i = 0; i < 4; i += 2)
      if (n[i] < 0 || n[i + 1] < 0 || n[i + 1] > 999999) return E(kEINVAL);
    if (which != 0) return 0;  // ITIMER_VIRTUAL/PROF accepted, never fire (deviations.md)
    auto cyc = [&](const int32_t* tv) {
      return uint64_t((unsigned __int128)(uint64_t(tv[0]) * 1000000u + uint64_t(tv[1])) * hz / 1000000u);
    };
    const uint64_t value = cyc(n + 2), interval = cyc(n);
    p.alarm_at = value ? k.now() + std::max<uint64_t>(value, 1) : 0;
    p.alarm_interval = value ? interval : 0;
  }
  return 0;
}
SYS(sys_getitimer) {
  UNUSED;
  const uint32_t b[3] = {a[0], 0, a[1]};
  return sys_setitimer(k, p, b);
}
SYS(sys_nanosleep) { UNUSED; return do_nanosleep(k, p, a[0], a[1], false, false, 0); }
SYS(sys_clock_nanosleep) {
  UNUSED;
  if (a[0] > 9 || a[0] == 2 || a[0] == 3) return E(a[0] == 2 || a[0] == 3 ? kENOTSUP : kEINVAL);
  return do_nanosleep(k, p, a[2], a[3], false, a[1] & 1, a[0]);
}
SYS(sys_clock_nanosleep64) {
  UNUSED;
  if (a[0] > 9 || a[0] == 2 || a[0] == 3) return E(a[0] == 2 || a[0] == 3 ? kENOTSUP : kEINVAL);
  return do_nanosleep(k, p, a[2], a[3], true, a[1] & 1, a[0]);
}
SYS(sys_restart_syscall) { UNUSED; return sleep_until(k, p, 0, false); }
long do_clock_gettime(Kernel& k, Process& p, const uint32_t* a, bool t64) {
  bool ok;
  const int64_t ns = clock_ns(k, p, a[0], ok);
  if (!ok) return E(kEINVAL);
  return write_timespec(k, p, a[1], t64, ns) ? 0 : E(kEFAULT);
}
SYS(sys_clock_gettime) { UNUSED; return do_clock_gettime(k, p, a, false); }
SYS(sys_clock_gettime64) { UNUSED; return do_clock_gettime(k, p, a, true); }
long do_clock_getres(Kernel& k, Process& p, const uint32_t* a, bool t64) {
  bool ok;
  clock_ns(k, p, a[0], ok);
  if (!ok) return E(kEINVAL);
  return !a[1] || write_timespec(k, p, a[1], t64, 1) ? 0 : E(kEFAULT);
}
SYS(sys_clock_getres) { UNUSED; return do_clock_getres(k, p, a, false); }
SYS(sys_clock_getres64) { UNUSED; return do_clock_getres(k, p, a, true); }
SYS(sys_gettimeofday) {
  UNUSED;
  if (a[0]) {
    const int64_t ns = k.realtime_ns();
    const int32_t tv[2] = {int32_t(ns / 1000000000), int32_t((ns % 1000000000) / 1000)};
    if (!k.mem_.copy_out(p.as, a[0], tv, 8)) return E(kEFAULT);
  }
  if (a[1]) {
    const int32_t tz[2] = {0, 0};
    if (!k.mem_.copy_out(p.as, a[1], tz, 8)) return E(kEFAULT);
  }
  return 0;
}
SYS(sys_time) {
  UNUSED;
  const int32_t t = int32_t(k.realtime_ns() / 1000000000);
  if (a[0] && !k.mem_.put(p.as, a[0], t)) return E(kEFAULT);
  return t;
}
SYS(sys_times) {
  UNUSED;
  const uint64_t hz = k.host_.clock_hz();
  const uint32_t ticks = uint32_t((k.now() - k.boot_cycle_) * 100 / hz);
  if (a[0]) {
    const uint32_t t[4] = {uint32_t(p.user_cycles * 100 / hz), uint32_t(p.sys_cycles * 100 / hz), 0, 0};
    if (!k.mem_.copy_out(p.as, a[0], t, 16)) return E(kEFAULT);
  }
  return long(ticks);
}
SYS(sys_getrusage) {
  UNUSED;
  const int who = sarg(a[0]);
  if (who != 0 && who != -1 && who != 1) return E(kEINVAL);
  uint32_t ru[18] = {};
  if (who == 0 || who == 1) {
    const uint64_t hz = k.host_.clock_hz();
    const uint64_t us = (k.now() - p.start_cycle) * 1000000 / hz;
    ru[0] = uint32_t(us / 1000000);
    ru[1] = uint32_t(us % 1000000);
  }
  return k.mem_.copy_out(p.as, a[1], ru, 72) ? 0 : E(kEFAULT);
}
SYS(sys_sched_yield) {
  UNUSED;
  k.need_resched_ = true;
  return 0;
}

// --- memory ---------------------------------------------------------------------------------------
SYS(sys_brk) {
  UNUSED;
  AddressSpace& as = p.as;
  const uint32_t want = a[0];
  if (want < as.brk_start) return long(as.brk);
  const uint32_t old_end = (as.brk + 0xFFF) & ~0xFFFu, new_end = (want + 0xFFF) & ~0xFFFu;
  if (new_end > old_end) {
    if (new_end > kUserEnd - kStackSize || !vma_range_free(as, old_end, new_end)) return long(as.brk);
    if (((new_end - old_end) >> 12) > k.mem_.free_frames()) return long(as.brk);
    vma_insert(as, Vma{old_end, new_end, kProtRead | kProtWrite, Vma::Kind::Brk});
  } else if (new_end < old_end) {
    vma_remove(k.mem_, as, new_end, old_end);
  }
  as.brk = want;
  return long(want);
}
SYS(sys_mmap2) {
  UNUSED;
  return do_mmap(k, p, a[0], a[1], a[2], a[3], sarg(a[4]), uint64_t(a[5]) << 12);
}
SYS(sys_old_mmap) {  // struct mmap_arg_struct
  UNUSED;
  uint32_t m[6];
  if (!k.mem_.copy_in(p.as, a[0], m, 24)) return E(kEFAULT);
  return do_mmap(k, p, m[0], m[1], m[2], m[3], sarg(m[4]), m[5]);
}
SYS(sys_munmap) {
  UNUSED;
  const uint32_t addr = a[0];
  if ((addr & 0xFFF) || a[1] == 0) return E(kEINVAL);
  const uint64_t end = (uint64_t(addr) + a[1] + 0xFFF) & ~0xFFFull;
  if (end > kUserEnd) return E(kEINVAL);
  vma_remove(k.mem_, p.as, addr, uint32_t(end));
  return 0;
}
SYS(sys_mprotect) {
  UNUSED;
  const uint32_t addr = a[0];
  if (addr & 0xFFF) return E(kEINVAL);
  if (a[2] & ~7u) return E(kEINVAL);
  const uint64_t end = (uint64_t(addr) + a[1] + 0xFFF) & ~0xFFFull;
  if (end > kUserEnd) return E(kENOMEM);
  if (end == addr) return 0;
  // Every page must be in an area; PROT_WRITE only where the area may be written (VM_MAYWRITE).
  for (uint64_t va = addr; va < end;) {
    const Vma* v = p.as.find(uint32_t(va));
    if (!v) return E(kENOMEM);
    if ((a[2] & kProtWrite) && !v->may_write) return E(kEACCES);
    va = v->end;
  }
  std::vector<Vma> parts;
  for (auto it = p.as.vmas.begin(); it != p.as.vmas.end();) {
    Vma v = it->second;
    if (v.end <= addr || v.start >= end) { ++it; continue; }
    it = p.as.vmas.erase(it);
    auto piece = [&](uint32_t s, uint32_t e, uint32_t prot) {  // keeps a shared area's object
      Vma w = v;
      w.start = s;
      w.end = e;
      w.prot = prot;
      w.pgoff = v.pgoff + ((s - v.start) >> 12);
      parts.push_back(w);
    };
    if (v.start < addr) piece(v.start, addr, v.prot);
    piece(std::max(v.start, addr), uint32_t(std::min<uint64_t>(v.end, end)), a[2]);
    if (v.end > end) piece(uint32_t(end), v.end, v.prot);
  }
  for (const Vma& v : parts) p.as.vmas[v.start] = v;
  k.mem_.reprotect(p.as, addr, uint32_t(end), a[2]);
  return 0;
}
SYS(sys_mremap) { UNUSED; return E(kENOMEM); }
SYS(sys_zero) { UNUSED; return 0; }
SYS(sys_set_thread_area) {
  UNUSED;
  uint32_t d[4];
  if (!k.mem_.copy_in(p.as, a[0], d, 16)) return E(kEFAULT);
  UserDesc u{d[0], d[1], d[2], d[3]};
  uint32_t idx = u.entry;
  if (idx == ~0u) {
    idx = 0;
    for (uint32_t i = 0; i < 3; ++i)
      if (p.tls[i].entry == ~0u || p.tls[i].empty()) { idx = 6 + i; break; }
    if (!idx) return E(kESRCH);
    if (!k.mem_.put(p.as, a[0], idx)) return E(kEFAULT);
  }
  if (idx < 6 || idx > 8) return E(kEINVAL);
  u.entry = idx;
  if ((u.flags & 0x6) == 0x6 && !(u.flags & 0x20)) return E(kEINVAL);  // code, conforming
  p.tls[idx - 6] = u;
  if (k.current_ == &p) k.set_tls_gdt(p);
  return 0;
}
SYS(sys_get_thread_area) {
  UNUSED;
  uint32_t idx;
  if (!k.mem_.get(p.as, a[0], idx)) return E(kEFAULT);
  if (idx < 6 || idx > 8) return E(kEINVAL);
  const UserDesc& u = p.tls[idx - 6];
  const uint32_t d[4] = {idx, u.base, u.limit, u.entry == ~0u ? 0x28u : u.flags};
  return k.mem_.copy_out(p.as, a[0], d, 16) ? 0 : E(kEFAULT);
}
SYS(sys_set_tid_address) {
  UNUSED;
  p.clear_child_tid = a[0];
  return p.pid;
}
// --- futexes (Linux kernel/futex: core.c get_futex_key, waitwake.c, requeue.c) ------------------
// The key: Linux's (mm, address) for FUTEX_PRIVATE_FLAG or private memory, (object, offset) for a
// shared-flag op on shared memory (MAP_SHARED anonymous, System V shm): Kernel::FutexKey. Waiters
// queue in order (all have the same priority) on their key's node; a wake takes the first ones
// whose bitset meets the wake's. What was checked against Linux: tests/conformance/futex_*.c,
// pshared_*.c.
constexpr uint32_t kFutexPrivate = 128, kFutexClockRt = 256, kFutexBitsetAny = ~0u;

// get_futex_key: EINVAL unaligned, EFAULT outside user space; a shared-flag op also needs a mapped
// word (and, for an anonymous page, one the process may write: Linux finds no file behind a
// read-only anonymous page; `write`: a word wake_op will change). Read-only image pages are file
// pages in Linux, keyed by the file: here by the address space (nothing else maps them writable).
long futex_key(Process& p, uint32_t ua, bool priv, bool write, Kernel::FutexKey& key) {
  if (ua & 3) return E(kEINVAL);
  if (uint64_t(ua) + 4 > kUserEnd) return E(kEFAULT);
  if (priv) {
    key = {0, p.as.pd, ua};
    return 0;
  }
  const Vma* v = p.as.find(ua);
  if (!v || !(v->prot & 7)) return E(kEFAULT);
  if (write && !(v->prot & kProtWrite)) return E(kEFAULT);
  if (v->shm) {
    key = {2, uintptr_t(v->shm.get()), (v->pgoff << 12) + (ua - v->start)};
    return 0;
  }
  if (!(v->prot & kProtWrite) && v->kind != Vma::Kind::Image) return E(kEFAULT);
  key = {1, p.as.pd, ua};
  return 0;
}
// The node of a key with waiters (nullptr: nobody waits on it).
const void* futex_node(Kernel& k, const Kernel::FutexKey& key) {
  auto it = k.futex_keys_.find(key);
  return it != k.futex_keys_.end() && k.waiters_.count(&it->second) ? &it->second : nullptr;
}
// Drop the nodes nobody waits on and the records of processes gone.
void futex_sweep(Kernel& k) {
  for (auto it = k.futex_keys_.begin(); it != k.futex_keys_.end();)
    it = k.waiters_.count(&it->second) ? std::next(it) : k.futex_keys_.erase(it);
  for (auto it = k.futex_waits_.begin(); it != k.futex_waits_.end();) {
    const Process* q = k.find(it->first);
    it = q && q->alive() ? std::next(it) : k.futex_waits_.erase(it);
  }
}
// Wake up to nr (Linux: at least one, `++ret >= nr_wake`) waiters of node whose bitset meets
// `bitset`, first come first.
long futex_wake_node(Kernel& k, const void* node, int32_t nr, uint32_t bitset) {
  auto it = node ? k.waiters_.find(node) : k.waiters_.end();
  if (it == k.waiters_.end()) return 0;
  const std::vector<int> pids = it->second;
  long n = 0;
  for (int pid : pids) {
    auto w = k.futex_waits_.find(pid);
    Process* q = k.find(pid);
    if (w == k.futex_waits_.end() || w->second.node != node || !(w->second.bitset & bitset) || !q)
      continue;
    k.futex_waits_.erase(w);
    k.unwait(*q);
    k.make_runnable(*q);
    if (++n >= nr) break;
  }
  return n;
}
// FUTEX_WAIT(_BITSET) once the timeout (p.sleep_deadline when `timed`) is known: check the word,
// then sleep on its key.
long futex_wait(Kernel& k, Process& p, const uint32_t* a, bool priv, bool timed, uint32_t bitset) {
  Kernel::FutexKey key;
  if (long r = futex_key(p, a[0], priv, false, key)) return r;
  uint32_t v;
  if (!k.mem_.get(p.as, a[0], v)) return E(kEFAULT);
  if (v != a[2]) return E(kEAGAIN);
  if (timed && k.now() >= p.sleep_deadline) return E(kETIMEDOUT);
  const void* node = &k.futex_keys_[key];
  k.futex_waits_[p.pid] = {node, bitset};
  k.emit(sim::Ev::FutexWait, 0, uint32_t(p.pid), a[0]);
  return k.block(p, node, timed ? p.sleep_deadline : 0);
}
// FUTEX_REQUEUE / FUTEX_CMP_REQUEUE: wake nr_wake waiters of uaddr, move up to nr_requeue more
// to uaddr2 (to the end of its queue); returns both counts' sum.
long futex_requeue(Kernel& k, Process& p, const uint32_t* a, bool priv, bool cmp, long& woken) {
  const int32_t nr_wake = sarg(a[2]), nr_requeue = sarg(a[3]);
  if (nr_wake < 0 || nr_requeue < 0) return E(kEINVAL);
  Kernel::FutexKey k1, k2;
  if (long r = futex_key(p, a[0], priv, false, k1)) return r;
  if (long r = futex_key(p, a[4], priv, false, k2)) return r;
  if (cmp) {
    uint32_t v;
    if (!k.mem_.get(p.as, a[0], v)) return E(kEFAULT);
    if (v != a[5]) return E(kEAGAIN);
  }
  const void* n1 = futex_node(k, k1);
  if (!n1) return 0;
  const std::vector<int> pids = k.waiters_[n1];
  long count = 0;
  for (int pid : pids) {
    if (count - nr_wake >= nr_requeue) break;
    auto w = k.futex_waits_.find(pid);
    Process* q = k.find(pid);
    if (w == k.futex_waits_.end() || w->second.node != n1 || !q) continue;
    if (++count <= nr_wake) {
      k.futex_waits_.erase(w);
      k.unwait(*q);
      k.make_runnable(*q);
      ++woken;
      continue;
    }
    // Requeued: off n1's queue, onto the end of n2's (n2 may be n1 itself).
    const void* n2 = &k.futex_keys_[k2];
    auto it = k.waiters_.find(n1);
    if (it == k.waiters_.end()) break;
    auto at = std::find(it->second.begin(), it->second.end(), pid);
    if (at == it->second.end()) continue;
    it->second.erase(at);
    if (it->second.empty()) k.waiters_.erase(it);
    k.waiters_[n2].push_back(pid);
    q->wait_key = n2;
    w->second.node = n2;
  }
  return count;
}
// FUTEX_WAKE_OP: *uaddr2 = op(*uaddr2, oparg); wake nr waiters of uaddr, and nr2 of uaddr2 when
// the old value compares true with cmparg (futex_atomic_op_inuser).
long futex_wake_op(Kernel& k, Process& p, const uint32_t* a, bool priv, long& woken) {
  Kernel::FutexKey k1, k2;
  if (long r = futex_key(p, a[0], priv, false, k1)) return r;
  if (long r = futex_key(p, a[4], priv, true, k2)) return r;
  const uint32_t enc = a[5], op = (enc >> 28) & 7, cmp = (enc >> 24) & 15;
  auto sext12 = [](uint32_t v) { return int32_t(v << 20) >> 20; };
  int32_t oparg = sext12(enc >> 12 & 0xFFF);
  const int32_t cmparg = sext12(enc & 0xFFF);
  if (enc & 0x80000000u) oparg = int32_t(1u << (oparg & 31));  // FUTEX_OP_OPARG_SHIFT
  if (op > 4) return E(kENOSYS);
  uint32_t old;
  if (!k.mem_.get(p.as, a[4], old)) return E(kEFAULT);
  const uint32_t arg = uint32_t(oparg);
  const uint32_t nv = op == 0 ? arg : op == 1 ? old + arg : op == 2 ? (old | arg) : op == 3 ? (old & ~arg) : (old ^ arg);
  if (!k.mem_.put(p.as, a[4], nv)) return E(kEFAULT);
  const int32_t o = int32_t(old);
  bool hit;
  switch (cmp) {
    case 0: hit = o == cmparg; break;
    case 1: hit = o != cmparg; break;
    case 2: hit = o < cmparg; break;
    case 3: hit = o <= cmparg; break;
    case 4: hit = o > cmparg; break;
    case 5: hit = o >= cmparg; break;
    default: return E(kENOSYS);  // after the store, as in Linux
  }
  woken = futex_wake_node(k, futex_node(k, k1), sarg(a[2]), kFutexBitsetAny);
  if (hit) woken += futex_wake_node(k, futex_node(k, k2), sarg(a[3]), kFutexBitsetAny);
  return woken;
}

SYS(sys_futex) {
  UNUSED;
  const uint32_t cmd = a[1] & ~(kFutexPrivate | kFutexClockRt);  // FUTEX_CMD_MASK
  const bool priv = a[1] & kFutexPrivate, clockrt = a[1] & kFutexClockRt;
  if (cmd == 0 || cmd == 9) {  // FUTEX_WAIT (relative timeout), FUTEX_WAIT_BITSET (absolute)
    const bool timed = a[3] != 0;
    const uint32_t bitset = cmd == 0 ? kFutexBitsetAny : a[5];
    if (!p.first_try) {
      auto it = k.futex_waits_.find(p.pid);
      if (it == k.futex_waits_.end()) return 0;  // a wake took it off the queue
      k.futex_waits_.erase(it);
      if (p.timed_out) return E(kETIMEDOUT);
      // Linux: -ERESTARTSYS untimed (SA_RESTART restarts it), else a restart block: EINTR after
      // any handler. A restart without a handler (stop, continue) restarts the call itself here,
      // so a relative timeout starts again (Linux keeps the deadline).
      if (k.signal_pending(p)) return E(timed ? kERESTARTNOHAND : kERESTARTSYS);
      return futex_wait(k, p, a, priv, timed, bitset);  // spurious: wait again, same deadline
    }
    futex_sweep(k);
    if (timed) {  // checked first, as sys_futex does (futex_init_timeout)
      int64_t ns;
      if (!read_timespec(k, p, a[3], p.orig_eax == 422, ns)) return E(kEFAULT);  // futex_time64
      if (ns < 0) return E(kEINVAL);
      if (cmd == 9) {
        const int64_t at = clockrt ? k.realtime_ns() : k.now_ns();
        ns = ns > at ? ns - at : 0;
      }
      p.sleep_deadline = k.now() + k.ns_to_cycles(uint64_t(ns));
    }
    if (clockrt && cmd != 9) return E(kENOSYS);
    if (!bitset) return E(kEINVAL);
    return futex_wait(k, p, a, priv, timed, bitset);
  }
  futex_sweep(k);
  if (clockrt) return E(kENOSYS);
  long n = 0;
  if (cmd == 1 || cmd == 10) {  // FUTEX_WAKE(_BITSET)
    const uint32_t bitset = cmd == 1 ? kFutexBitsetAny : a[5];
    if (!bitset) return E(kEINVAL);
    Kernel::FutexKey key;
    if (long r = futex_key(p, a[0], priv, false, key)) return r;
    n = futex_wake_node(k, futex_node(k, key), sarg(a[2]), bitset);
    k.emit(sim::Ev::FutexWake, uint8_t(std::min<long>(n, 255)), uint32_t(p.pid), a[0]);
    return n;
  }
  long r;
  if (cmd == 3 || cmd == 4)  // FUTEX_REQUEUE, FUTEX_CMP_REQUEUE
    r = futex_requeue(k, p, a, priv, cmd == 4, n);
  else if (cmd == 5)  // FUTEX_WAKE_OP
    r = futex_wake_op(k, p, a, priv, n);
  else
    return E(kENOSYS);  // FUTEX_FD (gone), the PI operations, unknown
  if (r >= 0) k.emit(sim::Ev::FutexWake, uint8_t(std::min<long>(n, 255)), uint32_t(p.pid), a[0]);
  return r;
}

// --- system information -------------------------------------------------------------------------
SYS(sys_uname) {
  UNUSED;
  char u[6 * 65] = {};
  const char* f[6] = {"Linux", "irqlab", "6.1.0-irqlab", "#1 SMP PREEMPT irqlab", "i686", "(none)"};
  for (int i = 0; i < 6; ++i) std::strncpy(u + 65 * i, f[i], 64);
  return k.mem_.copy_out(p.as, a[0], u, sizeof u) ? 0 : E(kEFAULT);
}
SYS(sys_sysinfo) {
  UNUSED;
  uint32_t s[16] = {};
  s[0] = uint32_t((k.now() - k.boot_cycle_) / k.host_.clock_hz());
  s[4] = k.mem_.total_frames() * kPageSize;
  s[5] = k.mem_.free_frames() * kPageSize;
  s[10] = uint32_t(k.procs_.size());  // procs (u16) + pad
  s[13] = 1;                           // mem_unit
  return k.mem_.copy_out(p.as, a[0], s, 64) ? 0 : E(kEFAULT);
}
long rlimit_of(Kernel& k, int res, uint64_t& cur, uint64_t& max) {
  const uint64_t inf = ~0ull;
  switch (res) {
    case 3: cur = kStackSize; max = inf; return 0;              // RLIMIT_STACK
    case 6: cur = max = k.cfg_.max_processes; return 0;          // RLIMIT_NPROC
    case 7: cur = max = 1024; return 0;                          // RLIMIT_NOFILE
    case 4: cur = 0; max = inf; return 0;                        // RLIMIT_CORE
    default:
      if (res < 0 || res > 15) return E(kEINVAL);
      cur = max = inf;
      return 0;
  }
}
SYS(sys_ugetrlimit) {
  UNUSED;
  uint64_t cur, max;
  if (long r = rlimit_of(k, sarg(a[0]), cur, max)) return r;
  const uint32_t v[2] = {cur > 0xFFFFFFFFull ? 0xFFFFFFFFu : uint32_t(cur), max > 0xFFFFFFFFull ? 0xFFFFFFFFu : uint32_t(max)};
  return k.mem_.copy_out(p.as, a[1], v, 8) ? 0 : E(kEFAULT);
}
SYS(sys_setrlimit) {
  UNUSED;
  uint64_t cur, max;
  return rlimit_of(k, sarg(a[0]), cur, max);
}
SYS(sys_prlimit64) {
  UNUSED;
  if (a[0] && sarg(a[0]) != p.pid && !k.find(sarg(a[0]))) return E(kESRCH);
  uint64_t cur, max;
  if (long r = rlimit_of(k, sarg(a[1]), cur, max)) return r;
  if (a[3]) {
    const uint64_t v[2] = {cur, max};
    if (!k.mem_.copy_out(p.as, a[3], v, 16)) return E(kEFAULT);
  }
  return 0;
}
SYS(sys_getpriority) { UNUSED; return 20; }
SYS(sys_prctl) {
  UNUSED;
  if (a[0] == 15) {  // PR_SET_NAME
    std::string s;
    bool tl;
    if (!k.mem_.copy_string(p.as, a[1], 4096, s, tl) && !tl) return E(kEFAULT);
    p.comm = s.substr(0, 15);
    return 0;
  }
  if (a[0] == 16) {  // PR_GET_NAME
    char b[16] = {};
    std::strncpy(b, p.comm.c_str(), 15);
    return k.mem_.copy_out(p.as, a[1], b, 16) ? 0 : E(kEFAULT);
  }
  return E(kEINVAL);
}
SYS(sys_getrandom) {
  UNUSED;
  const uint32_t n = std::min<uint32_t>(a[1], 1u << 20);
  std::vector<uint8_t> b(n);
  for (uint32_t i = 0; i < n; i += 8) {
    const uint64_t v = k.next_random();
    std::memcpy(b.data() + i, &v, std::min<uint32_t>(8, n - i));
  }
  return k.mem_.copy_out(p.as, a[0], b.data(), n) ? long(n) : E(kEFAULT);
}

}  // namespace

long Kernel::fork_process(Process& p, uint32_t flags, uint32_t stack) {
  const bool vfork = flags & 0x4000;
  if (!p.first_try && p.vfork_child) {  // a vfork parent woken by its child's exec or exit
    Process* c = find(p.vfork_child);
    if (c && c->alive() && c->vfork_parent == p.pid) return block(p, &p.vfork_parent);
    const int pid = p.vfork_child;
    p.vfork_child = 0;
    return pid;
  }
  Process* c = new_process(p.pid);
  if (!c) return -lx::kEAGAIN;
  c->uid = p.uid; c->euid = p.euid; c->suid = p.suid;
  c->gid = p.gid; c->egid = p.egid; c->sgid = p.sgid;
  c->groups = p.groups;
  c->pgid = p.pgid;
  c->sid = p.sid;
  c->comm = p.comm;
  c->exe = p.exe;
  c->cwd = p.cwd;
  c->umask = p.umask;
  c->fds = p.fds;
  c->act = p.act;
  c->blocked = p.blocked;
  c->tls = p.tls;
  c->altstack_sp = p.altstack_sp;
  c->altstack_size = p.altstack_size;
  c->altstack_flags = p.altstack_flags;
  c->fpu = p.fpu;  // the x87 state (os/math_emu.h)
  c->as.pd = mem_.new_directory();
  if (!c->as.pd || !mem_.fork_copy(p.as, c->as)) {
    mem_.destroy(c->as);
    c->state = Process::State::Zombie;
    release(*c);
    return -lx::kENOMEM;
  }
  ipc_fork(*this, p, *c);  // System V shm: inherited attachments (os/ipc.h)
  charge(cost::kForkPerTable * (1 + c->as.pages / 1024) + c->as.pages * 4);
  c->regs = p.regs;
  c->regs.eax = 0;
  if (stack) c->regs.esp = stack;
  if ((flags & 0x01000000) && p.regs.edi)  // CLONE_CHILD_SETTID: ctid (5th argument, edi)
    mem_.put(c->as, p.regs.edi, uint32_t(c->pid));
  if (flags & 0x00200000) c->clear_child_tid = p.regs.edi;  // CLONE_CHILD_CLEARTID
  c->state = Process::State::Runnable;
  runq_.push_back(c->pid);
  if (vfork) {
    c->vfork_parent = p.pid;
    p.vfork_child = c->pid;
    return block(p, &p.vfork_parent);
  }
  return c->pid;
}

void Kernel::register_proc_syscalls() {
  auto& t = table_;
  t[0] = sys_restart_syscall;
  t[1] = sys_exit;
  t[2] = sys_fork;
  t[7] = sys_waitpid;
  t[11] = sys_execve;
  t[13] = sys_time;
  t[20] = sys_getpid;
  t[23] = sys_setuid;
  t[24] = sys_getuid16;
  t[27] = sys_alarm;
  t[29] = sys_pause;
  t[37] = sys_kill;
  t[43] = sys_times;
  t[45] = sys_brk;
  t[46] = sys_setgid;
  t[47] = sys_getgid16;
  t[48] = sys_signal;
  t[49] = sys_geteuid16;
  t[50] = sys_getegid16;
  t[57] = sys_setpgid;
  t[60] = sys_umask;
  t[64] = sys_getppid;
  t[65] = sys_getpgrp;
  t[66] = sys_setsid;
  t[67] = sys_sigaction;
  t[70] = sys_setreuid;
  t[71] = sys_setregid;
  t[72] = sys_sigsuspend;
  t[73] = sys_sigpending;
  t[75] = sys_setrlimit;
  t[76] = sys_ugetrlimit;
  t[77] = sys_getrusage;
  t[78] = sys_gettimeofday;
  t[80] = sys_getgroups;
  t[81] = sys_setgroups;
  t[90] = sys_old_mmap;
  t[91] = sys_munmap;
  t[96] = sys_getpriority;
  t[97] = sys_zero;
  t[104] = sys_setitimer;
  t[105] = sys_getitimer;
  t[114] = sys_wait4;
  t[116] = sys_sysinfo;
  t[119] = sys_sigreturn;
  t[120] = sys_clone;
  t[122] = sys_uname;
  t[125] = sys_mprotect;
  t[126] = sys_sigprocmask;
  t[132] = sys_getpgid;
  t[136] = sys_zero;  // personality: PER_LINUX
  t[144] = sys_zero;  // msync
  t[147] = sys_getsid;
  t[150] = sys_zero;  // mlock
  t[151] = sys_zero;
  t[152] = sys_zero;
  t[153] = sys_zero;
  t[158] = sys_sched_yield;
  t[162] = sys_nanosleep;
  t[163] = sys_mremap;
  t[164] = sys_setresuid;
  t[165] = sys_getresuid;
  t[170] = sys_setresgid;
  t[171] = sys_getresgid;
  t[172] = sys_prctl;
  t[173] = sys_rt_sigreturn;
  t[174] = sys_rt_sigaction;
  t[175] = sys_rt_sigprocmask;
  t[176] = sys_rt_sigpending;
  t[177] = sys_rt_sigtimedwait;
  t[178] = sys_rt_sigqueueinfo;
  t[179] = sys_rt_sigsuspend;
  t[186] = sys_sigaltstack;
  t[190] = sys_vfork;
  t[191] = sys_ugetrlimit;
  t[192] = sys_mmap2;
  t[199] = sys_getuid;
  t[200] = sys_getgid;
  t[201] = sys_geteuid;
  t[202] = sys_getegid;
  t[203] = sys_setreuid;
  t[204] = sys_setregid;
  t[205] = sys_getgroups;
  t[206] = sys_setgroups;
  t[208] = sys_setresuid;
  t[209] = sys_getresuid;
  t[210] = sys_setresgid;
  t[211] = sys_getresgid;
  t[213] = sys_setuid;
  t[214] = sys_setgid;
  t[215] = sys_setfsuid;
  t[216] = sys_setfsuid;
  t[219] = sys_zero;  // madvise
  t[224] = sys_gettid;
  t[238] = sys_tkill;
  t[240] = sys_futex;
  t[243] = sys_set_thread_area;
  t[244] = sys_get_thread_area;
  t[252] = sys_exit;  // exit_group: one thread per process
  t[258] = sys_set_tid_address;
  t[265] = sys_clock_gettime;
  t[266] = sys_clock_getres;
  t[267] = sys_clock_nanosleep;
  t[270] = sys_tgkill;
  t[311] = sys_zero;  // set_robust_list
  t[340] = sys_prlimit64;
  t[355] = sys_getrandom;
  t[403] = sys_clock_gettime64;
  t[406] = sys_clock_getres64;
  t[407] = sys_clock_nanosleep64;
  t[421] = sys_rt_sigtimedwait64;
  t[422] = sys_futex;
}

// ---- dispatch ----------------------------------------------------------------------------------

void Kernel::init_table() {
  table_.fill(nullptr);
  register_proc_syscalls();
  register_fs_syscalls();
  register_ipc_syscalls();
}

void Kernel::syscall(Process& p) {
  p.orig_eax = p.regs.eax;
  p.in_syscall = true;
  p.first_try = true;
  p.retry = false;
  ++syscall_count_;
  emit(sim::Ev::SyscallEnter, 0, uint32_t(p.pid), p.orig_eax);
  const long r = dispatch(p);
  if (r == kBlocked) return;
  finish_syscall(p, r);
}

long Kernel::dispatch(Process& p) {
  const uint32_t nr = p.orig_eax;
  const uint32_t a[6] = {p.regs.ebx, p.regs.ecx, p.regs.edx, p.regs.esi, p.regs.edi, p.regs.ebp};
  charge(cost::kSyscall);
  Sys f = nr < table_.size() ? table_[nr] : nullptr;
  if (!f) {
    emit(sim::Ev::UnknownSyscall, 0, uint32_t(p.pid), nr);
    return -lx::kENOSYS;
  }
  return f(*this, p, a);
}

void Kernel::finish_syscall(Process& p, long r) {
  if (p.alive()) p.regs.eax = uint32_t(r);
  emit(sim::Ev::SyscallExit, 0, uint32_t(p.pid), uint32_t(r));
}

}  // namespace irq::os
