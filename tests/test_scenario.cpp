// tests/test_scenario.cpp — the scenario loader (sim/scenario.h), the runner (sim/runner.h) and the
// `irqlab run` / `irqlab check` exit codes (DESIGN.md §5, §6).
//
// Bad scenarios: tests/scenarios_bad/*.yaml, each with the file:line:column its error must point at
// (the table below; every file in the folder must be in the table). Good scenarios:
// tests/scenarios_ok/ (hello.yaml passes, hello_fail.yaml has one false expectation,
// irq_timeline.yaml exercises count/order/latency over a timeline IRQ through the 8259A pair,
// devices.yaml builds every device type and drives each from the timeline). Mini OS scenarios:
// tests/scenarios_ok/os/ (loaded and checked field by field; not run until the runner boots the OS).
#include <catch2/catch.hpp>

#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>

#include "sim/runner.h"
#include "sim/scenario.h"

using irq::sim::ScenarioError;
using irq::sim::ScenarioSpec;

namespace {

const std::string kBad = std::string(IRQ_SOURCE_DIR) + "/tests/scenarios_bad/";
const std::string kOk = std::string(IRQ_SOURCE_DIR) + "/tests/scenarios_ok/";

struct BadCase {
  const char* file;
  int line, column;
  const char* needle;  // a piece of the message
};

// clang-format off
const BadCase kBadCases[] = {
    {"unknown_key.yaml",              6,  3, "unknown key 'speed' in machine"},
    {"unknown_root_key.yaml",         3,  1, "unknown key 'expectations'"},
    {"wrong_type_memory.yaml",        3, 11, "expected a size"},
    {"memory_too_big.yaml",           2, 11, "out of range"},
    {"clock_zero.yaml",               2, 33, "clock_hz: out of range"},
    {"cpu_model.yaml",                3, 12, "unknown CPU model 'i486'"},
    {"interrupts_bad.yaml",           2, 15, "expected pic-pair or wired-or"},
    {"device_unknown_type.yaml",      4, 15, "unknown device type 'floppy'"},
    {"device_missing_type.yaml",      3,  7, "missing required key 'type'"},
    {"device_irq_range.yaml",         3, 46, "out of range: 16"},
    {"duplicate_device_name.yaml",    4, 33, "duplicate device name 'glitch'"},
    {"uart_port_overlap.yaml",        4, 47, "overlap device 'com1'"},
    {"irq2_cascade.yaml",             4, 41, "cascade"},
    {"nmi_source_irq.yaml",           4,  7, "no IRQ output"},
    {"os_and_boot.yaml",              4,  1, "boot: and os: are exclusive"},
    {"missing_boot.yaml",             1,  1, "missing required key 'boot'"},
    {"missing_image.yaml",            3,  3, "missing required key 'image'"},
    {"image_not_found.yaml",          1, 16, "no such file"},
    {"boot_mode.yaml",                3,  9, "only 'real'"},
    {"load_at_unreachable.yaml",      1, 52, "not reachable"},
    {"timeline_bad_unit.yaml",        3, 11, "unknown time unit 'fortnights'"},
    {"timeline_missing_at.yaml",      4,  5, "missing required key 'at'"},
    {"timeline_two_actions.yaml",     3, 25, "one action per entry"},
    {"timeline_no_keyboard.yaml",     3, 16, "no keyboard device"},
    {"timeline_unknown_source.yaml",  6, 39, "no device named 'glich'"},
    {"timeline_signal.yaml",          3, 17, "signal: needs os:"},
    {"timeline_untypable.yaml",       5, 26, "keyboard: cannot type"},
    {"stop_all_exited.yaml",          2, 15, "all-exited needs os:"},
    {"huge_number.yaml",              4, 15, "number out of range"},
    {"negative_number.yaml",          1,  7, "must not be negative"},
    {"bad_event_order.yaml",          3, 39, "unknown event 'signal-deliverd'"},
    {"bad_event_count.yaml",          3, 21, "unknown event 'irq-rased'"},
    {"count_wrong_filter.yaml",       3, 27, "has no line (filter by vector)"},
    {"latency_missing_bound.yaml",    3, 14, "missing max_cycles"},
    {"latency_bad_arg.yaml",          4, 13, "bad line '16'"},
    {"register_unknown.yaml",         3, 23, "unknown register 'rax'"},
    {"register_too_wide.yaml",        3, 35, "out of range: 0x100"},
    {"memory_past_end.yaml",          4, 24, "past the end of memory"},
    {"expect_exit.yaml",              3,  5, "exit: needs os:"},
    {"expect_two_kinds.yaml",         4,  5, "one kind per list item"},
    {"duplicate_key.yaml",            3,  1, "duplicate key 'name'"},
    {"syntax_error.yaml",             3,  7, "YAML syntax error"},
    {"bad_indent.yaml",               4,  2, "YAML syntax error"},
    {"empty.yaml",                    1,  1, "empty scenario"},
    {"top_level_list.yaml",           1,  1, "expected a mapping, got a list"},
    {"binary_garbage.yaml",           1,  1, "expected a mapping"},
    {"nmi_period_zero.yaml",          4, 45, "at least one cycle"},
    {"period_not_nmi.yaml",           3, 33, "nmi-source only"},
    {"stray_comma.yaml",              2,  1, "YAML syntax error"},
    {"two_documents.yaml",            2,  1, "more than one YAML document"},
    // The mini OS (os:, signal:, stop: all-exited, exit:, the OS events' patterns)
    {"os_no_pit.yaml",                3,  1, "os: needs a pit device (the scheduler's timer)"},
    {"os_quantum_zero.yaml",          4, 12, "os.quantum: must be at least one cycle"},
    {"os_quantum_too_long.yaml",      5, 12, "os.quantum: out of range: 10.5s (at most 10 s)"},
    {"os_memory.yaml",                5,  3, "there is no os.memory"},
    {"os_max_processes.yaml",         4, 18, "out of range: 4097 (must be 1..4096)"},
    {"os_tty_missing.yaml",           4,  8, "the machine has no uart device"},
    {"os_tty_not_input.yaml",         4,  8, "device 'glitch' (irq-source) is not a keyboard or uart"},
    {"os_file_relative.yaml",         5,  5, "must be an absolute guest path"},
    {"os_file_not_normal.yaml",       6,  5, "is not normalised (an empty component: '//')"},
    {"os_file_duplicate.yaml",        6,  5, "duplicate guest path '/bin/sigdemo'"},
    {"os_file_under_file.yaml",       6,  5, "inside '/bin/sigdemo', which is a file (line 5)"},
    {"os_file_missing.yaml",          5, 16, "no such file"},
    {"os_file_bad_name.yaml",         5, 16, "write ./motd.txt for a file beside the scenario"},
    {"os_file_fifo.yaml",             5, 19, "fifo files: not supported yet (IPC issue)"},
    {"os_init_missing.yaml",          4,  3, "os: missing required key 'init'"},
    {"os_init_empty.yaml",            5,  9, "os.init: empty list"},
    {"os_init_not_listed.yaml",       7, 14, "'/usr/bin/sigdemo' is not in os.files (nor under /bin/)"},
    {"os_init_uid_range.yaml",        6, 44, "os.init gid: out of range: 65536"},
    {"os_init_env.yaml",              7, 24, "expected NAME=value, got '=oops'"},
    {"timeline_signal_target.yaml",   7, 30, "'/bin/other' is not a program os.init runs (/bin/sigdemo)"},
    {"timeline_signal_bad_sig.yaml",  7, 39, "unknown signal 'SIGFOO'"},
    {"timeline_signal_both.yaml",     6, 39, "to: or pid:, not both"},
    {"expect_exit_program.yaml",      7, 22, "'/bin/sigdemo' is not a program os.init runs (/bin/sh)"},
    {"expect_exit_both.yaml",         6, 47, "status or signal, not both"},
    {"expect_exit_core_status.yaml",  9,  7, "core applies to signal: only"},
    {"bad_event_signal.yaml",         3, 39, "bad signal 'SIGINTR'"},
    {"count_signal_filter.yaml",      4, 36, "has no pid (filter by nr)"},
    {"pattern_pid_range.yaml",        3, 45, "bad pid '32768' in 'process-exited:32768' (0..32767)"},
};
// clang-format on

// Run the irqlab binary; returns its exit status (-1 when it did not exit normally).
int irqlab(const std::string& args) {
  const std::string cmd = std::string("\"") + IRQ_IRQLAB_BIN + "\" " + args + " >/dev/null 2>&1";
  const int rc = std::system(cmd.c_str());
  if (rc == -1 || !WIFEXITED(rc)) return -1;
  return WEXITSTATUS(rc);
}

// Run irqlab and capture its stdout.
std::string irqlab_stdout(const std::string& args, int& status) {
  const std::string cmd = std::string("\"") + IRQ_IRQLAB_BIN + "\" " + args + " 2>/dev/null";
  FILE* p = popen(cmd.c_str(), "r");
  std::string out;
  if (!p) {
    status = -1;
    return out;
  }
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
  const int rc = pclose(p);
  status = WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
  return out;
}

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace

TEST_CASE("every bad scenario fails at its expected file:line:column", "[scenario]") {
  for (const BadCase& c : kBadCases) {
    const std::string path = kBad + c.file;
    INFO(c.file);
    REQUIRE(std::filesystem::exists(path));
    bool thrown = false;
    try {
      (void)irq::sim::load_scenario(path);
    } catch (const ScenarioError& e) {
      thrown = true;
      INFO(e.what());
      CHECK(e.pos().line == c.line);
      CHECK(e.pos().column == c.column);
      const std::string prefix = path + ":" + std::to_string(c.line) + ":" + std::to_string(c.column) + ": ";
      CHECK(std::string(e.what()).rfind(prefix, 0) == 0);
      CHECK(e.message().find(c.needle) != std::string::npos);
    }
    CHECK(thrown);
  }
}

TEST_CASE("the bad-scenario table covers every file of the folder", "[scenario]") {
  std::set<std::string> listed;
  for (const BadCase& c : kBadCases) listed.insert(c.file);
  std::size_t files = 0;
  for (const auto& e : std::filesystem::directory_iterator(kBad)) {
    if (e.path().extension() != ".yaml") continue;
    ++files;
    INFO(e.path().filename().string());
    CHECK(listed.count(e.path().filename().string()) == 1);
  }
  CHECK(files == listed.size());
  CHECK(files >= 25);
}

TEST_CASE("irqlab check exits 2 on bad scenarios and 0 on good ones", "[scenario]") {
  for (const char* f : {"unknown_key.yaml", "syntax_error.yaml", "empty.yaml", "binary_garbage.yaml",
                        "os_and_boot.yaml", "huge_number.yaml", "stray_comma.yaml", "os_file_fifo.yaml"}) {
    INFO(f);
    CHECK(irqlab("check \"" + kBad + f + "\"") == 2);
    CHECK(irqlab("run \"" + kBad + f + "\"") == 2);
  }
  CHECK(irqlab("check \"" + kOk + "hello.yaml\"") == 0);
  CHECK(irqlab("check \"" + kOk + "irq_timeline.yaml\"") == 0);
  CHECK(irqlab("check /nonexistent/scenario.yaml") == 2);
  CHECK(irqlab("check") == 2);
  CHECK(irqlab("run \"" + kOk + "hello.yaml\" --bogus") == 2);
  CHECK(irqlab("run \"" + kOk + "hello.yaml\" --max-cycles abc") == 2);
}

TEST_CASE("irqlab check prints file:line:column on stderr", "[scenario]") {
  const std::string cmd = std::string("\"") + IRQ_IRQLAB_BIN + "\" check \"" + kBad +
                          "unknown_key.yaml\" 2>&1";
  FILE* p = popen(cmd.c_str(), "r");
  REQUIRE(p);
  char buf[512] = {};
  const size_t n = fread(buf, 1, sizeof buf - 1, p);
  pclose(p);
  const std::string out(buf, n);
  CHECK(out.rfind(kBad + "unknown_key.yaml:6:3: unknown key 'speed'", 0) == 0);
}

TEST_CASE("irqlab run: a passing scenario exits 0 and prints the console then PASS lines", "[scenario]") {
  int status = -1;
  const std::string out = irqlab_stdout("run \"" + kOk + "hello.yaml\"", status);
  CHECK(status == 0);
  CHECK(out.rfind("hello\n", 0) == 0);
  CHECK(out.find("PASS console contains \"hello\"\n") != std::string::npos);
  CHECK(out.find("PASS register ax = 0xbeef\n") != std::string::npos);
  CHECK(out.find("FAIL") == std::string::npos);
  // --quiet: no console, only the result lines.
  const std::string quiet = irqlab_stdout("run --quiet \"" + kOk + "hello.yaml\"", status);
  CHECK(status == 0);
  CHECK(quiet.rfind("PASS console contains", 0) == 0);
}

TEST_CASE("irqlab run: a false expectation exits 1 and says what happened", "[scenario]") {
  int status = -1;
  const std::string out = irqlab_stdout("run \"" + kOk + "hello_fail.yaml\"", status);
  CHECK(status == 1);
  CHECK(out.find("PASS console contains \"hello\"") != std::string::npos);
  CHECK(out.find("FAIL console contains \"goodbye\": not found") != std::string::npos);
}

TEST_CASE("irqlab run: timeline IRQ with count order and latency and trace files", "[scenario]") {
  const std::string dir = std::string(IRQ_TMP_DIR);
  std::filesystem::create_directories(dir);
  const std::string jsonl = dir + "/test_scenario.jsonl", vcd = dir + "/test_scenario.vcd",
                    perfetto = dir + "/test_scenario.json";
  int status = -1;
  const std::string out = irqlab_stdout("run \"" + kOk + "irq_timeline.yaml\" --trace \"" + jsonl +
                                            "\" --vcd \"" + vcd + "\" --perfetto \"" + perfetto + "\"",
                                        status);
  INFO(out);
  CHECK(status == 0);
  CHECK(out.find("PASS order note:before, irq-raised:3, inta:0x23") != std::string::npos);
  CHECK(out.find("PASS latency irq-raised:3 -> isr-enter:0x23: ") != std::string::npos);
  CHECK(read_text(jsonl).find("\"event\":\"inta\"") != std::string::npos);
  CHECK(!read_text(vcd).empty());
  CHECK(!read_text(perfetto).empty());
  // --max-cycles cuts the run before the IRQ: the count fails (exit 1), and stop.when: halted is
  // reported as not reached.
  const std::string cut = irqlab_stdout("run \"" + kOk + "irq_timeline.yaml\" --max-cycles 5000", status);
  CHECK(status == 1);
  CHECK(cut.find("FAIL count irq-raised line 3: expected 1, got 0") != std::string::npos);
  CHECK(cut.find("FAIL stop when halted: max cycles reached") != std::string::npos);
}

TEST_CASE("every good scenario runs with the exit code its name promises", "[scenario]") {
  // *_fail.yaml hold a false expectation (exit 1); the others pass (exit 0).
  std::size_t n = 0;
  for (const auto& e : std::filesystem::directory_iterator(kOk)) {
    if (e.path().extension() != ".yaml") continue;
    ++n;
    const std::string name = e.path().filename().string();
    INFO(name);
    const bool fail = name.find("_fail") != std::string::npos;
    CHECK(irqlab("run --quiet --seed 7 \"" + e.path().string() + "\"") == (fail ? 1 : 0));
    CHECK(irqlab("check \"" + e.path().string() + "\"") == 0);
  }
  CHECK(n >= 4);
  CHECK(irqlab("run --max-cycles 0 \"" + kOk + "hello.yaml\"") == 2);
}

TEST_CASE("ScenarioRun in process gives the same trace hash twice", "[scenario]") {
  const ScenarioSpec spec = irq::sim::load_scenario(kOk + "irq_timeline.yaml");
  CHECK(spec.clock_hz == 10000000);
  CHECK(spec.memory == 640u * 1024);
  REQUIRE(spec.timeline.size() == 2);
  CHECK(spec.timeline[1].at == 10000);  // 1 ms at 10 MHz
  CHECK(spec.needs_trace());
  irq::sim::RunOptions opt;
  opt.tmp_dir = IRQ_TMP_DIR;
  uint64_t hashes[2] = {};
  for (uint64_t& h : hashes) {
    irq::sim::ScenarioRun run(spec, opt);
    CHECK(run.run() == irq::sim::Machine::Stop::ExitPort);
    for (const auto& r : run.evaluate()) {
      INFO(r.line);
      CHECK(r.passed);
    }
    h = run.machine().trace().hash();
  }
  CHECK(hashes[0] == hashes[1]);
}

TEST_CASE("time and number parsing", "[scenario]") {
  using irq::sim::parse_time_cycles;
  using irq::sim::parse_uint;
  uint64_t v = 0;
  std::string why;
  CHECK(parse_time_cycles("2ms", 33000000, v, why));
  CHECK(v == 66000);
  CHECK(parse_time_cycles("150us", 33000000, v, why));
  CHECK(v == 4950);
  CHECK(parse_time_cycles("3s", 33000000, v, why));
  CHECK(v == 99000000);
  CHECK(parse_time_cycles("10ns", 33000000, v, why));
  CHECK(v == 0);  // 0.33 cycles: rounded down
  CHECK(parse_time_cycles("100ns", 33000000, v, why));
  CHECK(v == 3);  // 3.3 cycles: rounded down
  CHECK(parse_time_cycles("1.5ms", 1000000, v, why));
  CHECK(v == 1500);
  CHECK(parse_time_cycles("150000", 33000000, v, why));
  CHECK(v == 150000);
  CHECK(parse_time_cycles("0x100", 33000000, v, why));
  CHECK(v == 256);
  CHECK(!parse_time_cycles("2 weeks", 33000000, v, why));
  CHECK(!parse_time_cycles("ms", 33000000, v, why));
  CHECK(!parse_time_cycles("-5", 33000000, v, why));
  CHECK(!parse_time_cycles("99999999999999999999s", 33000000, v, why));
  CHECK(parse_uint("18446744073709551615", v));
  CHECK(v == ~0ull);
  CHECK(!parse_uint("18446744073709551616", v));
  CHECK(parse_uint("1_000_000", v));
  CHECK(v == 1000000);
  CHECK(!parse_uint("", v));
  CHECK(!parse_uint("0x", v));
  CHECK(!parse_uint("12a", v));
}

TEST_CASE("the DESIGN.md example scenario: the bare-metal part builds", "[scenario]") {
  const std::string text = R"(name: seed-sigint
seed: 1
machine:
  cpu: { model: i386, clock_hz: 33000000 }
  memory: 16MiB
  interrupts: pic-pair
  devices:
    - { type: pit,      irq: 0 }
    - { type: keyboard, irq: 1 }
    - { type: uart,     irq: 4, port: 0x3f8 }
    - { type: irq-source, name: glitch, irq: 7 }
boot: { image: hello.asm, mode: real, load_at: 0x7c00 }
timeline:
  - { at: 2ms,         keyboard: "^C" }
  - { at: 150000,      irq-source: { name: glitch, pulse: 3 } }
expect:
  - count: { event: spurious, line: 7, equals: 1 }
  - order: [ irq-raised:1, inta:0x21 ]
  - latency: { from: irq-raised:1, to: isr-enter:0x21, max_cycles: 300 }
)";
  const ScenarioSpec s = irq::sim::parse_scenario(text, kOk + "design_example.yaml");
  REQUIRE(s.devices.size() == 4);
  CHECK(s.devices[2].port == 0x3F8);
  CHECK(s.devices[3].name == "glitch");
  REQUIRE(s.timeline.size() == 2);
  CHECK(s.timeline[0].at == 66000);
  CHECK(s.timeline[0].device == "keyboard");
  CHECK(s.timeline[1].op == irq::sim::TimelineAction::Op::Pulse);
  CHECK(s.timeline[1].cycles == 3);
  REQUIRE(s.expect.size() == 3);
  CHECK(s.expect[1].patterns[1].arg == 0x21);
  // The machine builds: every device type exists.
  irq::sim::RunOptions opt;
  opt.tmp_dir = IRQ_TMP_DIR;
  irq::sim::ScenarioRun run(s, opt);
  CHECK(run.machine().devices().size() == 4);
  // With os: as well, boot: (line 12) is rejected: the two are exclusive.
  try {
    (void)irq::sim::parse_scenario(text + "os:\n  quantum: 10ms\n  init: [ { run: /bin/sh } ]\n", "x.yaml");
    FAIL("os: and boot: accepted together");
  } catch (const ScenarioError& e) {
    CHECK(e.pos().line == 12);
    CHECK(e.pos().column == 1);
    CHECK(e.message().find("boot: and os: are exclusive") != std::string::npos);
  }
}

