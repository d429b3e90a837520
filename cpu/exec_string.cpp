// cpu/exec_string.cpp — string instructions with their repeat prefixes, and port I/O (Intel 80386
// Programmer's Reference Manual, chapter 17: MOVS, CMPS, STOS, LODS, SCAS, INS, OUTS, REP/REPE/
// REPNE, IN, OUT; chapter 8 for I/O protection).
//
// Addressing: the address size selects SI/DI/CX or ESI/EDI/ECX; the source is i.seg:(E)SI (DS
// unless overridden), the destination always ES:(E)DI; DF selects the direction.
//
// REP (PRM REP page): with (E)CX = 0 nothing happens. Otherwise each iteration performs the
// primitive, then updates the index registers and (E)CX, so a fault in iteration k leaves the k-1
// completed iterations committed and the instruction restarts at its first prefix. REP is
// interruptible: between iterations, when Cpu::should_yield() reports a pending interrupt, NMI,
// stop request or the end of the cycle budget, the handler stops with the registers describing
// the work done and calls Cpu::rep_yield(); the instruction resumes later from its first prefix.
// At least one iteration runs per start, so a restarted REP always makes progress. With TF set
// the handler also stops after every iteration, so the single-step trap comes once per iteration.
//
// Clocks: the decoder charged the single-iteration row. Without a prefix that is the cost. With a
// prefix the cost of each start is the REP base row plus the per-iteration row for every
// iteration done (PRM REP page: 5+4n etc.), so the handler adds base - single (negative for some
// forms: the REP MOVS base, 5, is below the single MOVS row, 7) and then one per-iteration row
// per iteration, as it goes, so that a fault or a yield leaves exactly the work done charged.
// I/O forms pick the real, protected "*" (CPL <= IOPL) or "**" (CPL > IOPL or V86) column.
#include "cpu.h"
#include "flags.h"

