// tests/sst_runner.cpp — runs the SingleStepTests 80286 real-mode vectors (JSON Lines, gzip) on
// irq::cpu::Cpu and compares registers and memory with the real chip's.
//
// Usage:  sst_runner [--verbose] [--show N] [--form F] [--max-fail N] PATH...
//   PATH       a folder (every *.jsonl.gz in it, sorted by name) or one .jsonl.gz file; the
//              folder's metadata.json gives the undefined-flag masks.
//   --verbose  print every failing test: name, idx, hash and the differences;
//   --show N   like --verbose, but at most N failing tests per form;
//   --form F   run only form F (e.g. 80.3; may be repeated);
//   --max-fail N  stop after N failing tests.
// Output: one line per form, "FORM  passed/total  [skipped N: reason]", then
// "N passed, M failed, K skipped". Exit status 0 iff no test failed.
//
// How a test runs (the data set's FORMAT.md, "Running a test"): reset the CPU, load the 14
// registers in real mode (segment base = selector * 16, FLAGS & 0FFFh), store initial.ram into a
// 16 MiB RAM filled with HLT bytes, step until HLT executes, then compare each register with
// final.regs (or its initial value) and each final.ram byte. FLAGS are compared under the form's
// metadata "flags-mask" and 0FFFh; the FLAGS word an exception pushed is masked the same way.
// Where the 80386 legitimately differs from the 80286, tests/sst_skips.h says why.
//
// Inaccuracies: cycle counts are not compared (the 386 has its own timings, PRM chapter 17);
// bytes the CPU writes outside final.ram are not checked (the data lists only changed bytes).
#include <zlib.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "cpu/cpu.h"
#include "sst_skips.h"

namespace {

using irq::cpu::Cpu;
using irq::cpu::CpuBus;
using irq::cpu::CpuObserver;
using json = nlohmann::json;
namespace fs = std::filesystem;

constexpr uint32_t kRamSize = 16u << 20;  // 24-bit physical address space (FORMAT.md step 2)
constexpr uint8_t kFill = 0xF4;           // HLT: a stray jump stops at once with a visible IP
constexpr int kMaxSteps = 1000;           // a test takes 1-3 steps; a runaway CPU stops here

// ---- fakes ---------------------------------------------------------------------------------
class FakeBus final : public CpuBus {
 public:
  uint8_t mem_read8(uint32_t) override { return 0xFF; }
  void mem_write8(uint32_t, uint8_t) override {}
  uint32_t io_read(uint16_t, unsigned size) override {  // FORMAT.md: ports read FFh / FFFFh
    return size == 1 ? 0xFFu : size == 2 ? 0xFFFFu : 0xFFFFFFFFu;
  }
  void io_write(uint16_t, uint32_t, unsigned) override {}
  uint8_t inta() override { ++inta_cycles; return 0xFF; }
  unsigned inta_cycles = 0;
};

class Recorder final : public CpuObserver {
 public:
  explicit Recorder(const Cpu*& cpu) : cpu_(cpu) {}
  void on_interrupt(uint8_t vector, Kind kind, bool, uint32_t, uint32_t, uint32_t) override {
    // POPF/IRET that set TF: the single-step trap comes after the next instruction, which is the
    // closing HLT (PRM §12.3.1.4). The 286 data stops at the HLT, so keep the state from there.
    if (vector == irq::cpu::vec::DB && kind == Kind::Exception && cpu_->st.halted &&
        !trap_after_hlt) {
      trap_after_hlt = true;
      at_hlt = cpu_->st;
      return;
    }
    vectors.push_back(vector);
  }
  void on_iret(uint32_t, uint32_t) override {}
  void on_shutdown(const char* why) override { shutdown = why ? why : "?"; }
  void on_unsupported(const char* what) override { unsupported = what ? what : "?"; }
  void clear() {
    vectors.clear();
    shutdown.clear();
    unsupported.clear();
    trap_after_hlt = false;
  }
  std::vector<uint8_t> vectors;
  std::string shutdown, unsupported;
  bool trap_after_hlt = false;
  irq::cpu::State at_hlt;

