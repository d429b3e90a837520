// os/mm.h — physical frames and per-process address spaces of the mini OS, kept in the guest's
// own x86 page tables (two levels, 4 KiB pages, PRM §5.2), so the simulated CPU walks them itself.
//
// Layout (DESIGN.md §4): user space 0x00000000-0xBFFFFFFF (PDEs 0-767, per process), the kernel
// at 0xC0000000 + physical (PDEs 768-1023 point at page tables shared by every directory, mapping
// all of RAM). Programs load at their ELF addresses (0x08048000 for musl's static binaries); the
// stack ends at 0xC0000000; anonymous mmap grows down from 0xB8000000.
//
// Frames: a free list (lowest frame first, so runs are deterministic) and a reference count per
// frame. fork() shares every user frame copy-on-write: both PTEs lose R/W and get the COW bit
// (PTE bit 9, "available to software"); a write fault copies the frame, or takes it back when the
// count is 1. Pages of anonymous and stack areas are allocated on first touch (demand zero).
// Host writes to guest RAM always tell the CPU (Cpu::invalidate_code) so decoded code stays right.
#pragma once
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace irq::cpu { class Cpu; }

namespace irq::os {

constexpr uint32_t kPageSize = 4096;
constexpr uint32_t kKernelBase = 0xC0000000u;
constexpr uint32_t kUserEnd = 0xC0000000u;
constexpr uint32_t kStackSize = 8u << 20;       // the stack area (RLIMIT_STACK's usual 8 MiB)
constexpr uint32_t kMmapTop = 0xB8000000u;      // below the stack gap

// PTE bits (PRM §5.2.4)
constexpr uint32_t kPteP = 1, kPteW = 2, kPteU = 4, kPteA = 0x20, kPteD = 0x40, kPteCow = 0x200;
// A frame of a shared memory object (SysV shm, MAP_SHARED anonymous): fork copies the PTE as it is.
constexpr uint32_t kPteShared = 0x400;

enum Prot : uint32_t { kProtRead = 1, kProtWrite = 2, kProtExec = 4 };

class Memory;

// A shared memory object: frames allocated (zeroed) at creation, one reference held by the
// object; every PTE mapping one holds another. Freed when the last holder (VMA, segment) drops it.
struct ShmObj {
  Memory* mem = nullptr;
  std::vector<uint32_t> frames;
  ~ShmObj();
};

struct Vma {
  enum class Kind : uint8_t { Anon, Stack, Brk, Image };
  Vma() = default;
  Vma(uint32_t s, uint32_t e, uint32_t p, Kind k) : start(s), end(e), prot(p), kind(k) {}
  uint32_t start = 0, end = 0;  // [start, end), page aligned
  uint32_t prot = 0;            // kProt* bits
  Kind kind = Kind::Anon;
  std::shared_ptr<ShmObj> shm;  // a shared mapping: its pages are shm->frames[pgoff...]
  uint32_t pgoff = 0;           // the object's page at `start`
  int shmid = -1;               // a System V segment's id (shmat), -1 otherwise
  bool file = false;            // a MAP_SHARED file mapping (shm = the inode's page cache)
  // VM_MAYWRITE: false for SHM_RDONLY attachments and MAP_SHARED mappings of a file not open for
  // writing: mprotect cannot add PROT_WRITE (-EACCES).
  bool may_write = true;
};

// One process's address space: its page directory frame and its areas.
struct AddressSpace {
  uint32_t pd = 0;  // physical address of the page directory
  std::map<uint32_t, Vma> vmas;  // keyed by start
  uint32_t brk_start = 0, brk = 0;
  uint32_t pages = 0;  // user frames mapped (for /proc-like reports and limits)

  const Vma* find(uint32_t va) const;
};

class Memory {
 public:
  // Frames from `first_free` (physical) to the end of RAM are handed out; below is the kernel's.
  Memory(cpu::Cpu& cpu, uint8_t* ram, uint32_t ram_size);
  void set_first_free(uint32_t paddr);

  // --- frames ---
  // A zeroed frame's physical address, or 0 when none is left.
  uint32_t alloc_frame();
  void ref_frame(uint32_t paddr) { ++refs_[paddr >> 12]; }
  void unref_frame(uint32_t paddr);
  uint32_t free_frames() const { return uint32_t(free_.size()); }
  // A shared object of `pages` zeroed frames; nullptr when out of frames.
  std::shared_ptr<ShmObj> new_shm(uint32_t pages);
  // Append zeroed frames until `obj` has `pages` of them; false when out of frames (what was
  // added stays).
  bool grow_shm(ShmObj& obj, uint32_t pages);
  uint32_t total_frames() const { return total_; }

