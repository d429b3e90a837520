// sim/scenario.cpp — YAML -> ScenarioSpec, with file:line:column on every error (see scenario.h).
#include "sim/scenario.h"

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/yaml.h>

#include "os/linux_abi.h"
#include "sim/devices/keyboard.h"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <sstream>


namespace irq::sim {

namespace {
constexpr int kMaxSignal = 64;  // Linux's _NSIG on i386 (os::lx::NSIG)
}  // namespace

std::string SourcePos::str() const {
  if (line <= 0) return file;
  return file + ":" + std::to_string(line) + ":" + std::to_string(column);
}

ScenarioError::ScenarioError(const SourcePos& pos, const std::string& message)
    : std::runtime_error(pos.str() + ": " + message), pos_(pos), message_(message) {}

EventField event_field(Ev kind) {
  switch (kind) {
    case Ev::IrqRaised: case Ev::IrqLowered: case Ev::Spurious: return EventField::Line;
    case Ev::IrrChanged: case Ev::IsrChanged: case Ev::ImrChanged: case Ev::Eoi:
      return EventField::Chip;
    case Ev::Inta: case Ev::IsrEnter: case Ev::IntSoftware: case Ev::Exception:
      return EventField::Vector;
    case Ev::Console: return EventField::Byte;
    case Ev::Device: return EventField::Device;
    case Ev::Note: return EventField::Text;
    // The mini OS
    case Ev::KernelPanic: return EventField::Vector;
    case Ev::TtyInput: return EventField::Byte;
    case Ev::SignalGenerated: case Ev::SignalBlocked: case Ev::SignalDelivered:
    case Ev::SignalHandler: case Ev::SignalReturn: case Ev::SignalIgnored: case Ev::SignalDefault:
      return EventField::Signal;
    case Ev::SyscallEnter: case Ev::UnknownSyscall: return EventField::Nr;
    case Ev::SyscallExit: case Ev::ProcessCreated: case Ev::ProcessExited: case Ev::OomKill:
    case Ev::ContextSwitch: case Ev::Block: case Ev::Wake: case Ev::PipeRead: case Ev::PipeWrite:
    case Ev::MsgSend: case Ev::MsgReceive: case Ev::SemOp: case Ev::ShmAttach:
    case Ev::ShmDetach: case Ev::FutexWait: case Ev::FutexWake:
      return EventField::Pid;
    default: return EventField::None;
  }
}

uint32_t event_field_value(const TraceEvent& e) {
  switch (event_field(e.kind)) {
    case EventField::Line: case EventField::Chip: case EventField::Device: case EventField::Signal:
      return e.a;
    case EventField::Vector: case EventField::Text: return e.b;
    case EventField::Byte: return e.kind == Ev::TtyInput ? e.a : e.b;
    case EventField::Pid: return e.kind == Ev::ContextSwitch ? e.c : e.b;
    case EventField::Nr: return e.c;
    case EventField::None: break;
  }
  return 0;
}

const char* event_field_name(EventField f) {
  switch (f) {
    case EventField::Line: return "line";
    case EventField::Chip: return "chip";
    case EventField::Vector: return "vector";
    case EventField::Byte: return "byte";
    case EventField::Device: return "device";
    case EventField::Text: return "text";
    case EventField::Signal: return "signal";
    case EventField::Pid: return "pid";
    case EventField::Nr: return "nr";
    case EventField::None: break;
  }
  return "";
}

bool EventPattern::matches(const TraceEvent& e, const std::vector<std::string>& notes) const {
  if (e.kind != kind) return false;
  if (!has_arg) return true;
  switch (event_field(kind)) {
    case EventField::Text: return e.b < notes.size() && notes[e.b] == text;
    case EventField::None: return true;
    default: return event_field_value(e) == arg;
  }
}

bool ScenarioSpec::needs_trace() const {
  for (const Expectation& x : expect)
    if (x.kind == Expectation::Kind::Count || x.kind == Expectation::Kind::Order ||
        x.kind == Expectation::Kind::Latency)
      return true;
  return false;
}

const DeviceSpec* ScenarioSpec::find_device(const std::string& n) const {
  for (const DeviceSpec& d : devices)
    if (d.name == n) return &d;
  return nullptr;
}

const ScenarioSpec::OsFile* ScenarioSpec::find_file(const std::string& guest_path) const {
  for (const OsFile& f : files)
    if (f.guest_path == guest_path) return &f;
  return nullptr;
}

bool ScenarioSpec::is_init_program(const std::string& guest_path) const {
  for (const InitProc& p : init)
    if (p.run == guest_path) return true;
  return false;
}

// ---- number parsing ----

bool parse_uint(const std::string& s, uint64_t& out) {
  if (s.empty()) return false;
  unsigned base = 10;
  std::size_t i = 0;
  if (s.size() > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) base = 16, i = 2;
  else if (s.size() > 2 && s[0] == '0' && (s[1] == 'b' || s[1] == 'B')) base = 2, i = 2;
  else if (s.size() > 2 && s[0] == '0' && (s[1] == 'o' || s[1] == 'O')) base = 8, i = 2;
  uint64_t v = 0;
  bool digit_seen = false;
  for (; i < s.size(); ++i) {
    const char c = s[i];
    if (c == '_' && digit_seen) continue;
    unsigned d;
    if (c >= '0' && c <= '9') d = unsigned(c - '0');
    else if (c >= 'a' && c <= 'f') d = unsigned(c - 'a' + 10);
    else if (c >= 'A' && c <= 'F') d = unsigned(c - 'A' + 10);
    else return false;
    if (d >= base) return false;
    if (v > (~0ull - d) / base) return false;  // overflow
    v = v * base + d;
    digit_seen = true;
  }
  if (!digit_seen) return false;
  out = v;
  return true;
}

namespace {

using u128 = unsigned __int128;

// "<digits>[.<digits>]" -> mantissa / scale (scale a power of ten). false on syntax or overflow.
bool parse_decimal(const std::string& s, u128& mant, u128& scale) {
  mant = 0;
  scale = 1;
  bool dot = false, digit = false;
  const u128 limit = u128(~0ull) * u128(1000000000000ull);  // keeps mant * clock in range
  for (char c : s) {
    if (c == '_' && digit) continue;
    if (c == '.' && !dot) {
      dot = true;
      continue;
    }
    if (c < '0' || c > '9') return false;
    digit = true;
    mant = mant * 10 + unsigned(c - '0');
    if (dot) scale *= 10;
    if (mant > limit || scale > u128(1000000000000000000ull)) return false;
  }
  return digit;
}

// Split "12.5ms" into number and unit ("12.5", "ms"); whitespace between is allowed.
void split_unit(const std::string& s, std::string& num, std::string& unit) {
  std::size_t k = 0;
  while (k < s.size() && ((s[k] >= '0' && s[k] <= '9') || s[k] == '.' || s[k] == '_' ||
                          (k == 1 && (s[k] == 'x' || s[k] == 'X'))))
    ++k;
  // Hex numbers (0x...) keep their letters: no unit possible there.
  if (s.size() > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) k = s.size();
  num = s.substr(0, k);
  std::size_t u = k;
  while (u < s.size() && s[u] == ' ') ++u;
  unit = s.substr(u);
}

}  // namespace

bool parse_time_cycles(const std::string& s, uint64_t clock_hz, uint64_t& out, std::string& why) {
  std::string num, unit;
  split_unit(s, num, unit);
  if (unit.empty() || unit == "cycles") {
    if (!parse_uint(num, out)) {
      why = "expected cycles (an unsigned integer) or a time with a unit (ns, us, ms, s)";
      return false;
    }
    return true;
  }
  u128 div;
  if (unit == "ns") div = 1000000000ull;
  else if (unit == "us" || unit == "\xC2\xB5s") div = 1000000ull;
  else if (unit == "ms") div = 1000ull;
  else if (unit == "s") div = 1ull;
  else {
    why = "unknown time unit '" + unit + "' (use ns, us, ms or s, or plain cycles)";
    return false;
  }
  u128 mant, scale;
  if (!parse_decimal(num, mant, scale)) {
    why = "expected a number before the unit '" + unit + "'";
    return false;
  }
  const u128 cycles = mant * u128(clock_hz) / (scale * div);  // floor: rounds down
  if (cycles > u128(~0ull)) {
    why = "time too large";
    return false;
  }
  out = uint64_t(cycles);
  return true;
}

int parse_signal_arg(const std::string& s) {
  if (s.empty() || s.size() > 32 || s.find('\0') != std::string::npos) return 0;
  uint64_t v = 0;
  if (parse_uint(s, v)) return v >= 1 && v <= uint64_t(kMaxSignal) ? int(v) : 0;
  if (std::isdigit(static_cast<unsigned char>(s[0]))) return 0;  // "12a": not a name either
  const int sig = os::lx::parse_signal(s.c_str());
  return sig >= 1 && sig <= kMaxSignal ? sig : 0;
}

bool check_guest_path(const std::string& path, std::string& why) {
  if (path.empty() || path[0] != '/') {
    why = "must be an absolute guest path (starting with /)";
    return false;
  }
  if (path == "/") {
    why = "'/' is the root folder, not a file";
    return false;
  }
  if (path.find('\0') != std::string::npos) {
    why = "must not contain a NUL byte";
    return false;
  }
  if (path.size() >= 4096) {
    why = "longer than 4095 bytes (PATH_MAX)";
    return false;
  }
  if (path.back() == '/') {
    why = "must not end with '/' (write the path without it)";
    return false;
  }
  std::size_t i = 1;
  while (i <= path.size()) {
    std::size_t j = path.find('/', i);
    if (j == std::string::npos) j = path.size();
    const std::string part = path.substr(i, j - i);
    if (part.empty()) {
      why = "is not normalised (an empty component: '//')";
      return false;
    }
    if (part == "." || part == "..") {
      why = "is not normalised (a '" + part + "' component)";
      return false;
    }
    if (part.size() > 255) {
      why = "has a component longer than 255 bytes (NAME_MAX)";
      return false;
    }
    i = j + 1;
  }
  return true;
}

namespace {

using YAML::Node;

std::string type_word(const Node& n) {
  if (!n.IsDefined() || n.IsNull()) return "nothing";
  if (n.IsMap()) return "a mapping";
  if (n.IsSequence()) return "a list";
  return "a scalar";
}

std::string hex(uint64_t v) {
  std::ostringstream o;
  o << "0x" << std::hex << v;
  return o.str();
}

// Records where a document starts (the second-document check in Parser::parse).
struct DocStart final : YAML::EventHandler {
  YAML::Mark start;
  void OnDocumentStart(const YAML::Mark& m) override { start = m; }
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark&, YAML::anchor_t) override {}
  void OnAlias(const YAML::Mark&, YAML::anchor_t) override {}
  void OnScalar(const YAML::Mark&, const std::string&, YAML::anchor_t, const std::string&) override {}
  void OnSequenceStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                       YAML::EmitterStyle::value) override {}
  void OnSequenceEnd() override {}
  void OnMapStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                  YAML::EmitterStyle::value) override {}
  void OnMapEnd() override {}
};

