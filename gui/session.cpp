// gui/session.cpp — see session.h.
#include "gui/session.h"

#include <algorithm>
#include <exception>

#include "sim/devices/keyboard.h"
#include "sim/scenario.h"

namespace irq::gui {

namespace {
#ifdef IRQ_GUI_TMP_DIR
const char* const kTmpDir = IRQ_GUI_TMP_DIR;
#else
const char* const kTmpDir = "/tmp";
#endif
uint32_t pc_base(const cpu::State& st) { return st.seg[cpu::CS].base + st.eip; }

void discard(std::unique_ptr<sim::ScenarioRun>& run) { run.reset(); }
}  // namespace

Session::~Session() { discard(run_); }

bool Session::load(const std::string& path) {
  try {
    sim::ScenarioSpec spec = sim::load_scenario(path);
    sim::check_buildable(spec);
    sim::RunOptions opt;
    opt.trace = true;  // the event log and the waveform read the trace
    opt.tmp_dir = kTmpDir;
    auto fresh = std::make_unique<sim::ScenarioRun>(spec, opt);
    discard(run_);
    run_ = std::move(fresh);
    path_ = path;
    error_.clear();
    running_ = false;
    stop_reason_ = "loaded";
    stop_event_.reset();
    cpu_time_.clear();
    cpu_scanned_ = 0;
    cpu_pid_ = 0;
    cpu_since_ = 0;
    previous_ = run_->machine().cpu().state();
    return true;
  } catch (const std::exception& e) {
    error_ = e.what();  // ScenarioError: "file:line:column: message"
    return false;
  }
}

bool Session::finished() const {
  if (!run_) return true;
  const cpu::State& st = run_->machine().cpu().state();
  return st.shutdown || st.cycles >= run_->max_cycles();
}

bool Session::at_breakpoint() const {
  if (breakpoints_.empty() || !run_) return false;
  const cpu::State& st = run_->machine().cpu().state();
  return breakpoints_.count(st.seg[cpu::CS].base + st.eip) != 0;
}

void Session::step_instruction() {
  if (!run_) return;
  sim::Machine& m = run_->machine();
  last_stop_ = m.run(m.now() + 1);
}

void Session::step_cycles(uint64_t n) {
  if (!run_) return;
  sim::Machine& m = run_->machine();
  last_stop_ = m.run(m.now() + n);
}

void Session::run_to_cycle(uint64_t cycle) {
  if (!run_) return;
  last_stop_ = run_->machine().run(cycle);
}

bool Session::run_until_event(std::initializer_list<sim::Ev> kinds, uint64_t limit) {
  stop_event_.reset();
  if (!run_) return false;
  sim::Machine& m = run_->machine();
  const auto& ev = m.trace().events();
  const uint64_t end = m.now() + limit;
  while (m.now() < end) {
    const size_t before = ev.size();
    const uint64_t at = m.now();
    last_stop_ = m.run(at + 1);
    for (size_t i = before; i < ev.size(); ++i)
      for (sim::Ev k : kinds)
        if (ev[i].kind == k) { stop_event_ = ev[i]; return true; }
    if (m.now() == at) return false;  // halted for good, shutdown or exit port: nothing moves
  }
  return false;
}

bool Session::run_to_interrupt(uint64_t limit) { return run_until_event({sim::Ev::IsrEnter}, limit); }
// Without the mini OS neither event can come: nothing moves.
bool Session::run_to_syscall(uint64_t limit) {
  if (!kernel()) { stop_event_.reset(); return false; }
  return run_until_event({sim::Ev::SyscallEnter}, limit);
}
bool Session::run_to_signal(uint64_t limit) {
  if (!kernel()) { stop_event_.reset(); return false; }
  return run_until_event({sim::Ev::SignalDelivered, sim::Ev::SignalDefault}, limit);
}

bool Session::send_signal(int pid, int sig) {
  os::Kernel* k = kernel();
  if (!k) { error_ = "send signal: this scenario has no mini OS"; return false; }
  if (sig < 1 || sig > 64) { error_ = "send signal: no signal " + std::to_string(sig); return false; }
  auto it = k->processes().find(pid);
  if (pid == 1 || it == k->processes().end() || !it->second->alive()) {
    error_ = "send signal: no live process " + std::to_string(pid);
    return false;
  }
  k->post_signal("", pid, sig);
  return true;
}

void Session::count_cpu_time() {
  const auto& ev = run_->machine().trace().events();
  if (ev.size() < cpu_scanned_) {  // the trace was cleared: start over
    cpu_time_.clear();
    cpu_scanned_ = 0;
    cpu_pid_ = 0;
  }
  for (; cpu_scanned_ < ev.size(); ++cpu_scanned_) {
    const sim::TraceEvent& e = ev[cpu_scanned_];
    if (e.kind != sim::Ev::ContextSwitch) continue;
    if (cpu_pid_) cpu_time_[cpu_pid_] += e.cycle - cpu_since_;
    cpu_pid_ = int(e.c);
    cpu_since_ = e.cycle;
  }
}

void Session::set_register(Reg r, uint32_t value) {
  if (!run_) return;
  cpu::Cpu& c = run_->machine().cpu();
  cpu::State& st = c.state();
  switch (r) {
    case Reg::Eip:
      // Any value: beyond the CS limit the next fetch raises #GP like on the real part.
      st.eip = value;
      break;
    case Reg::Eflags:
      // Bits that do not exist read 0, bit 1 reads 1; VM is not modelled (virtual-8086 unsupported).
      st.eflags = (value & cpu::fl::kWritable & ~cpu::fl::VM) | cpu::fl::kFixed1;
      break;
    default:
      st.gpr[unsigned(r)] = value;
      break;
  }
  c.state_changed();
}

void Session::type_keys(const std::string& text) {
  if (!run_) return;
  for (const auto& d : run_->machine().devices()) {
    if (auto* k = dynamic_cast<sim::Keyboard*>(d.get())) {
      try {
        k->type_text(text);
      } catch (const std::exception& e) {
        error_ = e.what();
      }
      return;
    }
  }
  error_ = "no keyboard on this machine";
}

void Session::apply(const Command& c) {
  using K = Command::Kind;
  if (c.kind != K::Run && c.kind != K::Pause && c.kind != K::SendSignal && c.kind != K::ToggleBreakpoint && run_)
    previous_ = run_->machine().cpu().state();
  if (c.kind == K::StepInstruction || c.kind == K::StepCycles || c.kind == K::RunToCycle || c.kind == K::Run)
    stop_event_.reset();
  switch (c.kind) {
    case Command::Kind::StepInstruction: running_ = false; step_instruction(); stop_reason_ = "step"; break;
    case Command::Kind::StepCycles: running_ = false; step_cycles(c.value); stop_reason_ = "step cycles"; break;
    case Command::Kind::RunToInterrupt:
      running_ = false;
      stop_reason_ = run_to_interrupt() ? "isr-enter" : "no interrupt";
      break;
    case Command::Kind::RunToSyscall:
      running_ = false;
      stop_reason_ = run_to_syscall() ? "syscall-enter" : "no syscall";
      break;
    case Command::Kind::RunToSignal:
      running_ = false;
      stop_reason_ = run_to_signal() ? sim::event_name(stop_event_->kind) : "no signal delivery";
      break;
    case Command::Kind::SendSignal: send_signal(int(c.value), c.signal); break;
    case Command::Kind::RunToCycle: running_ = false; run_to_cycle(c.value); stop_reason_ = "cycle reached"; break;
    case Command::Kind::Run: if (run_) { previous_ = run_->machine().cpu().state(); running_ = true; } break;
    case Command::Kind::Pause: running_ = false; stop_reason_ = "paused"; break;
    case Command::Kind::ToggleBreakpoint: {
      const uint32_t a = uint32_t(c.value);
      if (!breakpoints_.erase(a)) breakpoints_.insert(a);
      break;
    }
    case Command::Kind::SetRegister: set_register(c.reg, uint32_t(c.value)); break;
    case Command::Kind::TypeKeys: type_keys(c.text); break;
    case Command::Kind::Reload: load(c.text.empty() ? path_ : c.text); break;
    case Command::Kind::Reset: if (!path_.empty()) load(path_); break;
  }
}

void Session::advance(uint64_t budget_cycles) {
  while (!queue_.empty()) {
    Command c = std::move(queue_.front());
    queue_.pop_front();
    apply(c);
  }
  if (!running_ || !run_) return;
  sim::Machine& m = run_->machine();
  const uint64_t end = std::min(m.now() + budget_cycles, run_->max_cycles());
  if (breakpoints_.empty()) {
    last_stop_ = m.run(end);
  } else {
    // One instruction at a time; leave the breakpoint we are sitting on first.
    // (A zero budget moves nothing and so never "hits" the breakpoint EIP is sitting on.)
    while (m.now() < end) {
      const uint64_t at = m.now();
      last_stop_ = m.run(at + 1);
      if (at_breakpoint()) { running_ = false; stop_reason_ = "breakpoint"; return; }
      if (m.now() == at) break;
    }
  }
  if (last_stop_ != sim::Machine::Stop::CycleLimit || finished()) {
    running_ = false;
    stop_reason_ = sim::Machine::describe(last_stop_);
  }
}

void Session::copy_physical(MemRegion& r, uint32_t base, uint32_t len) {
  cpu::Cpu& c = run_->machine().cpu();
  r.base = base;
  r.bytes.resize(len);
  for (uint32_t i = 0; i < len; ++i) r.bytes[i] = c.peek_phys(base + i);
}

void Session::copy_linear(MemRegion& r, uint32_t base, uint32_t len) {
  cpu::Cpu& c = run_->machine().cpu();
  r.base = base;
  r.bytes.resize(len);
  for (uint32_t i = 0; i < len; ++i) {
    uint32_t pa = 0;
    r.bytes[i] = c.debug_translate(base + i, pa) ? c.peek_phys(pa) : 0xFF;
  }
}

void Session::snapshot(Snapshot& out, uint32_t mem_base, uint32_t mem_len) {
  out.breakpoints = breakpoints_;
  out.running = running_;
  out.stop_reason = stop_reason_;
  out.scenario_path = path_;
  out.error = error_;
  out.stop_event = stop_event_;
  out.os = OsSnapshot{};
  if (!run_) return;
  sim::Machine& m = run_->machine();
  out.cpu = m.cpu().state();
  out.previous = previous_;
  out.clock_hz = m.config().clock_hz;
  out.have_pic = m.master() != nullptr;
  if (out.have_pic) {
    out.master = m.master()->state();
    out.slave = m.slave()->state();
  }
  out.console = m.console();
  const auto& ev = m.trace().events();
  out.trace_total = ev.size();
  const size_t from = ev.size() > kTraceTail ? ev.size() - kTraceTail : 0;
  out.trace_tail.assign(ev.begin() + long(from), ev.end());
  const cpu::State& st = out.cpu;
  copy_physical(out.memory, mem_base, mem_len);
  copy_linear(out.code, pc_base(st) - kCodeBefore, kCodeBytes);
  copy_linear(out.stack, st.seg[cpu::SS].base + (st.seg[cpu::SS].big() ? st.gpr[cpu::ESP] : (st.gpr[cpu::ESP] & 0xFFFF)), kStackBytes);
  if (st.protected_mode())
    copy_linear(out.ivt_idt, st.idtr.base, std::min<uint32_t>(uint32_t(st.idtr.limit) + 1, kTableBytes));
  else
    copy_physical(out.ivt_idt, 0, 0x400);
  copy_linear(out.gdt, st.gdtr.base, std::min<uint32_t>(uint32_t(st.gdtr.limit) + 1, kTableBytes));
  out.device_names.clear();
  for (const auto& d : m.devices()) out.device_names.push_back(d->name());
  if (run_->os()) {
    count_cpu_time();
    std::map<int, uint64_t> on_cpu = cpu_time_;
    if (cpu_pid_) on_cpu[cpu_pid_] += m.now() - cpu_since_;  // the one on the CPU now
    take_os_snapshot(run_->os()->kernel(), on_cpu, out.os);
  }
}

}  // namespace irq::gui
