// sim/trace.h — typed, cycle-stamped trace events (DESIGN.md §7), one category per component.
// The Trace is a plain vector of fixed-size records; emitting costs one branch when disabled.
// Exporters (trace.cpp): JSON Lines, Perfetto/Chrome trace-event JSON, VCD. Expectations of a
// scenario (count/order/latency) read the same records.
#pragma once
#include <cstdint>
#include <iosfwd>
#include <string>
#include <vector>

namespace irq::sim {

// Names as they appear in exports and in scenario expectations ("irq-raised:1", "inta:0x21").
enum class Ev : uint8_t {
  IrqRaised,       // a = IRQ line number (0-15): the line's level went high (any driver)
  IrqLowered,      // a = IRQ line number
  IrrChanged,      // a = chip (0 master, 1 slave), b = old, c = new
  IsrChanged,      // a = chip, b = old, c = new
  ImrChanged,      // a = chip, b = old, c = new
  IntrAsserted,    // the CPU's INTR pin went high
  IntrDeasserted,  // and low
  Inta,            // b = vector on the bus after the second INTA pulse
  Spurious,        // a = line (7 or 15): default IR7 / IR15, no ISR bit set
  IsrEnter,        // b = vector, c = 0 IVT / 1 IDT; an external interrupt was taken
  IntSoftware,     // b = vector (INT n / INT3 / INTO)
  Exception,       // b = vector, c = error code (or ~0u when none)
  Iret,            // b = CS, c = EIP returned to
  Nmi,             // NMI taken
  Eoi,             // a = chip, b = OCW2 value
  Console,         // b = byte written to the console (UART or port 0xE9)
  Halt,            // CPU executed HLT
  Shutdown,        // triple fault
  Device,          // a = device index, b/c = device specific (e.g. PIT channel output)
  Note,            // free-form marker from the timeline (b = index into Trace::notes())
  // The mini OS (os/), one category: b = pid of the process concerned unless said otherwise.
  SyscallEnter,    // b = pid, c = system call number (eax)
  SyscallExit,     // b = pid, c = result (eax as returned: negative errno as uint32)
  ContextSwitch,   // b = pid switched from (0 = idle), c = pid switched to (0 = idle)
  ProcessCreated,  // b = pid, c = parent pid
  ProcessExited,   // b = pid, c = Linux wait status (exit code << 8, or signal | 0x80 core)
  SignalGenerated, // a = signal, b = target pid, c = sender pid (0 = the kernel)
  SignalBlocked,   // a = signal, b = pid: generated while blocked, stays pending
  SignalDelivered, // a = signal, b = pid, c = handler address: a frame is built on the user stack
  SignalHandler,   // a = signal, b = pid, c = EIP: the IRET that enters the handler completed
  SignalReturn,    // a = signal, b = pid: sigreturn/rt_sigreturn restored the interrupted context
  SignalIgnored,   // a = signal, b = pid: discarded (SIG_IGN, or a default action of ignore)
  SignalDefault,   // a = signal, b = pid, c = action (0 terminate, 1 core, 2 stop, 3 continue)
  TtyInput,        // a = byte the line discipline received (after scan-code translation)
  KernelPanic,     // b = vector, c = EIP of a fault taken in kernel mode
  UnknownSyscall,  // b = pid, c = system call number answered with -ENOSYS
  OomKill,         // b = pid killed because no physical frame was left
  Block,           // b = pid, c = system call number: the call waits (pipe, FIFO, tty, msg, sem...)
  Wake,            // b = pid: a blocked process became runnable (its call is run again)
  PipeRead,        // b = pid, c = bytes read from a pipe or FIFO
  PipeWrite,       // b = pid, c = bytes written to a pipe or FIFO
  MsgSend,         // b = pid, c = message queue id: a message was queued (or handed to a receiver)
  MsgReceive,      // b = pid, c = message queue id: a message was taken off the queue
  SemOp,           // b = pid, c = semaphore array id: a semop completed
  ShmAttach,       // b = pid, c = shared memory id: shmat mapped the segment (nattch + 1)
  ShmDetach,       // b = pid, c = shared memory id: shmdt, exit or exec unmapped it (nattch - 1)
  FutexWait,       // b = pid, c = user address: FUTEX_WAIT found the expected value and sleeps
  FutexWake,       // b = pid, c = user address, a = waiters woken (at most 255 shown)
  kCount
};
const char* event_name(Ev kind);
// Parse "irq-raised" etc.; false if unknown.
bool parse_event_name(const std::string& name, Ev& out);

struct TraceEvent {
  uint64_t cycle;
  Ev kind;
  uint8_t a;
  uint32_t b;
  uint32_t c;
};

class Trace {
 public:
  bool enabled() const { return enabled_; }
  void set_enabled(bool on) { enabled_ = on; }
  void emit(uint64_t cycle, Ev kind, uint8_t a = 0, uint32_t b = 0, uint32_t c = 0) {
    if (!enabled_) return;
    events_.push_back(TraceEvent{cycle, kind, a, b, c});
  }
  const std::vector<TraceEvent>& events() const { return events_; }
  std::vector<std::string>& notes() { return notes_; }
  void clear() { events_.clear(); notes_.clear(); }
  // FNV-1a over every field of every event: the golden-trace hash of a scenario run.
  uint64_t hash() const;

  void write_jsonl(std::ostream& out) const;
  void write_perfetto(std::ostream& out, uint64_t clock_hz) const;
  void write_vcd(std::ostream& out, uint64_t clock_hz) const;

 private:
  bool enabled_ = false;
  std::vector<TraceEvent> events_;
  std::vector<std::string> notes_;
};

}  // namespace irq::sim
