// tests/fuzz/fuzz_cpu.cpp — libFuzzer target: arbitrary bytes as code, descriptor tables and
// register state; the CPU must neither crash nor hang (ASan/UBSan catch memory errors, the cycle
// budget catches hangs). Built by `make fuzz` with clang (-fsanitize=fuzzer,address,undefined).
//
// Input layout: byte 0 selects the mode (bit 0: flat 32-bit protected mode with real GDT/IDT/TSS,
// bit 1: paging on, bit 2: ring 3), bytes 1-32 seed the eight general registers, the rest is code
// at 0x1000 (and, for protected mode, also overwrites the start of the GDT so that descriptor
// checks see hostile entries).
#include <cstddef>
#include <cstdint>
#include <cstring>

#include "../cpu_fixture.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace irq::cpu;
  static irq::test::CpuRig* rig = new irq::test::CpuRig;  // reused: allocation is the slow part
  irq::test::CpuRig& r = *rig;
  if (size < 1) return 0;
  const uint8_t mode = data[0];
  std::memset(r.ram.data(), 0, 0x100000);
  if (mode & 1) {
    r.pm_tables();
    if (mode & 2) r.identity_paging(0x7);
  } else {
    r.real_mode();
  }
  size_t at = 1;
  for (int k = 0; k < 8 && at + 4 <= size; ++k, at += 4) {
    uint32_t v;
    std::memcpy(&v, data + at, 4);
    if (k != ESP) r.st.gpr[k] = v;
  }
  const size_t code = size > at ? size - at : 0;
  const size_t n = code < 0x8000 ? code : 0x8000;
  std::memcpy(r.ram.data() + 0x1000, data + at, n);
  if ((mode & 1) && n > 0x30) std::memcpy(r.ram.data() + irq::test::CpuRig::kGdt + 0x30, data + at, 0x30);
  if ((mode & 5) == 5) r.ring3(r.st.gpr[ESP]);  // ring 3 flat segments
  r.cpu.state_changed();
  r.cpu.invalidate_code(0, irq::test::CpuRig::kRamSize);
  for (int slice = 0; slice < 4; ++slice) {
    const auto stop = r.cpu.run(r.st.cycles + 20000);
    if (stop == Cpu::Stop::Shutdown) break;
    if (stop == Cpu::Stop::Halted) r.st.intr = !r.st.intr;  // wake it with an interrupt once
  }
  r.st.intr = false;
  return 0;
}
