// cpu/exec_alu.cpp — integer arithmetic and logic (Intel 80386 Programmer's Reference Manual,
// chapter 17, one page per mnemonic; flags per Appendix C), plus the i486+ integer additions that
// gcc and musl emit:
//   ADD OR ADC SBB AND SUB XOR CMP (00-3D, 80/81 and via the decoder 82/83), TEST (84 85 A8 A9,
//   F6/F7 /0 /1), NOT NEG MUL IMUL DIV IDIV (F6/F7 /2-/7), IMUL (0F AF, 69, 6B), INC/DEC (40-4F,
//   FE/FF /0 /1), shifts and rotates (C0 C1 D0-D3), SHLD/SHRD (0F A4 A5 AC AD), BT BTS BTR BTC
//   (0F A3 AB B3 BB, 0F BA /4-/7), BSF/BSR (0F BC BD), SETcc (0F 90-9F), CMOVcc (0F 40-4F, P6),
//   DAA DAS AAA AAS AAM AAD (27 2F 37 3F D4 D5), SALC (D6, undocumented), CBW/CWDE CWD/CDQ
//   (98 99); i486: XADD (0F C0 C1), CMPXCHG (0F B0 B1), BSWAP (0F C8-CF); Pentium: CMPXCHG8B
//   (0F C7 /1).
//
// The arithmetic itself (results and flags, including the choices made for undefined flags) is in
// alu.h; handlers here fetch operands, call it, and store. Every handler reads and checks
// everything that can fault before it changes anything: memory destinations are written before
// EFLAGS and registers, so a #GP/#SS/#PF on the store leaves the state as it was (the run loop
// restores only EIP and ESP).
#include "alu.h"
#include "cpu.h"

