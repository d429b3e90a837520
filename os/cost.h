// os/cost.h — what the C++ kernel's work costs in CPU clocks (DESIGN.md §2, §4: "kernel work is
// charged a documented number of cycles"). The guest-side stubs (kernel.asm) are real
// instructions and pay their own 80386 clock counts; these figures stand for the kernel code a real
// i386 kernel would run in their place, estimated from the 80386 clock table for the instructions
// such code is made of (docs/deviations.md, "Mini OS"):
//   a page copy or clear = REP MOVSD / REP STOSD over 1024 dwords: 5 + 4n ≈ 4100 (PRM REP MOVS:
//   "5+4n" in protected mode) — rounded to 4100;
//   copying n bytes to or from user space = REP MOVSD over n/4 dwords: 5 + n (n bytes ≈ n/4 dwords
//   at 4 clocks);
//   the dispatch of a system call, a trap or an IRQ (table lookup, a few pushes, the C calling
//   convention) ≈ 60 clocks; a context switch (save/restore callee registers, CR3 load 5 clocks,
//   TSS.ESP0 store, three GDT TLS stores, the run-queue update) ≈ 150 clocks.
#pragma once
#include <cstdint>

namespace irq::os::cost {

constexpr uint64_t kEntry = 60;          // any host call: dispatch of a syscall/IRQ/trap
constexpr uint64_t kSyscall = 40;        // the system call table lookup and argument fetch
constexpr uint64_t kSwitch = 150;        // switch_to: stacks, CR3, TSS.ESP0, TLS descriptors
constexpr uint64_t kPageClear = 4100;    // REP STOSD over one page
constexpr uint64_t kPageCopy = 4100;     // REP MOVSD over one page
constexpr uint64_t kPageFault = 120;     // walking the VMA list and fixing one PTE
constexpr uint64_t kForkPerTable = 1100; // copying one page table (1024 PTE reads/writes)
constexpr uint64_t kSignalFrame = 400;   // building a signal frame (~100 dword stores)
constexpr uint64_t kTick = 80;           // timer bookkeeping per tick
// The x87 math emulator (os/math_emu.cpp), per emulated instruction: decoding the ESC byte,
// ModRM/SIB and the effective address, the operation on the 80-bit software format, the status
// and tag update. From Linux's wm-FPU-emu README (33 MHz 386, with look-ahead): C's `a + b` (load,
// add, store) 106 µs ≈ 3500 clocks, about 1150 per instruction of which the #NM entry and IRET
// (paid here by the guest stubs) are some 300: 850 for the emulator itself; `/` costs ~300 more;
// sqrt() 195 µs and sin() 390 µs leave ~3000 and ~9000 for FSQRT and FSIN once their load and
// store are taken out; FBLD/FBSTP convert 18 decimal digits (estimated at 1500).
constexpr uint64_t kMathEmu = 850;
constexpr uint64_t kMathEmuDivide = 300;           // FDIV*, FIDIV*, FPREM, FPREM1
constexpr uint64_t kMathEmuSqrt = 3000;            // FSQRT
constexpr uint64_t kMathEmuTranscendental = 9000;  // FSIN FCOS FSINCOS FPTAN FPATAN F2XM1 FYL2X(P1)
constexpr uint64_t kMathEmuBcd = 1500;             // FBLD, FBSTP
inline constexpr uint64_t copy(uint64_t bytes) { return bytes ? 5 + bytes : 0; }

}  // namespace irq::os::cost
