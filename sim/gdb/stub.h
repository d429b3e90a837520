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
#pragma once
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "sim/machine.h"

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

  sim::Machine& m_;
  uint64_t max_cycles_;
  bool running_ = false, killed_ = false, detached_ = false, exited_ = false;
  std::optional<sim::Machine::Stop> machine_stop_;
  std::string last_stop_ = "S05";
  std::set<uint32_t> breakpoints_;
  std::vector<Watch> watches_;
};

}  // namespace irq::gdb
