// bench/board_bench.cpp — the board benchmark (`make bench`, never `make test`): the scenario
// bench/timer_100hz.yaml, a 100 Hz PIT interrupt through the 8259A for 10 simulated seconds with
// the CPU halted between ticks, run N times (median reported) with tracing off. It prints host CPU
// seconds per run and simulated seconds per host second: HLT fast-forward makes idle time free, so
// the cost is per tick (INTA, ISR, EOI, IRET), not per simulated cycle.
//
//   irq_board_bench [--runs N]
#include <algorithm>
#include <cinttypes>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <string>
#include <vector>

#include "sim/runner.h"
#include "sim/scenario.h"

namespace {
double cpu_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return double(ts.tv_sec) + double(ts.tv_nsec) * 1e-9;
}
}  // namespace

int main(int argc, char** argv) {
  int runs = 5;
  for (int k = 1; k < argc; ++k) {
    const std::string a = argv[k];
    if (a == "--runs" && k + 1 < argc) {
      runs = std::atoi(argv[++k]);
    } else {
      std::fprintf(stderr, "usage: irq_board_bench [--runs N]\n");
      return 2;
    }
  }
  if (runs < 1) return 2;
  const std::string path = std::string(IRQ_BENCH_DIR) + "/timer_100hz.yaml";
  try {
    const irq::sim::ScenarioSpec spec = irq::sim::load_scenario(path);
    std::vector<double> secs;
    uint64_t cycles = 0, instructions = 0, ticks = 0;
    for (int r = 0; r < runs; ++r) {
      irq::sim::RunOptions opt;
      opt.tmp_dir = IRQ_TMP_DIR;
      irq::sim::ScenarioRun run(spec, opt);  // assembling the image is not timed
      const double t0 = cpu_seconds();
      run.run();
      const double t1 = cpu_seconds();
      secs.push_back(t1 - t0);
      const auto results = run.evaluate();
      for (const auto& x : results) {
        if (!x.passed) {
          std::fprintf(stderr, "irq_board_bench: %s\n", x.line.c_str());
          return 1;
        }
      }
      cycles = run.machine().cpu().st.cycles;
      instructions = run.machine().cpu().st.instructions;
      ticks = 0;
      for (const auto& e : run.machine().trace().events())
        if (e.kind == irq::sim::Ev::IsrEnter) ++ticks;
    }
    std::sort(secs.begin(), secs.end());
    const double med = secs[secs.size() / 2];
    const double sim_seconds = double(cycles) / double(spec.clock_hz);
    std::printf("irq_board_bench: 100 Hz timer scenario (bench/timer_100hz.yaml), %d runs\n", runs);
    std::printf("  %.3f simulated seconds, %" PRIu64 " cycles, %" PRIu64 " guest instructions\n",
                sim_seconds, cycles, instructions);
    if (ticks) std::printf("  %" PRIu64 " timer interrupts traced\n", ticks);
    std::printf("  median host CPU time: %.4f s  (%.0f simulated seconds per host second)\n", med,
                med > 0 ? sim_seconds / med : 0.0);
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "irq_board_bench: %s\n", e.what());
    return 3;
  }
}