TEST_CASE("no input crashes the loader - truncations and byte mutations", "[scenario]") {
  // Twice: the bare-metal irq_timeline.yaml, then os/os_keys.yaml (the mini OS keys).
  for (const char* base : {"irq_timeline.yaml", "os/os_keys.yaml"}) {
    INFO(base);
    const std::string good = read_text(kOk + base);
    REQUIRE(!good.empty());
    const std::string as = std::filesystem::path(kOk + base).parent_path().string() + "/fuzz.yaml";
    auto attempt = [&as](const std::string& text) {
      try {
        (void)irq::sim::parse_scenario(text, as);
      } catch (const ScenarioError& e) {
        // Positions are 1-based whenever there is one.
        if (e.pos().line != 0) {
          CHECK(e.pos().line >= 1);
          CHECK(e.pos().column >= 1);
        }
      }
    };
    for (std::size_t n = 0; n <= good.size(); ++n) attempt(good.substr(0, n));
    uint64_t x = 0x9E3779B97F4A7C15ull;
    const char alphabet[] = "{}[]:,-#'\"\n \t0x9zq&*!|>%@`\\\x00\xff";
    for (int i = 0; i < 3000; ++i) {
      std::string t = good;
      for (int k = 0; k < 3; ++k) {
        x ^= x << 13, x ^= x >> 7, x ^= x << 17;
        t[x % t.size()] = alphabet[(x >> 32) % (sizeof alphabet - 1)];
      }
      attempt(t);
    }
    attempt(std::string(100000, '['));
    attempt(std::string(5000, '{') + std::string(5000, '}'));
    attempt("a: &x [*x]");
    attempt(",");  // yaml-cpp 0.7's LoadAll loops forever on this (scenario.cpp uses Load)
    attempt("# c\n, x\nboot: {image: hello.asm}\n");
    attempt("seed: 340282366920938463463374607431768211456");
    attempt("machine:\n  memory: 99999999999999999999999MiB\nboot: {image: hello.asm}\n");
    attempt("boot: {image: hello.asm}\ntimeline:\n  - {at: 99999999999999999999.9999s, note: x}\n");
    attempt("machine: {devices: [{type: pit}]}\nos: {files: {/a: {}}, init: [{run: /a}]}\n");
    attempt("machine: {devices: [{type: pit}]}\nos: {files: {[1]: x}, init: [[], {}]}\n");
    attempt("machine: {devices: [{type: pit}]}\nos: {quantum: 99999999999999999999s, init: [{run: /bin/x}]}\n");
  }
}

