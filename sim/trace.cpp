// sim/trace.cpp — event names, the golden-trace hash and the three exporters (DESIGN.md §7).
// Times are exact integers: ns = cycle * 1e9 / clock_hz (128-bit intermediate, rounded down).
#include "sim/trace.h"

#include <algorithm>
#include <cstdio>
#include <ostream>

namespace irq::sim {

namespace {

constexpr const char* kNames[] = {
    "irq-raised", "irq-lowered", "irr-changed", "isr-changed", "imr-changed", "intr-asserted",
    "intr-deasserted", "inta", "spurious", "isr-enter", "int-software", "exception", "iret",
    "nmi", "eoi", "console", "halt", "shutdown", "device", "note",
    "syscall-enter", "syscall-exit", "context-switch", "process-created", "process-exited",
    "signal-generated", "signal-blocked", "signal-delivered", "signal-handler", "signal-return",
    "signal-ignored", "signal-default", "tty-input", "kernel-panic", "unknown-syscall", "oom-kill",
    "block", "wake", "pipe-read", "pipe-write", "msg-send", "msg-receive", "sem-op",
    "shm-attach", "shm-detach", "futex-wait", "futex-wake",
};
static_assert(sizeof kNames / sizeof kNames[0] == size_t(Ev::kCount), "one name per event kind");

// Nanoseconds since reset for a cycle count (exact integer arithmetic, rounded down).
uint64_t cycles_to_ns(uint64_t cycle, uint64_t clock_hz) {
  if (clock_hz == 0) return 0;
  return uint64_t((unsigned __int128)cycle * 1000000000u / clock_hz);
}

// Microseconds with three fractional digits ("12.345"), from the nanosecond count.
std::string us_string(uint64_t ns) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "%llu.%03llu", (unsigned long long)(ns / 1000),
                (unsigned long long)(ns % 1000));
  return buf;
}

void json_string(std::ostream& out, const std::string& s) {
  out << '"';
  for (const char ch : s) {
    const unsigned char c = static_cast<unsigned char>(ch);
    switch (c) {
      case '"': out << "\\\""; break;
      case '\\': out << "\\\\"; break;
      case '\n': out << "\\n"; break;
      case '\r': out << "\\r"; break;
      case '\t': out << "\\t"; break;
      default:
        if (c < 0x20 || c >= 0x7F) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", c);
          out << buf;
        } else {
          out << ch;
        }
    }
  }
  out << '"';
}

const char* chip_name(uint8_t a) { return a == 0 ? "master" : "slave"; }

