// cpu/interrupts.cpp — delivery of interrupts and exceptions: the real-mode IVT (PRM §14.3) and the
// protected-mode IDT with every gate check, the TSS stack switch and the error code (PRM §9.4-9.7,
// INT page of chapter 17).
//
// deliver() commits registers only after every check and every stack write: when INT n/INT3/INTO
// call it from an instruction, a fault restores only EIP and ESP (cpu.h); the run loop restores the
// whole state for exceptions and external interrupts.
//
// Not modelled: task gates in the IDT and interrupts in virtual-8086 mode (Cpu::unsupported, #GP).
#include "descriptor.h"

namespace irq::cpu {

void Cpu::deliver(uint8_t vector, CpuObserver::Kind kind, bool has_error, uint32_t error) {
  rep_resume_ = false;  // a REP restarted after an interrupt or exception pays its start again
  using Kind = CpuObserver::Kind;
  if (observer_) observer_->on_interrupt(vector, kind, has_error, error, st.seg[CS].selector, st.eip);
  // INT n, INT 3 and INTO are software interrupts: gate DPL is checked, EXT is 0 (PRM §9.7).
  const bool software = kind == Kind::Software || kind == Kind::Int3 || kind == Kind::Into;
  Clk row_same, row_inner;
  switch (kind) {
    case Kind::Software: row_same = Clk::INT_N; row_inner = Clk::INT_N_INNER; break;
    case Kind::Int3: row_same = Clk::INT3; row_inner = Clk::INT3_INNER; break;
    case Kind::Into: row_same = Clk::INTO_TAKEN; row_inner = Clk::INTO_INNER; break;
    case Kind::External:
    case Kind::Nmi: row_same = Clk::EXT_INTR; row_inner = Clk::EXT_INTR_INNER; break;
    default: row_same = Clk::EXCEPTION; row_inner = Clk::EXCEPTION_INNER; break;
  }

  if (!st.protected_mode()) {
    // Real-address mode (PRM §14.3, INT page REAL-ADDRESS-MODE): 4-byte IP:CS vectors at IDTR.base;
    // push FLAGS, CS, IP; no error code. A vector beyond the IDT limit raises #GP(0), which the run
    // loop turns into #DF or shutdown as the manual describes.
    const uint32_t at = uint32_t(vector) * 4;
    if (at + 3 > st.idtr.limit) raise(vec::GP, 0);
    const uint16_t ip = rd_sys<uint16_t>(st.idtr.base + at);
    const uint16_t cs = rd_sys<uint16_t>(st.idtr.base + at + 2);
    const uint32_t vals[3] = {st.eflags & 0xFFFF, st.seg[CS].selector, st.eip & 0xFFFF};
    const uint32_t esp = write_stack_frame(*this, st.seg[SS], st.gpr[ESP], vals, 3, 2, false);
    if (ip > st.seg[CS].limit) raise_gp0();  // the cached CS limit stays (PRM §14.1)
    st.gpr[ESP] = esp;
    st.eflags &= ~(fl::IF | fl::TF | fl::AC);
    SegCache& c = st.seg[CS];
    c.selector = cs;
    c.base = uint32_t(cs) << 4;
    c.valid = true;
    c.derive();
    st.eip = ip;
    if (kind == Kind::Nmi) st.nmi_blocked = true;  // until the next IRET (PRM §9.2.1)
    mode_changed();
    charge(clocks_of(row_same, false, false));
    return;
  }

  const uint32_t ext = software ? 0 : 1;
  const uint32_t idt_error = uint32_t(vector) * 8 + 2 + ext;  // IDT bit (PRM §9.7, Figure 9-7)
  if (st.v86()) unsupported("virtual-8086 mode", idt_error);
  if (uint32_t(vector) * 8 + 7 > st.idtr.limit) raise(vec::GP, idt_error);
  const Descriptor gate = read_descriptor(*this, st.idtr.base + uint32_t(vector) * 8);
  // PRM §9.5: only task, interrupt and trap gates (286 or 386) may sit in the IDT.
  switch (gate.is_segment() ? 0 : gate.type()) {
    case sys::kTaskGate:
    case sys::kIntGate286:
    case sys::kTrapGate286:
    case sys::kIntGate386:
    case sys::kTrapGate386:
      break;
    default:
      raise(vec::GP, idt_error);
  }
  if (software && gate.dpl() < st.cpl) raise(vec::GP, idt_error);  // PRM §9.6.1.4
  if (!gate.present()) raise(vec::NP, idt_error);
  if (gate.type() == sys::kTaskGate) unsupported("task gate in IDT", idt_error);

  // TRAP-GATE-OR-INTERRUPT-GATE: the target code segment.
  const uint16_t cs_sel = gate.gate_selector();
  if ((cs_sel & 0xFFFC) == 0) raise(vec::GP, ext);
  Descriptor cd;
  uint32_t caddr = 0;
  if (!fetch_descriptor(*this, cs_sel, cd, caddr)) raise(vec::GP, sel_error(cs_sel) + ext);
  if (!cd.is_code()) raise(vec::GP, sel_error(cs_sel) + ext);
  if (!cd.present()) raise(vec::NP, sel_error(cs_sel) + ext);
  if (cd.dpl() > st.cpl) raise(vec::GP, sel_error(cs_sel) + ext);

  // A 386 gate pushes doublewords, a 286 gate words (PRM §9.6.1.1 / Figure 9-5).
  const bool g32 = gate.gate32();
  const unsigned size = g32 ? 4 : 2;
  const uint32_t mask = g32 ? 0xFFFFFFFFu : 0xFFFFu;
  const uint32_t target = gate.gate_offset();
  const bool inner = !cd.conforming() && cd.dpl() < st.cpl;
  uint32_t vals[6];
  unsigned n = 0;
  if (inner) {
    // INTERRUPT-TO-INNER-PRIVILEGE: SS:ESP for the handler's ring from the TSS; push the old SS:ESP.
    const uint8_t new_cpl = cd.dpl();
    InnerStack ns = inner_stack(*this, new_cpl, ext);
    vals[n++] = st.seg[SS].selector;
    vals[n++] = st.gpr[ESP] & mask;
    vals[n++] = st.eflags & mask;
    vals[n++] = st.seg[CS].selector;
    vals[n++] = st.eip & mask;
    if (has_error) vals[n++] = error & mask;
    set_accessed(*this, ns.desc, ns.desc_addr);
    const SegCache new_ss = segment_cache(ns.desc, ns.ss);
    const uint32_t esp = write_stack_frame(*this, new_ss, ns.esp, vals, n, size, true);  // #SS(0)
    if (target > cd.limit()) raise_gp0();
    set_accessed(*this, cd, caddr);
    st.seg[SS] = new_ss;
    st.gpr[ESP] = esp;
    st.seg[CS] = segment_cache(cd, uint16_t((cs_sel & ~3u) | new_cpl));
    st.cpl = new_cpl;
  } else {
    // INTERRUPT-TO-SAME-PRIVILEGE-LEVEL (conforming code keeps the CPL).
    vals[n++] = st.eflags & mask;
    vals[n++] = st.seg[CS].selector;
    vals[n++] = st.eip & mask;
    if (has_error) vals[n++] = error & mask;
    const uint32_t esp = write_stack_frame(*this, st.seg[SS], st.gpr[ESP], vals, n, size, false);
    if (target > cd.limit()) raise_gp0();
    set_accessed(*this, cd, caddr);
    st.gpr[ESP] = esp;
    st.seg[CS] = segment_cache(cd, uint16_t((cs_sel & ~3u) | st.cpl));
  }
  st.eip = target;
  // PRM §9.6.1.3: TF, NT (and VM, RF) cleared; an interrupt gate also clears IF, a trap gate not.
  st.eflags &= ~(fl::TF | fl::NT | fl::VM | fl::RF);
  if (gate.type() == sys::kIntGate286 || gate.type() == sys::kIntGate386) st.eflags &= ~fl::IF;
  if (kind == Kind::Nmi) st.nmi_blocked = true;
  mode_changed();
  charge(clocks_of(inner ? row_inner : row_same, true, false));
}

}  // namespace irq::cpu
