// cpu/cpu.h — the 386-class CPU: registers, decoded-instruction cache, memory access with
// segmentation and paging, interrupts and exceptions, one clock table.
//
// Pins:   INTR (level, set_intr), NMI (edge, pulse_nmi), reset.
// Bus:    CpuBus — physical memory outside RAM, I/O ports, the INTA bus cycle. The CPU never holds a
//         pointer to a PIC: an external interrupt asks the board for its vector through inta().
// API:    Cpu(bus, ram, ram_size); reset(); run(until_cycle) / step(); state(); set_intr(); pulse_nmi().
//         Host code that writes guest RAM behind the CPU's back calls invalidate_code(paddr, len).
// Inside: instructions are decoded once into Insn records held in a direct-mapped cache keyed by
//         physical address and mode; a write to a 64-byte chunk holding decoded code drops just the
//         entries that overlap it (self-modifying code stays correct and cheap). Faults are C++
//         exceptions (CpuFault) thrown from the instruction and caught once per run() call, so the
//         fault-free path pays nothing for them.
// Inaccuracies (full list in docs/deviations.md):
//   - no prefetch queue: a store into the next instruction takes effect immediately;
//   - clock counts assume zero wait states and aligned operands (PRM §17.2.2.3); no bus timing;
//   - A20 is always enabled; no x87 (CR0.EM/TS rules raise #NM, see exec_misc);
//   - virtual-8086 mode and hardware task switches raise #GP and report `unsupported` (not modelled).
#pragma once
#include <cstdint>
#include <cstring>
#include <string>

#include "clocks.h"
#include "state.h"

namespace irq::cpu {

// ---------------------------------------------------------------------------------------------
// The board side.
class CpuBus {
 public:
  virtual ~CpuBus() = default;
  // Physical memory at or above the RAM size (ROM, MMIO, or nothing: return 0xFF).
  virtual uint8_t mem_read8(uint32_t paddr) = 0;
  virtual void mem_write8(uint32_t paddr, uint8_t value) = 0;
  // I/O space; size is 1, 2 or 4 bytes.
  virtual uint32_t io_read(uint16_t port, unsigned size) = 0;
  virtual void io_write(uint16_t port, uint32_t value, unsigned size) = 0;
  // The two INTA bus cycles of an external interrupt; returns the vector on the data bus.
  virtual uint8_t inta() = 0;
};

// Optional observer for the slow paths (interrupts, exceptions, mode changes). Never called on the
// per-instruction fast path; null when tracing is off.
class CpuObserver {
 public:
  virtual ~CpuObserver() = default;
  enum class Kind : uint8_t { Exception, Software, Int3, Into, External, Nmi };
  // An interrupt or exception is being delivered through the IVT (real mode) or the IDT.
  virtual void on_interrupt(uint8_t vector, Kind kind, bool has_error, uint32_t error,
                            uint32_t cs, uint32_t eip) = 0;
  virtual void on_iret(uint32_t cs, uint32_t eip) = 0;
  virtual void on_shutdown(const char* why) = 0;
  virtual void on_unsupported(const char* what) = 0;
};

// A fault raised while executing an instruction (PRM chapter 9).
struct CpuFault {
  uint8_t vector;
  bool has_error;
  uint32_t error;
};

class Cpu;
struct Insn;
using Handler = void (*)(Cpu&, const Insn&);

// One decoded instruction. Filled by the decoder (decode.cpp); handlers only read it.
struct Insn {
  Handler fn = nullptr;
  uint64_t tag = ~0ull;  // physical address | mode key; ~0 = empty cache slot
  uint32_t disp = 0;     // displacement, sign-extended
  uint32_t imm = 0;      // first immediate (sign-extended where the encoding says so; moffs here too)
  uint16_t imm2 = 0;     // second immediate: far-pointer selector, ENTER nesting level
  uint16_t clocks = 0;   // base clocks from the table for this mode and operand kind
  uint16_t op = 0;       // opcode, 0x000-0x0FF one-byte, 0x100-0x1FF for 0F xx
  uint8_t len = 0;       // bytes, prefixes included
  uint8_t components = 0;  // the PRM's "m" for this instruction (prefixes+opcode+modrm+sib+disp+imm)
  uint8_t mod = 3, reg = 0, rm = 0;  // ModR/M fields (rm is a register number when mod == 3)
  uint8_t seg = DS;                  // segment of the memory operand (default or override)
  uint8_t base = kZeroReg, index = kZeroReg, scale = 0;  // effective-address parts
  uint8_t o32 = 0, a32 = 0;          // operand / address size is 32-bit
  uint8_t rep = 0;                   // 0 none, 2 = F2 (REPNE), 3 = F3 (REP/REPE)
  uint8_t lock = 0;
  uint8_t seg_override = 0;          // an explicit segment prefix was present

