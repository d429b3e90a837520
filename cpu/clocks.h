// clocks.h -- the CPU's clock-count table (rows come from clock_table.inc).
//
// Each row CLK(ID, real_reg, real_mem, pm_reg, pm_mem, cite) gives the
// execution clocks of one instruction form or interrupt path, per the Intel
// 80386 Programmer's Reference Manual, chapter 17 (see the citation string):
//   real_reg / real_mem  real-address mode, r/m operand a register / memory
//                        (the manual's "a/b"; forms without r/m repeat one value)
//   pm_reg / pm_mem      protected mode ("pm=" in the manual; equal to the real
//                        values where none is printed).  Protected-mode-only
//                        forms carry their pm value in all four columns.
// The counts assume a prefetched, decoded instruction, no wait states and
// aligned operands.  The CPU adds, itself and outside this table:
//   - m, the component count of the next instruction, on rows cited "(+m)";
//   - per-unit terms (*_PER*, ENTER_PER_LEVEL, MUL_* early-out terms) times
//     their count, on top of the matching *_BASE row;
//   - fetch/queue stalls, bus wait states, misalignment and task switches.
// clocks_of() takes protected = CR0.PE set (V86 included: the ** I/O rows
// name V86 explicitly); the caller picks the *_IOPL_CHECK / *_INNER rows.
#pragma once

#include <cstdint>

namespace irq::cpu {

enum class Clk : uint16_t {
#define CLK(id, rr, rm, pr, pm, cite) id,
#include "clock_table.inc"
#undef CLK
  kCount
};

struct ClockRow { const char* name; uint16_t real_reg, real_mem, pm_reg, pm_mem; const char* cite; };

inline constexpr ClockRow kClockTable[] = {
#define CLK(id, rr, rm, pr, pm, cite) {#id, rr, rm, pr, pm, cite},
#include "clock_table.inc"
#undef CLK
};

static_assert(sizeof(kClockTable) / sizeof(kClockTable[0]) == static_cast<unsigned>(Clk::kCount),
              "kClockTable and Clk must list the same rows");

constexpr const ClockRow& clock_row(Clk c) { return kClockTable[static_cast<unsigned>(c)]; }

// clocks for a form: protected = CR0.PE set; mem = r/m operand is memory
constexpr uint16_t clocks_of(Clk c, bool protected_mode, bool mem) {
  const ClockRow& r = clock_row(c);
  if (protected_mode) return mem ? r.pm_mem : r.pm_reg;
  return mem ? r.real_mem : r.real_reg;
}

}  // namespace irq::cpu
