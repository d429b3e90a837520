// gui/session.h — the debugger's snapshot/command layer (STYLE.md point 10), no ImGui here.
//
// A Session owns the ScenarioRun (and so the Machine). Windows never touch the machine: they read
// the const Snapshot taken between instructions and post Commands, which advance() applies at the
// next instruction boundary. Every way of moving time goes through Machine::run(limit), the same
// call the headless runner makes, so a stepped session and a headless run agree cycle for cycle:
//   step instruction  machine.run(now + 1)   (one instruction or one interrupt delivery)
//   step N cycles     machine.run(now + N)
//   run to cycle C    machine.run(C)
//   run to interrupt  one instruction at a time until the trace gains an isr-enter event
//   run to syscall    the same until a syscall-enter event (the mini OS handles a whole call at one
//                     instruction boundary, so the same step also adds its syscall-exit, block...)
//   run to signal     the same until signal-delivered (a handler's frame is built) or
//                     signal-default (a default action: terminate, core, stop, continue)
//   run / pause       slices of run(); with breakpoints set, one instruction at a time
// Breakpoints are linear addresses (CS.base + EIP). Register edits take any 32-bit value; the CPU
// re-derives its caches (Cpu::state_changed) and faults on the next fetch if the value is absurd.
// Send signal: Kernel::post_signal(pid, sig), what a timeline `signal:` action does; it takes
// effect at the next kernel entry (the next timer tick at the latest), as signal-generated.
// Reload: a scenario that fails to load or build leaves the current machine in place and stores
// the error ("file:line:column: message") in Snapshot::error.
#pragma once
#include <cstdint>
#include <deque>
#include <initializer_list>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "cpu/state.h"
#include "gui/os_snapshot.h"
#include "pic/i8259.h"
#include "sim/runner.h"
#include "sim/trace.h"

namespace irq::gui {

enum class Reg : uint8_t { Eax, Ecx, Edx, Ebx, Esp, Ebp, Esi, Edi, Eip, Eflags };

struct Command {
  enum class Kind : uint8_t {
    StepInstruction, StepCycles, RunToInterrupt, RunToCycle, Run, Pause,
    ToggleBreakpoint, SetRegister, TypeKeys, Reload, Reset,
    RunToSyscall, RunToSignal, SendSignal
  } kind;
  Command(Kind k, uint64_t v = 0, Reg r = Reg::Eax, std::string t = {})
      : kind(k), value(v), reg(r), text(std::move(t)) {}
  uint64_t value = 0;    // cycles, address, register value
  Reg reg = Reg::Eax;    // SetRegister
  std::string text;      // TypeKeys text, Reload path
  int signal = 0;        // SendSignal: the signal (value = the pid)
  static Command send_signal(int pid, int sig) {
    Command c(Kind::SendSignal, uint64_t(pid));
    c.signal = sig;
    return c;
  }
};

// A copy of guest memory: bytes[i] is the byte at base + i (0xFF where unmapped).
struct MemRegion {
  uint32_t base = 0;
  std::vector<uint8_t> bytes;
  bool contains(uint32_t a, uint32_t n) const { return a >= base && a - base + uint64_t(n) <= bytes.size(); }
  uint32_t u32(uint32_t a) const {
    uint32_t v = 0;
    for (unsigned i = 0; i < 4; ++i) v |= uint32_t(contains(a + i, 1) ? bytes[a + i - base] : 0) << (8 * i);
    return v;
  }
  uint16_t u16(uint32_t a) const { return uint16_t(u32(a)); }
};

struct Snapshot {
  cpu::State cpu;
  cpu::State previous;  // at the previous stop (highlight changes)
  bool have_pic = false;
  pic::I8259State master, slave;
  std::string console;
  std::vector<sim::TraceEvent> trace_tail;  // the last kTraceTail events
  uint64_t trace_total = 0;
  MemRegion memory;  // physical, at the memory window's address
  MemRegion code;    // linear, around CS:EIP (kCodeBefore bytes before it)
  MemRegion stack;   // linear, from SS.base + ESP
  MemRegion ivt_idt; // real mode: the IVT (physical 0-0x3FF); protected mode: the IDT (linear)
  MemRegion gdt;     // linear, the GDT (at most kTableBytes)
  std::set<uint32_t> breakpoints;
  bool running = false;
  std::string stop_reason;
  std::optional<sim::TraceEvent> stop_event;  // the event a run-to-X command stopped at
  std::string scenario_path;
  std::string error;  // last reload error, empty when none
  uint64_t clock_hz = 1;
  std::vector<std::string> device_names;
  OsSnapshot os;  // present only when the scenario runs the mini OS
};

class Session {
 public:
  static constexpr size_t kTraceTail = 4096;
  static constexpr uint32_t kCodeBefore = 64, kCodeBytes = 256, kStackBytes = 256,
                            kTableBytes = 2048;
  Session() = default;
  ~Session();
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;
  // Load a scenario; false (and error() set) when it cannot be loaded or built.
  bool load(const std::string& path);
  bool loaded() const { return run_ != nullptr; }
  const std::string& error() const { return error_; }