// ---- the mini OS keys ---------------------------------------------------------------------------

namespace {

// `text` must fail at line:column with `needle` in the message.
void fails_at(const std::string& text, int line, int column, const std::string& needle) {
  INFO(text);
  try {
    (void)irq::sim::parse_scenario(text, kOk + "inline.yaml");
    FAIL("accepted");
  } catch (const ScenarioError& e) {
    INFO(e.what());
    CHECK(e.pos().line == line);
    CHECK(e.pos().column == column);
    CHECK(e.message().find(needle) != std::string::npos);
  }
}

const std::string kPit = "machine:\n  devices: [ { type: pit } ]\n";

}  // namespace

TEST_CASE("os: every key of the mini OS scenario file", "[scenario]") {
  using irq::sim::Expectation;
  using irq::sim::EventField;
  using irq::sim::TimelineAction;
  using File = ScenarioSpec::OsFile;
  const ScenarioSpec s = irq::sim::load_scenario(kOk + "os/os_keys.yaml");
  CHECK(s.has_os);
  CHECK(s.os_pos.line == 14);
  CHECK(s.os_pos.column == 1);
  CHECK(s.image.empty());
  CHECK(s.quantum_cycles == 50000);  // 5 ms at 10 MHz
  CHECK(s.max_processes == 16);
  CHECK(s.tty_device == "com1");
  REQUIRE(s.files.size() == 3);
  CHECK(s.files[0].guest_path == "/bin/sigdemo");
  CHECK(s.files[0].kind == File::Kind::Program);
  CHECK(s.files[0].source == "seed_signal");
  CHECK(s.files[0].pos.line == 19);
  CHECK(s.files[0].pos.column == 5);
  CHECK(s.files[0].source_pos.column == 19);
  CHECK(s.files[1].guest_path == "/etc/motd");
  CHECK(s.files[1].kind == File::Kind::HostPath);
  CHECK(s.files[1].source == (std::filesystem::path(kOk) / "os/data/motd.txt").lexically_normal().string());
  CHECK(std::filesystem::is_regular_file(s.files[1].source));
  CHECK(s.files[2].kind == File::Kind::Text);
  CHECK(s.files[2].source == "hello\n");
  CHECK(s.find_file("/etc/motd") == &s.files[1]);
  CHECK(s.find_file("/etc") == nullptr);
  REQUIRE(s.init.size() == 2);
  CHECK(s.init[0].run == "/bin/sigdemo");
  CHECK(s.init[0].args == std::vector<std::string>{"-n", "3"});
  CHECK(s.init[0].env == std::vector<std::string>{"HOME=/", "TERM=dumb"});
  CHECK(s.init[0].uid == 1000);
  CHECK(s.init[0].gid == 100);
  CHECK(s.init[0].name == "demo");
  CHECK(s.init[0].pos.line == 23);
  CHECK(s.init[1].run == "/bin/sh");  // under /bin/: need not be in files
  CHECK(s.init[1].name == "/bin/sh");
  CHECK(s.init[1].uid == 0);
  CHECK(s.init[1].args.empty());
  CHECK(s.is_init_program("/bin/sh"));
  CHECK(!s.is_init_program("/etc/motd"));

  REQUIRE(s.timeline.size() == 4);
  CHECK(s.timeline[1].kind == TimelineAction::Kind::Signal);
  CHECK(s.timeline[1].at == 50000);
  CHECK(s.timeline[1].target == "/bin/sigdemo");
  CHECK(s.timeline[1].signo == 10);  // SIGUSR1 on x86
  CHECK(s.timeline[2].target.empty());
  CHECK(s.timeline[2].pid == 2);
  CHECK(s.timeline[2].signo == 15);
  CHECK(s.timeline[3].pid == 1);  // to: { pid: 1 }
  CHECK(s.timeline[3].signo == 2);
  CHECK(s.stop_when_all_exited);
  CHECK(!s.stop_when_halted);

  REQUIRE(s.expect.size() == 9);
  CHECK(s.expect[1].kind == Expectation::Kind::Exit);
  CHECK(s.expect[1].program == "/bin/sigdemo");
  CHECK(s.expect[1].status == 0u);
  CHECK(s.expect[1].signal == 0);
  CHECK(!s.expect[1].core);
  CHECK(s.expect[2].program == "/bin/sh");
  CHECK(!s.expect[2].status);
  CHECK(s.expect[2].signal == 15);
  CHECK(s.expect[2].core == false);
  CHECK(s.expect[3].filter_field == EventField::Signal);
  CHECK(s.expect[3].filter == 2u);
  CHECK(s.expect[4].filter_field == EventField::Pid);
  CHECK(s.expect[4].filter == 0u);
  CHECK(s.expect[5].filter_field == EventField::Nr);
  CHECK(s.expect[5].filter == 4u);
  CHECK(s.expect[6].filter_field == EventField::Byte);
  CHECK(s.expect[6].filter == 3u);
  REQUIRE(s.expect[7].patterns.size() == 5);
  CHECK(s.expect[7].patterns[1].arg == 2);
  CHECK(s.expect[7].patterns[2].arg == 2);
  CHECK(s.expect[8].patterns[0].arg == 2);
  CHECK(s.needs_trace());
  // irqlab check accepts it.
  CHECK(irqlab("check \"" + kOk + "os/os_keys.yaml\"") == 0);
}

