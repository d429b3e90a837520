// sim/runner.cpp — ScenarioSpec -> Machine, timeline, run, expectations (see runner.h).
#include "sim/runner.h"


#include <algorithm>
#include <cinttypes>
#include <cstdio>

#include <fstream>

#include "os/tty.h"
#include "sim/bare_board.h"
#include "sim/devices/irq_source.h"
#include "sim/devices/keyboard.h"
#include "sim/devices/nmi_source.h"
#include "sim/devices/pit.h"
#include "sim/devices/rtc.h"
#include "sim/devices/uart.h"

namespace irq::sim {

namespace {

std::string hex(uint64_t v) {
  char buf[24];
  std::snprintf(buf, sizeof buf, "0x%" PRIx64, v);
  return buf;
}

}  // namespace

std::string quote(const std::string& s) {
  std::string o = "\"";
  for (unsigned char c : s) {
    switch (c) {
      case '\n': o += "\\n"; break;
      case '\t': o += "\\t"; break;
      case '\r': o += "\\r"; break;
      case '"': o += "\\\""; break;
      case '\\': o += "\\\\"; break;
      default:
        if (c < 0x20 || c >= 0x7F) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\x%02X", c);
          o += buf;
        } else {
          o += char(c);
        }
    }
  }
  return o + "\"";
}

void check_buildable(const ScenarioSpec&) {
  // Every device type of scenario.h is built by this runner.
}

// ---- timeline -------------------------------------------------------------------------------

struct ScenarioRun::Action {
  ScenarioRun* run = nullptr;
  const TimelineAction* spec = nullptr;
  Device* device = nullptr;
  bool last_nmi = false;
};

namespace {

void on_lower(void* ctx, uint64_t, uint64_t) { static_cast<Pin*>(ctx)->lower(); }

}  // namespace

void ScenarioRun::schedule_timeline() {
  // Stable addresses: actions_ holds unique_ptrs, timeline_irq_ is sized once (16 lines).
  std::size_t last_nmi = spec_.timeline.size();
  for (std::size_t i = 0; i < spec_.timeline.size(); ++i)
    if (spec_.timeline[i].kind == TimelineAction::Kind::Nmi &&
        (last_nmi == spec_.timeline.size() || spec_.timeline[i].at >= spec_.timeline[last_nmi].at))
      last_nmi = i;
  if (last_nmi != spec_.timeline.size()) machine_->set_nmi_possible(true);

  for (std::size_t i = 0; i < spec_.timeline.size(); ++i) {
    const TimelineAction& t = spec_.timeline[i];
    auto a = std::make_unique<Action>();
    a->run = this;
    a->spec = &t;
    a->last_nmi = i == last_nmi;
    if (!t.device.empty()) a->device = machine_->find_device(t.device);
    if (t.kind == TimelineAction::Kind::Irq) {  // the timeline's own driver on that line
      Pin& p = timeline_irq_.at(unsigned(t.line));
      if (!p.line) p = machine_->irq_pin(unsigned(t.line), "timeline");
    }
    auto fire = [](void* ctx, uint64_t now, uint64_t) {
      Action& act = *static_cast<Action*>(ctx);
      const TimelineAction& ta = *act.spec;
      Machine& m = *act.run->machine_;
      switch (ta.kind) {
        case TimelineAction::Kind::Irq: {
          Pin* pin = &act.run->timeline_irq_[unsigned(ta.line)];
          switch (ta.op) {
            case TimelineAction::Op::Raise: pin->raise(); break;
            case TimelineAction::Op::Lower: pin->lower(); break;
            case TimelineAction::Op::Pulse:
            case TimelineAction::Op::Hold:
              pin->raise();
              m.events().schedule(now + ta.cycles, on_lower, pin, 0, EventQueue::kTimeline);
              break;
            case TimelineAction::Op::None: break;
          }
          break;
        }
        case TimelineAction::Kind::Nmi:
          if (act.device) static_cast<NmiSource*>(act.device)->trigger();
          else m.pulse_nmi();
          if (act.last_nmi && !act.run->periodic_nmi_) m.set_nmi_possible(false);
          break;
        case TimelineAction::Kind::Signal:
          if (act.run->os_) act.run->os_->kernel().post_signal(ta.target, int(ta.pid), ta.signo);
          break;
        case TimelineAction::Kind::Note:
          if (m.trace().enabled()) {
            m.trace().notes().push_back(ta.text);
            m.trace().emit(now, Ev::Note, 0, uint32_t(m.trace().notes().size() - 1));
          }
          break;
        case TimelineAction::Kind::Keyboard:
          static_cast<Keyboard*>(act.device)->type_text(ta.text);
          break;
        case TimelineAction::Kind::Uart:
          static_cast<Uart*>(act.device)->receive(ta.text);
          break;
        case TimelineAction::Kind::IrqSource: {
          auto* src = static_cast<IrqSource*>(act.device);
          switch (ta.op) {
            case TimelineAction::Op::Raise: src->raise(); break;
            case TimelineAction::Op::Lower: src->lower(); break;
            case TimelineAction::Op::Pulse: src->pulse(ta.cycles); break;
            case TimelineAction::Op::Hold: src->hold(ta.cycles); break;
            case TimelineAction::Op::None: break;
          }
          break;
        }
      }
    };
    machine_->events().schedule(t.at, fire, a.get(), 0, EventQueue::kTimeline);
    actions_.push_back(std::move(a));
  }
}

