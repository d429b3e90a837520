// sim/main.cpp — the `irqlab` command line (DESIGN.md §5).
//
//   irqlab boot IMAGE [--load-at ADDR] [--max-cycles N] [--quiet]
//       IMAGE: a flat binary, or a .asm file assembled with `nasm -f bin`. Loaded at ADDR (default
//       0x7C00) in 16 MiB of RAM and started in real mode at 0000:ADDR. Runs until a write to port
//       0xF4, shutdown, HLT, or N cycles. Console (port 0xE9) -> stdout; `cycles=N instructions=M`
//       -> stderr unless --quiet.
//   irqlab run SCENARIO.yaml [--seed N] [--max-cycles N] [--trace out.jsonl] [--perfetto out.json]
//              [--vcd out.vcd] [--quiet]
//       Runs a scenario (sim/scenario.h, sim/runner.h): the guest console goes to stdout as it
//       appears (not with --quiet), then one PASS/FAIL line per expectation. The stop reason goes
//       to stderr (not with --quiet). Progress every 100M cycles on stderr when it is a terminal.
//       Exit 0 all expectations held, 1 one failed, 2 invalid scenario or arguments
//       (`file:line:column: message` on stderr), 3 internal error.
//       --gdb HOST:PORT [--gdb-process NAME] [--allow-remote]: serve the GDB remote protocol
//       (sim/gdb/) instead (with an os: section it debugs one process); --serial HOST:PORT: the
//       UART console on a TCP client (sim/gdb/serial.h). A non-loopback address needs
//       --allow-remote.
//   irqlab check SCENARIO.yaml
//       Validates a scenario without running it (the image is not assembled): exit 0 or 2.
//   irqlab gui [SCENARIO.yaml] [--screenshot out.png --after CYCLES]   the debugger (gui/)
//   irqlab exec [--uid N] [--scenario BASE.yaml] [--mount ...] [--gdb HOST:PORT [--gdb-process NAME]]
//               [--serial HOST:PORT] [--allow-remote] PROGRAM.elf [ARGS...]   sim/exec.h
#include <cerrno>
#include <cinttypes>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <fstream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <unistd.h>

#include "sim/bare_board.h"
#include "sim/exec.h"
#include "sim/gdb/gdb_main.h"
#if IRQ_HAVE_GUI
#include "gui/gui_main.h"
#endif
#include "sim/runner.h"
#include "sim/scenario.h"

#ifndef IRQ_TMP_DIR
#define IRQ_TMP_DIR ""
#endif

