// sim/gdb/stub.h — the GDB target logic against a Machine (no sockets: packet in, reply out).
//
// Registers: the "org.gnu.gdb.i386.core" feature (eax..edi, eip, eflags, cs ss ds es fs gs, then
//   the x87 registers gdb requires in that feature: always read as 0, writes ignored) and an extra
//   feature "org.irqlab.i386.system" with cr0, cr2, cr3 (read-only).
// Addresses: m/M/X/Z take linear addresses, translated with Cpu::debug_translate when paging is on;
//   unmapped or beyond RAM -> E14. Breakpoints compare the linear pc (CS base + EIP).
// Breakpoints (Z0 and Z1 alike) are a set of linear addresses checked between instructions; guest
//   memory is never patched. Watchpoints (Z2/Z3/Z4) compare the watched bytes between
//   instructions: a read-only access (Z3, and the read half of Z4) cannot be seen that way, so
//   rwatch/awatch only fire when the value changes (a documented deviation).
// Running: continue executes in slices (run_slice), stepping one instruction at a time (a
//   Machine::run to now+1) while breakpoints or watchpoints are set, else in cycle slices.
//
// The mini OS (attach_os, `irqlab exec --gdb`, `irqlab run --gdb` with an os: section): the stub
//   debugs one process, the first one started (an InitSpec: pid 2 under exec) or the first whose
//   program path or basename is `process` (bound when it appears; its forked children are other
//   processes). "In the target" means CPL 3 with current_ == that process and its page directory
//   in CR3. Breakpoints and watchpoints are checked only there, after an instruction of the target
//   retired (a watched value the kernel changed, e.g. read() into it, is reported at the target's
//   next instruction). Single-step (s, vCont;s) runs the machine until one instruction of the
//   target retired and the CPU is back in the target: a step over `int 0x80` ends after it, an
//   interrupt, the kernel or other processes in between are run through (a step is asynchronous,
//   like continue: 0x03 stops it). m/M/X use the target's page tables whoever runs (an untouched
//   demand-zero page reads as zeros; writes go through Memory::copy_out, so they break COW, and a
//   read-only page is written in place); addresses at or above 0xC0000000 are the kernel's
//   (physical + 0xC0000000). g/G/p/P: the CPU's registers when the target is on the CPU in user
//   mode, else its saved user frame (Process::regs; writes land there and take effect when it
//   next returns to user mode). The target's exit is `W<status>` (or `X<signal>` when killed);
//   then the server stops and the rest of the run goes on without the debugger.
//   settle() runs the machine to the target's first user instruction (its ELF entry point) so
//   that a client connects to a stopped process.
#pragma once
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "sim/machine.h"

namespace irq::os { class Kernel; struct Process; }

namespace irq::gdb {

class Stub {
 public:
  static constexpr size_t kPacketSize = 4096;
  Stub(sim::Machine& machine, uint64_t max_cycles) : m_(machine), max_cycles_(max_cycles) {}

  // One packet (already unframed). Returns the reply payload, or nullopt when the target was
  // resumed (the reply comes later from run_slice/interrupt) or for 'k'.
  std::optional<std::string> handle(std::string_view packet);
  bool running() const { return running_; }
  // Run up to `instructions` steps (or an equivalent cycle slice); a stop reply when it stops.
  std::optional<std::string> run_slice(uint64_t instructions);
  // Ctrl-C: stop a running target; returns "T02" when it was running.
  std::optional<std::string> interrupt();
  void pause() { running_ = false; }  // client gone: keep the state, stop running

  // Debug one process of the mini OS (see the top comment); process "" = the first started.
  void attach_os(os::Kernel& kernel, std::string process);
  // Run until the target process is on the CPU in user mode (its first instruction). False when
  // the machine stopped first or the limit passed (then last_stop() says why: W/X).
  bool settle();
  int target_pid() const { return pid_; }
  const std::string& last_stop() const { return last_stop_; }

  bool killed() const { return killed_; }
  bool detached() const { return detached_; }
  bool exited() const { return exited_; }
  std::optional<sim::Machine::Stop> machine_stop() const { return machine_stop_; }

 private:
  struct Watch {
    uint32_t addr, len;
    char type;  // '2' write, '3' read, '4' access
    std::vector<uint8_t> last;
  };
  std::string stop_reply() const;
  std::string read_regs();
  bool write_reg(unsigned n, const uint8_t* bytes, size_t len);
  bool read_mem(uint32_t lin, uint8_t& v);
  bool write_mem(uint32_t lin, uint8_t v);
  std::string xfer_features(std::string_view args);
  std::optional<std::string> step_one();  // one instruction; reply on a stop, nullopt otherwise
  std::optional<std::string> check_watches();
  std::string exit_reply(sim::Machine::Stop s);
  uint32_t pc() const;
  // The mini OS target (null before it is bound or without attach_os).
  os::Process* target();
  bool in_target();
  std::optional<std::string> machine_step();  // one instruction or interrupt delivery
  std::optional<std::string> target_exit();   // W/X once the target is gone
  std::optional<std::string> run_slice_os(uint64_t instructions);
  bool target_on_cpu();

  sim::Machine& m_;
  uint64_t max_cycles_;
  bool running_ = false, killed_ = false, detached_ = false, exited_ = false;
  std::optional<sim::Machine::Stop> machine_stop_;
  std::string last_stop_ = "S05";
  std::set<uint32_t> breakpoints_;
  std::vector<Watch> watches_;
  // The mini OS target.
  os::Kernel* kern_ = nullptr;
  std::string process_;
  int pid_ = 0;
  bool stepping_ = false;  // an asynchronous step in progress
  bool retired_ = false;   // an instruction of the target retired since the resume
};

}  // namespace irq::gdb