class Parser {
 public:
  explicit Parser(std::string file) : file_(std::move(file)) {}

  SourcePos pos(const YAML::Mark& m) const {
    if (m.is_null() || m.line < 0) return SourcePos{file_, 1, 1};
    return SourcePos{file_, m.line + 1, m.column + 1};
  }
  [[noreturn]] void fail(const YAML::Mark& m, const std::string& msg) const {
    throw ScenarioError(pos(m), msg);
  }

  // A mapping with its keys checked: scalars, no duplicates, all in `allowed`.
  struct Entry {
    std::string key;
    Node key_node, value;
  };
  class Map {
   public:
    Map(const Parser& p, const Node& node, const YAML::Mark& where, const std::string& what,
        std::initializer_list<const char*> allowed)
        : p_(p), node_(node), mark_(where), what_(what) {
      if (!node.IsMap())
        p.fail(where, what + ": expected a mapping, got " + type_word(node));
      if (node.Mark().line >= 0) mark_ = node.Mark();
      for (auto it = node.begin(); it != node.end(); ++it) {
        const Node k = it->first;
        if (!k.IsScalar()) p.fail(k.Mark(), what + ": keys must be plain names");
        const std::string key = k.Scalar();
        for (const Entry& e : entries_)
          if (e.key == key) p.fail(k.Mark(), what + ": duplicate key '" + key + "'");
        bool ok = false;
        for (const char* a : allowed) ok = ok || key == a;
        if (!ok) {
          std::string list;
          for (const char* a : allowed) list += std::string(list.empty() ? "" : ", ") + a;
          p.fail(k.Mark(), "unknown key '" + key + "' in " + what + " (expected one of: " + list + ")");
        }
        entries_.push_back(Entry{key, k, it->second});
      }
    }
    const Entry* find(const std::string& key) const {
      for (const Entry& e : entries_)
        if (e.key == key) return &e;
      return nullptr;
    }
    bool has(const std::string& key) const { return find(key) != nullptr; }
    const Entry& require(const std::string& key) const {
      const Entry* e = find(key);
      if (!e) p_.fail(mark_, what_ + ": missing required key '" + key + "'");
      return *e;
    }
    const std::vector<Entry>& entries() const { return entries_; }
    const YAML::Mark& mark() const { return mark_; }
    const std::string& what() const { return what_; }

   private:
    const Parser& p_;
    Node node_;
    YAML::Mark mark_;
    std::string what_;
    std::vector<Entry> entries_;
  };

  // Where to report a value: the value itself, or its key when the value is empty (yaml-cpp
  // places an empty value at the start of the next line).
  static YAML::Mark value_mark(const Entry& e) {
    if (!e.value.IsDefined() || e.value.IsNull() || e.value.Mark().line < 0) return e.key_node.Mark();
    return e.value.Mark();
  }

  std::string scalar(const Entry& e, const std::string& what) const {
    if (!e.value.IsScalar())
      fail(value_mark(e), what + ": expected a string, got " + type_word(e.value));
    return e.value.Scalar();
  }
  // decimal: the range in an error message in decimal even when large (pids, uids, ...).
  uint64_t number(const Entry& e, const std::string& what, uint64_t lo, uint64_t hi,
                  bool decimal = false) const {
    return number_node(e.value, value_mark(e), what, lo, hi, decimal);
  }
  uint64_t number_node(const Node& n, const YAML::Mark& m, const std::string& what, uint64_t lo,
                       uint64_t hi, bool decimal = false) const {
    if (!n.IsScalar()) fail(m, what + ": expected an unsigned integer, got " + type_word(n));
    const std::string s = n.Scalar();
    uint64_t v = 0;
    if (!parse_uint(s, v)) {
      bool digits = !s.empty();
      for (char c : s) digits = digits && ((c >= '0' && c <= '9') || c == '_');
      if (!s.empty() && s[0] == '-') fail(m, what + ": must not be negative, got " + s);
      if (digits) fail(m, what + ": number out of range: " + s);
      fail(m, what + ": expected an unsigned integer, got '" + s + "'");
    }
    if (v < lo || v > hi) {
      const bool h = !decimal && hi > 4096;
      fail(m, what + ": out of range: " + s + " (must be " + (h ? hex(lo) : std::to_string(lo)) +
                  ".." + (h ? hex(hi) : std::to_string(hi)) + ")");
    }
    return v;
  }
  bool boolean(const Entry& e, const std::string& what) const {
    if (e.value.IsScalar()) {
      const std::string s = e.value.Scalar();
      if (s == "true" || s == "yes" || s == "on") return true;
      if (s == "false" || s == "no" || s == "off") return false;
    }
    fail(value_mark(e), what + ": expected true or false");
  }

  ScenarioSpec parse(const std::string& text);