namespace irq::cpu {
namespace {

using namespace alu;
using u8 = uint8_t;
using u16 = uint16_t;
using u32 = uint32_t;

// Extra clocks when the form that ran costs more than the row the decoder charged (rows only, no
// bare numbers; callers guarantee `to` >= `from` in the column used).
inline void charge_delta(Cpu& c, const Insn& i, Clk to, Clk from) {
  const bool pm = c.st.protected_mode(), mem = i.is_mem();
  c.charge(clocks_of(to, pm, mem) - clocks_of(from, pm, mem));
}
// The early-out multiply term (PRM IMUL/MUL notes); the +3 for a memory multiplier is the
// MUL_MEM_EXTRA row every multiply is registered with.
inline void charge_mul(Cpu& c, uint64_t magnitude) { c.charge(mul_clocks(magnitude)); }

// 16-bit address size wraps offsets at 64 KiB (PRM §2.5.3.2).
inline u32 wrap_offset(const Insn& i, u32 off) { return i.a32 ? off : (off & 0xFFFF); }

// ---- two-operand ALU rows 00-3D and groups 80/81 ------------------------------------------------
// Op is the row (ADD=0 .. CMP=7); CMP computes flags only (PRM CMP).

template <unsigned Op, class T> void alu_rm_r(Cpu& c, const Insn& i) {  // 00 01 08 09 ... 38 39
  u32 f = c.st.eflags;
  if (i.mod == 3) {
    T& d = c.reg<T>(i.rm);
    const T r = alu2<Op, T>(f, d, c.reg<T>(i.reg));
    if constexpr (Op != kCmp) d = r;
  } else {
    const u32 off = c.ea(i);
    const T r = alu2<Op, T>(f, c.rd<T>(i.seg, off), c.reg<T>(i.reg));
    if constexpr (Op != kCmp) c.wr<T>(i.seg, off, r);
  }
  c.st.eflags = f;
}
template <unsigned Op, class T> void alu_r_rm(Cpu& c, const Insn& i) {  // 02 03 0A 0B ... 3A 3B
  const T s = c.read_rm<T>(i);
  u32 f = c.st.eflags;
  T& d = c.reg<T>(i.reg);
  const T r = alu2<Op, T>(f, d, s);
  if constexpr (Op != kCmp) d = r;
  c.st.eflags = f;
}
template <unsigned Op, class T> void alu_acc_imm(Cpu& c, const Insn& i) {  // 04 05 ... 3C 3D
  u32 f = c.st.eflags;
  T& d = c.reg<T>(EAX);
  const T r = alu2<Op, T>(f, d, T(i.imm));
  if constexpr (Op != kCmp) d = r;
  c.st.eflags = f;
}
template <unsigned Op, class T> void alu_rm_imm(Cpu& c, const Insn& i) {  // 80/81 (82/83) /Op
  u32 f = c.st.eflags;
  if (i.mod == 3) {
    T& d = c.reg<T>(i.rm);
    const T r = alu2<Op, T>(f, d, T(i.imm));
    if constexpr (Op != kCmp) d = r;
  } else {
    const u32 off = c.ea(i);
    const T r = alu2<Op, T>(f, c.rd<T>(i.seg, off), T(i.imm));
    if constexpr (Op != kCmp) c.wr<T>(i.seg, off, r);
  }
  c.st.eflags = f;
}

// ---- TEST, NOT, NEG -----------------------------------------------------------------------------
template <class T> void test_rm_r(Cpu& c, const Insn& i) {  // 84 85
  const T v = c.read_rm<T>(i);
  logic<T>(c.st.eflags, T(v & c.reg<T>(i.reg)));
}
template <class T> void test_acc_imm(Cpu& c, const Insn& i) {  // A8 A9
  logic<T>(c.st.eflags, T(c.reg<T>(EAX) & T(i.imm)));
}
// F6/F7 /0, and /1: an undocumented alias of /0 that the 386 executes as TEST (80286 vectors mark
// it "alias"; Unicorn's #UD here is a known Unicorn error, see shared/reference/oracles.md).
template <class T> void test_rm_imm(Cpu& c, const Insn& i) {
  const T v = c.read_rm<T>(i);
  logic<T>(c.st.eflags, T(v & T(i.imm)));
}
template <class T> void not_rm(Cpu& c, const Insn& i) {  // F6/F7 /2: no flags (PRM NOT)
  if (i.mod == 3) {
    c.reg<T>(i.rm) = T(~c.reg<T>(i.rm));
  } else {
    const u32 off = c.ea(i);
    c.wr<T>(i.seg, off, T(~c.rd<T>(i.seg, off)));
  }
}
template <class T> void neg_rm(Cpu& c, const Insn& i) {  // F6/F7 /3
  u32 f = c.st.eflags;
  if (i.mod == 3) {
    T& d = c.reg<T>(i.rm);
    d = neg<T>(f, d);
  } else {
    const u32 off = c.ea(i);
    c.wr<T>(i.seg, off, neg<T>(f, c.rd<T>(i.seg, off)));
  }
  c.st.eflags = f;
}

// ---- MUL, IMUL, DIV, IDIV -----------------------------------------------------------------------
// Accumulator forms: 8-bit AX <- AL * r/m8; 16/32-bit (E)DX:(E)AX <- (E)AX * r/m (PRM MUL, IMUL).
template <class T> void store_wide(Cpu& c, Wide<T> w) {
  if constexpr (sizeof(T) == 1) {
    c.r16(EAX) = u16((w.hi << 8) | w.lo);
  } else {
    c.reg<T>(EAX) = w.lo;
    c.reg<T>(EDX) = w.hi;
  }
}
template <class T> void mul_rm(Cpu& c, const Insn& i) {  // F6/F7 /4
  const T m = c.read_rm<T>(i);
  store_wide<T>(c, mul<T>(c.st.eflags, c.reg<T>(EAX), m));
  charge_mul(c, m);
}
template <class T> void imul_rm(Cpu& c, const Insn& i) {  // F6/F7 /5
  const T m = c.read_rm<T>(i);
  store_wide<T>(c, imul<T>(c.st.eflags, c.reg<T>(EAX), m));
  charge_mul(c, magnitude_signed<T>(m));
}
// 0F AF IMUL r, r/m: the r/m operand is the multiplier.
template <class T> void imul_r_rm(Cpu& c, const Insn& i) {
  const T m = c.read_rm<T>(i);
  T& d = c.reg<T>(i.reg);
  d = imul<T>(c.st.eflags, d, m).lo;
  charge_mul(c, magnitude_signed<T>(m));
}
// 69 / 6B IMUL r, r/m, imm (6B's imm8 arrives sign-extended): the immediate is the multiplier
// (the printed ranges, 9-14 for 6B and 9-22/9-38 for 69, are those of an imm8/imm16/imm32 one).
template <class T> void imul_r_rm_imm(Cpu& c, const Insn& i) {
  const T s = c.read_rm<T>(i);
  const T m = T(i.imm);
  c.reg<T>(i.reg) = imul<T>(c.st.eflags, s, m).lo;
  charge_mul(c, magnitude_signed<T>(m));
}

// Divide error is a fault (PRM §9.8.1): raise before any register changes.
template <class T, bool Signed_> void div_rm(Cpu& c, const Insn& i) {  // F6/F7 /6 /7
  const T d = c.read_rm<T>(i);
  T hi, lo;
  if constexpr (sizeof(T) == 1) {
    hi = c.r8(4);  // AH
    lo = c.r8(0);  // AL
  } else {
    hi = c.reg<T>(EDX);
    lo = c.reg<T>(EAX);
  }
  T q, r;
  u32 f = c.st.eflags;
  const bool ok = Signed_ ? idiv<T>(f, hi, lo, d, q, r) : div<T>(f, hi, lo, d, q, r);
  if (!ok) c.raise(vec::DE);
  if constexpr (sizeof(T) == 1) {
    c.r16(EAX) = u16((r << 8) | q);
  } else {
    c.reg<T>(EAX) = q;
    c.reg<T>(EDX) = r;
  }
  c.st.eflags = f;
  // F7 /6 /7 carry one row for both operand sizes: the 16-bit one; add the 32-bit difference.
  if constexpr (sizeof(T) == 4) {
    if (Signed_) charge_delta(c, i, Clk::IDIV32, Clk::IDIV16);
    else charge_delta(c, i, Clk::DIV32, Clk::DIV16);
  }
}

// ---- INC, DEC -----------------------------------------------------------------------------------
template <class T, bool Dec> void incdec_r(Cpu& c, const Insn& i) {  // 40-4F
  T& d = c.reg<T>(i.op & 7);
  d = Dec ? dec<T>(c.st.eflags, d) : inc<T>(c.st.eflags, d);
}
template <class T, bool Dec> void incdec_rm(Cpu& c, const Insn& i) {  // FE/FF /0 /1
  u32 f = c.st.eflags;
  if (i.mod == 3) {
    T& d = c.reg<T>(i.rm);
    d = Dec ? dec<T>(f, d) : inc<T>(f, d);
  } else {
    const u32 off = c.ea(i);
    const T v = c.rd<T>(i.seg, off);
    c.wr<T>(i.seg, off, Dec ? dec<T>(f, v) : inc<T>(f, v));
  }
  c.st.eflags = f;
}

// ---- shifts and rotates -------------------------------------------------------------------------
// Count source: D0/D1 by 1, D2/D3 by CL, C0/C1 by imm8. Masked to 5 bits in shift(); a zero count
// still reads the operand (its faults happen) but writes nothing (PRM: "count 0 ... no flags").
// The 386 has no per-bit clock term (PRM SAL page: 3/7 whatever the count).
enum CountSrc { kBy1, kByCl, kByImm };
template <CountSrc S> inline unsigned shift_count(Cpu& c, const Insn& i) {
  if constexpr (S == kBy1) return 1;
  else if constexpr (S == kByCl) return c.r8(1);
  else return i.imm & 0xFF;
}
template <unsigned Op, class T, CountSrc S> void shift_rm(Cpu& c, const Insn& i) {
  const unsigned count = shift_count<S>(c, i) & 0x1F;
  u32 f = c.st.eflags;
  if (i.mod == 3) {
    T& d = c.reg<T>(i.rm);
    d = shift<T>(f, Op, d, count);
  } else {
    const u32 off = c.ea(i);
    const T v = c.rd<T>(i.seg, off);
    if (count == 0) return;
    c.wr<T>(i.seg, off, shift<T>(f, Op, v, count));
  }
  c.st.eflags = f;
}

// SHLD/SHRD r/m, reg, imm8|CL (0F A4 A5 AC AD). i.reg holds the bits shifted in.
template <class T, bool Right, CountSrc S> void shxd(Cpu& c, const Insn& i) {
  const unsigned count = shift_count<S>(c, i) & 0x1F;
  const T src = c.reg<T>(i.reg);
  u32 f = c.st.eflags;
  if (i.mod == 3) {
    T& d = c.reg<T>(i.rm);
    d = Right ? shrd<T>(f, d, src, count) : shld<T>(f, d, src, count);
  } else {
    const u32 off = c.ea(i);
    const T v = c.rd<T>(i.seg, off);
    if (count == 0) return;
    c.wr<T>(i.seg, off, Right ? shrd<T>(f, v, src, count) : shld<T>(f, v, src, count));
  }
  c.st.eflags = f;
}

// ---- BT, BTS, BTR, BTC --------------------------------------------------------------------------
// Only CF is written (PRM BT..BTS "Flags Affected: CF"); the other flags are unchanged.
enum BitOp { kBt, kBts, kBtr, kBtc };
template <BitOp Op, class T> inline T bit_apply(T v, unsigned n) {
  const T m = T(T(1) << n);
  if constexpr (Op == kBts) return T(v | m);
  else if constexpr (Op == kBtr) return T(v & ~m);
  else if constexpr (Op == kBtc) return T(v ^ m);
  else return v;
}
template <BitOp Op, class T> void bit_at(Cpu& c, const Insn& i, u32 off, unsigned n) {
  const T v = c.rd<T>(i.seg, off);
  if constexpr (Op != kBt) c.wr<T>(i.seg, off, bit_apply<Op, T>(v, n));
  c.st.eflags = put(c.st.eflags, fl::CF, ((v >> n) & 1) ? fl::CF : 0);
}
// 0F A3/AB/B3/BB r/m, reg. A register base takes the offset modulo the operand size. With a
// memory base the register is a SIGNED bit offset: the operand-size word or dword holding the bit
// is at EA + (size/8) * (offset DIV size), DIV rounding toward -infinity, and the bit is offset
// MOD size (PRM §17.2.2.5 Bit[BitBase, BitOffset], BT page notes).
template <BitOp Op, class T> void bt_rm_r(Cpu& c, const Insn& i) {
  constexpr unsigned kShift = sizeof(T) == 2 ? 4 : 5;
  const T offset = c.reg<T>(i.reg);
  const unsigned n = offset & (kBits<T> - 1);
  if (i.mod == 3) {
    T& d = c.reg<T>(i.rm);
    const bool cf = (d >> n) & 1;
    d = bit_apply<Op, T>(d, n);
    c.st.eflags = put(c.st.eflags, fl::CF, cf ? fl::CF : 0);
    return;
  }
  const int32_t word = int32_t(Signed<T>(offset)) >> kShift;  // arithmetic: floor division
  const u32 off = wrap_offset(i, c.ea(i) + u32(word) * u32(sizeof(T)));
  bit_at<Op, T>(c, i, off, n);
}
// 0F BA /4-/7 r/m, imm8: the immediate is taken modulo the operand size (the PRM says modulo 32;
// for a 16-bit operand the 386, like Bochs, keeps 4 bits) and addresses the operand itself.
template <BitOp Op, class T> void bt_rm_imm(Cpu& c, const Insn& i) {
  const unsigned n = i.imm & (kBits<T> - 1);
  if (i.mod == 3) {
    T& d = c.reg<T>(i.rm);
    const bool cf = (d >> n) & 1;
    d = bit_apply<Op, T>(d, n);
    c.st.eflags = put(c.st.eflags, fl::CF, cf ? fl::CF : 0);
    return;
  }
  bit_at<Op, T>(c, i, c.ea(i), n);
}

// ---- BSF, BSR -----------------------------------------------------------------------------------
// 10+3n clocks (PRM BSF/BSR). n = the bits scanned before the one found: its index for BSF,
// (size-1) minus its index for BSR (the BSF page note: "n is the number of leading zero bits").
// For a zero source n = 0 — approximation: the PRM's Operation tests r/m = 0 before the scan loop.
template <class T, bool Reverse> void bit_scan(Cpu& c, const Insn& i) {
  const T s = c.read_rm<T>(i);
  T index = 0;
  const bool found = Reverse ? bsr<T>(c.st.eflags, s, index) : bsf<T>(c.st.eflags, s, index);
  if (!found) return;
  c.reg<T>(i.reg) = index;
  const unsigned n = Reverse ? kBits<T> - 1 - index : index;
  const bool pm = c.st.protected_mode();
  c.charge(n * clocks_of(Reverse ? Clk::BSR_PER_BIT : Clk::BSF_PER_BIT, pm, i.is_mem()));
}

// ---- SETcc, CMOVcc ------------------------------------------------------------------------------
void setcc(Cpu& c, const Insn& i) {  // 0F 90-9F: 1 or 0 (PRM SETcc)
  c.write_rm<u8>(i, cond(c.st.eflags, i.op & 0xF) ? 1 : 0);
}
// 0F 40-4F (P6): the source is always read (a memory source faults even when the condition is
// false); the destination is written only when the condition holds — in 32-bit code a false
// condition leaves the whole register unchanged.
template <class T> void cmovcc(Cpu& c, const Insn& i) {
  const T v = c.read_rm<T>(i);
  if (cond(c.st.eflags, i.op & 0xF)) c.reg<T>(i.reg) = v;
}

// ---- decimal adjust, SALC, CBW/CWD --------------------------------------------------------------
void op_daa(Cpu& c, const Insn&) { c.r16(EAX) = daa(c.st.eflags, c.r16(EAX)); }
void op_das(Cpu& c, const Insn&) { c.r16(EAX) = das(c.st.eflags, c.r16(EAX)); }
void op_aaa(Cpu& c, const Insn&) { c.r16(EAX) = aaa(c.st.eflags, c.r16(EAX)); }
void op_aas(Cpu& c, const Insn&) { c.r16(EAX) = aas(c.st.eflags, c.r16(EAX)); }
// AAM/AAD imm8: the PRM documents only D4 0A / D5 0A; any other immediate is the base (as on every
// Intel CPU since the 8086). AAM with base 0 is a divide error (#DE, like DIV by 0).
void op_aam(Cpu& c, const Insn& i) {
  const u8 base = u8(i.imm);
  if (base == 0) c.raise(vec::DE);
  c.r16(EAX) = aam(c.st.eflags, c.r16(EAX), base);
}
void op_aad(Cpu& c, const Insn& i) { c.r16(EAX) = aad(c.st.eflags, c.r16(EAX), u8(i.imm)); }
// D6 SALC (undocumented, all Intel x86 through the P6): AL = CF ? FFh : 00h, flags unchanged.
void op_salc(Cpu& c, const Insn&) { c.r8(0) = (c.st.eflags & fl::CF) ? 0xFF : 0x00; }
void op_cbw(Cpu& c, const Insn&) { c.r16(EAX) = u16(int16_t(int8_t(c.r8(0)))); }      // 98
void op_cwde(Cpu& c, const Insn&) { c.r32(EAX) = u32(int32_t(int16_t(c.r16(EAX)))); }  // 98 o32
void op_cwd(Cpu& c, const Insn&) { c.r16(EDX) = (c.r16(EAX) & 0x8000) ? 0xFFFF : 0; }  // 99
void op_cdq(Cpu& c, const Insn&) { c.r32(EDX) = (c.r32(EAX) & 0x80000000u) ? ~0u : 0; }  // 99 o32

// ---- i486: XADD, CMPXCHG, BSWAP; Pentium: CMPXCHG8B ---------------------------------------------
// XADD r/m, reg (0F C0/C1): temp = dest + src; src = dest; dest = temp; flags as ADD. With the
// same register as both operands the register ends up holding the sum.
template <class T> void xadd(Cpu& c, const Insn& i) {
  u32 f = c.st.eflags;
  if (i.mod == 3) {
    const T d = c.reg<T>(i.rm), s = c.reg<T>(i.reg);
    const T sum = add<T>(f, d, s);
    c.reg<T>(i.reg) = d;
    c.reg<T>(i.rm) = sum;
  } else {
    const u32 off = c.ea(i);
    const T d = c.rd<T>(i.seg, off), s = c.reg<T>(i.reg);
    const T sum = add<T>(f, d, s);
    c.wr<T>(i.seg, off, sum);
    c.reg<T>(i.reg) = d;
  }
  c.st.eflags = f;
}
// CMPXCHG r/m, reg (0F B0/B1): flags as CMP accumulator, dest. Equal: dest = reg. Not equal: the
// accumulator receives dest, and a memory dest is written back with its own value (i486 PRM: the
// locked read is always paired with a write), so a read-only destination faults either way.
template <class T> void cmpxchg(Cpu& c, const Insn& i) {
  u32 f = c.st.eflags;
  const T acc = c.reg<T>(EAX);
  const u32 off = i.is_mem() ? c.ea(i) : 0;
  const T d = i.is_mem() ? c.rd<T>(i.seg, off) : c.reg<T>(i.rm);
  sub<T>(f, acc, d);
  if (acc == d) {
    const T s = c.reg<T>(i.reg);
    if (i.is_mem()) c.wr<T>(i.seg, off, s);
    else c.reg<T>(i.rm) = s;
  } else {
    if (i.is_mem()) c.wr<T>(i.seg, off, d);
    c.reg<T>(EAX) = d;
    charge_delta(c, i, Clk::CMPXCHG_NOT_EQUAL, Clk::CMPXCHG);
  }
  c.st.eflags = f;
}
// BSWAP r32 (0F C8+r). With a 16-bit operand size the result is undefined (i486 PRM); this does
// what Bochs does: the low 16 bits become 0 (the upper half is kept).
void bswap32(Cpu& c, const Insn& i) { c.r32(i.op & 7) = __builtin_bswap32(c.r32(i.op & 7)); }
void bswap16(Cpu& c, const Insn& i) { c.r16(i.op & 7) = 0; }
// CMPXCHG8B m64 (0F C7 /1), any operand size: compare EDX:EAX with m64; equal: ZF = 1, m64 =
// ECX:EBX; else ZF = 0, EDX:EAX = m64 and m64 is written back unchanged. Other flags unchanged.
// A register operand is #UD. Both dwords are checked writable before either is stored.
void cmpxchg8b(Cpu& c, const Insn& i) {
  if (!i.is_mem()) c.raise_ud();
  const u32 off = c.ea(i), off_hi = wrap_offset(i, off + 4);
  const u32 lo = c.rd<u32>(i.seg, off), hi = c.rd<u32>(i.seg, off_hi);
  c.check_write(i.seg, off, 4);
  c.check_write(i.seg, off_hi, 4);
  const bool equal = lo == c.r32(EAX) && hi == c.r32(EDX);
  const u32 new_lo = equal ? c.r32(EBX) : lo, new_hi = equal ? c.r32(ECX) : hi;
  c.wr<u32>(i.seg, off, new_lo);
  c.wr<u32>(i.seg, off_hi, new_hi);
  if (!equal) {
    c.r32(EAX) = lo;
    c.r32(EDX) = hi;
  }
  c.st.eflags = put(c.st.eflags, fl::ZF, equal ? fl::ZF : 0);
}

// ---- registration -------------------------------------------------------------------------------
// Per-row clocks for the eight ALU operations (PRM 17; the manual prints r/m,reg = 2/7 and
// reg,r/m = 2/6 for ADD/ADC/AND but the reverse for SUB/SBB/OR/XOR: clock_table.inc note A).
constexpr Clk kRmR[8] = {Clk::ALU_RM_R, Clk::SUB_RM_R, Clk::ALU_RM_R, Clk::SUB_RM_R,
                         Clk::ALU_RM_R, Clk::SUB_RM_R, Clk::SUB_RM_R, Clk::CMP_RM_R};
constexpr Clk kRRm[8] = {Clk::ALU_R_RM, Clk::SUB_R_RM, Clk::ALU_R_RM, Clk::SUB_R_RM,
                         Clk::ALU_R_RM, Clk::SUB_R_RM, Clk::SUB_R_RM, Clk::CMP_R_RM};

template <unsigned Op> void register_alu_row(OpTable& t) {
  const unsigned b = Op * 8;
  const Clk acc = Op == kCmp ? Clk::CMP_ACC_IMM : Clk::ALU_ACC_IMM;
  const Clk imm = Op == kCmp ? Clk::CMP_RM_IMM : Clk::ALU_RM_IMM;
  t.set(b + 0, alu_rm_r<Op, u8>, kRmR[Op]);
  t.set(b + 1, alu_rm_r<Op, u16>, alu_rm_r<Op, u32>, kRmR[Op]);
  t.set(b + 2, alu_r_rm<Op, u8>, kRRm[Op]);
  t.set(b + 3, alu_r_rm<Op, u16>, alu_r_rm<Op, u32>, kRRm[Op]);
  t.set(b + 4, alu_acc_imm<Op, u8>, acc);
  t.set(b + 5, alu_acc_imm<Op, u16>, alu_acc_imm<Op, u32>, acc);
  t.set_group(0x80, Op, alu_rm_imm<Op, u8>, imm);
  t.set_group(0x81, Op, alu_rm_imm<Op, u16>, alu_rm_imm<Op, u32>, imm);
}

template <unsigned Op, CountSrc S> void register_shift(OpTable& t, unsigned op8, unsigned op16) {
  const Clk clk = Op <= 1 ? Clk::ROT_RM : Op <= 3 ? Clk::RCL_RCR_RM : Clk::SHIFT_RM;
  t.set_group(op8, Op, shift_rm<Op, u8, S>, clk);
  t.set_group(op16, Op, shift_rm<Op, u16, S>, shift_rm<Op, u32, S>, clk);
}
template <CountSrc S> void register_shift_group(OpTable& t, unsigned op8, unsigned op16) {
  register_shift<0, S>(t, op8, op16);
  register_shift<1, S>(t, op8, op16);
  register_shift<2, S>(t, op8, op16);
  register_shift<3, S>(t, op8, op16);
  register_shift<4, S>(t, op8, op16);
  register_shift<5, S>(t, op8, op16);
  register_shift<6, S>(t, op8, op16);  // SAL: the 386 decodes /6 as SHL (80286 vectors: alias)
  register_shift<7, S>(t, op8, op16);
}

template <unsigned Cc> void register_cc(OpTable& t) {
  t.set(0x190 + Cc, setcc, Clk::SETCC);
  t.set(0x140 + Cc, cmovcc<u16>, cmovcc<u32>, Clk::CMOVCC);
  if constexpr (Cc < 15) register_cc<Cc + 1>(t);
}

}  // namespace

void register_alu_ops(OpTable& t) {
  register_alu_row<kAdd>(t);
  register_alu_row<kOr>(t);
  register_alu_row<kAdc>(t);
  register_alu_row<kSbb>(t);
  register_alu_row<kAnd>(t);
  register_alu_row<kSub>(t);
  register_alu_row<kXor>(t);
  register_alu_row<kCmp>(t);

  // TEST, NOT, NEG, multiply, divide.
  t.set(0x84, test_rm_r<u8>, Clk::TEST_RM_R);
  t.set(0x85, test_rm_r<u16>, test_rm_r<u32>, Clk::TEST_RM_R);
  t.set(0xA8, test_acc_imm<u8>, Clk::TEST_ACC_IMM);
  t.set(0xA9, test_acc_imm<u16>, test_acc_imm<u32>, Clk::TEST_ACC_IMM);
  for (unsigned r = 0; r <= 1; ++r) {
    t.set_group(0xF6, r, test_rm_imm<u8>, Clk::TEST_RM_IMM);
    t.set_group(0xF7, r, test_rm_imm<u16>, test_rm_imm<u32>, Clk::TEST_RM_IMM);
  }
  t.set_group(0xF6, 2, not_rm<u8>, Clk::NOT_RM);
  t.set_group(0xF7, 2, not_rm<u16>, not_rm<u32>, Clk::NOT_RM);
  t.set_group(0xF6, 3, neg_rm<u8>, Clk::NEG_RM);
  t.set_group(0xF7, 3, neg_rm<u16>, neg_rm<u32>, Clk::NEG_RM);
  t.set_group(0xF6, 4, mul_rm<u8>, Clk::MUL_MEM_EXTRA);
  t.set_group(0xF7, 4, mul_rm<u16>, mul_rm<u32>, Clk::MUL_MEM_EXTRA);
  t.set_group(0xF6, 5, imul_rm<u8>, Clk::MUL_MEM_EXTRA);
  t.set_group(0xF7, 5, imul_rm<u16>, imul_rm<u32>, Clk::MUL_MEM_EXTRA);
  t.set_group(0xF6, 6, div_rm<u8, false>, Clk::DIV8);
  t.set_group(0xF7, 6, div_rm<u16, false>, div_rm<u32, false>, Clk::DIV16);
  t.set_group(0xF6, 7, div_rm<u8, true>, Clk::IDIV8);
  t.set_group(0xF7, 7, div_rm<u16, true>, div_rm<u32, true>, Clk::IDIV16);
  t.set(0x1AF, imul_r_rm<u16>, imul_r_rm<u32>, Clk::MUL_MEM_EXTRA);
  t.set(0x69, imul_r_rm_imm<u16>, imul_r_rm_imm<u32>, Clk::MUL_MEM_EXTRA);
  t.set(0x6B, imul_r_rm_imm<u16>, imul_r_rm_imm<u32>, Clk::MUL_MEM_EXTRA);

  // INC, DEC.
  for (unsigned r = 0; r < 8; ++r) {
    t.set(0x40 + r, incdec_r<u16, false>, incdec_r<u32, false>, Clk::INC_R);
    t.set(0x48 + r, incdec_r<u16, true>, incdec_r<u32, true>, Clk::DEC_R);
  }
  t.set_group(0xFE, 0, incdec_rm<u8, false>, Clk::INC_RM);
  t.set_group(0xFE, 1, incdec_rm<u8, true>, Clk::DEC_RM);
  t.set_group(0xFF, 0, incdec_rm<u16, false>, incdec_rm<u32, false>, Clk::INC_RM);
  t.set_group(0xFF, 1, incdec_rm<u16, true>, incdec_rm<u32, true>, Clk::DEC_RM);

  // Shifts and rotates; SHLD/SHRD.
  register_shift_group<kByImm>(t, 0xC0, 0xC1);
  register_shift_group<kBy1>(t, 0xD0, 0xD1);
  register_shift_group<kByCl>(t, 0xD2, 0xD3);
  t.set(0x1A4, shxd<u16, false, kByImm>, shxd<u32, false, kByImm>, Clk::SHLD_SHRD);
  t.set(0x1A5, shxd<u16, false, kByCl>, shxd<u32, false, kByCl>, Clk::SHLD_SHRD);
  t.set(0x1AC, shxd<u16, true, kByImm>, shxd<u32, true, kByImm>, Clk::SHLD_SHRD);
  t.set(0x1AD, shxd<u16, true, kByCl>, shxd<u32, true, kByCl>, Clk::SHLD_SHRD);

  // Bit test and scan.
  t.set(0x1A3, bt_rm_r<kBt, u16>, bt_rm_r<kBt, u32>, Clk::BT_RM_R);
  t.set(0x1AB, bt_rm_r<kBts, u16>, bt_rm_r<kBts, u32>, Clk::BTX_RM_R);
  t.set(0x1B3, bt_rm_r<kBtr, u16>, bt_rm_r<kBtr, u32>, Clk::BTX_RM_R);
  t.set(0x1BB, bt_rm_r<kBtc, u16>, bt_rm_r<kBtc, u32>, Clk::BTX_RM_R);
  t.set_group(0x1BA, 4, bt_rm_imm<kBt, u16>, bt_rm_imm<kBt, u32>, Clk::BT_RM_IMM);
  t.set_group(0x1BA, 5, bt_rm_imm<kBts, u16>, bt_rm_imm<kBts, u32>, Clk::BTX_RM_IMM);
  t.set_group(0x1BA, 6, bt_rm_imm<kBtr, u16>, bt_rm_imm<kBtr, u32>, Clk::BTX_RM_IMM);
  t.set_group(0x1BA, 7, bt_rm_imm<kBtc, u16>, bt_rm_imm<kBtc, u32>, Clk::BTX_RM_IMM);
  t.set(0x1BC, bit_scan<u16, false>, bit_scan<u32, false>, Clk::BSF_BASE);
  t.set(0x1BD, bit_scan<u16, true>, bit_scan<u32, true>, Clk::BSR_BASE);

  // SETcc, CMOVcc.
  register_cc<0>(t);

  // Decimal adjust, SALC, sign extension.
  t.set(0x27, op_daa, Clk::DAA);
  t.set(0x2F, op_das, Clk::DAS);
  t.set(0x37, op_aaa, Clk::AAA);
  t.set(0x3F, op_aas, Clk::AAS);
  t.set(0xD4, op_aam, Clk::AAM);
  t.set(0xD5, op_aad, Clk::AAD);
  t.set(0xD6, op_salc, Clk::SALC);
  t.set(0x98, op_cbw, op_cwde, Clk::CBW);
  t.set(0x99, op_cwd, op_cdq, Clk::CWD);

  // i486 / Pentium.
  t.set(0x1C0, xadd<u8>, Clk::XADD);
  t.set(0x1C1, xadd<u16>, xadd<u32>, Clk::XADD);
  t.set(0x1B0, cmpxchg<u8>, Clk::CMPXCHG);
  t.set(0x1B1, cmpxchg<u16>, cmpxchg<u32>, Clk::CMPXCHG);
  for (unsigned r = 0; r < 8; ++r) t.set(0x1C8 + r, bswap16, bswap32, Clk::BSWAP);
  t.set_group(0x1C7, 1, cmpxchg8b, Clk::CMPXCHG8B);
}

}  // namespace irq::cpu
