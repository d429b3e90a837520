// cpu/flags.h — condition codes (PRM Appendix D) and the parity table. EFLAGS is kept eagerly:
// every instruction that defines arithmetic flags writes them into st.eflags.
#pragma once
#include "state.h"

namespace irq::cpu {

// Parity flag: set when the low byte of the result has an even number of 1 bits.
inline uint32_t parity_flag(uint32_t result) {
  return (__builtin_parity(result & 0xFF) ? 0 : fl::PF);
}

// The 16 conditions of Jcc/SETcc/CMOVcc, by the low nibble of the opcode.
inline bool cond(uint32_t f, unsigned cc) {
  bool r;
  switch (cc >> 1) {
    case 0: r = f & fl::OF; break;                                    // O
    case 1: r = f & fl::CF; break;                                    // B/C
    case 2: r = f & fl::ZF; break;                                    // E/Z
    case 3: r = f & (fl::CF | fl::ZF); break;                         // BE
    case 4: r = f & fl::SF; break;                                    // S
    case 5: r = f & fl::PF; break;                                    // P
    case 6: r = bool(f & fl::SF) != bool(f & fl::OF); break;          // L
    default: r = (f & fl::ZF) || (bool(f & fl::SF) != bool(f & fl::OF)); break;  // LE
  }
  return r != bool(cc & 1);
}

}  // namespace irq::cpu
