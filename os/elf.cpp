// os/elf.cpp — ELF32 header checks (System V gABI "ELF Header", "Program Header").
#include "os/elf.h"

#include <cstring>

#include "os/mm.h"

namespace irq::os {

namespace {
template <class T> T at(const std::vector<uint8_t>& b, size_t off) {
  T v;
  std::memcpy(&v, b.data() + off, sizeof v);
  return v;
}
}  // namespace

std::string parse_elf(const std::vector<uint8_t>& b, ElfInfo& out) {
  out = ElfInfo{};
  if (b.size() < 52 || std::memcmp(b.data(), "\x7f" "ELF", 4) != 0) return "not an ELF file";
  if (b[4] != 1) return b[4] == 2 ? "a 64-bit ELF file (ELFCLASS64), not ELF32" : "bad ELF class";
  if (b[5] != 1) return "not little-endian (ELFDATA2LSB)";
  const uint16_t type = at<uint16_t>(b, 16), machine = at<uint16_t>(b, 18);
  if (machine != 3) return "not an i386 executable (e_machine " + std::to_string(machine) + ", want EM_386 = 3)";
  if (type != 2 && type != 3) return "not an executable (e_type " + std::to_string(type) + ")";
  out.pie = type == 3;
  out.entry = at<uint32_t>(b, 24);
  out.phoff = at<uint32_t>(b, 28);
  out.phentsize = at<uint16_t>(b, 42);
  out.phnum = at<uint16_t>(b, 44);
  if (out.phentsize != 32) return "bad program header size";
  if (out.phnum == 0 || out.phnum > 128) return "bad program header count";
  if (uint64_t(out.phoff) + uint64_t(out.phnum) * 32 > b.size()) return "program headers outside the file";
  const uint32_t base = out.pie ? kPieBase : 0;
  for (uint32_t i = 0; i < out.phnum; ++i) {
    const size_t p = out.phoff + size_t(i) * 32;
    const uint32_t ptype = at<uint32_t>(b, p);
    if (ptype == 3) return "dynamically linked (has PT_INTERP): only static executables run";
    if (ptype != 1) continue;
    ElfLoad l;
    l.offset = at<uint32_t>(b, p + 4);
    l.vaddr = at<uint32_t>(b, p + 8) + base;
    l.filesz = at<uint32_t>(b, p + 16);
    l.memsz = at<uint32_t>(b, p + 20);
    l.flags = at<uint32_t>(b, p + 24);
    if (l.filesz > l.memsz) return "a PT_LOAD segment has p_filesz > p_memsz";
    if (uint64_t(l.offset) + l.filesz > b.size()) return "a PT_LOAD segment reaches past the end of the file";
    if ((l.offset & 0xFFF) != (l.vaddr & 0xFFF)) return "a PT_LOAD segment is not page-congruent";
    if (uint64_t(l.vaddr) + l.memsz > kUserEnd || l.vaddr < 0x1000)
      return "a PT_LOAD segment lies outside user space (0x1000-0xBFFFFFFF)";
    if (out.phoff >= l.offset && uint64_t(out.phoff) + out.phnum * 32 <= uint64_t(l.offset) + l.filesz)
      out.phdr_vaddr = l.vaddr + (out.phoff - l.offset);
    out.loads.push_back(l);
  }
  if (out.loads.empty()) return "no PT_LOAD segment";
  out.entry += base;
  bool entry_ok = false;
  for (const ElfLoad& l : out.loads)
    if (out.entry >= l.vaddr && out.entry < l.vaddr + l.memsz && (l.flags & 1)) entry_ok = true;
  if (!entry_ok) return "the entry point is not in an executable segment";
  return "";
}

}  // namespace irq::os