  bool is_mem() const { return mod != 3; }
};

// Per-opcode handlers, filled by the exec_*.cpp files' register functions.
struct OpEntry {
  Handler fn16 = nullptr;  // operand size 16 (also the only handler of byte-sized forms)
  Handler fn32 = nullptr;  // operand size 32 (nullptr: use fn16)
  Clk clk{};
  bool set = false;
};
struct OpTable {
  OpEntry op[512];
  OpEntry group[512][8];  // opcodes whose ModR/M reg field selects the instruction
  void set(unsigned opcode, Handler f16, Handler f32, Clk clk) { op[opcode] = {f16, f32, clk, true}; }
  void set(unsigned opcode, Handler f, Clk clk) { op[opcode] = {f, f, clk, true}; }
  void set_group(unsigned opcode, unsigned reg, Handler f16, Handler f32, Clk clk) {
    group[opcode][reg] = {f16, f32, clk, true};
  }
  void set_group(unsigned opcode, unsigned reg, Handler f, Clk clk) {
    group[opcode][reg] = {f, f, clk, true};
  }
};
// Register functions, one per exec file (called once to build the shared table).
void register_alu_ops(OpTable&);      // exec_alu.cpp
void register_data_ops(OpTable&);     // exec_data.cpp: MOV, XCHG, stack, flags, misc
void register_control_ops(OpTable&);  // exec_control.cpp: near jumps/calls, INT n, LOOP, HLT
void register_string_io_ops(OpTable&);  // exec_string.cpp: string ops, REP, IN/OUT
void register_system_ops(OpTable&);   // protected.cpp / system.cpp: segments, far transfers, system
const OpTable& op_table();

// ---------------------------------------------------------------------------------------------
class Cpu {
 public:
  Cpu(CpuBus& bus, uint8_t* ram, uint32_t ram_size);
  ~Cpu();
  Cpu(const Cpu&) = delete;
  Cpu& operator=(const Cpu&) = delete;

  // Power-on reset (PRM §10.1): real mode, CS=F000 base FFFF0000, EIP=FFF0, EFLAGS=2.
  void reset();

  enum class Stop : uint8_t { CycleLimit, Halted, Shutdown, StopRequested, Step };
  // Execute until st.cycles >= until_cycle, HLT (returns Halted; the board fast-forwards to its next
  // event and calls run again, which resumes when INTR/NMI is pending), shutdown, or request_stop().
  Stop run(uint64_t until_cycle);
  // Exactly one instruction, or one interrupt/exception delivery.
  Stop step();
  void request_stop() { stop_requested_ = true; events_ |= kEvStop; }

  // Pins.
  void set_intr(bool level) { st.intr = level; }
  void pulse_nmi() { st.nmi_latched = true; events_ |= kEvNmi; }

  State& state() { return st; }
  const State& state() const { return st; }
  void set_observer(CpuObserver* o) { observer_ = o; }

  // Host writes to guest RAM (ELF loader, DMA, debugger edits) must call this.
  void invalidate_code(uint32_t paddr, uint32_t len);
  void flush_tlb();                 // all entries (CR3 load, CR0.PG/WP change)
  void flush_tlb_page(uint32_t lin);  // INVLPG
  // Re-derive everything cached from st (after a debugger or test edits State directly).
  void state_changed();

