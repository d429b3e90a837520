// tests/unicorn_harness.h — the machinery of the Unicorn differential test (test_unicorn_diff.cpp):
// random cases per instruction form, one instruction in our CPU, the same bytes and state in Unicorn
// 2.0.1 (in a forked child process serving one mode, form by form: Unicorn aborts the process on
// some inputs, oracles.md; a dead child is restarted after the case that killed it), and the
// comparison of the 8 general registers, EIP, the defined EFLAGS bits and the mapped memory.
//
// Machine layout (the same numbers in both oracles):
//   real mode  CS=1000h (code 10000h-1FFFFh), DS=2000h ES=2100h SS=2200h FS=2300h GS=2400h;
//              window 10000h-33FFFh mapped in Unicorn and compared byte by byte.
//   32-bit pm  flat segments base 0 limit 4 GiB (Unicorn UC_MODE_32: CR0=11h, selectors 0); data
//              0-FFFFh, code 10000h-1FFFFh; window 0-1FFFFh. Ours keeps a GDT/IDT outside the
//              window so that an exception is delivered cleanly.
// Memory operands, (E)SI/(E)DI, (E)SP and (E)BP are placed so that every access lands at offsets
// 100h-FF00h of its segment: the test is about semantics, not limit faults.
//
// Unicorn quirks handled here (not CPU semantics, so not in the exclusion table):
//   - after a fault reported through UC_HOOK_INTR the engine keeps the exception state (the next
//     fault turns into #DF, then nothing runs): the CPU context is restored before every case;
//   - in UC_MODE_16 a stop by instruction count leaves EIP holding the linear address (and may
//     translate garbage there): runs stop at "exits" instead (the next instruction and every
//     possible branch target, with NOPs planted at the targets); EIP values at or above the CS
//     base are still converted back to offsets (targets are kept below 10000h);
//   - REP string instructions count one "instruction" per iteration: the count is only a safety
//     net, the exits end the run;
//   - a UC_HOOK_MEM_WRITE hook makes Unicorn compute wrong flags for shifts by CL of a memory
//     operand (D2 /4 [mem] with CL=1: CF stays 0), so memory is compared by reading the whole
//     window back instead of hooking writes.
#pragma once
#include <fcntl.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unicorn/unicorn.h>
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "cpu/cpu.h"
#include "diff_forms.h"

namespace irq::difftest {

using cpu::CS;
using cpu::DS;
using cpu::EAX;
using cpu::EBP;
using cpu::EBX;
using cpu::ECX;
using cpu::EDI;
using cpu::EDX;
using cpu::ES;
using cpu::ESI;
using cpu::ESP;
using cpu::FS;
using cpu::GS;
using cpu::SS;
namespace fl = cpu::fl;

// ---------------------------------------------------------------------------------------------
// Modes and variants.
struct ModeDesc {
  bool real;
  uint32_t win_lo, win_size;  // compared (and, in Unicorn, mapped) linear window
  uint32_t seg_base[6];       // ES CS SS DS FS GS
  uint16_t sel[6];
};
inline ModeDesc mode_desc(bool real) {
  if (real)
    return {true, 0x10000, 0x24000,
            {0x21000, 0x10000, 0x22000, 0x20000, 0x23000, 0x24000},
            {0x2100, 0x1000, 0x2200, 0x2000, 0x2300, 0x2400}};
  return {false, 0x0, 0x20000, {0, 0, 0, 0, 0, 0}, {0, 0, 0, 0, 0, 0}};
}
inline constexpr uint32_t kCodeLin = 0x10000;  // linear base of the code area in both modes
inline constexpr uint32_t kEaLo = 0x100, kEaHi = 0xFF00;       // memory operand offsets
inline constexpr uint32_t kStackLo = 0x400, kStackHi = 0xFC00;  // (E)SP / (E)BP offsets
// EFLAGS bits compared: CF PF AF ZF SF TF IF DF OF IOPL NT (minus the form's undefined ones).
inline constexpr uint32_t kFlagsCompared = 0x7FD5;

struct Variant {
  const Form* form;
  bool real, o32, a32, mem;
  std::string name;  // "real o16 mem a32"
};

inline bool form_in_mode(const Form& f, bool real) {
  if ((f.attr & kRealOnly) && !real) return false;
  if ((f.attr & kPmOnly) && real) return false;
  return true;
}

inline std::vector<Variant> variants_of(const Form& f, bool real) {
  std::vector<Variant> out;
  if (!form_in_mode(f, real)) return out;
  const bool def32 = !real;
  std::vector<int> osz;
  if (f.attr & kNoOsz) osz = {-1};
  else if (f.attr & kO32Only) osz = {32};
  else osz = {16, 32};
  for (int o : osz) {
    const bool o32 = o == -1 ? def32 : o == 32;
    std::string base = std::string(real ? "real" : "pm") + (o == -1 ? "" : o == 32 ? " o32" : " o16");
    auto add = [&](bool a32, bool mem, const std::string& tag) {
      out.push_back(Variant{&f, real, o32, a32, mem, base + tag});
    };
    if (f.enc == Enc::ModRM || f.enc == Enc::ModRMReg) add(def32, false, " reg");
    if (f.enc == Enc::ModRM || f.enc == Enc::ModRMMem) {
      add(false, true, " mem a16");
      add(true, true, " mem a32");
    }
    if (f.enc == Enc::None) {
      if (f.attr & kAddr) {
        add(false, false, " a16");
        add(true, false, " a32");
      } else {
        add(def32, false, "");
      }
    }
  }
  return out;
}

// IRQ_DIFF_NO_EXCLUDE=1 runs the excluded variants too (to re-check Unicorn's errors).
inline bool excluded(const Form& f, const std::string& variant, const char** reason) {
  if (const char* e = std::getenv("IRQ_DIFF_NO_EXCLUDE"); e && *e && *e != '0') return false;
  for (const Exclusion& e : kExclusions) {
    if (e.partial || std::strcmp(e.form, f.name) != 0) continue;
    bool all = true;
    std::string filt = e.variant;
    size_t pos = 0;
    while (pos <= filt.size()) {
      size_t amp = filt.find('&', pos);
      std::string part = filt.substr(pos, amp == std::string::npos ? std::string::npos : amp - pos);
      if (!part.empty() && variant.find(part) == std::string::npos) all = false;
      if (amp == std::string::npos) break;
      pos = amp + 1;
    }
    if (all) {
      if (reason) *reason = e.reason;
      return true;
    }
  }
  return false;
}

// Group opcodes (the ModR/M reg field selects the handler).
inline bool is_group_op(unsigned op) {
  switch (op) {
    case 0x80: case 0x81: case 0x82: case 0x83: case 0x8F: case 0xC0: case 0xC1: case 0xC6:
    case 0xC7: case 0xD0: case 0xD1: case 0xD2: case 0xD3: case 0xF6: case 0xF7: case 0xFE:
    case 0xFF: case 0x100: case 0x101: case 0x1BA: case 0x1C7:
      return true;
    default:
      return false;
  }
}

// Is the form registered in our opcode table? (82/83 are decoded as 80/81.)
inline bool implemented(const Form& f) {
  const cpu::OpTable& t = cpu::op_table();
  unsigned op = f.op;
  if (op == 0x82) op = 0x80;
  if (op == 0x83) op = 0x81;
  if (is_group_op(op)) return f.reg >= 0 && t.group[op][f.reg].set;
  return t.op[op].set;
}

// ---------------------------------------------------------------------------------------------
// Seeds and random values.
inline uint64_t fnv1a(const std::string& s) {
  uint64_t h = 1469598103934665603ull;
  for (unsigned char ch : s) {
    h ^= ch;
    h *= 1099511628211ull;
  }
  return h;
}
inline uint32_t case_seed(const Variant& v, uint32_t index) {
  uint64_t h = fnv1a(std::string(v.form->name) + "|" + v.name) + index * 0x9E3779B97F4A7C15ull;
  h ^= h >> 31;
  h *= 0xBF58476D1CE4E5B9ull;
  h ^= h >> 29;
  return uint32_t(h);
}

class Rng {
 public:
  explicit Rng(uint32_t seed) : r_(seed) {}
  uint32_t u32() { return uint32_t(r_()); }
  uint32_t below(uint32_t n) { return n ? u32() % n : 0; }
  bool chance(uint32_t num, uint32_t den) { return below(den) < num; }
  // Register/immediate values biased towards the edges of the 8/16/32-bit ranges.
  uint32_t interesting() {
    static constexpr uint8_t kLow8[] = {0x00, 0x01, 0x7F, 0x80, 0x81, 0xFE, 0xFF, 0x0F, 0x10};
    static constexpr uint16_t kLow16[] = {0x0000, 0x0001, 0x7FFF, 0x8000, 0x8001, 0xFFFE, 0xFFFF};
    switch (below(10)) {
      case 0: return below(4);
      case 1: return 0xFFFFFFFFu - below(3);
      case 2: return 0x7FFFFFFEu + below(4);
      case 3: return (u32() & ~0xFFu) | kLow8[below(sizeof kLow8)];
      case 4: return (u32() & ~0xFFFFu) | kLow16[below(7)];
      case 5: return below(0x100);
      default: return u32();
    }
  }
  // Shift/rotate counts: mostly 0-31 edges, sometimes with bits 5-7 set (masked by the CPU).
  uint8_t count() {
    static constexpr uint8_t kCounts[] = {0, 1, 1, 1, 2, 3, 4, 7, 8, 9, 15, 16, 17, 24, 31};
    uint8_t c = chance(1, 5) ? uint8_t(u32()) : kCounts[below(sizeof kCounts)];
    if (chance(1, 4)) c = uint8_t(c | (below(8) << 5));
    return c;
  }

