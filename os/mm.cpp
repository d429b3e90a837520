// os/mm.cpp — frames, page tables, copy-on-write and user copies (see mm.h).
#include "os/mm.h"

#include <cstring>
#include <string>

#include "cpu/cpu.h"

namespace irq::os {

const Vma* AddressSpace::find(uint32_t va) const {
  auto it = vmas.upper_bound(va);
  if (it == vmas.begin()) return nullptr;
  --it;
  return va < it->second.end ? &it->second : nullptr;
}

ShmObj::~ShmObj() {
  if (mem)
    for (uint32_t f : frames) mem->unref_frame(f);
}

bool Memory::grow_shm(ShmObj& obj, uint32_t pages) {
  while (obj.frames.size() < pages) {
    const uint32_t f = alloc_frame();
    if (!f) return false;
    obj.frames.push_back(f);
  }
  return true;
}

std::shared_ptr<ShmObj> Memory::new_shm(uint32_t pages) {
  if (pages > free_frames()) return nullptr;
  auto o = std::make_shared<ShmObj>();
  o->mem = this;
  o->frames.reserve(pages);
  for (uint32_t i = 0; i < pages; ++i) {
    const uint32_t f = alloc_frame();
    if (!f) return nullptr;  // the object frees what it has
    o->frames.push_back(f);
  }
  return o;
}

Memory::Memory(cpu::Cpu& cpu, uint8_t* ram, uint32_t ram_size)
    : cpu_(cpu), ram_(ram), ram_size_(ram_size), refs_(ram_size >> 12, 0) {}

void Memory::set_first_free(uint32_t paddr) {
  free_.clear();
  const uint32_t first = (paddr + kPageSize - 1) >> 12, last = ram_size_ >> 12;
  for (uint32_t f = last; f-- > first;) free_.push_back(f << 12);
  total_ = last > first ? last - first : 0;
}

uint32_t Memory::alloc_frame() {
  if (free_.empty()) return 0;
  const uint32_t pa = free_.back();
  free_.pop_back();
  refs_[pa >> 12] = 1;
  std::memset(ram_ + pa, 0, kPageSize);
  wrote(pa, kPageSize);
  return pa;
}

void Memory::unref_frame(uint32_t paddr) {
  uint16_t& r = refs_[paddr >> 12];
  if (r == 0) return;  // never mapped through the allocator (kernel memory)
  if (--r == 0) free_.push_back(paddr);
}

void Memory::wrote(uint32_t paddr, uint32_t len) { cpu_.invalidate_code(paddr, len); }

void Memory::flush_if_current(const AddressSpace& as) {
  if ((cpu_.st.cr3 & ~0xFFFu) == as.pd) cpu_.flush_tlb();
}

bool Memory::build_kernel_tables() {
  kernel_pdes_.assign(256, 0);
  const uint32_t tables = (ram_size_ + (4u << 20) - 1) >> 22;
  for (uint32_t t = 0; t < tables && t < 256; ++t) {
    const uint32_t pt = alloc_frame();
    if (!pt) return false;
    auto* e = reinterpret_cast<uint32_t*>(ram_ + pt);
    for (uint32_t i = 0; i < 1024; ++i) {
      const uint64_t pa = (uint64_t(t) << 22) | (uint64_t(i) << 12);
      e[i] = pa < ram_size_ ? uint32_t(pa) | kPteP | kPteW : 0;
    }
    kernel_pdes_[t] = pt | kPteP | kPteW;
  }
  return true;
}

uint32_t Memory::new_directory() {
  const uint32_t pd = alloc_frame();
  if (!pd) return 0;
  auto* e = reinterpret_cast<uint32_t*>(ram_ + pd);
  for (uint32_t i = 0; i < 256; ++i) e[768 + i] = kernel_pdes_[i];
  return pd;
}

uint32_t* Memory::table_for(AddressSpace& as, uint32_t va, bool create) {
  auto* pd = reinterpret_cast<uint32_t*>(ram_ + as.pd);
  uint32_t& pde = pd[va >> 22];
  if (!(pde & kPteP)) {
    if (!create) return nullptr;
    const uint32_t pt = alloc_frame();
    if (!pt) return nullptr;
    pde = pt | kPteP | kPteW | kPteU;  // rights are decided per page in the PTE
  }
  return reinterpret_cast<uint32_t*>(ram_ + (pde & ~0xFFFu));
}

uint32_t* Memory::pte_ptr(const AddressSpace& as, uint32_t va) const {
  const auto* pd = reinterpret_cast<const uint32_t*>(ram_ + as.pd);
  const uint32_t pde = pd[va >> 22];
  if (!(pde & kPteP)) return nullptr;
  return reinterpret_cast<uint32_t*>(ram_ + (pde & ~0xFFFu)) + ((va >> 12) & 1023);
}

uint32_t Memory::pte(const AddressSpace& as, uint32_t va) const {
  const uint32_t* p = pte_ptr(as, va);
  return p ? *p : 0;
}

bool Memory::map(AddressSpace& as, uint32_t va, uint32_t frame, uint32_t flags) {
  uint32_t* t = table_for(as, va, true);
  if (!t) return false;
  uint32_t& e = t[(va >> 12) & 1023];
  if (e & kPteP) {
    unref_frame(e & ~0xFFFu);
    --as.pages;
  }
  e = frame | flags | kPteP | kPteU;
  ++as.pages;
  return true;
}

void Memory::unmap_range(AddressSpace& as, uint32_t start, uint32_t end) {
  for (uint32_t va = start; va < end && va >= start; va += kPageSize) {
    uint32_t* t = table_for(as, va, false);
    if (!t) {  // skip to the next table
      const uint32_t next = (va | 0x3FFFFFu) + 1;
      if (next == 0 || next >= end) break;
      va = next - kPageSize;
      continue;
    }
    uint32_t& e = t[(va >> 12) & 1023];
    if (e & kPteP) {
      unref_frame(e & ~0xFFFu);
      --as.pages;
    }
    e = 0;
  }
  flush_if_current(as);
}

void Memory::destroy(AddressSpace& as) {
  if (!as.pd) return;
  auto* pd = reinterpret_cast<uint32_t*>(ram_ + as.pd);
  for (uint32_t i = 0; i < 768; ++i) {
    if (!(pd[i] & kPteP)) continue;
    const uint32_t pt = pd[i] & ~0xFFFu;
    auto* t = reinterpret_cast<uint32_t*>(ram_ + pt);
    for (uint32_t j = 0; j < 1024; ++j)
      if (t[j] & kPteP) unref_frame(t[j] & ~0xFFFu);
    unref_frame(pt);
    pd[i] = 0;
  }
  unref_frame(as.pd);
  as.pd = 0;
  as.pages = 0;
  as.vmas.clear();
}

bool Memory::fork_copy(AddressSpace& parent, AddressSpace& child) {
  child.vmas = parent.vmas;
  child.brk_start = parent.brk_start;
  child.brk = parent.brk;
  auto* ppd = reinterpret_cast<uint32_t*>(ram_ + parent.pd);
  for (uint32_t i = 0; i < 768; ++i) {
    if (!(ppd[i] & kPteP)) continue;
    auto* pt = reinterpret_cast<uint32_t*>(ram_ + (ppd[i] & ~0xFFFu));
    uint32_t* ct = nullptr;
    for (uint32_t j = 0; j < 1024; ++j) {
      uint32_t& e = pt[j];
      if (!(e & kPteP)) continue;
      if (!ct) {
        ct = table_for(child, (i << 22), true);
        if (!ct) return false;
      }
      if (!(e & kPteShared) && (e & (kPteW | kPteCow))) e = (e & ~kPteW) | kPteCow;
      ref_frame(e & ~0xFFFu);
      ct[j] = e;
      ++child.pages;
    }
  }
  flush_if_current(parent);
  return true;
}

void Memory::reprotect(AddressSpace& as, uint32_t start, uint32_t end, uint32_t prot) {
  for (uint32_t va = start; va < end && va >= start; va += kPageSize) {
    uint32_t* p = pte_ptr(as, va);
    if (!p || !(*p & kPteP)) continue;
    uint32_t e = *p & ~kPteW;
    // A shared (COW) frame stays read-only until the write fault copies it.
    if ((prot & kProtWrite) && !(e & kPteCow)) e |= kPteW;
    if ((prot & kProtWrite) && (e & kPteCow) && refs_[e >> 12] == 1) e = (e & ~kPteCow) | kPteW;
    *p = e;
  }
  flush_if_current(as);
}

Memory::Fault Memory::handle_fault(AddressSpace& as, uint32_t va, bool write) {
  if (va >= kUserEnd) return Fault::MapErr;
  const Vma* v = as.find(va);
  if (!v) return Fault::MapErr;
  if (write && !(v->prot & kProtWrite)) return Fault::AccErr;
  if (!write && !(v->prot & (kProtRead | kProtExec | kProtWrite))) return Fault::AccErr;
  uint32_t* t = table_for(as, va, true);
  if (!t) return Fault::Oom;
  uint32_t& e = t[(va >> 12) & 1023];
  const uint32_t wbit = (v->prot & kProtWrite) ? kPteW : 0;
  if (!(e & kPteP) && v->shm) {  // a shared page: the object's frame
    const uint32_t i = v->pgoff + ((va - v->start) >> 12);
    if (i >= v->shm->frames.size()) return v->file ? Fault::BusErr : Fault::MapErr;  // past the end
    const uint32_t f = v->shm->frames[i];
    ref_frame(f);
    e = f | kPteP | kPteU | kPteShared | wbit;
    ++as.pages;
  } else if (!(e & kPteP)) {
    const uint32_t f = alloc_frame();
    if (!f) return Fault::Oom;
    e = f | kPteP | kPteU | wbit;
    ++as.pages;
  } else if (write && (e & kPteCow)) {
    const uint32_t old = e & ~0xFFFu;
    if (refs_[old >> 12] == 1) {
      e = (e & ~kPteCow) | kPteW;
    } else {
      const uint32_t f = alloc_frame();
      if (!f) return Fault::Oom;
      std::memcpy(ram_ + f, ram_ + old, kPageSize);
      wrote(f, kPageSize);
      unref_frame(old);
      e = f | (e & 0xFFFu & ~kPteCow) | kPteW;
    }
  } else if (write && !(e & kPteW)) {
    return Fault::AccErr;
  }
  if ((cpu_.st.cr3 & ~0xFFFu) == as.pd) cpu_.flush_tlb_page(va);
  return Fault::Fixed;
}

uint8_t* Memory::user_byte(AddressSpace& as, uint32_t va, bool write) {
  if (va >= kUserEnd) return nullptr;
  const uint32_t* p = pte_ptr(as, va);
  uint32_t e = p ? *p : 0;
  if (!(e & kPteP) || (write && !(e & kPteW))) {
    if (handle_fault(as, va, write) != Fault::Fixed) return nullptr;
    e = *pte_ptr(as, va);
  }
  return ram_ + (e & ~0xFFFu) + (va & 0xFFF);
}

bool Memory::copy_in(AddressSpace& as, uint32_t va, void* dst, uint32_t n) {
  auto* d = static_cast<uint8_t*>(dst);
  while (n) {
    if (uint64_t(va) + n > kUserEnd) return false;
    uint8_t* s = user_byte(as, va, false);
    if (!s) return false;
    const uint32_t chunk = std::min<uint32_t>(n, kPageSize - (va & 0xFFF));
    std::memcpy(d, s, chunk);
    d += chunk; va += chunk; n -= chunk;
  }
  return true;
}

bool Memory::copy_out(AddressSpace& as, uint32_t va, const void* src, uint32_t n) {
  auto* s = static_cast<const uint8_t*>(src);
  while (n) {
    if (uint64_t(va) + n > kUserEnd) return false;
    uint8_t* d = user_byte(as, va, true);
    if (!d) return false;
    const uint32_t chunk = std::min<uint32_t>(n, kPageSize - (va & 0xFFF));
    std::memcpy(d, s, chunk);
    wrote(uint32_t(d - ram_), chunk);
    s += chunk; va += chunk; n -= chunk;
  }
  return true;
}

bool Memory::zero_out(AddressSpace& as, uint32_t va, uint32_t n) {
  while (n) {
    if (uint64_t(va) + n > kUserEnd) return false;
    uint8_t* d = user_byte(as, va, true);
    if (!d) return false;
    const uint32_t chunk = std::min<uint32_t>(n, kPageSize - (va & 0xFFF));
    std::memset(d, 0, chunk);
    wrote(uint32_t(d - ram_), chunk);
    va += chunk; n -= chunk;
  }
  return true;
}

bool Memory::copy_string(AddressSpace& as, uint32_t va, uint32_t max, std::string& out,
                         bool& too_long) {
  out.clear();
  too_long = false;
  for (;;) {
    const uint8_t* s = user_byte(as, va, false);
    if (!s) return false;
    const uint32_t chunk = kPageSize - (va & 0xFFF);
    for (uint32_t i = 0; i < chunk; ++i) {
      if (s[i] == 0) return true;
      if (out.size() >= max) {
        too_long = true;
        return false;
      }
      out.push_back(char(s[i]));
    }
    va += chunk;
    if (va == 0 || va >= kUserEnd) return false;
  }
}

// ---- areas (VMAs) ------------------------------------------------------------------------------

// Remove [start, end) from the VMA map (splitting areas) and unmap its pages.
void vma_remove(Memory& mem, AddressSpace& as, uint32_t start, uint32_t end) {
  std::vector<Vma> keep;
  for (auto it = as.vmas.begin(); it != as.vmas.end();) {
    Vma& v = it->second;
    if (v.end <= start || v.start >= end) {
      ++it;
      continue;
    }
    if (v.start < start) {  // the head keeps the area's fields (a shared object, its offset)
      Vma h = v;
      h.end = start;
      keep.push_back(h);
    }
    if (v.end > end) {
      Vma t = v;
      t.start = end;
      t.pgoff = v.pgoff + ((end - v.start) >> 12);
      keep.push_back(t);
    }
    it = as.vmas.erase(it);
  }
  for (const Vma& v : keep) as.vmas[v.start] = v;
  mem.unmap_range(as, start, end);
}

// Add an area, merged with neighbours of the same kind and protection that touch it.
void vma_insert(AddressSpace& as, Vma v) {
  auto next = as.vmas.find(v.end);
  if (v.shm) {  // shared mappings are never merged (each keeps its object and attachment)
    as.vmas[v.start] = v;
    return;
  }
  if (next != as.vmas.end() && next->second.kind == v.kind && next->second.prot == v.prot &&
      !next->second.shm) {
    v.end = next->second.end;
    as.vmas.erase(next);
  }
  auto it = as.vmas.lower_bound(v.start);
  if (it != as.vmas.begin()) {
    auto prev = std::prev(it);
    if (prev->second.end == v.start && prev->second.kind == v.kind && prev->second.prot == v.prot &&
        !prev->second.shm) {
      prev->second.end = v.end;
      return;
    }
  }
  as.vmas[v.start] = v;
}

bool vma_range_free(const AddressSpace& as, uint32_t start, uint32_t end) {
  for (const auto& [s, v] : as.vmas)
    if (v.start < end && v.end > start) return false;
  return true;
}

uint32_t vma_find_gap(const AddressSpace& as, uint32_t len) {
  // Top-down from kMmapTop, above the program break (mm/mmap.c's legacy-free layout).
  uint32_t hi = kMmapTop;
  for (auto it = as.vmas.rbegin(); it != as.vmas.rend(); ++it) {
    const Vma& v = it->second;
    if (v.start >= hi) continue;
    if (v.end <= hi && hi - v.end >= len) return hi - len;
    hi = std::min(hi, v.start);
  }
  if (hi >= len && hi - len >= 0x10000 && hi - len >= as.brk) return hi - len;
  return 0;
}

}  // namespace irq::os
