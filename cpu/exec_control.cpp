// cpu/exec_control.cpp — near control transfer and software interrupts (Intel 80386 Programmer's
// Reference Manual, chapter 17): Jcc (70-7F, 0F 80-8F), JMP (EB, E9, FF /4), CALL (E8, FF /2),
// RET (C3, C2), LOOP/LOOPE/LOOPNE/JCXZ (E0-E3), INT n (CD), INT 3 (CC), INTO (CE), INT1/ICEBP (F1)
// and HLT (F4). Far transfers, IRET and task switches live in the protected-mode files.
//
// Clocks: a conditional form is registered with its not-taken row; when the branch is taken the
// handler adds the difference to the taken row, and Cpu::jump_near arms the "+m" charge (PRM
// §17.2.2.3). The interrupt forms are registered with SOFT_INT_DISPATCH (zero): Cpu::deliver
// charges the INT n / INT 3 / INTO row of the path it takes (real, same or inner privilege, V86).
#include "cpu.h"
#include "flags.h"

namespace irq::cpu {
namespace {

using u16 = uint16_t;
using u32 = uint32_t;
using Kind = CpuObserver::Kind;

inline void charge_delta(Cpu& c, Clk to, Clk from) {
  const bool pm = c.st.protected_mode();
  c.charge(clocks_of(to, pm, false) - clocks_of(from, pm, false));
}

// Relative target: next EIP + displacement (already sign-extended by the decoder). jump_near masks
// it to 16 bits for a 16-bit operand size (PRM Jcc/JMP/CALL: "EIP AND 0000FFFFH"), checks the CS
// limit (#GP(0)) and arms "+m".
inline uint32_t rel_target(const Cpu& c, const Insn& i) { return c.st.eip + i.imm; }

// ---- Jcc, JMP -------------------------------------------------------------------------------------

// 70-7F cb, 0F 80-8F cw/cd (condition = low nibble of the opcode, PRM Appendix D).
void jcc(Cpu& c, const Insn& i) {
  if (!cond(c.st.eflags, i.op & 0xF)) return;
  c.jump_near(rel_target(c, i), i.o32);
  charge_delta(c, Clk::JCC_TAKEN, Clk::JCC_NOT_TAKEN);
}

// EB cb, E9 cw/cd.
void jmp_rel(Cpu& c, const Insn& i) { c.jump_near(rel_target(c, i), i.o32); }

// FF /4: the target offset is read with the operand size (PRM JMP: [r/m16] AND 0000FFFFH).
template <class T> void jmp_rm(Cpu& c, const Insn& i) {
  const T target = c.read_rm<T>(i);
  c.jump_near(target, i.o32);
}

// ---- CALL, RET ---------------------------------------------------------------------------------------

// E8 cw/cd and FF /2. The target is checked against the CS limit before anything is pushed (PRM
// CALL: "#GP(0) if procedure location is beyond the code segment limits"): jump_near moves EIP
// first; a fault in the push that follows makes the run loop restore both EIP and ESP.
template <class T> void call_rel(Cpu& c, const Insn& i) {
  const uint32_t ret = c.st.eip;
  c.jump_near(rel_target(c, i), i.o32);
  c.push<T>(T(ret));
}
template <class T> void call_rm(Cpu& c, const Insn& i) {
  const uint32_t ret = c.st.eip;
  const T target = c.read_rm<T>(i);
  c.jump_near(target, i.o32);
  c.push<T>(T(ret));
}

// C3, C2 iw: pop the return offset (operand size), then release imm16 bytes with the stack's
// address size (PRM RET: "eSP <- eSP + imm16"). A target beyond the CS limit is #GP(0) with ESP
// restored by the run loop.
template <class T> void ret_near(Cpu& c, const Insn& i) {
  const T target = c.pop<T>();
  if (i.op == 0xC2) {
    const uint32_t n = i.imm & 0xFFFF;
    if (c.stack32()) c.r32(ESP) += n;
    else c.r16(ESP) = uint16_t(c.r16(ESP) + n);
  }
  c.jump_near(target, i.o32);
}

// ---- LOOP family, JCXZ ----------------------------------------------------------------------------

// The count register is CX or ECX by the ADDRESS size (PRM LOOP/Jcc pages); the jump target is
// masked by the operand size. The count is committed only after the jump's limit check.
enum class LoopKind { Loop, LoopE, LoopNE };
template <LoopKind K> void loop(Cpu& c, const Insn& i) {
  const uint32_t count = i.a32 ? c.r32(ECX) - 1 : uint16_t(c.r16(ECX) - 1);
  bool take = count != 0;
  if (K == LoopKind::LoopE) take = take && (c.st.eflags & fl::ZF);
  if (K == LoopKind::LoopNE) take = take && !(c.st.eflags & fl::ZF);
  if (take) c.jump_near(rel_target(c, i), i.o32);
  if (i.a32) c.r32(ECX) = count;
  else c.r16(ECX) = uint16_t(count);
  if (take) {
    if (K == LoopKind::Loop) charge_delta(c, Clk::LOOP_TAKEN, Clk::LOOP_NOT_TAKEN);
    else charge_delta(c, Clk::LOOPCC_TAKEN, Clk::LOOPCC_NOT_TAKEN);
  }
}

// E3 JCXZ/JECXZ (CX or ECX by address size).
void jcxz(Cpu& c, const Insn& i) {
  const uint32_t count = i.a32 ? c.r32(ECX) : c.r16(ECX);
  if (count != 0) return;
  c.jump_near(rel_target(c, i), i.o32);
  charge_delta(c, Clk::JCXZ_TAKEN, Clk::JCXZ_NOT_TAKEN);
}

// ---- software interrupts, HLT -----------------------------------------------------------------------

// CD ib INT n. In virtual-8086 mode with IOPL < 3 it is #GP(0) "to permit emulation" (PRM INT
// page); INT 3 and INTO are not IOPL-sensitive. st.eip already points past the instruction, so
// the pushed return address is the next instruction.
void int_n(Cpu& c, const Insn& i) {
  if (c.st.v86() && c.st.iopl() < 3) c.raise_gp0();
  c.deliver(uint8_t(i.imm), Kind::Software, false, 0);
}
// CC INT 3.
void int3(Cpu& c, const Insn&) { c.deliver(vec::BP, Kind::Int3, false, 0); }
// CE INTO: interrupt 4 when OF = 1; otherwise the "Fail: 3" clocks.
void into(Cpu& c, const Insn&) {
  if (c.st.eflags & fl::OF) {
    c.deliver(vec::OF, Kind::Into, false, 0);
    return;
  }
  c.charge(clocks_of(Clk::INTO_NOT_TAKEN, c.st.protected_mode(), false));
}
// F1 INT1/ICEBP (undocumented in the PRM): a trap to vector 1 delivered like a hardware debug
// exception — Kind::Exception, so no gate-DPL check and no IOPL check; the pushed return address
// is the next instruction (trap semantics).
void int1(Cpu& c, const Insn&) { c.deliver(vec::DB, Kind::Exception, false, 0); }

// F4 HLT: privileged (#GP(0) at CPL != 0 in protected mode, always in V86 mode, PRM HLT page).
// The run loop returns Halted; an interrupt resumes after the HLT.
void hlt(Cpu& c, const Insn&) {
  if (c.st.protected_mode() && c.st.cpl != 0) c.raise_gp0();
  c.halt();
}

}  // namespace

void register_control_ops(OpTable& t) {
  for (unsigned op = 0x70; op <= 0x7F; ++op) t.set(op, jcc, Clk::JCC_NOT_TAKEN);
  for (unsigned op = 0x180; op <= 0x18F; ++op) t.set(op, jcc, Clk::JCC_NOT_TAKEN);
  t.set(0xEB, jmp_rel, Clk::JMP_NEAR);
  t.set(0xE9, jmp_rel, Clk::JMP_NEAR);
  t.set_group(0xFF, 4, jmp_rm<u16>, jmp_rm<u32>, Clk::JMP_NEAR_INDIRECT);
  t.set(0xE8, call_rel<u16>, call_rel<u32>, Clk::CALL_NEAR);
  t.set_group(0xFF, 2, call_rm<u16>, call_rm<u32>, Clk::CALL_NEAR_INDIRECT);
  t.set(0xC3, ret_near<u16>, ret_near<u32>, Clk::RET_NEAR);
  t.set(0xC2, ret_near<u16>, ret_near<u32>, Clk::RET_NEAR_IMM);
  t.set(0xE2, loop<LoopKind::Loop>, Clk::LOOP_NOT_TAKEN);
  t.set(0xE1, loop<LoopKind::LoopE>, Clk::LOOPCC_NOT_TAKEN);
  t.set(0xE0, loop<LoopKind::LoopNE>, Clk::LOOPCC_NOT_TAKEN);
  t.set(0xE3, jcxz, Clk::JCXZ_NOT_TAKEN);
  t.set(0xCD, int_n, Clk::SOFT_INT_DISPATCH);
  t.set(0xCC, int3, Clk::SOFT_INT_DISPATCH);
  t.set(0xCE, into, Clk::SOFT_INT_DISPATCH);
  t.set(0xF1, int1, Clk::SOFT_INT_DISPATCH);
  t.set(0xF4, hlt, Clk::HLT);
}

}  // namespace irq::cpu