 private:
  const Cpu*& cpu_;
};

// ---- one test --------------------------------------------------------------------------------
enum RegIdx { AX, BX, CX, DX, CS_, SS_, DS_, ES_, SP, BP, SI, DI, IP, FLAGS, kNumRegs };
constexpr const char* kRegNames[kNumRegs] = {"ax", "bx", "cx", "dx", "cs", "ss", "ds",
                                             "es", "sp", "bp", "si", "di", "ip", "flags"};
// State index of each general register (EAX ECX EDX EBX ESP EBP ESI EDI order).
constexpr int kGprOf[kNumRegs] = {0, 3, 1, 2, -1, -1, -1, -1, 4, 5, 6, 7, -1, -1};
// Segment index (ES CS SS DS order).
constexpr int kSegOf[kNumRegs] = {-1, -1, -1, -1, 1, 2, 3, 0, -1, -1, -1, -1, -1, -1};

// Register order of the data = the bit order of irq::sst::reg.
static_assert(irq::sst::reg::SI == 1u << SI && irq::sst::reg::FLAGS == 1u << FLAGS &&
              irq::sst::reg::kCX == CX && irq::sst::reg::kDI == DI);

struct Diff {
  std::string text;
  uint16_t reg;  // irq::sst::reg bit of the register concerned; 0 for memory and the rest
};

struct Test {
  int idx = 0;
  std::string name, hash;
  std::vector<uint8_t> bytes;
  uint16_t init[kNumRegs] = {};
  uint16_t fin[kNumRegs] = {};  // expected final values (initial where final.regs omits them)
  std::vector<std::pair<uint32_t, uint8_t>> iram, fram;
  int exception = -1;
};

bool parse_test(const std::string& line, Test& t, std::string& err) {
  try {
    const json j = json::parse(line);
    t.idx = j.at("idx").get<int>();
    t.name = j.value("name", "");
    t.hash = j.value("hash", "");
    t.bytes = j.at("bytes").get<std::vector<uint8_t>>();
    const json& ir = j.at("initial").at("regs");
    const json& fr = j.at("final").at("regs");
    for (int r = 0; r < kNumRegs; ++r) {
      t.init[r] = ir.at(kRegNames[r]).get<uint16_t>();
      if (r == FLAGS) t.init[r] &= 0x0FFF;  // FORMAT.md step 1: the top four bits are random
      t.fin[r] = fr.contains(kRegNames[r]) ? fr[kRegNames[r]].get<uint16_t>() : t.init[r];
    }
    t.iram.clear();
    t.fram.clear();
    for (const auto& p : j.at("initial").at("ram")) t.iram.emplace_back(p[0].get<uint32_t>(), p[1].get<uint8_t>());
    for (const auto& p : j.at("final").at("ram")) t.fram.emplace_back(p[0].get<uint32_t>(), p[1].get<uint8_t>());
    const json& e = j.at("exception");
    t.exception = e.is_null() ? -1 : e.at("number").get<int>();
    return true;
  } catch (const std::exception& ex) {
    err = ex.what();
    return false;
  }
}

// ---- gzip lines --------------------------------------------------------------------------------
class GzLines {
 public:
  explicit GzLines(const std::string& path) : f_(gzopen(path.c_str(), "rb")) {}
  ~GzLines() { if (f_) gzclose(f_); }
  bool ok() const { return f_ != nullptr; }
  bool next(std::string& line) {
    line.clear();
    char buf[65536];
    while (gzgets(f_, buf, sizeof buf)) {
      line += buf;
      if (!line.empty() && line.back() == '\n') return true;
    }
    return !line.empty();
  }
 private:
  gzFile f_;
};

// ---- metadata ----------------------------------------------------------------------------------
// The form's entry in metadata.json "opcodes": "80.3" -> opcodes["80"]["reg"]["3"].
uint16_t flags_mask_of(const json& meta, const std::string& form) {
  if (!meta.contains("opcodes")) return 0xFFFF;
  const json& ops = meta["opcodes"];
  const auto dot = form.find('.');
  const std::string op = form.substr(0, dot);
  if (!ops.contains(op)) return 0xFFFF;
  const json* e = &ops[op];
  if (dot != std::string::npos) {
    const std::string reg = form.substr(dot + 1);
    if (!e->contains("reg") || !(*e)["reg"].contains(reg)) return 0xFFFF;
    e = &(*e)["reg"][reg];
  }
  return e->contains("flags-mask") ? (*e)["flags-mask"].get<uint16_t>() : 0xFFFF;
}

// ---- the runner ----------------------------------------------------------------------------------
struct SkipTally {
  bool tolerance = false;  // from kVectorAliases/kRegTolerances: matched apart from that
  int count = 0, matched = 0;
  std::map<int, int> vectors;  // first vector delivered (-1 none) -> tests
};

struct FormResult {
  std::string form;
  int total = 0, passed = 0, failed = 0;
  std::map<std::string, SkipTally> skipped;  // reason -> tally
};

struct Options {
  bool verbose = false;
  int show = -1;  // failing tests printed per form; -1 unlimited when verbose, 0 none
  std::set<std::string> forms;
  long max_fail = -1;
};

class Runner {
 public:
  explicit Runner(const Options& o) : opt_(o), rec_(cpu_view_), ram_(new uint8_t[kRamSize]) {
    std::memset(ram_.get(), kFill, kRamSize);
    cpu_ = std::make_unique<Cpu>(bus_, ram_.get(), kRamSize);
    cpu_view_ = cpu_.get();
    cpu_->set_observer(&rec_);
  }