// The kind-specific fields of one event as JSON members (each preceded by a comma).
void json_fields(std::ostream& out, const TraceEvent& e, const std::vector<std::string>& notes) {
  switch (e.kind) {
    case Ev::IrqRaised:
    case Ev::IrqLowered:
    case Ev::Spurious:
      out << ",\"line\":" << unsigned(e.a);
      break;
    case Ev::IrrChanged:
    case Ev::IsrChanged:
    case Ev::ImrChanged:
      out << ",\"chip\":\"" << chip_name(e.a) << "\",\"old\":" << e.b << ",\"new\":" << e.c;
      break;
    case Ev::IntrAsserted:
    case Ev::IntrDeasserted:
    case Ev::Halt:
    case Ev::Shutdown:
    case Ev::kCount:
      break;
    case Ev::Inta:
    case Ev::IntSoftware:
    case Ev::Nmi:
      out << ",\"vector\":" << e.b;
      break;
    case Ev::IsrEnter:
      out << ",\"vector\":" << e.b << ",\"table\":\"" << (e.c ? "idt" : "ivt") << '"';
      break;
    case Ev::Exception:
      out << ",\"vector\":" << e.b;
      if (e.c != ~0u) out << ",\"error\":" << e.c;
      break;
    case Ev::Iret:
      out << ",\"cs\":" << e.b << ",\"eip\":" << e.c;
      break;
    case Ev::Eoi:
      out << ",\"chip\":\"" << chip_name(e.a) << "\",\"value\":" << e.b;
      break;
    case Ev::Console:
      out << ",\"byte\":" << e.b;
      break;
    case Ev::Device:
      out << ",\"device\":" << unsigned(e.a) << ",\"b\":" << e.b << ",\"c\":" << e.c;
      break;
    case Ev::SyscallEnter:
    case Ev::UnknownSyscall:
      out << ",\"pid\":" << e.b << ",\"nr\":" << e.c;
      break;
    case Ev::SyscallExit:
      out << ",\"pid\":" << e.b << ",\"result\":" << int32_t(e.c);
      break;
    case Ev::ContextSwitch:
      out << ",\"from\":" << e.b << ",\"to\":" << e.c;
      break;
    case Ev::ProcessCreated:
      out << ",\"pid\":" << e.b << ",\"parent\":" << e.c;
      break;
    case Ev::ProcessExited:
      out << ",\"pid\":" << e.b << ",\"status\":" << e.c;
      break;
    case Ev::SignalGenerated:
      out << ",\"signal\":" << unsigned(e.a) << ",\"pid\":" << e.b << ",\"sender\":" << e.c;
      break;
    case Ev::SignalDelivered:
      out << ",\"signal\":" << unsigned(e.a) << ",\"pid\":" << e.b << ",\"handler\":" << e.c;
      break;
    case Ev::SignalHandler:
      out << ",\"signal\":" << unsigned(e.a) << ",\"pid\":" << e.b << ",\"eip\":" << e.c;
      break;
    case Ev::SignalDefault:
      out << ",\"signal\":" << unsigned(e.a) << ",\"pid\":" << e.b << ",\"action\":" << e.c;
      break;
    case Ev::SignalBlocked:
    case Ev::SignalReturn:
    case Ev::SignalIgnored:
      out << ",\"signal\":" << unsigned(e.a) << ",\"pid\":" << e.b;
      break;
    case Ev::TtyInput:
      out << ",\"byte\":" << unsigned(e.a);
      break;
    case Ev::KernelPanic:
      out << ",\"vector\":" << e.b << ",\"eip\":" << e.c;
      break;
    case Ev::OomKill:
    case Ev::Wake:
      out << ",\"pid\":" << e.b;
      break;
    case Ev::Block:
      out << ",\"pid\":" << e.b << ",\"nr\":" << e.c;
      break;
    case Ev::PipeRead:
    case Ev::PipeWrite:
      out << ",\"pid\":" << e.b << ",\"bytes\":" << e.c;
      break;
    case Ev::MsgSend:
    case Ev::MsgReceive:
      out << ",\"pid\":" << e.b << ",\"msqid\":" << e.c;
      break;
    case Ev::SemOp:
      out << ",\"pid\":" << e.b << ",\"semid\":" << e.c;
      break;
    case Ev::ShmAttach:
    case Ev::ShmDetach:
      out << ",\"pid\":" << e.b << ",\"shmid\":" << e.c;
      break;
    case Ev::FutexWait:
      out << ",\"pid\":" << e.b << ",\"uaddr\":" << e.c;
      break;
    case Ev::FutexWake:
      out << ",\"pid\":" << e.b << ",\"uaddr\":" << e.c << ",\"woken\":" << unsigned(e.a);
      break;
    case Ev::Note:
      out << ",\"index\":" << e.b;
      if (e.b < notes.size()) {
        out << ",\"text\":";
        json_string(out, notes[e.b]);
      }
      break;
  }
}

}  // namespace

const char* event_name(Ev kind) {
  const size_t i = size_t(kind);
  return i < size_t(Ev::kCount) ? kNames[i] : "?";
}

bool parse_event_name(const std::string& name, Ev& out) {
  for (size_t i = 0; i < size_t(Ev::kCount); ++i) {
    if (name == kNames[i]) {
      out = Ev(i);
      return true;
    }
  }
  return false;
}

