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
//   os                       the mini OS (os/) boots instead of a bare-metal image; needs a pit
//                            device (the scheduler's timer); exclusive with boot:
//     quantum: TIME | CYCLES   the scheduler's time slice, written like `at:` (default 10ms);
//                              after conversion > 0 cycles and <= 10 s
//     files: { /guest/path: SOURCE, ... }   the guest's file tree (default: empty). Guest paths
//              are absolute and normalised (no //, ., .., trailing /), not "/", each component
//              <= 255 bytes, the path < 4096; unique; a file is never the parent folder of another.
//              SOURCE is one of
//                NAME            a built guest program: programs/user/NAME.c compiled at build
//                                time (letters, digits, '_', '-'; the runner finds it in the build
//                                folder); `busybox` is Debian's busybox-static i386, which the
//                                build fetches (scripts/fetch-busybox.sh)
//                PATH            a host file: a value holding '/' or ending in .elf (write ./x for
//                                a file beside the scenario); relative to the scenario's folder;
//                                must exist
//                { text: "s" }   a small text file with that content
//                { fifo: true }  reserved: rejected ("not supported yet (IPC issue)")
//     init: [ { run: /guest/path, args: [s, ...]?, env: ["K=V", ...]?, uid: N?, gid: N?,
//               name: S? } ]   the processes the kernel starts, in order; at least one.
//              run: a path listed in files: or under /bin/; argv = [run, args...]; env entries
//              are NAME=value; uid, gid 0..65535 (default 0, root); name a label for the process
//              (messages, the debugger), default: the run path
//     max_processes: N         1..4096 (default 256): the size of the process table
//     tty: keyboard | uart | DEVICE-NAME   the console's input device (default: the keyboard when
//              the machine has one, else the first uart, else none); it must be in machine.devices
//     (no memory: key: machine.memory is the guest's RAM)
//   boot: { image, mode: real, load_at: 0x7c00, cs: SEG? }    bare metal; one of boot: and os: is
//            required, not both.
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
//            signal: { to: /guest/path | pid: N, sig: SIG }   os: only. to: a `run` path of
//                 os.init (every process started from it), or pid: N (1..32767; also written
//                 to: { pid: N }). SIG: SIGINT | INT | 2 | SIGRTMIN+3 ... (1..64; names through
//                 os/linux_abi.h's parse_signal)
//            `name` may be omitted when the machine has exactly one device of that type.
//   stop: { when: halted | all-exited, max_cycles: N }   when omitted: run to max_cycles
//            (default 1,000,000,000). all-exited (every process of the mini OS has exited) needs
//            os:. A write to port 0xF4 always stops the run. With `when: halted`, a run that
//            ends any other way than HLT (or the exit port) is reported as a failed "stop" line.
//   expect: [ one key per item ]
//            console: { contains: "s" | equals: "s" }     everything the guest printed (UART +
//                                                          port 0xE9), in order
//            count: { event: NAME, <field>: N?, equals: N | min: N | max: N }
//                   number of trace events of that kind, optionally only those whose field
//                   equals N; min and max may be combined, equals stands alone
//            order: [ PATTERN, ... ]   the patterns match events in this order, as a
//                   subsequence of the trace (other events may come between)
//            latency: { from: PATTERN, to: PATTERN, max_cycles: N?, min_cycles: N?, nearest: B? }
//                   cycles from the FIRST event matching `from` to the first event matching `to`
//                   after it (at or after its cycle, later in the trace); one bound at least.
//                   nearest: true measures from the LAST `from` before that `to` instead (the
//                   IRQ1 of the key that completed ^C, not of the Ctrl key before it)
//            register: { name: eax|ax|al|...|eip|ip|eflags|flags|cs|...|cr0|cr2|cr3, equals: N }
//            memory: { address: A, byte: N | word: N | dword: N | bytes: [N, ...] | "text" }
//                   physical memory at the end of the run (little-endian for word/dword)
//            exit: { program: /guest/path, status: N | signal: SIG, core: BOOL? }   os: only.
//                   program: a `run` path of os.init; status 0..255 (exited with it) or signal
//                   (killed by it, SIG as in the timeline's signal:), core (only with signal:):
//                   whether a core dump was reported (omitted: not checked)
//
// Event patterns ("NAME" or "NAME:ARG", NAME as in sim/trace.h's event_name):
//   ARG is compared with the kind's main field (event_field() below):
//     line    irq-raised, irq-lowered, spurious             0..15
//     chip    irr-changed, isr-changed, imr-changed, eoi    0 master, 1 slave
//     vector  inta, isr-enter, int-software, exception      0..255 ("inta:0x21")
//     byte    console                                       0..255
//     device  device                                        device index 0..255
//     text    note                                          the note's text
//     vector  kernel-panic (b)                              0..255
//     byte    tty-input (a: the byte received)              0..255
//     signal  signal-generated, signal-blocked, signal-delivered, signal-handler, signal-return,
//             signal-ignored, signal-default (a)            1..64 or a name ("signal-delivered:
//                                                            SIGINT", "signal-default:11")
//     nr      syscall-enter, unknown-syscall (c)            0..0xFFFFFFFF (the eax value)
//     pid     syscall-exit, process-created, process-exited, oom-kill (b); context-switch (c:
//             the pid switched TO, 0 = idle)                0..32767
//     (none)  intr-asserted, intr-deasserted, iret, nmi, halt, shutdown: no ARG allowed
//   count: uses the same field name as its filter key (count: { event: spurious, line: 7 },
//   count: { event: signal-delivered, signal: SIGINT, equals: 1 }).
//
// Inaccuracies / limits: one boot image; real mode only. Program names in os.files are not
// checked here (the runner looks them up among the built programs). SIGRTMIN+N means what
// os::lx::parse_signal says it means.
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
enum class EventField : uint8_t { None, Line, Chip, Vector, Byte, Device, Text, Signal, Pid, Nr };
EventField event_field(Ev kind);
const char* event_field_name(EventField f);  // "line", "chip", ... ("" for None)
// The value of e's main field (the record member event_field(e.kind) lives in: a, b or c);
// Text: the note index; None: 0.
uint32_t event_field_value(const TraceEvent& e);

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
  enum class Kind : uint8_t { Keyboard, Uart, IrqSource, Irq, Nmi, Note, Signal };
  enum class Op : uint8_t { None, Raise, Lower, Pulse, Hold };
  Kind kind = Kind::Note;
  uint64_t at = 0;        // cycles
  std::string device;     // resolved device name (Keyboard, Uart, IrqSource; Nmi: "" = no device)
  std::string text;       // Keyboard, Uart, Note
  int line = -1;          // Irq: 0..15
  Op op = Op::None;
  uint64_t cycles = 0;    // Pulse / Hold length
  // Signal: to the processes started from `target` (an os.init run path), or, when target is
  // empty, to process `pid`.
  std::string target;
  uint32_t pid = 0;
  int signo = 0;          // 1..64
  SourcePos pos;
};

