// tests/test_shipped_scenarios.cpp — every scenario shipped in scenarios/ (DESIGN.md §1: "each one
// also runs in the test suite"): loaded and run through the runner API (sim/runner.h) twice with
// tracing on. Checks: every expectation passes, the two runs give the same trace hash
// (determinism, DESIGN.md §2), and the hash equals the golden one in tests/scenario_hashes.txt
// (lines "file.yaml 0123456789abcdef", sorted). With IRQ_UPDATE_HASHES=1 in the environment the
// test rewrites that file instead of comparing (after a deliberate change to a lesson or to the
// simulator's timing; review the diff).
#include <catch2/catch.hpp>

#include <algorithm>
#include <cinttypes>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "sim/runner.h"
#include "sim/scenario.h"

namespace {

namespace fs = std::filesystem;
using irq::sim::ExpectationResult;
using irq::sim::RunOptions;
using irq::sim::ScenarioError;
using irq::sim::ScenarioRun;
using irq::sim::ScenarioSpec;

const fs::path kScenarioDir = fs::path(IRQ_SOURCE_DIR) / "scenarios";
const fs::path kHashFile = fs::path(IRQ_SOURCE_DIR) / "tests" / "scenario_hashes.txt";

std::vector<fs::path> shipped_scenarios() {
  std::vector<fs::path> out;
  for (const auto& e : fs::directory_iterator(kScenarioDir))
    if (e.is_regular_file() && e.path().extension() == ".yaml") out.push_back(e.path());
  std::sort(out.begin(), out.end());  // directory order is not deterministic
  return out;
}

std::map<std::string, std::string> read_hashes() {
  std::map<std::string, std::string> h;
  std::ifstream in(kHashFile);
  std::string line;
  while (std::getline(in, line)) {
    std::istringstream ls(line);
    std::string name, hash;
    if (line.empty() || line[0] == '#' || !(ls >> name >> hash)) continue;
    h[name] = hash;
  }
  return h;
}

std::string hex64(uint64_t v) {
  char buf[24];
  std::snprintf(buf, sizeof buf, "%016" PRIx64, v);
  return buf;
}

struct Outcome {
  bool built = false;
  std::string error;
  std::vector<ExpectationResult> results;
  uint64_t hash = 0;
  std::string console;
};

Outcome run_once(const ScenarioSpec& spec) {
  Outcome o;
  RunOptions opt;
  opt.trace = true;
  opt.tmp_dir = IRQ_TMP_DIR;
  try {
    ScenarioRun run(spec, opt);
    o.built = true;
    run.run();
    o.results = run.evaluate();
    o.hash = run.machine().trace().hash();
    o.console = run.machine().console();
  } catch (const ScenarioError& e) {
    o.error = e.what();
  }
  return o;
}

}  // namespace

TEST_CASE("shipped scenarios pass, are deterministic and match their golden trace hashes",
          "[scenarios]") {
  const std::vector<fs::path> files = shipped_scenarios();
  REQUIRE_FALSE(files.empty());
  const char* update_env = std::getenv("IRQ_UPDATE_HASHES");
  const bool update = update_env && std::string(update_env) == "1";
  const std::map<std::string, std::string> golden = read_hashes();
  std::map<std::string, std::string> fresh;

  for (const fs::path& file : files) {
    const std::string name = file.filename().string();
    INFO("scenario " << name);
    ScenarioSpec spec;
    try {
      spec = irq::sim::load_scenario(file.string());
    } catch (const ScenarioError& e) {
      FAIL_CHECK("invalid scenario: " << e.what());
      continue;
    }
    const Outcome a = run_once(spec);
    const Outcome b = run_once(spec);
    CHECK(a.error == "");
    REQUIRE(a.built);
    REQUIRE(b.built);
    CHECK_FALSE(a.results.empty());
    for (const ExpectationResult& r : a.results) {
      INFO(r.line);
      CHECK(r.passed);
    }
    CHECK(a.hash == b.hash);
    CHECK(a.console == b.console);
    fresh[name] = hex64(a.hash);
    if (!update) {
      const auto it = golden.find(name);
      INFO("golden hash missing: run with IRQ_UPDATE_HASHES=1 to record it");
      REQUIRE(it != golden.end());
      CHECK(it->second == hex64(a.hash));
    }
  }

  if (update) {
    std::ofstream out(kHashFile, std::ios::trunc);
    REQUIRE(out.good());
    out << "# Golden trace hashes of scenarios/*.yaml (tests/test_shipped_scenarios.cpp):\n"
        << "# FNV-1a over every traced event (sim/trace.h Trace::hash). Regenerate with\n"
        << "# IRQ_UPDATE_HASHES=1 irq_tests \"[scenarios]\" after a deliberate timing change.\n";
    for (const auto& [name, hash] : fresh) out << name << ' ' << hash << '\n';
    REQUIRE(out.good());
  } else {
    // No stale entries: every recorded name is still shipped.
    for (const auto& [name, hash] : golden) {
      INFO("tests/scenario_hashes.txt names " << name << ", which is not in scenarios/");
      CHECK(fresh.count(name) == 1);
    }
  }
}
