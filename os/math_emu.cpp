// os/math_emu.cpp — the x87 math emulator behind #NM (os/math_emu.h).
//
// Decoding follows the 80386 PRM (chapter 17, ModRM/SIB, 16-bit forms under 0x67) and the 80387's
// opcode map, plus the P6's FCMOVcc and F(U)COMI(P) that Linux's emulator has too (i686 code uses
// them); FISTTP (SSE3) and undefined encodings are SIGILL, as an unknown ESC is for Linux's
// emulator. The data instructions run on the host's x87 (run_reg /
// run_mem below): FRSTOR of the process's state with its precision and rounding control and every
// exception masked, the instruction itself (the same two bytes, its memory operand redirected to a
// host buffer), FNSAVE. The host thus computes exactly what an x87 computes — results, C0-C3,
// tags, TOP, stack faults, masked responses — and this file applies the guest's exception masks.
#include "os/math_emu.h"

#include <array>
#include <cstring>
#include <utility>

#include "cpu/cpu.h"
#include "os/cost.h"
#include "os/kernel.h"

#if !defined(__x86_64__) && !defined(__i386__)
#error "os/math_emu.cpp executes the x87 instructions it emulates on the host: it needs an x86 host"
#endif

namespace irq::os {

namespace {

// FNSAVE's 32-bit protected-mode image (108 bytes), the host's as well as the guest's.
struct alignas(16) HostImage {
  uint8_t b[108];
};
// A memory operand (at most 10 bytes: m80, packed BCD).
struct alignas(16) HostOperand {
  uint8_t b[16];
};

// The register forms: ESC byte 0xD8 + e, ModRM 0xC0..0xFF. The host's own control word is kept
// (FNSAVE reinitialises the FPU).
template <unsigned Esc, unsigned Modrm>
void run_reg(HostImage& img, HostOperand&) {
  uint16_t hcw;
  asm volatile(
      "fnstcw %1\n\t"
      "frstor %0\n\t"
      ".byte %c2, %c3\n\t"
      "fnsave %0\n\t"
      "fldcw %1"
      : "+m"(img), "=m"(hcw)
      : "i"(Esc), "i"(Modrm)
      : "st", "st(1)", "st(2)", "st(3)", "st(4)", "st(5)", "st(6)", "st(7)");
}
// The memory forms: ESC byte 0xD8 + e, ModRM reg field r, operand [rax] (mod 00, r/m 000).
template <unsigned Esc, unsigned Reg>
void run_mem(HostImage& img, HostOperand& op) {
  uint16_t hcw;
  asm volatile(
      "fnstcw %1\n\t"
      "frstor %0\n\t"
      ".byte %c4, %c5\n\t"
      "fnsave %0\n\t"
      "fldcw %1"
      : "+m"(img), "=m"(hcw), "+m"(op)
      : "a"(op.b), "i"(Esc), "i"(Reg << 3)
      : "st", "st(1)", "st(2)", "st(3)", "st(4)", "st(5)", "st(6)", "st(7)");
}
// FCOMI/FUCOMI(P) (ESC DB/DF, ModRM E8-F7): as run_reg, and EFLAGS' ZF PF CF after it.
template <unsigned Esc, unsigned Modrm>
uint32_t run_comi(HostImage& img) {
  uint16_t hcw;
  bool zf, pf, cf;
  asm volatile(
      "fnstcw %1\n\t"
      "frstor %0\n\t"
      ".byte %c5, %c6\n\t"
      "fnsave %0\n\t"
      "fldcw %1"
      : "+m"(img), "=m"(hcw), "=@ccz"(zf), "=@ccp"(pf), "=@ccc"(cf)
      : "i"(Esc), "i"(Modrm)
      : "st", "st(1)", "st(2)", "st(3)", "st(4)", "st(5)", "st(6)", "st(7)");
  return (zf ? 0x40u : 0u) | (pf ? 0x04u : 0u) | (cf ? 0x01u : 0u);
}
// FCMOVE ST(0), ST(i) with ZF = `move`: every FCMOVcc once its condition is evaluated on the
// guest's EFLAGS (the stack checks are the instruction's own, whatever the condition).
template <unsigned I>
void run_fcmov(HostImage& img, bool move) {
  uint16_t hcw;
  asm volatile(
      "fnstcw %1\n\t"
      "frstor %0\n\t"
      "cmpl $1, %k2\n\t"
      ".byte 0xDA, %c3\n\t"
      "fnsave %0\n\t"
      "fldcw %1"
      : "+m"(img), "=m"(hcw)
      : "r"(uint32_t(move)), "i"(0xC8 + I)
      : "cc", "st", "st(1)", "st(2)", "st(3)", "st(4)", "st(5)", "st(6)", "st(7)");
}
template <size_t... I>
constexpr std::array<uint32_t (*)(HostImage&), 32> comi_table(std::index_sequence<I...>) {
  return {{&run_comi<(I < 16 ? 0xDB : 0xDF), 0xE8 + I % 16>...}};
}
template <size_t... I>
constexpr std::array<void (*)(HostImage&, bool), 8> fcmov_table(std::index_sequence<I...>) {
  return {{&run_fcmov<I>...}};
}
constexpr auto kComiFns = comi_table(std::make_index_sequence<32>{});
constexpr auto kFcmovFns = fcmov_table(std::make_index_sequence<8>{});

using HostFn = void (*)(HostImage&, HostOperand&);
template <size_t... I>
constexpr std::array<HostFn, 512> reg_table(std::index_sequence<I...>) {
  return {{&run_reg<0xD8 + I / 64, 0xC0 + I % 64>...}};
}
template <size_t... I>
constexpr std::array<HostFn, 64> mem_table(std::index_sequence<I...>) {
  return {{&run_mem<0xD8 + I / 8, I % 8>...}};
}
constexpr std::array<HostFn, 512> kRegFns = reg_table(std::make_index_sequence<512>{});
constexpr std::array<HostFn, 64> kMemFns = mem_table(std::make_index_sequence<64>{});

// Status word bits.
constexpr uint16_t kIE = 0x01, kDE = 0x02, kZE = 0x04, kOE = 0x08, kUE = 0x10, kPE = 0x20,
                   kSF = 0x40, kES = 0x80, kB = 0x8000;
constexpr uint16_t kExc = 0x3F;          // the six exception flags (and the six masks of the CW)
constexpr uint16_t kCondTop = 0x7F00;    // C3 TOP C2 C1 C0
constexpr uint16_t kNotCompleted = kIE | kDE | kZE | kOE | kUE;  // unmasked: destination untouched

unsigned top_of(const X87State& s) { return (s.sw >> 11) & 7; }

// The tag of a non-empty register from its contents (80387: 00 valid, 01 zero, 10 special).
unsigned tag_of(const uint8_t r[10]) {
  uint64_t mant;
  uint16_t se;
  std::memcpy(&mant, r, 8);
  std::memcpy(&se, r + 8, 2);
  const unsigned exp = se & 0x7FFF;
  if (exp == 0x7FFF) return 2;
  if (exp == 0) return mant == 0 ? 1 : 2;
  return (mant >> 63) ? 0 : 2;  // an unnormal is special
}
uint16_t full_tags(const X87State& s) {
  uint16_t t = 0;
  for (unsigned i = 0; i < 8; ++i) {
    const unsigned cur = (s.tw >> (2 * i)) & 3;
    t |= uint16_t((cur == 3 ? 3 : tag_of(s.r[i])) << (2 * i));
  }
  return t;
}
// ES and B follow the flags: set while an unmasked exception flag is set.
void update_summary(X87State& s) {
  if (s.sw & ~s.cw & kExc)
    s.sw |= kES | kB;
  else
    s.sw &= uint16_t(~(kES | kB));
}

void to_host(const X87State& s, HostImage& img) {
  const uint32_t w[7] = {0xFFFF0000u | s.cw | kExc, 0xFFFF0000u | (s.sw & kCondTop),
                         0xFFFF0000u | s.tw,
                         s.fip, uint32_t(s.fcs) | (uint32_t(s.fop & 0x7FF) << 16), s.foo,
                         0xFFFF0000u | s.fos};
  std::memcpy(img.b, w, sizeof w);
  const unsigned top = top_of(s);
  for (unsigned i = 0; i < 8; ++i) std::memcpy(img.b + 28 + 10 * i, s.r[(top + i) & 7], 10);
}
void from_host(const HostImage& img, X87State& s) {
  uint16_t sw, tw;
  std::memcpy(&sw, img.b + 4, 2);
  std::memcpy(&tw, img.b + 8, 2);
  s.sw = sw;
  s.tw = tw;
  const unsigned top = top_of(s);
  for (unsigned i = 0; i < 8; ++i) std::memcpy(s.r[(top + i) & 7], img.b + 28 + 10 * i, 10);
}

// ---- the environment images (PRM 80387 chapter: FSTENV/FSAVE formats) -------------------------

// 32-bit protected mode: 28 bytes; 16-bit (operand-size prefix): 14 bytes.
void store_env(const X87State& s, bool o16, uint8_t* out) {
  const uint16_t tw = full_tags(s);
  if (o16) {
    const uint16_t w[7] = {s.cw, s.sw, tw, uint16_t(s.fip), s.fcs, uint16_t(s.foo), s.fos};
    std::memcpy(out, w, 14);
  } else {
    const uint32_t w[7] = {0xFFFF0000u | s.cw, 0xFFFF0000u | s.sw, 0xFFFF0000u | tw, s.fip,
                           uint32_t(s.fcs) | (uint32_t(s.fop & 0x7FF) << 16), s.foo,
                           0xFFFF0000u | s.fos};
    std::memcpy(out, w, 28);
  }
}
void load_env(X87State& s, bool o16, const uint8_t* in) {
  if (o16) {
    uint16_t w[7];
    std::memcpy(w, in, 14);
    s.cw = w[0]; s.sw = w[1]; s.tw = w[2];
    s.fip = w[3]; s.fcs = w[4]; s.foo = w[5]; s.fos = w[6];
    s.fop = 0;
  } else {
    uint32_t w[7];
    std::memcpy(w, in, 28);
    s.cw = uint16_t(w[0]); s.sw = uint16_t(w[1]); s.tw = uint16_t(w[2]);
    s.fip = w[3]; s.fcs = uint16_t(w[4]); s.fop = uint16_t((w[4] >> 16) & 0x7FF);
    s.foo = w[5]; s.fos = uint16_t(w[6]);
  }
  s.cw = uint16_t((s.cw & 0x1F3F) | 0x0040);  // reserved bits: bit 6 reads 1, 13-15 read 0
  // Only "empty" is taken from a loaded tag word; the others follow the contents.
  s.tw = full_tags(s);
  update_summary(s);
}
void fninit(X87State& s) {
  s.cw = 0x037F;
  s.sw = 0;
  s.tw = 0xFFFF;
  s.fip = s.foo = 0;
  s.fcs = s.fos = s.fop = 0;
}

// ---- decoding ----------------------------------------------------------------------------------

struct Decoded {
  uint32_t len = 0;      // bytes, prefixes included
  uint8_t esc = 0;       // 0..7 (ESC byte - 0xD8)
  uint8_t modrm = 0;
  bool o16 = false, a16 = false, lock = false;
  bool mem = false;
  uint32_t off = 0;      // effective address (offset in the segment)
  uint16_t sel = 0;      // the segment's selector
  int seg = -1;          // cpu::SegReg of an override, -1 none
  bool ss_default = false;
};

uint32_t gpr(const TrapFrame& r, unsigned i) {
  switch (i & 7) {
    case 0: return r.eax;
    case 1: return r.ecx;
    case 2: return r.edx;
    case 3: return r.ebx;
    case 4: return r.esp;
    case 5: return r.ebp;
    case 6: return r.esi;
    default: return r.edi;
  }
}

uint16_t seg_selector(const TrapFrame& r, int seg) {
  switch (seg) {
    case cpu::ES: return uint16_t(r.es);
    case cpu::CS: return uint16_t(r.cs);
    case cpu::SS: return uint16_t(r.ss);
    case cpu::FS: return uint16_t(r.fs);
    case cpu::GS: return uint16_t(r.gs);
    default: return uint16_t(r.ds);
  }
}

// The base of the segment a user selector names (flat 0, or a TLS slot's base); false for the
// null selector or one that names nothing (the access would be #GP).
bool seg_base(const Process& p, uint16_t sel, uint32_t& base) {
  if ((sel & ~3u) == 0 || (sel & 4)) return false;
  const unsigned idx = sel >> 3;
  if (idx >= 6 && idx <= 8) {
    const UserDesc& d = p.tls[idx - 6];
    if (d.empty() || d.entry == ~0u) return false;
    base = d.base;
    return true;
  }
  base = 0;
  return true;
}

// ---- signals -----------------------------------------------------------------------------------

// A synchronous signal: it cannot be blocked or ignored (force_sig_fault), as in user_exception.
void force_signal(Kernel& k, Process& p, int sig, int code, uint32_t addr, uint32_t trapno) {
  SigInfo si;
  si.signo = sig;
  si.code = code;
  si.w[0] = addr;
  p.regs.vector = trapno;
  p.regs.error = 0;
  const uint64_t bit = 1ull << (sig - 1);
  if ((p.blocked & bit) || p.act[sig].handler == 1) {
    p.blocked &= ~bit;
    if (p.act[sig].handler == 1) p.act[sig].handler = 0;
  }
  k.send_signal(p, sig, si, true);
}

// A user access of [va, va + n) failed: the page fault a real access would take, through the
// kernel's own #PF path (SIGSEGV SEGV_MAPERR/SEGV_ACCERR or SIGBUS with the address, CR2 set).
void access_fault(Kernel& k, Process& p, uint32_t va, uint32_t n, bool write) {
  uint32_t a = va;
  Memory::Fault r = Memory::Fault::MapErr;
  for (unsigned guard = 0; guard < 4; ++guard) {
    r = k.mem_.handle_fault(p.as, a, write);
    if (r != Memory::Fault::Fixed) break;
    const uint32_t next = (a & ~0xFFFu) + kPageSize;
    if (next - va >= n || next == 0) break;  // every page resolves (should not happen)
    a = next;
  }
  if (r == Memory::Fault::Fixed) {  // every page resolves now (cannot happen): a plain SIGSEGV
    force_signal(k, p, lx::kSIGSEGV, 1, va, 14);  // SEGV_MAPERR
    return;
  }
  k.cpu_.st.cr2 = a;
  p.regs.vector = 14;
  const uint32_t present = (r == Memory::Fault::AccErr) ? 1 : 0;
  k.user_exception(p, 14, 4u | (write ? 2u : 0u) | present);
}

bool user_read(Kernel& k, Process& p, uint32_t va, void* dst, uint32_t n) {
  if (k.mem_.copy_in(p.as, va, dst, n)) return true;
  access_fault(k, p, va, n, false);
  return false;
}
// Writes are all or nothing: every page is made writable first (COW, demand zero).
bool user_write(Kernel& k, Process& p, uint32_t va, const void* src, uint32_t n) {
  bool ok = uint64_t(va) + n <= kUserEnd;
  for (uint32_t a = va & ~0xFFFu; ok && a < va + n; a += kPageSize)
    ok = k.mem_.handle_fault(p.as, a, true) == Memory::Fault::Fixed;
  if (ok && k.mem_.copy_out(p.as, va, src, n)) return true;
  access_fault(k, p, va, n, true);
  return false;
}

// Linux's fpu__exception_code: which si_code a pending unmasked exception reports.
int fpe_code(const X87State& s) {
  const uint16_t err = s.sw & ~s.cw;
  if (err & kIE) return 7;          // FPE_FLTINV (stack faults too)
  if (err & kZE) return 3;          // FPE_FLTDIV
  if (err & kOE) return 4;          // FPE_FLTOVF
  if (err & (kUE | kDE)) return 5;  // FPE_FLTUND
  if (err & kPE) return 6;          // FPE_FLTRES
  return 0x80;                      // SI_KERNEL
}

// ---- instruction classes -----------------------------------------------------------------------

enum class Kind : uint8_t {
  Ill, Host, Fcomi, Fcmov, Nop, Fnclex, Fninit, FnstswAx, Fldcw, Fnstcw, Fldenv, Fnstenv, Frstor,
  Fnsave, FnstswM
};

struct MemInfo {
  Kind kind;
  uint8_t rd, wr;  // operand bytes read before, written after the host runs it
};

MemInfo mem_info(unsigned e, unsigned reg) {
  switch (e) {
    case 0: return {Kind::Host, 4, 0};  // FADD..FDIVR m32real
    case 1:
      switch (reg) {
        case 0: return {Kind::Host, 4, 0};   // FLD m32real
        case 2: case 3: return {Kind::Host, 0, 4};  // FST(P) m32real
        case 4: return {Kind::Fldenv, 0, 0};
        case 5: return {Kind::Fldcw, 0, 0};
        case 6: return {Kind::Fnstenv, 0, 0};
        case 7: return {Kind::Fnstcw, 0, 0};
        default: return {Kind::Ill, 0, 0};
      }
    case 2: return {Kind::Host, 4, 0};  // FIADD..FIDIVR m32int
    case 3:
      switch (reg) {
        case 0: return {Kind::Host, 4, 0};          // FILD m32int
        case 2: case 3: return {Kind::Host, 0, 4};  // FIST(P) m32int
        case 5: return {Kind::Host, 10, 0};         // FLD m80real
        case 7: return {Kind::Host, 0, 10};         // FSTP m80real
        default: return {Kind::Ill, 0, 0};          // FISTTP (SSE3), reserved
      }
    case 4: return {Kind::Host, 8, 0};  // m64real arithmetic
    case 5:
      switch (reg) {
        case 0: return {Kind::Host, 8, 0};          // FLD m64real
        case 2: case 3: return {Kind::Host, 0, 8};  // FST(P) m64real
        case 4: return {Kind::Frstor, 0, 0};
        case 6: return {Kind::Fnsave, 0, 0};
        case 7: return {Kind::FnstswM, 0, 0};
        default: return {Kind::Ill, 0, 0};          // FISTTP m64 (SSE3), reserved
      }
    case 6: return {Kind::Host, 2, 0};  // m16int arithmetic
    default:
      switch (reg) {
        case 0: return {Kind::Host, 2, 0};          // FILD m16int
        case 2: case 3: return {Kind::Host, 0, 2};  // FIST(P) m16int
        case 4: return {Kind::Host, 10, 0};         // FBLD
        case 5: return {Kind::Host, 8, 0};          // FILD m64int
        case 6: return {Kind::Host, 0, 10};         // FBSTP
        case 7: return {Kind::Host, 0, 8};          // FISTP m64int
        default: return {Kind::Ill, 0, 0};          // FISTTP m16 (SSE3)
      }
  }
}

Kind reg_kind(unsigned e, unsigned m) {
  switch (e) {
    case 0: return Kind::Host;  // FADD..FDIVR ST, ST(i)
    case 1:
      if (m <= 0xD0) return Kind::Host;  // FLD ST(i), FXCH, FNOP
      if (m < 0xD8) return Kind::Ill;
      if (m < 0xE0) return Kind::Host;   // FSTP1 (the 387's alias of FSTP ST(i))
      // FCHS FABS FTST FXAM
      if (m == 0xE0 || m == 0xE1 || m == 0xE4 || m == 0xE5) return Kind::Host;
      if (m >= 0xE8 && m <= 0xEE) return Kind::Host;  // FLD1 FLDL2T FLDL2E FLDPI FLDLG2 FLDLN2 FLDZ
      if (m >= 0xF0) return Kind::Host;  // F2XM1 .. FCOS
      return Kind::Ill;
    // FCMOVcc and F(U)COMI(P) are P6 instructions, emulated as Linux's math-emu does (since 4.3):
    // i686 code (Debian's i386 baseline) uses them.
    case 2:
      if (m < 0xE0) return Kind::Fcmov;                // FCMOVB FCMOVE FCMOVBE FCMOVU
      return m == 0xE9 ? Kind::Host : Kind::Ill;       // FUCOMPP
    case 3:
      if (m < 0xE0) return Kind::Fcmov;                // FCMOVNB FCMOVNE FCMOVNBE FCMOVNU
      if (m == 0xE2) return Kind::Fnclex;
      if (m == 0xE3) return Kind::Fninit;
      // FNENI FNDISI FNSETPM: no-ops on a 387
      if (m == 0xE0 || m == 0xE1 || m == 0xE4) return Kind::Nop;
      if (m >= 0xE8 && m < 0xF8) return Kind::Fcomi;  // FUCOMI, FCOMI
      return Kind::Ill;
    case 4: return Kind::Host;  // FADD..FDIV ST(i), ST; FCOM2/FCOMP3 aliases
    case 5: return m < 0xF0 ? Kind::Host : Kind::Ill;  // FFREE FXCH4 FST FSTP FUCOM FUCOMP
    case 6: return ((m >> 3) & 7) == 3 && m != 0xD9 ? Kind::Ill : Kind::Host;  // ..P, FCOMPP
    default:
      if (m < 0xE0) return Kind::Host;  // FFREEP, FXCH7, FSTP8, FSTP9 (387 aliases)
      if (m == 0xE0) return Kind::FnstswAx;
      if (m >= 0xE8 && m < 0xF8) return Kind::Fcomi;  // FUCOMIP, FCOMIP
      return Kind::Ill;
  }
}

// What the operation costs beyond cost::kMathEmu.
uint64_t extra_cost(const Decoded& d) {
  const unsigned reg = (d.modrm >> 3) & 7;
  const bool arith = d.esc == 0 || d.esc == 4 || (d.mem && (d.esc == 2 || d.esc == 6)) ||
                     (!d.mem && d.esc == 6);
  if (arith && reg >= 6) return cost::kMathEmuDivide;
  if (d.mem && d.esc == 7 && (reg == 4 || reg == 6)) return cost::kMathEmuBcd;
  if (!d.mem && d.esc == 1) {
    switch (d.modrm) {
      case 0xFA: return cost::kMathEmuSqrt;
      case 0xF5: case 0xF8: return cost::kMathEmuDivide;  // FPREM1, FPREM
      case 0xF0: case 0xF1: case 0xF2: case 0xF3: case 0xF9: case 0xFB: case 0xFE: case 0xFF:
        return cost::kMathEmuTranscendental;
      default: break;
    }
  }
  return 0;
}

}  // namespace

// ---- entry -------------------------------------------------------------------------------------

bool math_emulate(Kernel& k, Process& p) {
  TrapFrame& r = p.regs;
  X87State& s = p.fpu.x87;
  const uint32_t eip = r.eip;
  Decoded d;
  uint8_t byte = 0;
  auto fetch = [&](uint8_t& out) {
    if (!k.mem_.copy_in(p.as, eip + d.len, &out, 1)) {
      access_fault(k, p, eip + d.len, 1, false);
      return false;
    }
    ++d.len;
    return true;
  };
  // Prefixes.
  for (;;) {
    if (d.len >= 14) {  // longer than 15 bytes: #GP
      force_signal(k, p, lx::kSIGSEGV, 0x80, 0, 13);
      return true;
    }
    if (!fetch(byte)) return true;
    switch (byte) {
      case 0x26: d.seg = cpu::ES; continue;
      case 0x2E: d.seg = cpu::CS; continue;
      case 0x36: d.seg = cpu::SS; continue;
      case 0x3E: d.seg = cpu::DS; continue;
      case 0x64: d.seg = cpu::FS; continue;
      case 0x65: d.seg = cpu::GS; continue;
      case 0x66: d.o16 = true; continue;
      case 0x67: d.a16 = true; continue;
      case 0xF0: d.lock = true; continue;
      case 0xF2: case 0xF3: continue;
      default: break;
    }
    break;
  }
  if (byte < 0xD8 || byte > 0xDF) return false;
  d.esc = uint8_t(byte - 0xD8);
  if (!fetch(d.modrm)) return true;
  const unsigned mod = d.modrm >> 6, reg = (d.modrm >> 3) & 7, rm = d.modrm & 7;
  d.mem = mod != 3;
  if (d.mem) {
    auto disp = [&](unsigned bytes, uint32_t& v) {
      uint8_t b[4] = {};
      for (unsigned i = 0; i < bytes; ++i)
        if (!fetch(b[i])) return false;
      if (bytes == 1) v = uint32_t(int32_t(int8_t(b[0])));
      else if (bytes == 2) v = uint32_t(b[0] | (b[1] << 8));
      else v = uint32_t(b[0] | (b[1] << 8) | (b[2] << 16) | (uint32_t(b[3]) << 24));
      return true;
    };
    uint32_t ea = 0, dv = 0;
    if (d.a16) {
      static constexpr uint8_t kBase[8] = {3, 3, 5, 5, 6, 7, 5, 3};    // BX BX BP BP SI DI BP BX
      static constexpr int8_t kIndex[8] = {6, 7, 6, 7, -1, -1, -1, -1};  // SI DI SI DI
      if (mod == 0 && rm == 6) {
        if (!disp(2, dv)) return true;
        ea = dv;
      } else {
        ea = gpr(r, kBase[rm]);
        if (kIndex[rm] >= 0) ea += gpr(r, unsigned(kIndex[rm]));
        d.ss_default = rm == 2 || rm == 3 || rm == 6;
        if (mod == 1 && !disp(1, dv)) return true;
        if (mod == 2 && !disp(2, dv)) return true;
        ea += dv;
      }
      ea &= 0xFFFF;
    } else {
      if (rm == 4) {
        uint8_t sib;
        if (!fetch(sib)) return true;
        const unsigned scale = sib >> 6, index = (sib >> 3) & 7, base = sib & 7;
        if (index != 4) ea = gpr(r, index) << scale;
        if (base == 5 && mod == 0) {
          if (!disp(4, dv)) return true;
          ea += dv;
        } else {
          ea += gpr(r, base);
          d.ss_default = base == 4 || base == 5;
        }
      } else if (rm == 5 && mod == 0) {
        if (!disp(4, dv)) return true;
        ea = dv;
      } else {
        ea = gpr(r, rm);
        d.ss_default = rm == 5;
      }
      dv = 0;
      if (mod == 1 && !disp(1, dv)) return true;
      if (mod == 2 && !disp(4, dv)) return true;
      ea += dv;
    }
    d.off = ea;
    d.sel = seg_selector(r, d.seg >= 0 ? d.seg : d.ss_default ? int(cpu::SS) : int(cpu::DS));
  }
  if (d.lock) {  // LOCK with an ESC instruction: #UD
    force_signal(k, p, lx::kSIGILL, 2, eip, 6);  // ILL_ILLOPN
    return true;
  }

  Kind kind;
  MemInfo mi{Kind::Host, 0, 0};
  if (d.mem) {
    mi = mem_info(d.esc, reg);
    kind = mi.kind;
  } else {
    kind = reg_kind(d.esc, d.modrm);
  }
  if (kind == Kind::Ill) {  // not an 80387 instruction (Linux's emulator: SIGILL)
    force_signal(k, p, lx::kSIGILL, 2, eip, 6);
    return true;
  }
  k.charge(cost::kMathEmu + extra_cost(d));
  ++p.fpu.emulated;

  // A pending unmasked exception is reported by the next waiting instruction (the 387's ERROR#
  // → #MF; Linux's emulator checks SW_Summary first): SIGFPE, the instruction not executed.
  const bool nowait = kind == Kind::Fnclex || kind == Kind::Fninit || kind == Kind::FnstswAx ||
                      kind == Kind::Fnstcw || kind == Kind::Fnstenv || kind == Kind::Fnsave ||
                      kind == Kind::FnstswM || kind == Kind::Nop;
  if (!nowait && (s.sw & kES)) {
    force_signal(k, p, lx::kSIGFPE, fpe_code(s), eip, 16);
    return true;
  }

  uint32_t lin = 0;
  if (d.mem) {
    uint32_t base = 0;
    if (!seg_base(p, d.sel, base)) {  // a null or unusable segment: #GP(0)
      p.regs.vector = 13;
      k.user_exception(p, 13, 0);
      return true;
    }
    lin = base + d.off;
  }
  const uint32_t next_eip = eip + d.len;

  switch (kind) {
    case Kind::Nop:
      break;
    case Kind::Fnclex:
      s.sw &= uint16_t(~(kExc | kSF | kES | kB));
      break;
    case Kind::Fninit:
      fninit(s);
      break;
    case Kind::FnstswAx:
      r.eax = (r.eax & 0xFFFF0000u) | s.sw;
      break;
    case Kind::FnstswM:
      if (!user_write(k, p, lin, &s.sw, 2)) return true;
      k.charge(cost::copy(2));
      break;
    case Kind::Fnstcw:
      if (!user_write(k, p, lin, &s.cw, 2)) return true;
      k.charge(cost::copy(2));
      break;
    case Kind::Fldcw: {
      uint16_t cw;
      if (!user_read(k, p, lin, &cw, 2)) return true;
      k.charge(cost::copy(2));
      s.cw = uint16_t((cw & 0x1F3F) | 0x0040);
      update_summary(s);
      break;
    }
    case Kind::Fnstenv: {
      uint8_t env[28];
      const uint32_t n = d.o16 ? 14 : 28;
      store_env(s, d.o16, env);
      if (!user_write(k, p, lin, env, n)) return true;
      k.charge(cost::copy(n));
      s.cw |= kExc;  // FNSTENV masks every exception after storing
      update_summary(s);
      break;
    }
    case Kind::Fldenv: {
      uint8_t env[28];
      const uint32_t n = d.o16 ? 14 : 28;
      if (!user_read(k, p, lin, env, n)) return true;
      k.charge(cost::copy(n));
      load_env(s, d.o16, env);
      break;
    }
    case Kind::Fnsave: {
      uint8_t img[108];
      const uint32_t n = d.o16 ? 94 : 108;
      store_env(s, d.o16, img);
      const unsigned top = top_of(s);
      for (unsigned i = 0; i < 8; ++i) std::memcpy(img + (n - 80) + 10 * i, s.r[(top + i) & 7], 10);
      if (!user_write(k, p, lin, img, n)) return true;
      k.charge(cost::copy(n));
      fninit(s);
      break;
    }
    case Kind::Frstor: {
      uint8_t img[108];
      const uint32_t n = d.o16 ? 94 : 108;
      if (!user_read(k, p, lin, img, n)) return true;
      k.charge(cost::copy(n));
      X87State t = s;
      uint32_t sw32 = 0;
      std::memcpy(&sw32, img + (d.o16 ? 2 : 4), 2);
      const unsigned top = (sw32 >> 11) & 7;
      for (unsigned i = 0; i < 8; ++i) std::memcpy(t.r[(top + i) & 7], img + (n - 80) + 10 * i, 10);
      load_env(t, d.o16, img);
      s = t;
      break;
    }
    case Kind::Fcomi:
    case Kind::Fcmov:
    case Kind::Host: {
      HostOperand op{};
      if (mi.rd) {
        if (!user_read(k, p, lin, op.b, mi.rd)) return true;
        k.charge(cost::copy(mi.rd));
      }
      HostImage img;
      to_host(s, img);
      uint32_t zpc = 0;  // FCOMI's ZF PF CF
      if (kind == Kind::Fcomi) {
        zpc = kComiFns[(d.esc == 7 ? 16u : 0u) + (d.modrm - 0xE8u)](img);
      } else if (kind == Kind::Fcmov) {
        const uint32_t f = r.eflags;
        const bool cf = f & 1, zf = f & 0x40, pf = f & 4;
        bool c = false;
        switch (reg & 3) {
          case 0: c = cf; break;
          case 1: c = zf; break;
          case 2: c = cf || zf; break;
          default: c = pf; break;
        }
        if (d.esc == 3) c = !c;  // the FCMOVNcc forms
        kFcmovFns[rm](img, c);
      } else {
        const unsigned idx = d.mem ? d.esc * 8u + reg : d.esc * 64u + (d.modrm - 0xC0u);
        (d.mem ? kMemFns[idx] : kRegFns[idx])(img, op);
      }
      X87State n = s;
      from_host(img, n);
      const uint16_t raised = n.sw & (kExc | kSF);
      const uint16_t unmasked = raised & ~s.cw & kExc;
      X87State out = (unmasked & kNotCompleted) ? s : n;
      // C0-C3 from the operation (C1 tells a stack overflow from an underflow); TOP from the
      // state kept; the flags accumulate.
      out.sw = uint16_t((out.sw & 0x3800) | (n.sw & 0x4700) | (s.sw & (kExc | kSF)) | raised);
      update_summary(out);
      // FCOMI: ZF PF CF as compared, OF SF AF cleared.
      if (kind == Kind::Fcomi && !(unmasked & kNotCompleted))
        r.eflags = (r.eflags & ~0x8D5u) | zpc;
      if (mi.wr && !(unmasked & kNotCompleted)) {
        if (!user_write(k, p, lin, op.b, mi.wr)) return true;
        k.charge(cost::copy(mi.wr));
      }
      // The instruction and operand pointers (the 387 keeps them for exception handlers).
      out.fip = eip;
      out.fcs = uint16_t(r.cs);
      out.fop = uint16_t(((d.esc & 7) << 8) | d.modrm);
      if (d.mem) {
        out.foo = d.off;
        out.fos = d.sel;
      }
      s = out;
      break;
    }
    case Kind::Ill:
      break;
  }
  r.eip = next_eip;
  return true;
}

void math_signal_enter(Process& p, uint32_t frame) {
  MathEmu& m = p.fpu;
  if (m.saved.size() >= MathEmu::kMaxSaved) m.saved.erase(m.saved.begin());
  m.saved.push_back({frame, m.x87});
  // Linux's handle_signal: the handler starts with a clean FPU (fpu__clear_user_states).
  m.x87 = X87State{};
}

void math_signal_return(Process& p, uint32_t frame) {
  MathEmu& m = p.fpu;
  for (size_t i = m.saved.size(); i-- > 0;) {
    if (m.saved[i].frame != frame) continue;
    m.x87 = m.saved[i].x87;
    m.saved.resize(i);  // this frame and the handlers left without sigreturn above it
    return;
  }
}

void math_exec_reset(Process& p) { p.fpu = MathEmu{}; }

}  // namespace irq::os
