// os/kernel.cpp — boot, kernel entry and exit, scheduling, context switches, faults and panics.
#include "os/kernel.h"

#include <algorithm>
#include <cstdio>
#include <cstring>

#include "cpu/cpu.h"
#include "os/cost.h"
#include "os/elf.h"
#include "os/ipc.h"
#include "os/kernel_image.h"
#include "os/tty.h"

namespace irq::os {

namespace {
constexpr uint32_t kKcs = 0x08, kKds = 0x10, kUcs = 0x1B, kUds = 0x23;
constexpr int64_t kEpochSeconds = 1767225600;  // CLOCK_REALTIME at boot: 2026-01-01T00:00:00Z

// Image header (kernel.asm: offsets fixed).
struct ImageHeader {
  uint32_t jmp, magic, gdt, tss, idle_loop, idle_stack_top, ret_from_kernel, stubs, image_end;
};
}  // namespace

bool UserDesc::empty() const {
  // set_thread_area's "clear" encoding: base, limit 0 and read_exec_only | seg_not_present.
  return base == 0 && limit == 0 && (flags & 0x28) == 0x28;
}

Kernel::Kernel(KernelHost& host, const KernelConfig& config)
    : host_(host), cpu_(host.cpu()), cfg_(config), mem_(host.cpu(), host.ram(), host.ram_size()) {
  rng_ = config.seed * 0x9E3779B97F4A7C15ull + 1;
  ipc_ = std::make_unique<Ipc>();
  init_table();
}

// The processes go first, while the rest of the kernel still exists: closing their last pipe or
// FIFO ends wakes wait keys (Kernel::wake), which must find the maps alive and no process left.
Kernel::~Kernel() {
  std::map<int, std::unique_ptr<Process>> procs = std::move(procs_);
  procs_.clear();
  waiters_.clear();
  procs.clear();
}

void Kernel::emit(sim::Ev kind, uint8_t a, uint32_t b, uint32_t c) {
  host_.trace().emit(now(), kind, a, b, c);
}
uint64_t Kernel::now() const { return cpu_.st.cycles; }
int64_t Kernel::now_ns() const {
  const uint64_t c = now() - boot_cycle_;
  return int64_t((unsigned __int128)c * 1000000000u / host_.clock_hz());
}
int64_t Kernel::realtime_ns() const { return kEpochSeconds * 1000000000ll + now_ns(); }
uint64_t Kernel::ns_to_cycles(uint64_t ns) const {
  return uint64_t(((unsigned __int128)ns * host_.clock_hz() + 999999999u) / 1000000000u);
}
void Kernel::charge(uint64_t cycles) {
  cpu_.st.cycles += cycles;
  if (current_) current_->sys_cycles += cycles;
}
uint64_t Kernel::next_random() {  // splitmix64: AT_RANDOM bytes, deterministic per seed
  uint64_t z = (rng_ += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

std::string Kernel::check_executable(const std::vector<uint8_t>& image) {
  ElfInfo info;
  return parse_elf(image, info);
}

Process* Kernel::find(int pid) {
  auto it = procs_.find(pid);
  return it == procs_.end() ? nullptr : it->second.get();
}

bool Kernel::all_exited() const {
  if (!booted_) return false;
  for (const auto& [pid, p] : procs_)
    if (pid != 1 && p->alive()) return false;
  return true;
}

// ---- boot ------------------------------------------------------------------------------------

std::string Kernel::boot() {
  const std::vector<uint8_t>& img = kernel_image();
  ImageHeader h;
  if (img.size() < sizeof h) return "kernel image too small";
  std::memcpy(&h, img.data(), sizeof h);
  if (h.magic != 0x4B515249) return "kernel image has no IRQK header";
  const uint32_t end_pa = h.image_end - kKernelBase;
  if (end_pa > 0x80000 || end_pa > host_.ram_size()) return "kernel image does not fit below 512 KiB";
  uint8_t* ram = host_.ram();
  std::memcpy(ram + kKernelLoad, img.data(), img.size());
  mem_.wrote(kKernelLoad, uint32_t(img.size()));
  gdt_pa_ = h.gdt - kKernelBase;
  tss_pa_ = h.tss - kKernelBase;
  idle_loop_va_ = h.idle_loop;
  idle_frame_va_ = h.idle_stack_top - 64;
  ret_va_ = h.ret_from_kernel;

  // Frames above 1 MiB belong to the allocator.
  if (host_.ram_size() < (2u << 20)) return "the mini OS needs at least 2 MiB of memory";
  mem_.set_first_free(0x100000);
  if (!mem_.build_kernel_tables()) return "out of memory for the kernel page tables";
  // The boot directory: the kernel half plus an identity map of the first 4 MiB (the stub runs
  // at physical addresses for the few instructions between CR0.PG and the jump to 0xC0xxxxxx).
  AddressSpace boot_as;
  boot_as.pd = mem_.new_directory();
  if (!boot_as.pd) return "out of memory for the boot page directory";
  for (uint32_t va = 0; va < (4u << 20); va += kPageSize) {
    uint32_t* pd = reinterpret_cast<uint32_t*>(ram + boot_as.pd);
    if (!(pd[0] & kPteP)) {
      const uint32_t pt = mem_.alloc_frame();
      pd[0] = pt | kPteP | kPteW;
    }
    reinterpret_cast<uint32_t*>(ram + (pd[0] & ~0xFFFu))[va >> 12] = va | kPteP | kPteW;
  }

  // TSS descriptor (GDT slot 5): base = the TSS, limit 103, present 32-bit available TSS (0x89).
  const uint32_t base = h.tss, limit = 103;
  const uint64_t desc = (uint64_t(limit & 0xFFFF)) | (uint64_t(base & 0xFFFFFF) << 16) |
                        (uint64_t(0x89) << 40) | (uint64_t((limit >> 16) & 0xF) << 48) |
                        (uint64_t(base >> 24) << 56);
  std::memcpy(ram + gdt_pa_ + 5 * 8, &desc, 8);
  const uint32_t ss0 = kKds;
  std::memcpy(ram + tss_pa_ + 8, &ss0, 4);
  const uint16_t iomap = 104;  // beyond the limit: no I/O permission bitmap (PRM §8.3.2)
  std::memcpy(ram + tss_pa_ + 102, &iomap, 2);

  // PIT: one tick per quantum, at most 10 ms (HZ 100) so timers keep their resolution.
  const uint64_t hz = host_.clock_hz();
  uint64_t tick = std::min<uint64_t>(cfg_.quantum_cycles, hz / 100);
  if (tick == 0) tick = 1;
  // PIT input 105/88 MHz (sim/devices/pit.h): divisor = tick * 105e6 / (88 * clock_hz).
  uint64_t divisor = uint64_t((unsigned __int128)tick * 105000000u / (88u * hz));
  divisor = std::clamp<uint64_t>(divisor, 2, 65535);
  tick_cycles_ = uint64_t((unsigned __int128)divisor * 88u * hz / 105000000u);
  if (tick_cycles_ == 0) tick_cycles_ = 1;
  quantum_ticks_ = uint32_t(std::max<uint64_t>(1, (cfg_.quantum_cycles + tick_cycles_ / 2) / tick_cycles_));
  uint8_t master_mask = 0xFF & ~0x01 & ~0x04;  // IRQ0 timer, IRQ2 cascade
  if (cfg_.console == KernelConfig::Console::Keyboard) master_mask &= ~0x02;
  if (cfg_.console == KernelConfig::Console::Uart || cfg_.uart_output) master_mask &= ~0x10;
  const uint16_t div16 = uint16_t(divisor);
  std::memcpy(ram + kBootBlock + 0, &div16, 2);
  ram[kBootBlock + 4] = master_mask;
  ram[kBootBlock + 5] = 0xFF;
  std::memcpy(ram + kBootBlock + 8, &boot_as.pd, 4);
  mem_.wrote(kBootBlock, 16);

  // pid 1: the kernel's init. It owns the boot directory and never runs user code.
  auto init = std::make_unique<Process>();
  init->pid = init->pgid = init->sid = 1;
  init->as = boot_as;
  init->comm = "init";
  init->state = Process::State::Blocked;  // waits for children forever (reaps them)
  init->cwd = vfs_.root();
  procs_[1] = std::move(init);
  tty_init();
  return "";
}

void Kernel::do_boot() {
  booted_ = true;
  boot_cycle_ = now();
  emit(sim::Ev::ProcessCreated, 0, 1, 0);
  for (const InitSpec& s : inits_) {
    const std::string err = start_init(s);
    if (!err.empty()) {
      const std::string msg = "irqlab: cannot start " + s.path + ": " + err + "\n";
      console_output(reinterpret_cast<const uint8_t*>(msg.data()), msg.size());
    }
  }
}

// ---- entry -------------------------------------------------------------------------------------

void Kernel::host_call(uint32_t frame_va) {
  if (!panic_.empty()) return;
  TrapFrame f{};
  const uint32_t pa = frame_va - kKernelBase;
  if (frame_va < kKernelBase || uint64_t(pa) + sizeof f > host_.ram_size() || cpu_.st.cpl != 0) {
    TrapFrame none{};
    none.eip = cpu_.st.eip;
    panic("host call with a bad frame address " + std::to_string(frame_va), none);
    return;
  }
  std::memcpy(&f, host_.ram() + pa, sizeof f);
  charge(cost::kEntry);
  if (f.vector == kBootVector && !booted_) {
    do_boot();
    leave();
    return;
  }
  const bool from_user = (f.cs & 3) == 3;
  if (!from_user) {
    // Ring 0 is interrupted only in the idle loop; anything else is a fault inside the kernel.
    if (f.vector >= 0x20 && f.vector < 0x30 && f.eip - idle_loop_va_ < 8) {
      current_ = nullptr;
      handle_irq(f.vector - 0x20, f.error);
      leave();
      return;
    }
    panic("exception in kernel mode", f);
    return;
  }
  if (!current_) {
    panic("entry from user mode with no current process", f);
    return;
  }
  Process& p = *current_;
  p.regs = f;
  if (f.vector == 0x80) {
    syscall(p);
  } else if (f.vector >= 0x20 && f.vector < 0x30) {
    handle_irq(f.vector - 0x20, f.error);
  } else if (f.vector < 32) {
    user_exception(p, f.vector, f.error);
  } else {
    panic("unexpected vector from user mode", f);
    return;
  }
  leave();
}

void Kernel::handle_irq(uint32_t irq, uint32_t data) {
  switch (irq) {
    case 0: timer_tick(); break;
    case 1: if (data != 0xFFFFFFFFu) tty_input_scancode(uint8_t(data)); break;
    case 4: uart_irq(); break;
    default: break;  // spurious IRQ7/IRQ15 (data = ~0) or a line nobody drives for the kernel
  }
}

void Kernel::timer_tick() {
  charge(cost::kTick);
  const uint64_t t = now();
  for (auto& [pid, up] : procs_) {
    Process& p = *up;
    if (!p.alive()) continue;
    if (p.alarm_at && t >= p.alarm_at) {
      p.alarm_at = p.alarm_interval ? p.alarm_at + p.alarm_interval : 0;
      if (p.alarm_at && p.alarm_at <= t) p.alarm_at = t + p.alarm_interval;
      SigInfo si;
      si.signo = lx::kSIGALRM;
      si.code = 0x80;  // SI_KERNEL, as Linux's it_real_fn sends it (SEND_SIG_PRIV)
      send_signal(p, lx::kSIGALRM, si, false);
    }
    if (p.state == Process::State::Blocked && p.wake_at && t >= p.wake_at) {
      p.timed_out = true;
      unwait(p);
      make_runnable(p);
    }
  }
  if (current_ && current_->ticks_left && --current_->ticks_left == 0) need_resched_ = true;
}

// ---- blocking ----------------------------------------------------------------------------------

int Kernel::block(Process& p, const void* key, uint64_t wake_at) {
  emit(sim::Ev::Block, 0, uint32_t(p.pid), p.orig_eax);
  p.state = Process::State::Blocked;
  p.wait_key = key;
  p.wake_at = wake_at;
  p.timed_out = false;
  if (key) waiters_[key].push_back(p.pid);
  return int(kBlocked);
}

int Kernel::block_any(Process& p, const std::vector<const void*>& keys, uint64_t wake_at) {
  const int r = block(p, keys.empty() ? nullptr : keys[0], wake_at);
  for (size_t i = 1; i < keys.size(); ++i) {
    if (std::find(keys.begin(), keys.begin() + long(i), keys[i]) != keys.begin() + long(i)) continue;
    p.poll_keys.push_back(keys[i]);
    waiters_[keys[i]].push_back(p.pid);
  }
  return r;
}

void Kernel::unwait(Process& p) {
  auto drop = [&](const void* key) {
    auto it = waiters_.find(key);
    if (it == waiters_.end()) return;
    auto& v = it->second;
    v.erase(std::remove(v.begin(), v.end(), p.pid), v.end());
    if (v.empty()) waiters_.erase(it);
  };
  if (p.wait_key) drop(p.wait_key);
  for (const void* key : p.poll_keys) drop(key);
  p.poll_keys.clear();
  p.wait_key = nullptr;
  p.wake_at = 0;
}

void Kernel::make_runnable(Process& p) {
  if (p.state == Process::State::Blocked) {
    emit(sim::Ev::Wake, 0, uint32_t(p.pid));
    p.retry = true;
    p.state = Process::State::Runnable;
    if (&p != current_) runq_.push_back(p.pid);
  } else if (p.state == Process::State::Stopped) {
    // stays stopped; woken calls are retried when it continues
  }
}

void Kernel::wake(const void* key) {
  auto it = waiters_.find(key);
  if (it == waiters_.end()) return;
  std::vector<int> pids = std::move(it->second);
  waiters_.erase(it);
  for (int pid : pids) {
    Process* p = find(pid);
    if (!p) continue;
    if (p->wait_key != key &&
        std::find(p->poll_keys.begin(), p->poll_keys.end(), key) == p->poll_keys.end())
      continue;
    unwait(*p);  // a poller leaves its other keys' lists too
    make_runnable(*p);
  }
}

// ---- exit from the kernel ----------------------------------------------------------------------

void Kernel::leave() {
  // Timeline signals first (they are "sent by the kernel" at this boundary).
  if (!posted_.empty()) {
    auto posted = std::move(posted_);
    posted_.clear();
    for (const auto& [path, ps] : posted) {
      for (auto& [pid, p] : procs_) {
        if (pid == 1 || !p->alive()) continue;
        if (path.empty() ? pid == ps.first : p->exe == path) {
          SigInfo si;
          si.signo = ps.second;
          si.code = 0x80;  // SI_KERNEL
          send_signal(*p, ps.second, si, false);
        }
      }
    }
  }
  for (unsigned guard = 0; guard < 100000; ++guard) {
    if (!panic_.empty()) return;
    Process* p = current_;
    if (p && p->state != Process::State::Runnable) p = nullptr;
    if (p && need_resched_) {
      // Round robin: the current process goes to the back if someone else is waiting.
      while (!runq_.empty()) {
        Process* q = find(runq_.front());
        if (q && q->state == Process::State::Runnable && q != p) break;
        runq_.pop_front();
      }
      if (!runq_.empty()) {
        runq_.push_back(p->pid);
        p = nullptr;
      } else {
        p->ticks_left = quantum_ticks_;
      }
    }
    need_resched_ = false;
    while (!p && !runq_.empty()) {
      Process* q = find(runq_.front());
      runq_.pop_front();
      if (q && q->state == Process::State::Runnable) p = q;
    }
    if (p != current_ || !p) switch_to(p);
    if (!p) return;  // idle
    if (p->retry) {
      p->retry = false;
      p->first_try = false;
      const long r = dispatch(*p);
      if (r == kBlocked || p->state != Process::State::Runnable) {
        if (p->state == Process::State::Runnable && r != kBlocked) finish_syscall(*p, r);
        continue;
      }
      finish_syscall(*p, r);
    }
    if (!deliver_signals(*p)) continue;
    if (p->state != Process::State::Runnable) continue;
    write_frame(*p);
    return;
  }
  TrapFrame none{};
  panic("scheduler found no way back to user mode", none);
}

void Kernel::write_frame(Process& p) {
  TrapFrame& r = p.regs;
  r.cs = kUcs;
  r.ss = kUds;
  // The stub pops DS/ES/FS/GS in ring 0: a selector that became invalid meanwhile (a TLS slot the
  // process cleared while GS still held it) would fault in the kernel. Linux's return path
  // replaces such a selector with the null one; so does this.
  for (uint32_t* seg : {&r.ds, &r.es, &r.fs, &r.gs})
    if (!user_data_selector_ok(p, *seg)) *seg = (seg == &r.ds || seg == &r.es) ? kUds : 0;
  r.eflags = (r.eflags & 0x00244DD5u) | 0x202;  // IF on, IOPL 0, no VM/NT/RF (Linux FIX_EFLAGS)
  const uint32_t pa = p.kstack + kPageSize - sizeof(TrapFrame);
  std::memcpy(host_.ram() + pa, &r, sizeof r);
  mem_.wrote(pa, sizeof r);
  cpu_.st.gpr[cpu::ESP] = kKernelBase + pa;
}

void Kernel::set_tls_gdt(const Process& p) {
  for (unsigned i = 0; i < 3; ++i) {
    const UserDesc& d = p.tls[i];
    uint64_t desc = 0;
    if (!d.empty() && d.entry != ~0u) {
      // struct user_desc flags: seg_32bit 1, contents 2 bits, read_exec_only 8, limit_in_pages
      // 0x10, seg_not_present 0x20, useable 0x40 (arch/x86/kernel/tls.c fill_ldt).
      const uint32_t contents = (d.flags >> 1) & 3;
      uint32_t type = 0x10 | (contents << 2) | ((d.flags & 8) ? 0 : 2);  // data/code, writable
      if (!(d.flags & 0x20)) type |= 0x80;  // present
      type |= 0x60;                          // DPL 3
      uint32_t fl = ((d.flags & 1) ? 0x4 : 0) | ((d.flags & 0x10) ? 0x8 : 0) | ((d.flags & 0x40) ? 0x1 : 0);
      desc = uint64_t(d.limit & 0xFFFF) | (uint64_t(d.base & 0xFFFFFF) << 16) |
             (uint64_t(type | 0x01) << 40) | (uint64_t((d.limit >> 16) & 0xF) << 48) |
             (uint64_t(fl) << 52) | (uint64_t(d.base >> 24) << 56);
    }
    std::memcpy(host_.ram() + gdt_pa_ + (6 + i) * 8, &desc, 8);
  }
}

void Kernel::switch_to(Process* p) {
  const int from = current_ ? current_->pid : exited_pid_, to = p ? p->pid : 0;
  exited_pid_ = 0;
  if (p) {
    charge(cost::kSwitch);
    cpu_.st.cr3 = p->as.pd;
    cpu_.flush_tlb();
    const uint32_t esp0 = kKernelBase + p->kstack + kPageSize;
    std::memcpy(host_.ram() + tss_pa_ + 4, &esp0, 4);
    set_tls_gdt(*p);
    p->ticks_left = quantum_ticks_;
    current_ = p;
  } else {
    // The idle loop: a ring-0 frame that IRETs to `sti; hlt` (no stack switch at CPL 0).
    current_ = nullptr;
    TrapFrame f{};
    f.ds = f.es = kKds;
    f.eip = idle_loop_va_;
    f.cs = kKcs;
    f.eflags = 0x2;  // the loop's STI sets IF
    const uint32_t pa = idle_frame_va_ - kKernelBase;
    std::memcpy(host_.ram() + pa, &f, 64);
    mem_.wrote(pa, 64);
    cpu_.st.gpr[cpu::ESP] = idle_frame_va_;
  }
  if (from != to) {
    ++switch_count_;
    emit(sim::Ev::ContextSwitch, 0, uint32_t(from), uint32_t(to));
  }
}

// ---- faults ------------------------------------------------------------------------------------

void Kernel::user_exception(Process& p, uint32_t vector, uint32_t error) {
  // #NM: an ESC instruction on this FPU-less CPU, emulated as Linux's math-emu does.
  if (vector == 7 && math_emulate(*this, p)) return;
  SigInfo si;
  int sig = lx::kSIGSEGV;
  si.code = 0x80;  // SI_KERNEL
  switch (vector) {
    case 14: {  // #PF (PRM §9.8.14): error bit 1 = write
      const uint32_t cr2 = cpu_.st.cr2;
      charge(cost::kPageFault);
      const Memory::Fault r = mem_.handle_fault(p.as, cr2, (error & 2) != 0);
      if (r == Memory::Fault::Fixed) {
        charge(cost::kPageClear);
        return;
      }
      if (r == Memory::Fault::Oom) {
        emit(sim::Ev::OomKill, 0, uint32_t(p.pid));
        SigInfo k;
        k.signo = lx::kSIGKILL;
        send_signal(p, lx::kSIGKILL, k, false);
        return;
      }
      sig = r == Memory::Fault::BusErr ? lx::kSIGBUS : lx::kSIGSEGV;
      si.code = r == Memory::Fault::MapErr ? 1 : 2;  // SEGV_MAPERR; SEGV_ACCERR or BUS_ADRERR
      si.w[0] = cr2;
      p.regs.error = error;
      break;
    }
    case 0: sig = lx::kSIGFPE; si.code = 1; si.w[0] = p.regs.eip; break;    // FPE_INTDIV
    case 1: sig = lx::kSIGTRAP; si.code = 2; si.w[0] = p.regs.eip; break;   // TRAP_TRACE
    case 3: sig = lx::kSIGTRAP; si.code = 0x80; break;                      // int3: SI_KERNEL
    case 4: case 5: sig = lx::kSIGSEGV; si.code = 0x80; break;              // INTO, BOUND
    case 6: sig = lx::kSIGILL; si.code = 2; si.w[0] = p.regs.eip; break;    // ILL_ILLOPN
    case 7: case 16: sig = lx::kSIGFPE; si.code = 0x80; break;              // no FPU
    case 11: case 12: sig = lx::kSIGBUS; si.code = 0x80; break;             // #NP, #SS
    case 17: sig = lx::kSIGBUS; si.code = 1; break;                         // BUS_ADRALN
    default: sig = lx::kSIGSEGV; si.code = 0x80; break;                     // #GP, #TS, ...
  }
  si.signo = sig;
  // A synchronous signal cannot be blocked or ignored: force the default (force_sig_fault).
  const uint64_t bit = 1ull << (sig - 1);
  if ((p.blocked & bit) || p.act[sig].handler == 1) {
    p.blocked &= ~bit;
    if (p.act[sig].handler == 1 || (p.blocked & bit)) p.act[sig].handler = 0;
  }
  send_signal(p, sig, si, true);
}

void Kernel::panic(const std::string& why, const TrapFrame& f) {
  char buf[512];
  const cpu::State& s = cpu_.st;
  std::snprintf(buf, sizeof buf,
                "kernel panic: %s\n  vector %u error 0x%x at cs:eip %04x:%08x eflags %08x\n"
                "  eax %08x ebx %08x ecx %08x edx %08x esi %08x edi %08x ebp %08x\n"
                "  cr0 %08x cr2 %08x cr3 %08x esp %08x cycle %llu\n",
                why.c_str(), f.vector, f.error, f.cs & 0xFFFF, f.eip, f.eflags, f.eax, f.ebx, f.ecx,
                f.edx, f.esi, f.edi, f.ebp, s.cr0, s.cr2, s.cr3, s.gpr[cpu::ESP],
                (unsigned long long)now());
  panic_ = buf;
  emit(sim::Ev::KernelPanic, 0, f.vector, f.eip);
  // Park the CPU: IRET into the idle loop's HLT with interrupts off.
  current_ = nullptr;
  TrapFrame idle{};
  idle.ds = idle.es = kKds;
  idle.eip = idle_loop_va_ + 1;  // the HLT after the STI
  idle.cs = kKcs;
  idle.eflags = 0x2;
  if (idle_frame_va_) {
    const uint32_t pa = idle_frame_va_ - kKernelBase;
    std::memcpy(host_.ram() + pa, &idle, 64);
    mem_.wrote(pa, 64);
    cpu_.st.gpr[cpu::ESP] = idle_frame_va_;
  }
  host_.stop_run();
}

void Kernel::on_iret(uint32_t cs, uint32_t eip) {
  Process* p = current_;
  if (!p || (cs & 3) != 3 || !p->handler_sig || p->handler_eip != eip) return;
  emit(sim::Ev::SignalHandler, uint8_t(p->handler_sig), uint32_t(p->pid), eip);
  p->handler_sig = 0;
}

void Kernel::post_signal(const std::string& path, int pid, int sig) {
  posted_.push_back({path, {pid, sig}});
}

}  // namespace irq::os