TEST_CASE("os: the DESIGN.md example scenario parses in full", "[scenario]") {
  const std::string text = R"(name: seed-sigint
description: Ctrl+C on the keyboard becomes SIGINT in the foreground process
seed: 1
machine:
  cpu: { model: i386, clock_hz: 33000000 }
  memory: 16MiB
  interrupts: pic-pair          # or: wired-or (devices drive INTR directly, no PIC)
  devices:
    - { type: pit,      irq: 0 }
    - { type: keyboard, irq: 1 }
    - { type: uart,     irq: 4, port: 0x3f8 }
    - { type: irq-source, name: glitch, irq: 7 }
os:                             # absent: bare metal, see boot:
  quantum: 10ms
  files: { /bin/sigdemo: seed_signal }     # built program names or paths
  init: [ { run: /bin/sigdemo, uid: 1000 } ]
# boot: { image: baremetal/ivt_demo.asm, mode: real, load_at: 0x7c00 }
timeline:
  - { at: 2ms,         keyboard: "^C" }
  - { at: 150000,      irq-source: { name: glitch, pulse: 3 } }   # bare numbers are cycles
  - { at: 5ms,         signal: { to: /bin/sigdemo, sig: SIGUSR1 } }
stop: { when: all-exited, max_cycles: 100000000 }
expect:
  - console: { contains: "received SIGINT" }
  - exit: { program: /bin/sigdemo, status: 0 }
  - count: { event: spurious, line: 7, equals: 1 }
  - order: [ irq-raised:1, inta:0x21, signal-delivered:SIGINT ]
  - latency: { from: irq-raised:1, to: isr-enter:0x21, max_cycles: 300 }
)";
  const ScenarioSpec s = irq::sim::parse_scenario(text, kOk + "design_example.yaml");
  CHECK(s.has_os);
  CHECK(s.quantum_cycles == 330000);
  CHECK(s.max_processes == 256);
  CHECK(s.tty_device == "keyboard");  // default: the keyboard when there is one
  REQUIRE(s.files.size() == 1);
  CHECK(s.files[0].kind == ScenarioSpec::OsFile::Kind::Program);
  REQUIRE(s.init.size() == 1);
  CHECK(s.init[0].uid == 1000);
  REQUIRE(s.timeline.size() == 3);
  CHECK(s.timeline[2].at == 165000);
  CHECK(s.timeline[2].signo == 10);
  CHECK(s.stop_when_all_exited);
  CHECK(s.max_cycles == 100000000);
  REQUIRE(s.expect.size() == 5);
  CHECK(s.expect[1].kind == irq::sim::Expectation::Kind::Exit);
  CHECK(s.expect[3].patterns[2].kind == irq::sim::Ev::SignalDelivered);
  CHECK(s.expect[3].patterns[2].arg == 2);
}

