// tests/test_scenario.cpp — the scenario loader (sim/scenario.h), the runner (sim/runner.h) and the
// `irqlab run` / `irqlab check` exit codes (DESIGN.md §5, §6).
//
// Bad scenarios: tests/scenarios_bad/*.yaml, each with the file:line:column its error must point at
// (the table below; every file in the folder must be in the table). Good scenarios:
// tests/scenarios_ok/ (hello.yaml passes, hello_fail.yaml has one false expectation,
// irq_timeline.yaml exercises count/order/latency over a timeline IRQ through the 8259A pair,
// devices.yaml builds every device type and drives each from the timeline).
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
    {"os_not_supported.yaml",         2,  1, "os: not supported yet (mini OS issue)"},
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
    {"timeline_signal.yaml",          3, 17, "signal: not supported yet"},
    {"timeline_untypable.yaml",       5, 26, "keyboard: cannot type"},
    {"stop_all_exited.yaml",          2, 15, "all-exited: not supported yet"},
    {"huge_number.yaml",              4, 15, "number out of range"},
    {"negative_number.yaml",          1,  7, "must not be negative"},
    {"bad_event_order.yaml",          3, 39, "unknown event 'signal-delivered'"},
    {"bad_event_count.yaml",          3, 21, "unknown event 'irq-rased'"},
    {"count_wrong_filter.yaml",       3, 27, "has no line (filter by vector)"},
    {"latency_missing_bound.yaml",    3, 14, "missing max_cycles"},
    {"latency_bad_arg.yaml",          4, 13, "bad line '16'"},
    {"register_unknown.yaml",         3, 23, "unknown register 'rax'"},
    {"register_too_wide.yaml",        3, 35, "out of range: 0x100"},
    {"memory_past_end.yaml",          4, 24, "past the end of memory"},
    {"expect_exit.yaml",              3,  5, "exit: not supported yet"},
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
                        "os_not_supported.yaml", "huge_number.yaml", "stray_comma.yaml"}) {
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

TEST_CASE("the DESIGN.md example scenario parses up to its os: section", "[scenario]") {
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
  // With os: the whole file is rejected at the os key.
  try {
    (void)irq::sim::parse_scenario(text + "os:\n  quantum: 10ms\n", "x.yaml");
    FAIL("os: accepted");
  } catch (const ScenarioError& e) {
    CHECK(e.pos().line == 20);
    CHECK(e.pos().column == 1);
  }
}

TEST_CASE("no input crashes the loader - truncations and byte mutations", "[scenario]") {
  const std::string good = read_text(kOk + "irq_timeline.yaml");
  REQUIRE(!good.empty());
  auto attempt = [](const std::string& text) {
    try {
      (void)irq::sim::parse_scenario(text, kOk + "fuzz.yaml");
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
}
