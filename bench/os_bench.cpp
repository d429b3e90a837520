// bench/os_bench.cpp — the mini OS's costs in host time (`make bench`; never part of `make test`).
//
//   irq_os_bench [--runs N] [--yield NPROCS ROUNDS] [--pipe BYTES CHUNK] [--nopipe BYTES CHUNK]
//                [--msg COUNT SIZE] [--busybox]
//       N default 5 (the median is reported). --yield runs only bench_yield with NPROCS processes
//       doing ROUNDS yields each, once, and prints its switch count (for callgrind: the host
//       instructions per switch are the difference of two such runs divided by the difference of
//       their switch counts, which leaves boot, fork and exit out). --pipe, --nopipe and --msg
//       likewise run bench_pipe, its nopipe baseline or bench_msg once, checked as below, and print
//       the bytes or messages, the simulated cycles, the kernel's counters and the host seconds
//       (callgrind: the difference of two sizes gives host instructions per byte or message).
//
//   1. context switches: programs/user/bench_yield.c with 2, 16 and 256 runnable processes, each
//      calling sched_yield() in a loop; reported as switches per host CPU second and host
//      nanoseconds per switch, which must stay flat as the number of processes grows (the run queue
//      is a FIFO; nothing on the switch path walks the process table);
//   2. system calls: programs/user/bench_getpid.c, getpid() through int 0x80 in a loop; reported
//      as system calls per host CPU second and simulated cycles per call (stub + host call);
//   3. pipe throughput: programs/user/bench_pipe.c, 16 MiB from a parent to its child through a
//      pipe in 4096-byte and in 65536-byte write()s (the child reads with the same size and sums
//      the stream to check it); reported as MB (10^6 bytes) per host CPU second, host ns per byte
//      and simulated cycles per byte, each also for the sum loop alone (`bench_pipe ... nopipe`:
//      the same loops in one process over the same pieces, no pipe) and for the difference, which
//      is what the pipe itself costs (exact in cycles; in host time the difference of two medians,
//      noisy on a busy machine: callgrind's instruction counts are the precise figure);
//   4. message queue throughput: programs/user/bench_msg.c, 200,000 System V messages of 64 bytes
//      from a producer to a consumer (msgsnd / msgrcv, type 0); reported as messages per host CPU
//      second, host ns per message and simulated cycles per message;
//   5. a busybox shell script forking 200 processes through a pipeline: Debian's busybox-static
//      (build/busybox, fetched by the build) runs `sh -c` with a loop of 100 two-command pipelines
//      (`echo $i | busybox tr 0-9 a-j > /dev/null`: ash forks both sides, the right one execs);
//      reported as simulated cycles and seconds, host CPU seconds, processes, forks per host second
//      and simulated cycles per process. Checked: the script's last line, 201 or more exits
//      recorded by the kernel (the 200 children and the shell), the shell's exit status 0.
//      --busybox runs it once and prints the figures (for callgrind).
// Cycles per byte / per message are the machine's whole cycle count at the end of the run divided
// by the bytes or messages. That includes both processes' user-mode loops (the writer's is nil
// per byte; the reader's sum is two adds per 32-bit word, about 2.4 cycles a byte; the producer
// and the consumer store and check two words a message), the stubs' instructions at their 80386
// clocks, the kernel's charges of os/cost.h (entry 60 + table 40 per call, 5 + n per user copy of
// n bytes in either direction, 150 per switch), the context switches, the timer ticks (their IRQ
// path plus 80 each), and the fixed part (boot, exec, fork, wait, exit), which the bench measures
// with an empty run (BYTES or COUNT 0) and prints: under 0.5 % of any figure here.
// Every run is checked first: the guest's own line ("yields N" / "getpid N ok" / "pipe B bytes in
// C-byte writes ok SUM" and "nopipe B bytes in C-byte pieces ok SUM", SUM recomputed here / "msg
// N x S ok") must be printed, bench_pipe and bench_msg must exit with status 0, and the kernel's
// counters must agree with the line (system calls at least the reads and writes or the sends and
// receives; context switches at least one per two pipe or queue fillings, since neither side can
// get further ahead of the other than the capacity).
#include <time.h>

#include <algorithm>
#include <cinttypes>
#include <cstdio>
#include <cstdlib>
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
  uint64_t switches = 0, syscalls = 0, cycles = 0, clock_hz = 1;
  std::string console;
  int64_t status = -1;  // wait status of the program's first process (-1: not seen)
  size_t exits = 0;     // processes that exited
};

ScenarioSpec spec_for(const std::string& program, const std::vector<std::string>& args) {
  ScenarioSpec s = minimal_os_spec("(os bench)", 64u << 20);
  s.max_processes = 300;
  ScenarioSpec::OsFile f;
  f.guest_path = "/bin/" + program;  // "busybox": the fetched busybox-static (sim/runner.cpp)
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
  r.clock_hz = run.machine().config().clock_hz;
  r.console = run.machine().console();
  r.exits = run.os()->kernel().exits().size();
  int first_pid = 0;
  for (const auto& e : run.os()->kernel().exits())
    if (e.path == "/bin/" + program && (!first_pid || e.pid < first_pid)) {
      first_pid = e.pid;
      r.status = int64_t(e.status);
    }
  return r;
}

