// os/signal.cpp — signal generation, delivery on the way back to user mode, the Linux i386
// signal frames (arch/x86: struct sigframe / rt_sigframe with sigcontext and ucontext), sigreturn,
// stop/continue and kSIGCHLD (../shared/reference/linux-semantics.md, "Signals").
#include <cstring>

#include "cpu/cpu.h"
#include "os/cost.h"
#include "os/kernel.h"

namespace irq::os {

namespace {
constexpr uint64_t bit(int sig) { return 1ull << (sig - 1); }
constexpr uint64_t kUnblockable = bit(lx::kSIGKILL) | bit(lx::kSIGSTOP);
constexpr uint64_t kStopMask = bit(lx::kSIGSTOP) | bit(lx::kSIGTSTP) | bit(lx::kSIGTTIN) | bit(lx::kSIGTTOU);
// Synchronous signals are delivered first (kernel/signal.c SYNCHRONOUS_MASK).
constexpr uint64_t kSyncMask = bit(lx::kSIGSEGV) | bit(lx::kSIGBUS) | bit(lx::kSIGILL) |
                               bit(lx::kSIGTRAP) | bit(lx::kSIGFPE) | bit(lx::kSIGSYS);
constexpr uint32_t kUcs = 0x1B, kUds = 0x23;
// EFLAGS bits sigreturn may restore (arch/x86 FIX_EFLAGS): AC OF DF TF SF ZF AF PF CF RF.
constexpr uint32_t kFixEflags = 0x40000 | 0x800 | 0x400 | 0x100 | 0x80 | 0x40 | 0x10 | 0x4 | 0x1 | 0x10000;

int lowest(uint64_t m) { return m ? __builtin_ctzll(m) + 1 : 0; }
int pick(uint64_t m) {
  if (m & kSyncMask) return lowest(m & kSyncMask);
  return lowest(m);
}

// struct sigcontext (i386), 88 bytes.
struct SigContext {
  uint32_t gs, fs, es, ds, edi, esi, ebp, esp, ebx, edx, ecx, eax, trapno, err, eip, cs, eflags,
      esp_at_signal, ss, fpstate, oldmask, cr2;
};
static_assert(sizeof(SigContext) == 88);

void encode_info(const SigInfo& si, uint8_t out[128]) {
  std::memset(out, 0, 128);
  std::memcpy(out + 0, &si.signo, 4);
  std::memcpy(out + 4, &si.errno_, 4);
  std::memcpy(out + 8, &si.code, 4);
  std::memcpy(out + 12, si.w, sizeof si.w);
}
}  // namespace

bool Kernel::user_data_selector_ok(const Process& p, uint32_t s) const {
  s &= 0xFFFF;
  if ((s & ~3u) == 0) return true;          // null
  if ((s & 3) != 3 || (s & 4)) return false;  // RPL 3, GDT
  const uint32_t idx = s >> 3;
  if (idx == 4) return true;                // user data
  if (idx >= 6 && idx <= 8) return !p.tls[idx - 6].empty() && p.tls[idx - 6].entry != ~0u;
  return false;
}

bool Kernel::deliverable(const Process& p, int sig) const {
  return ((p.pending_proc | p.pending_thread) & ~p.blocked & bit(sig)) != 0;
}

bool Kernel::signal_pending(const Process& p) const {
  return ((p.pending_proc | p.pending_thread) & ~p.blocked) != 0;
}

int Kernel::next_signal(const Process& p, bool& thread) const {
  // kernel/signal.c dequeue_signal: the thread's own set first, then the process-wide one.
  if (const uint64_t t = p.pending_thread & ~p.blocked) {
    thread = true;
    return pick(t);
  }
  thread = false;
  return pick(p.pending_proc & ~p.blocked);
}

bool Kernel::send_signal(Process& p, int sig, const SigInfo& info_in, bool thread, int sender) {
  if (sig < 1 || sig > lx::kNSIG || !p.alive() || p.pid == 1) return false;
  emit(sim::Ev::SignalGenerated, uint8_t(sig), uint32_t(p.pid), uint32_t(sender));
  SigInfo info = info_in;
  info.signo = sig;
  const uint64_t b = bit(sig);
  // kernel/signal.c prepare_signal: a stop discards pending kSIGCONT; kSIGCONT discards pending
  // stops and resumes a stopped process.
  if (b & kStopMask) {
    p.pending_proc &= ~bit(lx::kSIGCONT);
    p.pending_thread &= ~bit(lx::kSIGCONT);
  }
  if (sig == lx::kSIGCONT) {
    p.pending_proc &= ~kStopMask;
    p.pending_thread &= ~kStopMask;
    if (p.state == Process::State::Stopped) continue_process(p);
  }
  if (sig == lx::kSIGKILL && p.state == Process::State::Stopped) {
    p.state = Process::State::Runnable;
    if (&p != current_) runq_.push_back(p.pid);
  }
  const SigAction& a = p.act[sig];
  const bool ignored =
      sig != lx::kSIGKILL && sig != lx::kSIGSTOP &&
      (a.handler == 1 || (a.handler == 0 && (lx::default_action(sig) == lx::SigDefault::Ignore ||
                                             lx::default_action(sig) == lx::SigDefault::Continue)));
  if (ignored && !(p.blocked & b)) {
    emit(sim::Ev::SignalIgnored, uint8_t(sig), uint32_t(p.pid));
    return true;
  }
  uint64_t& set = thread ? p.pending_thread : p.pending_proc;
  if (sig >= lx::kSIGRTMIN) {
    auto& q = thread ? p.rt_thread : p.rt_proc;
    if (q.size() >= 1024) return false;
    q.push_back(info);
    set |= b;
  } else if (!(set & b)) {
    set |= b;
    (thread ? p.info_thread : p.info_proc)[sig] = info;
  }
  if (p.blocked & b) {
    emit(sim::Ev::SignalBlocked, uint8_t(sig), uint32_t(p.pid));
    return true;
  }
  // Interrupt a blocking call.
  if (p.state == Process::State::Blocked) {
    unwait(p);
    make_runnable(p);
  }
  return true;
}

void Kernel::child_state_changed(Process& child, int code, int status) {
  Process* parent = find(child.ppid);
  if (!parent || parent->pid == 1) return;
  const SigAction& a = parent->act[lx::kSIGCHLD];
  const bool stopcont = code == 5 || code == 6;
  if (!(stopcont && (a.flags & kSaNoCldStop))) {
    SigInfo si;
    si.signo = lx::kSIGCHLD;
    si.code = code;
    si.w[0] = uint32_t(child.pid);
    si.w[1] = child.uid;
    si.w[2] = uint32_t(status);
    send_signal(*parent, lx::kSIGCHLD, si, false, child.pid);
  }
  wake(&parent->children);
}

void Kernel::stop_process(Process& p, int sig) {
  p.state = Process::State::Stopped;
  p.stop_sig = sig;
  p.stop_pending_report = true;
  p.cont_pending_report = false;
  if (&p == current_) need_resched_ = true;
  child_state_changed(p, 5, sig);  // CLD_STOPPED
}

void Kernel::continue_process(Process& p) {
  if (p.state != Process::State::Stopped) return;
  p.state = Process::State::Runnable;
  if (&p != current_) runq_.push_back(p.pid);
  p.stop_pending_report = false;
  p.cont_pending_report = true;
  child_state_changed(p, 6, lx::kSIGCONT);  // CLD_CONTINUED
}

bool Kernel::kill_permitted(const Process& from, const Process& to, int sig) const {
  if (from.euid == 0) return true;
  if (sig == lx::kSIGCONT && from.sid == to.sid) return true;
  return from.euid == to.uid || from.euid == to.suid || from.uid == to.uid || from.uid == to.suid;
}

void Kernel::exec_signal_reset(Process& p) {
  for (int s = 1; s <= lx::kNSIG; ++s)
    if (p.act[s].handler > 1) p.act[s] = SigAction{};
  p.saved_mask_valid = false;
}

// ---- delivery ----------------------------------------------------------------------------------

bool Kernel::deliver_signals(Process& p) {
  bool handled = false;
  for (unsigned guard = 0; guard < 200; ++guard) {
    bool thread = false;
    const int sig = next_signal(p, thread);
    if (!sig) break;
    // Dequeue.
    SigInfo info;
    uint64_t& set = thread ? p.pending_thread : p.pending_proc;
    if (sig >= lx::kSIGRTMIN) {
      auto& q = thread ? p.rt_thread : p.rt_proc;
      for (auto it = q.begin(); it != q.end(); ++it) {
        if (it->signo == sig) {
          info = *it;
          q.erase(it);
          break;
        }
      }
      bool more = false;
      for (const SigInfo& s : q) more |= s.signo == sig;
      if (!more) set &= ~bit(sig);
    } else {
      info = (thread ? p.info_thread : p.info_proc)[sig];
      set &= ~bit(sig);
    }
    SigAction& a = p.act[sig];
    if (a.handler == 1 && sig != lx::kSIGKILL && sig != lx::kSIGSTOP) {
      emit(sim::Ev::SignalIgnored, uint8_t(sig), uint32_t(p.pid));
      continue;
    }
    if (a.handler == 0 || sig == lx::kSIGKILL || sig == lx::kSIGSTOP) {
      const lx::SigDefault d = lx::default_action(sig);
      if (d == lx::SigDefault::Ignore) {
        emit(sim::Ev::SignalIgnored, uint8_t(sig), uint32_t(p.pid));
        continue;
      }
      if (d == lx::SigDefault::Continue) {
        emit(sim::Ev::SignalDefault, uint8_t(sig), uint32_t(p.pid), 3);
        continue;
      }
      if (d == lx::SigDefault::Stop) {
        emit(sim::Ev::SignalDefault, uint8_t(sig), uint32_t(p.pid), 2);
        stop_process(p, sig);
        return false;
      }
      const bool core = d == lx::SigDefault::Core;
      emit(sim::Ev::SignalDefault, uint8_t(sig), uint32_t(p.pid), core ? 1 : 0);
      do_exit(p, lx::wstatus_signaled(sig, core));
      return false;
    }
    // A handler: first settle the interrupted system call (arch/x86/kernel/signal.c).
    TrapFrame& r = p.regs;
    if (p.in_syscall) {
      switch (-int64_t(int32_t(r.eax))) {  // 64-bit: eax may be 0x80000000
        case lx::kERESTART_RESTARTBLOCK:
        case lx::kERESTARTNOHAND:
          r.eax = uint32_t(-lx::kEINTR);
          break;
        case lx::kERESTARTSYS:
          if (a.flags & kSaRestart) {
            r.eax = p.orig_eax;
            r.eip -= 2;
          } else {
            r.eax = uint32_t(-lx::kEINTR);
          }
          break;
        case lx::kERESTARTNOINTR:
          r.eax = p.orig_eax;
          r.eip -= 2;
          break;
        default:
          break;
      }
      p.in_syscall = false;
    }
    const uint64_t old_mask = p.saved_mask_valid ? p.saved_mask : p.blocked;
    p.saved_mask_valid = false;
    const bool rt = (a.flags & kSaSigInfo) != 0;
    // The stack: the alternate one when asked for and not already on it.
    uint32_t sp = r.esp;
    const bool on_alt = p.altstack_size && sp - p.altstack_sp < p.altstack_size;
    if ((a.flags & kSaOnStack) && !(p.altstack_flags & 2) && !on_alt)
      sp = p.altstack_sp + p.altstack_size;
    const uint32_t size = rt ? 268 : 108;
    sp = ((sp - size + 4) & ~15u) - 4;  // align_sigframe: (sp + 4) is 16-byte aligned
    SigContext sc{r.gs & 0xFFFF, r.fs & 0xFFFF, r.es & 0xFFFF, r.ds & 0xFFFF, r.edi, r.esi, r.ebp,
                  r.esp, r.ebx, r.edx, r.ecx, r.eax, r.vector, r.error, r.eip, r.cs & 0xFFFF,
                  r.eflags, r.esp, r.ss & 0xFFFF, 0, uint32_t(old_mask), sig == lx::kSIGSEGV ? info.w[0] : 0};
    uint8_t frame[268] = {};
    const uint32_t pretcode_self = sp + (rt ? 260 : 100);
    const uint32_t pretcode = (a.flags & kSaRestorer) ? a.restorer : pretcode_self;
    std::memcpy(frame + 0, &pretcode, 4);
    const int32_t signo = sig;
    std::memcpy(frame + 4, &signo, 4);
    if (rt) {
      const uint32_t pinfo = sp + 16, puc = sp + 144;
      std::memcpy(frame + 8, &pinfo, 4);
      std::memcpy(frame + 12, &puc, 4);
      encode_info(info, frame + 16);
      // struct ucontext: uc_flags, uc_link, uc_stack {ss_sp, ss_flags, ss_size}, mcontext, sigmask
      const uint32_t ss_flags = (p.altstack_flags & 2) ? 2 : (on_alt ? 1 : 0);
      const uint32_t uc_stack[3] = {p.altstack_sp, ss_flags, p.altstack_size};
      std::memcpy(frame + 144 + 8, uc_stack, 12);
      std::memcpy(frame + 144 + 20, &sc, sizeof sc);
      std::memcpy(frame + 144 + 108, &old_mask, 8);
      const uint8_t code[8] = {0xB8, 173, 0, 0, 0, 0xCD, 0x80, 0};  // movl $173,%eax; int $0x80
      std::memcpy(frame + 260, code, 8);
    } else {
      std::memcpy(frame + 8, &sc, sizeof sc);
      const uint32_t extramask = uint32_t(old_mask >> 32);
      std::memcpy(frame + 96, &extramask, 4);
      const uint8_t code[8] = {0x58, 0xB8, 119, 0, 0, 0, 0xCD, 0x80};  // popl; movl $119; int $0x80
      std::memcpy(frame + 100, code, 8);
    }
    if (!mem_.copy_out(p.as, sp, frame, size)) {
      // No room for the frame: force_sigsegv (the default action kills).
      p.act[lx::kSIGSEGV] = SigAction{};
      p.blocked &= ~bit(lx::kSIGSEGV);
      SigInfo segv;
      segv.code = 0x80;
      send_signal(p, lx::kSIGSEGV, segv, true);
      continue;
    }
    charge(cost::kSignalFrame);
    math_signal_enter(p, sp);  // the x87 state is kept for sigreturn; the handler's is FNINIT's
    emit(sim::Ev::SignalDelivered, uint8_t(sig), uint32_t(p.pid), a.handler);
    r.esp = sp;
    r.eip = a.handler;
    r.eax = uint32_t(sig);
    r.edx = rt ? sp + 16 : 0;
    r.ecx = rt ? sp + 144 : 0;
    r.eflags &= ~(0x400u | 0x100u | 0x10000u);  // DF, TF, RF
    r.cs = kUcs;
    r.ds = r.es = r.ss = kUds;
    p.handler_eip = a.handler;
    p.handler_sig = sig;
    p.blocked |= a.mask | ((a.flags & kSaNoDefer) ? 0 : bit(sig));
    p.blocked &= ~kUnblockable;
    if (a.flags & kSaResetHand) a = SigAction{};
    handled = true;
  }
  if (!handled && p.in_syscall) {
    TrapFrame& r = p.regs;
    switch (-int64_t(int32_t(r.eax))) {  // 64-bit: eax may be 0x80000000
      case lx::kERESTARTNOHAND:
      case lx::kERESTARTSYS:
      case lx::kERESTARTNOINTR:
        r.eax = p.orig_eax;
        r.eip -= 2;
        break;
      case lx::kERESTART_RESTARTBLOCK:
        r.eax = 0;  // restart_syscall
        r.eip -= 2;
        break;
      default:
        break;
    }
  }
  if (!handled && p.saved_mask_valid) {
    p.blocked = p.saved_mask;
    p.saved_mask_valid = false;
  }
  p.in_syscall = false;
  return true;
}

long Kernel::sigreturn(Process& p, bool rt) {
  const uint32_t frame = p.regs.esp - (rt ? 4 : 8);
  SigContext sc;
  uint64_t mask = 0;
  int32_t sig = 0;
  bool ok = mem_.get(p.as, frame + 4, sig);
  if (rt) {
    ok = ok && mem_.copy_in(p.as, frame + 144 + 20, &sc, sizeof sc) &&
         mem_.copy_in(p.as, frame + 144 + 108, &mask, 8);
  } else {
    uint32_t extra = 0;
    ok = ok && mem_.copy_in(p.as, frame + 8, &sc, sizeof sc) && mem_.get(p.as, frame + 96, extra);
    mask = sc.oldmask | (uint64_t(extra) << 32);
  }
  // Selectors must be ones user mode can hold: null, user data, or a TLS slot that is set.
  auto seg_ok = [&](uint32_t s) { return user_data_selector_ok(p, s); };
  if (!ok || !seg_ok(sc.gs) || !seg_ok(sc.fs) || !seg_ok(sc.es) || !seg_ok(sc.ds)) {
    p.act[lx::kSIGSEGV] = SigAction{};
    p.blocked &= ~bit(lx::kSIGSEGV);
    SigInfo segv;
    segv.code = 0x80;
    send_signal(p, lx::kSIGSEGV, segv, true);
    p.in_syscall = false;
    return long(int32_t(p.regs.eax));
  }
  TrapFrame& r = p.regs;
  r.gs = sc.gs & 0xFFFF;
  r.fs = sc.fs & 0xFFFF;
  r.es = (sc.es & 0xFFFF) ? sc.es & 0xFFFF : kUds;
  r.ds = (sc.ds & 0xFFFF) ? sc.ds & 0xFFFF : kUds;
  r.edi = sc.edi;
  r.esi = sc.esi;
  r.ebp = sc.ebp;
  r.esp = sc.esp;
  r.ebx = sc.ebx;
  r.edx = sc.edx;
  r.ecx = sc.ecx;
  r.eip = sc.eip;
  r.eflags = (r.eflags & ~kFixEflags) | (sc.eflags & kFixEflags);
  r.cs = kUcs;
  r.ss = kUds;
  p.blocked = mask & ~kUnblockable;
  math_signal_return(p, frame);  // the interrupted code's x87 state
  p.in_syscall = false;  // orig_eax = -1: no restart on the way out
  emit(sim::Ev::SignalReturn, uint8_t(sig > 0 && sig <= 64 ? sig : 0), uint32_t(p.pid));
  return long(int32_t(sc.eax));
}

}  // namespace irq::os
