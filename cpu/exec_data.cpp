// cpu/exec_data.cpp — data movement, stack, flag-control and miscellaneous instructions
// (Intel 80386 Programmer's Reference Manual, chapter 17, one instruction page per mnemonic):
//   MOV (88-8C, 8E, A0-A3, B0-BF, C6/C7 /0), XCHG (86, 87, 90-97), LEA, MOVZX, MOVSX, LAHF, SAHF,
//   XLAT, PUSH/POP (registers, r/m, immediates, segment registers), PUSHA/POPA, PUSHF/POPF,
//   ENTER/LEAVE, BOUND, CLC/STC/CMC/CLD/STD/CLI/STI, CPUID, RDTSC, WAIT, ESC (D8-DF) and the
//   0F 18-0F 1F hint NOPs.
//
// Every handler reads and checks everything that can fault before it changes a register (the
// run loop restores only EIP and ESP on a fault). Quirks are cited beside the code; choices the
// manual leaves open are listed in docs/deviations.md.
#include <type_traits>

#include "cpu.h"
#include "flags.h"

namespace irq::cpu {
namespace {

using u8 = uint8_t;
using u16 = uint16_t;
using u32 = uint32_t;

// Extra clocks of a form whose row differs from the one the decoder charged (rows only, no bare
// numbers; callers guarantee `to` >= `from`).
inline void charge_delta(Cpu& c, Clk to, Clk from) {
  const bool pm = c.st.protected_mode();
  c.charge(clocks_of(to, pm, false) - clocks_of(from, pm, false));
}

// Add `n` to the stack pointer with the stack's address size (SS.B, PRM §2.3.3 / POP page).
inline void sp_add(Cpu& c, uint32_t n) {
  if (c.stack32()) c.r32(ESP) += n;
  else c.r16(ESP) = uint16_t(c.r16(ESP) + n);
}

// CLI/STI: protected mode with CPL > IOPL is #GP(0) (PRM CLI/STI pages); virtual-8086 mode runs
// at CPL 3, so IOPL < 3 faults there as well.
inline bool if_change_denied(const Cpu& c) {
  return c.st.protected_mode() && (c.st.cpl > c.st.iopl() || (c.st.v86() && c.st.iopl() < 3));
}

// ---- MOV ----------------------------------------------------------------------------------------

template <class T> void mov_rm_r(Cpu& c, const Insn& i) { c.write_rm<T>(i, c.reg<T>(i.reg)); }
template <class T> void mov_r_rm(Cpu& c, const Insn& i) {
  const T v = c.read_rm<T>(i);
  c.reg<T>(i.reg) = v;
}

// 8C MOV r/m16,Sreg. reg 6 and 7 name no segment register: #UD. A register destination with a
// 32-bit operand size receives the selector zero-extended; a memory destination is always a word.
void mov_rm_sreg16(Cpu& c, const Insn& i) {
  if (i.reg > GS) c.raise_ud();
  c.write_rm<u16>(i, c.st.seg[i.reg].selector);
}
void mov_rm_sreg32(Cpu& c, const Insn& i) {
  if (i.reg > GS) c.raise_ud();
  const u16 sel = c.st.seg[i.reg].selector;
  if (i.mod == 3) c.r32(i.rm) = sel;
  else c.wr<u16>(i.seg, c.ea(i), sel);
}

// 8E MOV Sreg,r/m16 (the PRM prints the opcode as 8D). CS is not a valid destination (#UD, the
// far transfers load CS); reg 6/7 are #UD. Loading SS inhibits interrupts until after the next
// instruction (PRM MOV page, §9.2.4).
void mov_sreg_rm(Cpu& c, const Insn& i) {
  if (i.reg == CS || i.reg > GS) c.raise_ud();
  const u16 sel = c.read_rm<u16>(i);
  c.load_seg(i.reg, sel);
  if (i.reg == SS) c.inhibit_interrupts();
}

// A0-A3: moffs (decoder puts the offset in disp, so ea() is the offset in i.seg).
void mov_al_moffs(Cpu& c, const Insn& i) { c.r8(0) = c.rd<u8>(i.seg, c.ea(i)); }
template <class T> void mov_acc_moffs(Cpu& c, const Insn& i) { c.reg<T>(EAX) = c.rd<T>(i.seg, c.ea(i)); }
void mov_moffs_al(Cpu& c, const Insn& i) { c.wr<u8>(i.seg, c.ea(i), c.r8(0)); }
template <class T> void mov_moffs_acc(Cpu& c, const Insn& i) { c.wr<T>(i.seg, c.ea(i), c.reg<T>(EAX)); }

// B0+rb / B8+r.
void mov_r8_imm(Cpu& c, const Insn& i) { c.r8(i.op & 7) = u8(i.imm); }
template <class T> void mov_r_imm(Cpu& c, const Insn& i) { c.reg<T>(i.op & 7) = T(i.imm); }

// C6 /0, C7 /0 (other reg values are left unregistered: #UD).
template <class T> void mov_rm_imm(Cpu& c, const Insn& i) { c.write_rm<T>(i, T(i.imm)); }

// ---- XCHG, NOP, LEA, MOVZX/MOVSX, LAHF/SAHF, XLAT ---------------------------------------------------

// 86/87: memory is read, then written (the write is the last thing that can fault), then the
// register is updated. The 386 asserts LOCK# for a memory XCHG (PRM XCHG page); nothing to model.
template <class T> void xchg_rm_r(Cpu& c, const Insn& i) {
  const T a = c.reg<T>(i.reg);
  if (i.mod == 3) {
    const T b = c.reg<T>(i.rm);
    c.reg<T>(i.rm) = a;
    c.reg<T>(i.reg) = b;
    return;
  }
  const uint32_t off = c.ea(i);
  const T b = c.rd<T>(i.seg, off);
  c.wr<T>(i.seg, off, a);
  c.reg<T>(i.reg) = b;
}

// 91-97: XCHG (E)AX,r.
template <class T> void xchg_acc_r(Cpu& c, const Insn& i) {
  const unsigned r = i.op & 7;
  const T a = c.reg<T>(EAX);
  c.reg<T>(EAX) = c.reg<T>(r);
  c.reg<T>(r) = a;
}

// 90: NOP (= XCHG (E)AX,(E)AX, PRM NOP page); F3 90 (PAUSE on later CPUs) lands here too. Also the
// 0F 18-0F 1F hint-NOP space (ModR/M decoded, no memory access; gcc's 0F 1F /0 and endbr32 =
// F3 0F 1E FB).
void nop(Cpu&, const Insn&) {}

// 8D LEA: a register operand is #UD. The effective address is computed with the address size and
// stored with the operand size (PRM LEA table: 16/32 truncates, 32/16 zero-extends).
template <class T> void lea(Cpu& c, const Insn& i) {
  if (i.mod == 3) c.raise_ud();
  c.reg<T>(i.reg) = T(c.ea(i));
}

template <class D, class S> void movzx(Cpu& c, const Insn& i) {
  const S v = c.read_rm<S>(i);
  c.reg<D>(i.reg) = D(v);
}
template <class D, class S> void movsx(Cpu& c, const Insn& i) {
  const S v = c.read_rm<S>(i);
  c.reg<D>(i.reg) = D(std::make_signed_t<D>(std::make_signed_t<S>(v)));
}

// 9F LAHF: AH = SF:ZF:0:AF:0:PF:1:CF (bits 5, 3 and 1 of EFLAGS read 0, 0 and 1, PRM §2.3.4).
constexpr uint32_t kLowFlags = fl::SF | fl::ZF | fl::AF | fl::PF | fl::CF;
void lahf(Cpu& c, const Insn&) { c.r8(4) = u8((c.st.eflags & kLowFlags) | fl::kFixed1); }
// 9E SAHF: SF ZF AF PF CF from AH bits 7 6 4 2 0.
void sahf(Cpu& c, const Insn&) {
  c.st.eflags = (c.st.eflags & ~kLowFlags) | (uint32_t(c.r8(4)) & kLowFlags);
}

// D7 XLAT: AL = [seg:(E)BX + AL], offset by address size, DS overridable (PRM XLAT page).
void xlat(Cpu& c, const Insn& i) {
  const uint32_t off = i.a32 ? c.r32(EBX) + c.r8(0) : uint16_t(c.r16(EBX) + c.r8(0));
  c.r8(0) = c.rd<u8>(i.seg, off);
}

// ---- PUSH / POP ------------------------------------------------------------------------------------

// 50+r. PUSH (E)SP pushes the value from before the decrement (PRM PUSH page: the 80386 differs
// from the 8086 here); reading the register first does exactly that.
template <class T> void push_r(Cpu& c, const Insn& i) { c.push<T>(c.reg<T>(i.op & 7)); }
// 58+r. POP (E)SP loads the popped value (the increment is overwritten).
template <class T> void pop_r(Cpu& c, const Insn& i) {
  const T v = c.pop<T>();
  c.reg<T>(i.op & 7) = v;
}
// 6A (imm8 already sign-extended by the decoder), 68.
template <class T> void push_imm(Cpu& c, const Insn& i) { c.push<T>(T(i.imm)); }
// FF /6: an ESP-based source address uses ESP from before the push (operand read first).
template <class T> void push_rm(Cpu& c, const Insn& i) {
  const T v = c.read_rm<T>(i);
  c.push<T>(v);
}
// 8F /0: the destination's effective address is computed after ESP has been incremented, so
// POP [ESP] stores at the new top of stack (Intel's later manuals state this explicitly; the
// 1986 PRM POP page is silent). A faulting store leaves ESP restored by the run loop.
template <class T> void pop_rm(Cpu& c, const Insn& i) {
  const T v = c.pop<T>();
  c.write_rm<T>(i, v);
}

// Segment-register pushes. With a 32-bit operand size the PRM PUSH page specifies ESP -= 4 and a
// "dword assignment" of the source: the 80386 stores the selector zero-extended to 32 bits (later
// processors, and Unicorn, may write only the low word; see docs/deviations.md).
template <class T, unsigned S> void push_sreg(Cpu& c, const Insn&) { c.push<T>(T(c.st.seg[S].selector)); }
// POP Sreg: a 32-bit pop discards the high word. POP SS inhibits interrupts (and NMI) until after
// the next instruction (PRM POP page, §9.2.4). load_seg does the protected-mode checks; if it
// faults, the run loop restores ESP.
template <class T, unsigned S> void pop_sreg(Cpu& c, const Insn&) {
  const T v = c.pop<T>();
  c.load_seg(S, uint16_t(v));
  if (S == SS) c.inhibit_interrupts();
}

// 60 PUSHA/PUSHAD: AX CX DX BX original-SP BP SI DI.
template <class T> void pusha(Cpu& c, const Insn&) {
  const T temp = c.reg<T>(ESP);
  c.push<T>(c.reg<T>(EAX));
  c.push<T>(c.reg<T>(ECX));
  c.push<T>(c.reg<T>(EDX));
  c.push<T>(c.reg<T>(EBX));
  c.push<T>(temp);
  c.push<T>(c.reg<T>(EBP));
  c.push<T>(c.reg<T>(ESI));
  c.push<T>(c.reg<T>(EDI));
}
// 61 POPA/POPAD: DI SI BP (skip SP) BX DX CX AX. All eight reads happen before any register is
// written, so a stack fault part-way leaves the registers untouched.
template <class T> void popa(Cpu& c, const Insn&) {
  T v[8];
  for (unsigned k = 0; k < 8; ++k) v[k] = c.stack_peek<T>(k * sizeof(T));
  c.reg<T>(EDI) = v[0];
  c.reg<T>(ESI) = v[1];
  c.reg<T>(EBP) = v[2];
  c.reg<T>(EBX) = v[4];
  c.reg<T>(EDX) = v[5];
  c.reg<T>(ECX) = v[6];
  c.reg<T>(EAX) = v[7];
  sp_add(c, 8 * sizeof(T));
}

// 9C PUSHF/PUSHFD: pushes (E)FLAGS as they stand (PRM PUSHF: "push(EFLAGS)"). Virtual-8086 mode
// with IOPL < 3 is #GP(0).
template <class T> void pushf(Cpu& c, const Insn&) {
  if (c.st.v86() && c.st.iopl() < 3) c.raise_gp0();
  c.push<T>(T(c.read_flags()));
}
// 9D POPF/POPFD: VM and RF never change (PRM POPF page); write_flags applies the IOPL (CPL 0 only)
// and IF (CPL <= IOPL) rules without faulting. V86 with IOPL < 3 is #GP(0).
template <class T> void popf(Cpu& c, const Insn&) {
  if (c.st.v86() && c.st.iopl() < 3) c.raise_gp0();
  const T v = c.pop<T>();
  c.write_flags(v, sizeof(T) == 2 ? 0xFFFFu : ~(fl::VM | fl::RF));
}

// C8 ENTER imm16,imm8 (PRM ENTER pseudo-code). level = imm8 MOD 32. The operand size selects
// BP/EBP and the width of each pushed item; the stack address size (SS.B) selects SP/ESP.
// Work is done on copies of ESP/EBP; the registers are committed after the last access, and the
// bottom of the new frame is checked against the stack limit (PRM: "#SS(0) if SP or ESP would
// exceed the stack limit at any point during instruction execution").
template <class T> void enter(Cpu& c, const Insn& i) {
  constexpr uint32_t n = sizeof(T);
  const uint32_t alloc = i.imm & 0xFFFF;
  const unsigned level = i.imm2 & 31;
  const bool s32 = c.stack32();
  auto off = [s32](uint32_t v) { return s32 ? v : (v & 0xFFFF); };
  auto sub_sp = [s32](uint32_t v, uint32_t k) {
    return s32 ? v - k : ((v & 0xFFFF0000u) | ((v - k) & 0xFFFF));
  };
  uint32_t esp = c.r32(ESP);
  auto push = [&](T v) {
    esp = sub_sp(esp, n);
    c.wr<T>(SS, off(esp), v);
  };
  push(T(c.r32(EBP)));
  const uint32_t frame = off(esp);  // FrameTemp = SP or ESP by stack size (PRM ENTER)
  if (level > 0) {
    // The frame pointer steps down by the operand size (BP - 2 / EBP - 4); each saved frame
    // pointer is read through SS at that address, offset taken with the stack's address size.
    uint32_t fp = c.r32(EBP);
    for (unsigned k = 1; k < level; ++k) {
      fp = n == 4 ? fp - 4 : ((fp & 0xFFFF0000u) | ((fp - 2) & 0xFFFF));
      push(c.rd<T>(SS, off(fp)));
    }
    push(T(frame));
  }
  const uint32_t new_esp = sub_sp(esp, alloc);
  if (alloc != 0) c.check_write(SS, off(new_esp), n);
  c.reg<T>(EBP) = T(frame);
  c.r32(ESP) = new_esp;
  // Clocks: ENTER_L0 was charged; level 1 = ENTER_L1; level n > 1 = 15 + 4(n-1).
  const bool pm = c.st.protected_mode();
  if (level == 1) {
    charge_delta(c, Clk::ENTER_L1, Clk::ENTER_L0);
  } else if (level > 1) {
    c.charge(clocks_of(Clk::ENTER_BASE, pm, false) +
             clocks_of(Clk::ENTER_PER_LEVEL, pm, false) * (level - 1) -
             clocks_of(Clk::ENTER_L0, pm, false));
  }
}

// C9 LEAVE: (E)SP = (E)BP by stack address size, then pop (E)BP by operand size (PRM LEAVE).
template <class T> void leave(Cpu& c, const Insn&) {
  const bool s32 = c.stack32();
  const uint32_t top = s32 ? c.r32(EBP) : c.r16(EBP);
  const T v = c.rd<T>(SS, top);
  if (s32) c.r32(ESP) = top + sizeof(T);
  else c.r16(ESP) = uint16_t(top + sizeof(T));
  c.reg<T>(EBP) = v;
}

// 62 BOUND r,m: signed bounds at [m] and [m + operand size/8]; a register operand is #UD; out of
// range is interrupt 5 as a fault (return address = the BOUND, PRM BOUND page).
template <class T> void bound(Cpu& c, const Insn& i) {
  using S = std::make_signed_t<T>;
  if (i.mod == 3) c.raise_ud();
  const uint32_t lo_off = c.ea(i);
  const uint32_t hi_off = i.a32 ? lo_off + sizeof(T) : uint16_t(lo_off + sizeof(T));
  const S lo = S(c.rd<T>(i.seg, lo_off));
  const S hi = S(c.rd<T>(i.seg, hi_off));
  const S idx = S(c.reg<T>(i.reg));
  if (idx < lo || idx > hi) {
    charge_delta(c, Clk::BOUND_OUT_OF_RANGE, Clk::BOUND_IN_RANGE);
    c.raise(vec::BR);
  }
}

// ---- flag control ------------------------------------------------------------------------------------

void clc(Cpu& c, const Insn&) { c.st.eflags &= ~fl::CF; }
void stc(Cpu& c, const Insn&) { c.st.eflags |= fl::CF; }
void cmc(Cpu& c, const Insn&) { c.st.eflags ^= fl::CF; }
void cld(Cpu& c, const Insn&) { c.st.eflags &= ~fl::DF; }
void std_(Cpu& c, const Insn&) { c.st.eflags |= fl::DF; }
void cli(Cpu& c, const Insn&) {
  if (if_change_denied(c)) c.raise_gp0();
  c.st.eflags &= ~fl::IF;
}
// FB STI: interrupts are recognised only after the next instruction (PRM STI page); the shadow is
// armed only when IF was 0 (STI with IF already 1 changes nothing).
void sti(Cpu& c, const Insn&) {
  if (if_change_denied(c)) c.raise_gp0();
  if (!(c.st.eflags & fl::IF)) {
    c.st.eflags |= fl::IF;
    c.inhibit_interrupts();
  }
}

// ---- later-CPU and coprocessor instructions ------------------------------------------------------------

// 0F A2 CPUID (not on the 80386; the project models an i486-class CPUID for musl/gcc code):
// leaf 0: max leaf 1, "GenuineIntel"; leaf 1: family 4, model 8, stepping 0; EDX = TSC (bit 4),
// CX8 (bit 8), CMOV (bit 15) only (no FPU: there is no x87). Other leaves return zeros.
void cpuid(Cpu& c, const Insn&) {
  uint32_t a = 0, b = 0, cx = 0, d = 0;
  switch (c.r32(EAX)) {
    case 0:
      a = 1;
      b = 0x756E6547;   // "Genu"
      d = 0x49656E69;   // "ineI"
      cx = 0x6C65746E;  // "ntel"
      break;
    case 1:
      a = (4u << 8) | (8u << 4) | 0u;
      d = (1u << 4) | (1u << 8) | (1u << 15);
      break;
    default: break;
  }
  c.r32(EAX) = a;
  c.r32(EBX) = b;
  c.r32(ECX) = cx;
  c.r32(EDX) = d;
}

// 0F 31 RDTSC: EDX:EAX = clocks since reset (no CR4.TSD on this CPU).
void rdtsc(Cpu& c, const Insn&) {
  c.r32(EAX) = uint32_t(c.st.cycles);
  c.r32(EDX) = uint32_t(c.st.cycles >> 32);
}

// 9B WAIT: #NM when CR0.TS and CR0.MP are both set (PRM CLTS page, §11.1.3); otherwise BUSY# is
// never active (no coprocessor), so WAIT only costs its clocks.
void wait(Cpu& c, const Insn&) {
  if ((c.st.cr0 & cr0::TS) && (c.st.cr0 & cr0::MP)) c.raise(vec::NM);
}

// D8-DF ESC: CR0.EM or CR0.TS is #NM (PRM §11.1.3). With neither set a real 386 would hand the
// instruction to the absent coprocessor; this CPU raises #NM as well so that software can emulate
// the x87 (a deviation, docs/deviations.md). The memory operand is never accessed.
void esc(Cpu& c, const Insn&) { c.raise(vec::NM); }

}  // namespace

void register_data_ops(OpTable& t) {
  // MOV
  t.set(0x88, mov_rm_r<u8>, Clk::MOV_RM_R);
  t.set(0x89, mov_rm_r<u16>, mov_rm_r<u32>, Clk::MOV_RM_R);
  t.set(0x8A, mov_r_rm<u8>, Clk::MOV_R_RM);
  t.set(0x8B, mov_r_rm<u16>, mov_r_rm<u32>, Clk::MOV_R_RM);
  t.set(0x8C, mov_rm_sreg16, mov_rm_sreg32, Clk::MOV_RM_SREG);
  t.set(0x8E, mov_sreg_rm, Clk::MOV_SREG_RM);
  t.set(0xA0, mov_al_moffs, Clk::MOV_ACC_MOFFS);
  t.set(0xA1, mov_acc_moffs<u16>, mov_acc_moffs<u32>, Clk::MOV_ACC_MOFFS);
  t.set(0xA2, mov_moffs_al, Clk::MOV_MOFFS_ACC);
  t.set(0xA3, mov_moffs_acc<u16>, mov_moffs_acc<u32>, Clk::MOV_MOFFS_ACC);
  for (unsigned op = 0xB0; op <= 0xB7; ++op) t.set(op, mov_r8_imm, Clk::MOV_R_IMM);
  for (unsigned op = 0xB8; op <= 0xBF; ++op) t.set(op, mov_r_imm<u16>, mov_r_imm<u32>, Clk::MOV_R_IMM);
  t.set_group(0xC6, 0, mov_rm_imm<u8>, Clk::MOV_RM_IMM);
  t.set_group(0xC7, 0, mov_rm_imm<u16>, mov_rm_imm<u32>, Clk::MOV_RM_IMM);

  // XCHG, NOP, LEA, MOVZX/MOVSX, LAHF/SAHF, XLAT
  t.set(0x86, xchg_rm_r<u8>, Clk::XCHG_RM_R);
  t.set(0x87, xchg_rm_r<u16>, xchg_rm_r<u32>, Clk::XCHG_RM_R);
  t.set(0x90, nop, Clk::NOP);
  for (unsigned op = 0x91; op <= 0x97; ++op) t.set(op, xchg_acc_r<u16>, xchg_acc_r<u32>, Clk::XCHG_ACC_R);
  t.set(0x8D, lea<u16>, lea<u32>, Clk::LEA);
  t.set(0x1B6, movzx<u16, u8>, movzx<u32, u8>, Clk::MOVZX);
  t.set(0x1B7, movzx<u16, u16>, movzx<u32, u16>, Clk::MOVZX);
  t.set(0x1BE, movsx<u16, u8>, movsx<u32, u8>, Clk::MOVSX);
  t.set(0x1BF, movsx<u16, u16>, movsx<u32, u16>, Clk::MOVSX);
  t.set(0x9F, lahf, Clk::LAHF);
  t.set(0x9E, sahf, Clk::SAHF);
  t.set(0xD7, xlat, Clk::XLAT);

  // Stack
  for (unsigned op = 0x50; op <= 0x57; ++op) t.set(op, push_r<u16>, push_r<u32>, Clk::PUSH_R);
  for (unsigned op = 0x58; op <= 0x5F; ++op) t.set(op, pop_r<u16>, pop_r<u32>, Clk::POP_R);
  t.set(0x6A, push_imm<u16>, push_imm<u32>, Clk::PUSH_IMM);
  t.set(0x68, push_imm<u16>, push_imm<u32>, Clk::PUSH_IMM);
  t.set_group(0xFF, 6, push_rm<u16>, push_rm<u32>, Clk::PUSH_RM);
  t.set_group(0x8F, 0, pop_rm<u16>, pop_rm<u32>, Clk::POP_RM);
  t.set(0x06, push_sreg<u16, ES>, push_sreg<u32, ES>, Clk::PUSH_SREG);
  t.set(0x0E, push_sreg<u16, CS>, push_sreg<u32, CS>, Clk::PUSH_SREG);
  t.set(0x16, push_sreg<u16, SS>, push_sreg<u32, SS>, Clk::PUSH_SREG);
  t.set(0x1E, push_sreg<u16, DS>, push_sreg<u32, DS>, Clk::PUSH_SREG);
  t.set(0x1A0, push_sreg<u16, FS>, push_sreg<u32, FS>, Clk::PUSH_SREG);
  t.set(0x1A8, push_sreg<u16, GS>, push_sreg<u32, GS>, Clk::PUSH_SREG);
  t.set(0x07, pop_sreg<u16, ES>, pop_sreg<u32, ES>, Clk::POP_SREG);
  t.set(0x17, pop_sreg<u16, SS>, pop_sreg<u32, SS>, Clk::POP_SREG);
  t.set(0x1F, pop_sreg<u16, DS>, pop_sreg<u32, DS>, Clk::POP_SREG);
  t.set(0x1A1, pop_sreg<u16, FS>, pop_sreg<u32, FS>, Clk::POP_SREG);
  t.set(0x1A9, pop_sreg<u16, GS>, pop_sreg<u32, GS>, Clk::POP_SREG);
  t.set(0x60, pusha<u16>, pusha<u32>, Clk::PUSHA);
  t.set(0x61, popa<u16>, popa<u32>, Clk::POPA);
  t.set(0x9C, pushf<u16>, pushf<u32>, Clk::PUSHF);
  t.set(0x9D, popf<u16>, popf<u32>, Clk::POPF);
  t.set(0xC8, enter<u16>, enter<u32>, Clk::ENTER_L0);
  t.set(0xC9, leave<u16>, leave<u32>, Clk::LEAVE);
  t.set(0x62, bound<u16>, bound<u32>, Clk::BOUND_IN_RANGE);

  // Flag control
  t.set(0xF8, clc, Clk::CLC);
  t.set(0xF9, stc, Clk::STC);
  t.set(0xF5, cmc, Clk::CMC);
  t.set(0xFC, cld, Clk::CLD);
  t.set(0xFD, std_, Clk::STD);
  t.set(0xFA, cli, Clk::CLI);
  t.set(0xFB, sti, Clk::STI);

  // Later-CPU, coprocessor, hint NOPs. 0F 0B (UD2) is deliberately left unregistered: the
  // decoder's #UD for unregistered opcodes is exactly its behaviour.
  t.set(0x1A2, cpuid, Clk::CPUID);
  t.set(0x131, rdtsc, Clk::RDTSC);
  t.set(0x9B, wait, Clk::WAIT);
  for (unsigned op = 0xD8; op <= 0xDF; ++op) t.set(op, esc, Clk::ESC_NO_FPU);
  for (unsigned op = 0x118; op <= 0x11F; ++op) t.set(op, nop, Clk::HINT_NOP);
}

}  // namespace irq::cpu
