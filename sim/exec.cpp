// sim/exec.cpp — see exec.h.
//   irqlab exec [--uid N] [--gid N] [--scenario BASE.yaml] [--mount HOSTDIR[:GUESTDIR][:rw]]
//               [--max-cycles N] [--seed N] [--trace out.jsonl]
//               [--gdb HOST:PORT [--gdb-process NAME]] [--serial HOST:PORT] [--allow-remote]
//               PROGRAM.elf [ARGS...]
// --gdb: the GDB stub (sim/gdb/gdb_main.h) debugs the program (or the process NAME) from its first
// instruction; the exit status is still the program's. --serial: the program's terminal is a UART
// (the base scenario's, else COM1 at 0x3F8/IRQ4) whose far end is a TCP client (sim/gdb/serial.h),
// instead of the host's stdio.
// The folder holding PROGRAM is visible read-only at the same absolute path; /tmp, /dev/shm are
// private in-memory folders; the guest's working directory is the host's when that folder is
// visible, else /. The host environment is passed on. Exit status: the program's.
#include "sim/exec.h"

#include <unistd.h>

#include <climits>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "os/kernel.h"
#include "sim/runner.h"
#include "sim/scenario.h"

extern char** environ;

namespace irq::sim {

namespace {

constexpr int kExitUsage = 2, kExitInternal = 3;
constexpr uint64_t kDefaultMaxCycles = 2'000'000'000'000ull;  // about 17 simulated hours at 33 MHz

int usage_error(const std::string& msg) {
  std::fprintf(stderr, "irqlab exec: %s\n", msg.c_str());
  return kExitUsage;
}

std::string absolute(const std::string& path) {
  char buf[PATH_MAX];
  if (::realpath(path.c_str(), buf)) return buf;
  return path;
}

std::string dirname_of(const std::string& abs) {
  const size_t s = abs.find_last_of('/');
  return s == 0 || s == std::string::npos ? "/" : abs.substr(0, s);
}

}  // namespace

int exec_main(int argc, char** argv, RemoteRunner remote) {
  ExecSpec e;
  RemoteOptions ro;
  std::string base, trace_path;
  std::optional<uint64_t> max_cycles, seed;
  int k = 1;
  auto number = [&](const std::string& opt, uint64_t& out) {
    if (k + 1 >= argc) return false;
    std::string v = argv[++k];
    return parse_uint(v, out) || (std::fprintf(stderr, "irqlab exec: bad number for %s: %s\n", opt.c_str(), v.c_str()), false);
  };
  for (; k < argc; ++k) {
    const std::string a = argv[k];
    if (a == "--") { ++k; break; }
    if (a.empty() || a[0] != '-') break;
    uint64_t v = 0;
    if (a == "--uid" || a == "--gid") {
      if (!number(a, v) || v > 65535) return usage_error(a + " needs a number 0..65535");
      (a == "--uid" ? e.uid : e.gid) = uint32_t(v);
    } else if (a == "--max-cycles") {
      if (!number(a, v) || v == 0) return usage_error("--max-cycles needs a positive number");
      max_cycles = v;
    } else if (a == "--seed") {
      if (!number(a, v)) return usage_error("--seed needs a number");
      seed = v;
    } else if (a == "--allow-remote") {
      ro.allow_remote = true;
    } else if (a == "--gdb" || a == "--gdb-process" || a == "--serial") {
      if (k + 1 >= argc) return usage_error(a + (a == "--gdb-process" ? " needs a program name" : " needs HOST:PORT (e.g. 127.0.0.1:1234)"));
      (a == "--gdb" ? ro.gdb : a == "--serial" ? ro.serial : ro.gdb_process) = argv[++k];
    } else if (a == "--scenario" || a == "--trace" || a == "--mount") {
      if (k + 1 >= argc) return usage_error(a + " needs a value");
      const std::string val = argv[++k];
      if (a == "--scenario") base = val;
      else if (a == "--trace") trace_path = val;
      else {
        ExecSpec::Mount m;
        std::string rest = val;
        if (rest.size() > 3 && rest.compare(rest.size() - 3, 3, ":rw") == 0) {
          m.rw = true;
          rest.resize(rest.size() - 3);
        }
        const size_t c = rest.find(':');
        m.host = absolute(c == std::string::npos ? rest : rest.substr(0, c));
        m.guest = c == std::string::npos ? m.host : rest.substr(c + 1);
        if (m.guest.empty() || m.guest[0] != '/') return usage_error("--mount: the guest folder must be absolute: " + val);
        e.mounts.push_back(m);
      }
    } else if (a == "-h" || a == "--help") {
      std::puts("usage: irqlab exec [--uid N] [--gid N] [--scenario BASE.yaml] [--mount HOSTDIR[:GUESTDIR][:rw]]\n"
                "                   [--max-cycles N] [--seed N] [--trace out.jsonl]\n"
                "                   [--gdb HOST:PORT [--gdb-process NAME]] [--serial HOST:PORT] [--allow-remote]\n"
                "                   PROGRAM.elf [ARGS...]");
      return 0;
    } else {
      return usage_error("unknown option " + a);
    }
  }
  if (k >= argc) return usage_error("missing PROGRAM (a static ELF32 i386 executable)");
  if (!ro.gdb_process.empty() && ro.gdb.empty()) return usage_error("--gdb-process needs --gdb");
  if (ro.any() && !remote) return usage_error("--gdb is not available in this build");
  e.program = argv[k];
  std::ifstream in(e.program, std::ios::binary);
  if (!in) return usage_error("cannot read " + e.program + ": " + std::strerror(errno));
  const std::vector<uint8_t> image((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const std::string why = os::Kernel::check_executable(image);
  if (!why.empty()) return usage_error(e.program + ": not a static ELF32 i386 executable: " + why);
  e.guest_path = absolute(e.program);
  for (int i = k; i < argc; ++i) e.argv.push_back(argv[i]);
  for (char** env = environ; env && *env; ++env) e.envp.push_back(*env);
  e.mounts.insert(e.mounts.begin(), ExecSpec::Mount{dirname_of(e.guest_path), dirname_of(e.guest_path), false});
  char cwd[PATH_MAX];
  if (::getcwd(cwd, sizeof cwd)) e.cwd = cwd;

  ScenarioSpec spec;
  try {
    if (!base.empty()) spec = load_scenario(base);
  } catch (const ScenarioError& err) {
    std::fprintf(stderr, "%s: %s\n", err.pos().str().c_str(), err.message().c_str());
    return kExitUsage;
  }
  if (base.empty()) spec = minimal_os_spec("(irqlab exec)", 64u << 20);
  spec.has_os = true;
  spec.init.clear();
  spec.timeline.clear();
  spec.expect.clear();
  spec.stop_when_all_exited = true;
  spec.stop_when_halted = false;
  if (!spec.find_device("pit")) return usage_error("--scenario: the machine needs a pit (the scheduler's timer)");
  if (!ro.serial.empty()) {
    // The program's terminal is a 16550 on the TCP client instead of the host's stdio: the base
    // machine's UART, else a COM1 added here (IRQ4, 0x3F8).
    e.uart_console = true;
    const DeviceSpec* tty = spec.find_device(spec.tty_device);
    if (!tty || tty->type != DeviceSpec::Type::Uart) {
      tty = nullptr;
      for (const DeviceSpec& d : spec.devices)
        if (d.type == DeviceSpec::Type::Uart && !tty) tty = &d;
      if (!tty) {
        DeviceSpec u;
        u.type = DeviceSpec::Type::Uart;
        u.type_name = "uart";
        u.name = "com1";
        u.irq = 4;
        u.port = 0x3F8;
        spec.devices.push_back(u);
        tty = &spec.devices.back();
      }
      spec.tty_device = tty->name;
    }
  }

  RunOptions opt;
  opt.exec = e;
  opt.max_cycles = max_cycles ? *max_cycles : (base.empty() ? kDefaultMaxCycles : spec.max_cycles);
  opt.seed = seed;
  opt.trace = !trace_path.empty();
  try {
    ScenarioRun run(spec, opt);
    Machine::Stop stop;
    if (ro.any()) {
      try {
        stop = remote(run, ro);
      } catch (const std::runtime_error& err) {
        std::fprintf(stderr, "irqlab exec: %s\n", err.what());
        return kExitUsage;
      }
    } else {
      stop = run.run();
    }
    os::Kernel& kern = run.os()->kernel();
    if (!trace_path.empty()) {
      std::ofstream out(trace_path);
      run.machine().trace().write_jsonl(out);
    }
    std::fflush(stdout);
    if (kern.panicked()) {
      std::fprintf(stderr, "irqlab exec: %s", kern.panic_report().c_str());
      return kExitInternal;
    }
    // The program is the first process started (pid 2, the kernel's init being pid 1).
    for (const auto& x : kern.exits()) {
      if (x.pid != 2) continue;
      if (x.status & 0x7F) return 128 + int(x.status & 0x7F);
      return int((x.status >> 8) & 0xFF);
    }
    std::fprintf(stderr, "irqlab exec: %s before %s exited (cycle %llu)\n", Machine::describe(stop),
                 e.program.c_str(), (unsigned long long)run.machine().now());
    return kExitInternal;
  } catch (const ScenarioError& err) {
    std::fprintf(stderr, "irqlab exec: %s\n", err.message().c_str());
    return kExitUsage;
  }
}

}  // namespace irq::sim