  void post(Command c) { queue_.push_back(std::move(c)); }
  // Apply queued commands; if running, run for at most `budget_cycles` simulated cycles.
  void advance(uint64_t budget_cycles);
  bool running() const { return running_; }

  // Fill the snapshot; the memory window's region is mem_len physical bytes at mem_base.
  void snapshot(Snapshot& out, uint32_t mem_base, uint32_t mem_len);
  // Direct access for tests and the machine-owning side only.
  sim::Machine* machine() { return run_ ? &run_->machine() : nullptr; }
  const std::set<uint32_t>& breakpoints() const { return breakpoints_; }

  // The primitive operations (also what commands call).
  void step_instruction();
  void step_cycles(uint64_t n);
  void run_to_cycle(uint64_t cycle);
  // Runs until an isr-enter event or `limit` cycles more; true when an interrupt was entered.
  bool run_to_interrupt(uint64_t limit = 100000000);
  // Runs until a syscall-enter event (any pid) or `limit` cycles more; true when one came.
  bool run_to_syscall(uint64_t limit = 100000000);  // (false at once without the mini OS)
  // Runs until a signal-delivered or signal-default event or `limit` cycles more.
  bool run_to_signal(uint64_t limit = 100000000);
  // Posts `sig` for `pid` to the kernel (see above); false (and error() set) when there is no
  // mini OS, no such live process or no such signal.
  bool send_signal(int pid, int sig);
  // The mini OS of the scenario, or null (tests compare with the headless runner's).
  os::Kernel* kernel() { return run_ && run_->os() ? &run_->os()->kernel() : nullptr; }
  void set_register(Reg r, uint32_t value);
  void type_keys(const std::string& text);

 private:
  bool at_breakpoint() const;
  // One instruction at a time until the trace gains an event of one of `kinds`.
  bool run_until_event(std::initializer_list<sim::Ev> kinds, uint64_t limit);
  void count_cpu_time();
  void copy_linear(MemRegion& r, uint32_t base, uint32_t len);
  void copy_physical(MemRegion& r, uint32_t base, uint32_t len);
  bool finished() const;
  void apply(const Command& c);

  std::unique_ptr<sim::ScenarioRun> run_;
  std::string path_;
  std::string error_;
  std::deque<Command> queue_;
  std::set<uint32_t> breakpoints_;
  bool running_ = false;
  std::string stop_reason_;
  cpu::State previous_{};
  sim::Machine::Stop last_stop_ = sim::Machine::Stop::CycleLimit;
  std::optional<sim::TraceEvent> stop_event_;
  // On-CPU cycles per pid, counted from the trace's context-switch events up to trace index
  // cpu_scanned_ (the kernel counts only its own work); cpu_pid_ is on the CPU since cpu_since_.
  std::map<int, uint64_t> cpu_time_;
  size_t cpu_scanned_ = 0;
  int cpu_pid_ = 0;
  uint64_t cpu_since_ = 0;
};

}  // namespace irq::gui
