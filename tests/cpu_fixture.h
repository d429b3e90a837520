// tests/cpu_fixture.h — a CPU on a 30-line fake bus (STYLE.md: "a component alone against a fake
// bus"): RAM, a port log, a scripted INTA vector. Helpers put the CPU in real mode or in flat
// 32-bit protected mode and load code.
#pragma once
#include <cstdint>
#include <initializer_list>
#include <vector>

#include "cpu/cpu.h"

namespace irq::test {

struct FakeBus : cpu::CpuBus {
  std::vector<std::pair<uint16_t, uint32_t>> out_log;  // (port, value) of every OUT
  uint8_t vector = 0x20;                               // answered on INTA
  int inta_count = 0;
  uint32_t port_value = 0xFFFFFFFF;
  uint8_t mem_read8(uint32_t) override { return 0xFF; }
  void mem_write8(uint32_t, uint8_t) override {}
  uint32_t io_read(uint16_t, unsigned size) override {
    return size == 4 ? port_value : port_value & ((1u << (8 * size)) - 1);
  }
  void io_write(uint16_t port, uint32_t value, unsigned) override { out_log.emplace_back(port, value); }
  uint8_t inta() override { ++inta_count; return vector; }
};

struct CpuRig {
  static constexpr uint32_t kRamSize = 4u << 20;
  std::vector<uint8_t> ram = std::vector<uint8_t>(kRamSize, 0);
  FakeBus bus;
  cpu::Cpu cpu{bus, ram.data(), kRamSize};
  cpu::State& st = cpu.st;