  bool stopped() const { return opt_.max_fail >= 0 && failed_ >= opt_.max_fail; }
  long passed() const { return passed_; }
  long failed() const { return failed_; }
  long skipped() const { return skipped_; }

  void run_file(const fs::path& file, const json& meta) {
    std::string form = file.filename().string();
    form = form.substr(0, form.size() - std::string(".jsonl.gz").size());
    if (!opt_.forms.empty() && !opt_.forms.count(form)) return;
    GzLines in(file.string());
    if (!in.ok()) {
      std::printf("%s  cannot open %s\n", form.c_str(), file.c_str());
      ++failed_;
      return;
    }
    const uint16_t mask = flags_mask_of(meta, form);
    FormResult fr;
    fr.form = form;
    int shown = 0;
    std::string line, err;
    Test t;
    while (!stopped() && in.next(line)) {
      if (line.find_first_not_of(" \t\r\n") == std::string::npos) continue;
      ++fr.total;
      if (!parse_test(line, t, err)) {
        ++fr.failed;
        ++failed_;
        std::printf("  %s line %d: bad JSON: %s\n", form.c_str(), fr.total, err.c_str());
        continue;
      }
      std::vector<std::string> diffs;
      std::string skip_reason;
      bool tolerance = false;
      const bool ok = run_test(form, t, mask, diffs, skip_reason, tolerance);
      if (!skip_reason.empty()) {
        SkipTally& s = fr.skipped[skip_reason];
        s.tolerance = tolerance;
        ++s.count;
        if (ok) ++s.matched;
        ++s.vectors[rec_.vectors.empty() ? -1 : rec_.vectors.front()];
        ++skipped_;
      } else if (ok) {
        ++fr.passed;
        ++passed_;
      } else {
        ++fr.failed;
        ++failed_;
        const bool print = opt_.show > 0 ? shown < opt_.show : opt_.verbose;
        if (print) {
          ++shown;
          std::printf("  FAIL %s idx %d  %s  bytes", form.c_str(), t.idx, t.name.c_str());
          for (uint8_t b : t.bytes) std::printf(" %02X", b);
          std::printf("  hash %s\n", t.hash.c_str());
          for (const auto& d : diffs) std::printf("      %s\n", d.c_str());
        }
      }
    }
    report(fr);
  }

 private:
  void report(const FormResult& fr) {
    std::printf("%-6s %d/%d", fr.form.c_str(), fr.passed, fr.total);
    if (!fr.skipped.empty()) {
      int n = 0;
      for (const auto& [r, s] : fr.skipped) n += s.count;
      std::printf("  [skipped %d:", n);
      bool first = true;
      for (const auto& [r, s] : fr.skipped) {
        std::printf("%s %d %s", first ? "" : ";", s.count, r.c_str());
        if (!s.tolerance) {  // say how the 386 model behaved on the skipped tests
          std::printf(" (ran: %d identical to 286, vector", s.matched);
          for (const auto& [v, c] : s.vectors) {
            if (v < 0) std::printf(" none x%d", c);
            else std::printf(" #%d x%d", v, c);
          }
          std::printf(")");
        }
        first = false;
      }
      std::printf("]");
    }
    std::printf("\n");
    std::fflush(stdout);
  }