  // --- the kernel half ---
  // Builds page tables mapping all RAM at kKernelBase; returns false if out of frames.
  bool build_kernel_tables();
  // A new page directory: user half empty, kernel half shared. 0 when out of frames.
  uint32_t new_directory();

  // --- user address spaces ---
  // Map `frame` at `va` with the PTE flags given (kPteU is added). false: no frame for a table.
  bool map(AddressSpace& as, uint32_t va, uint32_t frame, uint32_t flags);
  // The PTE of va (0 when no table or not present).
  uint32_t pte(const AddressSpace& as, uint32_t va) const;
  // Unmap [start, end): frames unreferenced, tables kept.
  void unmap_range(AddressSpace& as, uint32_t start, uint32_t end);
  // Free every user mapping, table and the directory itself.
  void destroy(AddressSpace& as);
  // Everything user-mapped in `as` becomes shared copy-on-write with the new `child`.
  bool fork_copy(AddressSpace& parent, AddressSpace& child);
  // Apply a VMA's protection to its present PTEs (mprotect).
  void reprotect(AddressSpace& as, uint32_t start, uint32_t end, uint32_t prot);

  // A page fault (or a kernel access) at va: demand-zero, copy-on-write, or a real fault.
  // BusErr: a shared file mapping's page past the end of the file (SIGBUS, BUS_ADRERR).
  enum class Fault : uint8_t { Fixed, MapErr, AccErr, BusErr, Oom };
  Fault handle_fault(AddressSpace& as, uint32_t va, bool write);

  // --- copying between the kernel and a user address space (faults resolved as the CPU would;
  // false = kEFAULT). Accesses at or above kUserEnd fail.
  bool copy_in(AddressSpace& as, uint32_t va, void* dst, uint32_t n);
  bool copy_out(AddressSpace& as, uint32_t va, const void* src, uint32_t n);
  bool zero_out(AddressSpace& as, uint32_t va, uint32_t n);
  // A NUL-terminated string of at most max bytes (without the NUL); false on kEFAULT or too long
  // (too_long set).
  bool copy_string(AddressSpace& as, uint32_t va, uint32_t max, std::string& out, bool& too_long);
  template <class T> bool get(AddressSpace& as, uint32_t va, T& v) { return copy_in(as, va, &v, sizeof v); }
  template <class T> bool put(AddressSpace& as, uint32_t va, const T& v) { return copy_out(as, va, &v, sizeof v); }

  // Physical RAM, for the kernel's own structures (GDT, TSS, trap frames).
  uint8_t* phys(uint32_t paddr) { return ram_ + paddr; }
  uint32_t ram_size() const { return ram_size_; }
  // The host wrote [paddr, paddr+len): drop decoded instructions there.
  void wrote(uint32_t paddr, uint32_t len);
  // The CPU's TLB after a change to the page tables of the directory in CR3.
  void flush_if_current(const AddressSpace& as);

 private:
  uint32_t* table_for(AddressSpace& as, uint32_t va, bool create);
  uint32_t* pte_ptr(const AddressSpace& as, uint32_t va) const;
  // Host pointer to the byte at va, resolving faults; nullptr = kEFAULT.
  uint8_t* user_byte(AddressSpace& as, uint32_t va, bool write);

  cpu::Cpu& cpu_;
  uint8_t* ram_;
  uint32_t ram_size_;
  std::vector<uint32_t> free_;     // stack: back() is the lowest free frame
  std::vector<uint16_t> refs_;     // per frame
  uint32_t total_ = 0;
  std::vector<uint32_t> kernel_pdes_;  // PDE values for 768..1023
};

// Areas (the VMA map) for mmap/munmap/brk/mprotect/shmat:
// remove [start, end) (splitting areas, keeping a split piece's shared object and offset) and unmap
// it; add an area, merged with touching neighbours of the same kind and protection (never a shared
// one); whether [start, end) is free; the highest free gap of len bytes below kMmapTop and above
// the break (0: none).
void vma_remove(Memory& mem, AddressSpace& as, uint32_t start, uint32_t end);
void vma_insert(AddressSpace& as, Vma v);
bool vma_range_free(const AddressSpace& as, uint32_t start, uint32_t end);
uint32_t vma_find_gap(const AddressSpace& as, uint32_t len);

}  // namespace irq::os
