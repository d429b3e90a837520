// sim/gdb/stub.cpp — see stub.h.
#include "sim/gdb/stub.h"

#include <cstdio>
#include <cstring>

#include "os/kernel.h"
#include "sim/gdb/rsp.h"

namespace irq::gdb {

namespace {

constexpr unsigned kCoreRegs = 16;   // eax..gs
constexpr unsigned kX87Regs = 16;    // st0-7 (10 bytes), fctrl..fop (4 bytes)
constexpr unsigned kSysRegs = 3;     // cr0 cr2 cr3
constexpr unsigned kNumRegs = kCoreRegs + kX87Regs + kSysRegs;
// gdb's order cs ss ds es fs gs -> State::seg index.
constexpr uint8_t kSegOrder[6] = {cpu::CS, cpu::SS, cpu::DS, cpu::ES, cpu::FS, cpu::GS};

unsigned reg_size(unsigned n) { return (n >= 16 && n < 24) ? 10 : 4; }

const char kTargetXml[] =
    "<?xml version=\"1.0\"?>\n"
    "<!DOCTYPE target SYSTEM \"gdb-target.dtd\">\n"
    "<target version=\"1.0\">\n"
    "<architecture>i386</architecture>\n"
    "<feature name=\"org.gnu.gdb.i386.core\">\n"
    "<flags id=\"i386_eflags\" size=\"4\">\n"
    "<field name=\"CF\" start=\"0\" end=\"0\"/><field name=\"\" start=\"1\" end=\"1\"/>\n"
    "<field name=\"PF\" start=\"2\" end=\"2\"/><field name=\"AF\" start=\"4\" end=\"4\"/>\n"
    "<field name=\"ZF\" start=\"6\" end=\"6\"/><field name=\"SF\" start=\"7\" end=\"7\"/>\n"
    "<field name=\"TF\" start=\"8\" end=\"8\"/><field name=\"IF\" start=\"9\" end=\"9\"/>\n"
    "<field name=\"DF\" start=\"10\" end=\"10\"/><field name=\"OF\" start=\"11\" end=\"11\"/>\n"
    "<field name=\"NT\" start=\"14\" end=\"14\"/><field name=\"RF\" start=\"16\" end=\"16\"/>\n"
    "<field name=\"VM\" start=\"17\" end=\"17\"/><field name=\"AC\" start=\"18\" end=\"18\"/>\n"
    "</flags>\n"
    "<reg name=\"eax\" bitsize=\"32\" type=\"int32\" regnum=\"0\"/>\n"
    "<reg name=\"ecx\" bitsize=\"32\" type=\"int32\"/>\n"
    "<reg name=\"edx\" bitsize=\"32\" type=\"int32\"/>\n"
    "<reg name=\"ebx\" bitsize=\"32\" type=\"int32\"/>\n"
    "<reg name=\"esp\" bitsize=\"32\" type=\"data_ptr\"/>\n"
    "<reg name=\"ebp\" bitsize=\"32\" type=\"data_ptr\"/>\n"
    "<reg name=\"esi\" bitsize=\"32\" type=\"int32\"/>\n"
    "<reg name=\"edi\" bitsize=\"32\" type=\"int32\"/>\n"
    "<reg name=\"eip\" bitsize=\"32\" type=\"code_ptr\"/>\n"
    "<reg name=\"eflags\" bitsize=\"32\" type=\"i386_eflags\"/>\n"
    "<reg name=\"cs\" bitsize=\"32\" type=\"int32\"/>\n"
    "<reg name=\"ss\" bitsize=\"32\" type=\"int32\"/>\n"
    "<reg name=\"ds\" bitsize=\"32\" type=\"int32\"/>\n"
    "<reg name=\"es\" bitsize=\"32\" type=\"int32\"/>\n"
    "<reg name=\"fs\" bitsize=\"32\" type=\"int32\"/>\n"
    "<reg name=\"gs\" bitsize=\"32\" type=\"int32\"/>\n"
    "<reg name=\"st0\" bitsize=\"80\" type=\"i387_ext\"/>\n"
    "<reg name=\"st1\" bitsize=\"80\" type=\"i387_ext\"/>\n"
    "<reg name=\"st2\" bitsize=\"80\" type=\"i387_ext\"/>\n"
    "<reg name=\"st3\" bitsize=\"80\" type=\"i387_ext\"/>\n"
    "<reg name=\"st4\" bitsize=\"80\" type=\"i387_ext\"/>\n"
    "<reg name=\"st5\" bitsize=\"80\" type=\"i387_ext\"/>\n"
    "<reg name=\"st6\" bitsize=\"80\" type=\"i387_ext\"/>\n"
    "<reg name=\"st7\" bitsize=\"80\" type=\"i387_ext\"/>\n"
    "<reg name=\"fctrl\" bitsize=\"32\" type=\"int\" group=\"float\"/>\n"
    "<reg name=\"fstat\" bitsize=\"32\" type=\"int\" group=\"float\"/>\n"
    "<reg name=\"ftag\" bitsize=\"32\" type=\"int\" group=\"float\"/>\n"
    "<reg name=\"fiseg\" bitsize=\"32\" type=\"int\" group=\"float\"/>\n"
    "<reg name=\"fioff\" bitsize=\"32\" type=\"int\" group=\"float\"/>\n"
    "<reg name=\"foseg\" bitsize=\"32\" type=\"int\" group=\"float\"/>\n"
    "<reg name=\"fooff\" bitsize=\"32\" type=\"int\" group=\"float\"/>\n"
    "<reg name=\"fop\" bitsize=\"32\" type=\"int\" group=\"float\"/>\n"
    "</feature>\n"
    "<feature name=\"org.irqlab.i386.system\">\n"
    "<reg name=\"cr0\" bitsize=\"32\" type=\"int32\" regnum=\"32\" group=\"system\"/>\n"
    "<reg name=\"cr2\" bitsize=\"32\" type=\"int32\" group=\"system\"/>\n"
    "<reg name=\"cr3\" bitsize=\"32\" type=\"int32\" group=\"system\"/>\n"
    "</feature>\n"
    "</target>\n";

void put32(std::string& s, uint32_t v) {
  uint8_t b[4] = {uint8_t(v), uint8_t(v >> 8), uint8_t(v >> 16), uint8_t(v >> 24)};
  s += to_hex(b, 4);
}

// "addr,len" (followed by ':' or end). Returns false when malformed.
bool parse_addr_len(std::string_view s, uint64_t& addr, uint64_t& len) {
  const size_t comma = s.find(',');
  if (comma == std::string_view::npos) return false;
  return parse_hex_u64(s.substr(0, comma), addr) && parse_hex_u64(s.substr(comma + 1), len) &&
         addr <= 0xFFFFFFFFull;
}

}  // namespace

uint32_t Stub::pc() const {
  const cpu::State& st = m_.cpu().state();
  return st.seg[cpu::CS].base + st.eip;
}

os::Process* Stub::target() {
  if (!kern_) return nullptr;
  const auto& procs = kern_->processes();
  if (pid_ == 0) {
    for (const auto& [pid, up] : procs) {
      const os::Process& p = *up;
      if (pid == 1 || !p.alive()) continue;
      const size_t slash = p.exe.find_last_of('/');
      const std::string base = slash == std::string::npos ? p.exe : p.exe.substr(slash + 1);
      if (process_.empty() ? p.from_init : (p.exe == process_ || base == process_)) {
        pid_ = pid;
        break;
      }
    }
    if (pid_ == 0) return nullptr;
  }
  const auto it = procs.find(pid_);
  return it == procs.end() ? nullptr : it->second.get();
}

bool Stub::in_target() {
  const cpu::State& st = m_.cpu().state();
  if (st.cpl != 3 || st.v86()) return false;
  os::Process* p = target();
  return p && p->alive() && kern_->current_ == p && (st.cr3 & ~0xFFFu) == p->as.pd;
}

// The target's registers are the CPU's only while it runs in user mode; else its saved frame.
bool Stub::target_on_cpu() { return !kern_ || in_target(); }

namespace {
// Walk a two-level page directory (4 KiB pages) without side effects.
bool walk(const uint8_t* ram, uint32_t ram_size, uint32_t pd, uint32_t va, uint32_t& pa) {
  auto rd32 = [&](uint32_t a, uint32_t& v) {
    if (uint64_t(a) + 4 > ram_size) return false;
    std::memcpy(&v, ram + a, 4);
    return true;
  };
  uint32_t pde = 0, pte = 0;
  if (!rd32((pd & ~0xFFFu) + (va >> 22) * 4, pde) || !(pde & os::kPteP)) return false;
  if (!rd32((pde & ~0xFFFu) + ((va >> 12) & 0x3FF) * 4, pte) || !(pte & os::kPteP)) return false;
  pa = (pte & ~0xFFFu) | (va & 0xFFF);
  return pa < ram_size;
}
}  // namespace

bool Stub::read_mem(uint32_t lin, uint8_t& v) {
  uint32_t paddr = lin;
  if (kern_) {
    if (lin >= os::kKernelBase) {
      paddr = lin - os::kKernelBase;
    } else {
      os::Process* p = target();
      if (!p || !p->alive()) return false;
      if (!walk(m_.ram(), m_.ram_size(), p->as.pd, lin, paddr)) {
        // Not present: a demand-zero page nobody touched yet reads as zeros.
        const os::Vma* vma = p->as.find(lin);
        if (!vma || vma->shm || !(vma->prot & os::kProtRead)) return false;
        v = 0;
        return true;
      }
    }
  } else if (m_.cpu().state().paging() && !m_.cpu().debug_translate(lin, paddr)) {
    return false;
  }
  if (paddr >= m_.ram_size()) return false;
  v = m_.ram()[paddr];
  return true;
}

bool Stub::write_mem(uint32_t lin, uint8_t v) {
  uint32_t paddr = lin;
  if (kern_) {
    if (lin >= os::kKernelBase) {
      paddr = lin - os::kKernelBase;
    } else {
      os::Process* p = target();
      if (!p || !p->alive()) return false;
      if (kern_->mem_.copy_out(p->as, lin, &v, 1)) return true;  // resolves COW and demand zero
      if (!walk(m_.ram(), m_.ram_size(), p->as.pd, lin, paddr)) return false;
      // A read-only page (text): written in place, as ptrace's POKETEXT would after its COW.
    }
  } else if (m_.cpu().state().paging() && !m_.cpu().debug_translate(lin, paddr)) {
    return false;
  }
  if (paddr >= m_.ram_size()) return false;
  m_.cpu().poke_phys(paddr, v);
  m_.cpu().invalidate_code(paddr, 1);
  return true;
}

std::string Stub::read_regs() {
  const cpu::State& st = m_.cpu().state();
  std::string s;
  os::Process* p = kern_ ? target() : nullptr;
  if (kern_ && !target_on_cpu() && p) {
    const os::TrapFrame& r = p->regs;
    for (uint32_t v : {r.eax, r.ecx, r.edx, r.ebx, r.esp, r.ebp, r.esi, r.edi, r.eip, r.eflags,
                       r.cs, r.ss, r.ds, r.es, r.fs, r.gs})
      put32(s, v);
  } else {
    for (unsigned i = 0; i < 8; ++i) put32(s, st.gpr[i]);
    put32(s, st.eip);
    put32(s, st.eflags);
    for (uint8_t sg : kSegOrder) put32(s, st.seg[sg].selector);
  }
  s.append(8 * 20, '0');  // st0-7
  put32(s, 0x037F);       // fctrl: the FNINIT value
  s.append(7 * 8, '0');   // fstat..fop
  put32(s, st.cr0);
  put32(s, st.cr2);
  put32(s, st.cr3);
  return s;
}

bool Stub::write_reg(unsigned n, const uint8_t* b, size_t len) {
  if (n >= kNumRegs || len != reg_size(n)) return false;
  if (n >= kCoreRegs) return true;  // x87 and control registers: ignored
  cpu::State& st = m_.cpu().state();
  const uint32_t v = uint32_t(b[0]) | uint32_t(b[1]) << 8 | uint32_t(b[2]) << 16 | uint32_t(b[3]) << 24;
  if (kern_ && !target_on_cpu()) {
    os::Process* p = target();
    if (!p) return false;
    os::TrapFrame& r = p->regs;
    uint32_t* gp[10] = {&r.eax, &r.ecx, &r.edx, &r.ebx, &r.esp, &r.ebp, &r.esi, &r.edi, &r.eip, &r.eflags};
    if (n < 10) {
      *gp[n] = n == 9 ? (v & 0x003F7FD5u) | cpu::fl::kFixed1 : v;
      return true;
    }
    const uint32_t seg[6] = {r.cs, r.ss, r.ds, r.es, r.fs, r.gs};
    return seg[n - 10] == (v & 0xFFFF);  // selectors: unchanged only
  }
  if (n < 8) {
    st.gpr[n] = v;
  } else if (n == 8) {
    st.eip = v;
  } else if (n == 9) {
    st.eflags = (v & 0x003F7FD5u) | cpu::fl::kFixed1;
  } else {
    cpu::SegCache& sc = st.seg[kSegOrder[n - 10]];
    if (sc.selector == uint16_t(v)) return true;
    // Real mode (and V86): the base follows the selector. Protected mode: no descriptor reload
    // from a debugger, the write is refused.
    if (st.protected_mode() && !st.v86()) return false;
    sc.selector = uint16_t(v);
    sc.base = uint32_t(uint16_t(v)) << 4;
  }
  m_.cpu().state_changed();
  return true;
}

std::string Stub::xfer_features(std::string_view args) {
  // args: "target.xml:OFFSET,LENGTH"
  const size_t colon = args.find(':');
  if (colon == std::string_view::npos) return "E00";
  if (args.substr(0, colon) != "target.xml") return "E00";
  uint64_t off = 0, len = 0;
  if (!parse_addr_len(args.substr(colon + 1), off, len)) return "E00";
  const std::string_view xml(kTargetXml, sizeof kTargetXml - 1);
  if (off >= xml.size()) return "l";
  const std::string_view part = xml.substr(off, len);
  std::string r(1, off + part.size() >= xml.size() ? 'l' : 'm');
  r.append(part.data(), part.size());
  return r;
}

std::string Stub::exit_reply(sim::Machine::Stop s) {
  exited_ = true;
  running_ = false;
  stepping_ = false;
  machine_stop_ = s;
  if (kern_) {
    if (auto r = target_exit()) return *r;
    return "X09";  // the run ended (cycle limit, a kernel panic) with the target still alive
  }
  if (s == sim::Machine::Stop::Shutdown) return "X0b";  // SIGSEGV for a triple fault
  if (s == sim::Machine::Stop::ExitPort) {
    char buf[8];
    std::snprintf(buf, sizeof buf, "W%02x", unsigned(m_.exit_value() & 0xFF));
    return buf;
  }
  return "W00";
}

void Stub::attach_os(os::Kernel& kernel, std::string process) {
  kern_ = &kernel;
  process_ = std::move(process);
  pid_ = 0;
}

std::optional<std::string> Stub::target_exit() {
  if (!kern_ || pid_ == 0) return std::nullopt;
  os::Process* p = target();
  if (p && p->alive()) return std::nullopt;
  uint32_t status = p ? p->wait_status : 0;
  const auto& ex = kern_->exits();
  for (auto it = ex.rbegin(); it != ex.rend(); ++it) {
    if (it->pid == pid_) {
      status = it->status;
      break;
    }
  }
  exited_ = true;
  running_ = false;
  stepping_ = false;
  char buf[8];
  if (status & 0x7F) {
    // Linux signal numbers -> GDB's (gdb/signals.def) where they differ.
    unsigned sig = status & 0x7F;
    switch (sig) {
      case 7: sig = 10; break;   // SIGBUS
      case 10: sig = 30; break;  // SIGUSR1
      case 12: sig = 31; break;  // SIGUSR2
      case 17: sig = 20; break;  // SIGCHLD
      default: break;
    }
    std::snprintf(buf, sizeof buf, "X%02x", sig);
  } else {
    std::snprintf(buf, sizeof buf, "W%02x", unsigned((status >> 8) & 0xFF));
  }
  return std::string(buf);
}

std::optional<std::string> Stub::machine_step() {
  if (m_.now() >= max_cycles_) return exit_reply(sim::Machine::Stop::CycleLimit);
  const cpu::State& st = m_.cpu().state();
  uint64_t until = m_.now() + 1;
  // HLT waiting for an event: nothing happens before the next one, go there at once.
  if (st.halted && !(st.intr && (st.eflags & cpu::fl::IF)) && !st.nmi_latched)
    until = std::max(until, std::min(m_.events().next_time(), max_cycles_));
  const sim::Machine::Stop s = m_.run(until);
  if (s != sim::Machine::Stop::CycleLimit) return exit_reply(s);
  return std::nullopt;
}

std::optional<std::string> Stub::run_slice_os(uint64_t instructions) {
  cpu::State& st = m_.cpu().state();
  if (!stepping_ && breakpoints_.empty() && watches_.empty() && pid_ != 0) {
    const uint64_t until = std::min(max_cycles_, m_.now() + instructions * 4);
    const sim::Machine::Stop s = m_.run(until);
    if (auto r = target_exit()) return r;
    if (s != sim::Machine::Stop::CycleLimit || m_.now() >= max_cycles_) return exit_reply(s);
    return std::nullopt;
  }
  for (uint64_t i = 0; i < instructions; ++i) {
    if (pid_ == 0 && !target()) {
      // Nothing to stop in before the target exists: short slices (an execve's cost alone is
      // longer, so the slice ends before its first instruction).
      if (m_.now() >= max_cycles_) return exit_reply(sim::Machine::Stop::CycleLimit);
      const sim::Machine::Stop s = m_.run(std::min(max_cycles_, m_.now() + 64));
      if (s != sim::Machine::Stop::CycleLimit) return exit_reply(s);
      continue;
    }
    const bool was_in = in_target();
    const uint64_t before = st.instructions;
    if (auto r = machine_step()) return r;
    if (auto r = target_exit()) return r;
    if (was_in && st.instructions != before) retired_ = true;
    if (!retired_ || !in_target()) continue;
    if (auto w = check_watches()) return w;
    if (stepping_) return std::string("T05");
    if (breakpoints_.count(pc())) return std::string("T05swbreak:;");
  }
  return std::nullopt;
}

bool Stub::settle() {
  if (!kern_) return true;
  running_ = stepping_ = retired_ = true;
  std::optional<std::string> r;
  while (!(r = run_slice(1u << 16))) {
  }
  if (exited_) return false;
  last_stop_ = "S05";
  return true;
}

std::optional<std::string> Stub::check_watches() {
  for (Watch& w : watches_) {
    for (uint32_t i = 0; i < w.len; ++i) {
      uint8_t v = 0;
      read_mem(w.addr + i, v);
      if (v != w.last[i]) {
        for (uint32_t j = 0; j < w.len; ++j) read_mem(w.addr + j, w.last[j]);
        const char* kind = w.type == '2' ? "watch" : w.type == '3' ? "rwatch" : "awatch";
        char buf[64];
        std::snprintf(buf, sizeof buf, "T05%s:%x;", kind, w.addr);
        return std::string(buf);
      }
    }
  }
  return std::nullopt;
}

std::optional<std::string> Stub::step_one() {
  if (m_.now() >= max_cycles_) return exit_reply(sim::Machine::Stop::CycleLimit);
  const sim::Machine::Stop s = m_.run(m_.now() + 1);
  if (s != sim::Machine::Stop::CycleLimit) return exit_reply(s);
  if (auto w = check_watches()) return w;
  return std::nullopt;
}

std::optional<std::string> Stub::run_slice(uint64_t instructions) {
  if (!running_) return std::nullopt;
  std::optional<std::string> r;
  if (kern_) {
    r = run_slice_os(instructions);
  } else if (breakpoints_.empty() && watches_.empty()) {
    const uint64_t until = std::min(max_cycles_, m_.now() + instructions * 4);
    const sim::Machine::Stop s = m_.run(until);
    if (s != sim::Machine::Stop::CycleLimit || m_.now() >= max_cycles_) r = exit_reply(s);
  } else {
    for (uint64_t i = 0; i < instructions && !r; ++i) {
      r = step_one();
      if (!r && breakpoints_.count(pc())) r = "T05swbreak:;";
    }
  }
  if (r) {
    running_ = false;
    stepping_ = false;
    last_stop_ = *r;
  }
  return r;
}

std::optional<std::string> Stub::interrupt() {
  if (!running_) return std::nullopt;
  running_ = false;
  stepping_ = false;
  last_stop_ = "T02";
  return last_stop_;
}

std::optional<std::string> Stub::handle(std::string_view p) {
  if (p.empty()) return std::string();
  const char cmd = p[0];
  const std::string_view a = p.substr(1);
  switch (cmd) {
    case '?':
      return last_stop_;
    case 'g':
      return read_regs();
    case 'G': {
      std::vector<uint8_t> b;
      if (!from_hex(a, b)) return "E01";
      size_t off = 0;
      for (unsigned n = 0; n < kNumRegs && off + reg_size(n) <= b.size(); off += reg_size(n), ++n)
        write_reg(n, b.data() + off, reg_size(n));
      return "OK";
    }
    case 'p': {
      uint64_t n = 0;
      if (!parse_hex_u64(a, n)) return "E01";
      if (n >= kNumRegs) return "E01";
      const std::string all = read_regs();
      size_t off = 0;
      for (unsigned i = 0; i < n; ++i) off += reg_size(i) * 2;
      return all.substr(off, reg_size(unsigned(n)) * 2);
    }
    case 'P': {
      const size_t eq = a.find('=');
      uint64_t n = 0;
      std::vector<uint8_t> b;
      if (eq == std::string_view::npos || !parse_hex_u64(a.substr(0, eq), n) ||
          !from_hex(a.substr(eq + 1), b) || n >= kNumRegs)
        return "E01";
      return write_reg(unsigned(n), b.data(), b.size()) ? "OK" : "E01";
    }
    case 'm': {
      uint64_t addr = 0, len = 0;
      if (!parse_addr_len(a, addr, len)) return "E01";
      if (len > kPacketSize / 2) len = kPacketSize / 2;
      std::vector<uint8_t> b;
      for (uint64_t i = 0; i < len; ++i) {
        uint8_t v = 0;
        if (!read_mem(uint32_t(addr + i), v)) break;
        b.push_back(v);
      }
      if (b.empty() && len > 0) return "E14";
      return to_hex(b.data(), b.size());
    }
    case 'M':
    case 'X': {
      const size_t colon = a.find(':');
      uint64_t addr = 0, len = 0;
      if (colon == std::string_view::npos || !parse_addr_len(a.substr(0, colon), addr, len))
        return "E01";
      std::vector<uint8_t> b;
      const std::string_view data = a.substr(colon + 1);
      if (cmd == 'M') {
        if (!from_hex(data, b)) return "E01";
      } else {
        b.assign(data.begin(), data.end());  // already unescaped by the decoder
      }
      if (b.size() != len) return "E01";
      for (uint64_t i = 0; i < len; ++i)
        if (!write_mem(uint32_t(addr + i), b[i])) return "E14";
      return "OK";
    }
    case 'c':
    case 'C':
      if (exited_) return last_stop_;
      running_ = true;
      stepping_ = retired_ = false;
      return std::nullopt;
    case 's':
    case 'S': {
      if (exited_) return last_stop_;
      if (kern_) {  // asynchronous: run_slice ends it (sim/gdb/stub.h)
        running_ = stepping_ = true;
        retired_ = false;
        return std::nullopt;
      }
      auto r = step_one();
      last_stop_ = r ? *r : "T05";
      return last_stop_;
    }
    case 'v': {
      if (p == "vCont?") return "vCont;c;C;s;S";
      if (p.substr(0, 6) == "vCont;") {
        // One thread: the first action decides.
        const char act = p.size() > 6 ? p[6] : 0;
        if (act == 's' || act == 'S') return handle("s");
        if (act == 'c' || act == 'C') return handle("c");
        if (act == 't') return std::string("OK");
        return std::string("E01");
      }
      if (p.substr(0, 5) == "vKill") {
        killed_ = true;
        return std::string("OK");
      }
      return std::string();
    }
    case 'k':
      killed_ = true;
      return std::nullopt;
    case 'D':
      detached_ = true;
      breakpoints_.clear();
      watches_.clear();
      return std::string("OK");
    case 'H':
      return std::string("OK");
    case 'T':
      return std::string("OK");
    case 'Z':
    case 'z': {
      // Z type,addr,kind
      if (a.size() < 3 || a[1] != ',') return "E01";
      const char type = a[0];
      uint64_t addr = 0, len = 0;
      std::string_view rest = a.substr(2);
      const size_t semi = rest.find(';');
      if (semi != std::string_view::npos) rest = rest.substr(0, semi);  // conditions: ignored
      if (!parse_addr_len(rest, addr, len)) return "E01";
      const bool insert = cmd == 'Z';
      if (type == '0' || type == '1') {
        if (insert)
          breakpoints_.insert(uint32_t(addr));
        else
          breakpoints_.erase(uint32_t(addr));
        return "OK";
      }
      if (type == '2' || type == '3' || type == '4') {
        if (len == 0 || len > 8) return "E01";
        for (auto it = watches_.begin(); it != watches_.end(); ++it) {
          if (it->addr == addr && it->len == len && it->type == type) {
            if (!insert) watches_.erase(it);
            return "OK";
          }
        }
        if (!insert) return "OK";
        Watch w{uint32_t(addr), uint32_t(len), type, std::vector<uint8_t>(len)};
        for (uint32_t i = 0; i < w.len; ++i)
          if (!read_mem(w.addr + i, w.last[i])) return "E14";
        watches_.push_back(std::move(w));
        return "OK";
      }
      return std::string();
    }
    case 'q': {
      if (p.substr(0, 10) == "qSupported") {
        char buf[96];
        std::snprintf(buf, sizeof buf, "PacketSize=%zx;qXfer:features:read+;swbreak+;hwbreak+",
                      kPacketSize);
        return std::string(buf);
      }
      if (p.substr(0, 9) == "qAttached") return std::string("1");
      if (p == "qC") return std::string("QC1");
      if (p == "qfThreadInfo") return std::string("m1");
      if (p == "qsThreadInfo") return std::string("l");
      if (p.substr(0, 20) == "qXfer:features:read:") return xfer_features(p.substr(20));
      if (p == "qOffsets") return std::string("Text=0;Data=0;Bss=0");
      if (p == "qSymbol::") return std::string("OK");
      return std::string();
    }
    default:
      return std::string();  // unsupported: the empty reply
  }
}

}  // namespace irq::gdb