 private:
  std::mt19937 r_;
};

// ---------------------------------------------------------------------------------------------
// One generated case.
struct Case {
  uint8_t code[16] = {};
  uint32_t len = 0;
  uint32_t ip = 0;  // offset of the instruction in CS
  uint32_t gpr[8] = {};
  uint32_t eflags = 2;
  std::vector<std::pair<uint32_t, uint8_t>> patch;  // linear address, byte (memory set-up)
  uint32_t undef = 0;                               // EFLAGS bits not compared
  int skip_reg = -1;                                // register with undefined bits after it
  uint32_t skip_mask = 0;                           // those bits
  bool skip_if_zf = false;                          // ... only when ZF is set afterwards (BSF/BSR)
  uint32_t ign_lin = 0, ign_len = 0;                // memory bytes not compared
  bool branch = false;
  std::vector<uint64_t> stops;  // linear addresses where Unicorn stops (next / branch targets)
};

inline uint32_t code_eip(const ModeDesc& md, uint32_t ip) { return md.real ? ip : kCodeLin + ip; }

// Register lanes by operand size (8: AL CL DL BL AH CH DH BH).
inline uint32_t get_reg(const uint32_t* g, unsigned bits, unsigned r) {
  if (bits == 8) return (g[r & 3] >> ((r >> 2) * 8)) & 0xFF;
  if (bits == 16) return g[r] & 0xFFFF;
  return g[r];
}
inline void set_reg(uint32_t* g, unsigned bits, unsigned r, uint32_t v) {
  if (bits == 8) {
    const unsigned sh = (r >> 2) * 8;
    g[r & 3] = (g[r & 3] & ~(0xFFu << sh)) | ((v & 0xFF) << sh);
  } else if (bits == 16) {
    g[r] = (g[r] & 0xFFFF0000u) | (v & 0xFFFF);
  } else {
    g[r] = v;
  }
}

// The memory operand being built.
struct Ea {
  uint8_t mod = 3, rm = 0;
  bool sib = false;
  uint8_t sib_byte = 0;
  uint8_t base = 8, index = 8, scale = 0;
  uint32_t disp = 0;
  uint8_t disp_size = 0;
  uint8_t seg = DS;
  bool a32 = false;

