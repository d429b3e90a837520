// tests/test_unicorn_diff.cpp — differential test of our CPU against Unicorn 2.0.1, one instruction at
// a time (DESIGN.md: Unicorn is the oracle for instruction semantics; oracles.md: how far to trust it).
//
// For every form of tests/diff_forms.h and every variant (real mode / 32-bit protected mode, operand
// size, register / memory operand, address size) it generates seeded random register, flag and
// memory states, runs ONE instruction in both CPUs and compares the 8 general registers, EIP, the
// EFLAGS bits the manual defines for the instruction, and every byte of the mapped memory window.
// Unicorn runs in a forked child process (it aborts the process on some inputs; one child serves a
// whole mode, form by form, to keep the run short): a crash fails that form, names the case, and a
// new child continues after it (at most 3 restarts per form).
//
// Environment:
//   IRQ_DIFF_CASES=n     cases per variant (default 200)
//   IRQ_DIFF_VERBOSE=1   per-variant counts, unimplemented and excluded forms, timing
//   IRQ_DIFF_FILTER=s    only forms whose name contains s
//   IRQ_DIFF_NO_EXCLUDE=1  also run the variants diff_forms.h excludes (re-check Unicorn's errors)
//   IRQ_DIFF_SHOW=n      print the first n cases of every variant with both results (harness debugging)
#include <catch2/catch.hpp>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iterator>
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
uint32_t env_show() {
  const char* s = std::getenv("IRQ_DIFF_SHOW");
  return s ? uint32_t(std::strtoul(s, nullptr, 10)) : 0u;
}
std::string result_str(const Result& r, const ModeDesc& md) {
  char t[256];
  std::snprintf(t, sizeof t,
                "status %d vector %d EAX=%08X ECX=%08X EDX=%08X EBX=%08X ESP=%08X EBP=%08X ESI=%08X "
                "EDI=%08X EIP=%08X EFLAGS=%s mem:",
                r.status, r.vector, r.gpr[0], r.gpr[1], r.gpr[2], r.gpr[3], r.gpr[4], r.gpr[5],
                r.gpr[6], r.gpr[7], r.eip, flags_str(r.eflags).c_str());
  std::string s = t;
  for (size_t k = 0; k < r.diff.size() && k < 16; ++k) {
    std::snprintf(t, sizeof t, " [%05X]=%02X", md.win_lo + (r.diff[k] >> 8), r.diff[k] & 0xFF);
    s += t;
  }
  return s;
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

// Runs every variant of one form: ours in this process, Unicorn in the server child.
FormOutcome run_form(int form_index, const ModeDesc& md, const std::vector<Variant>& vars,
                     OurCpu& ours, Window& w, UnicornServer& uc, uint32_t ncases, bool verbose) {
  const Form& f = kForms[form_index];
  FormOutcome out;
  std::vector<VariantStats> stats(vars.size());
  int restarts = 0;
  bool have_uc = uc.request(form_index, 0, 0, ncases);
  unsigned shown = 0;
  auto note = [&](const std::string& s) {
    if (shown++ < 5) out.report += s;
  };
  if (!have_uc) note("could not start the Unicorn child process\n");
  for (size_t vi = 0; vi < vars.size(); ++vi) {
    for (uint32_t ci = 0; ci < ncases; ++ci) {
      VariantStats& vs = stats[vi];
      if (!have_uc) {  // gave up on Unicorn for this form
        ++vs.not_run;
        continue;
      }
      const Case c = gen_case(vars[vi], md, ci);
      Result o, u;
      ours.run(c, w, o);
      ++vs.cases;
      ++out.cases;
      if (!uc.recv(u)) {
        const std::string death = describe_death(uc.reap());
        ++vs.died;
        ++out.mismatches;
        note("MISMATCH " + describe_case(vars[vi], md, ci, c) + "  " + death + " on this case\n");
        // Restart after the case that killed it (at most 3 times per form).
        have_uc = restarts++ < 3 && uc.request(form_index, uint32_t(vi), ci + 1, ncases);
        continue;
      }
      if (u.status == Result::Skip) {
        ++vs.skipped;
        continue;
      }
      if (ci < env_show())
        std::printf("SHOW %s    ours    %s\n    unicorn %s\n", describe_case(vars[vi], md, ci, c).c_str(),
                    result_str(o, md).c_str(), result_str(u, md).c_str());
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

// Opcodes registered in our table that no form covers (system, I/O, far transfers, INT, HLT,
// segment loads, x87...): listed with IRQ_DIFF_VERBOSE=1.
void list_uncovered() {
  const cpu::OpTable& t = cpu::op_table();
  std::vector<uint8_t> op_cov(512, 0), grp_cov(512 * 8, 0);
  for (const Form& f : kForms) {
    const unsigned span = (f.attr & kLow3) ? 8 : (f.attr & kLow4) ? 16 : 1;
    for (unsigned k = 0; k < span; ++k) {
      unsigned op = f.op + k;
      if (op == 0x82) op = 0x80;
      if (op == 0x83) op = 0x81;
      if (is_group_op(op) && f.reg >= 0) grp_cov[op * 8 + unsigned(f.reg)] = 1;
      else op_cov[op] = 1;
    }
  }
  std::string s;
  char b[24];
  for (unsigned op = 0; op < 512; ++op) {
    if (is_group_op(op)) {
      for (unsigned r = 0; r < 8; ++r)
        if (t.group[op][r].set && !grp_cov[op * 8 + r]) {
          std::snprintf(b, sizeof b, op >= 0x100 ? " 0F%02X/%u" : " %02X/%u", op & 0xFF, r);
          s += b;
        }
    } else if (t.op[op].set && !op_cov[op]) {
      std::snprintf(b, sizeof b, op >= 0x100 ? " 0F%02X" : " %02X", op & 0xFF);
      s += b;
    }
  }
  std::printf("registered in our opcode table but not in diff_forms.h:%s\n", s.c_str());
}

void run_mode(bool real) {
  const ModeDesc md = mode_desc(real);
  const uint32_t ncases = env_cases();
  const bool verbose = env_verbose();
  const char* filter = env_filter();
  const auto t0 = std::chrono::steady_clock::now();
  OurCpu ours(md);
  UnicornServer uc(md);
  Window w;
  unsigned forms = 0, variants = 0, failing = 0, unimplemented = 0, excluded_variants = 0;
  uint64_t cases = 0;
  if (verbose) {
    std::printf("Unicorn differential test, %s mode, %u cases per variant\n", real ? "real" : "protected", ncases);
    if (real) list_uncovered();
  }
  for (int fi = 0; fi < int(std::size(kForms)); ++fi) {
    const Form& f = kForms[fi];
    if (filter && !std::strstr(f.name, filter)) continue;
    const std::vector<Variant> all = variants_of(f, real);
    if (all.empty()) continue;
    if (!implemented(f)) {
      ++unimplemented;
      if (verbose) std::printf("  %-28s not registered in our opcode table: skipped\n", f.name);
      continue;
    }
    for (const Variant& v : all) {
      const char* reason = nullptr;
      if (excluded(f, v.name, &reason)) {
        ++excluded_variants;
        if (verbose) std::printf("  %-28s [%s] excluded: %s\n", f.name, v.name.c_str(), reason);
      }
    }
    const std::vector<Variant> vars = active_variants(f, real);  // the same list the child uses
    if (vars.empty()) continue;
    ++forms;
    variants += unsigned(vars.size());
    w.reset(md, base_image(f, md));
    ours.load_window(w.base);
    const FormOutcome r = run_form(fi, md, vars, ours, w, uc, ncases, verbose);
    cases += r.cases;
    if (r.mismatches) ++failing;
    INFO(std::string(real ? "real mode: " : "protected mode: ") + f.name + ": " +
         std::to_string(r.mismatches) + " mismatches (Unicorn deaths and cases not run included) in " +
         std::to_string(r.cases) + " cases run (first 5 below)\n" + r.report);
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