 private:
  void parse_machine(const Entry& e, ScenarioSpec& s);
  void parse_device(const Node& item, ScenarioSpec& s);
  void parse_boot(const Entry& e, ScenarioSpec& s);
  void parse_os(const Entry& e, ScenarioSpec& s);
  void parse_os_files(const Entry& e, ScenarioSpec& s);
  void parse_os_init(const Entry& e, ScenarioSpec& s);
  int signal_value(const Entry& e, const std::string& what) const;
  std::string init_program(const Entry& e, const ScenarioSpec& s, const std::string& what) const;
  void parse_timeline(const Entry& e, ScenarioSpec& s);
  void parse_stop(const Entry& e, ScenarioSpec& s);
  void parse_expect(const Entry& e, ScenarioSpec& s);
  EventPattern pattern(const Node& n, const YAML::Mark& m, const std::string& what) const;
  std::string resolve_device(const ScenarioSpec& s, DeviceSpec::Type type, const char* type_name,
                             const Map* m, const YAML::Mark& where, const std::string& what) const;
  void parse_op(const Map& m, const std::string& what, TimelineAction& a) const;
  void check_typable(const std::string& text, const YAML::Mark& m) const {
    std::vector<uint8_t> bytes;
    std::string why;
    if (!Keyboard::encode_text(text, bytes, &why)) fail(m, "keyboard: " + why);
  }

  std::string file_;
};

// The values a numeric event field takes (patterns and count filters; Signal: also names).
void field_range(EventField f, uint64_t& lo, uint64_t& hi) {
  lo = 0;
  switch (f) {
    case EventField::Line: hi = 15; break;
    case EventField::Chip: hi = 1; break;
    case EventField::Signal: lo = 1, hi = uint64_t(kMaxSignal); break;
    case EventField::Pid: hi = 32767; break;  // i386 Linux's pid_max (PID_MAX_DEFAULT 0x8000)
    case EventField::Nr: hi = 0xFFFFFFFFull; break;
    default: hi = 255; break;  // vector, byte, device
  }
}

uint64_t scale_bytes(const std::string& unit, bool& ok) {
  ok = true;
  if (unit.empty()) return 1;
  if (unit == "KiB" || unit == "K") return 1ull << 10;
  if (unit == "MiB" || unit == "M") return 1ull << 20;
  if (unit == "GiB" || unit == "G") return 1ull << 30;
  ok = false;
  return 0;
}