TEST_CASE("os: defaults and the tty choice", "[scenario]") {
  const std::string init = "os:\n  init: [ { run: /bin/sh } ]\n";
  ScenarioSpec s = irq::sim::parse_scenario(kPit + init, kOk + "inline.yaml");
  CHECK(s.quantum_cycles == 330000);  // 10 ms at the default 33 MHz
  CHECK(s.max_processes == 256);
  CHECK(s.tty_device.empty());  // neither keyboard nor uart
  CHECK(s.files.empty());
  CHECK(!s.stop_when_all_exited);
  CHECK(s.timeline.empty());
  // Default tty: the keyboard, else the first uart.
  const std::string both =
      "machine:\n  devices: [ { type: uart, name: com1 }, { type: pit }, { type: keyboard, name: kbd } ]\n";
  CHECK(irq::sim::parse_scenario(both + init, "x.yaml").tty_device == "kbd");
  const std::string uarts =
      "machine:\n  devices: [ { type: pit }, { type: uart, name: com1 }, { type: uart, name: com2, port: 0x2f8 } ]\n";
  CHECK(irq::sim::parse_scenario(uarts + init, "x.yaml").tty_device == "com1");
  CHECK(irq::sim::parse_scenario(uarts + "os:\n  tty: com2\n  init: [ { run: /bin/sh } ]\n", "x.yaml").tty_device ==
        "com2");
  fails_at(uarts + "os:\n  tty: uart\n  init: [ { run: /bin/sh } ]\n", 4, 8, "several uart devices: name one");
  fails_at(uarts + "os:\n  tty: com3\n  init: [ { run: /bin/sh } ]\n", 4, 8, "expected keyboard, uart or the name");
  CHECK(irq::sim::parse_scenario(both + "os:\n  tty: uart\n  init: [ { run: /bin/sh } ]\n", "x.yaml").tty_device ==
        "com1");
  // quantum: plain cycles, a time, the 10 s ceiling (inclusive).
  auto quantum = [&](const std::string& q) {
    return irq::sim::parse_scenario(kPit + "os:\n  quantum: " + q + "\n  init: [ { run: /bin/sh } ]\n", "x.yaml")
        .quantum_cycles;
  };
  CHECK(quantum("1000") == 1000);
  CHECK(quantum("1.5ms") == 49500);
  CHECK(quantum("10s") == 330000000);
  CHECK(quantum("330000000") == 330000000);
  fails_at(kPit + "os:\n  quantum: 330000001\n  init: [ { run: /bin/sh } ]\n", 4, 12, "at most 10 s");
  fails_at(kPit + "os:\n  quantum: 10ns\n  init: [ { run: /bin/sh } ]\n", 4, 12, "at least one cycle");
  fails_at(kPit + "os:\n  quantum: 10 fortnights\n  init: [ { run: /bin/sh } ]\n", 4, 12, "unknown time unit");
  CHECK(irq::sim::parse_scenario(kPit + "os:\n  max_processes: 4096\n  init: [ { run: /bin/sh } ]\n", "x.yaml")
            .max_processes == 4096);
  // Neither os: nor boot: keeps the old error; os: without a mapping.
  fails_at(kPit, 1, 1, "missing required key 'boot'");
  fails_at(kPit + "os:\n", 3, 1, "os: expected a mapping, got nothing");
  fails_at(kPit + "os: [ /bin/sh ]\n", 3, 5, "os: expected a mapping, got a list");
  fails_at(kPit + "os:\n  init: [ { run: /bin/sh } ]\n  shell: yes\n", 5, 3, "unknown key 'shell' in os");
}