// ---- building -------------------------------------------------------------------------------

void ScenarioRun::build_devices() {
  Machine& m = *machine_;
  uint8_t index = 0;
  for (const DeviceSpec& d : spec_.devices) {
    auto pin_for = [&]() -> Pin {
      if (d.irq_intr) return m.intr_pin(d.name);
      if (d.irq >= 0) return m.irq_pin(unsigned(d.irq), d.name);
      return Pin{};
    };
    std::unique_ptr<Device> dev;
    std::vector<PortRange> ports;
    switch (d.type) {
      case DeviceSpec::Type::Pit: {
        PitConfig cfg;
        cfg.trace_id = index;
        auto p = std::make_unique<Pit>(d.name, m.context(), pin_for(), cfg);
        ports = p->ports();
        dev = std::move(p);
        break;
      }
      case DeviceSpec::Type::Keyboard: {
        auto p = std::make_unique<Keyboard>(d.name, m.context(), pin_for());
        ports = p->ports();
        dev = std::move(p);
        break;
      }
      case DeviceSpec::Type::Uart: {
        UartConfig cfg;
        cfg.base = uint16_t(d.port);
        auto p = std::make_unique<Uart>(d.name, m.context(), pin_for(), cfg);
        ports = p->ports();
        dev = std::move(p);
        break;
      }
      case DeviceSpec::Type::Rtc: {
        auto p = std::make_unique<Rtc>(d.name, m.context(), pin_for());
        ports = p->ports();
        dev = std::move(p);
        break;
      }
      case DeviceSpec::Type::IrqSource:
        dev = std::make_unique<IrqSource>(d.name, m.context(), pin_for());
        break;
      case DeviceSpec::Type::NmiSource: {
        Machine* mp = &m;
        auto p = std::make_unique<NmiSource>(d.name, m.context(), [mp] { mp->pulse_nmi(); });
        if (d.period) {
          p->start_periodic(d.period);
          periodic_nmi_ = true;
          m.set_nmi_possible(true);
        }
        dev = std::move(p);
        break;
      }
    }
    Device* raw = &m.add_device(std::move(dev));
    for (const PortRange& r : ports) m.map_ports(r.first, r.second, raw);
    ++index;
  }
}