uint64_t Trace::hash() const {
  // FNV-1a, 64-bit; every field in little-endian byte order, so the hash is host-independent.
  uint64_t h = 0xcbf29ce484222325ull;
  auto mix = [&h](uint64_t v, unsigned bytes) {
    for (unsigned i = 0; i < bytes; ++i) {
      h ^= (v >> (8 * i)) & 0xFF;
      h *= 0x100000001b3ull;
    }
  };
  for (const TraceEvent& e : events_) {
    mix(e.cycle, 8);
    mix(uint64_t(e.kind), 1);
    mix(e.a, 1);
    mix(e.b, 4);
    mix(e.c, 4);
  }
  return h;
}

void Trace::write_jsonl(std::ostream& out) const {
  for (const TraceEvent& e : events_) {
    out << "{\"cycle\":" << e.cycle << ",\"event\":\"" << event_name(e.kind) << '"';
    json_fields(out, e, notes_);
    out << "}\n";
  }
}

// Chrome trace-event format (Perfetto reads it): one process "irqlab", threads "cpu" (interrupt
// slices from delivery to IRET), "pic" (INTA, spurious, EOI, halt ... as instants) and "console"
// (one instant per byte); IRQ lines, INTR and the PIC registers as counter tracks.
void Trace::write_perfetto(std::ostream& out, uint64_t clock_hz) const {
  constexpr int kPid = 1, kCpu = 1, kPic = 2, kConsole = 3;
  out << "{\"traceEvents\":[\n";
  out << "{\"name\":\"process_name\",\"ph\":\"M\",\"pid\":" << kPid
      << ",\"tid\":0,\"args\":{\"name\":\"irqlab\"}}";
  const std::pair<int, const char*> threads[] = {{kCpu, "cpu"}, {kPic, "pic"}, {kConsole, "console"}};
  for (const auto& [tid, name] : threads)
    out << ",\n{\"name\":\"thread_name\",\"ph\":\"M\",\"pid\":" << kPid << ",\"tid\":" << tid
        << ",\"args\":{\"name\":\"" << name << "\"}}";

  auto head = [&](const char* ph, const std::string& name, uint64_t cycle, int tid) {
    out << ",\n{\"name\":";
    json_string(out, name);
    out << ",\"ph\":\"" << ph << "\",\"ts\":" << us_string(cycles_to_ns(cycle, clock_hz))
        << ",\"pid\":" << kPid << ",\"tid\":" << tid;
  };
  auto instant = [&](const std::string& name, uint64_t cycle, int tid, const TraceEvent& e) {
    head("i", name, cycle, tid);
    out << ",\"s\":\"t\",\"args\":{\"cycle\":" << cycle;
    json_fields(out, e, notes_);
    out << "}}";
  };
  auto counter = [&](const std::string& name, uint64_t cycle, uint64_t value) {
    head("C", name, cycle, 0);
    out << ",\"args\":{\"value\":" << value << "}}";
  };
  auto hex = [](uint32_t v) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "0x%02x", unsigned(v));
    return std::string(buf);
  };

  constexpr int kGuestBase = 1000, kRun = 1, kSys = 2, kSig = 3;
  std::vector<bool> named;  // guest pids that have their process/thread names
  auto guest = [&](uint32_t pid) {
    if (pid < named.size() && named[pid]) return;
    if (pid >= named.size()) named.resize(pid + 1, false);
    named[pid] = true;
    const int p = kGuestBase + int(pid);
    out << ",\n{\"name\":\"process_name\",\"ph\":\"M\",\"pid\":" << p << ",\"tid\":0,\"args\":{\"name\":\"pid "
        << pid << "\"}}";
    const std::pair<int, const char*> t[] = {{kRun, "cpu"}, {kSys, "syscalls"}, {kSig, "signals"}};
    for (const auto& [tid, name] : t)
      out << ",\n{\"name\":\"thread_name\",\"ph\":\"M\",\"pid\":" << p << ",\"tid\":" << tid
          << ",\"args\":{\"name\":\"" << name << "\"}}";
  };
  unsigned open_slices = 0;
  uint64_t last_cycle = 0;
  for (const TraceEvent& e : events_) {
    last_cycle = std::max(last_cycle, e.cycle);
    switch (e.kind) {
      case Ev::IrqRaised:
      case Ev::IrqLowered:
        counter("IRQ" + std::to_string(e.a), e.cycle, e.kind == Ev::IrqRaised ? 1 : 0);
        break;
      case Ev::IntrAsserted:
      case Ev::IntrDeasserted:
        counter("INTR", e.cycle, e.kind == Ev::IntrAsserted ? 1 : 0);
        break;
      case Ev::IrrChanged:
        counter(std::string(chip_name(e.a)) + " IRR", e.cycle, e.c);
        break;
      case Ev::IsrChanged:
        counter(std::string(chip_name(e.a)) + " ISR", e.cycle, e.c);
        break;
      case Ev::ImrChanged:
        counter(std::string(chip_name(e.a)) + " IMR", e.cycle, e.c);
        break;
      case Ev::IsrEnter:
      case Ev::IntSoftware:
      case Ev::Exception:
      case Ev::Nmi: {
        const char* what = e.kind == Ev::IsrEnter      ? "irq "
                           : e.kind == Ev::IntSoftware ? "int "
                           : e.kind == Ev::Exception   ? "exception "
                                                       : "nmi ";
        head("B", std::string(what) + hex(e.b), e.cycle, kCpu);
        out << ",\"args\":{\"cycle\":" << e.cycle;
        json_fields(out, e, notes_);
        out << "}}";
        ++open_slices;
        break;
      }
      case Ev::Iret:
        if (open_slices > 0) {
          head("E", "", e.cycle, kCpu);
          out << ",\"args\":{\"cs\":" << e.b << ",\"eip\":" << e.c << "}}";
          --open_slices;
        } else {
          instant("iret", e.cycle, kCpu, e);
        }
        break;
      case Ev::Console:
        instant(e.b >= 0x20 && e.b < 0x7F ? std::string(1, char(e.b)) : hex(e.b), e.cycle,
                kConsole, e);
        break;
      case Ev::Halt:
      case Ev::Shutdown:
        instant(event_name(e.kind), e.cycle, kCpu, e);
        break;
      case Ev::Inta:
        instant("inta " + hex(e.b), e.cycle, kPic, e);
        break;
      // The mini OS: one Perfetto process per guest process (pid 1000 + its pid) with a "running"
      // slice per time slice (context switch to -> from) and a slice per system call.
      case Ev::ContextSwitch:
        if (e.b) {
          guest(e.b);
          out << ",\n{\"name\":\"\",\"ph\":\"E\",\"ts\":" << us_string(cycles_to_ns(e.cycle, clock_hz))
              << ",\"pid\":" << kGuestBase + int(e.b) << ",\"tid\":" << kRun << "}";
        }
        if (e.c) {
          guest(e.c);
          out << ",\n{\"name\":\"running\",\"ph\":\"B\",\"ts\":" << us_string(cycles_to_ns(e.cycle, clock_hz))
              << ",\"pid\":" << kGuestBase + int(e.c) << ",\"tid\":" << kRun << "}";
        }
        break;
      case Ev::SyscallEnter:
      case Ev::SyscallExit:
        guest(e.b);
        out << ",\n{\"name\":\"" << (e.kind == Ev::SyscallEnter ? "syscall " + std::to_string(e.c) : std::string())
            << "\",\"ph\":\"" << (e.kind == Ev::SyscallEnter ? "B" : "E") << "\",\"ts\":"
            << us_string(cycles_to_ns(e.cycle, clock_hz)) << ",\"pid\":" << kGuestBase + int(e.b)
            << ",\"tid\":" << kSys << ",\"args\":{\"cycle\":" << e.cycle;
        json_fields(out, e, notes_);
        out << "}}";
        break;
      case Ev::ProcessCreated:
      case Ev::ProcessExited:
      case Ev::SignalGenerated:
      case Ev::SignalBlocked:
      case Ev::SignalDelivered:
      case Ev::SignalHandler:
      case Ev::SignalReturn:
      case Ev::SignalIgnored:
      case Ev::SignalDefault:
      case Ev::UnknownSyscall:
      case Ev::OomKill:
      case Ev::Block:
      case Ev::Wake:
      case Ev::PipeRead:
      case Ev::PipeWrite:
      case Ev::MsgSend:
      case Ev::MsgReceive:
      case Ev::SemOp:
      case Ev::ShmAttach:
      case Ev::ShmDetach:
      case Ev::FutexWait:
      case Ev::FutexWake:
        guest(e.b);
        out << ",\n{\"name\":\"" << event_name(e.kind) << "\",\"ph\":\"i\",\"s\":\"t\",\"ts\":"
            << us_string(cycles_to_ns(e.cycle, clock_hz)) << ",\"pid\":" << kGuestBase + int(e.b)
            << ",\"tid\":" << kSig << ",\"args\":{\"cycle\":" << e.cycle;
        json_fields(out, e, notes_);
        out << "}}";
        break;
      default:
        instant(event_name(e.kind), e.cycle, kPic, e);
        break;
    }
  }
  // Close slices still open at the end of the run (an ISR that never returned).
  for (; open_slices > 0; --open_slices) {
    head("E", "", last_cycle, kCpu);
    out << "}";
  }
  out << "\n],\"displayTimeUnit\":\"ns\"}\n";
}

