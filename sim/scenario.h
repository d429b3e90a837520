// sim/scenario.h — the scenario file (DESIGN.md §6) parsed and validated into a ScenarioSpec.
//
// What it does: reads a YAML scenario with yaml-cpp, checks every key, type, range and reference
// (device names, event names, files), and returns plain data; nothing here builds a Machine (that
// is sim/runner.h). Every problem is a ScenarioError carrying file:line:column (1-based) of the
// offending key or value; a missing required key points at its parent mapping (yaml-cpp gives a
// missing node no position); a YAML syntax error points where yaml-cpp's parser stopped.
//
// Keys (v1, DESIGN.md §6; "keys may grow"):
//   name, description        strings, optional
//   seed                     unsigned integer (default 1); `irqlab run --seed N` overrides it
//   machine                  optional; defaults: i386 at 33 MHz, 16 MiB, pic-pair, no devices
//     cpu: { model: i386, clock_hz: N | "33MHz" }        clock 1 Hz .. 10 GHz
//     memory: 16MiB | 640KiB | 1GiB | bytes             64 KiB .. 1 GiB, a multiple of 4 KiB
//     interrupts: pic-pair | wired-or
//     devices: [ { type, name?, irq?, port?, period? } ]   name defaults to the type; names unique
//            pit (irq 0, ports 0x40-0x43), keyboard (i8042, irq 1, 0x60/0x64), uart (16550,
//            irq 4, port: base, default 0x3f8, 8 ports), rtc (MC146818A, irq 8, 0x70-0x71),
//            irq-source (irq required: 0-15, or `intr` = a driver straight on INTR),
//            nmi-source (no irq; `period: CYCLES|TIME` = a periodic NMI, like `at:`).
//            One pit/keyboard/rtc per machine; on pic-pair IRQ 2 is the cascade (rejected).
//   os                       rejected for now ("not supported yet (mini OS issue)")
//   boot: { image, mode: real, load_at: 0x7c00, cs: SEG? }    required while os: is not supported.
//            image: a flat binary, or a .asm/.nasm file assembled with `nasm -f bin` when the run
//            starts (include path: the image's folder). Relative to the scenario's folder.
//            load_at is the PHYSICAL load address; the CPU starts at cs:(load_at - cs*16), cs
//            defaulting to 0 (then load_at must be <= 0xFFFF) — so the offset must fit 16 bits.
//   timeline: [ { at: WHEN, ACTION } ]  exactly one action per entry:
//            at: plain cycles (150000) or a time with a unit ns/us/ms/s, decimals allowed
//                ("1.5ms"), converted with integer math as floor(time * clock_hz): a time that is
//                not a whole number of cycles is ROUNDED DOWN.
//            keyboard: "text" | { name?, text }      type text on the i8042 ("^C" = Ctrl+C)
//            uart: { name?, receive: "text" }        bytes arrive on the UART's receiver
//            irq-source: { name?, raise: true | lower: true | pulse: N | hold: N }   N cycles
//            irq: { line: 0-15, raise: true | lower: true | pulse: N | hold: N }  a timeline
//                 driver of its own on that IRQ line (wired-OR with the devices on it)
//            nmi: true                               an NMI edge (through the nmi-source device
//                                                    when the machine has one)
//            note: "text"                            a Note trace event (a marker for order:)
//            signal: ...                             rejected until the mini OS exists
//            `name` may be omitted when the machine has exactly one device of that type.
//   stop: { when: halted | all-exited, max_cycles: N }   when omitted: run to max_cycles
//            (default 1,000,000,000). all-exited is rejected until the mini OS exists. A write
//            to port 0xF4 always stops the run. With `when: halted`, a run that ends any other
//            way than HLT (or the exit port) is reported as a failed "stop" line.
//   expect: [ one key per item ]
//            console: { contains: "s" | equals: "s" }     everything the guest printed (UART +
//                                                          port 0xE9), in order
//            count: { event: NAME, <field>: N?, equals: N | min: N | max: N }
//                   number of trace events of that kind, optionally only those whose field
//                   equals N; min and max may be combined, equals stands alone
//            order: [ PATTERN, ... ]   the patterns match events in this order, as a
//                   subsequence of the trace (other events may come between)
//            latency: { from: PATTERN, to: PATTERN, max_cycles: N?, min_cycles: N? }
//                   cycles from the FIRST event matching `from` to the first event matching `to`
//                   after it (at or after its cycle, later in the trace); one bound at least
//            register: { name: eax|ax|al|...|eip|ip|eflags|flags|cs|...|cr0|cr2|cr3, equals: N }
//            memory: { address: A, byte: N | word: N | dword: N | bytes: [N, ...] | "text" }
//                   physical memory at the end of the run (little-endian for word/dword)
//            exit: ...                rejected until the mini OS exists
//
// Event patterns ("NAME" or "NAME:ARG", NAME as in sim/trace.h's event_name):
//   ARG is compared with the kind's main field (event_field() below):
//     line    irq-raised, irq-lowered, spurious             0..15
//     chip    irr-changed, isr-changed, imr-changed, eoi    0 master, 1 slave
//     vector  inta, isr-enter, int-software, exception      0..255 ("inta:0x21")
//     byte    console                                       0..255
//     device  device                                        device index 0..255
//     text    note                                          the note's text
//     (none)  intr-asserted, intr-deasserted, iret, nmi, halt, shutdown: no ARG allowed
//   count: uses the same field name as its filter key (count: { event: spurious, line: 7 }).
//
// Inaccuracies / limits: one boot image; real mode only; no OS scenarios yet.
#pragma once
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "sim/trace.h"