  uint32_t off(const uint32_t* g) const {
    uint32_t a = (base < 8 ? g[base] : 0) + (index < 8 ? g[index] << scale : 0) + disp;
    return a32 ? a : (a & 0xFFFF);
  }
};

inline void gen_ea(Rng& g, bool a32, Ea& e) {
  e = Ea{};
  e.a32 = a32;
  e.mod = uint8_t(g.below(3));
  e.rm = uint8_t(g.below(8));
  if (!a32) {
    static constexpr uint8_t kB[8] = {EBX, EBX, EBP, EBP, ESI, EDI, EBP, EBX};
    static constexpr uint8_t kI[8] = {ESI, EDI, ESI, EDI, 8, 8, 8, 8};
    if (e.mod == 0 && e.rm == 6) {
      e.disp_size = 2;
    } else {
      e.base = kB[e.rm];
      e.index = kI[e.rm];
      if (e.rm == 2 || e.rm == 3 || e.rm == 6) e.seg = SS;
      e.disp_size = e.mod == 1 ? 1 : e.mod == 2 ? 2 : 0;
    }
    if (e.disp_size == 1) e.disp = uint32_t(int32_t(int8_t(g.u32())));
    if (e.disp_size == 2) e.disp = g.u32() & 0xFFFF;
    return;
  }
  if (e.rm == 4) {
    e.sib = true;
    const uint8_t ss = uint8_t(g.below(4)), idx = uint8_t(g.below(8)), bf = uint8_t(g.below(8));
    e.sib_byte = uint8_t(ss << 6 | idx << 3 | bf);
    e.scale = ss;
    e.index = idx == 4 ? 8 : idx;
    if (bf == 5 && e.mod == 0) {
      e.base = 8;
      e.disp_size = 4;
    } else {
      e.base = bf;
      if (bf == ESP || bf == EBP) e.seg = SS;
    }
  } else if (e.mod == 0 && e.rm == 5) {
    e.base = 8;
    e.disp_size = 4;
  } else {
    e.base = e.rm;
    if (e.rm == EBP) e.seg = SS;
  }
  if (e.mod == 1) e.disp_size = 1;
  if (e.mod == 2) e.disp_size = 4;
  if (e.disp_size == 1) e.disp = uint32_t(int32_t(int8_t(g.u32())));
  if (e.disp_size == 4) e.disp = g.chance(1, 2) ? uint32_t(int32_t(g.below(0x10000)) - 0x8000) : g.u32();
}

// Move the effective address to `target` by changing the base register or the displacement.
inline bool fix_ea(Ea& e, uint32_t* gpr, uint32_t target, uint32_t lo, uint32_t hi) {
  auto val = [&](uint8_t r) -> uint32_t { return r < 8 ? gpr[r] : 0; };
  const bool disp_wide = e.disp_size == 4 || (!e.a32 && e.disp_size == 2);
  if (e.base < 8 && e.base != e.index) {
    const uint32_t want = target - (val(e.index) << e.scale) - e.disp;
    if (e.a32) gpr[e.base] = want;
    else gpr[e.base] = (gpr[e.base] & 0xFFFF0000u) | (want & 0xFFFF);
  } else if (disp_wide) {
    e.disp = target - val(e.base) - (val(e.index) << e.scale);
    if (!e.a32) e.disp &= 0xFFFF;
  } else if (e.base < 8 && e.base == e.index) {
    gpr[e.base] = (target - e.disp) / (1u + (1u << e.scale));
  }
  const uint32_t o = e.off(gpr);
  return o >= lo && o < hi;
}

// Generate case `index` of a variant. Deterministic: the parent and the Unicorn child both call it.
inline Case gen_case(const Variant& v, const ModeDesc& md, uint32_t index) {
  const Form& f = *v.form;
  Rng g(case_seed(v, index));
  const bool byte = (f.attr & kNoOsz) && !(f.op == 0x63 || f.op == 0x1C7);
  const unsigned osz = byte ? 8 : v.o32 ? 32 : 16;
  const unsigned obytes = osz / 8;
  const bool a32 = v.a32;
  Case c;
  for (int attempt = 0; attempt < 200; ++attempt) {
    c = Case{};
    c.branch = f.attr & kBranch;
    for (auto& r : c.gpr) r = g.interesting();
    c.eflags = (g.u32() & (fl::CF | fl::PF | fl::AF | fl::ZF | fl::SF | fl::OF | fl::DF | fl::IF)) |
               fl::kFixed1;
    const uint32_t sp = kStackLo + g.below(kStackHi - kStackLo);
    c.gpr[ESP] = md.real ? (c.gpr[ESP] & 0xFFFF0000u) | sp : sp;
    c.ip = 0x1000 + g.below(0xE000);

    unsigned op = f.op;
    if (f.attr & kLow3) op |= g.below(8);
    if (f.attr & kLow4) op |= g.below(16);
    uint8_t reg = f.reg >= 0 ? uint8_t(f.reg) : uint8_t(g.below(8));
    if (f.sp == Sp::MovSreg) reg = uint8_t(g.below(6));

    int seg_prefix = -1;
    if (f.attr & kSegOvr) seg_prefix = int(g.below(6));
    if (f.attr & kSegOvrWr) {
      static constexpr int kNoCs[5] = {ES, SS, DS, FS, GS};
      seg_prefix = md.real ? int(g.below(6)) : kNoCs[g.below(5)];
    }

    // Pointers in set-up order: strings, loops, frames, then the ModR/M operand.
    auto ptr = [&](unsigned r, bool wide, uint32_t lo, uint32_t hi) {
      const uint32_t o = lo + g.below(hi - lo);
      c.gpr[r] = wide ? o : (c.gpr[r] & 0xFFFF0000u) | o;
    };
    uint32_t counter = 0;  // (E)CX under REP / LOOP, by address size
    if (f.attr & kString) {
      ptr(ESI, a32, 0x200, 0xFE00);
      ptr(EDI, a32, 0x200, 0xFE00);
      if (f.attr & (kRep | kRepne)) {
        counter = g.chance(1, 10) ? 0 : g.below(33);
        set_reg(c.gpr, a32 ? 32 : 16, ECX, counter);
      }
    }
    if (f.sp == Sp::Loop && g.chance(2, 5)) set_reg(c.gpr, a32 ? 32 : 16, ECX, g.below(3));
    if (f.sp == Sp::Leave) ptr(EBP, !md.real, kStackLo, kStackHi);
    if (f.sp == Sp::Enter) {
      ptr(EBP, !md.real, kStackLo, kStackHi);
      ptr(ESP, !md.real, 0x1000, kStackHi);
      if (v.o32 && md.real) {  // partial exclusion (diff_forms.h): EBP[31:16] not compared, and
        c.skip_reg = EBP;       // ESP[31:16] = 0 so that the pushed frame pointer (SP by the
        c.skip_mask = 0xFFFF0000u;  // manual, all of ESP in Unicorn) is the same value
        c.gpr[ESP] &= 0xFFFF;
      }
    }
    if (f.sp == Sp::Xlat && a32) ptr(EBX, true, kEaLo, kEaHi - 0x100);

    Ea ea;
    const bool has_modrm = f.enc != Enc::None;
    const bool mem = v.mem;
    uint8_t rm = uint8_t(g.below(8));
    if (has_modrm && mem) {
      gen_ea(g, a32, ea);
      rm = ea.rm;
      uint32_t lo = kEaLo, hi = kEaHi;
      if (f.sp == Sp::BtReg) { lo = 0x400; hi = 0xFB00; }
      if (!fix_ea(ea, c.gpr, lo + g.below(hi - lo), lo, hi)) continue;
    }
    const uint8_t seg = seg_prefix >= 0 ? uint8_t(seg_prefix) : ea.seg;
    auto mem_lin = [&]() { return md.seg_base[seg] + ea.off(c.gpr); };
    auto patch = [&](uint32_t lin, uint64_t val, unsigned n) {
      for (unsigned k = 0; k < n; ++k) c.patch.emplace_back(lin + k, uint8_t(val >> (8 * k)));
    };
    // The r/m operand: register or memory (memory through a patch).
    auto set_rm = [&](unsigned bits, uint32_t val) {
      if (mem) patch(mem_lin(), val, bits / 8);
      else set_reg(c.gpr, bits, rm, val);
    };
    auto stack_lin = [&](int32_t delta) {
      const uint32_t s = md.real ? ((c.gpr[ESP] + delta) & 0xFFFF) : c.gpr[ESP] + delta;
      return md.seg_base[SS] + s;
    };
    // A control-transfer target inside the code segment (below 10000h in real mode).
    auto target = [&]() -> uint32_t {
      const uint32_t t = g.below(0x10000);
      return (!md.real && v.o32) ? kCodeLin + t : t;
    };

    // Immediate values and per-form special set-up.
    uint32_t imm = 0, imm2 = 0;
    uint32_t ind_target = 0;  // JMP/CALL Ev, RET: the target placed in the operand
    switch (f.imm) {
      case Imm::Ib:
        imm = (f.attr & kCntIb) ? g.count() : (g.interesting() & 0xFF);
        if (f.sp == Sp::Aam) imm = g.chance(1, 20) ? 0 : g.chance(1, 3) ? 10 : imm;
        if (f.op == 0xD5 && g.chance(1, 3)) imm = 10;
        break;
      case Imm::Iz: imm = v.o32 ? g.interesting() : (g.interesting() & 0xFFFF); break;
      case Imm::Iw: imm = g.below(0x80); break;
      case Imm::IwIb: {
        static constexpr uint8_t kLevels[] = {0, 0, 0, 1, 1, 2, 3, 4, 31, 32, 33};
        imm = g.below(0x200);
        imm2 = kLevels[g.below(sizeof kLevels)];
        break;
      }
      case Imm::Moffs: imm = kEaLo + g.below(kEaHi - kEaLo); break;
      case Imm::Rel8: imm = g.u32() & 0xFF; break;
      case Imm::Relz: imm = g.u32(); break;  // o32 targets fixed after assembly
      case Imm::None: break;
    }
    if (f.attr & kCntCL) set_reg(c.gpr, 8, ECX, g.count());
    if (f.sp == Sp::Shxd && !v.o32) {  // 16-bit: keep (count MOD 32) < 16 (PRM SHLD/SHRD)
      if (f.attr & kCntIb) imm &= ~0x10u;
      else set_reg(c.gpr, 8, ECX, get_reg(c.gpr, 8, ECX) & ~0x10u);
    }

    switch (f.sp) {
      case Sp::Div: {
        const bool sgn = f.reg == 7;
        const uint32_t mask = osz == 32 ? 0xFFFFFFFFu : (1u << osz) - 1;
        uint32_t d = g.interesting() & mask;
        if (d == 0 && g.chance(9, 10)) d = 1 + g.below(mask);
        uint32_t lo = g.u32() & mask, hi = g.u32() & mask;
        if (!sgn && d && g.chance(17, 20)) hi = g.u32() % d;
        if (sgn && g.chance(3, 4)) hi = (lo >> (osz - 1)) & 1 ? mask : 0;
        if (osz == 8) set_reg(c.gpr, 16, EAX, hi << 8 | lo);
        else {
          set_reg(c.gpr, osz, EAX, lo);
          set_reg(c.gpr, osz, EDX, hi);
        }
        set_rm(osz, d);
        break;
      }
      case Sp::Bsf:
        if (g.chance(3, 20)) set_rm(osz, 0);
        c.skip_reg = reg;
        c.skip_mask = v.o32 ? 0xFFFFFFFFu : 0xFFFFu;
        c.skip_if_zf = true;
        break;
      case Sp::BtReg:
        if (mem) {
          const uint32_t bit = uint32_t(int32_t(g.below(0x2000)) - 0x1000);
          set_reg(c.gpr, osz, reg, bit);
        }
        break;
      case Sp::Ret:
        ind_target = target();
        patch(stack_lin(0), ind_target, obytes);
        break;
      case Sp::JmpInd:
      case Sp::CallInd:
        if (!mem && rm == ESP) {
          if (md.real && v.o32) c.gpr[ESP] &= 0xFFFF;  // the target is ESP itself
          ind_target = c.gpr[ESP];
        } else {
          ind_target = target();
          set_rm(osz, ind_target);
        }
        break;
      case Sp::Popf: patch(stack_lin(0), g.u32() & ~fl::TF, obytes); break;
      case Sp::Bound: {
        if (g.chance(7, 10)) {
          const uint32_t idx = get_reg(c.gpr, osz, reg);
          const uint32_t lo = idx - g.below(8), hi = idx + g.below(8);
          patch(mem_lin(), lo, obytes);
          patch(mem_lin() + obytes, hi, obytes);
        }
        break;
      }
      case Sp::Cmpxchg:
        if (g.chance(1, 2)) {
          const uint32_t acc = get_reg(c.gpr, osz, EAX);
          if (mem) set_rm(osz, acc);
          else set_reg(c.gpr, osz, EAX, get_reg(c.gpr, osz, rm));
        }
        break;
      case Sp::Cmpxchg8b:
        if (g.chance(1, 2)) patch(mem_lin(), uint64_t(c.gpr[EDX]) << 32 | c.gpr[EAX], 8);
        break;
      case Sp::MovSreg:
        if (!mem && v.o32) {  // PRM 17 MOV: upper half of a 32-bit destination not defined on a 386
          c.skip_reg = rm;
          c.skip_mask = 0xFFFF0000u;
        }
        break;
      case Sp::PushSeg:
        if (v.o32) {  // Intel SDM PUSH: a 32-bit push of a segment register may write 2 bytes only
          c.ign_lin = stack_lin(-4) + 2;
          c.ign_len = 2;
        }
        break;
      case Sp::StrCmp: {
        const unsigned es = obytes;
        const bool down = c.eflags & fl::DF;
        const uint32_t amask = a32 ? 0xFFFFFFFFu : 0xFFFFu;
        auto elem = [&](unsigned r, uint8_t sg, unsigned i) {
          const uint32_t o = (c.gpr[r] + (down ? -int32_t(i * es) : int32_t(i * es))) & amask;
          return md.seg_base[sg] + o;
        };
        const bool cmps = (f.op & 0xFE) == 0xA6;
        const uint8_t src_seg = seg_prefix >= 0 ? uint8_t(seg_prefix) : uint8_t(DS);
        auto make_equal = [&](unsigned i) {
          const uint32_t val = cmps ? g.u32() : get_reg(c.gpr, es * 8, EAX);
          patch(elem(EDI, ES, i), val, es);
          if (cmps) patch(elem(ESI, src_seg, i), val, es);
        };
        if (f.attr & kRep) {
          if (g.chance(7, 10)) {
            const unsigned k = g.below(counter + 2);
            for (unsigned i = 0; i < k; ++i) make_equal(i);
          }
        } else if (g.chance(1, 2)) {
          make_equal(g.below(counter + 1));
        }
        break;
      }
      default:
        break;
    }
    // The set-up may have moved a base/index register: the operand must still be in range.
    if (has_modrm && mem) {
      const uint32_t o = ea.off(c.gpr);
      const uint32_t lo = f.sp == Sp::BtReg ? 0x400 : kEaLo, hi = f.sp == Sp::BtReg ? 0xFB00 : kEaHi;
      if (o < lo || o >= hi) continue;
    }

    // Assemble: prefixes, opcode, ModR/M, SIB, displacement, immediates.
    uint8_t* b = c.code;
    unsigned n = 0;
    static constexpr uint8_t kSegPrefix[6] = {0x26, 0x2E, 0x36, 0x3E, 0x64, 0x65};
    if (seg_prefix >= 0) b[n++] = kSegPrefix[seg_prefix];
    if (f.attr & kLock) b[n++] = 0xF0;
    if (f.attr & kRep) b[n++] = 0xF3;
    if (f.attr & kRepne) b[n++] = 0xF2;
    if (v.o32 == md.real && !byte) b[n++] = 0x66;
    if (a32 == md.real && (mem || (f.attr & kAddr))) b[n++] = 0x67;
    if (op >= 0x100) b[n++] = 0x0F;
    b[n++] = uint8_t(op);
    if (has_modrm) {
      if (mem) {
        b[n++] = uint8_t(ea.mod << 6 | reg << 3 | ea.rm);
        if (ea.sib) b[n++] = ea.sib_byte;
        for (unsigned k = 0; k < ea.disp_size; ++k) b[n++] = uint8_t(ea.disp >> (8 * k));
      } else {
        b[n++] = uint8_t(0xC0 | reg << 3 | rm);
      }
    }
    unsigned isz = 0;
    switch (f.imm) {
      case Imm::Ib: case Imm::Rel8: isz = 1; break;
      case Imm::Iw: isz = 2; break;
      case Imm::Iz: case Imm::Relz: isz = v.o32 ? 4 : 2; break;
      case Imm::Moffs: isz = a32 ? 4 : 2; break;
      case Imm::IwIb: isz = 2; break;
      case Imm::None: break;
    }
    const unsigned imm_pos = n;
    for (unsigned k = 0; k < isz; ++k) b[n++] = uint8_t(imm >> (8 * k));
    if (f.imm == Imm::IwIb) b[n++] = uint8_t(imm2);
    c.len = n;
    if (f.imm == Imm::Relz && v.o32) {  // keep the target inside the code segment
      const uint32_t next = code_eip(md, c.ip) + n;
      const uint32_t rel = target() - next;
      for (unsigned k = 0; k < 4; ++k) b[imm_pos + k] = uint8_t(rel >> (8 * k));
    }

    // Unicorn translates the block at a branch target before it stops after one instruction, and
    // aborts the process on some random byte sequences there: put NOPs at every possible target
    // (taken and not taken; the operand patches above still win where they overlap).
    if (f.attr & kBranch) {
      const uint32_t next = code_eip(md, c.ip) + n;
      const uint32_t amask = v.o32 ? 0xFFFFFFFFu : 0xFFFFu;
      std::vector<uint32_t> targets = {next};  // not taken: never masked to 16 bits
      if (f.imm == Imm::Rel8 || f.imm == Imm::Relz) {
        uint32_t rel = 0;
        for (unsigned k = 0; k < isz; ++k) rel |= uint32_t(b[imm_pos + k]) << (8 * k);
        if (isz == 1) rel = uint32_t(int32_t(int8_t(rel)));
        if (isz == 2) rel = uint32_t(int32_t(int16_t(rel)));
        targets.push_back((next + rel) & amask);
      } else {
        targets.push_back(ind_target & amask);
      }
      std::vector<std::pair<uint32_t, uint8_t>> nops;
      const uint32_t insn_lin = md.seg_base[CS] + code_eip(md, c.ip);
      for (uint32_t t : targets)
        for (uint32_t k = 0; k < 16; ++k) {
          const uint32_t lin = md.seg_base[CS] + t + k;
          if (lin >= insn_lin && lin < insn_lin + n) continue;
          nops.emplace_back(lin, 0x90);
        }
      c.patch.insert(c.patch.begin(), nops.begin(), nops.end());
      // A target equal to the instruction's own address would stop Unicorn before it runs:
      // that case ends by the count of 1 instead.
      for (uint32_t t : targets)
        if (md.seg_base[CS] + t != insn_lin) c.stops.push_back(md.seg_base[CS] + t);
    } else {
      c.stops.push_back(md.seg_base[CS] + code_eip(md, c.ip) + n);
    }

    // Undefined flags (PRM "Flags Affected"): counts decide for shifts, rotates, SHLD/SHRD.
    c.undef = f.undef;
    if (f.attr & (kOfCnt | kAfCnt)) {
      uint32_t cnt = 1;
      if (f.attr & kCntCL) cnt = get_reg(c.gpr, 8, ECX);
      if (f.attr & kCntIb) cnt = imm & 0xFF;
      cnt &= 31;
      if (cnt != 0) {
        if (f.attr & kAfCnt) c.undef |= fl::AF;
        if ((f.attr & kOfCnt) && cnt != 1) c.undef |= fl::OF;
      }
    }
    return c;
  }
  return c;  // unreachable in practice: the last attempt is returned as it stands
}

// ---------------------------------------------------------------------------------------------
// Results and memory bookkeeping.
struct Result {
  enum Status : int32_t { Ran = 0, Fault = 1, Skip = 2, Died = 3 };
  int32_t status = Ran;
  int32_t vector = -1;
  uint32_t uc_err = 0;
  uint32_t gpr[8] = {};
  uint32_t eip = 0, eflags = 0;
  std::vector<uint32_t> diff;  // (window offset << 8) | new byte
  bool overflow = false;
};

// The random memory image of a form in a mode (same in both oracles).
inline std::vector<uint8_t> base_image(const Form& f, const ModeDesc& md) {
  std::vector<uint8_t> img(md.win_size);
  std::mt19937_64 r(fnv1a(std::string(f.name) + (md.real ? "|real" : "|pm")));
  for (size_t i = 0; i + 8 <= img.size(); i += 8) {
    const uint64_t x = r();
    std::memcpy(&img[i], &x, 8);
  }
  return img;
}

// Tracks the window's initial image for one case and restores it afterwards.
struct Window {
  const ModeDesc* md = nullptr;
  std::vector<uint8_t> base, init;
  std::vector<std::pair<uint32_t, uint32_t>> dirty;  // (offset, length) to restore

