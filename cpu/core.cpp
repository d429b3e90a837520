// cpu/core.cpp — the run loop, reset, paging and TLB, slow memory paths, the decoded-instruction
// cache with self-modifying-code invalidation, fault handling with #DF and shutdown.
#include <algorithm>
#include <cstdlib>

#include "cpu.h"

namespace irq::cpu {

namespace {
constexpr uint32_t kNoTag = ~0u;

// Exception classes for double-fault detection (PRM §9.8.8, Table 9-3 / 9-4).
enum class FaultClass { Benign, Contributory, PageFault };
FaultClass fault_class(uint8_t v) {
  switch (v) {
    case vec::DE: case vec::TS: case vec::NP: case vec::SS: case vec::GP: return FaultClass::Contributory;
    case vec::PF: return FaultClass::PageFault;
    default: return FaultClass::Benign;
  }
}
bool makes_double_fault(uint8_t first, uint8_t second) {
  const FaultClass a = fault_class(first), b = fault_class(second);
  if (a == FaultClass::Contributory) return b == FaultClass::Contributory;
  if (a == FaultClass::PageFault) return b != FaultClass::Benign;
  return false;
}
}  // namespace

Cpu::Cpu(CpuBus& bus, uint8_t* ram, uint32_t ram_size)
    : bus_(bus), ram_(ram), ram_size_(ram_size & ~0xFFFu) {
  num_pages_ = ram_size_ >> 12;
  tlb_ = new TlbEntry[kTlbSize];
  icache_ = new Insn[kICacheSize];
  code_chunks_ = new uint64_t[num_pages_ ? num_pages_ : 1]();
  flush_tlb();
  reset();
}

Cpu::~Cpu() {
  delete[] tlb_;
  delete[] icache_;
  delete[] code_chunks_;
}

void Cpu::reset() {
  rep_resume_ = false;
  // PRM §10.1 Table 10-1: processor state after RESET.
  const uint64_t cycles = st.cycles, instructions = st.instructions;
  const bool intr = st.intr;
  st = State{};
  st.cycles = cycles;
  st.instructions = instructions;
  st.intr = intr;
  st.eflags = fl::kFixed1;
  st.eip = 0x0000FFF0;
  for (auto& s : st.seg) {
    s = SegCache{};
    s.derive();
  }
  st.seg[CS].selector = 0xF000;
  st.seg[CS].base = 0xFFFF0000;
  st.seg[CS].attr = 0x93;  // present, read/write, accessed (real mode makes no type checks)
  st.seg[CS].derive();
  st.gpr[EDX] = 0x0308;  // DH = 3 (80386), DL = stepping (PRM §10.1: component and revision ID)
  st.idtr = {0, 0x3FF};
  st.gdtr = {0, 0xFFFF};
  st.ldtr.attr = 0x82;  // LDT descriptor type
  st.tr.attr = 0x8B;    // busy 386 TSS
  events_ = 0;
  stop_requested_ = false;
  m_pending_ = 0;
  unsupported_ = nullptr;
  flush_tlb();
  mode_changed();
}

void Cpu::state_changed() {
  for (auto& s : st.seg) s.derive();
  st.gpr[kZeroReg] = 0;
  if (st.nmi_latched) events_ |= kEvNmi;
  if (st.halted || st.shutdown) events_ |= kEvHalt;
  flush_tlb();
  mode_changed();
}

void Cpu::mode_changed() {
  if (!st.protected_mode()) st.cpl = 0;
  else if (st.v86()) st.cpl = 3;
  // Real-address and V86 mode make no segment type checks, only offset checks (PRM Table 14-1),
  // whatever attributes the descriptor caches still hold from protected mode.
  if (!st.protected_mode() || st.v86())
    for (auto& s : st.seg) s.rights = SegCache::kRead | SegCache::kWrite;
  user_ = st.cpl == 3 ? 1 : 0;
  ip_mask_ = st.seg[CS].big() ? 0xFFFFFFFFu : 0xFFFFu;
  fetch_lpn_ = kNoTag;
  mode_key_ = (uint64_t(st.seg[CS].big()) << 32) | (uint64_t(st.protected_mode()) << 33);
}

// ---- TLB and paging -------------------------------------------------------------------------

void Cpu::flush_tlb() {
  for (unsigned i = 0; i < kTlbSize; ++i) tlb_[i] = TlbEntry{{kNoTag, kNoTag}, {kNoTag, kNoTag}, nullptr, 0};
  fetch_lpn_ = kNoTag;
}

void Cpu::flush_tlb_page(uint32_t lin) {
  TlbEntry& e = tlb_[(lin >> 12) & (kTlbSize - 1)];
  e = TlbEntry{{kNoTag, kNoTag}, {kNoTag, kNoTag}, nullptr, 0};
  fetch_lpn_ = kNoTag;
}

void Cpu::drop_write_tags(uint32_t ppage) {
  for (unsigned i = 0; i < kTlbSize; ++i)
    if (tlb_[i].ppage == ppage) tlb_[i].tag_w[0] = tlb_[i].tag_w[1] = kNoTag;
}

void Cpu::fill_tlb(uint32_t lin, uint32_t ppage, bool user_ok, bool write_ok_sup, bool write_ok_user) {
  TlbEntry& e = tlb_[(lin >> 12) & (kTlbSize - 1)];
  const uint32_t lpn = lin >> 12;
  if (ppage >= ram_size_) {  // not RAM: every access takes the slow path to the bus
    e = TlbEntry{{kNoTag, kNoTag}, {kNoTag, kNoTag}, nullptr, ppage};
    return;
  }
  const bool code = code_chunks_[ppage >> 12] != 0;
  e.host = ram_ + ppage;
  e.ppage = ppage;
  e.tag_r[0] = lpn;
  e.tag_r[1] = user_ok ? lpn : kNoTag;
  e.tag_w[0] = (write_ok_sup && !code) ? lpn : kNoTag;
  e.tag_w[1] = (write_ok_user && !code) ? lpn : kNoTag;
}

static inline uint32_t ram_read32(const uint8_t* p) { uint32_t v; std::memcpy(&v, p, 4); return v; }

// Two-level page walk (PRM §5.2). Sets accessed bits, and the dirty bit on a write; fills the TLB.
uint32_t Cpu::translate(uint32_t lin, bool write, bool user) {
  if (!st.paging()) {
    fill_tlb(lin, lin & ~0xFFFu, true, true, true);
    return lin;
  }
  auto read_pt = [&](uint32_t pa) -> uint32_t {
    if (pa + 4 <= ram_size_) return ram_read32(ram_ + pa);
    return uint32_t(phys_read8(pa)) | uint32_t(phys_read8(pa + 1)) << 8 |
           uint32_t(phys_read8(pa + 2)) << 16 | uint32_t(phys_read8(pa + 3)) << 24;
  };
  auto write_pt = [&](uint32_t pa, uint32_t v) {
    for (unsigned k = 0; k < 4; ++k) phys_write8(pa + k, uint8_t(v >> (8 * k)));
  };
  auto page_fault = [&](bool protection) {
    st.cr2 = lin;
    raise(vec::PF, (protection ? 1u : 0u) | (write ? 2u : 0u) | (user ? 4u : 0u));
  };
  const uint32_t pde_addr = (st.cr3 & ~0xFFFu) | ((lin >> 20) & 0xFFC);
  uint32_t pde = read_pt(pde_addr);
  if (!(pde & 1)) page_fault(false);
  const uint32_t pte_addr = (pde & ~0xFFFu) | ((lin >> 10) & 0xFFC);
  uint32_t pte = read_pt(pte_addr);
  if (!(pte & 1)) page_fault(false);
  // PRM §5.2.4.3: the effective U/S and R/W are the more restrictive of the two levels.
  const bool u = pde & pte & 4;
  const bool rw = pde & pte & 2;
  const bool wp = st.cr0 & cr0::WP;  // i486: supervisor writes honour R/W when WP=1
  if (user && !u) page_fault(true);
  if (write && ((user && !rw) || (!user && !rw && wp))) page_fault(true);
  if (!(pde & 0x20)) write_pt(pde_addr, pde |= 0x20);
  const uint32_t want = write ? 0x60u : 0x20u;  // accessed, and dirty on a write (PRM §5.2.4.4)
  if ((pte & want) != want) write_pt(pte_addr, pte |= want);
  const bool dirty = pte & 0x40;
  fill_tlb(lin, pte & ~0xFFFu, u, dirty && (rw || !wp), dirty && u && rw);
  return (pte & ~0xFFFu) | (lin & 0xFFF);
}

bool Cpu::debug_translate(uint32_t lin, uint32_t& paddr) {
  if (!st.paging()) { paddr = lin; return true; }
  auto rd32 = [&](uint32_t pa) -> uint32_t {
    uint32_t v = 0;
    for (unsigned k = 0; k < 4; ++k) v |= uint32_t(peek_phys(pa + k)) << (8 * k);
    return v;
  };
  const uint32_t pde = rd32((st.cr3 & ~0xFFFu) | ((lin >> 20) & 0xFFC));
  if (!(pde & 1)) return false;
  const uint32_t pte = rd32((pde & ~0xFFFu) | ((lin >> 10) & 0xFFC));
  if (!(pte & 1)) return false;
  paddr = (pte & ~0xFFFu) | (lin & 0xFFF);
  return true;
}

// ---- physical memory ------------------------------------------------------------------------

uint8_t Cpu::phys_read8(uint32_t paddr) {
  if (paddr < ram_size_) return ram_[paddr];
  return bus_.mem_read8(paddr);
}

void Cpu::phys_write8(uint32_t paddr, uint8_t v) {
  if (paddr < ram_size_) {
    if (code_chunks_[paddr >> 12]) phys_write_notify(paddr, 1);
    ram_[paddr] = v;
    return;
  }
  bus_.mem_write8(paddr, v);
}

uint8_t Cpu::peek_phys(uint32_t paddr) { return phys_read8(paddr); }
void Cpu::poke_phys(uint32_t paddr, uint8_t v) { phys_write8(paddr, v); }

// A write touches [paddr, paddr+len) inside one page that holds decoded code: drop the decoded
// instructions overlapping each written 64-byte chunk that is marked (an instruction is at most
// 15 bytes, so those start at most 14 bytes before the chunk).
void Cpu::phys_write_notify(uint32_t paddr, unsigned len) {
  const uint32_t page = paddr >> 12;
  uint64_t& mask = code_chunks_[page];
  const unsigned first = (paddr & 0xFFF) >> 6, last = ((paddr + len - 1) & 0xFFF) >> 6;
  for (unsigned k = first; k <= last; ++k) {
    if (!(mask & (1ull << k))) continue;
    mask &= ~(1ull << k);
    const uint32_t start = (page << 12) + k * 64;
    const uint32_t from = start >= 14 ? start - 14 : 0;
    for (uint32_t a = from; a < start + 64; ++a) {
      Insn& e = icache_[a & (kICacheSize - 1)];
      if (uint32_t(e.tag) == a && e.tag != ~0ull) e.tag = ~0ull;
    }
  }
}

void Cpu::mark_code(uint32_t paddr, unsigned len) {
  const uint32_t page = paddr >> 12;
  uint64_t& mask = code_chunks_[page];
  const bool was_clean = mask == 0;
  const unsigned first = (paddr & 0xFFF) >> 6, last = ((paddr + len - 1) & 0xFFF) >> 6;
  for (unsigned k = first; k <= last; ++k) mask |= 1ull << k;
  if (was_clean) drop_write_tags(page << 12);
}

void Cpu::invalidate_code(uint32_t paddr, uint32_t len) {
  if (len == 0 || paddr >= ram_size_) return;
  const uint64_t end = std::min<uint64_t>(uint64_t(paddr) + len, ram_size_);
  for (uint64_t a = paddr; a < end;) {
    const uint64_t page_end = (a | 0xFFF) + 1;
    const uint64_t stop = std::min(end, page_end);
    if (code_chunks_[a >> 12]) phys_write_notify(uint32_t(a), unsigned(stop - a));
    a = stop;
  }
}

// ---- slow linear paths ------------------------------------------------------------------------

template <class T> T Cpu::rd_lin_slow(uint32_t lin, bool user) {
  if ((lin & 0xFFF) <= 0x1000 - sizeof(T)) {
    const uint32_t pa = translate(lin, false, user);
    if (pa + sizeof(T) <= ram_size_) return load_host<T>(ram_ + pa);
    T v = 0;
    for (unsigned k = 0; k < sizeof(T); ++k) v |= T(T(phys_read8(pa + k)) << (8 * k));
    return v;
  }
  // Crosses a page boundary: translate both pages first (either may fault), then read bytes.
  const uint32_t pa0 = translate(lin, false, user);
  const uint32_t pa1 = translate((lin | 0xFFF) + 1, false, user);
  T v = 0;
  for (unsigned k = 0; k < sizeof(T); ++k) {
    const uint32_t l = lin + k;
    const uint32_t pa = ((l ^ lin) & ~0xFFFu) ? (pa1 & ~0xFFFu) | (l & 0xFFF) : (pa0 & ~0xFFFu) | (l & 0xFFF);
    v |= T(T(phys_read8(pa)) << (8 * k));
  }
  return v;
}

template <class T> void Cpu::wr_lin_slow(uint32_t lin, T v, bool user) {
  if ((lin & 0xFFF) <= 0x1000 - sizeof(T)) {
    const uint32_t pa = translate(lin, true, user);
    if (pa + sizeof(T) <= ram_size_) {
      if (code_chunks_[pa >> 12]) phys_write_notify(pa, sizeof(T));
      store_host<T>(ram_ + pa, v);
      return;
    }
    for (unsigned k = 0; k < sizeof(T); ++k) phys_write8(pa + k, uint8_t(v >> (8 * k)));
    return;
  }
  const uint32_t pa0 = translate(lin, true, user);
  const uint32_t pa1 = translate((lin | 0xFFF) + 1, true, user);
  for (unsigned k = 0; k < sizeof(T); ++k) {
    const uint32_t l = lin + k;
    const uint32_t pa = ((l ^ lin) & ~0xFFFu) ? (pa1 & ~0xFFFu) | (l & 0xFFF) : (pa0 & ~0xFFFu) | (l & 0xFFF);
    phys_write8(pa, uint8_t(v >> (8 * k)));
  }
}

template uint8_t Cpu::rd_lin_slow<uint8_t>(uint32_t, bool);
template uint16_t Cpu::rd_lin_slow<uint16_t>(uint32_t, bool);
template uint32_t Cpu::rd_lin_slow<uint32_t>(uint32_t, bool);
template uint64_t Cpu::rd_lin_slow<uint64_t>(uint32_t, bool);
template void Cpu::wr_lin_slow<uint8_t>(uint32_t, uint8_t, bool);
template void Cpu::wr_lin_slow<uint16_t>(uint32_t, uint16_t, bool);
template void Cpu::wr_lin_slow<uint32_t>(uint32_t, uint32_t, bool);
template void Cpu::wr_lin_slow<uint64_t>(uint32_t, uint64_t, bool);

// ---- segment checks ---------------------------------------------------------------------------

void Cpu::seg_fault(unsigned seg) {
  // PRM §6.3.1: a limit or type violation is #SS(0) through SS, #GP(0) otherwise.
  raise(seg == SS ? vec::SS : vec::GP, 0);
}

void Cpu::check_read(unsigned seg, uint32_t off, unsigned size) {
  const SegCache& s = st.seg[seg];
  if (!(s.rights & SegCache::kRead) || off < s.lim_lo || uint64_t(off) + (size - 1) > s.lim_hi)
    seg_fault(seg);
}

void Cpu::check_write(unsigned seg, uint32_t off, unsigned size) {
  const SegCache& s = st.seg[seg];
  if (!(s.rights & SegCache::kWrite) || off < s.lim_lo || uint64_t(off) + (size - 1) > s.lim_hi)
    seg_fault(seg);
}

// ---- control helpers --------------------------------------------------------------------------

void Cpu::jump_near(uint32_t target, bool o32) {
  if (!o32) target &= 0xFFFF;
  if (target > st.seg[CS].lim_hi) raise_gp0();  // PRM JMP/CALL: beyond the CS limit is #GP(0)
  st.eip = target;
  m_pending_ = 1;
}

void Cpu::write_flags(uint32_t value, uint32_t mask) {
  // PRM POPF page and §2.3.4: VM and RF are never changed here; IOPL only at CPL 0; IF only when
  // CPL <= IOPL. In real mode every other bit is writable (the 386 lets IOPL/NT be set there).
  uint32_t allowed = mask & fl::kWritable & ~(fl::VM | fl::RF);
  if (st.protected_mode()) {
    if (st.cpl > 0) allowed &= ~fl::IOPL;
    if (st.cpl > st.iopl()) allowed &= ~fl::IF;
  }
  st.eflags = (st.eflags & ~allowed) | (value & allowed) | fl::kFixed1;
}

void Cpu::raise(uint8_t vector) { throw CpuFault{vector, false, 0}; }
void Cpu::raise(uint8_t vector, uint32_t error) { throw CpuFault{vector, true, error}; }

void Cpu::unsupported(const char* what, uint32_t gp_error) {
  unsupported_ = what;
  if (observer_) observer_->on_unsupported(what);
  raise(vec::GP, gp_error);
}

void Cpu::enter_shutdown(const char* why) {
  st.shutdown = true;
  st.halted = false;
  events_ |= kEvHalt;
  if (observer_) observer_->on_shutdown(why);
}

// ---- faults and interrupts ----------------------------------------------------------------------

// Deliver an exception; a fault during delivery becomes #DF or shutdown (PRM §9.8.8).
void Cpu::take_fault(const CpuFault& first) {
  uint8_t vector = first.vector;
  bool has_error = first.has_error;
  uint32_t error = first.error;
  for (int depth = 0; depth < 4; ++depth) {
    const State saved = st;
    try {
      deliver(vector, CpuObserver::Kind::Exception, has_error, error);
      return;
    } catch (const CpuFault& second) {
      const uint32_t cr2 = st.cr2;
      st = saved;
      st.cr2 = cr2;
      mode_changed();
      if (vector == vec::DF) {
        enter_shutdown("triple fault: exception while delivering #DF");
        return;
      }
      if (makes_double_fault(vector, second.vector)) {
        vector = vec::DF;
        has_error = true;
        error = 0;
      } else {
        vector = second.vector;  // handled serially (benign combination)
        has_error = second.has_error;
        error = second.error;
      }
    }
  }
  enter_shutdown("exception loop while delivering faults");
}

void Cpu::take_external_interrupt() {
  st.halted = false;
  const uint8_t vector = bus_.inta();
  const State saved = st;
  try {
    deliver(vector, CpuObserver::Kind::External, false, 0);
  } catch (const CpuFault& f) {
    const uint32_t cr2 = st.cr2;
    st = saved;
    st.cr2 = cr2;
    mode_changed();
    take_fault(f);
  }
}

// ---- the run loop ---------------------------------------------------------------------------------

const Insn& Cpu::fetch_insn() {
  const uint32_t eip = st.eip;
  const uint32_t lin = st.seg[CS].base + eip;
  // Fast path: same code page as the last fetch, far enough from the CS limit that no instruction
  // starting here can reach it, and the decoded instruction is in the cache.
  if (__builtin_expect((lin >> 12) == fetch_lpn_ && eip < fetch_eip_end_, 1)) {
    const uint32_t pa = fetch_ppage_ | (lin & 0xFFF);
    Insn& e = icache_[pa & (kICacheSize - 1)];
    if (__builtin_expect(e.tag == (pa | mode_key_), 1)) return e;
  }
  return fetch_insn_slow();
}

__attribute__((noinline)) const Insn& Cpu::fetch_insn_slow() {
  const uint32_t eip = st.eip;
  const SegCache& cs = st.seg[CS];
  const uint32_t lin = cs.base + eip;
  if ((lin >> 12) != fetch_lpn_) {
    if (eip > cs.lim_hi) raise_gp0();
    const uint32_t pa = translate(lin, false, user_);
    fetch_ppage_ = pa & ~0xFFFu;
    fetch_lpn_ = lin >> 12;
    // Cache only instructions inside RAM that cannot reach the CS limit.
    fetch_eip_end_ = (pa < ram_size_ && cs.lim_hi >= 14) ? uint64_t(cs.lim_hi) - 14 + 1 : 0;
  }
  if (eip < fetch_eip_end_) {
    const uint32_t pa = fetch_ppage_ | (lin & 0xFFF);
    Insn& e = icache_[pa & (kICacheSize - 1)];
    const uint64_t key = pa | mode_key_;
    if (e.tag == key) return e;
    decode(scratch_, eip);
    if ((lin & 0xFFF) + scratch_.len <= 0x1000) {  // an instruction crossing the page is not cached
      e = scratch_;
      e.tag = key;
      mark_code(pa, e.len);
      return e;
    }
    return scratch_;
  }
  decode(scratch_, eip);
  return scratch_;
}

// Between instructions, when something needs attention. Returns true when run() must return.
bool Cpu::boundary_events() {
  if (events_ & kEvStop) {
    events_ &= ~kEvStop;
    stop_requested_ = false;
    return true;
  }
  return false;
}

Cpu::Stop Cpu::run(uint64_t until_cycle) { return run_loop<false>(until_cycle); }
Cpu::Stop Cpu::step() { return run_loop<true>(~0ull); }

// One loop for run() and step(): `single` is a template parameter so run()'s loop carries no
// per-instruction test for it.
template <bool single> Cpu::Stop Cpu::run_loop(uint64_t until) {
  until_ = until;
  single_ = single;
  for (;;) {
    try {
      for (;;) {
        // Attention: stop request, NMI, interrupt shadow, pending INTR, HLT, single-step trap.
        const uint32_t f = st.eflags;
        const uint32_t attention = events_ | (f & fl::TF) | (uint32_t(st.intr) & (f >> 9));
        bool trap_after = false;
        if (__builtin_expect(attention != 0, 0)) {
          if (st.shutdown) return Stop::Shutdown;
          if (!st.halted) events_ &= ~kEvHalt;
          if (boundary_events()) return Stop::StopRequested;
          if (events_ & kEvInhibit) {
            events_ &= ~kEvInhibit;  // PRM §9.7: one instruction executes before INTR is sampled
          } else if ((events_ & kEvNmi) && !st.nmi_blocked) {
            events_ &= ~kEvNmi;
            st.nmi_latched = false;
            st.halted = false;
            const State saved = st;
            try {
              deliver(vec::NMI, CpuObserver::Kind::Nmi, false, 0);
            } catch (const CpuFault& f) {
              const uint32_t cr2 = st.cr2;
              st = saved;
              st.cr2 = cr2;
              mode_changed();
              take_fault(f);
            }
            if constexpr (single) return Stop::Step;
            continue;
          } else if (st.intr && (st.eflags & fl::IF)) {
            take_external_interrupt();
            if constexpr (single) return Stop::Step;
            continue;
          }
          if (st.halted) return Stop::Halted;
          trap_after = st.eflags & fl::TF;
        }
        if (st.cycles >= until) return Stop::CycleLimit;
        prev_eip_ = st.eip;
        prev_esp_ = st.gpr[ESP];
        const Insn& in = fetch_insn();
        st.eip = (st.eip + in.len) & ip_mask_;
        st.cycles += in.clocks + m_pending_ * in.components;
        m_pending_ = 0;
        in.fn(*this, in);
        ++st.instructions;
        if (__builtin_expect(trap_after, 0)) {
          // Single-step trap after the instruction (PRM §12.3.1.4): #DB with DR6.BS.
          st.dr[6] |= 0x4000;
          take_fault(CpuFault{vec::DB, false, 0});
        }
        if constexpr (single) return Stop::Step;
      }
    } catch (const CpuFault& f) {
      st.eip = prev_eip_;
      st.gpr[ESP] = prev_esp_;
      m_pending_ = 0;
      take_fault(f);
      if constexpr (single) return Stop::Step;
    }
  }
}

}  // namespace irq::cpu