ScenarioRun::ScenarioRun(const ScenarioSpec& spec, const RunOptions& options)
    : spec_(spec), options_(options), timeline_irq_(16) {
  check_buildable(spec_);
  if (options_.seed) spec_.seed = *options_.seed;
  max_cycles_ = options_.max_cycles ? *options_.max_cycles : spec_.max_cycles;

  std::vector<uint8_t> image;
  std::string error;
  if (!spec_.has_os) {
    const bool ok = spec_.defines.empty()
                        ? read_image(spec_.image, options_.tmp_dir, image, error)
                        : assemble_nasm(spec_.image, spec_.defines, options_.tmp_dir, image, error);
    if (!ok) throw ScenarioError(spec_.image_pos, "boot.image: " + error);
    if (image.empty()) throw ScenarioError(spec_.image_pos, "boot.image: empty image " + spec_.image);
  }

  MachineConfig cfg;
  cfg.clock_hz = spec_.clock_hz;
  cfg.memory = spec_.memory;
  cfg.interrupts = spec_.wired_or ? MachineConfig::Interrupts::WiredOr : MachineConfig::Interrupts::PicPair;
  cfg.trace = options_.trace || spec_.needs_trace();
  cfg.echo_console = options_.echo_console;
  machine_ = std::make_unique<Machine>(cfg);
  build_devices();
  if (spec_.has_os) {
    build_os();
    schedule_timeline();
    return;
  }
  if (!machine_->load(spec_.load_at, image))
    throw ScenarioError(spec_.image_pos, "boot.image: " + std::to_string(image.size()) + " bytes at " +
                                             hex(spec_.load_at) + " do not fit in memory");
  machine_->start_real_mode(spec_.cs, spec_.ip);
  schedule_timeline();
}

namespace {

bool read_file(const std::string& path, std::vector<uint8_t>& out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  out.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  return !in.bad();
}

}  // namespace

// The mini OS: its file tree, its first processes, then the boot (DESIGN.md §4).
void ScenarioRun::build_os() {
  os::KernelConfig kc;
  kc.quantum_cycles = spec_.quantum_cycles ? spec_.quantum_cycles : std::max<uint64_t>(1, spec_.clock_hz / 100);
  kc.max_processes = spec_.max_processes;
  kc.seed = spec_.seed;
  if (options_.exec && !options_.exec->uart_console) {
    kc.console = os::KernelConfig::Console::HostStdio;
  } else if (const DeviceSpec* d = spec_.find_device(spec_.tty_device); d && d->type == DeviceSpec::Type::Uart) {
    kc.console = os::KernelConfig::Console::Uart;
    kc.uart_port = uint16_t(d->port >= 0 ? d->port : 0x3F8);
    kc.uart_output = true;
  } else {
    kc.console = os::KernelConfig::Console::Keyboard;
  }
  os_ = std::make_unique<OsBoard>(*machine_, kc);
  os::Kernel& k = os_->kernel();
  os::Vfs& v = k.vfs();
  v.set_build_time(k.realtime_ns());  // the files below exist at boot (the guest's epoch)
  v.mkdirs("/bin");
  v.mkdirs("/tmp", 01777);
  v.mkdirs("/dev", 0755);
  v.mkdirs("/dev/shm", 01777);
  v.mkdirs("/home");
  v.add_device("/dev/null", "null", (1u << 8) | 3);
  v.add_device("/dev/zero", "zero", (1u << 8) | 5);
  v.add_device("/dev/tty", "tty", (5u << 8) | 0);
  v.mkdirs("/proc", 0555);
  v.mkdirs("/proc/sysvipc", 0555);  // the kernel writes these files' text at each open
  for (const char* name : {"msg", "shm", "sem"})
    v.add_file(std::string("/proc/sysvipc/") + name, {}, 0444)->generated = std::string("sysvipc/") + name;
  for (const ScenarioSpec::OsFile& f : spec_.files) {
    std::vector<uint8_t> bytes;
    std::string host;
    switch (f.kind) {
      case ScenarioSpec::OsFile::Kind::Text:
        bytes.assign(f.source.begin(), f.source.end());
        v.add_file(f.guest_path, std::move(bytes), 0644);
        continue;
      case ScenarioSpec::OsFile::Kind::Program:
        host = f.source == "busybox" ? std::string(IRQ_BUSYBOX)
                                     : std::string(IRQ_PROGRAMS_DIR) + "/" + f.source + ".elf";
        break;
      case ScenarioSpec::OsFile::Kind::HostPath:
        host = f.source;
        break;
    }
    if (!read_file(host, bytes))
      throw ScenarioError(f.source_pos, "os.files: cannot read " + host +
                                            (f.kind == ScenarioSpec::OsFile::Kind::Program
                                                 ? (f.source == "busybox"
                                                        ? " (Debian's busybox, fetched by the build: scripts/fetch-busybox.sh)"
                                                        : " (a program of programs/user/, built with the project)")
                                                 : ""));
    v.add_file(f.guest_path, std::move(bytes), 0755);
  }
  const std::vector<std::string> default_env = {"PATH=/bin:/usr/bin", "HOME=/", "TERM=linux"};
  for (const ScenarioSpec::InitProc& ip : spec_.init) {
    os::Kernel::InitSpec s;
    s.path = ip.run;
    s.argv.push_back(ip.run);
    s.argv.insert(s.argv.end(), ip.args.begin(), ip.args.end());
    s.envp = ip.env.empty() ? default_env : ip.env;
    s.uid = ip.uid;
    s.gid = ip.gid;
    k.add_init(s);
  }
  if (options_.exec) {
    const ExecSpec& e = *options_.exec;
    for (const ExecSpec::Mount& mt : e.mounts)
      if (!v.add_host_mount(mt.host, mt.guest, mt.rw))
        throw ScenarioError(SourcePos{e.program, 0, 0}, "cannot mount " + mt.host + " (not a readable folder)");
    os::Kernel::InitSpec s;
    s.path = e.guest_path;
    s.argv = e.argv;
    s.envp = e.envp;
    s.uid = e.uid;
    s.gid = e.gid;
    s.cwd = e.cwd;
    k.add_init(s);
  }
  const std::string err = os_->boot();
  if (!err.empty()) throw ScenarioError(spec_.os_pos, "os: " + err);
  os_->set_stop_when_all_exited(spec_.stop_when_all_exited || options_.exec.has_value());
}