  void reset(const ModeDesc& m, std::vector<uint8_t> img) {
    md = &m;
    base = std::move(img);
    init = base;
    dirty.clear();
  }
  bool inside(uint32_t lin, uint32_t n) const {
    return lin >= md->win_lo && lin - md->win_lo + n <= md->win_size;
  }
  // Apply a case's code and patches to `init`; `put(offset, byte)` mirrors each into the oracle.
  template <class Put> void apply(const Case& c, Put put) {
    const uint32_t code_off = kCodeLin + c.ip - md->win_lo;
    for (uint32_t k = 0; k < c.len; ++k) {
      init[code_off + k] = c.code[k];
      put(code_off + k, c.code[k]);
    }
    dirty.emplace_back(code_off, c.len);
    for (const auto& [lin, byte] : c.patch) {
      if (!inside(lin, 1)) continue;
      init[lin - md->win_lo] = byte;
      put(lin - md->win_lo, byte);
      dirty.emplace_back(lin - md->win_lo, 1);
    }
  }
  // Differences between `now` (the window after the instruction) and `init`, 4 KiB page by page;
  // `pages` (optional) lists the only pages that can have changed.
  static constexpr uint32_t kPage = 0x1000;
  void diff(const uint8_t* now, Result& r, size_t cap, const std::vector<uint8_t>* pages = nullptr) const {
    r.diff.clear();
    r.overflow = false;
    const size_t n = init.size();
    for (size_t p = 0; p < n; p += kPage) {
      if (pages && !(*pages)[p / kPage]) continue;
      if (std::memcmp(now + p, &init[p], kPage) == 0) continue;
      for (size_t k = p; k < p + kPage; ++k)
        if (now[k] != init[k]) {
          if (r.diff.size() >= cap) {
            r.overflow = true;
            return;
          }
          r.diff.push_back(uint32_t(k) << 8 | now[k]);
        }
    }
  }
  // Undo the case: `restore(offset, len)` copies base bytes back into the oracle.
  template <class Restore> void restore(const Result& r, Restore put_back) {
    if (r.overflow) {
      init = base;
      put_back(0u, uint32_t(base.size()));
      dirty.clear();
      return;
    }
    for (uint32_t d : r.diff) dirty.emplace_back(d >> 8, 1);
    for (const auto& [off, len] : dirty) {
      std::memcpy(&init[off], &base[off], len);
      put_back(off, len);
    }
    dirty.clear();
  }
};

// ---------------------------------------------------------------------------------------------
// Our CPU.
struct NullBus : cpu::CpuBus {
  uint8_t mem_read8(uint32_t) override { return 0xFF; }
  void mem_write8(uint32_t, uint8_t) override {}
  uint32_t io_read(uint16_t, unsigned) override { return 0xFFFFFFFFu; }
  void io_write(uint16_t, uint32_t, unsigned) override {}
  uint8_t inta() override { return 0; }
};
struct FirstInterrupt : cpu::CpuObserver {
  int vector = -1;
  void on_interrupt(uint8_t v, Kind, bool, uint32_t, uint32_t, uint32_t) override {
    if (vector < 0) vector = v;
  }
  void on_iret(uint32_t, uint32_t) override {}
  void on_shutdown(const char*) override {}
  void on_unsupported(const char*) override {}
};

class OurCpu {
 public:
  static constexpr uint32_t kRam = 1u << 20;
  static constexpr uint32_t kGdt = 0x80000, kIdt = 0x81000, kHandlers = 0x90000;