struct Expectation {
  enum class Kind : uint8_t { ConsoleContains, ConsoleEquals, Count, Order, Latency, Register, Memory,
                              Exit };
  Kind kind = Kind::ConsoleContains;
  SourcePos pos;
  std::string text;                      // console; memory "text"
  // count
  Ev event = Ev::Note;
  std::string event_name;
  EventField filter_field = EventField::None;
  std::optional<uint32_t> filter;
  std::optional<uint64_t> equals, min, max;  // count; latency uses min/max (cycles)
  bool nearest = false;                  // latency: from the last `from` before `to`
  // order / latency
  std::vector<EventPattern> patterns;    // order: all; latency: [from, to]
  // register
  std::string reg;                       // lower case
  unsigned reg_bits = 32;
  // memory
  uint32_t address = 0;
  unsigned width = 0;                    // 1, 2, 4; 0 = bytes
  std::vector<uint8_t> bytes;            // expected bytes (word/dword little-endian)
  // exit: the processes started from `program` (an os.init run path) ended with exit(status), or
  // were killed by `signal` (then `core`, when given, says whether the wait status has 0x80).
  std::string program;
  std::optional<unsigned> status;        // 0..255; empty when signal is used
  int signal = 0;                        // 1..64; 0 when status is used
  std::optional<bool> core;
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
  // os (has_os: the mini OS boots; then image is empty and boot's fields keep their defaults)
  bool has_os = false;
  SourcePos os_pos;          // the os: key
  uint64_t quantum_cycles = 0;  // the scheduler's time slice; set (10ms by default) when has_os
  struct OsFile {
    enum class Kind : uint8_t { Program, HostPath, Text };
    std::string guest_path;  // absolute, normalised
    Kind kind = Kind::Program;
    // Program: the built program's name (programs/user/NAME.c); HostPath: the resolved host path
    // (scenario folder applied, lexically normal); Text: the file's content.
    std::string source;
    SourcePos pos;           // the guest path (the key)
    SourcePos source_pos;    // the source (the value), for "program not built" and the like
  };
  std::vector<OsFile> files;  // in file order
  struct InitProc {
    std::string run;         // guest path: in files, or under /bin/
    std::vector<std::string> args;  // argv[1..]; argv[0] is run
    std::vector<std::string> env;   // "NAME=value"
    uint32_t uid = 0, gid = 0;      // 0..65535
    std::string name;        // defaults to run
    SourcePos pos;           // the list item
  };
  std::vector<InitProc> init;  // in order; non-empty when has_os
  unsigned max_processes = 256;
  std::string tty_device;    // name of the keyboard or uart device feeding the tty; "" = none
  // timeline, stop, expect
  std::vector<TimelineAction> timeline;
  bool stop_when_halted = false;
  bool stop_when_all_exited = false;  // only with has_os
  uint64_t max_cycles = 1'000'000'000ull;
  std::vector<Expectation> expect;