namespace irq::cpu {
namespace {

using u8 = uint8_t;
using u16 = uint16_t;
using u32 = uint32_t;

// Signed clock adjustment within the current instruction (the REP base row can be smaller than
// the single-iteration row the decoder charged; the difference is taken back here).
inline void adjust_clocks(Cpu& c, int64_t delta) { c.st.cycles += uint64_t(delta); }

inline uint32_t index(Cpu& c, unsigned r, bool a32) { return a32 ? c.r32(r) : c.r16(r); }
inline void advance(Cpu& c, unsigned r, bool a32, uint32_t delta) {
  if (a32) c.r32(r) += delta;
  else c.r16(r) = uint16_t(c.r16(r) + delta);
}
template <class T> inline uint32_t step_of(const Cpu& c) {
  return (c.st.eflags & fl::DF) ? uint32_t(0u - sizeof(T)) : uint32_t(sizeof(T));
}

// Flags of the subtraction a - b (CMPS, SCAS), as CMP defines them (PRM Appendix C).
template <class T> void sub_flags(Cpu& c, T a, T b) {
  constexpr unsigned kBits = 8 * sizeof(T);
  const T r = T(a - b);
  uint32_t f = 0;
  if (a < b) f |= fl::CF;
  if (r == 0) f |= fl::ZF;
  if ((r >> (kBits - 1)) & 1) f |= fl::SF;
  if ((((a ^ b) & (a ^ r)) >> (kBits - 1)) & 1) f |= fl::OF;
  if ((a ^ b ^ r) & 0x10) f |= fl::AF;
  f |= parity_flag(r);
  c.st.eflags = (c.st.eflags & ~fl::kArith) | f;
}

// The protected-mode I/O permission check of PRM §8.3 (IN/OUT/INS/OUTS "Operation": CPL > IOPL or
// V86 consults the TSS bitmap); check_io raises #GP(0) itself.
inline void io_permission(Cpu& c, uint16_t port, unsigned size) {
  if (c.io_needs_bitmap()) c.check_io(port, size);
}

// Clock rows of one string family: single iteration (registered), REP base and per iteration;
// the I/O families have a second base/per pair for the "**" path (CPL > IOPL or V86).
struct RepRows {
  Clk single, base, per;
  Clk single_check, base_check, per_check;  // == single/base/per for non-I/O forms
};

// Runs `prim` (one iteration: performs the primitive and updates the index registers; returns
// false to stop after it for REPE/REPNE) once, or as a REP loop.
template <class Prim> void run_string(Cpu& c, const Insn& i, const RepRows& rows, bool io, Prim prim) {
  const bool pm = c.st.protected_mode();
  const bool checked = io && c.io_needs_bitmap();
  if (i.rep == 0) {
    if (checked) adjust_clocks(c, int64_t(clocks_of(rows.single_check, pm, false)) - clocks_of(rows.single, pm, false));
    prim();
    return;
  }
  const uint32_t base = clocks_of(checked ? rows.base_check : rows.base, pm, false);
  const uint32_t per = clocks_of(checked ? rows.per_check : rows.per, pm, false);
  if (c.take_rep_resume()) {
    // Continuing after the cycle budget ran out (Cpu::rep_yield): the start was paid and counted
    // the first time; take back what the decoder charged again.
    adjust_clocks(c, -int64_t(clocks_of(rows.single, pm, false)));
    --c.st.instructions;
  } else {
    adjust_clocks(c, int64_t(base) - int64_t(clocks_of(rows.single, pm, false)));
  }
  uint32_t count = index(c, ECX, i.a32);
  while (count != 0) {
    const bool go_on = prim();
    --count;
    if (i.a32) c.r32(ECX) = count;
    else c.r16(ECX) = uint16_t(count);
    c.charge(per);
    if (!go_on || count == 0) return;
    // Single-stepping (TF) traps after each iteration with EIP back at the prefix (secondary:
    // NASM 2.05 instruction reference A.2.5.3; the run loop raises the #DB after the handler).
    if (c.should_yield() || (c.st.eflags & fl::TF)) {
      c.rep_yield();
      return;
    }
  }
}

// REPE (F3) continues while ZF = 1, REPNE (F2) while ZF = 0; without a prefix the value is unused.
inline bool repeat_condition(const Cpu& c, const Insn& i) {
  const bool zf = c.st.eflags & fl::ZF;
  return i.rep == 3 ? zf : !zf;
}

// ---- the primitives ----------------------------------------------------------------------------------

template <class T> void movs(Cpu& c, const Insn& i) {
  run_string(c, i, {Clk::MOVS, Clk::REP_MOVS_BASE, Clk::REP_MOVS_PER, Clk::MOVS, Clk::REP_MOVS_BASE, Clk::REP_MOVS_PER},
             false, [&] {
               const T v = c.rd<T>(i.seg, index(c, ESI, i.a32));
               c.wr<T>(ES, index(c, EDI, i.a32), v);
               const uint32_t d = step_of<T>(c);
               advance(c, ESI, i.a32, d);
               advance(c, EDI, i.a32, d);
               return true;
             });
}

// CMPS: [source] - ES:[destination] (PRM CMPS: the reverse of the usual operand order).
template <class T> void cmps(Cpu& c, const Insn& i) {
  run_string(c, i, {Clk::CMPS, Clk::REP_CMPS_BASE, Clk::REP_CMPS_PER, Clk::CMPS, Clk::REP_CMPS_BASE, Clk::REP_CMPS_PER},
             false, [&] {
               const T a = c.rd<T>(i.seg, index(c, ESI, i.a32));
               const T b = c.rd<T>(ES, index(c, EDI, i.a32));
               sub_flags<T>(c, a, b);
               const uint32_t d = step_of<T>(c);
               advance(c, ESI, i.a32, d);
               advance(c, EDI, i.a32, d);
               return repeat_condition(c, i);
             });
}

template <class T> void stos(Cpu& c, const Insn& i) {
  run_string(c, i, {Clk::STOS, Clk::REP_STOS_BASE, Clk::REP_STOS_PER, Clk::STOS, Clk::REP_STOS_BASE, Clk::REP_STOS_PER},
             false, [&] {
               c.wr<T>(ES, index(c, EDI, i.a32), c.reg<T>(EAX));
               advance(c, EDI, i.a32, step_of<T>(c));
               return true;
             });
}

template <class T> void lods(Cpu& c, const Insn& i) {
  run_string(c, i, {Clk::LODS, Clk::REP_LODS_BASE, Clk::REP_LODS_PER, Clk::LODS, Clk::REP_LODS_BASE, Clk::REP_LODS_PER},
             false, [&] {
               const T v = c.rd<T>(i.seg, index(c, ESI, i.a32));
               c.reg<T>(EAX) = v;
               advance(c, ESI, i.a32, step_of<T>(c));
               return true;
             });
}

// SCAS: accumulator - ES:[destination].
template <class T> void scas(Cpu& c, const Insn& i) {
  run_string(c, i, {Clk::SCAS, Clk::REP_SCAS_BASE, Clk::REP_SCAS_PER, Clk::SCAS, Clk::REP_SCAS_BASE, Clk::REP_SCAS_PER},
             false, [&] {
               const T b = c.rd<T>(ES, index(c, EDI, i.a32));
               sub_flags<T>(c, c.reg<T>(EAX), b);
               advance(c, EDI, i.a32, step_of<T>(c));
               return repeat_condition(c, i);
             });
}

// INS: the port (DX) is read, then the memory write is made — the 80386's bus-cycle order, so a
// faulting write loses the input value, as on the hardware. The permission check is made once,
// before the first transfer (the bitmap cannot change within the instruction).
template <class T> void ins(Cpu& c, const Insn& i) {
  const uint16_t port = c.r16(EDX);
  if (!(i.rep != 0 && index(c, ECX, i.a32) == 0)) io_permission(c, port, sizeof(T));
  run_string(c, i, {Clk::INS, Clk::REP_INS_BASE, Clk::REP_INS_PER, Clk::INS_IOPL_CHECK, Clk::REP_INS_IOPL_CHECK_BASE,
                    Clk::REP_INS_IOPL_CHECK_PER},
             true, [&] {
               const T v = T(c.bus().io_read(port, sizeof(T)));
               c.wr<T>(ES, index(c, EDI, i.a32), v);
               advance(c, EDI, i.a32, step_of<T>(c));
               return true;
             });
}

// OUTS: memory is read (may fault) before the port is written.
template <class T> void outs(Cpu& c, const Insn& i) {
  const uint16_t port = c.r16(EDX);
  if (!(i.rep != 0 && index(c, ECX, i.a32) == 0)) io_permission(c, port, sizeof(T));
  run_string(c, i, {Clk::OUTS, Clk::REP_OUTS_BASE, Clk::REP_OUTS_PER, Clk::OUTS_IOPL_CHECK, Clk::REP_OUTS_IOPL_CHECK_BASE,
                    Clk::REP_OUTS_IOPL_CHECK_PER},
             true, [&] {
               const T v = c.rd<T>(i.seg, index(c, ESI, i.a32));
               c.bus().io_write(port, v, sizeof(T));
               advance(c, ESI, i.a32, step_of<T>(c));
               return true;
             });
}

// ---- IN / OUT ------------------------------------------------------------------------------------------

// The "**" clocks (CPL > IOPL or V86) replace the registered "*" protected-mode column.
inline void io_clocks(Cpu& c, Clk checked, Clk plain) {
  if (!c.io_needs_bitmap()) return;
  c.charge(clocks_of(checked, true, false) - clocks_of(plain, true, false));
}

// E4/E5 ib (port zero-extended), EC/ED (port DX).
template <class T, bool kDx> void in(Cpu& c, const Insn& i) {
  const uint16_t port = kDx ? c.r16(EDX) : uint16_t(i.imm & 0xFF);
  io_permission(c, port, sizeof(T));
  io_clocks(c, kDx ? Clk::IN_DX_IOPL_CHECK : Clk::IN_IMM_IOPL_CHECK, kDx ? Clk::IN_DX : Clk::IN_IMM);
  c.reg<T>(EAX) = T(c.bus().io_read(port, sizeof(T)));
}
// E6/E7 ib, EE/EF.
template <class T, bool kDx> void out(Cpu& c, const Insn& i) {
  const uint16_t port = kDx ? c.r16(EDX) : uint16_t(i.imm & 0xFF);
  io_permission(c, port, sizeof(T));
  io_clocks(c, kDx ? Clk::OUT_DX_IOPL_CHECK : Clk::OUT_IMM_IOPL_CHECK, kDx ? Clk::OUT_DX : Clk::OUT_IMM);
  c.bus().io_write(port, c.reg<T>(EAX), sizeof(T));
}

}  // namespace

void register_string_io_ops(OpTable& t) {
  t.set(0xA4, movs<u8>, Clk::MOVS);
  t.set(0xA5, movs<u16>, movs<u32>, Clk::MOVS);
  t.set(0xA6, cmps<u8>, Clk::CMPS);
  t.set(0xA7, cmps<u16>, cmps<u32>, Clk::CMPS);
  t.set(0xAA, stos<u8>, Clk::STOS);
  t.set(0xAB, stos<u16>, stos<u32>, Clk::STOS);
  t.set(0xAC, lods<u8>, Clk::LODS);
  t.set(0xAD, lods<u16>, lods<u32>, Clk::LODS);
  t.set(0xAE, scas<u8>, Clk::SCAS);
  t.set(0xAF, scas<u16>, scas<u32>, Clk::SCAS);
  t.set(0x6C, ins<u8>, Clk::INS);
  t.set(0x6D, ins<u16>, ins<u32>, Clk::INS);
  t.set(0x6E, outs<u8>, Clk::OUTS);
  t.set(0x6F, outs<u16>, outs<u32>, Clk::OUTS);
  t.set(0xE4, in<u8, false>, Clk::IN_IMM);
  t.set(0xE5, in<u16, false>, in<u32, false>, Clk::IN_IMM);
  t.set(0xEC, in<u8, true>, Clk::IN_DX);
  t.set(0xED, in<u16, true>, in<u32, true>, Clk::IN_DX);
  t.set(0xE6, out<u8, false>, Clk::OUT_IMM);
  t.set(0xE7, out<u16, false>, out<u32, false>, Clk::OUT_IMM);
  t.set(0xEE, out<u8, true>, Clk::OUT_DX);
  t.set(0xEF, out<u16, true>, out<u32, true>, Clk::OUT_DX);
}

}  // namespace irq::cpu