void Parser::parse_machine(const Entry& e, ScenarioSpec& s) {
  const Map m(*this, e.value, value_mark(e), "machine", {"cpu", "memory", "interrupts", "devices"});
  if (const Entry* c = m.find("cpu")) {
    const Map cpu(*this, c->value, value_mark(*c), "machine.cpu", {"model", "clock_hz"});
    if (const Entry* mo = cpu.find("model")) {
      const std::string model = scalar(*mo, "machine.cpu.model");
      if (model != "i386") fail(value_mark(*mo), "machine.cpu.model: unknown CPU model '" + model + "' (only i386)");
    }
    if (const Entry* ck = cpu.find("clock_hz")) {
      const std::string v = scalar(*ck, "machine.cpu.clock_hz");
      std::string num, unit;
      split_unit(v, num, unit);
      uint64_t hz = 0;
      if (unit.empty()) {
        hz = number(*ck, "machine.cpu.clock_hz", 0, ~0ull);
      } else if (unit == "Hz") {
        if (!parse_uint(num, hz))
          fail(value_mark(*ck), "machine.cpu.clock_hz: expected a frequency, got '" + v + "'");
      } else {
        u128 mul = unit == "kHz" ? 1000u : unit == "MHz" ? 1000000u : unit == "GHz" ? 1000000000u : 0u;
        if (!mul) fail(value_mark(*ck), "machine.cpu.clock_hz: unknown unit '" + unit + "' (Hz, kHz, MHz, GHz)");
        u128 mant, scale;
        if (!parse_decimal(num, mant, scale))
          fail(value_mark(*ck), "machine.cpu.clock_hz: expected a frequency, got '" + v + "'");
        const u128 h = mant * mul;
        if (h % scale) fail(value_mark(*ck), "machine.cpu.clock_hz: not a whole number of Hz: " + v);
        if (h / scale > u128(~0ull)) fail(value_mark(*ck), "machine.cpu.clock_hz: out of range: " + v);
        hz = uint64_t(h / scale);
      }
      if (hz < 1 || hz > 10'000'000'000ull)
        fail(value_mark(*ck), "machine.cpu.clock_hz: out of range: " + v + " (1 Hz .. 10 GHz)");
      s.clock_hz = hz;
    }
  }
  if (const Entry* me = m.find("memory")) {
    if (!me->value.IsScalar())
      fail(value_mark(*me), "machine.memory: expected a size such as 16MiB, got " + type_word(me->value));
    const std::string v = me->value.Scalar();
    std::string num, unit;
    split_unit(v, num, unit);
    bool ok = false;
    const uint64_t mul = scale_bytes(unit, ok);
    uint64_t n = 0;
    if (!ok) fail(value_mark(*me), "machine.memory: unknown unit '" + unit + "' (KiB, MiB, GiB or bytes)");
    if (!parse_uint(num, n)) fail(value_mark(*me), "machine.memory: expected a size such as 16MiB, got '" + v + "'");
    const u128 bytes = u128(n) * mul;
    if (bytes < (64u << 10) || bytes > (1u << 30))
      fail(value_mark(*me), "machine.memory: out of range: " + v + " (64KiB .. 1GiB)");
    if (bytes % 4096) fail(value_mark(*me), "machine.memory: must be a multiple of 4KiB: " + v);
    s.memory = uint32_t(bytes);
  }
  if (const Entry* in = m.find("interrupts")) {
    const std::string v = scalar(*in, "machine.interrupts");
    if (v == "pic-pair") s.wired_or = false;
    else if (v == "wired-or") s.wired_or = true;
    else fail(value_mark(*in), "machine.interrupts: expected pic-pair or wired-or, got '" + v + "'");
  }
  if (const Entry* dv = m.find("devices")) {
    if (dv->value.IsNull()) return;  // `devices:` with nothing: no devices
    if (!dv->value.IsSequence())
      fail(value_mark(*dv), "machine.devices: expected a list, got " + type_word(dv->value));
    for (const Node& item : dv->value) parse_device(item, s);
  }
}

struct FixedPorts {
  uint16_t first, last;
  const char* owner;
};
// Ports the board itself decodes (sim/machine.h) and the fixed-port devices.
constexpr FixedPorts kBoardPorts[] = {
    {0x20, 0x21, "the master 8259A"}, {0xA0, 0xA1, "the slave 8259A"}, {0x4D0, 0x4D1, "the ELCR"},
    {0xE9, 0xE9, "the debug console port"}, {0xF4, 0xF4, "the exit port"},
    {0x40, 0x43, "the PIT"}, {0x60, 0x60, "the keyboard controller"},
    {0x64, 0x64, "the keyboard controller"}, {0x70, 0x71, "the RTC"}};

void Parser::parse_device(const Node& item, ScenarioSpec& s) {
  const Map m(*this, item, item.Mark(), "device", {"type", "name", "irq", "port", "period"});
  DeviceSpec d;
  d.pos = pos(m.mark());
  const Entry& te = m.require("type");
  d.type_name = scalar(te, "device type");
  struct TypeInfo {
    const char* name;
    DeviceSpec::Type type;
    int irq;         // default IRQ; -1: none; -2: required
    bool has_port;
  };
  static constexpr TypeInfo kTypes[] = {
      {"pit", DeviceSpec::Type::Pit, 0, false},
      {"keyboard", DeviceSpec::Type::Keyboard, 1, false},
      {"uart", DeviceSpec::Type::Uart, 4, true},
      {"rtc", DeviceSpec::Type::Rtc, 8, false},
      {"irq-source", DeviceSpec::Type::IrqSource, -2, false},
      {"nmi-source", DeviceSpec::Type::NmiSource, -1, false}};
  const TypeInfo* info = nullptr;
  for (const TypeInfo& t : kTypes)
    if (d.type_name == t.name) info = &t;
  if (!info)
    fail(value_mark(te), "unknown device type '" + d.type_name +
                             "' (expected pit, keyboard, uart, rtc, irq-source or nmi-source)");
  d.type = info->type;
  const std::string what = "device '" + d.type_name + "'";
  d.name = d.type_name;
  if (const Entry* n = m.find("name")) {
    d.name = scalar(*n, what + " name");
    if (d.name.empty()) fail(value_mark(*n), what + ": name must not be empty");
  }
  d.irq = info->irq;
  if (const Entry* q = m.find("irq")) {
    if (info->irq == -1) fail(q->key_node.Mark(), what + ": an " + d.type_name + " has no IRQ output (it drives NMI)");
    if (d.type == DeviceSpec::Type::IrqSource && q->value.IsScalar() && q->value.Scalar() == "intr") {
      d.irq_intr = true;
      d.irq = -1;
    } else {
      d.irq = int(number(*q, what + " irq", 0, 15));
      if (d.irq == 2 && !s.wired_or)
        fail(value_mark(*q), what + ": IRQ 2 is the slave 8259A's cascade input on a pic-pair board "
                                    "(the PC routes it to IRQ 9)");
    }
  } else if (info->irq == -2) {
    fail(m.mark(), what + ": missing required key 'irq' (0-15, or intr)");
  }
  if (const Entry* p = m.find("port")) {
    if (!info->has_port) fail(p->key_node.Mark(), what + ": key 'port' does not apply (fixed ports)");
    d.port = int(number(*p, what + " port", 0, 0xFFF8));
  } else if (d.type == DeviceSpec::Type::Uart) {
    d.port = 0x3F8;
  }
  if (const Entry* pe = m.find("period")) {
    if (d.type != DeviceSpec::Type::NmiSource)
      fail(pe->key_node.Mark(), what + ": key 'period' applies to an nmi-source only");
    const std::string v = scalar(*pe, what + " period");
    std::string why;
    if (!parse_time_cycles(v, s.clock_hz, d.period, why))
      fail(value_mark(*pe), what + " period: " + why + " (got '" + v + "')");
    if (d.period == 0) fail(value_mark(*pe), what + " period: must be at least one cycle");
  }
  // One device of each fixed-port type; names unique; UART port ranges free.
  for (const DeviceSpec& o : s.devices) {
    if (o.name == d.name)
      fail(m.find("name") ? value_mark(*m.find("name")) : m.mark(),
           "duplicate device name '" + d.name + "'" +
               (m.find("name") ? std::string() : std::string(" (give each ") + d.type_name + " a name:)"));
    if (o.type == d.type && (d.type == DeviceSpec::Type::Pit || d.type == DeviceSpec::Type::Keyboard ||
                             d.type == DeviceSpec::Type::Rtc))
      fail(value_mark(te), "only one " + d.type_name + " per machine (its ports are fixed)");
  }
  if (d.type == DeviceSpec::Type::Uart) {
    const unsigned first = unsigned(d.port), last = first + 7;
    const Entry* pe = m.find("port");
    const YAML::Mark pm = pe ? value_mark(*pe) : m.mark();
    for (const FixedPorts& r : kBoardPorts)
      if (first <= r.last && r.first <= last)
        fail(pm, what + ": ports " + hex(first) + "-" + hex(last) + " overlap " + r.owner);
    for (const DeviceSpec& o : s.devices)
      if (o.type == DeviceSpec::Type::Uart && first <= unsigned(o.port) + 7 && unsigned(o.port) <= last)
        fail(pm, what + ": ports " + hex(first) + "-" + hex(last) + " overlap device '" + o.name + "'");
  }
  s.devices.push_back(d);
}

void Parser::parse_boot(const Entry& e, ScenarioSpec& s) {
  const Map m(*this, e.value, value_mark(e), "boot", {"image", "mode", "load_at", "cs", "defines"});
  const Entry& im = m.require("image");
  const std::string image = scalar(im, "boot.image");
  if (image.empty()) fail(value_mark(im), "boot.image: empty path");
  namespace fs = std::filesystem;
  fs::path p(image);
  if (p.is_relative()) p = fs::path(s.dir) / p;
  s.image = p.lexically_normal().string();
  s.image_pos = pos(value_mark(im));
  std::error_code ec;
  if (!fs::is_regular_file(p, ec)) fail(value_mark(im), "boot.image: no such file: " + s.image);
  if (const Entry* mo = m.find("mode")) {
    const std::string mode = scalar(*mo, "boot.mode");
    if (mode != "real")
      fail(value_mark(*mo), "boot.mode: only 'real' is supported (got '" + mode + "')");
  }
  if (const Entry* la = m.find("load_at"))
    s.load_at = uint32_t(number(*la, "boot.load_at", 0, s.memory - 1));
  const Entry* ce = m.find("cs");
  if (ce) s.cs = uint16_t(number(*ce, "boot.cs", 0, 0xFFFF));
  const uint64_t base = uint64_t(s.cs) * 16;
  if (s.load_at < base || s.load_at - base > 0xFFFF) {
    const YAML::Mark at = ce ? value_mark(*ce) : m.find("load_at") ? value_mark(*m.find("load_at")) : m.mark();
    fail(at, "boot: load_at " + hex(s.load_at) + " is not reachable from cs " + hex(s.cs) +
                 " (the offset load_at - cs*16 must be 0..0xFFFF; set cs:)");
  }
  s.ip = uint16_t(s.load_at - base);
  const std::string ext = p.extension().string();
  if (const Entry* de = m.find("defines")) {
    // boot.defines: { NAME: value } -> nasm -DNAME=value (a .asm image only). Names are NASM
    // identifiers; values are numbers or plain words (nasm is run without a shell).
    if (ext != ".asm" && ext != ".nasm" && ext != ".ASM")
      fail(value_mark(*de), "boot.defines: only for a .asm image");
    if (!de->value.IsMap()) fail(value_mark(*de), "boot.defines: expected a mapping NAME: value");
    for (auto it = de->value.begin(); it != de->value.end(); ++it) {
      const Node k = it->first, v = it->second;
      const std::string name = k.IsScalar() ? k.Scalar() : std::string();
      bool ok = !name.empty() && !std::isdigit(static_cast<unsigned char>(name[0]));
      for (char ch : name) ok = ok && (std::isalnum(static_cast<unsigned char>(ch)) || ch == '_');
      if (!ok) fail(k.Mark(), "boot.defines: '" + name + "' is not a NASM identifier");
      if (!v.IsScalar()) fail(v.Mark(), "boot.defines." + name + ": expected a number or a word");
      const std::string val = v.Scalar();
      bool vok = !val.empty() && val.size() <= 64;
      for (char ch : val) vok = vok && (std::isalnum(static_cast<unsigned char>(ch)) || ch == '_' || ch == '.');
      if (!vok) fail(v.Mark(), "boot.defines." + name + ": '" + val + "' is not a number or a plain word");
      s.defines.push_back(name + "=" + val);
    }
  }
  if (ext != ".asm" && ext != ".nasm" && ext != ".ASM") {
    const uint64_t size = fs::file_size(p, ec);
    if (!ec && uint64_t(s.load_at) + size > s.memory)
      fail(value_mark(im), "boot.image: " + std::to_string(size) + " bytes at " + hex(s.load_at) +
                               " do not fit in " + std::to_string(s.memory) + " bytes of memory");
  }
}

// ---- os: the mini OS ----

void Parser::parse_os(const Entry& e, ScenarioSpec& s) {
  if (e.value.IsMap())
    for (auto it = e.value.begin(); it != e.value.end(); ++it)
      if (it->first.IsScalar() && it->first.Scalar() == "memory")
        fail(it->first.Mark(), "os: there is no os.memory (the guest's RAM is machine.memory)");
  const Map m(*this, e.value, value_mark(e), "os", {"quantum", "files", "init", "max_processes", "tty"});
  s.has_os = true;
  s.os_pos = pos(e.key_node.Mark());
  bool pit = false;
  for (const DeviceSpec& d : s.devices) pit = pit || d.type == DeviceSpec::Type::Pit;
  if (!pit) fail(e.key_node.Mark(), "os: needs a pit device (the scheduler's timer)");

  s.quantum_cycles = std::max<uint64_t>(1, s.clock_hz / 100);  // 10 ms
  if (const Entry* q = m.find("quantum")) {
    const std::string v = scalar(*q, "os.quantum");
    std::string why;
    uint64_t c = 0;
    if (!parse_time_cycles(v, s.clock_hz, c, why)) fail(value_mark(*q), "os.quantum: " + why + " (got '" + v + "')");
    if (c == 0) fail(value_mark(*q), "os.quantum: must be at least one cycle (got '" + v + "')");
    if (c > 10 * s.clock_hz) fail(value_mark(*q), "os.quantum: out of range: " + v + " (at most 10 s)");
    s.quantum_cycles = c;
  }
  if (const Entry* mp = m.find("max_processes"))
    s.max_processes = unsigned(number(*mp, "os.max_processes", 1, 4096));

  const DeviceSpec* tty = nullptr;
  if (const Entry* t = m.find("tty")) {
    const std::string v = scalar(*t, "os.tty");
    if (const DeviceSpec* d = s.find_device(v)) {
      if (d->type != DeviceSpec::Type::Keyboard && d->type != DeviceSpec::Type::Uart)
        fail(value_mark(*t), "os.tty: device '" + v + "' (" + d->type_name + ") is not a keyboard or uart");
      tty = d;
    } else if (v == "keyboard" || v == "uart") {
      const DeviceSpec::Type type = v == "keyboard" ? DeviceSpec::Type::Keyboard : DeviceSpec::Type::Uart;
      for (const DeviceSpec& o : s.devices) {
        if (o.type != type) continue;
        if (tty) fail(value_mark(*t), "os.tty: several " + v + " devices: name one (tty: " + o.name + ")");
        tty = &o;
      }
      if (!tty) fail(value_mark(*t), "os.tty: the machine has no " + v + " device (machine.devices)");
    } else {
      fail(value_mark(*t), "os.tty: expected keyboard, uart or the name of one in machine.devices, got '" + v + "'");
    }
  } else {
    for (const DeviceSpec& d : s.devices)
      if (d.type == DeviceSpec::Type::Keyboard) tty = &d;
    for (const DeviceSpec& d : s.devices)
      if (!tty && d.type == DeviceSpec::Type::Uart) tty = &d;
  }
  s.tty_device = tty ? tty->name : std::string();

  if (const Entry* f = m.find("files")) parse_os_files(*f, s);
  parse_os_init(m.require("init"), s);
}

void Parser::parse_os_files(const Entry& e, ScenarioSpec& s) {
  if (e.value.IsNull()) return;  // `files:` with nothing: no files
  if (!e.value.IsMap())
    fail(value_mark(e), "os.files: expected a mapping /guest/path: source, got " + type_word(e.value));
  namespace fs = std::filesystem;
  for (auto it = e.value.begin(); it != e.value.end(); ++it) {
    const Node k = it->first, v = it->second;
    if (!k.IsScalar()) fail(k.Mark(), "os.files: keys must be guest paths");
    ScenarioSpec::OsFile f;
    f.guest_path = k.Scalar();
    f.pos = pos(k.Mark());
    const std::string what = "os.files '" + f.guest_path + "'";
    std::string why;
    if (!check_guest_path(f.guest_path, why)) fail(k.Mark(), what + ": " + why);
    for (const ScenarioSpec::OsFile& o : s.files) {
      if (o.guest_path == f.guest_path) fail(k.Mark(), "os.files: duplicate guest path '" + f.guest_path + "'");
      if (f.guest_path.rfind(o.guest_path + "/", 0) == 0)
        fail(k.Mark(), what + ": inside '" + o.guest_path + "', which is a file (line " +
                           std::to_string(o.pos.line) + ")");
      if (o.guest_path.rfind(f.guest_path + "/", 0) == 0)
        fail(k.Mark(), what + ": the folder of '" + o.guest_path + "' (line " + std::to_string(o.pos.line) +
                           ") cannot also be a file");
    }
    const YAML::Mark vm = !v.IsDefined() || v.IsNull() || v.Mark().line < 0 ? k.Mark() : v.Mark();
    f.source_pos = pos(vm);
    if (v.IsMap()) {
      const Map fm(*this, v, vm, what, {"text", "fifo"});
      if (const Entry* fi = fm.find("fifo")) fail(fi->key_node.Mark(), "fifo files: not supported yet (IPC issue)");
      f.kind = ScenarioSpec::OsFile::Kind::Text;
      f.source = scalar(fm.require("text"), what + " text");
    } else if (v.IsScalar()) {
      const std::string src = v.Scalar();
      if (src.empty()) fail(vm, what + ": empty source (a program name, a path or { text: ... })");
      const bool elf = src.size() > 4 && src.compare(src.size() - 4, 4, ".elf") == 0;
      if (src.find('/') != std::string::npos || elf) {
        fs::path hp(src);
        if (hp.is_relative()) hp = fs::path(s.dir) / hp;
        f.kind = ScenarioSpec::OsFile::Kind::HostPath;
        f.source = hp.lexically_normal().string();
        std::error_code ec;
        if (!fs::is_regular_file(hp, ec)) fail(vm, what + ": no such file: " + f.source);
      } else {
        bool ok = true;
        for (char c : src) ok = ok && (std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-');
        if (!ok)
          fail(vm, what + ": '" + src + "' is neither a program name (letters, digits, _ and -) nor a path "
                          "(write ./" + src + " for a file beside the scenario)");
        f.kind = ScenarioSpec::OsFile::Kind::Program;
        f.source = src;
      }
    } else {
      fail(vm, what + ": expected a program name, a path or { text: ... }, got " + type_word(v));
    }
    s.files.push_back(std::move(f));
  }
}

void Parser::parse_os_init(const Entry& e, ScenarioSpec& s) {
  if (!e.value.IsSequence())
    fail(value_mark(e), "os.init: expected a list of { run: /guest/path, ... }, got " + type_word(e.value));
  if (e.value.size() == 0) fail(value_mark(e), "os.init: empty list (name at least one process to start)");
  for (const Node& item : e.value) {
    const Map m(*this, item, item.Mark(), "os.init entry", {"run", "args", "env", "uid", "gid", "name"});
    ScenarioSpec::InitProc p;
    p.pos = pos(m.mark());
    const Entry& r = m.require("run");
    p.run = scalar(r, "os.init run");
    std::string why;
    if (!check_guest_path(p.run, why)) fail(value_mark(r), "os.init run: '" + p.run + "' " + why);
    if (!s.find_file(p.run) && p.run.rfind("/bin/", 0) != 0)
      fail(value_mark(r), "os.init run: '" + p.run + "' is not in os.files (nor under /bin/)");
    auto strings = [&](const Entry& le, const std::string& what, bool env) {
      std::vector<std::string> out;
      if (le.value.IsNull()) return out;
      if (!le.value.IsSequence()) fail(value_mark(le), what + ": expected a list of strings, got " + type_word(le.value));
      for (const Node& n : le.value) {
        if (!n.IsScalar()) fail(n.Mark(), what + ": expected a string, got " + type_word(n));
        const std::string v = n.Scalar();
        if (v.find('\0') != std::string::npos) fail(n.Mark(), what + ": a NUL byte cannot be passed to a process");
        if (env && (v.empty() || v[0] == '=' || v.find('=') == std::string::npos))
          fail(n.Mark(), what + ": expected NAME=value, got '" + v + "'");
        out.push_back(v);
      }
      return out;
    };
    if (const Entry* a = m.find("args")) p.args = strings(*a, "os.init args", false);
    if (const Entry* v = m.find("env")) p.env = strings(*v, "os.init env", true);
    if (const Entry* u = m.find("uid")) p.uid = uint32_t(number(*u, "os.init uid", 0, 65535, true));
    if (const Entry* g = m.find("gid")) p.gid = uint32_t(number(*g, "os.init gid", 0, 65535, true));
    p.name = p.run;
    if (const Entry* n = m.find("name")) {
      p.name = scalar(*n, "os.init name");
      if (p.name.empty()) fail(value_mark(*n), "os.init name: must not be empty");
    }
    s.init.push_back(std::move(p));
  }
}

int Parser::signal_value(const Entry& e, const std::string& what) const {
  const std::string v = scalar(e, what);
  const int sig = parse_signal_arg(v);
  if (!sig) fail(value_mark(e), what + ": unknown signal '" + v + "' (a name such as SIGINT or INT, or 1..64)");
  return sig;
}

std::string Parser::init_program(const Entry& e, const ScenarioSpec& s, const std::string& what) const {
  const std::string v = scalar(e, what);
  if (!s.is_init_program(v)) {
    std::string runs;
    for (std::size_t i = 0; i < s.init.size(); ++i) {
      bool seen = false;
      for (std::size_t j = 0; j < i; ++j) seen = seen || s.init[j].run == s.init[i].run;
      if (!seen) runs += (runs.empty() ? "" : ", ") + s.init[i].run;
    }
    fail(value_mark(e), what + ": '" + v + "' is not a program os.init runs (" + runs + ")");
  }
  return v;
}

std::string Parser::resolve_device(const ScenarioSpec& s, DeviceSpec::Type type, const char* type_name,
                                   const Map* m, const YAML::Mark& where, const std::string& what) const {
  if (m) {
    if (const Entry* n = m->find("name")) {
      const std::string name = scalar(*n, what + " name");
      const DeviceSpec* d = s.find_device(name);
      if (!d) fail(value_mark(*n), what + ": no device named '" + name + "' in machine.devices");
      if (d->type != type)
        fail(value_mark(*n), what + ": device '" + name + "' is a " + d->type_name + ", not a " + type_name);
      return name;
    }
  }
  const DeviceSpec* found = nullptr;
  for (const DeviceSpec& d : s.devices) {
    if (d.type != type) continue;
    if (found) fail(where, what + ": several " + type_name + " devices: say which one with name:");
    found = &d;
  }
  if (!found) fail(where, what + ": the machine has no " + type_name + " device");
  return found->name;
}

void Parser::parse_op(const Map& m, const std::string& what, TimelineAction& a) const {
  const Entry* op = nullptr;
  for (const Entry& e : m.entries()) {
    if (e.key != "raise" && e.key != "lower" && e.key != "pulse" && e.key != "hold") continue;
    if (op) fail(e.key_node.Mark(), what + ": only one of raise, lower, pulse, hold per entry");
    op = &e;
  }
  if (!op) fail(m.mark(), what + ": missing the action (raise: true, lower: true, pulse: N or hold: N)");
  if (op->key == "raise" || op->key == "lower") {
    if (!boolean(*op, what + " " + op->key)) fail(value_mark(*op), what + ": " + op->key + " must be true");
    a.op = op->key == "raise" ? TimelineAction::Op::Raise : TimelineAction::Op::Lower;
  } else {
    a.op = op->key == "pulse" ? TimelineAction::Op::Pulse : TimelineAction::Op::Hold;
    a.cycles = number(*op, what + " " + op->key + " (cycles)", 1, 1ull << 62);
  }
}

void Parser::parse_timeline(const Entry& e, ScenarioSpec& s) {
  if (e.value.IsNull()) return;
  if (!e.value.IsSequence()) fail(value_mark(e), "timeline: expected a list, got " + type_word(e.value));
  for (const Node& item : e.value) {
    const Map m(*this, item, item.Mark(), "timeline entry",
                {"at", "keyboard", "uart", "irq-source", "irq", "nmi", "note", "signal"});
    TimelineAction a;
    a.pos = pos(m.mark());
    const Entry& at = m.require("at");
    {
      const std::string v = scalar(at, "at");
      std::string why;
      if (!parse_time_cycles(v, s.clock_hz, a.at, why)) fail(value_mark(at), "at: " + why + " (got '" + v + "')");
    }
    const Entry* act = nullptr;
    for (const Entry& x : m.entries()) {
      if (x.key == "at") continue;
      if (act) fail(x.key_node.Mark(), "timeline entry: one action per entry ('" + act->key + "' already given)");
      act = &x;
    }
    if (!act)
      fail(m.mark(), "timeline entry: missing the action (keyboard, uart, irq-source, irq, nmi, note or signal)");
    const YAML::Mark km = act->key_node.Mark();
    if (act->key == "signal") {
      if (!s.has_os) fail(km, "signal: needs os: (signals go to processes of the mini OS)");
      a.kind = TimelineAction::Kind::Signal;
      const Map g(*this, act->value, value_mark(*act), "signal", {"to", "pid", "sig"});
      const Entry* to = g.find("to");
      const Entry* pe = g.find("pid");
      if (to && pe) fail(pe->key_node.Mark(), "signal: to: or pid:, not both");
      if (!to && !pe) fail(g.mark(), "signal: missing the target (to: /guest/program or pid: N)");
      if (to && to->value.IsMap()) {
        const Map t(*this, to->value, value_mark(*to), "signal.to", {"pid"});
        a.pid = uint32_t(number(t.require("pid"), "signal pid", 1, 32767, true));
      } else if (to) {
        a.target = init_program(*to, s, "signal.to");
      } else {
        a.pid = uint32_t(number(*pe, "signal pid", 1, 32767, true));
      }
      a.signo = signal_value(g.require("sig"), "signal sig");
    } else if (act->key == "keyboard") {
      a.kind = TimelineAction::Kind::Keyboard;
      if (act->value.IsMap()) {
        const Map k(*this, act->value, value_mark(*act), "keyboard", {"name", "text"});
        const Entry& te = k.require("text");
        a.text = scalar(te, "keyboard text");
        check_typable(a.text, value_mark(te));
        a.device = resolve_device(s, DeviceSpec::Type::Keyboard, "keyboard", &k, km, "keyboard");
      } else {
        a.text = scalar(*act, "keyboard");
        check_typable(a.text, value_mark(*act));
        a.device = resolve_device(s, DeviceSpec::Type::Keyboard, "keyboard", nullptr, km, "keyboard");
      }
    } else if (act->key == "uart") {
      a.kind = TimelineAction::Kind::Uart;
      const Map u(*this, act->value, value_mark(*act), "uart", {"name", "receive"});
      a.text = scalar(u.require("receive"), "uart receive");
      a.device = resolve_device(s, DeviceSpec::Type::Uart, "uart", &u, km, "uart");
    } else if (act->key == "irq-source") {
      a.kind = TimelineAction::Kind::IrqSource;
      const Map q(*this, act->value, value_mark(*act), "irq-source", {"name", "raise", "lower", "pulse", "hold"});
      a.device = resolve_device(s, DeviceSpec::Type::IrqSource, "irq-source", &q, km, "irq-source");
      parse_op(q, "irq-source", a);
    } else if (act->key == "irq") {
      a.kind = TimelineAction::Kind::Irq;
      const Map q(*this, act->value, value_mark(*act), "irq", {"line", "raise", "lower", "pulse", "hold"});
      const Entry& le = q.require("line");
      a.line = int(number(le, "irq line", 0, 15));
      if (a.line == 2 && !s.wired_or)
        fail(value_mark(le), "irq line: IRQ 2 is the slave 8259A's cascade input on a pic-pair board");
      parse_op(q, "irq", a);
    } else if (act->key == "nmi") {
      a.kind = TimelineAction::Kind::Nmi;
      if (!boolean(*act, "nmi")) fail(value_mark(*act), "nmi: must be true");
      for (const DeviceSpec& d : s.devices)
        if (d.type == DeviceSpec::Type::NmiSource && a.device.empty()) a.device = d.name;
    } else if (act->key == "note") {
      a.kind = TimelineAction::Kind::Note;
      a.text = scalar(*act, "note");
    }
    s.timeline.push_back(a);
  }
}

void Parser::parse_stop(const Entry& e, ScenarioSpec& s) {
  const Map m(*this, e.value, value_mark(e), "stop", {"when", "max_cycles"});
  if (const Entry* w = m.find("when")) {
    const std::string v = scalar(*w, "stop.when");
    if (v == "halted") {
      s.stop_when_halted = true;
    } else if (v == "all-exited") {
      if (!s.has_os) fail(value_mark(*w), "stop.when: all-exited needs os: (it waits for the mini OS's processes)");
      s.stop_when_all_exited = true;
    } else {
      fail(value_mark(*w), "stop.when: expected halted or all-exited, got '" + v + "'");
    }
  }
  if (const Entry* mc = m.find("max_cycles")) s.max_cycles = number(*mc, "stop.max_cycles", 1, ~0ull);
}

EventPattern Parser::pattern(const Node& n, const YAML::Mark& m, const std::string& what) const {
  if (!n.IsScalar()) fail(m, what + ": expected an event such as irq-raised:1, got " + type_word(n));
  EventPattern p;
  p.source = n.Scalar();
  p.pos = pos(m);
  const std::size_t colon = p.source.find(':');
  const std::string name = p.source.substr(0, colon);
  if (!parse_event_name(name, p.kind) || p.kind == Ev::kCount)
    fail(m, what + ": unknown event '" + name + "'");
  if (colon == std::string::npos) return p;
  const std::string arg = p.source.substr(colon + 1);
  const EventField f = event_field(p.kind);
  if (f == EventField::None) fail(m, what + ": event '" + name + "' takes no argument (got '" + p.source + "')");
  if (arg.empty()) fail(m, what + ": missing the " + std::string(event_field_name(f)) + " after '" + name + ":'");
  p.has_arg = true;
  if (f == EventField::Text) {
    p.text = arg;
    return p;
  }
  if (f == EventField::Signal) {
    const int sig = parse_signal_arg(arg);
    if (!sig)
      fail(m, what + ": bad signal '" + arg + "' in '" + p.source + "' (1..64 or a name such as SIGINT)");
    p.arg = uint32_t(sig);
    return p;
  }
  uint64_t v = 0, lo = 0, hi = 0;
  field_range(f, lo, hi);
  if (!parse_uint(arg, v) || v < lo || v > hi)
    fail(m, what + ": bad " + event_field_name(f) + " '" + arg + "' in '" + p.source + "' (" +
                std::to_string(lo) + ".." + std::to_string(hi) + ")");
  p.arg = uint32_t(v);
  return p;
}

struct RegInfo {
  const char* name;
  unsigned bits;
};
constexpr RegInfo kRegs[] = {
    {"eax", 32}, {"ecx", 32}, {"edx", 32}, {"ebx", 32}, {"esp", 32}, {"ebp", 32}, {"esi", 32},
    {"edi", 32}, {"ax", 16}, {"cx", 16}, {"dx", 16}, {"bx", 16}, {"sp", 16}, {"bp", 16},
    {"si", 16}, {"di", 16}, {"al", 8}, {"cl", 8}, {"dl", 8}, {"bl", 8}, {"ah", 8}, {"ch", 8},
    {"dh", 8}, {"bh", 8}, {"eip", 32}, {"ip", 16}, {"eflags", 32}, {"flags", 16}, {"cs", 16},
    {"ds", 16}, {"es", 16}, {"ss", 16}, {"fs", 16}, {"gs", 16}, {"cr0", 32}, {"cr2", 32},
    {"cr3", 32}};

void Parser::parse_expect(const Entry& e, ScenarioSpec& s) {
  if (e.value.IsNull()) return;
  if (!e.value.IsSequence()) fail(value_mark(e), "expect: expected a list, got " + type_word(e.value));
  for (const Node& item : e.value) {
    const Map one(*this, item, item.Mark(), "expectation",
                  {"console", "count", "order", "latency", "register", "memory", "exit"});
    if (one.entries().empty()) fail(one.mark(), "expectation: empty");
    if (one.entries().size() > 1)
      fail(one.entries()[1].key_node.Mark(), "expectation: one kind per list item (write '- " +
                                                 one.entries()[1].key + ": ...' as its own item)");
    const Entry& k = one.entries()[0];
    Expectation x;
    x.pos = pos(k.key_node.Mark());
    const YAML::Mark vm = value_mark(k);
    if (k.key == "exit") {
      if (!s.has_os) fail(k.key_node.Mark(), "exit: needs os: (the end of a mini OS process)");
      x.kind = Expectation::Kind::Exit;
      const Map m(*this, k.value, vm, "exit", {"program", "status", "signal", "core"});
      x.program = init_program(m.require("program"), s, "exit program");
      const Entry* st = m.find("status");
      const Entry* sg = m.find("signal");
      if (st && sg) fail((st < sg ? sg : st)->key_node.Mark(), "exit: status or signal, not both");  // the later one
      if (!st && !sg) fail(m.mark(), "exit: missing status: N or signal: NAME");
      if (st) x.status = unsigned(number(*st, "exit status", 0, 255));
      if (sg) x.signal = signal_value(*sg, "exit signal");
      if (const Entry* c = m.find("core")) {
        if (!sg) fail(c->key_node.Mark(), "exit: core applies to signal: only (a process that exits has no core)");
        x.core = boolean(*c, "exit core");
      }
    } else if (k.key == "console") {
      const Map m(*this, k.value, vm, "console", {"contains", "equals"});
      if (m.entries().size() != 1)
        fail(m.entries().empty() ? m.mark() : m.entries()[1].key_node.Mark(),
             "console: exactly one of contains or equals");
      const Entry& c = m.entries()[0];
      x.kind = c.key == "contains" ? Expectation::Kind::ConsoleContains : Expectation::Kind::ConsoleEquals;
      x.text = scalar(c, "console " + c.key);
    } else if (k.key == "count") {
      x.kind = Expectation::Kind::Count;
      const Map m(*this, k.value, vm, "count",
                  {"event", "line", "chip", "vector", "byte", "device", "text", "signal", "pid", "nr",
                   "equals", "min", "max"});
      const Entry& ev = m.require("event");
      x.event_name = scalar(ev, "count event");
      if (!parse_event_name(x.event_name, x.event) || x.event == Ev::kCount)
        fail(value_mark(ev), "count: unknown event '" + x.event_name + "'");
      const EventField f = event_field(x.event);
      for (const Entry& fe : m.entries()) {
        if (fe.key == "event" || fe.key == "equals" || fe.key == "min" || fe.key == "max") continue;
        if (fe.key != event_field_name(f))
          fail(fe.key_node.Mark(), "count: event '" + x.event_name + "' has no " + fe.key +
                                       (f == EventField::None ? std::string(" (it has no filter)")
                                                              : " (filter by " + std::string(event_field_name(f)) + ")"));
        x.filter_field = f;
        if (f == EventField::Text) {
          fail(fe.key_node.Mark(), "count: note events cannot be filtered by text (use order:)");
        }
        if (f == EventField::Signal) {
          x.filter = uint32_t(signal_value(fe, "count signal"));
        } else {
          uint64_t lo = 0, hi = 0;
          field_range(f, lo, hi);
          x.filter = uint32_t(number(fe, "count " + fe.key, lo, hi, f == EventField::Pid || f == EventField::Nr));
        }
      }
      const Entry* eq = m.find("equals");
      const Entry* mn = m.find("min");
      const Entry* mx = m.find("max");
      if (!eq && !mn && !mx) fail(m.mark(), "count: missing equals, min or max");
      if (eq && (mn || mx)) fail((mn ? mn : mx)->key_node.Mark(), "count: equals cannot be combined with min/max");
      if (eq) x.equals = number(*eq, "count equals", 0, ~0ull);
      if (mn) x.min = number(*mn, "count min", 0, ~0ull);
      if (mx) x.max = number(*mx, "count max", 0, ~0ull);
      if (mn && mx && *x.min > *x.max) fail(value_mark(*mx), "count: max is below min");
    } else if (k.key == "order") {
      x.kind = Expectation::Kind::Order;
      if (!k.value.IsSequence()) fail(vm, "order: expected a list of events, got " + type_word(k.value));
      for (const Node& p : k.value) x.patterns.push_back(pattern(p, p.Mark(), "order"));
      if (x.patterns.size() < 1) fail(vm, "order: empty list");
    } else if (k.key == "latency") {
      x.kind = Expectation::Kind::Latency;
      const Map m(*this, k.value, vm, "latency", {"from", "to", "max_cycles", "min_cycles", "nearest"});
      const Entry& from = m.require("from");
      const Entry& to = m.require("to");
      x.patterns.push_back(pattern(from.value, value_mark(from), "latency from"));
      x.patterns.push_back(pattern(to.value, value_mark(to), "latency to"));
      const Entry* mx = m.find("max_cycles");
      const Entry* mn = m.find("min_cycles");
      if (!mx && !mn) fail(m.mark(), "latency: missing max_cycles (or min_cycles)");
      if (mx) x.max = number(*mx, "latency max_cycles", 0, ~0ull);
      if (mn) x.min = number(*mn, "latency min_cycles", 0, ~0ull);
      if (mx && mn && *x.min > *x.max) fail(value_mark(*mx), "latency: max_cycles is below min_cycles");
      if (const Entry* nr = m.find("nearest")) x.nearest = boolean(*nr, "latency nearest");
    } else if (k.key == "register") {
      x.kind = Expectation::Kind::Register;
      const Map m(*this, k.value, vm, "register", {"name", "equals"});
      const Entry& n = m.require("name");
      std::string r = scalar(n, "register name");
      std::transform(r.begin(), r.end(), r.begin(), [](unsigned char c) { return char(std::tolower(c)); });
      const RegInfo* info = nullptr;
      for (const RegInfo& ri : kRegs)
        if (r == ri.name) info = &ri;
      if (!info) fail(value_mark(n), "register: unknown register '" + n.value.Scalar() + "'");
      x.reg = r;
      x.reg_bits = info->bits;
      const uint64_t hi = info->bits == 32 ? 0xFFFFFFFFull : info->bits == 16 ? 0xFFFF : 0xFF;
      x.equals = number(m.require("equals"), "register " + r + " equals", 0, hi);
    } else if (k.key == "memory") {
      x.kind = Expectation::Kind::Memory;
      const Map m(*this, k.value, vm, "memory", {"address", "byte", "word", "dword", "bytes"});
      const Entry& a = m.require("address");
      x.address = uint32_t(number(a, "memory address", 0, s.memory - 1));
      const Entry* v = nullptr;
      for (const Entry& fe : m.entries()) {
        if (fe.key == "address") continue;
        if (v) fail(fe.key_node.Mark(), "memory: only one of byte, word, dword, bytes");
        v = &fe;
      }
      if (!v) fail(m.mark(), "memory: missing the expected value (byte, word, dword or bytes)");
      if (v->key == "bytes") {
        x.width = 0;
        if (v->value.IsScalar()) {
          const std::string t = v->value.Scalar();
          x.bytes.assign(t.begin(), t.end());
        } else if (v->value.IsSequence()) {
          for (const Node& b : v->value) x.bytes.push_back(uint8_t(number_node(b, b.Mark(), "memory bytes", 0, 255)));
        } else {
          fail(value_mark(*v), "memory bytes: expected a list of bytes or a string, got " + type_word(v->value));
        }
        if (x.bytes.empty()) fail(value_mark(*v), "memory bytes: empty");
      } else {
        x.width = v->key == "byte" ? 1 : v->key == "word" ? 2 : 4;
        const uint64_t hi = x.width == 1 ? 0xFF : x.width == 2 ? 0xFFFF : 0xFFFFFFFFull;
        const uint64_t val = number(*v, "memory " + v->key, 0, hi);
        for (unsigned i = 0; i < x.width; ++i) x.bytes.push_back(uint8_t(val >> (8 * i)));
      }
      if (uint64_t(x.address) + x.bytes.size() > s.memory)
        fail(value_mark(a), "memory: address " + hex(x.address) + " + " + std::to_string(x.bytes.size()) +
                                " bytes is past the end of memory");
    }
    s.expect.push_back(std::move(x));
  }
}

ScenarioSpec Parser::parse(const std::string& text) {
  // YAML::Load, not LoadAll: yaml-cpp 0.7's LoadAll loops forever, allocating, on a stray ','
  // (jbeder/yaml-cpp#1040, fixed upstream by PR #1319 after 0.7). A second document is looked for
  // with a bounded number of parser calls instead.
  Node root;
  YAML::Mark second;
  bool has_second = false;
  try {
    root = YAML::Load(text);
    std::istringstream in(text);
    YAML::Parser parser(in);
    DocStart first_doc, second_doc;
    if (parser.HandleNextDocument(first_doc) && parser.HandleNextDocument(second_doc)) {
      has_second = true;
      second = second_doc.start;
    }
  } catch (const YAML::Exception& e) {
    fail(e.mark, "YAML syntax error: " + e.msg);
  }
  if (!root.IsDefined() || root.IsNull()) {
    if (has_second) fail(second, "YAML syntax error: unexpected content (a stray ',' or ']'?)");
    fail(YAML::Mark(), "empty scenario (expected a mapping with machine:, boot:, expect: ...)");
  }
  if (has_second) fail(second, "more than one YAML document in a scenario file (or stray content after it)");
  ScenarioSpec s;
  s.path = file_;
  {
    namespace fs = std::filesystem;
    const fs::path parent = fs::path(file_).parent_path();
    s.dir = parent.empty() ? "." : parent.string();
  }
  const Map m(*this, root, root.Mark(), "scenario",
              {"name", "description", "seed", "machine", "os", "boot", "timeline", "stop", "expect"});
  if (const Entry* e = m.find("name")) s.name = scalar(*e, "name");
  if (const Entry* e = m.find("description")) s.description = scalar(*e, "description");
  if (const Entry* e = m.find("seed")) s.seed = number(*e, "seed", 0, ~0ull);
  if (const Entry* e = m.find("machine")) parse_machine(*e, s);
  const Entry* os = m.find("os");
  const Entry* boot = m.find("boot");
  if (os && boot)
    fail(boot->key_node.Mark(), "boot: and os: are exclusive (boot: loads a bare-metal image, os: boots the mini OS)");
  if (os) parse_os(*os, s);
  else if (boot) parse_boot(*boot, s);
  else fail(m.mark(), "scenario: missing required key 'boot' (bare metal: boot: { image: ... }; the mini OS: os:)");
  if (const Entry* e = m.find("timeline")) parse_timeline(*e, s);
  if (const Entry* e = m.find("stop")) parse_stop(*e, s);
  if (const Entry* e = m.find("expect")) parse_expect(*e, s);
  return s;
}

}  // namespace

ScenarioSpec parse_scenario(const std::string& text, const std::string& path) {
  Parser p(path);
  try {
    return p.parse(text);
  } catch (const ScenarioError&) {
    throw;
  } catch (const YAML::Exception& e) {
    throw ScenarioError(p.pos(e.mark), "YAML error: " + e.msg);
  } catch (const std::exception& e) {
    throw ScenarioError(SourcePos{path, 1, 1}, std::string("cannot read scenario: ") + e.what());
  }
}

ScenarioSpec load_scenario(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::error_code ec;
  if (!in || std::filesystem::is_directory(path, ec))
    throw ScenarioError(SourcePos{path, 0, 0}, "cannot open scenario file");
  std::ostringstream text;
  text << in.rdbuf();
  return parse_scenario(text.str(), path);
}

ScenarioSpec minimal_os_spec(const std::string& path, uint32_t memory) {
  ScenarioSpec s;
  s.path = path;
  s.memory = memory;
  DeviceSpec pit;
  pit.type = DeviceSpec::Type::Pit;
  pit.type_name = pit.name = "pit";
  pit.irq = 0;
  s.devices.push_back(pit);
  s.has_os = true;
  s.quantum_cycles = s.clock_hz / 100;
  s.stop_when_all_exited = true;
  return s;
}

}  // namespace irq::sim