  explicit OurCpu(const ModeDesc& md) : md_(md), ram_(kRam, 0), cpu_(bus_, ram_.data(), kRam) {
    cpu_.set_observer(&obs_);
    cpu_.reset();
    cpu::State& st = cpu_.st;
    if (md.real) {
      for (int s = 0; s < 6; ++s) {
        st.seg[s].selector = md.sel[s];
        st.seg[s].base = md.seg_base[s];
        st.seg[s].limit = 0xFFFF;
      }
    } else {
      // Flat 32-bit protected mode as Unicorn's UC_MODE_32 starts (CR0 = PE|ET, selectors 0).
      st.cr0 = cpu::cr0::PE | cpu::cr0::ET;
      for (auto& s : st.seg) {
        s.selector = 0;
        s.base = 0;
        s.limit = 0xFFFFFFFFu;
        s.attr = 0x0C93;  // state.h layout: D/B = 0x400, G = 0x800
        s.valid = true;
      }
      st.seg[CS].attr = 0x0C9B;
      wr64(kGdt + 8, 0x00CF9B000000FFFFull);
      wr64(kGdt + 16, 0x00CF93000000FFFFull);
      for (uint32_t v = 0; v < 256; ++v) {
        const uint32_t off = kHandlers + v * 16;
        wr64(kIdt + v * 8, (off & 0xFFFF) | (uint64_t(0x08) << 16) | (uint64_t(0x8E) << 40) |
                               (uint64_t(off >> 16) << 48));
      }
      st.gdtr = {kGdt, 0x17};
      st.idtr = {kIdt, 0x7FF};
    }
    cpu_.state_changed();
    tmpl_ = st;
  }