  bool needs_trace() const;  // some expectation reads the trace
  const DeviceSpec* find_device(const std::string& name) const;
  const OsFile* find_file(const std::string& guest_path) const;
  bool is_init_program(const std::string& guest_path) const;  // some init entry runs it
};

// Parse and validate; throws ScenarioError (never anything else for bad input).
ScenarioSpec load_scenario(const std::string& path);
// The same from text already in memory (`path` is used for messages and relative paths).
ScenarioSpec parse_scenario(const std::string& text, const std::string& path);
// The smallest mini OS machine, built in code (irqlab exec's default, benchmarks, tests): the
// default CPU, `memory` bytes, a PIT on IRQ0, `os:` on with a 10 ms quantum, stop when all exited.
// `path` names it in messages. Programs and init processes are the caller's to add.
ScenarioSpec minimal_os_spec(const std::string& path, uint32_t memory);

// Helpers shared with the command line. Parse an unsigned integer (decimal, 0x hex, 0b binary,
// '_' separators); false on anything else or overflow.
bool parse_uint(const std::string& s, uint64_t& out);
// "2ms" / "150us" / "1.5s" / "10ns" / "150000" -> cycles at clock_hz (floor). false + why.
bool parse_time_cycles(const std::string& s, uint64_t clock_hz, uint64_t& out, std::string& why);
// A signal as scenarios write it: "SIGINT", "INT", "2", "0x2", "SIGRTMIN+3" ... -> 1..64; 0 when
// it is none (numbers first, names through os::lx::parse_signal).
int parse_signal_arg(const std::string& s);
// A guest path as os.files and os.init take it: absolute, normalised, not "/", components <= 255
// bytes, shorter than 4096, no NUL. false + why otherwise.
bool check_guest_path(const std::string& path, std::string& why);

}  // namespace irq::sim