ScenarioRun::~ScenarioRun() = default;

Machine::Stop ScenarioRun::run() {
  constexpr uint64_t kProgressEvery = 100'000'000ull;
  Machine& m = *machine_;
  Machine::Stop stop;
  if (!options_.progress) {
    stop = m.run(max_cycles_);
  } else {
    bool printed = false;
    for (;;) {
      const uint64_t next = std::min(max_cycles_, (m.now() / kProgressEvery + 1) * kProgressEvery);
      stop = m.run(next);
      if (stop != Machine::Stop::CycleLimit || m.now() >= max_cycles_) break;
      std::fprintf(stderr, "\r[irqlab] %" PRIu64 "M / %" PRIu64 "M cycles", m.now() / 1000000,
                   max_cycles_ / 1000000);
      std::fflush(stderr);
      printed = true;
    }
    if (printed) std::fputs("\r\x1b[K", stderr);
  }
  ran_ = true;
  stop_ = stop;
  return stop;
}

// ---- expectations ---------------------------------------------------------------------------

namespace {

std::string pattern_list(const std::vector<EventPattern>& ps) {
  std::string s;
  for (const EventPattern& p : ps) s += (s.empty() ? "" : ", ") + p.source;
  return s;
}

std::string bounds(const std::optional<uint64_t>& lo, const std::optional<uint64_t>& hi) {
  if (lo && hi) return std::to_string(*lo) + ".." + std::to_string(*hi);
  if (lo) return ">= " + std::to_string(*lo);
  return "<= " + std::to_string(*hi);
}

std::string tail(const std::string& s, std::size_t n) {
  return s.size() <= n ? s : "..." + s.substr(s.size() - n);
}

uint32_t read_register(const cpu::State& st, const std::string& r) {
  static const char* const k32[] = {"eax", "ecx", "edx", "ebx", "esp", "ebp", "esi", "edi"};
  static const char* const k16[] = {"ax", "cx", "dx", "bx", "sp", "bp", "si", "di"};
  static const char* const k8[] = {"al", "cl", "dl", "bl", "ah", "ch", "dh", "bh"};
  static const char* const kSeg[] = {"es", "cs", "ss", "ds", "fs", "gs"};
  for (unsigned i = 0; i < 8; ++i) {
    if (r == k32[i]) return st.gpr[i];
    if (r == k16[i]) return st.gpr[i] & 0xFFFF;
    if (r == k8[i]) return i < 4 ? st.gpr[i] & 0xFF : (st.gpr[i - 4] >> 8) & 0xFF;
  }
  for (unsigned i = 0; i < 6; ++i)
    if (r == kSeg[i]) return st.seg[i].selector;
  if (r == "eip") return st.eip;
  if (r == "ip") return st.eip & 0xFFFF;
  if (r == "eflags") return st.eflags;
  if (r == "flags") return st.eflags & 0xFFFF;
  if (r == "cr0") return st.cr0;
  if (r == "cr2") return st.cr2;
  if (r == "cr3") return st.cr3;
  return 0;
}

}  // namespace