  // Physical memory view for debuggers and loaders (no side effects, no faults).
  uint8_t peek_phys(uint32_t paddr);
  void poke_phys(uint32_t paddr, uint8_t v);
  // Linear->physical through the page tables without faulting or setting A/D; false if unmapped.
  bool debug_translate(uint32_t lin, uint32_t& paddr);

  const char* last_unsupported() const { return unsupported_; }
  // Called by IRET once the return is complete (tells the observer).
  void note_iret() {
    if (observer_) observer_->on_iret(st.seg[CS].selector, st.eip);
  }

  // ==== Everything below is the instruction implementation interface (exec_*.cpp). ====
  State st;

  // Registers.
  uint32_t& r32(unsigned i) { return st.gpr[i]; }
  uint16_t& r16(unsigned i) {  // the low half of a 32-bit register (x86 hosts are little-endian)
    using alias16 = uint16_t __attribute__((may_alias));
    return *reinterpret_cast<alias16*>(&st.gpr[i]);
  }
  uint8_t& r8(unsigned i) {  // AL CL DL BL AH CH DH BH
    return reinterpret_cast<uint8_t*>(&st.gpr[i & 3])[i >> 2];
  }
  template <class T> T& reg(unsigned i);

  // Effective address of the memory operand (offset within i.seg).
  uint32_t ea(const Insn& i) const {
    uint32_t a = st.gpr[i.base] + (st.gpr[i.index] << i.scale) + i.disp;
    return i.a32 ? a : (a & 0xFFFF);
  }

  // Segmented memory access with the limit/rights checks of PRM §6.3 (#GP(0), or #SS(0) for SS).
  template <class T> T rd(unsigned seg, uint32_t off);
  template <class T> void wr(unsigned seg, uint32_t off, T v);
  // Check that a write of `size` bytes would pass the segment checks (for multi-part stores).
  void check_write(unsigned seg, uint32_t off, unsigned size);
  void check_read(unsigned seg, uint32_t off, unsigned size);

  // Linear access at the current privilege (CPL 3 = user for paging).
  template <class T> T rd_lin(uint32_t lin);
  template <class T> void wr_lin(uint32_t lin, T v);
  // Supervisor ("system") linear access: descriptor tables, TSS, IDT (PRM §6.4.1 implicit accesses).
  template <class T> T rd_sys(uint32_t lin);
  template <class T> void wr_sys(uint32_t lin, T v);

  // ModR/M operand helpers.
  template <class T> T read_rm(const Insn& i) {
    return i.mod == 3 ? reg<T>(i.rm) : rd<T>(i.seg, ea(i));
  }
  template <class T> void write_rm(const Insn& i, T v) {
    if (i.mod == 3) reg<T>(i.rm) = v; else wr<T>(i.seg, ea(i), v);
  }

  // Stack (SS, 16- or 32-bit stack per SS.B). push/pop of operand size T.
  bool stack32() const { return st.seg[SS].big(); }
  template <class T> void push(T v);
  template <class T> T pop();
  // Peek at stack offset `delta` bytes above ESP without moving it (for IRET/RETF checks).
  template <class T> T stack_peek(uint32_t delta);

  // Control transfer inside the current code segment: masks to 16 bits when !o32, checks the CS
  // limit (#GP(0)), and arms the "+m" charge for the next instruction.
  void jump_near(uint32_t target, bool o32);
  // Add `n` clocks to the current instruction.
  void charge(uint32_t n) { st.cycles += n; }
  // The next instruction's component count is added to this instruction's clocks ("+m").
  void charge_m() { m_pending_ = 1; }

  // EFLAGS write with the mode's rules (IOPL/IF/VM/RF protections of POPF/IRET, PRM §3.5.2 / POPF).
  // `mask` limits which bits may change (e.g. 0xFFFF for 16-bit POPF).
  void write_flags(uint32_t value, uint32_t mask);
  uint32_t read_flags() const { return st.eflags; }