  // RAM bytes written for this test, restored to kFill afterwards.
  void poke(uint32_t a, uint8_t v) {
    if (a >= kRamSize) return;
    ram_[a] = v;
    touched_.push_back(a);
  }

  void load(const Test& t) {
    Cpu& c = *cpu_;
    c.reset();
    auto& st = c.st;
    for (int r = 0; r < kNumRegs; ++r) {
      if (kGprOf[r] >= 0) st.gpr[kGprOf[r]] = t.init[r];
      if (kSegOf[r] >= 0) {
        auto& s = st.seg[kSegOf[r]];
        s.selector = t.init[r];
        s.base = uint32_t(t.init[r]) << 4;  // real mode (PRM §14.1)
        s.limit = 0xFFFF;
        s.valid = true;
        s.derive();
      }
    }
    st.eip = t.init[IP];
    st.eflags = (t.init[FLAGS] & 0x0FFF) | irq::cpu::fl::kFixed1;
    st.halted = false;
    c.state_changed();
  }

  // Returns true when the CPU's final state matches the data; skip_reason is set for tests that
  // a rule of sst_skips.h covers (the result then only feeds the skip tally).
  bool run_test(const std::string& form, const Test& t, uint16_t meta_mask,
                std::vector<std::string>& diffs, std::string& skip_reason, bool& tolerance) {
    using namespace irq::sst;
    const Decoded d = decode16(t.bytes);
    const TestInfo info{form, t.bytes, d, t.exception};
    for (const SkipRule& r : kSkipRules) {
      if (r.form && form != r.form) continue;
      if (r.pred && !r.pred(info)) continue;
      skip_reason = r.reason;
      break;
    }
    uint16_t mask = meta_mask;
    for (const FlagMaskFix& f : kFlagMaskFixes)
      if (form == f.form && (!f.pred || f.pred(info))) mask &= f.mask;
    mask &= 0x0FFF;  // FORMAT.md step 4: bits 12-15 are not comparable (PRM §14.7 item 12)

    load(t);
    std::set<uint32_t> listed;
    for (const auto& [a, v] : t.iram) {
      poke(a, v);
      listed.insert(a);
    }
    // Vector aliases: when the 286 took vector `expected`, point the 386's vector at the same
    // handler (the IVT entry is four bytes at vector * 4).
    const VectorAlias* alias_ok = nullptr;
    for (const VectorAlias& va : kVectorAliases) {
      if (t.exception != va.expected || (va.pred && !va.pred(info))) continue;
      const uint32_t from = va.expected * 4u, to = va.actual * 4u;
      bool free = true;
      for (uint32_t k = 0; k < 4; ++k) free = free && !listed.count(to + k);
      if (!free) continue;
      for (uint32_t k = 0; k < 4; ++k) poke(to + k, ram_[from + k]);
      alias_ok = &va;
    }
    for (uint32_t a : touched_) cpu_->invalidate_code(a, 1);

    rec_.clear();
    int steps = 0;
    std::string run_err;
    try {
      while (!cpu_->st.halted && !cpu_->st.shutdown && !rec_.trap_after_hlt &&
             steps < kMaxSteps) {
        cpu_->step();
        ++steps;
      }
    } catch (const std::exception& e) {
      run_err = std::string("C++ exception escaped step(): ") + e.what();
    } catch (...) {
      run_err = "unknown C++ exception escaped step()";
    }

    const irq::cpu::State& fin = rec_.trap_after_hlt ? rec_.at_hlt : cpu_->st;
    std::vector<Diff> all;
    uint16_t got[kNumRegs];
    compare(t, fin, mask, all, got);
    if (!run_err.empty()) all.push_back({run_err, 0});
    if (!fin.halted) {
      char b[160];
      std::snprintf(b, sizeof b, "did not reach HLT after %d steps%s%s%s", steps,
                    cpu_->st.shutdown ? " (shutdown: " : "", rec_.shutdown.c_str(),
                    cpu_->st.shutdown ? ")" : "");
      all.push_back({b, 0});
    }
    if (!rec_.unsupported.empty()) all.push_back({"unsupported: " + rec_.unsupported, 0});

    // Tolerances: each names the reason under which a difference is a 286/386 difference.
    std::vector<std::string> applied;
    // Delivered vectors: the data's exception, or none.
    {
      const std::vector<uint8_t>& v = rec_.vectors;
      // INT n, INT 3 and INTO call Cpu::deliver() from their handlers, which does not tell the
      // observer (only the run loop does); the IVT and stack comparison checks those.
      const bool soft = d.op == 0xCC || d.op == 0xCD || d.op == 0xCE;
      const bool match = t.exception < 0 ? v.empty()
                         : (soft && v.empty()) || (v.size() == 1 && v[0] == t.exception);
      if (!match) {
        if (alias_ok && v.size() == 1 && v[0] == alias_ok->actual) {
          applied.push_back(alias_ok->reason);
        } else {
          std::string s = "vectors delivered:";
          if (v.empty()) s += " none";
          for (uint8_t x : v) s += " " + std::to_string(x);
          s += t.exception < 0 ? "; expected none" : "; expected " + std::to_string(t.exception);
          all.push_back({s, 0});
        }
      }
    }
    uint16_t differing = 0;
    for (const Diff& df : all) differing |= df.reg;
    uint16_t tolerated = 0;
    for (const RegTolerance& rt : kRegTolerances) {
      if (!(differing & rt.regs) || !rt.pred(info)) continue;
      if (rt.plausible && !rt.plausible(info, t.init, got)) continue;
      tolerated |= rt.regs;
      applied.push_back(rt.reason);
    }
    bool hard = false;
    for (const Diff& df : all) {
      if (df.reg && (df.reg & tolerated)) {
        diffs.push_back(df.text + "  (tolerated)");
      } else {
        diffs.push_back(df.text);
        hard = true;
      }
    }
    if (hard && !applied.empty()) {
      std::string s = "(tolerated here:";
      for (const auto& r : applied) s += " [" + r + "]";
      diffs.push_back(s + ")");
    }
    if (!hard && !applied.empty() && skip_reason.empty()) {
      tolerance = true;
      for (const auto& r : applied) skip_reason += (skip_reason.empty() ? "" : " + ") + r;
    }

    // Restore RAM.
    for (const auto& [a, v] : t.fram) {
      (void)v;
      if (a < kRamSize) touched_.push_back(a);
    }
    for (uint32_t a : touched_) {
      ram_[a] = kFill;
      cpu_->invalidate_code(a, 1);
    }
    touched_.clear();
    return !hard;
  }

