// os/math_emu.h — the mini OS's x87 math emulator (what Linux's arch/x86/math-emu does for a 386
// without a 387, CONFIG_MATH_EMULATION).
//
// The CPU has no coprocessor: every ESC instruction (D8-DF) raises #NM (cpu/exec_data.cpp). The
// kernel's #NM path (Kernel::user_exception, vector 7 from user mode) calls math_emulate(), which
// decodes the instruction at the user's EIP (prefixes, ModRM, SIB, 16-bit addressing under 0x67,
// segment overrides with the FS/GS TLS bases), reads its memory operand with copy_in, executes it
// on the process's x87 state kept here in the kernel, writes the result back with copy_out,
// advances EIP and returns to the user. The arithmetic is the host's own x87 (x86-64: the 80-bit
// extended format of the 387): the state is loaded with FRSTOR, the one instruction runs with the
// guest's precision and rounding control and every exception masked, and FNSAVE takes the state
// back; the guest's exception masks are then applied by the emulator (an unmasked exception leaves
// the destination as it was and raises SIGFPE at the next waiting FP instruction, as the 387's
// FERR#/Linux's emulator do). The 80387's instructions and the P6's FCMOVcc and F(U)COMI(P) are
// emulated; the rest (FISTTP, undefined encodings) is SIGILL. The control instructions (FLDCW, FNSTCW, FNSTSW, FNINIT, FNCLEX,
// FLDENV, FNSTENV, FRSTOR, FNSAVE) are done here on the state itself.
//
// Per process: fork copies the state, execve resets it (FNINIT), a signal handler starts with the
// FNINIT state and sigreturn gives the interrupted code its state back (kept on a small stack here,
// not in the signal frame: docs/deviations.md, "Mini OS").
#pragma once
#include <cstddef>
#include <cstdint>
#include <vector>

namespace irq::os {

class Kernel;
struct Process;

// The 387's registers. Data registers are physical (R0-R7, ST(i) = R[(TOP + i) & 7]), each the
// 10-byte extended-real image; the tag word holds two bits per physical register (00 valid, 01
// zero, 10 special, 11 empty).
struct X87State {
  uint16_t cw = 0x037F;  // FNINIT: all exceptions masked, 64-bit precision, round to nearest
  uint16_t sw = 0;       // B C3 TOP(3) C2 C1 C0 ES SF PE UE OE ZE DE IE
  uint16_t tw = 0xFFFF;  // all empty
  uint16_t fop = 0;      // last instruction's opcode: low 3 bits of the ESC byte << 8 | ModRM
  uint32_t fip = 0, foo = 0;  // last instruction and operand offsets
  uint16_t fcs = 0, fos = 0;  // their selectors
  uint8_t r[8][10] = {};
};

struct MathEmu {
  X87State x87;
  // States of interrupted code, saved when a signal handler was entered (frame address, state);
  // at most kMaxSaved (a handler left by longjmp never sigreturns: the oldest entries go).
  struct Saved {
    uint32_t frame;
    X87State x87;
  };
  std::vector<Saved> saved;
  static constexpr size_t kMaxSaved = 32;
  uint64_t emulated = 0;  // instructions emulated (statistics)
};

// #NM from user mode: emulate the ESC instruction at p.regs.eip. False when the bytes there are
// not an ESC instruction (the caller then treats the #NM as before); true otherwise, including
// when a signal (SIGFPE, SIGSEGV, SIGILL) was sent instead of completing it.
bool math_emulate(Kernel& k, Process& p);

// A signal handler is entered with its frame at `frame`: save the x87 state, give the handler the
// FNINIT state. sigreturn from the frame at `frame`: the saved state comes back (nothing happens
// when no state was saved for that frame).
void math_signal_enter(Process& p, uint32_t frame);
void math_signal_return(Process& p, uint32_t frame);
// execve: the FNINIT state, nothing saved.
void math_exec_reset(Process& p);

}  // namespace irq::os