  // Faults. raise() never returns.
  [[noreturn]] void raise(uint8_t vector);
  [[noreturn]] void raise(uint8_t vector, uint32_t error);
  [[noreturn]] void raise_ud() { raise(vec::UD); }
  [[noreturn]] void raise_gp0() { raise(vec::GP, 0); }

  // Interrupt delivery (interrupts.cpp): real-mode IVT or protected-mode IDT, with every gate check.
  // The return address pushed is st.eip as it stands: the run loop has already set it to the
  // faulting instruction for faults, and handlers of INT n/INT3/INTO run with st.eip at the next
  // instruction. Charges the clock rows for the path taken. May throw CpuFault (a fault while
  // delivering); the run loop turns that into #DF or shutdown (PRM §9.8.8) and restores the state
  // saved before delivery, so deliver() need not undo partial work.
  void deliver(uint8_t vector, CpuObserver::Kind kind, bool has_error, uint32_t error);

  // Segment register loads (protected.cpp): real mode sets selector and base; protected mode does
  // every descriptor check of PRM §6.3 and raises #GP/#SS/#NP(selector) as the manual says.
  void load_seg(unsigned seg, uint16_t selector);
  // After any change of CR0, CPL, CS (size), SS or EFLAGS.VM made outside load_seg(): re-derives
  // the CPL-dependent caches (paging U/S index, code-fetch page, decoded-instruction mode key).
  // load_seg() calls it itself; far transfers that write st.seg[CS]/st.cpl directly must call it.
  void mode_changed();
  // I/O permission (protected.cpp): CPL <= IOPL, else the TSS I/O bitmap (PRM §8.3); raises #GP(0).
  void check_io(uint16_t port, unsigned size);
  bool io_needs_bitmap() const {
    return st.protected_mode() && (st.cpl > st.iopl() || st.v86());
  }

  // Physical memory, RAM fast path; used by the page walker and the descriptor code.
  uint32_t ram_size() const { return ram_size_; }
  uint8_t* ram() { return ram_; }
  CpuBus& bus() { return bus_; }

  // Report an unmodelled feature (V86 entry, task switch): observer gets it, then #GP(error).
  [[noreturn]] void unsupported(const char* what, uint32_t gp_error);

  // Fault bookkeeping for the run loop.
  uint32_t insn_eip() const { return prev_eip_; }  // EIP of the instruction being executed
  // Events the run loop looks at between instructions.
  static constexpr uint32_t kEvNmi = 1, kEvStop = 2, kEvInhibit = 4, kEvHalt = 8;
  // HLT: wait for INTR or NMI (PRM HLT page).
  void halt() { st.halted = true; events_ |= kEvHalt; }
  void inhibit_interrupts() { events_ |= kEvInhibit; }  // STI, MOV SS, POP SS shadow
  // True when the run loop would stop or take an interrupt at the next boundary: string
  // instructions check it between iterations (REP is interruptible, PRM §3.7 / REP page).
  bool should_yield() const {
    return st.cycles >= until_ || (st.intr && (st.eflags & fl::IF)) || (events_ & (kEvNmi | kEvStop));
  }
  // A REP handler that stops early calls this: the instruction restarts at its first prefix. A
  // stop only for the end of the cycle budget (no interrupt, NMI, stop request or single-step
  // trap) is not an architectural restart: the next start of the same instruction, if nothing is
  // delivered in between, continues it without paying its start again (the clocks and the count
  // in st.instructions), so how a run is cut into run() calls (the debugger's steps, the GDB
  // stub's slices) does not change the machine's timing.
  void rep_yield() {
    rep_resume_ = !(st.intr && (st.eflags & fl::IF)) && !(events_ & (kEvNmi | kEvStop)) &&
                  !(st.eflags & fl::TF);
    rep_resume_eip_ = prev_eip_;
    st.eip = prev_eip_;
  }
  // For the REP handler at its start: true once when it continues a budget stop.
  bool take_rep_resume() {
    const bool r = rep_resume_ && rep_resume_eip_ == prev_eip_;
    rep_resume_ = false;
    return r;
  }