namespace irq::sim {

// A position in a scenario file, 1-based. line == 0: no position known.
struct SourcePos {
  std::string file;
  int line = 0;
  int column = 0;
  std::string str() const;  // "file:line:column"
};

class ScenarioError : public std::runtime_error {
 public:
  ScenarioError(const SourcePos& pos, const std::string& message);
  const SourcePos& pos() const { return pos_; }
  const std::string& message() const { return message_; }

 private:
  SourcePos pos_;
  std::string message_;
};

// The main field of an event kind (what "NAME:ARG" and count's filter compare).
enum class EventField : uint8_t { None, Line, Chip, Vector, Byte, Device, Text };
EventField event_field(Ev kind);
const char* event_field_name(EventField f);  // "line", "chip", ... ("" for None)

struct EventPattern {
  Ev kind = Ev::Note;
  bool has_arg = false;
  uint32_t arg = 0;      // numeric fields
  std::string text;      // EventField::Text
  std::string source;    // as written ("irq-raised:1"), for messages
  SourcePos pos;
  // notes: Trace::notes(), for EventField::Text.
  bool matches(const TraceEvent& e, const std::vector<std::string>& notes) const;
};

struct DeviceSpec {
  enum class Type : uint8_t { Pit, Keyboard, Uart, Rtc, IrqSource, NmiSource };
  Type type = Type::Pit;
  std::string type_name;  // as written: "pit", "irq-source", ...
  std::string name;       // defaults to the type name
  int irq = -1;           // IRQ line 0..15; -1: not connected to an IRQ line
  bool irq_intr = false;  // irq-source with `irq: intr`: a driver straight on the CPU's INTR
  int port = -1;          // base port (uart); -1: the device's default
  uint64_t period = 0;    // nmi-source: an NMI every `period` cycles from cycle 0 (0: none)
  SourcePos pos;          // the list item
};

struct TimelineAction {
  enum class Kind : uint8_t { Keyboard, Uart, IrqSource, Irq, Nmi, Note };
  enum class Op : uint8_t { None, Raise, Lower, Pulse, Hold };
  Kind kind = Kind::Note;
  uint64_t at = 0;        // cycles
  std::string device;     // resolved device name (Keyboard, Uart, IrqSource; Nmi: "" = no device)
  std::string text;       // Keyboard, Uart, Note
  int line = -1;          // Irq: 0..15
  Op op = Op::None;
  uint64_t cycles = 0;    // Pulse / Hold length
  SourcePos pos;
};

struct Expectation {
  enum class Kind : uint8_t { ConsoleContains, ConsoleEquals, Count, Order, Latency, Register, Memory };
  Kind kind = Kind::ConsoleContains;
  SourcePos pos;
  std::string text;                      // console; memory "text"
  // count
  Ev event = Ev::Note;
  std::string event_name;
  EventField filter_field = EventField::None;
  std::optional<uint32_t> filter;
  std::optional<uint64_t> equals, min, max;  // count; latency uses min/max (cycles)
  // order / latency
  std::vector<EventPattern> patterns;    // order: all; latency: [from, to]
  // register
  std::string reg;                       // lower case
  unsigned reg_bits = 32;
  // memory
  uint32_t address = 0;
  unsigned width = 0;                    // 1, 2, 4; 0 = bytes
  std::vector<uint8_t> bytes;            // expected bytes (word/dword little-endian)
};

struct ScenarioSpec {
  std::string path;          // the scenario file as given
  std::string dir;           // its folder (paths inside are relative to it)
  std::string name, description;
  uint64_t seed = 1;
  // machine
  uint64_t clock_hz = 33000000;
  uint32_t memory = 16u << 20;
  bool wired_or = false;
  std::vector<DeviceSpec> devices;
  // boot
  std::string image;         // resolved path
  SourcePos image_pos;
  std::vector<std::string> defines;  // boot.defines as NAME=VALUE for nasm -D (a .asm image)
  uint32_t load_at = 0x7C00;
  uint16_t cs = 0;
  uint16_t ip = 0x7C00;
  // timeline, stop, expect
  std::vector<TimelineAction> timeline;
  bool stop_when_halted = false;
  uint64_t max_cycles = 1'000'000'000ull;
  std::vector<Expectation> expect;

  bool needs_trace() const;  // some expectation reads the trace
  const DeviceSpec* find_device(const std::string& name) const;
};

// Parse and validate; throws ScenarioError (never anything else for bad input).
ScenarioSpec load_scenario(const std::string& path);
// The same from text already in memory (`path` is used for messages and relative paths).
ScenarioSpec parse_scenario(const std::string& text, const std::string& path);

// Helpers shared with the command line. Parse an unsigned integer (decimal, 0x hex, 0b binary,
// '_' separators); false on anything else or overflow.
bool parse_uint(const std::string& s, uint64_t& out);
// "2ms" / "150us" / "1.5s" / "10ns" / "150000" -> cycles at clock_hz (floor). false + why.
bool parse_time_cycles(const std::string& s, uint64_t clock_hz, uint64_t& out, std::string& why);

}  // namespace irq::sim