ExpectationResult ScenarioRun::evaluate_one(const Expectation& x) {
  Machine& m = *machine_;
  const std::vector<TraceEvent>& ev = m.trace().events();
  const std::vector<std::string>& notes = m.trace().notes();
  ExpectationResult r;
  std::string what, why;
  switch (x.kind) {
    case Expectation::Kind::ConsoleContains:
      what = "console contains " + quote(x.text);
      r.passed = m.console().find(x.text) != std::string::npos;
      if (!r.passed)
        why = "not found in the " + std::to_string(m.console().size()) + " bytes printed (ending " +
              quote(tail(m.console(), 60)) + ")";
      break;
    case Expectation::Kind::ConsoleEquals:
      what = "console equals " + quote(x.text);
      r.passed = m.console() == x.text;
      if (!r.passed) why = "got " + quote(tail(m.console(), 200));
      break;
    case Expectation::Kind::Count: {
      what = "count " + x.event_name;
      const bool hex_filter = x.filter_field == EventField::Vector || x.filter_field == EventField::Byte;
      const std::string filter =
          x.filter ? std::string(" ") + event_field_name(x.filter_field) + " " +
                         (hex_filter ? hex(*x.filter) : std::to_string(*x.filter))
                   : std::string();
      what += filter;
      EventPattern p;
      p.kind = x.event;
      p.has_arg = x.filter.has_value();
      p.arg = x.filter.value_or(0);
      uint64_t n = 0;
      for (const TraceEvent& e : ev) n += p.matches(e, notes) ? 1 : 0;
      if (x.equals) {
        r.passed = n == *x.equals;
        what += ": " + std::to_string(n);
        if (!r.passed) why = "expected " + std::to_string(*x.equals) + ", got " + std::to_string(n);
      } else {
        r.passed = (!x.min || n >= *x.min) && (!x.max || n <= *x.max);
        what += ": " + std::to_string(n) + " (" + bounds(x.min, x.max) + ")";
        if (!r.passed) why = "expected " + bounds(x.min, x.max) + ", got " + std::to_string(n);
      }
      if (!r.passed) what = "count " + x.event_name + filter;
      break;
    }
    case Expectation::Kind::Order: {
      what = "order " + pattern_list(x.patterns);
      std::size_t k = 0;
      uint64_t last_cycle = 0;
      for (const TraceEvent& e : ev) {
        if (k < x.patterns.size() && x.patterns[k].matches(e, notes)) {
          ++k;
          last_cycle = e.cycle;
        }
      }
      r.passed = k == x.patterns.size();
      if (!r.passed) {
        why = quote(x.patterns[k].source) + " (item " + std::to_string(k + 1) + ") ";
        why += k == 0 ? "never occurred" : "did not occur after " + x.patterns[k - 1].source +
                                               " at cycle " + std::to_string(last_cycle);
      }
      break;
    }
    case Expectation::Kind::Latency: {
      const EventPattern& from = x.patterns[0];
      const EventPattern& to = x.patterns[1];
      what = "latency " + from.source + " -> " + to.source;
      std::size_t i = 0;
      while (i < ev.size() && !from.matches(ev[i], notes)) ++i;
      if (i == ev.size()) {
        why = "no " + from.source + " in the trace";
        break;
      }
      std::size_t j = i + 1;
      while (j < ev.size() && !to.matches(ev[j], notes)) ++j;
      if (j == ev.size()) {
        why = "no " + to.source + " after " + from.source + " at cycle " + std::to_string(ev[i].cycle);
        break;
      }
      if (x.nearest)
        for (std::size_t b = j; b-- > i;)
          if (from.matches(ev[b], notes)) {
            i = b;
            break;
          }
      const uint64_t lat = ev[j].cycle - ev[i].cycle;
      r.passed = (!x.max || lat <= *x.max) && (!x.min || lat >= *x.min);
      what += ": " + std::to_string(lat) + " cycles (" + bounds(x.min, x.max) + ", from cycle " +
              std::to_string(ev[i].cycle) + ")";
      if (!r.passed) {
        what = "latency " + from.source + " -> " + to.source;
        why = "expected " + bounds(x.min, x.max) + " cycles, got " + std::to_string(lat) +
              " (from cycle " + std::to_string(ev[i].cycle) + " to " + std::to_string(ev[j].cycle) + ")";
      }
      break;
    }
    case Expectation::Kind::Register: {
      const uint32_t v = read_register(m.cpu().state(), x.reg);
      r.passed = v == *x.equals;
      what = "register " + x.reg + " = " + hex(*x.equals);
      if (!r.passed) {
        what = "register " + x.reg;
        why = "expected " + hex(*x.equals) + ", got " + hex(v);
      }
      break;
    }
    case Expectation::Kind::Exit: {
      what = "exit " + x.program;
      const os::Kernel::ExitRecord* rec = nullptr;
      if (os_)
        for (const auto& e : os_->kernel().exits())
          if (e.init && e.path == x.program) { rec = &e; break; }  // not a child it forked
      if (!rec) {
        why = "it did not exit";
        break;
      }
      const uint32_t st = rec->status;
      const bool signaled = (st & 0x7F) != 0;
      std::string got = signaled ? "killed by signal " + std::to_string(st & 0x7F) + ((st & 0x80) ? " (core)" : "")
                                 : "status " + std::to_string((st >> 8) & 0xFF);
      if (x.status) {
        what += " status " + std::to_string(*x.status);
        r.passed = !signaled && ((st >> 8) & 0xFF) == *x.status;
      } else {
        what += " signal " + std::to_string(x.signal);
        r.passed = signaled && int(st & 0x7F) == x.signal && (!x.core || *x.core == ((st & 0x80) != 0));
        if (x.core) what += *x.core ? " with core" : " without core";
      }
      if (!r.passed) why = "got " + got;
      break;
    }
    case Expectation::Kind::Memory: {
      std::vector<uint8_t> got(m.ram() + x.address, m.ram() + x.address + x.bytes.size());
      r.passed = got == x.bytes;
      auto show = [&](const std::vector<uint8_t>& b) {
        if (x.width) {
          uint64_t v = 0;
          for (unsigned i = 0; i < x.width; ++i) v |= uint64_t(b[i]) << (8 * i);
          return hex(v);
        }
        std::string s = "[";
        for (std::size_t i = 0; i < b.size(); ++i) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "%s%02X", i ? " " : "", b[i]);
          s += buf;
        }
        return s + "]";
      };
      const char* wname = x.width == 1 ? "byte" : x.width == 2 ? "word" : x.width == 4 ? "dword" : "bytes";
      what = "memory " + hex(x.address) + " " + wname + " = " + show(x.bytes);
      if (!r.passed) {
        what = std::string("memory ") + hex(x.address) + " " + wname;
        why = "expected " + show(x.bytes) + ", got " + show(got);
      }
      break;
    }
  }
  r.line = (r.passed ? "PASS " : "FAIL ") + what + (r.passed ? "" : ": " + why);
  return r;
}

std::vector<ExpectationResult> ScenarioRun::evaluate() {
  std::vector<ExpectationResult> out;
  for (const Expectation& x : spec_.expect) out.push_back(evaluate_one(x));
  if (os_ && os_->kernel().panicked())
    out.push_back(ExpectationResult{false, "FAIL " + os_->kernel().panic_report()});
  if (ran_ && spec_.stop_when_all_exited && !(os_ && os_->kernel().all_exited()))
    out.push_back(ExpectationResult{false, std::string("FAIL stop when all-exited: ") +
                                               Machine::describe(stop_) + " at cycle " +
                                               std::to_string(machine_->now())});
  if (ran_ && spec_.stop_when_halted) {
    const bool ok = stop_ == Machine::Stop::Halted || stop_ == Machine::Stop::Idle ||
                    stop_ == Machine::Stop::ExitPort;
    if (!ok)
      out.push_back(ExpectationResult{false, std::string("FAIL stop when halted: ") +
                                                 Machine::describe(stop_) + " at cycle " +
                                                 std::to_string(machine_->now())});
  }
  return out;
}

}  // namespace irq::sim
