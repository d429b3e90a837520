// os/elf.h — ELF32 i386 executables (System V ABI, i386 supplement): validation and the facts
// the loader needs. Accepted: ET_EXEC, and ET_DYN without PT_INTERP (static-pie, loaded at
// kPieBase). Everything else is rejected with a message saying why (`irqlab exec` exits 2).
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace irq::os {

struct ElfLoad {
  uint32_t vaddr = 0, memsz = 0, filesz = 0, offset = 0;
  uint32_t flags = 0;  // PF_X 1, PF_W 2, PF_R 4
};

struct ElfInfo {
  bool pie = false;      // ET_DYN: addresses are relative to the load base
  uint32_t entry = 0;
  uint32_t phoff = 0, phnum = 0, phentsize = 0;
  uint32_t phdr_vaddr = 0;  // where the program headers are in memory (0 when not loaded)
  std::vector<ElfLoad> loads;
};

constexpr uint32_t kPieBase = 0x56555000u;  // Linux's ELF_ET_DYN_BASE on i386 (no ASLR)

// "" when `image` is a loadable static ELF32 i386 executable; otherwise what is wrong.
std::string parse_elf(const std::vector<uint8_t>& image, ElfInfo& out);

}  // namespace irq::os
