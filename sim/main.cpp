// sim/main.cpp — the `irqlab` command line (DESIGN.md §5).
//
//   irqlab boot IMAGE [--load-at ADDR] [--max-cycles N] [--quiet]
//       IMAGE: a flat binary, or a .asm file assembled with `nasm -f bin`. Loaded at ADDR (default
//       0x7C00) in 16 MiB of RAM and started in real mode at 0000:ADDR. Runs until a write to port
//       0xF4, shutdown, HLT, or N cycles. Console (port 0xE9) -> stdout; `cycles=N instructions=M`
//       -> stderr unless --quiet.
//   irqlab run|exec|check|gui ...  not implemented yet.
// Exit codes: 0 ok, 2 bad arguments / missing file / nasm failure, 3 internal error.
#include <cerrno>
#include <cinttypes>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <string>
#include <vector>

#include "sim/bare_board.h"

#ifndef IRQ_TMP_DIR
#define IRQ_TMP_DIR ""
#endif

namespace {

constexpr int kExitOk = 0, kExitUsage = 2, kExitInternal = 3;
constexpr uint64_t kDefaultMaxCycles = 4'000'000'000ull;

void usage(std::FILE* to) {
  std::fputs(
      "usage: irqlab boot IMAGE [--load-at ADDR] [--max-cycles N] [--quiet]\n"
      "       irqlab run SCENARIO.yaml [--seed N] [--max-cycles N] [--trace out.jsonl] [--quiet]\n"
      "       irqlab exec [--uid N] [--scenario BASE.yaml] PROGRAM.elf [ARGS...]\n"
      "       irqlab check SCENARIO.yaml\n"
      "       irqlab gui [SCENARIO.yaml]\n"
      "boot: IMAGE is a flat binary or a .asm file (assembled with nasm -f bin), loaded at ADDR\n"
      "      (default 0x7C00) and started in real mode at 0000:ADDR. Port 0xE9 prints, port 0xF4\n"
      "      stops.\n",
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
  // Planned commands (DESIGN.md §5) and the issue that brings each one.
  struct Planned { const char* name; const char* issue; };
  static constexpr Planned kPlanned[] = {
      {"run", "scenario runner"}, {"exec", "mini OS"}, {"check", "scenario runner"},
      {"gui", "debugger"}};
  for (const Planned& p : kPlanned)
    if (cmd == p.name) {
      std::fprintf(stderr, "irqlab %s: not implemented yet (issue: %s)\n", p.name, p.issue);
      return kExitUsage;
    }
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