// VCD for GTKWave: wires irq0-irq15, intr, inta (a pulse one CPU clock wide per acknowledge) and
// nmi (a pulse per NMI taken). Time unit 1 ns.
void Trace::write_vcd(std::ostream& out, uint64_t clock_hz) const {
  constexpr unsigned kIntr = 16, kInta = 17, kNmi = 18, kWires = 19;
  auto id = [](unsigned wire) { return char('A' + wire); };  // single-character identifiers
  auto name = [](unsigned wire) -> std::string {
    if (wire < 16) return "irq" + std::to_string(wire);
    return wire == kIntr ? "intr" : wire == kInta ? "inta" : "nmi";
  };

  struct Change {
    uint64_t ns;
    unsigned wire;
    bool value;
  };
  std::vector<Change> changes;
  auto pulse = [&](uint64_t cycle, unsigned wire) {
    const uint64_t t = cycles_to_ns(cycle, clock_hz);
    uint64_t end = cycles_to_ns(cycle + 1, clock_hz);
    if (end <= t) end = t + 1;
    changes.push_back({t, wire, true});
    changes.push_back({end, wire, false});
  };
  for (const TraceEvent& e : events_) {
    const uint64_t t = cycles_to_ns(e.cycle, clock_hz);
    switch (e.kind) {
      case Ev::IrqRaised: if (e.a < 16) changes.push_back({t, e.a, true}); break;
      case Ev::IrqLowered: if (e.a < 16) changes.push_back({t, e.a, false}); break;
      case Ev::IntrAsserted: changes.push_back({t, kIntr, true}); break;
      case Ev::IntrDeasserted: changes.push_back({t, kIntr, false}); break;
      case Ev::Inta: pulse(e.cycle, kInta); break;
      case Ev::Nmi: pulse(e.cycle, kNmi); break;
      default: break;
    }
  }
  std::stable_sort(changes.begin(), changes.end(),
                   [](const Change& x, const Change& y) { return x.ns < y.ns; });

  out << "$version irqlab $end\n$timescale 1ns $end\n$scope module board $end\n";
  for (unsigned w = 0; w < kWires; ++w)
    out << "$var wire 1 " << id(w) << ' ' << name(w) << " $end\n";
  out << "$upscope $end\n$enddefinitions $end\n#0\n$dumpvars\n";
  for (unsigned w = 0; w < kWires; ++w) out << '0' << id(w) << '\n';
  out << "$end\n";
  uint64_t now = 0;  // #0 is open
  for (const Change& c : changes) {
    if (c.ns != now) {
      now = c.ns;
      out << '#' << now << '\n';
    }
    out << (c.value ? '1' : '0') << id(c.wire) << '\n';
  }
}

}  // namespace irq::sim
