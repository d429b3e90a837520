// bench/os_bench.cpp — the mini OS's costs in host time (`make bench`; never part of `make test`).
//
//   irq_os_bench [--runs N] [--yield NPROCS ROUNDS]
//       N default 5 (the median is reported). --yield runs only bench_yield with NPROCS processes
//       doing ROUNDS yields each, once, and prints its switch count (for callgrind: the host
//       instructions per switch are the difference of two such runs divided by the difference of
//       their switch counts, which leaves boot, fork and exit out).
//
//   1. context switches: programs/user/bench_yield.c with 2, 16 and 256 runnable processes, each
//      calling sched_yield() in a loop; reported as switches per host CPU second and host
//      nanoseconds per switch, which must stay flat as the number of processes grows (the run queue
//      is a FIFO; nothing on the switch path walks the process table);
//   2. system calls: programs/user/bench_getpid.c, getpid() through int 0x80 in a loop; reported
//      as system calls per host CPU second and simulated cycles per call (stub + host call).
// Every run is checked first: the guest's own line ("yields N" / "getpid N ok") must be printed and
// the kernel's counters must agree with it.
#include <time.h>

#include <algorithm>
#include <cinttypes>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "sim/runner.h"
#include "sim/scenario.h"

namespace {

using namespace irq::sim;

double cpu_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return double(ts.tv_sec) + double(ts.tv_nsec) * 1e-9;
}

struct Result {
  double seconds = 0;
  uint64_t switches = 0, syscalls = 0, cycles = 0;
  std::string console;
};

ScenarioSpec spec_for(const std::string& program, const std::vector<std::string>& args) {
  ScenarioSpec s = minimal_os_spec("(os bench)", 64u << 20);
  s.max_processes = 300;
  ScenarioSpec::OsFile f;
  f.guest_path = "/bin/" + program;
  f.kind = ScenarioSpec::OsFile::Kind::Program;
  f.source = program;
  s.files.push_back(f);
  ScenarioSpec::InitProc ip;
  ip.run = f.guest_path;
  ip.args = args;
  s.init.push_back(ip);
  s.max_cycles = 1ull << 50;
  return s;
}

Result run_once(const std::string& program, const std::vector<std::string>& args) {
  ScenarioRun run(spec_for(program, args), RunOptions{});
  Result r;
  const double t0 = cpu_seconds();
  const Machine::Stop stop = run.run();
  r.seconds = cpu_seconds() - t0;
  if (stop != Machine::Stop::OsStopped) {
    std::fprintf(stderr, "os_bench: %s did not finish: %s\n", program.c_str(), Machine::describe(stop));
    std::exit(1);
  }
  r.switches = run.os()->kernel().context_switches();
  r.syscalls = run.os()->kernel().syscalls();
  r.cycles = run.machine().now();
  r.console = run.machine().console();
  return r;
}

Result median(const std::string& program, const std::vector<std::string>& args, int runs) {
  std::vector<Result> rs;
  for (int i = 0; i < runs; ++i) rs.push_back(run_once(program, args));
  std::sort(rs.begin(), rs.end(), [](const Result& a, const Result& b) { return a.seconds < b.seconds; });
  return rs[rs.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
  int runs = 5;
  for (int i = 1; i < argc; ++i) {
    if (!std::strcmp(argv[i], "--runs") && i + 1 < argc) runs = std::max(1, std::atoi(argv[++i]));
    if (!std::strcmp(argv[i], "--yield") && i + 2 < argc) {
      const Result r = run_once("bench_yield", {argv[i + 1], argv[i + 2]});
      std::printf("switches %" PRIu64 " host_seconds %.6f\n", r.switches, r.seconds);
      return 0;
    }
  }

  std::printf("mini OS, median of %d runs (host CPU time of the run only)\n", runs);
  std::printf("%-34s %12s %14s %12s\n", "context switches (sched_yield)", "switches", "switches/s", "ns/switch");
  constexpr int kYields = 40000;  // total per run, spread over the processes
  for (int n : {2, 16, 256}) {
    const int rounds = kYields / n;
    const Result r = median("bench_yield", {std::to_string(n), std::to_string(rounds)}, runs);
    const std::string want = "yields " + std::to_string(n * rounds) + "\r\n";
    if (r.console.find(want) == std::string::npos || r.switches < uint64_t(n * rounds)) {
      std::fprintf(stderr, "os_bench: bench_yield %d: wrong result (console %s, %" PRIu64 " switches)\n", n,
                   r.console.c_str(), r.switches);
      return 1;
    }
    std::printf("%-34s %12" PRIu64 " %14.0f %12.0f\n", (std::to_string(n) + " runnable processes").c_str(),
                r.switches, double(r.switches) / r.seconds, r.seconds * 1e9 / double(r.switches));
  }
  constexpr long kCalls = 200000;
  const Result r = median("bench_getpid", {std::to_string(kCalls)}, runs);
  if (r.console.find("getpid " + std::to_string(kCalls) + " ok") == std::string::npos || r.syscalls < uint64_t(kCalls)) {
    std::fprintf(stderr, "os_bench: bench_getpid: wrong result (%s)\n", r.console.c_str());
    return 1;
  }
  std::printf("%-34s %12s %14s %12s\n", "system calls (getpid loop)", "calls", "calls/s", "cycles/call");
  std::printf("%-34s %12" PRIu64 " %14.0f %12.0f\n", "int 0x80 -> stub -> host call", r.syscalls,
              double(r.syscalls) / r.seconds, double(r.cycles) / double(r.syscalls));
  return 0;
}