  // Decoding (decode.cpp).
  void decode(Insn& out, uint32_t eip);  // may raise #PF/#GP while fetching
  uint8_t fetch_code8(uint32_t eip);     // through CS, for the decoder

  // Paging (core.cpp): translate a linear address for an access, or raise #PF.
  // write: access is a write; user: CPL-3 style access (U/S checked).
  uint32_t translate(uint32_t lin, bool write, bool user);

 private:
  struct TlbEntry {
    uint32_t tag_r[2];  // [user] linear page number readable at that privilege; ~0 = no
    uint32_t tag_w[2];  // [user] writable (dirty bit already set, no decoded code in the page)
    uint8_t* host;      // host pointer to the page (RAM only)
    uint32_t ppage;     // physical page base
  };
  static constexpr unsigned kTlbBits = 10, kTlbSize = 1u << kTlbBits;
  static constexpr unsigned kICacheBits = 15, kICacheSize = 1u << kICacheBits;

  template <class T> T rd_lin_slow(uint32_t lin, bool user);
  template <class T> void wr_lin_slow(uint32_t lin, T v, bool user);
  uint8_t phys_read8(uint32_t paddr);
  void phys_write8(uint32_t paddr, uint8_t v);
  void phys_write_notify(uint32_t paddr, unsigned len);  // self-modifying-code check
  [[noreturn]] void seg_fault(unsigned seg);
  void fill_tlb(uint32_t lin, uint32_t ppage, bool user_ok, bool write_ok_sup, bool write_ok_user);
  void mark_code(uint32_t paddr, unsigned len);
  void drop_write_tags(uint32_t ppage);
  template <bool single> Stop run_loop(uint64_t until_cycle);
  bool boundary_events();  // slow path between instructions; true when an event was taken
  void take_fault(const CpuFault& f);
  void take_external_interrupt();
  void enter_shutdown(const char* why);
  const Insn& fetch_insn();
  const Insn& fetch_insn_slow();

  CpuBus& bus_;
  uint8_t* ram_;
  uint32_t ram_size_;
  CpuObserver* observer_ = nullptr;
  const char* unsupported_ = nullptr;

  unsigned user_ = 0;  // 1 when CPL == 3 (paging U/S index)
  uint32_t events_ = 0;
  bool stop_requested_ = false;
  uint32_t m_pending_ = 0;
  uint32_t ip_mask_ = 0xFFFF;  // EIP wraps at 64 KiB in a 16-bit code segment
  uint32_t prev_eip_ = 0;
  bool rep_resume_ = false;     // rep_yield: a budget stop to continue
  uint32_t rep_resume_eip_ = 0;
  uint32_t prev_esp_ = 0;
  uint64_t until_ = 0;
  bool single_ = false;
  // Exception nesting for #DF / shutdown (PRM §9.8.8, Table 9-3).
  int delivering_ = -1;  // class of the exception being delivered, -1 none

  // Code fetch page cache: linear page of EIP -> physical page.
  uint32_t fetch_lpn_ = ~0u;
  uint32_t fetch_ppage_ = 0;
  uint64_t fetch_eip_end_ = 0;  // EIPs below this may use the decoded-instruction cache
  uint64_t mode_key_ = 0;

  TlbEntry* tlb_;
  Insn* icache_;
  Insn scratch_;             // uncacheable instruction (crosses a page, or outside RAM)
  uint64_t* code_chunks_;    // per physical RAM page: bit k = 64-byte chunk k holds decoded code
  uint32_t num_pages_;