Result median(const std::string& program, const std::vector<std::string>& args, int runs) {
  std::vector<Result> rs;
  for (int i = 0; i < runs; ++i) rs.push_back(run_once(program, args));
  std::sort(rs.begin(), rs.end(), [](const Result& a, const Result& b) { return a.seconds < b.seconds; });
  return rs[rs.size() / 2];
}

// The sums bench_pipe's reader must print for BYTES bytes of its pattern (see bench_pipe.c):
// stream word k is f(k mod 251); s1 += w, s2 += s1 over the words; "%08x%08x" of s2, s1.
std::string pipe_sum(uint64_t bytes) {
  constexpr uint32_t kPeriod = 251;
  uint32_t s1 = 0, s2 = 0, j = 0;
  for (uint64_t k = 0; k < bytes / 4; ++k) {
    s1 += j * 0x9E3779B1u + 0x12345678u;
    s2 += s1;
    if (++j == kPeriod) j = 0;
  }
  char buf[32];
  std::snprintf(buf, sizeof buf, "%08x%08x", s2, s1);
  return buf;
}

constexpr uint64_t kPipeCapacity = 16 * 4096;  // os/pipe.h: 16 page slots
constexpr uint64_t kMsgQueueBytes = 16384;      // os/ipc.h: kMsgMnb

// The three IPC workloads: bench_pipe N SIZE, bench_pipe N SIZE nopipe, bench_msg N SIZE.
enum class Ipc { Pipe, NoPipe, Msg };

// "" when the run did what it says, else what is wrong: the guest's line (with the pipe's sums as
// computed here), exit status 0, and the kernel's counters (system calls at least the reads and
// writes or sends and receives; context switches at least one per two fillings of the pipe or
// the queue, since neither side can get further ahead than its capacity).
std::string check(Ipc kind, const Result& r, uint64_t n, uint64_t size) {
  std::string want;
  uint64_t calls = 0, min_switches = 0;
  switch (kind) {
    case Ipc::Pipe:
    case Ipc::NoPipe:
      want = (kind == Ipc::Pipe ? "pipe " : "nopipe ") + std::to_string(n) + " bytes in " + std::to_string(size) +
             (kind == Ipc::Pipe ? "-byte writes ok " : "-byte pieces ok ") + pipe_sum(n) + "\r\n";
      if (kind == Ipc::Pipe) {
        calls = 2 * ((n + size - 1) / size) + 1;  // the writes, as many reads at least, the EOF read
        min_switches = n / (2 * kPipeCapacity);
      }
      break;
    case Ipc::Msg:
      want = "msg " + std::to_string(n) + " x " + std::to_string(size) + " ok\r\n";
      calls = 2 * n;
      min_switches = n * size / (2 * kMsgQueueBytes);
      break;
  }
  if (r.console.find(want) == std::string::npos) return "console \"" + r.console + "\" (want " + want + ")";
  if (r.status != 0) return "wait status " + std::to_string(r.status);
  if (r.syscalls < calls) return "only " + std::to_string(r.syscalls) + " system calls";
  if (r.switches < min_switches) return "only " + std::to_string(r.switches) + " context switches";
  return "";
}

Result checked_median(Ipc kind, uint64_t n, uint64_t size, int runs) {
  std::vector<std::string> args{std::to_string(n), std::to_string(size)};
  if (kind == Ipc::NoPipe) args.push_back("nopipe");
  const char* program = kind == Ipc::Msg ? "bench_msg" : "bench_pipe";
  const Result r = median(program, args, runs);
  const std::string why = check(kind, r, n, size);
  if (!why.empty()) {
    std::fprintf(stderr, "os_bench: %s %s %s%s: wrong result: %s\n", program, args[0].c_str(), args[1].c_str(),
                 kind == Ipc::NoPipe ? " nopipe" : "", why.c_str());
    std::exit(1);
  }
  return r;
}

// 5. The busybox fork benchmark (see the top comment). Exits 1 when the run is wrong.
constexpr int kBusyboxPipelines = 100;
const std::vector<std::string> kBusyboxArgs = {
    "sh", "-c",
    "i=0; while [ $i -lt " + std::to_string(kBusyboxPipelines) +
        " ]; do echo $i | /bin/busybox tr 0-9 a-j > /dev/null; i=$((i+1)); done; echo pipelines $i"};