TEST_CASE("os: files and init entries", "[scenario]") {
  using File = ScenarioSpec::OsFile;
  auto with_files = [](const std::string& files, const std::string& run = "/bin/sh") {
    return kPit + "os:\n  files:\n" + files + "  init: [ { run: " + run + " } ]\n";
  };
  // A value with '/' or ending in .elf is a host path relative to the scenario's folder.
  const ScenarioSpec s = irq::sim::parse_scenario(
      with_files("    /bin/hello: ../scenarios_ok/hello.asm\n    /etc/motd: os/data/motd.txt\n"
                 "    /usr/bin/busy-box_2: busy-box_2\n    /empty: { text: \"\" }\n",
                 "/usr/bin/busy-box_2"),
      kOk + "inline.yaml");
  REQUIRE(s.files.size() == 4);
  CHECK(s.files[0].kind == File::Kind::HostPath);
  CHECK(s.files[0].source == (std::filesystem::path(kOk) / "hello.asm").lexically_normal().string());
  CHECK(s.files[1].kind == File::Kind::HostPath);
  CHECK(s.files[2].kind == File::Kind::Program);
  CHECK(s.files[2].source == "busy-box_2");
  CHECK(s.files[3].kind == File::Kind::Text);
  CHECK(s.files[3].source.empty());
  CHECK(s.init[0].run == "/usr/bin/busy-box_2");
  // An absolute host path works too; a missing one points at the value.
  const std::string abs = (std::filesystem::path(kOk) / "hello.asm").string();
  CHECK(irq::sim::parse_scenario(with_files("    /a: " + abs + "\n"), "x.yaml").files[0].source == abs);
  fails_at(with_files("    /bin/x: nope/x\n"), 5, 13, "no such file");
  fails_at(with_files("    /bin/x: x.elf\n"), 5, 13, "no such file");
  fails_at(with_files("    /bin/x: two words\n"), 5, 13, "neither a program name");
  fails_at(with_files("    /bin/x: [ a ]\n"), 5, 13, "expected a program name, a path or { text: ... }, got a list");
  fails_at(with_files("    /bin/x:\n"), 5, 5, "got nothing");
  fails_at(with_files("    /bin/x: { }\n"), 5, 13, "missing required key 'text'");
  fails_at(with_files("    /bin/x: { txt: a }\n"), 5, 15, "unknown key 'txt'");
  fails_at(with_files("    /bin/x: { fifo: true, text: a }\n"), 5, 15, "fifo files: not supported yet (IPC issue)");
  // Guest paths.
  fails_at(with_files("    /: x\n"), 5, 5, "'/' is the root folder");
  fails_at(with_files("    /bin/: x\n"), 5, 5, "must not end with '/'");
  fails_at(with_files("    /bin/./x: x\n"), 5, 5, "a '.' component");
  fails_at(with_files("    /bin/a: x\n    /bin: y\n"), 6, 5, "the folder of '/bin/a' (line 5) cannot also be a file");
  fails_at(kPit + "os:\n  files: [ /bin/a ]\n  init: [ { run: /bin/sh } ]\n", 4, 10, "os.files: expected a mapping");
  // init entries.
  fails_at(kPit + "os:\n  init: { run: /bin/sh }\n", 4, 9, "os.init: expected a list");
  fails_at(kPit + "os:\n  init: [ /bin/sh ]\n", 4, 11, "os.init entry: expected a mapping");
  fails_at(kPit + "os:\n  init: [ { uid: 1 } ]\n", 4, 11, "os.init entry: missing required key 'run'");
  fails_at(kPit + "os:\n  init: [ { run: bin/sh } ]\n", 4, 18, "must be an absolute guest path");
  fails_at(kPit + "os:\n  init: [ { run: /bin/sh, name: \"\" } ]\n", 4, 33, "name: must not be empty");
  fails_at(kPit + "os:\n  init: [ { run: /bin/sh, args: a } ]\n", 4, 33, "expected a list of strings");
  fails_at(kPit + "os:\n  init: [ { run: /bin/sh, args: [ [a] ] } ]\n", 4, 35, "expected a string, got a list");
  fails_at(kPit + "os:\n  init: [ { run: /bin/sh, uid: -1 } ]\n", 4, 32, "must not be negative");
  fails_at(kPit + "os:\n  init: [ { run: /bin/sh, pid: 1 } ]\n", 4, 27, "unknown key 'pid' in os.init entry");
  const ScenarioSpec t = irq::sim::parse_scenario(
      kPit + "os:\n  init: [ { run: /bin/sh, args: [], env: [ \"A=\", \"B==1\" ], uid: 65535, gid: 0 } ]\n", "x.yaml");
  CHECK(t.init[0].args.empty());
  CHECK(t.init[0].env == std::vector<std::string>{"A=", "B==1"});
  CHECK(t.init[0].uid == 65535);
}

TEST_CASE("os: check_guest_path and parse_signal_arg", "[scenario]") {
  using irq::sim::check_guest_path;
  using irq::sim::parse_signal_arg;
  std::string why;
  for (const char* ok : {"/bin/sh", "/a", "/a.b/..c/.d", "/dev/shm/x"}) {
    INFO(ok);
    CHECK(check_guest_path(ok, why));
  }
  for (const std::string& bad : {std::string(), std::string("bin/sh"), std::string("/"), std::string("/a/"),
                                std::string("//a"), std::string("/a//b"), std::string("/a/./b"),
                                std::string("/a/../b"), std::string("/.."), std::string("/a\0b", 4),
                                "/" + std::string(256, 'x'), std::string(4096, '/')}) {
    INFO(bad);
    CHECK(!check_guest_path(bad, why));
  }
  CHECK(check_guest_path("/" + std::string(255, 'x'), why));
  std::string long_ok;
  while (long_ok.size() + 11 < 4096) long_ok += "/0123456789";
  CHECK(long_ok.size() == 4092);
  CHECK(check_guest_path(long_ok, why));
  CHECK(!check_guest_path(long_ok + "/xyz", why));  // 4096 bytes: one too many

  CHECK(parse_signal_arg("SIGINT") == 2);
  CHECK(parse_signal_arg("INT") == 2);
  CHECK(parse_signal_arg("2") == 2);
  CHECK(parse_signal_arg("0x2") == 2);
  CHECK(parse_signal_arg("SIGKILL") == 9);
  CHECK(parse_signal_arg("SIGUSR1") == 10);
  CHECK(parse_signal_arg("SIGSEGV") == 11);
  CHECK(parse_signal_arg("64") == 64);
  CHECK(parse_signal_arg("0") == 0);
  CHECK(parse_signal_arg("65") == 0);
  CHECK(parse_signal_arg("") == 0);
  CHECK(parse_signal_arg("SIGFOO") == 0);
  CHECK(parse_signal_arg("2x") == 0);
  CHECK(parse_signal_arg("-2") == 0);
  // Real-time signals as bash's `kill -l` numbers them (os::lx::parse_signal): SIGRTMIN = 34.
  CHECK(parse_signal_arg("SIGRTMIN+3") == 37);
  CHECK(parse_signal_arg("RTMAX") == 64);
  CHECK(parse_signal_arg("sigint") == 2);
}