  void load_window(const std::vector<uint8_t>& img) {
    std::memcpy(&ram_[md_.win_lo], img.data(), img.size());
    cpu_.invalidate_code(md_.win_lo, uint32_t(img.size()));
  }

  void run(const Case& c, Window& w, Result& r) {
    w.apply(c, [&](uint32_t off, uint8_t b) { ram_[md_.win_lo + off] = b; });
    const uint32_t code_lin = kCodeLin + c.ip;
    cpu_.invalidate_code(code_lin, 16);
    cpu::State& st = cpu_.st;
    const uint64_t cycles = st.cycles;
    st = tmpl_;
    st.cycles = cycles;
    for (int i = 0; i < 8; ++i) st.gpr[i] = c.gpr[i];
    st.eip = code_eip(md_, c.ip);
    st.eflags = c.eflags;
    cpu_.state_changed();
    obs_.vector = -1;
    cpu_.step();
    r = Result{};
    if (obs_.vector >= 0) {
      r.status = Result::Fault;
      r.vector = obs_.vector;
    }
    for (int i = 0; i < 8; ++i) r.gpr[i] = st.gpr[i];
    r.eip = st.eip;
    r.eflags = st.eflags;
    w.diff(&ram_[md_.win_lo], r, 1u << 30);
    w.restore(r, [&](uint32_t off, uint32_t len) {
      std::memcpy(&ram_[md_.win_lo + off], &w.base[off], len);
    });
    cpu_.invalidate_code(code_lin, 16);
  }

 private:
  void wr64(uint32_t a, uint64_t v) { std::memcpy(&ram_[a], &v, 8); }

  ModeDesc md_;
  NullBus bus_;
  FirstInterrupt obs_;
  std::vector<uint8_t> ram_;
  cpu::Cpu cpu_;
  cpu::State tmpl_;
};

// ---------------------------------------------------------------------------------------------
// Unicorn (runs in the forked child).
class UcCpu {
 public:
  explicit UcCpu(const ModeDesc& md) : md_(md) {
    if (uc_open(UC_ARCH_X86, md.real ? UC_MODE_16 : UC_MODE_32, &uc_) != UC_ERR_OK) return;
    uc_mem_map(uc_, md.win_lo, md.win_size, UC_PROT_ALL);
    uc_hook_add(uc_, &hook_, UC_HOOK_INTR, reinterpret_cast<void*>(&UcCpu::on_intr), this, 1, 0);

    if (md.real) {
      static constexpr uc_x86_reg kSeg[6] = {UC_X86_REG_ES, UC_X86_REG_CS, UC_X86_REG_SS,
                                              UC_X86_REG_DS, UC_X86_REG_FS, UC_X86_REG_GS};
      for (int s = 0; s < 6; ++s) {
        uint32_t v = md.sel[s];
        uc_reg_write(uc_, kSeg[s], &v);
      }
    }
    uc_ctl_exits_enable(uc_);
    uc_context_alloc(uc_, &ctx_);
    uc_context_save(uc_, ctx_);
    buf_.resize(md.win_size);
  }
  ~UcCpu() {
    if (ctx_) uc_context_free(ctx_);
    if (uc_) uc_close(uc_);
  }
  bool ok() const { return uc_ != nullptr; }

  void load_window(const std::vector<uint8_t>& img) { uc_mem_write(uc_, md_.win_lo, img.data(), img.size()); }