  // Real mode, CS=DS=ES=SS=0, code at 0x1000, stack at 0x8000.
  void real_mode(uint32_t code = 0x1000) {
    cpu.reset();
    for (auto& s : st.seg) { s.selector = 0; s.base = 0; s.limit = 0xFFFF; s.attr = 0x93; s.valid = true; }
    st.eip = code;
    st.gpr[cpu::ESP] = 0x8000;
    cpu.state_changed();
  }
  // Flat 32-bit protected mode at CPL 0 (descriptor caches loaded directly; no GDT needed).
  void flat32(uint32_t code = 0x1000) {
    cpu.reset();
    st.cr0 |= cpu::cr0::PE;
    for (auto& s : st.seg) { s.selector = 0x10; s.base = 0; s.limit = 0xFFFFFFFF; s.attr = 0x0C93; s.valid = true; }
    st.seg[cpu::CS].selector = 0x08;
    st.seg[cpu::CS].attr = 0x0C9B;
    st.eip = code;
    st.gpr[cpu::ESP] = 0x80000;
    cpu.state_changed();
  }
  // Real descriptor tables for protected-mode tests (all in RAM, identity addresses):
  //   GDT at 0x20000: 0x08 ring-0 code, 0x10 ring-0 data, 0x1B ring-3 code, 0x23 ring-3 data,
  //   0x28 386 TSS at 0x21000 (ESP0 = 0x70000, SS0 = 0x10).
  //   IDT at 0x22000: vector v -> 386 interrupt gate (DPL 3) to 0x08:(0x30000 + v*16), which holds HLT.
  static constexpr uint32_t kGdt = 0x20000, kTss = 0x21000, kIdt = 0x22000, kHandlers = 0x30000;
  static uint64_t descriptor(uint32_t base, uint32_t limit, uint8_t access, uint8_t flags) {
    uint64_t d = (limit & 0xFFFF) | (uint64_t(base & 0xFFFFFF) << 16) | (uint64_t(access) << 40) |
                 (uint64_t((limit >> 16) & 0xF) << 48) | (uint64_t(flags & 0xF) << 52) |
                 (uint64_t(base >> 24) << 56);
    return d;
  }
  void wr64(uint32_t a, uint64_t v) { wr32(a, uint32_t(v)); wr32(a + 4, uint32_t(v >> 32)); }
  void set_gate(unsigned v, uint32_t offset, uint16_t sel, uint8_t type_attr) {
    wr64(kIdt + v * 8, (offset & 0xFFFF) | (uint64_t(sel) << 16) | (uint64_t(type_attr) << 40) |
                           (uint64_t(offset >> 16) << 48));
  }
  void pm_tables() {
    wr64(kGdt + 0x00, 0);
    wr64(kGdt + 0x08, descriptor(0, 0xFFFFF, 0x9B, 0xC));
    wr64(kGdt + 0x10, descriptor(0, 0xFFFFF, 0x93, 0xC));
    wr64(kGdt + 0x18, descriptor(0, 0xFFFFF, 0xFB, 0xC));
    wr64(kGdt + 0x20, descriptor(0, 0xFFFFF, 0xF3, 0xC));
    wr64(kGdt + 0x28, descriptor(kTss, 0x67, 0x89, 0x0));
    wr32(kTss + 4, 0x70000);
    wr32(kTss + 8, 0x10);
    wr16(kTss + 0x66, 0x68);  // I/O map base beyond the limit: no bitmap
    for (unsigned v = 0; v < 256; ++v) {
      set_gate(v, kHandlers + v * 16, 0x08, 0xEE);
      ram[kHandlers + v * 16] = 0xF4;  // HLT
    }
    flat32();
    st.gdtr = {kGdt, 0x2F};
    st.idtr = {kIdt, 0x7FF};
    st.tr.selector = 0x28;
    st.tr.base = kTss;
    st.tr.limit = 0x67;
    st.tr.attr = 0x8B;
    cpu.state_changed();
  }
  // Ring 3 with the flat ring-3 selectors of pm_tables() (0x1B code, 0x23 data), loaded directly
  // into the caches; the caller calls cpu.state_changed() after its other edits.
  void ring3(uint32_t esp = 0x90000) {
    st.cpl = 3;
    st.seg[cpu::CS].selector = 0x1B;
    st.seg[cpu::CS].attr = 0x0CFB;
    for (unsigned s : {unsigned(cpu::SS), unsigned(cpu::DS), unsigned(cpu::ES), unsigned(cpu::FS),
                       unsigned(cpu::GS)}) {
      st.seg[s].selector = 0x23;
      st.seg[s].attr = 0x0CF3;
    }
    st.gpr[cpu::ESP] = esp;
  }
  // Identity-map the first 4 MiB with one page table (PDE/PTE flags `pte_flags`), paging on.
  static constexpr uint32_t kPageDir = 0x40000, kPageTable = 0x41000;
  void identity_paging(uint32_t pte_flags = 0x7) {
    for (uint32_t i = 0; i < 1024; ++i) wr32(kPageTable + i * 4, (i << 12) | pte_flags);
    for (uint32_t i = 0; i < 1024; ++i) wr32(kPageDir + i * 4, 0);
    wr32(kPageDir, kPageTable | 0x7);
    st.cr3 = kPageDir;
    st.cr0 |= cpu::cr0::PG;
    cpu.state_changed();
  }
  static uint32_t pte_addr(uint32_t lin) { return kPageTable + (lin >> 12) * 4; }
  // The vector whose HLT handler the CPU is sitting at (after a delivery), or -1.
  int handler_vector() const {
    if (st.eip < kHandlers || st.eip >= kHandlers + 256 * 16 || (st.eip - kHandlers) % 16) return -1;
    return int((st.eip - kHandlers) / 16);
  }

  void load(uint32_t addr, std::initializer_list<uint8_t> bytes) {
    for (uint8_t b : bytes) ram[addr++] = b;
    cpu.invalidate_code(0, kRamSize);
  }
  void load(uint32_t addr, const std::vector<uint8_t>& bytes) {
    for (uint8_t b : bytes) ram[addr++] = b;
    cpu.invalidate_code(0, kRamSize);
  }
  uint32_t rd32(uint32_t a) const { return ram[a] | ram[a + 1] << 8 | ram[a + 2] << 16 | uint32_t(ram[a + 3]) << 24; }
  uint16_t rd16(uint32_t a) const { return uint16_t(ram[a] | ram[a + 1] << 8); }
  void wr32(uint32_t a, uint32_t v) { for (int k = 0; k < 4; ++k) ram[a + k] = uint8_t(v >> (8 * k)); }
  void wr16(uint32_t a, uint16_t v) { ram[a] = uint8_t(v); ram[a + 1] = uint8_t(v >> 8); }
  // Step one instruction and return the clocks it cost.
  uint64_t step_clocks() {
    const uint64_t before = st.cycles;
    cpu.step();
    return st.cycles - before;
  }
};

}  // namespace irq::test