  // Every difference between the CPU's state and the data; got[] receives the 16-bit registers.
  void compare(const Test& t, const irq::cpu::State& st, uint16_t mask, std::vector<Diff>& diffs,
               uint16_t* got16) {
    char b[200];
    for (int r = 0; r < kNumRegs; ++r) {
      uint32_t got;
      uint32_t want = t.fin[r];
      if (kGprOf[r] >= 0) got = st.gpr[kGprOf[r]];
      else if (kSegOf[r] >= 0) got = st.seg[kSegOf[r]].selector;
      else if (r == IP) got = st.eip;  // one past the HLT (FORMAT.md step 3), all 32 bits
      else got = st.eflags;
      got16[r] = uint16_t(got);
      const uint16_t bit = uint16_t(1u << r);
      if (r == FLAGS) {
        if ((got & mask) != (want & mask)) {
          std::snprintf(b, sizeof b, "flags: expected %04X got %04X (mask %04X, differing %04X)",
                        want & 0xFFFF, got & 0xFFFF, mask, (got ^ want) & mask);
          diffs.push_back({b, bit});
        }
        if (got >> 16) {
          std::snprintf(b, sizeof b, "eflags high bits set: %08X", got);
          diffs.push_back({b, 0});
        }
        continue;
      }
      if (got != want) {
        std::snprintf(b, sizeof b, "%s: expected %04X got %0*X (initial %04X)", kRegNames[r],
                      want, got > 0xFFFF ? 8 : 4, got, t.init[r]);
        diffs.push_back({b, bit});
      }
      if (kSegOf[r] >= 0) {
        const auto& s = st.seg[kSegOf[r]];
        if (s.base != (uint32_t(want) << 4)) {
          std::snprintf(b, sizeof b, "%s base: expected %06X got %08X", kRegNames[r],
                        uint32_t(want) << 4, s.base);
          diffs.push_back({b, bit});
        }
      }
    }
    // The FLAGS word an exception pushed sits at SS:(SP+4) after the run (FORMAT.md).
    uint32_t fl_lo = ~0u, fl_hi = ~0u;
    if (t.exception >= 0) {
      const uint32_t ssb = uint32_t(t.fin[SS_]) << 4;
      fl_lo = ssb + ((t.fin[SP] + 4u) & 0xFFFF);
      fl_hi = ssb + ((t.fin[SP] + 5u) & 0xFFFF);
    }
    for (const auto& [a, want] : t.fram) {
      const uint8_t got = a < kRamSize ? ram_[a] : 0xFF;
      uint8_t m = 0xFF;
      if (a == fl_lo) m = uint8_t(mask);
      else if (a == fl_hi) m = uint8_t(mask >> 8);
      if ((got & m) != (want & m)) {
        std::snprintf(b, sizeof b, "ram[%06X]: expected %02X got %02X%s", a, want, got,
                      m != 0xFF ? " (pushed FLAGS, masked)" : "");
        diffs.push_back({b, 0});
      }
    }
  }