  void run(const Case& c, Window& w, Result& r) {
    uc_context_restore(uc_, ctx_);
    w.apply(c, [&](uint32_t off, uint8_t b) { uc_mem_write(uc_, md_.win_lo + off, &b, 1); });
    const uint32_t begin = kCodeLin + c.ip;
    uc_ctl_remove_cache(uc_, begin, begin + 16);
    static constexpr uc_x86_reg kGpr[8] = {UC_X86_REG_EAX, UC_X86_REG_ECX, UC_X86_REG_EDX,
                                            UC_X86_REG_EBX, UC_X86_REG_ESP, UC_X86_REG_EBP,
                                            UC_X86_REG_ESI, UC_X86_REG_EDI};
    for (int i = 0; i < 8; ++i) uc_reg_write(uc_, kGpr[i], &c.gpr[i]);
    uint32_t efl = c.eflags;
    uc_reg_write(uc_, UC_X86_REG_EFLAGS, &efl);
    intno_ = -1;
    uc_err err;
    // Stop at the next instruction or at any possible branch target (exits: no translation of
    // the target, and EIP stays an offset in real mode); the count is only a safety net.
    uc_ctl_set_exits(uc_, const_cast<uint64_t*>(c.stops.data()), c.stops.size());
    err = uc_emu_start(uc_, begin, 0, 0, c.branch ? 1 : 1000);
    r = Result{};
    if (intno_ >= 0) {
      r.status = Result::Fault;
      r.vector = intno_;
    } else if (err == UC_ERR_INSN_INVALID) {
      r.status = Result::Fault;
      r.vector = cpu::vec::UD;
    } else if (err != UC_ERR_OK) {
      r.status = Result::Skip;
      r.uc_err = err;
    }
    for (int i = 0; i < 8; ++i) uc_reg_read(uc_, kGpr[i], &r.gpr[i]);
    uc_reg_read(uc_, UC_X86_REG_EIP, &r.eip);
    if (md_.real && r.eip >= md_.seg_base[CS]) r.eip -= md_.seg_base[CS];
    uc_reg_read(uc_, UC_X86_REG_EFLAGS, &r.eflags);
    uc_mem_read(uc_, md_.win_lo, buf_.data(), buf_.size());
    w.diff(buf_.data(), r, 8192);
    w.restore(r, [&](uint32_t off, uint32_t len) {
      uc_mem_write(uc_, md_.win_lo + off, &w.base[off], len);
    });
  }

 private:
  static void on_intr(uc_engine* uc, uint32_t intno, void* self) {
    static_cast<UcCpu*>(self)->intno_ = int(intno);
    uc_emu_stop(uc);
  }

  ModeDesc md_;
  uc_engine* uc_ = nullptr;
  uc_context* ctx_ = nullptr;
  uc_hook hook_{};
  int intno_ = -1;
  std::vector<uint8_t> buf_;
};

// ---------------------------------------------------------------------------------------------
// The child → parent record.
struct WireHeader {
  int32_t status, vector;
  uint32_t uc_err;
  uint32_t gpr[8];
  uint32_t eip, eflags;
  uint32_t ndiff;
  uint32_t overflow;
};

inline bool write_all(int fd, const void* p, size_t n) {
  const char* c = static_cast<const char*>(p);
  while (n) {
    const ssize_t k = ::write(fd, c, n);
    if (k <= 0) return false;
    c += k;
    n -= size_t(k);
  }
  return true;
}
inline bool read_all(int fd, void* p, size_t n) {
  char* c = static_cast<char*>(p);
  while (n) {
    const ssize_t k = ::read(fd, c, n);
    if (k <= 0) return false;
    c += k;
    n -= size_t(k);
  }
  return true;
}
inline bool send_result(int fd, const Result& r) {
  WireHeader h{r.status, r.vector, r.uc_err, {}, r.eip, r.eflags, uint32_t(r.diff.size()),
               uint32_t(r.overflow)};
  std::memcpy(h.gpr, r.gpr, sizeof h.gpr);
  std::vector<char> out(sizeof h + r.diff.size() * 4);
  std::memcpy(out.data(), &h, sizeof h);
  if (!r.diff.empty()) std::memcpy(out.data() + sizeof h, r.diff.data(), r.diff.size() * 4);
  return write_all(fd, out.data(), out.size());
}
inline bool recv_result(int fd, Result& r) {
  WireHeader h;
  if (!read_all(fd, &h, sizeof h)) return false;
  r = Result{};
  r.status = h.status;
  r.vector = h.vector;
  r.uc_err = h.uc_err;
  std::memcpy(r.gpr, h.gpr, sizeof r.gpr);
  r.eip = h.eip;
  r.eflags = h.eflags;
  r.overflow = h.overflow;
  r.diff.resize(h.ndiff);
  return h.ndiff == 0 || read_all(fd, r.diff.data(), h.ndiff * 4);
}

// The variants of a form that run in a mode: registered in our opcode table and not excluded.
inline std::vector<Variant> active_variants(const Form& f, bool real) {
  std::vector<Variant> out;
  if (!implemented(f)) return out;
  for (Variant& v : variants_of(f, real))
    if (!excluded(f, v.name, nullptr)) out.push_back(std::move(v));
  return out;
}

// A request to the Unicorn server: run form `form` (index in kForms) from (start_var, start_case).
struct Request {
  int32_t form;  // -1: exit
  uint32_t start_var, start_case, cases;
};

// The Unicorn side, in a child process that lives for one mode: one UC engine, forms on request,
// one record per case written (and flushed) as soon as it is known, so that a crash names its case.
// Never returns.
[[noreturn]] inline void unicorn_server(const ModeDesc& md, int fd) {
  // Catch2's fatal-signal handlers must not report from the child; Unicorn's abort message is noise.
  for (int s : {SIGABRT, SIGSEGV, SIGILL, SIGFPE, SIGBUS, SIGTERM, SIGPIPE}) signal(s, SIG_DFL);
  const int devnull = open("/dev/null", O_WRONLY);
  if (devnull >= 0) {
    dup2(devnull, 1);
    dup2(devnull, 2);
  }
  UcCpu uc(md);
  if (!uc.ok()) _exit(3);
  Window w;
  Request q;
  Result r;
  while (read_all(fd, &q, sizeof q) && q.form >= 0) {
    const Form& f = kForms[q.form];
    const std::vector<Variant> vars = active_variants(f, md.real);
    w.reset(md, base_image(f, md));
    uc.load_window(w.base);
    for (size_t vi = q.start_var; vi < vars.size(); ++vi) {
      for (uint32_t ci = vi == q.start_var ? q.start_case : 0; ci < q.cases; ++ci) {
        const Case c = gen_case(vars[vi], md, ci);
        uc.run(c, w, r);
        if (!send_result(fd, r)) _exit(4);
      }
    }
  }
  _exit(0);
}

// Parent side of the server: started on demand, restarted after a crash.
class UnicornServer {
 public:
  explicit UnicornServer(const ModeDesc& md) : md_(md) {}
  ~UnicornServer() { stop(); }
  UnicornServer(const UnicornServer&) = delete;
  UnicornServer& operator=(const UnicornServer&) = delete;

