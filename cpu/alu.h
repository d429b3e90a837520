// cpu/alu.h — the arithmetic of the integer instructions as small pure functions (no Cpu): results
// and EFLAGS for ADD..CMP, INC/DEC/NEG, shifts and rotates, SHLD/SHRD, MUL/IMUL, DIV/IDIV, the BCD
// adjusts and the bit scans. exec_alu.cpp moves operands in and out; tests call these directly.
//
// Convention: every function takes the current EFLAGS as `f`, rewrites only the bits the
// instruction writes, and returns the result. Flags the PRM defines (chapter 17 "Flags Affected",
// Appendix C) are exact. Flags it calls "undefined" get what a real CPU was seen to do where data
// exists — the SingleStepTests 80286 hardware vectors (the 386 is assumed to match the 286 where it
// implements the same instruction) — and otherwise what Bochs computes. Each function names its
// choice under "undefined:"; docs/deviations.md lists them.
#pragma once
#include <cstdint>
#include <type_traits>

#include "clocks.h"
#include "flags.h"
#include "state.h"

namespace irq::cpu::alu {

template <class T> inline constexpr unsigned kBits = 8 * sizeof(T);
template <class T> inline constexpr T kSign = T(T(1) << (kBits<T> - 1));
template <class T> using Signed = std::make_signed_t<T>;

inline constexpr uint32_t kSzp = fl::SF | fl::ZF | fl::PF;

// SF, ZF and PF of a result (PRM Appendix C).
template <class T> constexpr uint32_t szp_portable(T r) {
  return (r == 0 ? fl::ZF : 0u) | ((r & kSign<T>) ? fl::SF : 0u) | parity_flag(r);
}

// On an x86 host the host's own flags are the guest's: the same instruction on the same operand
// sizes defines CF PF AF ZF SF OF identically (PRM Appendix C). LAHF copies SF ZF AF PF CF into
// AH at their EFLAGS positions; SETO gives OF. This replaces ~30 instructions of flag arithmetic
// by ~6 on the hottest handlers; other hosts use the portable formulas.
#if defined(__x86_64__) || defined(__i386__)
#define IRQ_HOST_FLAGS 1
inline constexpr uint32_t kLahfMask = fl::SF | fl::ZF | fl::AF | fl::PF | fl::CF;
template <class T> inline uint32_t szp(T r) {
  if (__builtin_constant_p(r)) return szp_portable(r);
  uint32_t ax;
  if constexpr (sizeof(T) == 1)
    asm("testb %b1, %b1\n\tlahf" : "=&a"(ax) : "q"(r) : "cc");
  else
    asm("test %1, %1\n\tlahf" : "=&a"(ax) : "r"(r) : "cc");
  return (ax >> 8) & (fl::SF | fl::ZF | fl::PF);
}
#else
template <class T> constexpr uint32_t szp(T r) { return szp_portable(r); }
#endif
template <class T> constexpr bool msb(T v) { return v & kSign<T>; }
template <class T> constexpr bool bit(T v, unsigned n) { return (v >> n) & 1; }
constexpr uint32_t put(uint32_t f, uint32_t mask, uint32_t bits) { return (f & ~mask) | bits; }

// ---- ADD ADC SUB SBB CMP NEG INC DEC, AND OR XOR TEST ------------------------------------------
// carry_in is CF for ADC, 0 for ADD.
template <class T> T add(uint32_t& f, T a, T b, unsigned carry_in = 0) {
#ifdef IRQ_HOST_FLAGS
  uint32_t ax;
  uint8_t of;
  T r = a;
  if constexpr (sizeof(T) == 1)
    asm("btl $0, %k[c]\n\tadcb %b[b], %b[r]\n\tlahf\n\tseto %[o]"
        : [r] "+q"(r), "=&a"(ax), [o] "=&q"(of) : [b] "q"(b), [c] "r"(carry_in) : "cc");
  else
    asm("btl $0, %k[c]\n\tadc %[b], %[r]\n\tlahf\n\tseto %[o]"
        : [r] "+r"(r), "=&a"(ax), [o] "=&q"(of) : [b] "r"(b), [c] "r"(carry_in) : "cc");
  f = put(f, fl::kArith, ((ax >> 8) & kLahfMask) | (of ? fl::OF : 0u));
  return r;
#else
  const uint64_t s = uint64_t(a) + b + carry_in;
  const T r = T(s);
  uint32_t n = szp(r);
  if (s >> kBits<T>) n |= fl::CF;
  if ((a ^ r) & (b ^ r) & kSign<T>) n |= fl::OF;
  if ((a ^ b ^ r) & 0x10) n |= fl::AF;
  f = put(f, fl::kArith, n);
  return r;
#endif
}
// borrow_in is CF for SBB, 0 for SUB/CMP. CF = borrow out of the top bit.
template <class T> T sub(uint32_t& f, T a, T b, unsigned borrow_in = 0) {
#ifdef IRQ_HOST_FLAGS
  uint32_t ax;
  uint8_t of;
  T r = a;
  if constexpr (sizeof(T) == 1)
    asm("btl $0, %k[c]\n\tsbbb %b[b], %b[r]\n\tlahf\n\tseto %[o]"
        : [r] "+q"(r), "=&a"(ax), [o] "=&q"(of) : [b] "q"(b), [c] "r"(borrow_in) : "cc");
  else
    asm("btl $0, %k[c]\n\tsbb %[b], %[r]\n\tlahf\n\tseto %[o]"
        : [r] "+r"(r), "=&a"(ax), [o] "=&q"(of) : [b] "r"(b), [c] "r"(borrow_in) : "cc");
  f = put(f, fl::kArith, ((ax >> 8) & kLahfMask) | (of ? fl::OF : 0u));
  return r;
#else
  const T r = T(uint64_t(a) - b - borrow_in);
  uint32_t n = szp(r);
  if (uint64_t(a) < uint64_t(b) + borrow_in) n |= fl::CF;
  if ((a ^ b) & (a ^ r) & kSign<T>) n |= fl::OF;
  if ((a ^ b ^ r) & 0x10) n |= fl::AF;
  f = put(f, fl::kArith, n);
  return r;
#endif
}
// NEG (PRM NEG): 0 - a; CF = (a != 0), the rest as SUB.
template <class T> T neg(uint32_t& f, T a) { return sub<T>(f, T(0), a); }
// INC/DEC: as ADD/SUB 1 with CF unchanged (PRM INC, DEC).
template <class T> T inc(uint32_t& f, T a) {
  const T r = T(a + 1);
  uint32_t n = szp(r);
  if (r == kSign<T>) n |= fl::OF;
  if ((r & 0xF) == 0) n |= fl::AF;
  f = put(f, fl::kArith & ~fl::CF, n);
  return r;
}
template <class T> T dec(uint32_t& f, T a) {
  const T r = T(a - 1);
  uint32_t n = szp(r);
  if (a == kSign<T>) n |= fl::OF;
  if ((a & 0xF) == 0) n |= fl::AF;
  f = put(f, fl::kArith & ~fl::CF, n);
  return r;
}
// AND/OR/XOR/TEST (PRM AND): CF = OF = 0, SF ZF PF from the result.
// undefined: AF — cleared (80286 vectors for 20-25, 08-0D, 30-35, 84, A8, F6 /0: always 0;
// Bochs too).
template <class T> T logic(uint32_t& f, T r) {
  f = put(f, fl::kArith, szp(r));
  return r;
}

// The eight two-operand ALU operations in opcode order (PRM Appendix A rows 00-3F, group 80 /0-/7).
enum AluOp : unsigned { kAdd = 0, kOr, kAdc, kSbb, kAnd, kSub, kXor, kCmp };
template <unsigned Op, class T> inline T alu2(uint32_t& f, T a, T b) {
  if constexpr (Op == kAdd) return add<T>(f, a, b);
  else if constexpr (Op == kOr) return logic<T>(f, T(a | b));
  else if constexpr (Op == kAdc) return add<T>(f, a, b, (f & fl::CF) ? 1u : 0u);
  else if constexpr (Op == kSbb) return sub<T>(f, a, b, (f & fl::CF) ? 1u : 0u);
  else if constexpr (Op == kAnd) return logic<T>(f, T(a & b));
  else if constexpr (Op == kSub || Op == kCmp) return sub<T>(f, a, b);
  else return logic<T>(f, T(a ^ b));
}

// ---- shifts and rotates (groups C0 C1 D0-D3) ----------------------------------------------------
// `op` is the ModR/M reg field: 0 ROL, 1 ROR, 2 RCL, 3 RCR, 4 SHL, 5 SHR, 6 SAL (= SHL on the
// 386), 7 SAR. `count` is the raw count; the 386 masks it to 5 bits (PRM RCL/.../ROR and
// SAL/.../SHR pages) and a masked count of 0 changes nothing, flags included.
// OF is defined only for a count of 1; for other counts it is computed with the same formula
// (undefined: matches the 80286 vectors and Bochs):
//   ROL, RCL, SHL: OF = CF(after) XOR MSB(result);   ROR, RCR, SHR: OF = MSB(result) XOR next bit;
//   SAR: OF = 0.
// Shifts write SF ZF PF from the result; rotates write only CF and OF.
// undefined (shifts): AF — SHL/SAL: bit 4 of the result; SHR/SAR: 1 (80286 vectors for D0-D3, C0,
// C1 /4 /5 /7, every count; Bochs clears it instead).
// RCL/RCR rotate the (width+1)-bit quantity CF:operand, so 8- and 16-bit operands rotate modulo 9
// and 17 (PRM RCL page "Rotate 9 bits (CF, r/m byte)"); when that remainder is 0 (e.g. RCL r/m8 by
// 9) operand and CF come back unchanged but OF is still written by the formula (80286 vectors,
// C0 /2 /3, where the data does not mask OF). Likewise ROL/ROR by a nonzero multiple of the width
// leave the operand unchanged but write CF and OF.
// SHL/SHR by more than the width give 0 and CF = 0 (each step shifts a 0 into CF); SAR gives the
// sign in every bit and in CF.
template <class T> T shift(uint32_t& f, unsigned op, T v, unsigned count) {
  constexpr unsigned W = kBits<T>;
  count &= 0x1F;
  if (count == 0) return v;
  switch (op & 7) {
    case 0: {  // ROL
      const unsigned k = count % W;
      const T r = k ? T((v << k) | (v >> (W - k))) : v;
      const bool cf = r & 1;
      f = put(f, fl::CF | fl::OF, (cf ? fl::CF : 0) | ((cf != msb(r)) ? fl::OF : 0));
      return r;
    }
    case 1: {  // ROR
      const unsigned k = count % W;
      const T r = k ? T((v >> k) | (v << (W - k))) : v;
      f = put(f, fl::CF | fl::OF,
              (msb(r) ? fl::CF : 0) | ((msb(r) != bit(r, W - 2)) ? fl::OF : 0));
      return r;
    }
    case 2:
    case 3: {  // RCL, RCR through CF
      const unsigned k = count % (W + 1);
      const uint64_t mask = (uint64_t(1) << (W + 1)) - 1;
      const uint64_t x = (uint64_t((f & fl::CF) ? 1 : 0) << W) | v;
      const uint64_t y = k == 0       ? x
                         : (op & 1) ? ((x >> k) | (x << (W + 1 - k))) & mask
                                    : ((x << k) | (x >> (W + 1 - k))) & mask;
      const T r = T(y);
      const bool cf = (y >> W) & 1;
      const bool of = (op & 1) ? msb(r) != bit(r, W - 2) : cf != msb(r);
      f = put(f, fl::CF | fl::OF, (cf ? fl::CF : 0) | (of ? fl::OF : 0));
      return r;
    }
    case 4:
    case 6: {  // SHL / SAL
      const uint64_t x = uint64_t(v) << count;
      const T r = T(x);
      const bool cf = (x >> W) & 1;
      f = put(f, fl::kArith, szp(r) | (cf ? fl::CF : 0) | ((cf != msb(r)) ? fl::OF : 0) |
                                 ((r & 0x10) ? fl::AF : 0));
      return r;
    }
    case 5: {  // SHR
      const T r = T(uint64_t(v) >> count);
      const bool cf = (uint64_t(v) >> (count - 1)) & 1;
      f = put(f, fl::kArith,
              szp(r) | fl::AF | (cf ? fl::CF : 0) | ((msb(r) != bit(r, W - 2)) ? fl::OF : 0));
      return r;
    }
    default: {  // SAR
      const int64_t s = Signed<T>(v);
      const T r = T(s >> count);
      const bool cf = (s >> (count - 1)) & 1;
      f = put(f, fl::kArith, szp(r) | fl::AF | (cf ? fl::CF : 0));
      return r;
    }
  }
}

// SHLD/SHRD (0F A4/A5/AC/AD; PRM SHLD, SHRD): `dst` is the r/m operand, `src` the register that
// supplies the bits shifted in. The count is taken modulo 32; 0 changes nothing, flags included.
// Defined: CF = last bit shifted out, SF ZF PF from the result.
// undefined: OF as for a 1-bit SHL/SHR (SHLD: CF XOR MSB(result); SHRD: MSB XOR next bit); AF = 0
// (Bochs). For a 16-bit operand and a count of 17-31 (the PRM: result undefined), the shift runs
// over the 48-bit string dst:src:src (SHLD) or src:src:dst (SHRD), as Bochs does for CPUs before
// the P6 — the register's bits come round again.
template <class T> T shld(uint32_t& f, T dst, T src, unsigned count) {
  static_assert(sizeof(T) >= 2);
  count &= 0x1F;
  if (count == 0) return dst;
  T r;
  bool cf;
  if constexpr (sizeof(T) == 4) {
    const uint64_t x = (uint64_t(dst) << 32) | src;
    r = T((x << count) >> 32);
    cf = (x >> (64 - count)) & 1;
  } else {
    const uint64_t x = (uint64_t(dst) << 32) | (uint64_t(src) << 16) | src;  // 48 bits
    r = T(x >> (32 - count));
    cf = (x >> (48 - count)) & 1;
  }
  f = put(f, fl::kArith, szp(r) | (cf ? fl::CF : 0) | ((cf != msb(r)) ? fl::OF : 0));
  return r;
}
template <class T> T shrd(uint32_t& f, T dst, T src, unsigned count) {
  static_assert(sizeof(T) >= 2);
  count &= 0x1F;
  if (count == 0) return dst;
  uint64_t x;
  if constexpr (sizeof(T) == 4) x = (uint64_t(src) << 32) | dst;
  else x = (uint64_t(src) << 32) | (uint64_t(src) << 16) | dst;  // 48 bits
  const T r = T(x >> count);
  const bool cf = (x >> (count - 1)) & 1;
  f = put(f, fl::kArith,
          szp(r) | (cf ? fl::CF : 0) | ((msb(r) != bit(r, kBits<T> - 2)) ? fl::OF : 0));
  return r;
}

// ---- multiply and divide ------------------------------------------------------------------------
template <class T> struct Wide { T lo, hi; };
// MUL (F6/F7 /4): CF = OF = (upper half != 0).
// undefined: SF ZF PF from the UPPER half of the product, AF = 1 (80286 vectors, every MUL/IMUL
// form including 69 and 6B; Bochs uses the low half and AF = 0).
template <class T> Wide<T> mul(uint32_t& f, T a, T b) {
  const uint64_t p = uint64_t(a) * b;
  const Wide<T> w{T(p), T(p >> kBits<T>)};
  f = put(f, fl::kArith, szp(w.hi) | fl::AF | (w.hi ? fl::CF | fl::OF : 0));
  return w;
}
// IMUL, one-operand (F6/F7 /5): CF = OF = (the product is not the sign-extension of its low half).
// Also used by the two/three-operand forms (0F AF, 69, 6B), which keep only the low half: CF = OF
// = (the product does not fit the destination). undefined: as MUL.
template <class T> Wide<T> imul(uint32_t& f, T a, T b) {
  const int64_t p = int64_t(Signed<T>(a)) * Signed<T>(b);
  const Wide<T> w{T(p), T(uint64_t(p) >> kBits<T>)};
  const bool fits = p == int64_t(Signed<T>(w.lo));
  f = put(f, fl::kArith, szp(w.hi) | fl::AF | (fits ? 0 : fl::CF | fl::OF));
  return w;
}

// DIV/IDIV (F6/F7 /6 /7): dividend hi:lo, returns false for #DE — divisor 0 or a quotient that does
// not fit T (PRM DIV, IDIV; for IDIV that includes -2^(n) / -1 and every quotient outside
// [-2^(n-1), 2^(n-1)-1]: the 386 accepts the most negative quotient, unlike the 8086).
// Quotients truncate toward 0; the remainder takes the dividend's sign (PRM IDIV).
// Flags are written only on success (a #DE leaves EFLAGS as it was).
// undefined: SF ZF PF from the remainder and AF = 1 (80286 vectors); CF and OF — equal to each
// other on the 286 but following no rule found — are left unchanged (Bochs leaves all six).
template <class T> bool div(uint32_t& f, T hi, T lo, T divisor, T& quot, T& rem) {
  if (divisor == 0) return false;
  const uint64_t n = (uint64_t(hi) << kBits<T>) | lo;
  const uint64_t q = n / divisor;
  if (q >> kBits<T>) return false;
  quot = T(q);
  rem = T(n % divisor);
  f = put(f, kSzp | fl::AF, szp(rem) | fl::AF);
  return true;
}
template <class T> bool idiv(uint32_t& f, T hi, T lo, T divisor, T& quot, T& rem) {
  if (divisor == 0) return false;
  const uint64_t u = (uint64_t(hi) << kBits<T>) | lo;
  int64_t n;
  if constexpr (sizeof(T) == 4) n = int64_t(u);
  else n = int64_t(u << (64 - 2 * kBits<T>)) >> (64 - 2 * kBits<T>);  // sign-extend 2W bits
  const int64_t d = Signed<T>(divisor);
  if (d == -1 && n == INT64_MIN) return false;  // the one quotient int64 cannot hold
  const int64_t q = n / d;
  if (q < int64_t(Signed<T>(kSign<T>)) || q > int64_t(Signed<T>(kSign<T> - 1))) return false;
  quot = T(q);
  rem = T(n % d);
  f = put(f, kSzp | fl::AF, szp(rem) | fl::AF);
  return true;
}

// ---- decimal adjust (27 2F 37 3F D4 D5) ---------------------------------------------------------
// DAA/DAS act on AL; AAA/AAS/AAM/AAD on AX. All take and return the whole AX.
//
// DAA/DAS follow the later Intel pseudo-code (test of the ORIGINAL AL against 99h) rather than the
// 1986 PRM's, which tests the already adjusted AL against 9Fh: the two differ only for AL = FAh-FFh
// with CF = 0, where the 80286 vectors (and Unicorn) show the 99h form (AL + 66h, CF = 1).
// DAA: AF, CF as the pseudo-code; SF ZF PF from AL. undefined: OF — DAA: set when the adjustment
// turned a positive AL negative (80286 vectors), DAS: set when it turned a negative AL positive.
inline uint16_t daa(uint32_t& f, uint16_t ax) {
  const uint8_t old = uint8_t(ax);
  uint8_t al = old;
  uint32_t n = 0;
  if ((al & 0x0F) > 9 || (f & fl::AF)) { al = uint8_t(al + 6); n |= fl::AF; }
  if (old > 0x99 || (f & fl::CF)) { al = uint8_t(al + 0x60); n |= fl::CF; }
  if (!(old & 0x80) && (al & 0x80)) n |= fl::OF;
  f = put(f, fl::kArith, n | szp(al));
  return uint16_t((ax & 0xFF00) | al);
}
inline uint16_t das(uint32_t& f, uint16_t ax) {
  const uint8_t old = uint8_t(ax);
  uint8_t al = old;
  uint32_t n = 0;
  if ((al & 0x0F) > 9 || (f & fl::AF)) {
    if (al < 6 || (f & fl::CF)) n |= fl::CF;  // borrow out of AL - 6, or the incoming CF
    al = uint8_t(al - 6);
    n |= fl::AF;
  }
  if (old > 0x99 || (f & fl::CF)) { al = uint8_t(al - 0x60); n |= fl::CF; }
  if ((old & 0x80) && !(al & 0x80)) n |= fl::OF;
  f = put(f, fl::kArith, n | szp(al));
  return uint16_t((ax & 0xFF00) | al);
}
// AAA/AAS: the 1986 PRM says AL <- (AL + 6) AND 0Fh, AH <- AH + 1. The 80286 vectors (and later
// Intel manuals, Bochs, Unicorn) add 106h to the whole AX instead, so AL + 6 carries into AH
// (AL = FAh-FFh gives AH + 2); AAS likewise subtracts 6 from AX and then 1 from AH. That is what
// this does. AF, CF as the PRM.
// undefined: OF SF ZF PF — those of the byte addition AL + 6 (AAA) or subtraction AL - 6 (AAS)
// when the adjustment happens, else SF ZF PF of AL and OF = 0; all taken before AL's high nibble
// is cleared (80286 vectors).
inline uint16_t aaa(uint32_t& f, uint16_t ax) {
  uint32_t t = f;
  if ((ax & 0x0F) > 9 || (f & fl::AF)) {
    add<uint8_t>(t, uint8_t(ax), 6);
    ax = uint16_t(ax + 0x106);
    t = put(t, fl::AF | fl::CF, fl::AF | fl::CF);
  } else {
    t = put(t, fl::kArith, szp(uint8_t(ax)));
  }
  f = t;
  return ax & 0xFF0F;
}
inline uint16_t aas(uint32_t& f, uint16_t ax) {
  uint32_t t = f;
  if ((ax & 0x0F) > 9 || (f & fl::AF)) {
    sub<uint8_t>(t, uint8_t(ax), 6);
    ax = uint16_t(ax - 6 - 0x100);
    t = put(t, fl::AF | fl::CF, fl::AF | fl::CF);
  } else {
    t = put(t, fl::kArith, szp(uint8_t(ax)));
  }
  f = t;
  return ax & 0xFF0F;
}
// AAM imm8 (PRM AAM, with the base in the immediate; base 0 is #DE and is the caller's check):
// AH = AL / base, AL = AL mod base. SF ZF PF from AL.
// undefined: OF AF CF — cleared (80286 vectors, Bochs).
inline uint16_t aam(uint32_t& f, uint16_t ax, uint8_t base) {
  const uint8_t al = uint8_t(ax);
  const uint8_t q = uint8_t(al / base), r = uint8_t(al % base);
  f = put(f, fl::kArith, szp(r));
  return uint16_t((q << 8) | r);
}
// AAD imm8: AL = AL + AH * base (8 bits), AH = 0. SF ZF PF from AL.
// undefined: AF CF as the byte addition AL + (AH * base), OF = CF (80286 vectors).
inline uint16_t aad(uint32_t& f, uint16_t ax, uint8_t base) {
  const uint8_t al = uint8_t(ax), prod = uint8_t((ax >> 8) * base);
  const uint8_t r = add<uint8_t>(f, al, prod);
  f = put(f, fl::OF, (f & fl::CF) ? fl::OF : 0);
  return r;
}

// ---- bit scan (0F BC, 0F BD) --------------------------------------------------------------------
// Returns true and the bit index when src != 0 (ZF = 0); false when src == 0 (ZF = 1, destination
// left unchanged — PRM: "register UNDEFINED"; Bochs and later CPUs keep it).
// undefined: with src != 0, the other arithmetic flags as a logic result of the index (CF OF AF =
// 0, SF = 0, PF from the index; Bochs); with src == 0 they are left unchanged.
template <class T> bool bsf(uint32_t& f, T src, T& index) {
  if (src == 0) { f |= fl::ZF; return false; }
  index = T(__builtin_ctzll(src));
  f = put(f, fl::kArith, szp(index) & ~fl::ZF);
  return true;
}
template <class T> bool bsr(uint32_t& f, T src, T& index) {
  if (src == 0) { f |= fl::ZF; return false; }
  index = T(63 - __builtin_clzll(src));
  f = put(f, fl::kArith, szp(index) & ~fl::ZF);
  return true;
}

// ---- clocks -------------------------------------------------------------------------------------
// Early-out multiply (PRM IMUL/MUL notes): m != 0 → max(ceil(log2 |m|), 3) + 6; m == 0 → 9. The
// memory operand's +3 is the MUL_MEM_EXTRA row the instruction is registered with. `magnitude` is
// |m| (the multiplier as unsigned for MUL, its absolute value for IMUL).
inline uint32_t mul_clocks(uint64_t magnitude) {
  if (magnitude == 0) return clock_row(Clk::MUL_ZERO).real_reg;
  const uint32_t log2_ceil = magnitude == 1 ? 0u : uint32_t(64 - __builtin_clzll(magnitude - 1));
  const uint32_t floor = clock_row(Clk::MUL_MIN_TERM).real_reg;
  return (log2_ceil > floor ? log2_ceil : floor) + clock_row(Clk::MUL_BASE).real_reg;
}
template <class T> uint64_t magnitude_signed(T m) {
  const int64_t s = Signed<T>(m);
  return uint64_t(s < 0 ? -s : s);
}

}  // namespace irq::cpu::alu