namespace {

constexpr int kExitOk = 0, kExitFailed = 1, kExitUsage = 2, kExitInternal = 3;
constexpr uint64_t kDefaultMaxCycles = 4'000'000'000ull;

void usage(std::FILE* to) {
  std::fputs(
      "usage: irqlab boot IMAGE [--load-at ADDR] [--max-cycles N] [--quiet]\n"
      "       irqlab run SCENARIO.yaml [--seed N] [--max-cycles N] [--trace out.jsonl]\n"
      "                  [--perfetto out.json] [--vcd out.vcd] [--quiet]\n"
      "                  [--gdb 127.0.0.1:PORT [--gdb-process NAME]] [--serial 127.0.0.1:PORT]\n"
      "                  [--allow-remote]\n"
      "       irqlab exec [--uid N] [--scenario BASE.yaml] [--gdb 127.0.0.1:PORT [--gdb-process NAME]]\n"
      "                   [--serial 127.0.0.1:PORT] [--allow-remote] PROGRAM.elf [ARGS...]\n"
      "       irqlab check SCENARIO.yaml\n"
      "       irqlab gui [SCENARIO.yaml] [--screenshot out.png --after CYCLES]\n"
      "boot: IMAGE is a flat binary or a .asm file (assembled with nasm -f bin), loaded at ADDR\n"
      "      (default 0x7C00) and started in real mode at 0000:ADDR. Port 0xE9 prints, port 0xF4\n"
      "      stops.\n"
      "run:  runs a scenario; exit 0 all expectations held, 1 one failed, 2 invalid scenario or\n"
      "      arguments, 3 internal error. check: validates a scenario (exit 0 or 2).\n",
      to);
}

int fail_usage(const std::string& msg) {
  std::fprintf(stderr, "irqlab: %s\n", msg.c_str());
  return kExitUsage;
}

bool parse_u64(const char* s, uint64_t& out) {
  if (!s || !*s || *s == '-') return false;
  errno = 0;
  char* end = nullptr;
  const unsigned long long v = std::strtoull(s, &end, 0);
  if (errno || *end) return false;
  out = v;
  return true;
}

// Records the slow-path events worth a message (shutdown reason, unmodelled features).
class BootObserver final : public irq::cpu::CpuObserver {
 public:
  void on_interrupt(uint8_t, Kind, bool, uint32_t, uint32_t, uint32_t) override {}
  void on_iret(uint32_t, uint32_t) override {}
  void on_shutdown(const char* why) override { shutdown_why = why ? why : ""; }
  void on_unsupported(const char* what) override {
    std::fprintf(stderr, "irqlab: unsupported: %s\n", what ? what : "?");
  }
  std::string shutdown_why;
};

int cmd_boot(int argc, char** argv) {
  std::string image;
  uint64_t load_at = 0x7C00, max_cycles = kDefaultMaxCycles;
  bool quiet = false;
  for (int k = 0; k < argc; ++k) {
    const std::string a = argv[k];
    if (a == "--quiet") {
      quiet = true;
    } else if (a == "--load-at" || a == "--max-cycles") {
      if (k + 1 >= argc) return fail_usage(a + " needs a value");
      uint64_t v = 0;
      if (!parse_u64(argv[++k], v)) return fail_usage("bad number for " + a + ": " + argv[k]);
      (a == "--load-at" ? load_at : max_cycles) = v;
    } else if (a == "-h" || a == "--help") {
      usage(stdout);
      return kExitOk;
    } else if (a.size() > 1 && a[0] == '-') {
      return fail_usage("unknown option " + a);
    } else if (image.empty()) {
      image = a;
    } else {
      return fail_usage("unexpected argument " + a);
    }
  }
  if (image.empty()) return fail_usage("boot: missing IMAGE (try irqlab --help)");
  if (load_at > 0xFFFF)
    return fail_usage("--load-at must be a real-mode offset in segment 0 (at most 0xFFFF)");

  std::vector<uint8_t> bytes;
  std::string error;
  if (!irq::sim::read_image(image, IRQ_TMP_DIR, bytes, error)) return fail_usage(error);
  if (bytes.empty()) return fail_usage("empty image: " + image);

  irq::sim::BareBoard board;
  BootObserver observer;
  board.cpu().set_observer(&observer);
  if (!board.load(uint32_t(load_at), bytes)) return fail_usage("image does not fit in RAM: " + image);
  board.start_real_mode(uint16_t(load_at));
  board.set_echo(true);  // the console always goes to stdout; --quiet drops only the stats line

  const auto outcome = board.run(max_cycles);
  std::fflush(stdout);
  using Outcome = irq::sim::BareBoard::Outcome;
  if (outcome != Outcome::ExitPort && outcome != Outcome::Halted) {
    std::string why = irq::sim::BareBoard::describe(outcome);
    if (outcome == Outcome::Shutdown && !observer.shutdown_why.empty())
      why += ": " + observer.shutdown_why;
    std::fprintf(stderr, "irqlab: %s\n", why.c_str());
  }
  const auto& st = board.cpu().state();
  if (!quiet)
    std::fprintf(stderr, "cycles=%" PRIu64 " instructions=%" PRIu64 "\n", st.cycles,
                 st.instructions);
  return kExitOk;
}

int scenario_error(const irq::sim::ScenarioError& e) {
  std::fflush(stdout);
  std::fprintf(stderr, "%s\n", e.what());
  return kExitUsage;
}

int cmd_check(int argc, char** argv) {
  std::string path;
  for (int k = 0; k < argc; ++k) {
    const std::string a = argv[k];
    if (a == "-h" || a == "--help") {
      usage(stdout);
      return kExitOk;
    }
    if (a.size() > 1 && a[0] == '-') return fail_usage("check: unknown option " + a);
    if (!path.empty()) return fail_usage("check: unexpected argument " + a);
    path = a;
  }
  if (path.empty()) return fail_usage("check: missing SCENARIO.yaml");
  try {
    const irq::sim::ScenarioSpec spec = irq::sim::load_scenario(path);
    irq::sim::check_buildable(spec);
  } catch (const irq::sim::ScenarioError& e) {
    return scenario_error(e);
  }
  return kExitOk;
}

int cmd_run(int argc, char** argv) {
  std::string path, trace_path, perfetto_path, vcd_path;
  irq::sim::RunOptions opt;
  irq::sim::RemoteOptions remote;
  bool quiet = false;
  for (int k = 0; k < argc; ++k) {
    const std::string a = argv[k];
    if (a == "--quiet") {
      quiet = true;
    } else if (a == "--gdb" || a == "--serial") {
      if (k + 1 >= argc) return fail_usage(a + " needs HOST:PORT (e.g. 127.0.0.1:1234)");
      (a == "--gdb" ? remote.gdb : remote.serial) = argv[++k];
    } else if (a == "--gdb-process") {
      if (k + 1 >= argc) return fail_usage("--gdb-process needs a program name");
      remote.gdb_process = argv[++k];
    } else if (a == "--allow-remote") {
      remote.allow_remote = true;
    } else if (a == "--seed" || a == "--max-cycles") {
      if (k + 1 >= argc) return fail_usage(a + " needs a value");
      uint64_t v = 0;
      if (!parse_u64(argv[++k], v)) return fail_usage("bad number for " + a + ": " + argv[k]);
      if (a == "--seed") opt.seed = v;
      else if (v == 0) return fail_usage("--max-cycles must be at least 1");
      else opt.max_cycles = v;
    } else if (a == "--trace" || a == "--perfetto" || a == "--vcd") {
      if (k + 1 >= argc) return fail_usage(a + " needs a file name");
      (a == "--trace" ? trace_path : a == "--perfetto" ? perfetto_path : vcd_path) = argv[++k];
    } else if (a == "-h" || a == "--help") {
      usage(stdout);
      return kExitOk;
    } else if (a.size() > 1 && a[0] == '-') {
      return fail_usage("run: unknown option " + a);
    } else if (path.empty()) {
      path = a;
    } else {
      return fail_usage("run: unexpected argument " + a);
    }
  }
  if (path.empty()) return fail_usage("run: missing SCENARIO.yaml");
  if (!remote.gdb_process.empty() && remote.gdb.empty()) return fail_usage("--gdb-process needs --gdb");
  // Under a debugger or with the serial bridge, sim/gdb/gdb_main.h drives the machine.
  if (remote.any()) return irq::gdb::gdb_run(path, remote);

  irq::sim::ScenarioSpec spec;
  try {
    spec = irq::sim::load_scenario(path);
  } catch (const irq::sim::ScenarioError& e) {
    return scenario_error(e);
  }
  // Open the outputs before running, so a bad path fails fast.
  struct Output { const std::string* path; std::unique_ptr<std::ofstream> out; };
  Output outs[3] = {{&trace_path, nullptr}, {&perfetto_path, nullptr}, {&vcd_path, nullptr}};
  for (Output& o : outs) {
    if (o.path->empty()) continue;
    o.out = std::make_unique<std::ofstream>(*o.path, std::ios::binary | std::ios::trunc);
    if (!*o.out) return fail_usage("cannot write " + *o.path);
    opt.trace = true;
  }
  opt.echo_console = !quiet;
  opt.progress = isatty(2) != 0;
  opt.tmp_dir = IRQ_TMP_DIR;

  std::unique_ptr<irq::sim::ScenarioRun> run;
  try {
    run = std::make_unique<irq::sim::ScenarioRun>(spec, opt);
  } catch (const irq::sim::ScenarioError& e) {
    return scenario_error(e);
  }
  const auto stop = run->run();
  irq::sim::Machine& m = run->machine();
  std::fflush(stdout);
  // The results start on a line of their own.
  if (!quiet && !m.console().empty() && m.console().back() != '\n') std::fputc('\n', stdout);
  if (!quiet)
    std::fprintf(stderr, "irqlab: %s at cycle %" PRIu64 " (%" PRIu64 " instructions)\n",
                 irq::sim::Machine::describe(stop), m.now(), m.cpu().state().instructions);

  const irq::sim::Trace& trace = m.trace();
  if (outs[0].out) trace.write_jsonl(*outs[0].out);
  if (outs[1].out) trace.write_perfetto(*outs[1].out, spec.clock_hz);
  if (outs[2].out) trace.write_vcd(*outs[2].out, spec.clock_hz);
  for (Output& o : outs) {
    if (!o.out) continue;
    o.out->flush();
    if (!*o.out) {
      std::fprintf(stderr, "irqlab: error writing %s\n", o.path->c_str());
      return kExitInternal;
    }
  }

  bool all = true;
  for (const auto& r : run->evaluate()) {
    std::printf("%s\n", r.line.c_str());
    all = all && r.passed;
  }
  std::fflush(stdout);
  return all ? kExitOk : kExitFailed;
}

int run_main(int argc, char** argv) {
  if (argc < 2) {
    usage(stderr);
    return kExitUsage;
  }
  const std::string cmd = argv[1];
  if (cmd == "-h" || cmd == "--help" || cmd == "help") {
    usage(stdout);
    return kExitOk;
  }
  if (cmd == "boot") return cmd_boot(argc - 2, argv + 2);
  if (cmd == "run") return cmd_run(argc - 2, argv + 2);
  if (cmd == "check") return cmd_check(argc - 2, argv + 2);
  if (cmd == "exec") return irq::sim::exec_main(argc - 1, argv + 1, &irq::gdb::remote_run);
#if IRQ_HAVE_GUI
  if (cmd == "gui") return irq::gui::gui_main(argc - 1, argv + 1);
#endif
#if !IRQ_HAVE_GUI
  if (cmd == "gui") {
    std::fprintf(stderr, "irqlab gui: this build has no Dear ImGui/GLFW\n");
    return kExitUsage;
  }
#endif
  std::fprintf(stderr, "irqlab: unknown command '%s'\n", cmd.c_str());
  usage(stderr);
  return kExitUsage;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return run_main(argc, argv);
  } catch (const std::exception& e) {
    std::fflush(stdout);
    std::fprintf(stderr, "irqlab: internal error: %s\n", e.what());
    return kExitInternal;
  } catch (...) {
    std::fflush(stdout);
    std::fprintf(stderr, "irqlab: internal error\n");
    return kExitInternal;
  }
}