  bool request(int form, uint32_t start_var, uint32_t start_case, uint32_t cases) {
    if (pid_ < 0 && !start()) return false;
    const Request q{form, start_var, start_case, cases};
    const char* p = reinterpret_cast<const char*>(&q);
    size_t n = sizeof q;
    while (n) {  // MSG_NOSIGNAL: a dead child must not SIGPIPE the test binary
      const ssize_t k = ::send(fd_, p, n, MSG_NOSIGNAL);
      if (k <= 0) return false;
      p += k;
      n -= size_t(k);
    }
    return true;
  }
  bool recv(Result& r) { return fd_ >= 0 && recv_result(fd_, r); }
  // After a failed recv: collect the dead child; returns its wait status.
  int reap() {
    int status = 0;
    if (fd_ >= 0) close(fd_);
    fd_ = -1;
    if (pid_ > 0) waitpid(pid_, &status, 0);
    pid_ = -1;
    return status;
  }
  void stop() {
    if (pid_ > 0) {
      const Request q{-1, 0, 0, 0};
      ::send(fd_, &q, sizeof q, MSG_NOSIGNAL);
    }
    reap();
  }

 private:
  bool start() {
    int sv[2];
    if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) != 0) return false;
    std::fflush(stdout);
    std::fflush(stderr);
    const pid_t pid = fork();
    if (pid < 0) {
      close(sv[0]);
      close(sv[1]);
      return false;
    }
    if (pid == 0) {
      close(sv[0]);
      unicorn_server(md_, sv[1]);
    }
    close(sv[1]);
    fd_ = sv[0];
    pid_ = pid;
    return true;
  }

  ModeDesc md_;
  pid_t pid_ = -1;
  int fd_ = -1;
};

// ---------------------------------------------------------------------------------------------
// Comparison and reporting.
inline std::string hex_bytes(const uint8_t* b, uint32_t n) {
  std::string s;
  char t[4];
  for (uint32_t i = 0; i < n; ++i) {
    std::snprintf(t, sizeof t, "%02X", b[i]);
    if (i) s += ' ';
    s += t;
  }
  return s;
}

inline std::string flags_str(uint32_t f) {
  static constexpr struct { uint32_t bit; const char* n; } kF[] = {
      {fl::OF, "O"}, {fl::DF, "D"}, {fl::IF, "I"}, {fl::TF, "T"}, {fl::SF, "S"},
      {fl::ZF, "Z"}, {fl::AF, "A"}, {fl::PF, "P"}, {fl::CF, "C"}};
  std::string s;
  for (const auto& x : kF) s += (f & x.bit) ? x.n : "-";
  char t[16];
  std::snprintf(t, sizeof t, " (%05X)", f);
  return s + t;
}

// Empty string: the case agrees. Otherwise a description of every difference.
inline std::string compare(const Case& c, const ModeDesc& md, const Result& ours, const Result& uc) {
  char t[200];
  std::string why;
  if (ours.status == Result::Fault || uc.status == Result::Fault) {
    if (ours.status == uc.status && ours.vector == uc.vector) return {};
    std::snprintf(t, sizeof t, "  exception: ours %s%d, unicorn %s%d\n",
                  ours.status == Result::Fault ? "#" : "none ", ours.vector,
                  uc.status == Result::Fault ? "#" : "none ", uc.vector);
    return t;
  }
  static constexpr const char* kNames[8] = {"EAX", "ECX", "EDX", "EBX", "ESP", "EBP", "ESI", "EDI"};
  for (int i = 0; i < 8; ++i) {
    uint32_t mask = 0xFFFFFFFFu;
    if (i == c.skip_reg && (!c.skip_if_zf || (uc.eflags & fl::ZF))) mask &= ~c.skip_mask;
    if ((ours.gpr[i] ^ uc.gpr[i]) & mask) {
      std::snprintf(t, sizeof t, "  %s: ours %08X unicorn %08X\n", kNames[i], ours.gpr[i], uc.gpr[i]);
      why += t;
    }
  }
  if (ours.eip != uc.eip) {
    std::snprintf(t, sizeof t, "  EIP: ours %08X unicorn %08X\n", ours.eip, uc.eip);
    why += t;
  }
  const uint32_t fm = kFlagsCompared & ~c.undef;
  if ((ours.eflags ^ uc.eflags) & fm) {
    std::snprintf(t, sizeof t, "  EFLAGS (compared %04X): ours %s unicorn %s\n", fm,
                  flags_str(ours.eflags).c_str(), flags_str(uc.eflags).c_str());
    why += t;
  }
  auto filtered = [&](const Result& r) {
    std::vector<uint32_t> d;
    for (uint32_t x : r.diff) {
      const uint32_t lin = md.win_lo + (x >> 8);
      if (c.ign_len && lin >= c.ign_lin && lin < c.ign_lin + c.ign_len) continue;
      d.push_back(x);
    }
    return d;
  };
  const std::vector<uint32_t> od = filtered(ours), ud = filtered(uc);
  if (od != ud || ours.overflow || uc.overflow) {
    auto list = [&](const std::vector<uint32_t>& d, bool ov) {
      std::string s;
      char u[32];
      for (size_t k = 0; k < d.size() && k < 24; ++k) {
        std::snprintf(u, sizeof u, " [%05X]=%02X", md.win_lo + (d[k] >> 8), d[k] & 0xFF);
        s += u;
      }
      if (d.size() > 24) s += " ...";
      if (ov) s += " (more than 8192 bytes changed)";
      return s.empty() ? std::string(" none") : s;
    };
    why += "  memory written: ours" + list(od, ours.overflow) + "\n";
    why += "                unicorn" + list(ud, uc.overflow) + "\n";
  }
  return why;
}

inline std::string describe_case(const Variant& v, const ModeDesc& md, uint32_t index, const Case& c) {
  char t[320];
  std::snprintf(t, sizeof t,
                "%s [%s] case %u (seed %08X)\n  bytes: %s at %04X:%08X\n"
                "  in: EAX=%08X ECX=%08X EDX=%08X EBX=%08X ESP=%08X EBP=%08X ESI=%08X EDI=%08X\n"
                "      EFLAGS=%s undefined-flag mask %04X\n",
                v.form->name, v.name.c_str(), index, case_seed(v, index),
                hex_bytes(c.code, c.len).c_str(), md.sel[CS], code_eip(md, c.ip), c.gpr[0],
                c.gpr[1], c.gpr[2], c.gpr[3], c.gpr[4], c.gpr[5], c.gpr[6], c.gpr[7],
                flags_str(c.eflags).c_str(), c.undef);
  std::string s = t;
  if (!c.patch.empty()) {
    s += "  memory set-up:";
    char u[32];
    for (size_t k = 0; k < c.patch.size() && k < 24; ++k) {
      std::snprintf(u, sizeof u, " [%05X]=%02X", c.patch[k].first, c.patch[k].second);
      s += u;
    }
    if (c.patch.size() > 24) s += " ...";
    s += " (other bytes: the form's random image)\n";
  }
  return s;
}

}  // namespace irq::difftest
