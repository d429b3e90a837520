// cpu/descriptor.h — segment and gate descriptors (PRM §5.1.1, Figures 5-3, 6-5, 7-2, 9-3), and the
// helpers that protected.cpp, interrupts.cpp and system.cpp share: descriptor-table lookup, the
// accessed bit, TSS stack pointers (PRM §7.1, Figures 7-1 and 13-x), and stack frames written into a
// stack segment before any register changes.
//
// Internal to cpu/: nothing outside the CPU includes this file.
//
// Every instruction-level helper here checks and writes memory before it touches registers: the run
// loop restores only EIP and ESP when an instruction faults (cpu.h), so a far transfer commits
// CS/SS/CPL/EFLAGS only after the last access that can fault.
#pragma once
#include <cstdint>

#include "cpu.h"

namespace irq::cpu {

// System descriptor types (PRM Table 6-1 / §6.3.1.1), the 4-bit type field with S = 0.
namespace sys {
inline constexpr uint8_t kTss286 = 1, kLdt = 2, kTss286Busy = 3, kCallGate286 = 4, kTaskGate = 5,
                         kIntGate286 = 6, kTrapGate286 = 7, kTss386 = 9, kTss386Busy = 11,
                         kCallGate386 = 12, kIntGate386 = 14, kTrapGate386 = 15;
}

// One 8-byte descriptor as two little-endian doublewords.
struct Descriptor {
  uint32_t lo = 0, hi = 0;

  // Segment descriptors (PRM Figure 5-3).
  uint32_t base() const { return (lo >> 16) | ((hi & 0xFF) << 16) | (hi & 0xFF000000u); }
  uint32_t raw_limit() const { return (lo & 0xFFFF) | (hi & 0x000F0000u); }
  bool granular() const { return hi & (1u << 23); }
  // Byte-granular limit: with G=1 the 20-bit limit counts 4-KiB units (PRM §5.1.1).
  uint32_t limit() const { return granular() ? (raw_limit() << 12) | 0xFFF : raw_limit(); }
  // SegCache::attr layout: access byte in bits 0-7, AVL/D-B/G in bits 8/10/11 (state.h).
  uint16_t attr() const { return uint16_t(((hi >> 8) & 0xFF) | ((hi >> 12) & 0xF00)); }
  bool present() const { return hi & 0x8000; }
  uint8_t dpl() const { return (hi >> 13) & 3; }
  bool is_segment() const { return hi & 0x1000; }  // S bit: code or data
  uint8_t type() const { return (hi >> 8) & 0xF; }
  bool is_code() const { return is_segment() && (hi & 0x800); }
  bool is_data() const { return is_segment() && !(hi & 0x800); }
  bool conforming() const { return is_code() && (hi & 0x400); }
  bool readable() const { return is_data() || (hi & 0x200); }  // code: R bit; data: always
  bool writable() const { return is_data() && (hi & 0x200); }
  bool accessed() const { return hi & 0x100; }
  bool is_system(uint8_t t) const { return !is_segment() && type() == t; }