  Options opt_;
  FakeBus bus_;
  const Cpu* cpu_view_ = nullptr;
  Recorder rec_;
  std::unique_ptr<uint8_t[]> ram_;
  std::unique_ptr<Cpu> cpu_;
  std::vector<uint32_t> touched_;
  long passed_ = 0, failed_ = 0, skipped_ = 0;
};

json load_meta(const fs::path& dir) {
  std::ifstream f(dir / "metadata.json");
  if (!f) return json::object();
  try {
    return json::parse(f);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "%s: %s\n", (dir / "metadata.json").c_str(), e.what());
    return json::object();
  }
}

bool is_jsonl_gz(const fs::path& p) {
  const std::string n = p.filename().string();
  const std::string ext = ".jsonl.gz";
  return n.size() > ext.size() && n.compare(n.size() - ext.size(), ext.size(), ext) == 0;
}

int usage() {
  std::fprintf(stderr,
               "usage: sst_runner [--verbose] [--show N] [--form F]... [--max-fail N] PATH...\n");
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  Options opt;
  std::vector<fs::path> paths;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--verbose" || a == "-v") opt.verbose = true;
    else if (a == "--show" && i + 1 < argc) opt.show = std::atoi(argv[++i]);
    else if (a == "--form" && i + 1 < argc) opt.forms.insert(argv[++i]);
    else if (a == "--max-fail" && i + 1 < argc) opt.max_fail = std::atol(argv[++i]);
    else if (a == "--help" || a == "-h") return usage();
    else if (!a.empty() && a[0] == '-') return usage();
    else paths.emplace_back(a);
  }
  if (paths.empty()) return usage();

  Runner runner(opt);
  for (const fs::path& p : paths) {
    std::error_code ec;
    if (fs::is_directory(p, ec)) {
      std::vector<fs::path> files;
      for (const auto& e : fs::directory_iterator(p, ec))
        if (e.is_regular_file() && is_jsonl_gz(e.path())) files.push_back(e.path());
      std::sort(files.begin(), files.end());
      const json meta = load_meta(p);
      for (const auto& f : files) {
        if (runner.stopped()) break;
        runner.run_file(f, meta);
      }
    } else if (fs::is_regular_file(p, ec) && is_jsonl_gz(p)) {
      runner.run_file(p, load_meta(p.parent_path().empty() ? fs::path(".") : p.parent_path()));
    } else {
      std::fprintf(stderr, "sst_runner: %s: not a folder or .jsonl.gz file\n", p.c_str());
      return 2;
    }
    if (runner.stopped()) break;
  }
  std::printf("%ld passed, %ld failed, %ld skipped\n", runner.passed(), runner.failed(),
              runner.skipped());
  return runner.failed() == 0 ? 0 : 1;
}
