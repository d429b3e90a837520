// cpu/protected.cpp — segment register loads (PRM §5.1.4, §6.3.2, MOV/LDS pages), the I/O permission
// check (PRM §8.3), far JMP/CALL/RET and IRET in real and protected mode (PRM §6.3.3-6.3.4, JMP,
// CALL, RET and IRET pages of chapter 17), and LDS/LES/LSS/LFS/LGS.
//
// Order of work in every handler: read the operands and descriptors, check everything, write the new
// stack frame, then commit registers. The run loop restores only EIP and ESP when an instruction
// faults (cpu.h), so nothing else may change before the last access that can fault.
//
// Not modelled (they raise #GP through Cpu::unsupported): task switches through a TSS or task gate,
// IRET with NT=1, IRET to virtual-8086 mode.
#include <algorithm>

#include "descriptor.h"

namespace irq::cpu {

// ---- segment register loads ------------------------------------------------------------------

void Cpu::load_seg(unsigned seg, uint16_t sel) {
  SegCache& s = st.seg[seg];
  if (!st.protected_mode() || st.v86()) {
    // Real-address mode (PRM §14.1) and V86 mode: selector and base = selector * 16 only. The 386
    // keeps the cached limit and attributes, so a limit loaded in protected mode survives the
    // return to real mode ("unreal mode").
    s.selector = sel;
    s.base = uint32_t(sel) << 4;
    s.valid = true;
    s.derive();
    s.rights = SegCache::kRead | SegCache::kWrite;  // no type checks in real mode (PRM Table 14-1)
    if (seg == CS) mode_changed();
    return;
  }
  if (seg == CS) raise_ud();  // CS changes only through far transfers (MOV CS is invalid)

  const uint8_t rpl = sel & 3;
  Descriptor d;
  uint32_t addr = 0;
  if (seg == SS) {
    // PRM MOV / LSS pages: SS needs a writable data segment at exactly CPL.
    if ((sel & 0xFFFC) == 0) raise(vec::GP, 0);
    if (!fetch_descriptor(*this, sel, d, addr)) raise(vec::GP, sel_error(sel));
    if (rpl != st.cpl || !d.writable() || d.dpl() != st.cpl) raise(vec::GP, sel_error(sel));
    if (!d.present()) raise(vec::SS, sel_error(sel));
    set_accessed(*this, d, addr);
    s = segment_cache(d, sel);
    mode_changed();  // the stack size (B bit) may have changed
    return;
  }
  if ((sel & 0xFFFC) == 0) {
    // A null selector may be loaded into DS/ES/FS/GS; any use then faults (PRM §5.1.3).
    s.selector = sel;
    s.valid = false;
    s.derive();
    return;
  }
  if (!fetch_descriptor(*this, sel, d, addr)) raise(vec::GP, sel_error(sel));
  if (!d.is_segment() || !d.readable()) raise(vec::GP, sel_error(sel));
  // PRM §6.3.2: data and nonconforming code need DPL >= max(CPL, RPL); conforming code is always
  // accessible (§6.3.2.1).
  if (!d.conforming() && d.dpl() < std::max(st.cpl, rpl)) raise(vec::GP, sel_error(sel));
  if (!d.present()) raise(vec::NP, sel_error(sel));
  set_accessed(*this, d, addr);
  s = segment_cache(d, sel);
}

// ---- I/O permission bit map ------------------------------------------------------------------

void Cpu::check_io(uint16_t port, unsigned size) {
  if (!io_needs_bitmap()) return;
  // PRM §8.3.2: the map base is the word at offset 66H of a 386 TSS; every bit for the ports
  // accessed must be 0, and a bit beyond the TSS limit counts as 1. An 80286 TSS has no map.
  const SegCache& tss = st.tr;
  const uint8_t type = tss.attr & 0x1F;  // S bit and type
  if (!tss.valid || (type != sys::kTss386 && type != sys::kTss386Busy) || tss.limit < 0x67)
    raise_gp0();
  const uint32_t map = rd_sys<uint16_t>(tss.base + 0x66);
  for (uint32_t p = port; p < uint32_t(port) + size; ++p) {
    const uint32_t byte = map + (p >> 3);
    if (byte > tss.limit) raise_gp0();
    if ((rd_sys<uint8_t>(tss.base + byte) >> (p & 7)) & 1) raise_gp0();
  }
}

// ---- shared helpers (descriptor.h) -----------------------------------------------------------

InnerStack inner_stack(Cpu& c, uint8_t n, uint32_t ext) {
  const SegCache& tss = c.st.tr;
  const uint8_t type = tss.attr & 0x1F;
  const bool tss386 = type == sys::kTss386 || type == sys::kTss386Busy;
  const bool tss286 = type == sys::kTss286 || type == sys::kTss286Busy;
  const uint32_t off = tss386 ? 4 + 8u * n : 2 + 4u * n;
  const uint32_t last = tss386 ? off + 5 : off + 3;  // through the SSn word
  if (!tss.valid || !(tss386 || tss286) || last > tss.limit)
    c.raise(vec::TS, sel_error(tss.selector) + ext);
  InnerStack r;
  if (tss386) {
    r.esp = c.rd_sys<uint32_t>(tss.base + off);
    r.ss = c.rd_sys<uint16_t>(tss.base + off + 4);
  } else {
    r.esp = c.rd_sys<uint16_t>(tss.base + off);
    r.ss = c.rd_sys<uint16_t>(tss.base + off + 2);
  }
  // Null SS: the CALL page says #TS(0), the INT page #GP(EXT); #TS(EXT) covers both (deviations.md).
  if ((r.ss & 0xFFFC) == 0) c.raise(vec::TS, ext);
  if (!fetch_descriptor(c, r.ss, r.desc, r.desc_addr)) c.raise(vec::TS, sel_error(r.ss) + ext);
  if ((r.ss & 3) != n || r.desc.dpl() != n || !r.desc.writable())
    c.raise(vec::TS, sel_error(r.ss) + ext);
  if (!r.desc.present()) c.raise(vec::SS, sel_error(r.ss) + ext);
  return r;
}

uint32_t write_stack_frame(Cpu& c, const SegCache& ss, uint32_t esp, const uint32_t* vals,
                           unsigned n, unsigned size, bool supervisor) {
  const bool big = ss.big();
  auto slot = [&](unsigned k) {
    const uint32_t off = esp - (k + 1) * size;
    return big ? off : (off & 0xFFFF);
  };
  for (unsigned k = 0; k < n; ++k)
    if (!stack_slot_ok(ss, slot(k), size)) c.raise(vec::SS, 0);
  for (unsigned k = 0; k < n; ++k) {
    const uint32_t lin = ss.base + slot(k);
    if (size == 4) {
      if (supervisor) c.wr_sys<uint32_t>(lin, vals[k]); else c.wr_lin<uint32_t>(lin, vals[k]);
    } else {
      if (supervisor) c.wr_sys<uint16_t>(lin, uint16_t(vals[k]));
      else c.wr_lin<uint16_t>(lin, uint16_t(vals[k]));
    }
  }
  const uint32_t sp = esp - n * size;
  return big ? sp : ((esp & 0xFFFF0000u) | (sp & 0xFFFF));
}

void drop_inaccessible_segments(Cpu& c) {
  for (unsigned seg : {unsigned(ES), unsigned(DS), unsigned(FS), unsigned(GS)}) {
    SegCache& s = c.st.seg[seg];
    if (!s.valid) continue;
    const bool conforming_code = s.is_code() && (s.attr & 0x04);
    if (!conforming_code && s.dpl() < c.st.cpl) {
      s.selector = 0;
      s.valid = false;
      s.derive();
    }
  }
}

namespace {

enum class Far : uint8_t { Jmp, Call };

// Extra clocks of a protected-mode path over the row the decoder already charged.
void charge_over(Cpu& c, Clk path, Clk charged, uint32_t extra = 0) {
  c.charge(uint32_t(clock_row(path).pm_reg - clock_row(charged).pm_reg) + extra);
}

void load_cs_real(Cpu& c, uint16_t sel) {
  SegCache& cs = c.st.seg[CS];
  cs.selector = sel;
  cs.base = uint32_t(sel) << 4;  // PRM §14.1; limit and attributes stay cached
  cs.valid = true;
  cs.derive();
}

// Commit a protected-mode CS load with RPL = CPL (PRM §6.3.3).
void commit_cs(Cpu& c, const Descriptor& d, uint16_t sel, uint8_t cpl, uint32_t eip) {
  c.st.seg[CS] = segment_cache(d, uint16_t((sel & ~3u) | cpl));
  c.st.cpl = cpl;
  c.st.eip = eip;
}

void adjust_sp(Cpu& c, uint32_t n) {
  if (c.stack32()) c.st.gpr[ESP] += n;
  else c.r16(ESP) = uint16_t(c.r16(ESP) + n);
}

// ESP after loading SS:ESP popped by RET/IRET, plus RET imm16 (released on the outer stack too).
uint32_t outer_esp(const Cpu& c, const SegCache& ss, uint32_t popped, uint32_t imm) {
  if (ss.big()) return popped + imm;
  return (c.st.gpr[ESP] & 0xFFFF0000u) | ((popped + imm) & 0xFFFF);
}

// Far JMP / CALL (PRM JMP and CALL pages). `indirect`: FF /5 or FF /3 (for the clock rows).
void far_transfer(Cpu& c, Far kind, bool indirect, uint16_t sel, uint32_t off, bool o32) {
  State& st = c.st;
  const unsigned size = o32 ? 4 : 2;
  if (!o32) off &= 0xFFFF;

  if (!st.protected_mode() || st.v86()) {
    // Real-address mode: CS:IP from the pointer, no descriptor checks.
    uint32_t esp = st.gpr[ESP];
    if (kind == Far::Call) {
      const uint32_t vals[2] = {st.seg[CS].selector, o32 ? st.eip : (st.eip & 0xFFFF)};
      esp = write_stack_frame(c, st.seg[SS], esp, vals, 2, size, false);
    }
    if (off > st.seg[CS].limit) c.raise_gp0();
    st.gpr[ESP] = esp;
    load_cs_real(c, sel);
    st.eip = off;
    c.mode_changed();
    c.charge_m();
    return;
  }

  const uint8_t cpl = st.cpl;
  if ((sel & 0xFFFC) == 0) c.raise_gp0();
  Descriptor d;
  uint32_t addr = 0;
  if (!fetch_descriptor(c, sel, d, addr)) c.raise(vec::GP, sel_error(sel));

  if (d.is_segment()) {
    // Direct transfer to a code segment (CONFORMING- / NONCONFORMING-CODE-SEGMENT).
    if (!d.is_code()) c.raise(vec::GP, sel_error(sel));
    if (d.conforming() ? d.dpl() > cpl : ((sel & 3) > cpl || d.dpl() != cpl))
      c.raise(vec::GP, sel_error(sel));
    if (!d.present()) c.raise(vec::NP, sel_error(sel));
    uint32_t esp = st.gpr[ESP];
    if (kind == Far::Call) {
      const uint32_t vals[2] = {st.seg[CS].selector, o32 ? st.eip : (st.eip & 0xFFFF)};
      esp = write_stack_frame(c, st.seg[SS], esp, vals, 2, size, false);  // #SS(0) first
    }
    if (off > d.limit()) c.raise_gp0();
    set_accessed(c, d, addr);
    st.gpr[ESP] = esp;
    commit_cs(c, d, sel, cpl, off);  // CPL unchanged, also for conforming code
    c.mode_changed();
    c.charge_m();
    return;
  }

  switch (d.type()) {
    case sys::kCallGate286:
    case sys::kCallGate386:
      break;
    case sys::kTaskGate:
    case sys::kTss286:
    case sys::kTss386:
      c.unsupported("task switch", sel_error(sel));
    default:
      c.raise(vec::GP, sel_error(sel));  // busy TSS, LDT, interrupt/trap gate, reserved types
  }

  // CALL-GATE (PRM §6.3.4, Figure 6-7): MAX(CPL, RPL) <= gate DPL.
  if (d.dpl() < cpl || d.dpl() < (sel & 3)) c.raise(vec::GP, sel_error(sel));
  if (!d.present()) c.raise(vec::NP, sel_error(sel));
  const uint16_t cs_sel = d.gate_selector();
  if ((cs_sel & 0xFFFC) == 0) c.raise_gp0();
  Descriptor cd;
  uint32_t caddr = 0;
  if (!fetch_descriptor(c, cs_sel, cd, caddr)) c.raise(vec::GP, sel_error(cs_sel));
  if (!cd.is_code() || cd.dpl() > cpl) c.raise(vec::GP, sel_error(cs_sel));
  // A JMP through a gate reaches only the same privilege (or conforming code).
  if (kind == Far::Jmp && !cd.conforming() && cd.dpl() != cpl) c.raise(vec::GP, sel_error(cs_sel));
  if (!cd.present()) c.raise(vec::NP, sel_error(cs_sel));
  // The gate, not the instruction, sets the size of the offset and of the pushes.
  const bool g32 = d.gate32();
  const unsigned gsize = g32 ? 4 : 2;
  const uint32_t gmask = g32 ? 0xFFFFFFFFu : 0xFFFFu;
  const uint32_t target = d.gate_offset();

  if (kind == Far::Jmp) {
    if (target > cd.limit()) c.raise_gp0();
    set_accessed(c, cd, caddr);
    commit_cs(c, cd, cs_sel, cpl, target);
    c.mode_changed();
    charge_over(c, indirect ? Clk::JMP_FAR_INDIRECT_GATE : Clk::JMP_FAR_GATE,
                indirect ? Clk::JMP_FAR_INDIRECT : Clk::JMP_FAR);
    c.charge_m();
    return;
  }

  const Clk charged = indirect ? Clk::CALL_FAR_INDIRECT : Clk::CALL_FAR;
  if (!cd.conforming() && cd.dpl() < cpl) {
    // MORE-PRIVILEGE: new stack from the TSS; push the old SS:ESP, copy the gate's parameter count
    // of words/dwords from the old stack, push the return address.
    const uint8_t new_cpl = cd.dpl();
    InnerStack ns = inner_stack(c, new_cpl, 0);
    const unsigned params = d.gate_params();
    uint32_t vals[4 + 31];
    unsigned n = 0;
    vals[n++] = st.seg[SS].selector;
    vals[n++] = st.gpr[ESP] & gmask;
    for (unsigned k = params; k-- > 0;)  // the deepest parameter first keeps their order
      vals[n++] = g32 ? c.stack_peek<uint32_t>(4 * k) : c.stack_peek<uint16_t>(2 * k);
    vals[n++] = st.seg[CS].selector;
    vals[n++] = st.eip & gmask;
    set_accessed(c, ns.desc, ns.desc_addr);
    const SegCache new_ss = segment_cache(ns.desc, ns.ss);
    const uint32_t esp = write_stack_frame(c, new_ss, ns.esp, vals, n, gsize, true);
    if (target > cd.limit()) c.raise_gp0();
    set_accessed(c, cd, caddr);
    st.seg[SS] = new_ss;
    st.gpr[ESP] = esp;
    commit_cs(c, cd, cs_sel, new_cpl, target);
    c.mode_changed();
    if (params == 0)
      charge_over(c, indirect ? Clk::CALL_FAR_INDIRECT_GATE_MORE : Clk::CALL_GATE_MORE, charged);
    else
      charge_over(c,
                  indirect ? Clk::CALL_FAR_INDIRECT_GATE_MORE_PARAMS_BASE
                           : Clk::CALL_GATE_MORE_PARAMS_BASE,
                  charged, clock_row(Clk::CALL_GATE_MORE_PER_PARAM).pm_reg * params);
    c.charge_m();
    return;
  }

  // SAME-PRIVILEGE through the gate.
  const uint32_t vals[2] = {st.seg[CS].selector, st.eip & gmask};
  const uint32_t esp = write_stack_frame(c, st.seg[SS], st.gpr[ESP], vals, 2, gsize, false);
  if (target > cd.limit()) c.raise_gp0();
  set_accessed(c, cd, caddr);
  st.gpr[ESP] = esp;
  commit_cs(c, cd, cs_sel, cpl, target);
  c.mode_changed();
  charge_over(c, indirect ? Clk::CALL_FAR_INDIRECT_GATE_SAME : Clk::CALL_GATE_SAME, charged);
  c.charge_m();
}

template <class T> uint32_t peek(Cpu& c, uint32_t delta) { return c.stack_peek<T>(delta); }

// Far RET (iret = false) and IRET (iret = true) (PRM RET and IRET pages). `imm`: RET imm16.
void far_return(Cpu& c, bool o32, uint32_t imm, bool iret) {
  State& st = c.st;
  const unsigned size = o32 ? 4 : 2;
  auto pop_at = [&](uint32_t delta) { return o32 ? peek<uint32_t>(c, delta) : peek<uint16_t>(c, delta); };
  // IRET flag image rules (PRM IRET page, §2.3.4): all of FLAGS for IRET, EFLAGS less VM for IRETD;
  // IOPL only at CPL 0 and IF only when CPL <= IOPL (Cpu::write_flags applies those two with the
  // CPL of the IRET itself); RF is loaded by IRETD.
  auto load_flags = [&](uint32_t image) {
    const uint32_t mask = o32 ? (fl::kWritable & ~fl::VM) : 0xFFFFu;
    c.write_flags(image, mask);
    if (o32) st.eflags = (st.eflags & ~fl::RF) | (image & fl::RF);
  };

  if (iret && st.protected_mode()) {
    if (st.v86()) c.unsupported("virtual-8086 mode", 0);  // IRET in V86 mode is not modelled
    if (st.eflags & fl::NT) c.unsupported("task switch", 0);  // TASK-RETURN
  }
  const uint32_t eip = pop_at(0);
  const uint16_t sel = uint16_t(pop_at(size));
  const uint32_t flags = iret ? pop_at(2 * size) : 0;
  const uint32_t frame = (iret ? 3 : 2) * size;  // bytes of EIP, CS (and EFLAGS)

  if (!st.protected_mode() || st.v86()) {
    if (eip > st.seg[CS].limit) c.raise_gp0();
    adjust_sp(c, frame + imm);
    load_cs_real(c, sel);
    st.eip = eip;
    if (iret) {
      load_flags(flags);
      st.nmi_blocked = false;  // PRM §9.2.1: IRET ends NMI masking
    }
    c.mode_changed();
    if (iret) c.note_iret();
    if (!iret) c.charge_m();
    return;
  }

  const uint8_t cpl = st.cpl, rpl = sel & 3;
  if (iret && o32 && (flags & fl::VM) && cpl == 0) c.unsupported("virtual-8086 mode", 0);
  if (rpl < cpl) c.raise(vec::GP, sel_error(sel));
  if ((sel & 0xFFFC) == 0) c.raise_gp0();
  Descriptor d;
  uint32_t addr = 0;
  if (!fetch_descriptor(c, sel, d, addr)) c.raise(vec::GP, sel_error(sel));
  if (!d.is_code()) c.raise(vec::GP, sel_error(sel));

  if (rpl == cpl) {
    // Same level.
    if (d.conforming() ? d.dpl() > cpl : d.dpl() != cpl) c.raise(vec::GP, sel_error(sel));
    if (!d.present()) c.raise(vec::NP, sel_error(sel));
    if (eip > d.limit()) c.raise_gp0();
    set_accessed(c, d, addr);
    if (iret) load_flags(flags);
    adjust_sp(c, frame + imm);
    commit_cs(c, d, sel, cpl, eip);
    if (iret) st.nmi_blocked = false;
    c.mode_changed();
    if (iret) c.note_iret();
    if (!iret) c.charge_m();
    return;
  }

  // Outer level: SS:ESP follow the return address (and RET's parameters).
  if (d.conforming() ? d.dpl() > rpl : d.dpl() != rpl) c.raise(vec::GP, sel_error(sel));
  if (!d.present()) c.raise(vec::NP, sel_error(sel));
  const uint32_t new_esp = pop_at(frame + imm);
  const uint16_t ss_sel = uint16_t(pop_at(frame + imm + size));
  if ((ss_sel & 0xFFFC) == 0) c.raise_gp0();
  Descriptor sd;
  uint32_t saddr = 0;
  if (!fetch_descriptor(c, ss_sel, sd, saddr)) c.raise(vec::GP, sel_error(ss_sel));
  if ((ss_sel & 3) != rpl || !sd.writable() || sd.dpl() != rpl) c.raise(vec::GP, sel_error(ss_sel));
  // Not-present SS: #SS(selector) as on the hardware; the PRM text prints #NP (deviations.md).
  if (!sd.present()) c.raise(vec::SS, sel_error(ss_sel));
  if (eip > d.limit()) c.raise_gp0();
  set_accessed(c, d, addr);
  set_accessed(c, sd, saddr);
  if (iret) load_flags(flags);  // with the CPL of the IRET, before it changes
  const SegCache new_ss = segment_cache(sd, ss_sel);
  const uint32_t esp = outer_esp(c, new_ss, new_esp, imm);
  st.seg[SS] = new_ss;
  st.gpr[ESP] = esp;
  commit_cs(c, d, sel, rpl, eip);
  drop_inaccessible_segments(c);  // PRM §6.3.5 / RET page
  if (iret) st.nmi_blocked = false;
  c.mode_changed();
    if (iret) c.note_iret();
  if (iret)
    charge_over(c, Clk::IRET_OUTER, Clk::IRET);
  else
    charge_over(c, imm ? Clk::RETF_IMM_OUTER : Clk::RETF_OUTER, imm ? Clk::RETF_IMM : Clk::RETF);
}

// ---- handlers ----------------------------------------------------------------------------------

template <class T> void op_jmp_far_ptr(Cpu& c, const Insn& i) {  // EA
  far_transfer(c, Far::Jmp, false, i.imm2, i.imm, sizeof(T) == 4);
}
template <class T> void op_call_far_ptr(Cpu& c, const Insn& i) {  // 9A
  far_transfer(c, Far::Call, false, i.imm2, i.imm, sizeof(T) == 4);
}
// FF /5, FF /3: the pointer is m16:16 or m16:32 (offset first); a register operand is #UD.
template <class T> void op_jmp_far_mem(Cpu& c, const Insn& i) {
  if (!i.is_mem()) c.raise_ud();
  const uint32_t ea = c.ea(i);
  const uint32_t off = c.rd<T>(i.seg, ea);
  const uint16_t sel = c.rd<uint16_t>(i.seg, ea + sizeof(T));
  far_transfer(c, Far::Jmp, true, sel, off, sizeof(T) == 4);
}
template <class T> void op_call_far_mem(Cpu& c, const Insn& i) {
  if (!i.is_mem()) c.raise_ud();
  const uint32_t ea = c.ea(i);
  const uint32_t off = c.rd<T>(i.seg, ea);
  const uint16_t sel = c.rd<uint16_t>(i.seg, ea + sizeof(T));
  far_transfer(c, Far::Call, true, sel, off, sizeof(T) == 4);
}
template <class T> void op_retf(Cpu& c, const Insn&) { far_return(c, sizeof(T) == 4, 0, false); }  // CB
template <class T> void op_retf_imm(Cpu& c, const Insn& i) {  // CA iw
  far_return(c, sizeof(T) == 4, i.imm & 0xFFFF, false);
}
template <class T> void op_iret(Cpu& c, const Insn&) { far_return(c, sizeof(T) == 4, 0, true); }  // CF

// LDS/LES/LSS/LFS/LGS r, m16:16 / m16:32 (PRM "LGS/LSS/LDS/LES/LFS" page).
template <class T, unsigned Seg> void op_load_far_pointer(Cpu& c, const Insn& i) {
  if (!i.is_mem()) c.raise_ud();
  const uint32_t ea = c.ea(i);
  const T off = c.rd<T>(i.seg, ea);
  const uint16_t sel = c.rd<uint16_t>(i.seg, ea + sizeof(T));
  c.load_seg(Seg, sel);  // last thing that can fault
  c.reg<T>(i.reg) = off;
  if (Seg == SS) c.inhibit_interrupts();  // like MOV SS (PRM §9.2.4)
}

}  // namespace

void register_far_transfer_ops(OpTable& t) {
  t.set(0xEA, op_jmp_far_ptr<uint16_t>, op_jmp_far_ptr<uint32_t>, Clk::JMP_FAR);
  t.set_group(0xFF, 5, op_jmp_far_mem<uint16_t>, op_jmp_far_mem<uint32_t>, Clk::JMP_FAR_INDIRECT);
  t.set(0x9A, op_call_far_ptr<uint16_t>, op_call_far_ptr<uint32_t>, Clk::CALL_FAR);
  t.set_group(0xFF, 3, op_call_far_mem<uint16_t>, op_call_far_mem<uint32_t>, Clk::CALL_FAR_INDIRECT);
  t.set(0xCB, op_retf<uint16_t>, op_retf<uint32_t>, Clk::RETF);
  t.set(0xCA, op_retf_imm<uint16_t>, op_retf_imm<uint32_t>, Clk::RETF_IMM);
  t.set(0xCF, op_iret<uint16_t>, op_iret<uint32_t>, Clk::IRET);

  t.set(0xC4, op_load_far_pointer<uint16_t, ES>, op_load_far_pointer<uint32_t, ES>, Clk::LDS_LES_LSS);
  t.set(0xC5, op_load_far_pointer<uint16_t, DS>, op_load_far_pointer<uint32_t, DS>, Clk::LDS_LES_LSS);
  t.set(0x1B2, op_load_far_pointer<uint16_t, SS>, op_load_far_pointer<uint32_t, SS>, Clk::LDS_LES_LSS);
  t.set(0x1B4, op_load_far_pointer<uint16_t, FS>, op_load_far_pointer<uint32_t, FS>, Clk::LFS_LGS);
  t.set(0x1B5, op_load_far_pointer<uint16_t, GS>, op_load_far_pointer<uint32_t, GS>, Clk::LFS_LGS);
}

}  // namespace irq::cpu
