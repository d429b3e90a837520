// cpu/decode.cpp — instruction decoder: prefixes, opcode maps (PRM Appendix A), ModR/M and SIB
// (PRM §17.2.1), immediates, the "m" component count (PRM §17.2.2.3), LOCK validity (PRM LOCK page),
// and the shared opcode table filled by the exec files.
#include "cpu.h"

namespace irq::cpu {
namespace {

// Format bits per opcode.
enum : uint16_t {
  kModrm = 1 << 0,
  kIb = 1 << 1,      // imm8, zero-extended
  kIbs = 1 << 2,     // imm8, sign-extended
  kIz = 1 << 3,      // imm16 or imm32 by operand size
  kIw = 1 << 4,      // imm16
  kFar = 1 << 5,     // ptr16:16 / ptr16:32 (offset by operand size, then selector)
  kMoffs = 1 << 6,   // offset of address size
  kGroup = 1 << 7,   // ModR/M reg selects the instruction
  kPrefix = 1 << 8,
  kEnter = 1 << 9,   // iw + ib
  kF6Test = 1 << 10, // F6/F7: /0 and /1 carry an immediate
  kJz = 1 << 11,     // rel16/32 by operand size, sign-extended
  kLockable = 1 << 12,  // LOCK allowed with a memory destination (group: see kLockGroup)
};

struct Formats {
  uint16_t f[512] = {};
  constexpr Formats() {
    // One-byte map.
    for (unsigned base = 0x00; base <= 0x38; base += 8) {  // ALU rows
      f[base + 0] = f[base + 1] = f[base + 2] = f[base + 3] = kModrm;
      f[base + 4] = kIb;
      f[base + 5] = kIz;
    }
    for (unsigned op : {0x00, 0x01, 0x08, 0x09, 0x10, 0x11, 0x18, 0x19, 0x20, 0x21, 0x28, 0x29,
                        0x30, 0x31})
      f[op] |= kLockable;
    for (unsigned op : {0x26, 0x2E, 0x36, 0x3E, 0x64, 0x65, 0x66, 0x67, 0xF0, 0xF2, 0xF3})
      f[op] = kPrefix;
    f[0x62] = f[0x63] = kModrm;
    f[0x68] = kIz;
    f[0x69] = kModrm | kIz;
    f[0x6A] = kIbs;
    f[0x6B] = kModrm | kIbs;
    for (unsigned op = 0x70; op <= 0x7F; ++op) f[op] = kIbs;
    f[0x80] = f[0x82] = kModrm | kIb | kGroup;
    f[0x81] = kModrm | kIz | kGroup;
    f[0x83] = kModrm | kIbs | kGroup;
    for (unsigned op = 0x84; op <= 0x8E; ++op) f[op] = kModrm;
    f[0x86] |= kLockable;
    f[0x87] |= kLockable;
    f[0x8F] = kModrm | kGroup;
    f[0x9A] = kFar;
    f[0xA0] = f[0xA1] = f[0xA2] = f[0xA3] = kMoffs;
    f[0xA8] = kIb;
    f[0xA9] = kIz;
    for (unsigned op = 0xB0; op <= 0xB7; ++op) f[op] = kIb;
    for (unsigned op = 0xB8; op <= 0xBF; ++op) f[op] = kIz;
    f[0xC0] = f[0xC1] = kModrm | kIb | kGroup;
    f[0xC2] = f[0xCA] = kIw;
    f[0xC4] = f[0xC5] = kModrm;
    f[0xC6] = kModrm | kIb | kGroup;
    f[0xC7] = kModrm | kIz | kGroup;
    f[0xC8] = kEnter;
    f[0xCD] = kIb;
    f[0xD0] = f[0xD1] = f[0xD2] = f[0xD3] = kModrm | kGroup;
    f[0xD4] = f[0xD5] = kIb;
    for (unsigned op = 0xD8; op <= 0xDF; ++op) f[op] = kModrm;
    for (unsigned op = 0xE0; op <= 0xE3; ++op) f[op] = kIbs;
    f[0xE4] = f[0xE5] = f[0xE6] = f[0xE7] = kIb;
    f[0xE8] = f[0xE9] = kJz;
    f[0xEA] = kFar;
    f[0xEB] = kIbs;
    f[0xF6] = kModrm | kGroup | kF6Test;
    f[0xF7] = kModrm | kGroup | kF6Test;
    f[0xFE] = f[0xFF] = kModrm | kGroup;
    // Two-byte map (0F xx at 0x100 + xx).
    f[0x100] = f[0x101] = kModrm | kGroup;
    f[0x102] = f[0x103] = kModrm;
    for (unsigned op = 0x118; op <= 0x11F; ++op) f[op] = kModrm;  // hint NOPs, endbr32
    for (unsigned op = 0x120; op <= 0x126; ++op) f[op] = kModrm;
    for (unsigned op = 0x140; op <= 0x14F; ++op) f[op] = kModrm;
    for (unsigned op = 0x180; op <= 0x18F; ++op) f[op] = kJz;
    for (unsigned op = 0x190; op <= 0x19F; ++op) f[op] = kModrm;
    f[0x1A3] = kModrm;
    f[0x1A4] = kModrm | kIb;
    f[0x1A5] = kModrm;
    f[0x1AB] = kModrm | kLockable;
    f[0x1AC] = kModrm | kIb;
    f[0x1AD] = kModrm;
    f[0x1AF] = kModrm;
    f[0x1B0] = f[0x1B1] = kModrm | kLockable;
    f[0x1B2] = kModrm;
    f[0x1B3] = kModrm | kLockable;
    f[0x1B4] = f[0x1B5] = f[0x1B6] = f[0x1B7] = kModrm;
    f[0x1BA] = kModrm | kIb | kGroup;
    f[0x1BB] = kModrm | kLockable;
    f[0x1BC] = f[0x1BD] = f[0x1BE] = f[0x1BF] = kModrm;
    f[0x1C0] = f[0x1C1] = kModrm | kLockable;
    f[0x1C7] = kModrm | kGroup;
  }
};
constexpr Formats kFormats;

// LOCK with a group opcode: which ModR/M reg values are lockable (PRM LOCK page; i486 adds
// CMPXCHG/XADD/CMPXCHG8B).
bool lockable_group(unsigned op, unsigned reg) {
  switch (op) {
    case 0x80: case 0x81: case 0x82: case 0x83: return reg != 7;  // not CMP
    case 0xF6: case 0xF7: return reg == 2 || reg == 3;            // NOT, NEG
    case 0xFE: case 0xFF: return reg <= 1;                        // INC, DEC
    case 0x1BA: return reg >= 5;                                  // BTS, BTR, BTC
    case 0x1C7: return reg == 1;                                  // CMPXCHG8B
    default: return false;
  }
}

void op_undefined(Cpu& c, const Insn&) { c.raise_ud(); }
void op_lock_invalid(Cpu& c, const Insn&) { c.raise_ud(); }

// 16-bit ModR/M effective addresses (PRM Table 17-2): base, index, default segment.
struct Ea16 { uint8_t base, index, seg; };
constexpr Ea16 kEa16[8] = {
    {EBX, ESI, DS}, {EBX, EDI, DS}, {EBP, ESI, SS}, {EBP, EDI, SS},
    {ESI, kZeroReg, DS}, {EDI, kZeroReg, DS}, {EBP, kZeroReg, SS}, {EBX, kZeroReg, DS},
};

}  // namespace

const OpTable& op_table() {
  static const OpTable table = [] {
    OpTable t;
    register_alu_ops(t);
    register_data_ops(t);
    register_control_ops(t);
    register_string_io_ops(t);
    register_system_ops(t);
    return t;
  }();
  return table;
}

uint8_t Cpu::fetch_code8(uint32_t eip) {
  const SegCache& cs = st.seg[CS];
  if (eip > cs.lim_hi) raise_gp0();  // PRM §6.3.1.2: code fetch beyond the CS limit
  return rd_lin<uint8_t>(cs.base + eip);
}

void Cpu::decode(Insn& d, uint32_t eip) {
  const OpTable& table = op_table();
  const bool big = st.seg[CS].big();
  const uint32_t ip_mask = big ? 0xFFFFFFFFu : 0xFFFFu;
  d = Insn{};
  bool o32 = big, a32 = big;
  unsigned n = 0, components = 0;
  auto next = [&]() -> uint8_t {
    if (n >= 15) raise_gp0();  // PRM §17.2: an instruction longer than 15 bytes is #GP(0)
    return fetch_code8((eip + n++) & ip_mask);
  };
  uint8_t seg = kNoSeg;
  uint8_t b;
  for (;;) {
    b = next();
    if (!(kFormats.f[b] & kPrefix)) break;
    ++components;  // PRM §17.2.2.3: each prefix byte counts as one component
    switch (b) {
      case 0x26: seg = ES; break;
      case 0x2E: seg = CS; break;
      case 0x36: seg = SS; break;
      case 0x3E: seg = DS; break;
      case 0x64: seg = FS; break;
      case 0x65: seg = GS; break;
      case 0x66: o32 = !big; break;
      case 0x67: a32 = !big; break;
      case 0xF0: d.lock = 1; break;
      case 0xF2: d.rep = 2; break;
      case 0xF3: d.rep = 3; break;
    }
  }
  unsigned op = b;
  ++components;
  if (b == 0x0F) {
    op = 0x100 | next();
    ++components;
  }
  const uint16_t f = kFormats.f[op];
  d.op = uint16_t(op);
  d.o32 = o32;
  d.a32 = a32;
  d.seg_override = seg != kNoSeg;
  uint8_t default_seg = DS;

  if (f & kModrm) {
    const uint8_t modrm = next();
    ++components;
    d.mod = modrm >> 6;
    d.reg = (modrm >> 3) & 7;
    d.rm = modrm & 7;
    // MOV to/from CRn/DRn/TRn: the operand is always a register, whatever mod says (PRM MOV CR).
    if (op >= 0x120 && op <= 0x126) d.mod = 3;
    if (d.mod != 3) {
      if (!a32) {
        if (d.mod == 0 && d.rm == 6) {
          d.disp = uint16_t(next() | (next() << 8));
          ++components;
        } else {
          d.base = kEa16[d.rm].base;
          d.index = kEa16[d.rm].index;
          default_seg = kEa16[d.rm].seg;
          if (d.mod == 1) {
            d.disp = uint32_t(int32_t(int8_t(next())));
            ++components;
          } else if (d.mod == 2) {
            d.disp = uint16_t(next() | (next() << 8));
            ++components;
          }
        }
      } else {
        unsigned base = d.rm;
        if (d.rm == 4) {  // SIB (PRM Table 17-4)
          const uint8_t sib = next();
          ++components;
          d.scale = sib >> 6;
          const unsigned idx = (sib >> 3) & 7;
          d.index = idx == 4 ? uint8_t(kZeroReg) : uint8_t(idx);
          base = sib & 7;
          if (base == 5 && d.mod == 0) {
            d.base = kZeroReg;
            uint32_t v = next();
            v |= uint32_t(next()) << 8;
            v |= uint32_t(next()) << 16;
            v |= uint32_t(next()) << 24;
            d.disp = v;
            ++components;
          } else {
            d.base = uint8_t(base);
            if (base == ESP || base == EBP) default_seg = SS;
          }
        } else if (d.mod == 0 && d.rm == 5) {
          uint32_t v = next();
          v |= uint32_t(next()) << 8;
          v |= uint32_t(next()) << 16;
          v |= uint32_t(next()) << 24;
          d.disp = v;
          ++components;
        } else {
          d.base = uint8_t(base);
          if (base == EBP) default_seg = SS;
        }
        if (d.mod == 1) {
          d.disp = uint32_t(int32_t(int8_t(next())));
          ++components;
        } else if (d.mod == 2) {
          uint32_t v = next();
          v |= uint32_t(next()) << 8;
          v |= uint32_t(next()) << 16;
          v |= uint32_t(next()) << 24;
          d.disp = v;
          ++components;
        }
      }
    }
  }
  d.seg = seg != kNoSeg ? seg : default_seg;

  auto imm16 = [&]() -> uint32_t { uint32_t v = next(); return v | (uint32_t(next()) << 8); };
  auto imm32 = [&]() -> uint32_t { uint32_t v = imm16(); return v | (imm16() << 16); };
  if (f & (kIb | kIbs | kIz | kIw | kFar | kMoffs | kEnter | kJz | kF6Test)) {
    if (f & kIb) d.imm = next();
    else if (f & kIbs) d.imm = uint32_t(int32_t(int8_t(next())));
    else if (f & kIz) d.imm = o32 ? imm32() : imm16();
    else if (f & kIw) d.imm = imm16();
    else if (f & kJz) d.imm = o32 ? imm32() : uint32_t(int32_t(int16_t(imm16())));
    else if (f & kFar) {
      d.imm = o32 ? imm32() : imm16();
      d.imm2 = uint16_t(imm16());
      ++components;
    } else if (f & kMoffs) {
      d.disp = a32 ? imm32() : imm16();
      d.mod = 0;
      d.base = d.index = kZeroReg;
    } else if (f & kEnter) {
      d.imm = imm16();
      d.imm2 = next();
      ++components;
    } else if ((f & kF6Test) && d.reg <= 1) {
      d.imm = op == 0xF6 ? next() : (o32 ? imm32() : imm16());
    }
    if (!(f & kF6Test) || d.reg <= 1) ++components;
  }

  // Resolve the handler. 82 is an alias of 80, 83 of 81 (imm already sign-extended).
  unsigned tab_op = op == 0x82 ? 0x80 : op == 0x83 ? 0x81 : op;
  const OpEntry& e = (f & kGroup) ? table.group[tab_op][d.reg] : table.op[tab_op];
  Handler fn = o32 ? (e.fn32 ? e.fn32 : e.fn16) : e.fn16;
  if (!e.set || !fn) fn = op_undefined;
  if (d.lock) {
    const bool ok = d.mod != 3 && ((f & kGroup) ? lockable_group(op, d.reg) : (f & kLockable));
    if (!ok) fn = op_lock_invalid;  // PRM LOCK page: #UD for any other instruction
  }
  d.fn = fn;
  d.clocks = e.set ? clocks_of(e.clk, st.protected_mode(), d.mod != 3) : 0;
  d.len = uint8_t(n);
  d.components = uint8_t(components);
}

}  // namespace irq::cpu
