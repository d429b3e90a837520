// cpu/state.h — the architectural state of the 386-class CPU, as plain fixed-width fields.
//
// Field names follow the Intel 80386 Programmer's Reference Manual (PRM): EFLAGS, CR0, CR2, CR3,
// GDTR, IDTR, LDTR, TR. The struct is copyable so that the debugger, snapshots and tests can take it
// whole. Nothing here knows about the board, the PIC or the OS.
#pragma once
#include <cstdint>

namespace irq::cpu {

enum Gpr : uint8_t { EAX = 0, ECX, EDX, EBX, ESP, EBP, ESI, EDI, kZeroReg = 8 };
enum SegReg : uint8_t { ES = 0, CS, SS, DS, FS, GS, kNoSeg = 7 };

// EFLAGS bits (PRM §2.3.4).
namespace fl {
inline constexpr uint32_t CF = 1u << 0, PF = 1u << 2, AF = 1u << 4, ZF = 1u << 6, SF = 1u << 7,
                          TF = 1u << 8, IF = 1u << 9, DF = 1u << 10, OF = 1u << 11,
                          IOPL = 3u << 12, NT = 1u << 14, RF = 1u << 16, VM = 1u << 17,
                          AC = 1u << 18,  // i486
                          ID = 1u << 21;  // CPUID-capable processors
inline constexpr uint32_t kArith = CF | PF | AF | ZF | SF | OF;
inline constexpr uint32_t kFixed1 = 1u << 1;  // bit 1 always reads 1
// Bits software can change at all (others read as 0, bit 1 as 1).
inline constexpr uint32_t kWritable = kArith | TF | IF | DF | IOPL | NT | RF | VM | AC | ID;
}  // namespace fl

// CR0 bits (PRM §4.1.3; WP/NE/AM are i486 additions).
namespace cr0 {
inline constexpr uint32_t PE = 1u << 0, MP = 1u << 1, EM = 1u << 2, TS = 1u << 3, ET = 1u << 4,
                          NE = 1u << 5, WP = 1u << 16, AM = 1u << 18, NW = 1u << 29,
                          CD = 1u << 30, PG = 1u << 31;
}

// Exception vectors (PRM Table 9-1).
namespace vec {
inline constexpr uint8_t DE = 0, DB = 1, NMI = 2, BP = 3, OF = 4, BR = 5, UD = 6, NM = 7, DF = 8,
                         TS = 10, NP = 11, SS = 12, GP = 13, PF = 14, MF = 16, AC = 17;
}

// A segment register with its hidden descriptor cache (PRM §5.1.4).
struct SegCache {
  uint16_t selector = 0;
  uint32_t base = 0;
  uint32_t limit = 0xFFFF;  // byte-granular effective limit (G already applied)
  // Access byte (P, DPL, S, type) in bits 0-7 and the descriptor's flags nibble in bits 8-11:
  // AVL = 0x100, D/B = 0x400, G = 0x800 (descriptor bits 52-55 moved down to 8-11; the limit
  // nibble in between is not kept). A flat 32-bit data segment is 0x0C93, code 0x0C9B.
  uint16_t attr = 0x93;  // present, DPL 0, data read/write, accessed
  bool valid = true;     // false after loading a null selector in protected mode

  // Derived by SegCache::derive() for the fast path; never edited by hand.
  uint32_t lim_lo = 0;       // lowest valid offset
  uint32_t lim_hi = 0xFFFF;  // highest valid offset
  uint8_t rights = 3;        // bit 0 readable, bit 1 writable

  static constexpr uint8_t kRead = 1, kWrite = 2;
  bool big() const { return attr & 0x400; }  // D/B bit
  uint8_t dpl() const { return (attr >> 5) & 3; }
  bool present() const { return attr & 0x80; }
  bool is_code() const { return (attr & 0x18) == 0x18; }
  bool is_system() const { return !(attr & 0x10); }
  uint8_t type() const { return attr & 0x0F; }

  void derive() {
    const bool expand_down = !is_code() && !is_system() && (attr & 0x04);
    if (expand_down) {
      lim_lo = limit + 1;  // PRM §6.3.1.2: valid offsets are limit+1 .. 0xFFFF or 0xFFFFFFFF
      lim_hi = big() ? 0xFFFFFFFFu : 0xFFFFu;
    } else {
      lim_lo = 0;
      lim_hi = limit;
    }
    rights = 0;
    if (!valid) return;
    if (is_system()) return;
    if (is_code()) {
      if (attr & 0x02) rights = kRead;  // readable code
    } else {
      rights = kRead | ((attr & 0x02) ? kWrite : 0);
    }
  }
};

struct TableReg {
  uint32_t base = 0;
  uint16_t limit = 0x3FF;
};

struct State {
  // General registers, EAX..EDI; index 8 is a zero slot used by effective-address arithmetic.
  uint32_t gpr[9] = {};
  uint32_t eip = 0;
  uint32_t eflags = fl::kFixed1;
  SegCache seg[6];
  TableReg gdtr, idtr;
  SegCache ldtr, tr;  // selector + cached descriptor, like the segment registers
  uint32_t cr0 = 0, cr2 = 0, cr3 = 0;
  uint32_t dr[8] = {};
  uint8_t cpl = 0;

  // Pins and run state.
  bool intr = false;          // INTR pin level (driven by the board's INTR line)
  bool nmi_latched = false;   // NMI edge seen, not yet taken
  bool nmi_blocked = false;   // inside an NMI handler until the next IRET (PRM §9.8.2)
  bool halted = false;        // HLT executed, waiting for INTR/NMI
  bool shutdown = false;      // triple fault: the CPU stops until reset (PRM §9.8.8)

  uint64_t cycles = 0;        // clocks since reset
  uint64_t instructions = 0;  // instructions retired since reset

  bool protected_mode() const { return cr0 & cr0::PE; }
  bool paging() const { return cr0 & cr0::PG; }
  bool v86() const { return eflags & fl::VM; }
  uint8_t iopl() const { return (eflags >> 12) & 3; }
};

}  // namespace irq::cpu
