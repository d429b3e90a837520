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
inline constexpr uint64_t copy(uint64_t bytes) { return bytes ? 5 + bytes : 0; }

}  // namespace irq::os::cost