TEST_CASE("os: timeline signal, stop all-exited and exit expectations", "[scenario]") {
  using irq::sim::TimelineAction;
  const std::string os = kPit + "os:\n  files: { /bin/a: prog_a }\n  init: [ { run: /bin/a }, { run: /bin/sh } ]\n";
  auto one_signal = [&](const std::string& body) {
    const ScenarioSpec s = irq::sim::parse_scenario(os + "timeline:\n  - { at: 100, signal: " + body + " }\n", "x.yaml");
    REQUIRE(s.timeline.size() == 1);
    CHECK(s.timeline[0].kind == TimelineAction::Kind::Signal);
    CHECK(s.timeline[0].at == 100);
    return s.timeline[0];
  };
  CHECK(one_signal("{ to: /bin/a, sig: SIGINT }").target == "/bin/a");
  CHECK(one_signal("{ to: /bin/sh, sig: 9 }").signo == 9);
  CHECK(one_signal("{ pid: 32767, sig: TERM }").pid == 32767);
  CHECK(one_signal("{ pid: 3, sig: TERM }").target.empty());
  CHECK(one_signal("{ to: { pid: 7 }, sig: SIGRTMIN+3 }").signo == irq::sim::parse_signal_arg("SIGRTMIN+3"));
  const std::string tl = os + "timeline:\n  - { at: 100, signal: ";  // the value starts at column 24
  fails_at(tl + "{ sig: 2 } }\n", 7, 24, "signal: missing the target");
  fails_at(tl + "{ to: /bin/a } }\n", 7, 24, "signal: missing required key 'sig'");
  fails_at(tl + "{ pid: 0, sig: 2 } }\n", 7, 31, "signal pid: out of range: 0 (must be 1..32767)");
  fails_at(tl + "{ to: { pid: 40000 }, sig: 2 } }\n", 7, 37, "out of range: 40000");
  fails_at(tl + "{ to: { uid: 1 }, sig: 2 } }\n", 7, 32, "unknown key 'uid' in signal.to");
  fails_at(tl + "{ to: /bin/a, sig: 0 } }\n", 7, 43, "unknown signal '0'");
  fails_at(tl + "{ to: /bin/a, sig: 65 } }\n", 7, 43, "unknown signal '65'");
  fails_at(tl + "SIGINT }\n", 7, 24, "signal: expected a mapping");
  fails_at(tl + "{ to: /bin/a, sig: 2, when: now } }\n", 7, 46, "unknown key 'when' in signal");

  // stop: all-exited with os:.
  CHECK(irq::sim::parse_scenario(os + "stop: { when: all-exited }\n", "x.yaml").stop_when_all_exited);
  CHECK(irq::sim::parse_scenario(os + "stop: { when: halted }\n", "x.yaml").stop_when_halted);

  // exit: status, signal with and without core.
  const ScenarioSpec e = irq::sim::parse_scenario(
      os + "expect:\n  - exit: { program: /bin/a, status: 255 }\n  - exit: { program: /bin/sh, signal: SEGV, core: true }\n"
           "  - exit: { program: /bin/sh, signal: 9 }\n",
      "x.yaml");
  REQUIRE(e.expect.size() == 3);
  CHECK(e.expect[0].kind == irq::sim::Expectation::Kind::Exit);
  CHECK(e.expect[0].status == 255u);
  CHECK(e.expect[1].signal == 11);
  CHECK(e.expect[1].core == true);
  CHECK(e.expect[2].signal == 9);
  CHECK(!e.expect[2].core);
  CHECK(!e.needs_trace());
  const std::string ex = os + "expect:\n  - exit: ";  // the value starts at column 11
  fails_at(ex + "{ program: /bin/a }\n", 7, 11, "exit: missing status: N or signal: NAME");
  fails_at(ex + "{ status: 0 }\n", 7, 11, "exit: missing required key 'program'");
  fails_at(ex + "{ program: /bin/a, status: 256 }\n", 7, 38, "exit status: out of range: 256");
  fails_at(ex + "{ program: /bin/a, signal: SIGWHAT }\n", 7, 38, "exit signal: unknown signal 'SIGWHAT'");
  fails_at(ex + "{ program: /bin/a, signal: 2, core: maybe }\n", 7, 47, "exit core: expected true or false");
  fails_at(ex + "{ program: /bin/a, status: 0, signal: 2 }\n", 7, 41, "status or signal, not both");
  fails_at(ex + "{ program: /bin/a, status: 0, core: true }\n", 7, 41, "core applies to signal: only");
  fails_at(ex + "{ program: /bin/a, core: true }\n", 7, 11, "exit: missing status: N or signal: NAME");
  fails_at(ex + "/bin/a\n", 7, 11, "exit: expected a mapping");
}