  friend class CpuTestAccess;
};

template <> inline uint8_t& Cpu::reg<uint8_t>(unsigned i) { return r8(i); }
template <> inline uint16_t& Cpu::reg<uint16_t>(unsigned i) { return r16(i); }
template <> inline uint32_t& Cpu::reg<uint32_t>(unsigned i) { return r32(i); }

// ---- inline memory paths -------------------------------------------------------------------
template <class T> inline T load_host(const uint8_t* p) { T v; std::memcpy(&v, p, sizeof v); return v; }
template <class T> inline void store_host(uint8_t* p, T v) { std::memcpy(p, &v, sizeof v); }

template <class T> inline T Cpu::rd_lin(uint32_t lin) {
  const TlbEntry& e = tlb_[(lin >> 12) & (kTlbSize - 1)];
  if (__builtin_expect(e.tag_r[user_] == (lin >> 12) && (lin & 0xFFF) <= 0x1000 - sizeof(T), 1))
    return load_host<T>(e.host + (lin & 0xFFF));
  return rd_lin_slow<T>(lin, user_);
}
template <class T> inline void Cpu::wr_lin(uint32_t lin, T v) {
  const TlbEntry& e = tlb_[(lin >> 12) & (kTlbSize - 1)];
  if (__builtin_expect(e.tag_w[user_] == (lin >> 12) && (lin & 0xFFF) <= 0x1000 - sizeof(T), 1)) {
    store_host<T>(e.host + (lin & 0xFFF), v);
    return;
  }
  wr_lin_slow<T>(lin, v, user_);
}
template <class T> inline T Cpu::rd_sys(uint32_t lin) {
  const TlbEntry& e = tlb_[(lin >> 12) & (kTlbSize - 1)];
  if (e.tag_r[0] == (lin >> 12) && (lin & 0xFFF) <= 0x1000 - sizeof(T))
    return load_host<T>(e.host + (lin & 0xFFF));
  return rd_lin_slow<T>(lin, false);
}
template <class T> inline void Cpu::wr_sys(uint32_t lin, T v) {
  const TlbEntry& e = tlb_[(lin >> 12) & (kTlbSize - 1)];
  if (e.tag_w[0] == (lin >> 12) && (lin & 0xFFF) <= 0x1000 - sizeof(T)) {
    store_host<T>(e.host + (lin & 0xFFF), v);
    return;
  }
  wr_lin_slow<T>(lin, v, false);
}

template <class T> inline T Cpu::rd(unsigned seg, uint32_t off) {
  const SegCache& s = st.seg[seg];
  if (__builtin_expect(!(s.rights & SegCache::kRead) || off < s.lim_lo ||
                           uint64_t(off) + (sizeof(T) - 1) > s.lim_hi, 0))
    seg_fault(seg);
  return rd_lin<T>(s.base + off);
}
template <class T> inline void Cpu::wr(unsigned seg, uint32_t off, T v) {
  const SegCache& s = st.seg[seg];
  if (__builtin_expect(!(s.rights & SegCache::kWrite) || off < s.lim_lo ||
                           uint64_t(off) + (sizeof(T) - 1) > s.lim_hi, 0))
    seg_fault(seg);
  wr_lin<T>(s.base + off, v);
}

template <class T> inline void Cpu::push(T v) {
  if (stack32()) {
    uint32_t sp = st.gpr[ESP] - sizeof(T);
    wr<T>(SS, sp, v);
    st.gpr[ESP] = sp;
  } else {
    uint16_t sp = uint16_t(st.gpr[ESP] - sizeof(T));
    wr<T>(SS, sp, v);
    r16(ESP) = sp;
  }
}
template <class T> inline T Cpu::pop() {
  if (stack32()) {
    T v = rd<T>(SS, st.gpr[ESP]);
    st.gpr[ESP] += sizeof(T);
    return v;
  }
  T v = rd<T>(SS, uint16_t(st.gpr[ESP]));
  r16(ESP) = uint16_t(r16(ESP) + sizeof(T));
  return v;
}
template <class T> inline T Cpu::stack_peek(uint32_t delta) {
  if (stack32()) return rd<T>(SS, st.gpr[ESP] + delta);
  return rd<T>(SS, uint16_t(st.gpr[ESP] + delta));
}

}  // namespace irq::cpu
