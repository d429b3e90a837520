// sim/runner.h — runs a ScenarioSpec (sim/scenario.h) on a Machine (sim/machine.h).
//
// What it does: builds the Machine the spec describes (board, devices wired to their IRQ lines,
// the boot image loaded — a .asm is assembled with nasm here — and the CPU at cs:ip in real mode),
// puts every timeline action on the EventQueue (priority kTimeline), runs to the stop condition,
// then evaluates the expectations against the console, the trace, the registers and memory.
//
// Timeline actions at run time:
//   keyboard   Keyboard::type_text(text) at `at`
//   uart       Uart::receive(text) at `at`
//   irq-source raise/lower/hold(N)/pulse(N) on the named IrqSource at `at`
//   irq        the runner's own driver "timeline" on IRQ line N (one per line, wired-OR with the
//              devices): raise, lower, pulse N (raise now, lower N cycles later), hold N (same as
//              pulse: the line is held high for N cycles)
//   nmi        NmiSource::trigger() when the machine has an nmi-source, else Machine::pulse_nmi();
//              until the last timeline NMI has fired the Machine is told an NMI may still come
//              (so HLT with IF=0 waits for it instead of ending the run)
//   note       Trace::notes() gets the text and a Note event is emitted (b = its index)
//
// Stop: Machine::run(max_cycles). With `stop.when: halted` an end other than HLT (IF=0 or idle)
//   or the exit port adds a failed "stop" result line.
// Results: one line per expectation, "PASS ..." or "FAIL ...: expected X, got Y"; latency lines
//   always quote the measured cycles.
#pragma once
#include <cstdint>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "sim/machine.h"
#include "sim/os_board.h"
#include "sim/scenario.h"

namespace irq::sim {

// `irqlab exec`: one program as a normal process, stdio on the host's (DESIGN.md §5).
struct ExecSpec {
  std::string program;            // host path as given
  std::string guest_path;         // absolute path of the program inside the guest
  std::vector<std::string> argv;  // argv[0] = the path as given
  std::vector<std::string> envp;
  uint32_t uid = 0, gid = 0;
  struct Mount { std::string host, guest; bool rw = false; };
  std::vector<Mount> mounts;      // the program's folder first (read-only)
  std::string cwd;                // guest working directory ("" = /)
  bool uart_console = false;      // --serial: the tty on the spec's tty_device UART, not host stdio
};

struct RunOptions {
  std::optional<uint64_t> seed;        // overrides spec.seed
  std::optional<uint64_t> max_cycles;  // overrides stop.max_cycles
  bool trace = false;                  // force tracing on (an output file wants it)
  bool echo_console = false;           // guest console to stdout as it appears
  bool progress = false;               // progress lines on stderr every ~100M cycles
  std::string tmp_dir;                 // scratch folder for nasm output
  std::optional<ExecSpec> exec;        // irqlab exec (the spec then has no init programs)
};

struct ExpectationResult {
  bool passed = false;
  std::string line;  // "PASS console contains \"hello\"" / "FAIL count ...: expected 1, got 0"
};

// Throws ScenarioError for a spec that cannot be built (today every spec load_scenario accepts
// can be; kept for device types a build may lack).
void check_buildable(const ScenarioSpec& spec);

class ScenarioRun {
 public:
  // Builds the machine; throws ScenarioError when the image cannot be read, assembled or loaded.
  ScenarioRun(const ScenarioSpec& spec, const RunOptions& options);
  ~ScenarioRun();
  ScenarioRun(const ScenarioRun&) = delete;
  ScenarioRun& operator=(const ScenarioRun&) = delete;

  Machine& machine() { return *machine_; }
  // The mini OS when the scenario has `os:` (or for irqlab exec); null on bare metal.
  OsBoard* os() { return os_.get(); }
  const ScenarioSpec& spec() const { return spec_; }
  uint64_t max_cycles() const { return max_cycles_; }

  // Run to the stop condition (or max_cycles).
  Machine::Stop run();
  // After run(): one result per expectation (plus a failed "stop" line when stop.when was not met).
  std::vector<ExpectationResult> evaluate();

  struct Action;  // a scheduled timeline action (runner.cpp)

 private:
  void build_devices();
  void build_os();
  void schedule_timeline();
  ExpectationResult evaluate_one(const Expectation& x);

  ScenarioSpec spec_;
  RunOptions options_;
  uint64_t max_cycles_;
  std::unique_ptr<Machine> machine_;
  std::unique_ptr<OsBoard> os_;
  std::vector<std::unique_ptr<Action>> actions_;
  std::vector<Pin> timeline_irq_;  // per IRQ line: the timeline's driver (line null until used)
  bool periodic_nmi_ = false;  // an nmi-source with a period: an NMI can always come
  bool ran_ = false;
  Machine::Stop stop_ = Machine::Stop::CycleLimit;
};

// Quote a string for a result line: "..." with \n, \t, \", \\ and \xNN escapes.
std::string quote(const std::string& s);

}  // namespace irq::sim
