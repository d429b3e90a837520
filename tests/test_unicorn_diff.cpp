// tests/test_unicorn_diff.cpp — differential test of our CPU against Unicorn 2.0.1, one instruction at
// a time (DESIGN.md: Unicorn is the oracle for instruction semantics; oracles.md: how far to trust it).
//
// For every form of tests/diff_forms.h and every variant (real mode / 32-bit protected mode, operand
// size, register / memory operand, address size) it generates seeded random register, flag and
// memory states, runs ONE instruction in both CPUs and compares the 8 general registers, EIP, the
// EFLAGS bits the manual defines for the instruction, and every byte of the mapped memory window.
// Unicorn runs in a child process per form (it aborts the process on some inputs): a crash fails
// that form, names the case, and the child is restarted after it (at most 3 times per form).
//
// Environment:
//   IRQ_DIFF_CASES=n     cases per variant (default 200)
//   IRQ_DIFF_VERBOSE=1   per-variant counts, unimplemented and excluded forms, timing
//   IRQ_DIFF_FILTER=s    only forms whose name contains s
#include <catch2/catch.hpp>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "unicorn_harness.h"

namespace irq::difftest {
namespace {

uint32_t env_cases() {
  const char* s = std::getenv("IRQ_DIFF_CASES");
  const long n = s ? std::strtol(s, nullptr, 10) : 0;
  return n > 0 ? uint32_t(n) : 200u;
}
bool env_verbose() {
  const char* s = std::getenv("IRQ_DIFF_VERBOSE");
  return s && *s && *s != '0';
}
const char* env_filter() {
  const char* s = std::getenv("IRQ_DIFF_FILTER");
  return s && *s ? s : nullptr;
}

struct VariantStats {
  uint32_t cases = 0, agree = 0, faults = 0, skipped = 0, mismatches = 0, died = 0, not_run = 0;
};

struct FormOutcome {
  uint32_t mismatches = 0;  // including Unicorn deaths
  uint32_t cases = 0;
  std::string report;       // the first 5 mismatches
};

std::string describe_death(int status) {
  char t[96];
  if (WIFSIGNALED(status))
    std::snprintf(t, sizeof t, "Unicorn child died with signal %d (%s)", WTERMSIG(status),
                  WTERMSIG(status) == SIGABRT ? "SIGABRT: tcg fatal error?" : "crash");
  else if (WIFEXITED(status))
    std::snprintf(t, sizeof t, "Unicorn child exited early with status %d", WEXITSTATUS(status));
  else
    std::snprintf(t, sizeof t, "Unicorn child stopped (status %d)", status);
  return t;
}

// Runs every variant of one form: ours in this process, Unicorn in a forked child.
FormOutcome run_form(const Form& f, const ModeDesc& md, const std::vector<Variant>& vars, OurCpu& ours,
                     Window& w, uint32_t ncases, bool verbose) {
  FormOutcome out;
  std::vector<VariantStats> stats(vars.size());
  int fd = -1;
  pid_t pid = -1;
  int respawns = 0;
  auto spawn = [&](size_t vi, uint32_t ci) {
    int p[2];
    if (pipe(p) != 0) return false;
    std::fflush(stdout);
    std::fflush(stderr);
    pid = fork();
    if (pid < 0) {
      close(p[0]);
      close(p[1]);
      return false;
    }
    if (pid == 0) {
      close(p[0]);
      unicorn_child(f, md, vars, ncases, vi, ci, p[1]);
    }
    close(p[1]);
    fd = p[0];
    return true;
  };
  auto reap = [&]() {
    int status = 0;
    if (fd >= 0) close(fd);
    fd = -1;
    if (pid > 0) waitpid(pid, &status, 0);
    pid = -1;
    return status;
  };
  unsigned shown = 0;
  auto note = [&](const std::string& s) {
    if (shown++ < 5) out.report += s;
  };

  if (!spawn(0, 0)) {
    out.mismatches = 1;
    out.report = "could not fork the Unicorn child\n";
    return out;
  }
  bool stop = false;
  for (size_t vi = 0; vi < vars.size() && !stop; ++vi) {
    for (uint32_t ci = 0; ci < ncases; ++ci) {
      VariantStats& vs = stats[vi];
      if (fd < 0) {  // gave up on Unicorn for this form
        ++vs.not_run;
        continue;
      }
      const Case c = gen_case(vars[vi], md, ci);
      Result o, u;
      ours.run(c, w, o);
      ++vs.cases;
      ++out.cases;
      if (!recv_result(fd, u)) {
        const std::string death = describe_death(reap());
        ++vs.died;
        ++out.mismatches;
        note("MISMATCH " + describe_case(vars[vi], md, ci, c) + "  " + death + " on this case\n");
        if (respawns < 3) {
          ++respawns;
          if (!spawn(vi, ci + 1)) stop = true;
        }
        continue;
      }
      if (u.status == Result::Skip) {
        ++vs.skipped;
        continue;
      }
      const std::string why = compare(c, md, o, u);
      if (why.empty()) {
        ++vs.agree;
        if (o.status == Result::Fault) ++vs.faults;
        continue;
      }
      ++vs.mismatches;
      ++out.mismatches;
      note("MISMATCH " + describe_case(vars[vi], md, ci, c) + why);
    }
  }
  reap();
  if (verbose) {
    for (size_t vi = 0; vi < vars.size(); ++vi) {
      const VariantStats& s = stats[vi];
      std::printf("  %-28s [%-18s] cases %4u agree %4u (both fault %3u) skipped %3u mismatch %3u%s\n",
                  f.name, vars[vi].name.c_str(), s.cases, s.agree, s.faults, s.skipped, s.mismatches,
                  s.died ? " UNICORN DIED" : s.not_run ? " (not run)" : "");
    }
  }
  uint32_t not_run = 0;
  for (const auto& s : stats) not_run += s.not_run;
  if (not_run) {
    out.report += "  " + std::to_string(not_run) + " cases not run: Unicorn died 4 times in this form\n";
    out.mismatches += not_run;
  }
  return out;
}

void run_mode(bool real) {
  const ModeDesc md = mode_desc(real);
  const uint32_t ncases = env_cases();
  const bool verbose = env_verbose();
  const char* filter = env_filter();
  const auto t0 = std::chrono::steady_clock::now();
  OurCpu ours(md);
  Window w;
  unsigned forms = 0, variants = 0, failing = 0, unimplemented = 0, excluded_variants = 0;
  uint64_t cases = 0;
  if (verbose) std::printf("Unicorn differential test, %s mode, %u cases per variant\n", real ? "real" : "protected", ncases);
  for (const Form& f : kForms) {
    if (filter && !std::strstr(f.name, filter)) continue;
    const std::vector<Variant> all = variants_of(f, real);
    if (all.empty()) continue;
    if (!implemented(f)) {
      ++unimplemented;
      if (verbose) std::printf("  %-28s not registered in our opcode table: skipped\n", f.name);
      continue;
    }
    std::vector<Variant> vars;
    for (const Variant& v : all) {
      const char* reason = nullptr;
      if (excluded(f, v.name, &reason)) {
        ++excluded_variants;
        if (verbose) std::printf("  %-28s [%s] excluded: %s\n", f.name, v.name.c_str(), reason);
        continue;
      }
      vars.push_back(v);
    }
    if (vars.empty()) continue;
    ++forms;
    variants += unsigned(vars.size());
    w.reset(md, base_image(f, md));
    ours.load_window(w.base);
    const FormOutcome r = run_form(f, md, vars, ours, w, ncases, verbose);
    cases += r.cases;
    if (r.mismatches) ++failing;
    INFO(std::string(real ? "real mode: " : "protected mode: ") + f.name + ": " +
         std::to_string(r.mismatches) + " mismatches in " + std::to_string(r.cases) +
         " cases (first 5 below)\n" + r.report);
    CHECK(r.mismatches == 0);
  }
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  if (verbose)
    std::printf("%s mode: %u forms, %u variants, %llu cases, %u forms with mismatches, %u forms not "
                "registered, %u variants excluded, %.1f s\n",
                real ? "real" : "protected", forms, variants, static_cast<unsigned long long>(cases),
                failing, unimplemented, excluded_variants, secs);
}

}  // namespace

TEST_CASE("Unicorn differential: real mode, one instruction per case", "[unicorn]") { run_mode(true); }

TEST_CASE("Unicorn differential: 32-bit protected mode, one instruction per case", "[unicorn]") {
  run_mode(false);
}

}  // namespace irq::difftest