  // Gate descriptors (PRM Figures 6-5 and 9-3): selector:offset, dword count of call gates.
  uint16_t gate_selector() const { return uint16_t(lo >> 16); }
  bool gate32() const { return type() & 8; }  // 386 gate (types 12, 14, 15)
  uint32_t gate_offset() const { return (lo & 0xFFFF) | (gate32() ? (hi & 0xFFFF0000u) : 0); }
  uint8_t gate_params() const { return hi & 0x1F; }  // "mask to 5 bits" (PRM CALL page)
};

// The cache a segment register holds after loading `d` with selector `sel`.
inline SegCache segment_cache(const Descriptor& d, uint16_t sel) {
  SegCache s;
  s.selector = sel;
  s.base = d.base();
  s.limit = d.limit();
  s.attr = d.attr();
  s.valid = true;
  s.derive();
  return s;
}

// Linear address of the descriptor a selector names, or false when its index lies beyond the GDT
// or LDT limit (PRM §5.1.3: TI picks the table, the index is scaled by 8).
inline bool descriptor_address(const State& st, uint16_t sel, uint32_t& addr) {
  const uint32_t offset = sel & 0xFFF8u;
  if (sel & 4) {
    if (!st.ldtr.valid || offset + 7 > st.ldtr.limit) return false;
    addr = st.ldtr.base + offset;
  } else {
    if (offset + 7 > st.gdtr.limit) return false;
    addr = st.gdtr.base + offset;
  }
  return true;
}

// Descriptor-table reads are supervisor accesses whatever the CPL (PRM §6.4.1.1).
inline Descriptor read_descriptor(Cpu& c, uint32_t addr) {
  Descriptor d;
  d.lo = c.rd_sys<uint32_t>(addr);
  d.hi = c.rd_sys<uint32_t>(addr + 4);
  return d;
}

// Look up a non-null selector: false when beyond its table's limit.
inline bool fetch_descriptor(Cpu& c, uint16_t sel, Descriptor& d, uint32_t& addr) {
  if (!descriptor_address(c.st, sel, addr)) return false;
  d = read_descriptor(c, addr);
  return true;
}

// The processor sets the accessed bit of a code or data descriptor when it loads it into a
// segment register (PRM §5.1.1 "Accessed bit"). Written only when clear.
inline void set_accessed(Cpu& c, Descriptor& d, uint32_t addr) {
  if (d.accessed()) return;
  d.hi |= 0x100;
  c.wr_sys<uint8_t>(addr + 5, uint8_t(d.hi >> 8));
}

// A selector's table index with TI, RPL cleared to make an error code (PRM §9.7).
inline uint32_t sel_error(uint16_t sel) { return sel & 0xFFFCu; }

// True when `bytes` bytes at `off` (16-bit wrap for a B=0 stack) lie inside a writable stack
// segment (PRM §6.3.1.2, expand-down included).
inline bool stack_slot_ok(const SegCache& ss, uint32_t off, unsigned bytes) {
  return (ss.rights & SegCache::kWrite) && off >= ss.lim_lo && uint64_t(off) + (bytes - 1) <= ss.lim_hi;
}

// The stack pointer for a more privileged ring, from the current TSS (PRM §7.1 Figure 7-1: ESPn at
// 4+8n, SSn at 8+8n in a 386 TSS; §13 / 80286 TSS: SPn at 2+4n, SSn at 4+4n), with every check of
// the new SS (PRM CALL page MORE-PRIVILEGE, INT page INTERRUPT-TO-INNER-PRIVILEGE). `ext` is the EXT
// bit of error codes (1 while delivering an external event or exception). Defined in protected.cpp.
struct InnerStack {
  uint16_t ss = 0;
  uint32_t esp = 0;
  Descriptor desc;
  uint32_t desc_addr = 0;
};
InnerStack inner_stack(Cpu& c, uint8_t new_cpl, uint32_t ext);

// Writes `n` values (vals[0] first, i.e. at the highest address, as `n` pushes would) of `size`
// bytes (2 or 4) below `esp` in stack segment `ss`, after checking every slot (#SS(0) otherwise).
// `supervisor` selects supervisor paging access (a more privileged stack that is not loaded yet);
// otherwise the access is at the current CPL. Returns the new ESP (upper half kept for B=0).
// Defined in protected.cpp.
uint32_t write_stack_frame(Cpu& c, const SegCache& ss, uint32_t esp, const uint32_t* vals,
                           unsigned n, unsigned size, bool supervisor);

// Null a data segment register that the new, less privileged CPL may not use (PRM §6.3.5 / RET and
// IRET pages: data or nonconforming code with DPL < CPL). Defined in protected.cpp.
void drop_inaccessible_segments(Cpu& c);

// Far JMP/CALL/RET/IRET and LDS-family handlers (protected.cpp), registered by
// register_system_ops() in system.cpp.
void register_far_transfer_ops(OpTable& t);

}  // namespace irq::cpu