TEST_CASE("event patterns and count filters of the mini OS events", "[scenario]") {
  using irq::sim::EventField;
  using irq::sim::Ev;
  using irq::sim::TraceEvent;
  const std::string head = "boot: { image: hello.asm }\nexpect:\n  - order: [ ";
  auto pat = [&](const std::string& p) {
    const ScenarioSpec s = irq::sim::parse_scenario(head + p + " ]\n", kOk + "inline.yaml");
    REQUIRE(s.expect.size() == 1);
    REQUIRE(s.expect[0].patterns.size() == 1);
    return s.expect[0].patterns[0];
  };
  const std::vector<std::string> notes = {"n0", "before"};
  auto ev = [](Ev k, uint8_t a, uint32_t b, uint32_t c) { return TraceEvent{0, k, a, b, c}; };
  struct Case {
    const char* pattern;
    TraceEvent hit, miss;
  };
  const Case cases[] = {
      // The bare-metal events, as before.
      {"irq-raised:1", ev(Ev::IrqRaised, 1, 0, 0), ev(Ev::IrqRaised, 2, 1, 1)},
      {"spurious:7", ev(Ev::Spurious, 7, 0, 0), ev(Ev::Spurious, 15, 7, 7)},
      {"eoi:1", ev(Ev::Eoi, 1, 0x20, 0), ev(Ev::Eoi, 0, 1, 1)},
      {"inta:0x21", ev(Ev::Inta, 0, 0x21, 0), ev(Ev::Inta, 0x21, 0x20, 0x21)},
      {"exception:14", ev(Ev::Exception, 0, 14, 2), ev(Ev::Exception, 14, 13, 14)},
      {"console:65", ev(Ev::Console, 0, 65, 0), ev(Ev::Console, 65, 66, 65)},
      {"device:2", ev(Ev::Device, 2, 0, 0), ev(Ev::Device, 1, 2, 2)},
      {"note:before", ev(Ev::Note, 0, 1, 0), ev(Ev::Note, 1, 0, 1)},
      {"iret", ev(Ev::Iret, 0, 8, 0x1234), ev(Ev::Nmi, 0, 0, 0)},
      // The mini OS: signal in a, pid in b (context-switch: the pid switched to, in c), the
      // system call number in c, the tty byte in a, the panic vector in b.
      {"signal-generated:SIGINT", ev(Ev::SignalGenerated, 2, 5, 0), ev(Ev::SignalGenerated, 3, 2, 2)},
      {"signal-blocked:INT", ev(Ev::SignalBlocked, 2, 5, 0), ev(Ev::SignalBlocked, 10, 2, 2)},
      {"signal-delivered:2", ev(Ev::SignalDelivered, 2, 5, 0x8048000), ev(Ev::SignalDelivered, 1, 2, 2)},
      {"signal-handler:SIGUSR1", ev(Ev::SignalHandler, 10, 5, 0), ev(Ev::SignalHandler, 12, 10, 10)},
      {"signal-return:10", ev(Ev::SignalReturn, 10, 5, 0), ev(Ev::SignalReturn, 11, 10, 10)},
      {"signal-ignored:SIGCHLD", ev(Ev::SignalIgnored, 17, 5, 0), ev(Ev::SignalIgnored, 18, 17, 17)},
      {"signal-default:SIGSEGV", ev(Ev::SignalDefault, 11, 5, 1), ev(Ev::SignalDefault, 6, 11, 11)},
      {"syscall-enter:4", ev(Ev::SyscallEnter, 0, 1, 4), ev(Ev::SyscallEnter, 4, 4, 3)},
      {"unknown-syscall:999", ev(Ev::UnknownSyscall, 0, 1, 999), ev(Ev::UnknownSyscall, 0, 999, 998)},
      {"syscall-exit:3", ev(Ev::SyscallExit, 0, 3, 0), ev(Ev::SyscallExit, 3, 1, 3)},
      {"process-created:1", ev(Ev::ProcessCreated, 0, 1, 0), ev(Ev::ProcessCreated, 1, 2, 1)},
      {"process-exited:2", ev(Ev::ProcessExited, 0, 2, 0), ev(Ev::ProcessExited, 2, 3, 2)},
      {"oom-kill:7", ev(Ev::OomKill, 0, 7, 0), ev(Ev::OomKill, 7, 8, 7)},
      {"context-switch:5", ev(Ev::ContextSwitch, 0, 1, 5), ev(Ev::ContextSwitch, 5, 5, 1)},
      {"context-switch:0", ev(Ev::ContextSwitch, 0, 1, 0), ev(Ev::ContextSwitch, 0, 0, 1)},
      {"tty-input:3", ev(Ev::TtyInput, 3, 0, 0), ev(Ev::TtyInput, 4, 3, 3)},
      {"kernel-panic:14", ev(Ev::KernelPanic, 0, 14, 0xC0001000), ev(Ev::KernelPanic, 14, 13, 14)},
      {"syscall-enter", ev(Ev::SyscallEnter, 0, 1, 4), ev(Ev::SyscallExit, 0, 1, 4)},
  };
  for (const Case& c : cases) {
    INFO(c.pattern);
    const irq::sim::EventPattern p = pat(c.pattern);
    CHECK(p.matches(c.hit, notes));
    CHECK(!p.matches(c.miss, notes));
    if (p.has_arg && event_field(p.kind) != EventField::Text) CHECK(irq::sim::event_field_value(c.hit) == p.arg);
  }
  CHECK(std::string(irq::sim::event_field_name(event_field(Ev::SignalDefault))) == "signal");
  CHECK(std::string(irq::sim::event_field_name(event_field(Ev::ContextSwitch))) == "pid");
  CHECK(std::string(irq::sim::event_field_name(event_field(Ev::UnknownSyscall))) == "nr");
  CHECK(event_field(Ev::TtyInput) == EventField::Byte);
  CHECK(event_field(Ev::KernelPanic) == EventField::Vector);
  CHECK(event_field(Ev::IntrAsserted) == EventField::None);

  // Ranges.
  fails_at(head + "signal-delivered:0 ]\n", 3, 14, "bad signal '0'");
  fails_at(head + "signal-delivered:65 ]\n", 3, 14, "bad signal '65'");
  fails_at(head + "syscall-enter:0x100000000 ]\n", 3, 14, "bad nr '0x100000000' in 'syscall-enter:0x100000000' (0..4294967295)");
  fails_at(head + "tty-input:256 ]\n", 3, 14, "bad byte '256'");
  fails_at(head + "kernel-panic:256 ]\n", 3, 14, "bad vector '256'");
  fails_at(head + "\"context-switch:\" ]\n", 3, 14, "missing the pid after 'context-switch:'");
  CHECK(pat("syscall-enter:0xFFFFFFFF").arg == 0xFFFFFFFFu);
  CHECK(pat("process-exited:32767").arg == 32767u);
  CHECK(pat("signal-default:64").arg == 64u);

  // count filters use the field's name.
  const std::string ch = "boot: { image: hello.asm }\nexpect:\n  - count: { event: ";
  auto count = [&](const std::string& body) {
    const ScenarioSpec s = irq::sim::parse_scenario(ch + body + " }\n", kOk + "inline.yaml");
    REQUIRE(s.expect.size() == 1);
    return s.expect[0];
  };
  CHECK(count("signal-delivered, signal: SIGINT, equals: 1").filter == 2u);
  CHECK(count("signal-delivered, signal: 2, equals: 1").filter_field == EventField::Signal);
  CHECK(count("signal-generated, signal: SIGRTMIN+3, equals: 1").filter == uint32_t(irq::sim::parse_signal_arg("SIGRTMIN+3")));
  CHECK(count("syscall-enter, nr: 4, min: 1").filter == 4u);
  CHECK(count("unknown-syscall, nr: 0xFFFFFFFF, max: 0").filter == 0xFFFFFFFFu);
  CHECK(count("syscall-exit, pid: 1, min: 1").filter_field == EventField::Pid);
  CHECK(count("context-switch, pid: 0, min: 1").filter == 0u);
  CHECK(count("process-exited, pid: 32767, equals: 0").filter == 32767u);
  CHECK(count("tty-input, byte: 3, equals: 1").filter_field == EventField::Byte);
  CHECK(count("kernel-panic, vector: 14, equals: 0").filter_field == EventField::Vector);
  CHECK(count("spurious, line: 7, equals: 1").filter == 7u);  // as before
  fails_at(ch + "signal-delivered, signal: SIGBOGUS, equals: 1 }\n", 3, 47, "count signal: unknown signal 'SIGBOGUS'");
  fails_at(ch + "process-exited, pid: 32768, equals: 1 }\n", 3, 42, "count pid: out of range: 32768 (must be 0..32767)");
  fails_at(ch + "tty-input, nr: 1, equals: 1 }\n", 3, 32, "has no nr (filter by byte)");
  fails_at(ch + "signal-delivered, pid: 1, equals: 1 }\n", 3, 39, "has no pid (filter by signal)");
  fails_at(ch + "halt, signal: 2, equals: 1 }\n", 3, 27, "has no signal (it has no filter)");
}
