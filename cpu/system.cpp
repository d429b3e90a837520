// cpu/system.cpp — system instructions (PRM §4.2, §6.3.5-6.3.6 and their chapter 17 pages):
// SLDT/STR/LLDT/LTR/VERR/VERW (0F 00), SGDT/SIDT/LGDT/LIDT/SMSW/LMSW/INVLPG (0F 01), LAR, LSL,
// CLTS, INVD, WBINVD, MOV to/from CRn/DRn/TRn, ARPL; and register_system_ops(), which also registers
// the far transfers of protected.cpp.
//
// Privileged instructions (PRM §6.3.5.1) raise #GP(0) at CPL != 0 and in V86 mode; the
// protection-only ones (SLDT, STR, LLDT, LTR, VERR, VERW, LAR, LSL, ARPL) are #UD in real and V86
// mode. Inaccuracies: TR6/TR7 (TLB test registers, PRM §10.6) read as 0 and ignore writes; DR7.GD
// (general detect) is not honoured by MOV DRn; INVD/WBINVD do nothing (no cache is modelled).
#include <algorithm>

#include "descriptor.h"

namespace irq::cpu {
namespace {

void protected_only(Cpu& c) {
  if (!c.st.protected_mode() || c.st.v86()) c.raise_ud();
}
void require_cpl0(Cpu& c) {
  if (c.st.protected_mode() && (c.st.v86() || c.st.cpl != 0)) c.raise_gp0();
}
void set_zf(Cpu& c, bool z) {
  c.st.eflags = z ? (c.st.eflags | fl::ZF) : (c.st.eflags & ~fl::ZF);
}
// Extra clocks of one row over the row charged at registration (same mode and operand column).
void charge_over(Cpu& c, const Insn& i, Clk path, Clk charged) {
  const bool pm = c.st.protected_mode();
  c.charge(uint32_t(clocks_of(path, pm, i.is_mem()) - clocks_of(charged, pm, i.is_mem())));
}

// ---- 0F 00 ---------------------------------------------------------------------------------

// SLDT / STR: the operand size has no effect on a memory word; a 32-bit register is zero-extended.
template <class T> void store_selector(Cpu& c, const Insn& i, uint16_t sel) {
  if (i.mod == 3) c.reg<T>(i.rm) = sel;
  else c.wr<uint16_t>(i.seg, c.ea(i), sel);
}
template <class T> void op_sldt(Cpu& c, const Insn& i) {
  protected_only(c);
  store_selector<T>(c, i, c.st.ldtr.selector);
}
template <class T> void op_str(Cpu& c, const Insn& i) {
  protected_only(c);
  store_selector<T>(c, i, c.st.tr.selector);
}

void op_lldt(Cpu& c, const Insn& i) {  // PRM LLDT page
  protected_only(c);
  require_cpl0(c);
  const uint16_t sel = c.read_rm<uint16_t>(i);
  if ((sel & 0xFFFC) == 0) {  // a null selector marks the LDTR invalid
    c.st.ldtr.selector = sel;
    c.st.ldtr.valid = false;
    c.st.ldtr.derive();
    return;
  }
  Descriptor d;
  uint32_t addr = 0;
  if ((sel & 4) || !fetch_descriptor(c, sel, d, addr) || !d.is_system(sys::kLdt))
    c.raise(vec::GP, sel_error(sel));
  if (!d.present()) c.raise(vec::NP, sel_error(sel));
  c.st.ldtr = segment_cache(d, sel);
}

void op_ltr(Cpu& c, const Insn& i) {  // PRM LTR page, §7.3
  protected_only(c);
  require_cpl0(c);
  const uint16_t sel = c.read_rm<uint16_t>(i);
  if ((sel & 0xFFFC) == 0) c.raise_gp0();
  Descriptor d;
  uint32_t addr = 0;
  if ((sel & 4) || !fetch_descriptor(c, sel, d, addr) ||
      !(d.is_system(sys::kTss286) || d.is_system(sys::kTss386)))  // available TSS only
    c.raise(vec::GP, sel_error(sel));
  if (!d.present()) c.raise(vec::NP, sel_error(sel));
  d.hi |= 0x200;  // the loaded TSS is marked busy (type 3 or 11)
  c.wr_sys<uint8_t>(addr + 5, uint8_t(d.hi >> 8));
  c.st.tr = segment_cache(d, sel);
}

// VERR / VERW (PRM §6.3.6.1): ZF=1 when the segment is readable / writable at max(CPL, RPL);
// conforming code segments skip the privilege check. Never faults on the selector.
bool verify_segment(Cpu& c, uint16_t sel, bool write) {
  if ((sel & 0xFFFC) == 0) return false;
  Descriptor d;
  uint32_t addr = 0;
  if (!fetch_descriptor(c, sel, d, addr) || !d.is_segment()) return false;
  if (write ? !d.writable() : !d.readable()) return false;
  return d.conforming() || d.dpl() >= std::max<uint8_t>(c.st.cpl, sel & 3);
}
void op_verr(Cpu& c, const Insn& i) {
  protected_only(c);
  set_zf(c, verify_segment(c, c.read_rm<uint16_t>(i), false));
}
void op_verw(Cpu& c, const Insn& i) {
  protected_only(c);
  set_zf(c, verify_segment(c, c.read_rm<uint16_t>(i), true));
}

// ---- 0F 01 ---------------------------------------------------------------------------------

// SGDT / SIDT: limit word, then the base; a 16-bit operand stores the high base byte as 0 (PRM
// SGDT page, compatibility note).
template <class T> void store_table(Cpu& c, const Insn& i, const TableReg& r) {
  if (!i.is_mem()) c.raise_ud();
  const uint32_t ea = c.ea(i);
  c.check_write(i.seg, ea, 6);
  c.wr<uint16_t>(i.seg, ea, r.limit);
  c.wr<uint32_t>(i.seg, ea + 2, sizeof(T) == 4 ? r.base : (r.base & 0x00FFFFFF));
}
template <class T> void op_sgdt(Cpu& c, const Insn& i) { store_table<T>(c, i, c.st.gdtr); }
template <class T> void op_sidt(Cpu& c, const Insn& i) { store_table<T>(c, i, c.st.idtr); }

// LGDT / LIDT: a 16-bit operand loads a 24-bit base (PRM LGDT page). Valid in real mode.
template <class T> void load_table(Cpu& c, const Insn& i, TableReg& r) {
  if (!i.is_mem()) c.raise_ud();
  require_cpl0(c);
  const uint32_t ea = c.ea(i);
  const uint16_t limit = c.rd<uint16_t>(i.seg, ea);
  uint32_t base = c.rd<uint32_t>(i.seg, ea + 2);
  if (sizeof(T) == 2) base &= 0x00FFFFFF;
  r.limit = limit;
  r.base = base;
}
template <class T> void op_lgdt(Cpu& c, const Insn& i) { load_table<T>(c, i, c.st.gdtr); }
template <class T> void op_lidt(Cpu& c, const Insn& i) { load_table<T>(c, i, c.st.idtr); }

// SMSW: the low word of CR0 (a 32-bit register destination receives all of CR0).
template <class T> void op_smsw(Cpu& c, const Insn& i) {
  if (i.mod == 3) c.reg<T>(i.rm) = T(c.st.cr0);
  else c.wr<uint16_t>(i.seg, c.ea(i), uint16_t(c.st.cr0));
}

// LMSW: loads PE, MP, EM and TS; it cannot clear PE (PRM LMSW page).
void op_lmsw(Cpu& c, const Insn& i) {
  require_cpl0(c);
  const uint16_t v = c.read_rm<uint16_t>(i);
  const uint32_t old = c.st.cr0;
  c.st.cr0 = (old & ~0xFu) | (v & 0xFu) | (old & cr0::PE);
  c.mode_changed();
}

// INVLPG (i486): drop the TLB entry of the operand's linear address.
void op_invlpg(Cpu& c, const Insn& i) {
  if (!i.is_mem()) c.raise_ud();
  require_cpl0(c);
  c.flush_tlb_page(c.st.seg[i.seg].base + c.ea(i));
}

// ---- 0F 02, 0F 03: LAR, LSL -----------------------------------------------------------------

// Visible at CPL weakened by RPL: conforming code always; everything else needs DPL >= CPL and
// DPL >= RPL (PRM LAR/LSL pages, §6.3.6.1).
bool visible(const Cpu& c, const Descriptor& d, uint16_t sel) {
  if (d.conforming()) return true;
  return d.dpl() >= c.st.cpl && d.dpl() >= (sel & 3);
}
// PRM LAR page table: every code/data descriptor; system types 1-7, 9, B, C, E, F.
bool lar_type_ok(const Descriptor& d) {
  if (d.is_segment()) return true;
  switch (d.type()) {
    case 0: case 8: case 10: case 13: return false;
    default: return true;
  }
}
// PRM LSL page table: every code/data descriptor; system types 1, 2, 3, 9, B (TSSs and LDTs). The
// table prints type 8 as "Invalid / Valid"; 8 is a reserved type and is treated as invalid.
bool lsl_type_ok(const Descriptor& d) {
  if (d.is_segment()) return true;
  switch (d.type()) {
    case sys::kTss286: case sys::kLdt: case sys::kTss286Busy: case sys::kTss386:
    case sys::kTss386Busy: return true;
    default: return false;
  }
}

template <class T> void op_lar(Cpu& c, const Insn& i) {
  protected_only(c);
  const uint16_t sel = c.read_rm<uint16_t>(i);
  Descriptor d;
  uint32_t addr = 0;
  if ((sel & 0xFFFC) == 0 || !fetch_descriptor(c, sel, d, addr) || !lar_type_ok(d) ||
      !visible(c, d, sel)) {
    set_zf(c, false);
    return;
  }
  c.reg<T>(i.reg) = T(d.hi & 0x00FFFF00);  // "masked by 00FxFF00" (16-bit: FF00)
  set_zf(c, true);
}

template <class T> void op_lsl(Cpu& c, const Insn& i) {
  protected_only(c);
  const uint16_t sel = c.read_rm<uint16_t>(i);
  Descriptor d;
  uint32_t addr = 0;
  if ((sel & 0xFFFC) == 0 || !fetch_descriptor(c, sel, d, addr) || !lsl_type_ok(d) ||
      !visible(c, d, sel)) {
    set_zf(c, false);
    return;
  }
  if (d.granular()) charge_over(c, i, Clk::LSL_PAGE, Clk::LSL_BYTE);
  c.reg<T>(i.reg) = T(d.limit());  // byte-granular limit
  set_zf(c, true);
}

// ---- 0F 06, 0F 08, 0F 09 ---------------------------------------------------------------------

void op_clts(Cpu& c, const Insn&) {  // valid in real mode (PRM CLTS page)
  require_cpl0(c);
  c.st.cr0 &= ~cr0::TS;
}
void op_invd(Cpu& c, const Insn&) { require_cpl0(c); }    // no cache to invalidate
void op_wbinvd(Cpu& c, const Insn&) { require_cpl0(c); }  // no cache to write back

// ---- 0F 20-26: MOV to and from CRn, DRn, TRn ---------------------------------------------------
// Always 32-bit, the ModR/M rm field names a general register whatever mod says (the decoder forces
// mod = 3), reg names the special register (PRM "MOV - Move to/from Special Registers").

constexpr uint32_t kCr0Bits = cr0::PE | cr0::MP | cr0::EM | cr0::TS | cr0::ET | cr0::NE | cr0::WP |
                              cr0::AM | cr0::NW | cr0::CD | cr0::PG;

void op_mov_r_cr(Cpu& c, const Insn& i) {  // 0F 20
  uint32_t v = 0;
  switch (i.reg) {
    case 0: v = c.st.cr0; break;
    case 2: v = c.st.cr2; break;
    case 3: v = c.st.cr3; break;
    default: c.raise_ud();  // CR1 and CR4-CR7 do not exist on the 386
  }
  require_cpl0(c);
  c.r32(i.rm) = v;
}

void op_mov_cr_r(Cpu& c, const Insn& i) {  // 0F 22; registered with the CR2 row (the cheapest)
  if (i.reg == 1 || i.reg > 3) c.raise_ud();
  require_cpl0(c);
  const uint32_t v = c.r32(i.rm);
  switch (i.reg) {
    case 0:
      if ((v & cr0::PG) && !(v & cr0::PE)) c.raise_gp0();  // paging needs protection
      c.st.cr0 = v & kCr0Bits;
      c.flush_tlb();
      c.mode_changed();
      charge_over(c, i, Clk::MOV_CR0_R32, Clk::MOV_CR2_R32);
      break;
    case 2:
      c.st.cr2 = v;
      break;
    default:
      c.st.cr3 = v & 0xFFFFF018u;  // page-directory base, PWT/PCD (i486)
      c.flush_tlb();
      charge_over(c, i, Clk::MOV_CR3_R32, Clk::MOV_CR2_R32);
      break;
  }
}

// DR4 and DR5 are aliases of DR6 and DR7.
unsigned debug_reg(unsigned n) { return (n == 4 || n == 5) ? n + 2 : n; }

void op_mov_r_dr(Cpu& c, const Insn& i) {  // 0F 21; registered with the DR6/DR7 row
  require_cpl0(c);
  const unsigned n = debug_reg(i.reg);
  c.r32(i.rm) = c.st.dr[n];
  if (n < 4) charge_over(c, i, Clk::MOV_R32_DR0_3, Clk::MOV_R32_DR6_7);
}
void op_mov_dr_r(Cpu& c, const Insn& i) {  // 0F 23; registered with the DR6/DR7 row
  require_cpl0(c);
  const unsigned n = debug_reg(i.reg);
  c.st.dr[n] = c.r32(i.rm);
  if (n < 4) charge_over(c, i, Clk::MOV_DR0_3_R32, Clk::MOV_DR6_7_R32);
}

void op_mov_r_tr(Cpu& c, const Insn& i) {  // 0F 24: TR6/TR7 only
  if (i.reg < 6) c.raise_ud();
  require_cpl0(c);
  c.r32(i.rm) = 0;  // TLB test registers not modelled
}
void op_mov_tr_r(Cpu& c, const Insn& i) {  // 0F 26
  if (i.reg < 6) c.raise_ud();
  require_cpl0(c);
}

// ---- 63: ARPL ----------------------------------------------------------------------------------

void op_arpl(Cpu& c, const Insn& i) {  // PRM ARPL page; always a word operand
  protected_only(c);
  const uint16_t dst = c.read_rm<uint16_t>(i);
  const uint16_t src = c.r16(i.reg);
  if ((dst & 3) < (src & 3)) {
    c.write_rm<uint16_t>(i, uint16_t((dst & ~3u) | (src & 3)));
    set_zf(c, true);
  } else {
    set_zf(c, false);
  }
}

}  // namespace

void register_system_ops(OpTable& t) {
  register_far_transfer_ops(t);

  t.set_group(0x100, 0, op_sldt<uint16_t>, op_sldt<uint32_t>, Clk::SLDT);
  t.set_group(0x100, 1, op_str<uint16_t>, op_str<uint32_t>, Clk::STR);
  t.set_group(0x100, 2, op_lldt, Clk::LLDT);
  t.set_group(0x100, 3, op_ltr, Clk::LTR);
  t.set_group(0x100, 4, op_verr, Clk::VERR);
  t.set_group(0x100, 5, op_verw, Clk::VERW);

  t.set_group(0x101, 0, op_sgdt<uint16_t>, op_sgdt<uint32_t>, Clk::SGDT);
  t.set_group(0x101, 1, op_sidt<uint16_t>, op_sidt<uint32_t>, Clk::SIDT);
  t.set_group(0x101, 2, op_lgdt<uint16_t>, op_lgdt<uint32_t>, Clk::LGDT);
  t.set_group(0x101, 3, op_lidt<uint16_t>, op_lidt<uint32_t>, Clk::LIDT);
  t.set_group(0x101, 4, op_smsw<uint16_t>, op_smsw<uint32_t>, Clk::SMSW);
  t.set_group(0x101, 6, op_lmsw, Clk::LMSW);
  t.set_group(0x101, 7, op_invlpg, Clk::INVLPG);

  t.set(0x102, op_lar<uint16_t>, op_lar<uint32_t>, Clk::LAR);
  t.set(0x103, op_lsl<uint16_t>, op_lsl<uint32_t>, Clk::LSL_BYTE);
  t.set(0x106, op_clts, Clk::CLTS);
  t.set(0x108, op_invd, Clk::INVD);
  t.set(0x109, op_wbinvd, Clk::WBINVD);
  t.set(0x120, op_mov_r_cr, Clk::MOV_R32_CR);
  t.set(0x121, op_mov_r_dr, Clk::MOV_R32_DR6_7);
  t.set(0x122, op_mov_cr_r, Clk::MOV_CR2_R32);
  t.set(0x123, op_mov_dr_r, Clk::MOV_DR6_7_R32);
  t.set(0x124, op_mov_r_tr, Clk::MOV_R32_TR);
  t.set(0x126, op_mov_tr_r, Clk::MOV_TR_R32);
  t.set(0x63, op_arpl, Clk::ARPL);
}

}  // namespace irq::cpu