Result checked_busybox(int runs) {
  const Result r = median("busybox", kBusyboxArgs, runs);
  const std::string want = "pipelines " + std::to_string(kBusyboxPipelines) + "\r\n";
  if (r.console.find(want) == std::string::npos || r.exits < size_t(2 * kBusyboxPipelines + 1) || r.status != 0) {
    std::fprintf(stderr, "os_bench: busybox: wrong result (console %s, %zu exits, status %lld)\n",
                 r.console.c_str(), r.exits, static_cast<long long>(r.status));
    std::exit(1);
  }
  return r;
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
    if (!std::strcmp(argv[i], "--busybox")) {
      const Result r = checked_busybox(1);
      std::printf("processes %zu cycles %" PRIu64 " syscalls %" PRIu64 " switches %" PRIu64 " host_seconds %.6f\n",
                  r.exits, r.cycles, r.syscalls, r.switches, r.seconds);
      return 0;
    }
    const bool pipe = !std::strcmp(argv[i], "--pipe"), nopipe = !std::strcmp(argv[i], "--nopipe"),
               msg = !std::strcmp(argv[i], "--msg");
    if ((pipe || nopipe || msg) && i + 2 < argc) {
      const uint64_t n = std::strtoull(argv[i + 1], nullptr, 0), size = std::strtoull(argv[i + 2], nullptr, 0);
      const Result r = checked_median(pipe ? Ipc::Pipe : nopipe ? Ipc::NoPipe : Ipc::Msg, n, size, 1);
      std::printf("%s %" PRIu64 " cycles %" PRIu64 " syscalls %" PRIu64 " switches %" PRIu64 " host_seconds %.6f\n",
                  msg ? "messages" : "bytes", n, r.cycles, r.syscalls, r.switches, r.seconds);
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

  // Pipe and message-queue throughput. The empty runs measure the fixed part the figures include;
  // the nopipe runs the reader's sum loop (and the writer's loop) without the pipe.
  constexpr uint64_t kPipeBytes = 16u << 20;
  auto fixed_line = [](const Result& r) {
    std::printf("  %-32s %" PRIu64 " cycles, %.1f ms, %" PRIu64 " system calls, %" PRIu64 " switches\n",
                "fixed part, included (empty run):", r.cycles, r.seconds * 1e3, r.syscalls, r.switches);
  };
  std::printf("%-34s %12s %14s %12s %10s %9s\n", "pipe, 16 MiB parent -> child", "MB/s", "ns/byte", "cycles/byte",
              "syscalls", "switches");
  for (uint64_t chunk : {4096u, 65536u}) {
    const Result p = checked_median(Ipc::Pipe, kPipeBytes, chunk, runs);
    const Result base = checked_median(Ipc::NoPipe, kPipeBytes, chunk, runs);
    const double bytes = double(kPipeBytes);
    std::printf("%-34s %12.1f %14.2f %12.2f %10" PRIu64 " %9" PRIu64 "\n",
                (std::to_string(chunk) + "-byte writes and reads").c_str(), bytes / p.seconds * 1e-6,
                p.seconds * 1e9 / bytes, double(p.cycles) / bytes, p.syscalls, p.switches);
    std::printf("  %-32s %12.1f %14.2f %12.2f\n", "the sum loop alone (nopipe)", bytes / base.seconds * 1e-6,
                base.seconds * 1e9 / bytes, double(base.cycles) / bytes);
    // The host-time difference of two medians: noisy on a busy machine (callgrind is exact).
    const double dt = p.seconds - base.seconds;
    const std::string mbs = dt > 0 ? std::to_string(int64_t(bytes / dt * 1e-6)) : "-";
    std::printf("  %-32s %12s %14.2f %12.2f\n", "the pipe alone (the difference)", mbs.c_str(), dt * 1e9 / bytes,
                (double(p.cycles) - double(base.cycles)) / bytes);
  }
  fixed_line(checked_median(Ipc::Pipe, 0, 4096, runs));

  constexpr uint64_t kMessages = 200000, kMsgSize = 64;
  const Result m = checked_median(Ipc::Msg, kMessages, kMsgSize, runs);
  std::printf("%-34s %12s %14s %12s %10s %9s\n", "message queue, producer -> consumer", "msgs/s", "ns/msg",
              "cycles/msg", "syscalls", "switches");
  std::printf("%-34s %12.0f %14.0f %12.0f %10" PRIu64 " %9" PRIu64 "\n",
              (std::to_string(kMessages) + " x " + std::to_string(kMsgSize) + " bytes, msgsnd/msgrcv").c_str(),
              double(kMessages) / m.seconds, m.seconds * 1e9 / double(kMessages), double(m.cycles) / double(kMessages),
              m.syscalls, m.switches);
  fixed_line(checked_median(Ipc::Msg, 0, kMsgSize, runs));

  const Result b = checked_busybox(runs);
  const double sim_s = double(b.cycles) / double(b.clock_hz);
  std::printf("%-34s %12s %14s %12s %10s %9s\n", "busybox sh: 100 pipelines", "processes", "sim seconds",
              "host s", "forks/s", "cyc/proc");
  std::printf("%-34s %12zu %14.3f %12.3f %10.0f %9.0f\n", "echo $i | busybox tr ... > /dev/null", b.exits, sim_s,
              b.seconds, double(b.exits) / b.seconds, double(b.cycles) / double(b.exits));
  std::printf("  %-32s %" PRIu64 " cycles, %" PRIu64 " system calls, %" PRIu64 " switches\n", "whole run:", b.cycles,
              b.syscalls, b.switches);
  return 0;
}
