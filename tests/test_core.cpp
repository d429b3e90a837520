// Core CPU mechanics: decoder, paging and TLB, self-modifying code, interrupt sampling (shadow,
// HLT, NMI), #DF and triple fault, robustness on random code.
#include <catch2/catch.hpp>

#include <random>

#include "cpu_fixture.h"

using namespace irq::cpu;
using irq::test::CpuRig;

namespace {
// Real-mode IVT entry v -> 0000:(0x2000 + v*4), each handler a HLT.
void real_ivt(CpuRig& r) {
  for (unsigned v = 0; v < 256; ++v) {
    r.wr16(v * 4, uint16_t(0x2000 + v * 4));
    r.wr16(v * 4 + 2, 0);
    r.ram[0x2000 + v * 4] = 0xF4;
  }
  r.cpu.invalidate_code(0, CpuRig::kRamSize);
}
int real_vector(const CpuRig& r) {
  if (r.st.eip < 0x2000 || r.st.eip >= 0x2400 || r.st.eip % 4) return -1;
  return int((r.st.eip - 0x2000) / 4);
}
}  // namespace

TEST_CASE("decoder: lengths, ModR/M and SIB, component counts", "[cpu][decode]") {
  CpuRig r;
  r.real_mode();
  Insn d;
  r.load(0x1000, {0x8B, 0x87, 0x34, 0x12});  // mov ax,[bx+0x1234]
  r.cpu.decode(d, 0x1000);
  CHECK(d.len == 4);
  CHECK(d.components == 3);  // opcode, ModR/M, displacement
  CHECK(d.base == EBX);
  CHECK(d.index == kZeroReg);
  CHECK(d.disp == 0x1234);
  CHECK(d.seg == DS);

  r.load(0x1000, {0x8B, 0x46, 0xFE});  // mov ax,[bp-2]: SS by default
  r.cpu.decode(d, 0x1000);
  CHECK(d.seg == SS);
  CHECK(d.disp == 0xFFFFFFFEu);

  r.load(0x1000, {0x66, 0x67, 0x26, 0x8B, 0x84, 0x88, 0x78, 0x56, 0x34, 0x12});
  r.cpu.decode(d, 0x1000);  // mov eax,es:[eax+ecx*4+0x12345678]
  CHECK(d.len == 10);
  CHECK(d.components == 7);  // 3 prefixes, opcode, ModR/M, SIB, displacement
  CHECK(d.o32 == 1);
  CHECK(d.a32 == 1);
  CHECK(d.seg == ES);
  CHECK(d.base == EAX);
  CHECK(d.index == ECX);
  CHECK(d.scale == 2);
  CHECK(d.disp == 0x12345678);

  r.load(0x1000, {0xA1, 0x34, 0x12});  // mov ax,[0x1234]
  r.cpu.decode(d, 0x1000);
  CHECK(d.len == 3);
  CHECK(d.disp == 0x1234);

  r.load(0x1000, {0x0F, 0x20, 0x00});  // mov eax,cr0 with mod=00: still a register operand
  r.cpu.decode(d, 0x1000);
  CHECK(d.len == 3);
  CHECK(d.mod == 3);

  r.load(0x1000, {0x83, 0xC0, 0xFF});  // add ax,-1: imm8 sign-extended
  r.cpu.decode(d, 0x1000);
  CHECK(d.imm == 0xFFFFFFFFu);

  r.load(0x1000, {0xC8, 0x10, 0x00, 0x02});  // enter 16,2
  r.cpu.decode(d, 0x1000);
  CHECK(d.len == 4);
  CHECK(d.imm == 16);
  CHECK(d.imm2 == 2);

  r.flat32();
  r.load(0x1000, {0x8B, 0x04, 0x24});  // mov eax,[esp]: SIB with ESP base -> SS
  r.cpu.decode(d, 0x1000);
  CHECK(d.seg == SS);
  CHECK(d.base == ESP);
  CHECK(d.index == kZeroReg);
  r.load(0x1000, {0x8B, 0x05, 0x00, 0x10, 0x00, 0x00});  // mov eax,[0x1000]
  r.cpu.decode(d, 0x1000);
  CHECK(d.len == 6);
  CHECK(d.base == kZeroReg);
  CHECK(d.disp == 0x1000);
}

TEST_CASE("decoder faults: over-long instruction is #GP(0), bad LOCK is #UD", "[cpu][decode]") {
  CpuRig r;
  r.real_mode();
  real_ivt(r);
  std::vector<uint8_t> longer(15, 0x66);
  longer.push_back(0x90);
  r.load(0x1000, longer);
  r.cpu.step();
  CHECK(real_vector(r) == vec::GP);
  CHECK(r.rd16(r.st.gpr[ESP] & 0xFFFF) == 0x1000);  // a fault pushes the faulting IP

  r.real_mode();
  real_ivt(r);
  r.load(0x1000, {0xF0, 0x90});  // LOCK NOP
  r.cpu.step();
  CHECK(real_vector(r) == vec::UD);

  r.real_mode();
  real_ivt(r);
  r.load(0x1000, {0xF0, 0x01, 0x07});  // LOCK ADD [BX],AX is valid
  r.cpu.step();
  CHECK(real_vector(r) == -1);
  CHECK(r.st.eip == 0x1003);
}

TEST_CASE("self-modifying code: a store into decoded code takes effect", "[cpu][smc]") {
  CpuRig r;
  r.real_mode();
  // 1000: mov byte [0x1008],0x40 ; 1005: nop ; nop ; nop ; 1008: nop (becomes inc ax)
  r.load(0x1000, {0xC6, 0x06, 0x08, 0x10, 0x40, 0x90, 0x90, 0x90, 0x90, 0xF4});
  r.st.eip = 0x1008;
  r.cpu.step();  // decodes and caches NOP at 0x1008
  CHECK(r.st.gpr[EAX] == 0);
  r.st.eip = 0x1000;
  for (int k = 0; k < 5; ++k) r.cpu.step();  // the store, three NOPs, then the patched byte
  CHECK(r.ram[0x1008] == 0x40);
  CHECK(r.st.gpr[EAX] == 1);

  // A store to the same page but another 64-byte chunk keeps working (stack on the code page).
  r.real_mode();
  r.st.gpr[ESP] = 0x1F00;
  r.load(0x1000, {0x50, 0x58, 0xEB, 0xFC});  // push ax ; pop ax ; jmp back
  r.st.gpr[EAX] = 0x1234;
  r.cpu.run(r.st.cycles + 10000);
  CHECK(r.st.gpr[EAX] == 0x1234);
  CHECK(r.rd16(0x1EFE) == 0x1234);
}

TEST_CASE("paging: #PF error codes, CR2, accessed and dirty bits", "[cpu][paging]") {
  CpuRig r;
  r.pm_tables();
  r.identity_paging(0x7);
  // Page 0x200000 is outside the one mapped table: not present.
  r.load(0x1000, {0xA1, 0x00, 0x00, 0x20, 0x00});  // mov eax,[0x200000]... beyond 4 MiB? no: inside
  r.wr32(CpuRig::pte_addr(0x200000), 0);           // make it not present
  r.cpu.flush_tlb();
  r.cpu.step();
  CHECK(r.handler_vector() == vec::PF);
  CHECK(r.st.cr2 == 0x200000);
  CHECK(r.rd32(r.st.gpr[ESP]) == 0);          // error code: not present, read, supervisor
  CHECK(r.rd32(r.st.gpr[ESP] + 4) == 0x1000);  // EIP of the faulting instruction

  // A write through a present page sets A and D in the PTE and A in the PDE.
  r.pm_tables();
  r.identity_paging(0x7);
  r.wr32(CpuRig::pte_addr(0x5000), 0x5000 | 0x7);
  r.load(0x1000, {0xA3, 0x00, 0x50, 0x00, 0x00});  // mov [0x5000],eax
  r.st.gpr[EAX] = 0xCAFEF00D;
  r.cpu.step();
  CHECK(r.rd32(0x5000) == 0xCAFEF00D);
  CHECK((r.rd32(CpuRig::pte_addr(0x5000)) & 0x60) == 0x60);
  CHECK((r.rd32(CpuRig::kPageDir) & 0x20) == 0x20);

  // Supervisor write to a read-only page: allowed with CR0.WP=0 (386), #PF(3) with WP=1 (486).
  r.pm_tables();
  r.identity_paging(0x7);
  r.wr32(CpuRig::pte_addr(0x6000), 0x6000 | 0x5);  // present, user, read-only
  r.load(0x1000, {0xA3, 0x00, 0x60, 0x00, 0x00});
  r.cpu.step();
  CHECK(r.handler_vector() == -1);
  CHECK(r.st.eip == 0x1005);
  r.st.eip = 0x1000;
  r.st.cr0 |= cr0::WP;
  r.cpu.state_changed();
  r.cpu.step();
  CHECK(r.handler_vector() == vec::PF);
  CHECK(r.rd32(r.st.gpr[ESP]) == 3);  // protection, write, supervisor
}

TEST_CASE("paging: user access to a supervisor page is #PF with U/S set", "[cpu][paging]") {
  CpuRig r;
  r.pm_tables();
  r.identity_paging(0x7);
  r.wr32(CpuRig::pte_addr(0x6000), 0x6000 | 0x3);  // supervisor only
  r.ring3(0x90000);  // CS=0x1B, data and stack 0x23
  r.cpu.state_changed();
  r.load(0x1000, {0xA3, 0x00, 0x60, 0x00, 0x00});  // mov [0x6000],eax
  r.cpu.step();
  CHECK(r.handler_vector() == vec::PF);
  CHECK(r.st.cr2 == 0x6000);
  CHECK(r.st.gpr[ESP] == 0x70000 - 24);          // stack switched to SS0:ESP0, error code on top
  CHECK(r.rd32(r.st.gpr[ESP]) == 7);             // protection, write, user
  CHECK(r.rd32(r.st.gpr[ESP] + 4) == 0x1000);    // EIP
  CHECK(r.rd32(r.st.gpr[ESP] + 8) == 0x1B);      // CS
  CHECK(r.rd32(r.st.gpr[ESP] + 16) == 0x90000);  // old ESP
  CHECK(r.rd32(r.st.gpr[ESP] + 20) == 0x23);     // old SS
}

TEST_CASE("TLB: a changed PTE is used only after INVLPG or a CR3 load", "[cpu][paging]") {
  CpuRig r;
  r.pm_tables();
  r.identity_paging(0x7);
  r.wr32(0x5000, 0x11111111);
  r.wr32(0x6000, 0x22222222);
  r.load(0x1000, {0xA1, 0x00, 0x50, 0x00, 0x00,   // mov eax,[0x5000]
                  0xA1, 0x00, 0x50, 0x00, 0x00,   // mov eax,[0x5000] (stale TLB)
                  0x0F, 0x01, 0x3D, 0x00, 0x50, 0x00, 0x00,  // invlpg [0x5000]
                  0xA1, 0x00, 0x50, 0x00, 0x00});  // mov eax,[0x5000] (new mapping)
  r.cpu.step();
  CHECK(r.st.gpr[EAX] == 0x11111111);
  r.wr32(CpuRig::pte_addr(0x5000), 0x6000 | 0x7);  // remap 0x5000 -> 0x6000
  r.cpu.step();
  CHECK(r.st.gpr[EAX] == 0x11111111);
  r.cpu.step();
  r.cpu.step();
  CHECK(r.st.gpr[EAX] == 0x22222222);
}

TEST_CASE("INTR: sampled at boundaries, STI and MOV SS shadows, HLT wakes", "[cpu][intr]") {
  CpuRig r;
  r.real_mode();
  real_ivt(r);
  r.bus.vector = 0x20;
  r.load(0x1000, {0xFB, 0x90, 0x90});  // sti ; nop ; nop
  r.st.intr = true;
  r.cpu.step();  // STI
  CHECK(r.st.eip == 0x1001);
  r.cpu.step();  // the shadow: NOP runs first
  CHECK(r.st.eip == 0x1002);
  CHECK(r.bus.inta_count == 0);
  r.cpu.step();  // now the interrupt
  CHECK(r.bus.inta_count == 1);
  CHECK(real_vector(r) == 0x20);
  CHECK(r.rd16(r.st.gpr[ESP] & 0xFFFF) == 0x1002);  // return IP
  CHECK((r.st.eflags & fl::IF) == 0);

  // MOV SS inhibits for one instruction even with IF=1.
  r.st.intr = false;
  r.bus.inta_count = 0;
  r.real_mode();
  real_ivt(r);
  r.st.eflags |= fl::IF;
  r.load(0x1000, {0x8E, 0xD0, 0x90});  // mov ss,ax ; nop
  r.cpu.step();
  r.st.intr = true;
  r.cpu.step();
  CHECK(r.st.eip == 0x1003);
  CHECK(r.bus.inta_count == 0);

  // HLT with IF=1 returns Halted; INTR then wakes it and the return IP is after the HLT.
  r.st.intr = false;
  r.real_mode();
  real_ivt(r);
  r.st.eflags |= fl::IF;
  r.load(0x1000, {0xF4, 0x90});
  CHECK(r.cpu.run(r.st.cycles + 1000) == Cpu::Stop::Halted);
  CHECK(r.st.halted);
  r.st.intr = true;
  r.cpu.step();
  CHECK(real_vector(r) == 0x20);
  CHECK(r.rd16(r.st.gpr[ESP] & 0xFFFF) == 0x1001);
  CHECK_FALSE(r.st.halted);
}

TEST_CASE("NMI: taken with IF=0, blocked until IRET", "[cpu][intr]") {
  CpuRig r;
  r.real_mode();
  real_ivt(r);
  r.ram[0x2000 + 2 * 4] = 0xCF;  // NMI handler: IRET
  r.load(0x1000, {0x90, 0x90, 0x90, 0x90});
  r.cpu.pulse_nmi();
  r.cpu.step();
  CHECK(r.st.eip == 0x2008);
  CHECK(r.st.nmi_blocked);
  r.cpu.pulse_nmi();  // a second NMI waits for the IRET
  r.cpu.step();       // IRET
  CHECK(r.st.eip == 0x1000);
  CHECK_FALSE(r.st.nmi_blocked);
  r.cpu.step();  // the pending NMI now
  CHECK(r.st.eip == 0x2008);
}

TEST_CASE("double fault and triple fault (shutdown)", "[cpu][fault]") {
  CpuRig r;
  r.pm_tables();
  // #GP whose gate is not present -> #NP (contributory + contributory) -> #DF with error 0.
  r.set_gate(vec::GP, CpuRig::kHandlers + vec::GP * 16, 0x08, 0x6E);  // P=0
  r.st.seg[DS].limit = 0xFF;
  r.cpu.state_changed();
  r.load(0x1000, {0xA1, 0x00, 0x10, 0x00, 0x00});  // mov eax,[0x1000]: beyond DS limit
  r.cpu.step();
  CHECK(r.handler_vector() == vec::DF);
  CHECK(r.rd32(r.st.gpr[ESP]) == 0);
  CHECK(r.rd32(r.st.gpr[ESP] + 4) == 0x1000);

  // With an IDT limit of 0, every delivery faults: #GP -> #DF -> shutdown.
  r.pm_tables();
  r.st.idtr.limit = 0;
  r.cpu.state_changed();
  r.load(0x1000, {0xCC});
  CHECK(r.cpu.run(r.st.cycles + 1000) == Cpu::Stop::Shutdown);
  CHECK(r.st.shutdown);
}

TEST_CASE("runaway code stops at the cycle limit", "[cpu][robust]") {
  CpuRig r;
  r.real_mode();
  r.load(0x1000, {0xEB, 0xFE});  // jmp $
  const uint64_t until = r.st.cycles + 100000;
  CHECK(r.cpu.run(until) == Cpu::Stop::CycleLimit);
  CHECK(r.st.cycles >= until);
  CHECK(r.st.cycles < until + 100);
}

TEST_CASE("random bytes never crash or hang the simulator", "[cpu][robust]") {
  const int rounds = 60;
  for (int seed = 0; seed < rounds; ++seed) {
    CpuRig r;
    std::mt19937 rng{uint32_t(seed)};
    if (seed % 2) r.pm_tables(); else r.real_mode();
    if (seed % 4 == 3) r.identity_paging(0x7);
    for (uint32_t a = 0x1000; a < 0x11000; ++a) r.ram[a] = uint8_t(rng());
    for (uint32_t a = 0; a < 0x400; ++a) r.ram[a] = uint8_t(rng() & 0x1F);  // IVT -> low memory
    for (int k = 0; k < 8; ++k) r.st.gpr[k] = rng();
    r.st.gpr[ESP] = 0x9000;
    r.cpu.invalidate_code(0, CpuRig::kRamSize);
    for (int slice = 0; slice < 50; ++slice) {
      const auto stop = r.cpu.run(r.st.cycles + 20000);
      if (stop == Cpu::Stop::Shutdown || stop == Cpu::Stop::Halted) {
        if (seed % 2) r.pm_tables(); else r.real_mode();
        r.st.eip = 0x1000 + (rng() & 0xFFFF);
        r.cpu.state_changed();
      }
    }
    CHECK(r.st.cycles > 0);
  }
}

TEST_CASE("POP SS shadow, NMI before INTR, single-step trap", "[cpu][intr]") {
  CpuRig r;
  r.real_mode();
  real_ivt(r);
  r.st.eflags |= fl::IF;
  r.wr16(0x7000, 0);
  r.st.gpr[ESP] = 0x7000;
  r.load(0x1000, {0x17, 0x90, 0x90});  // pop ss ; nop
  r.cpu.step();
  r.st.intr = true;
  r.cpu.step();  // the POP SS shadow: NOP runs before INTR is sampled
  CHECK(r.st.eip == 0x1002);
  CHECK(r.bus.inta_count == 0);
  r.cpu.step();
  CHECK(real_vector(r) == 0x20);

  // NMI outranks INTR at the same boundary (PRM §9.9).
  r.st.intr = false;
  r.real_mode();
  real_ivt(r);
  r.st.eflags |= fl::IF;
  r.load(0x1000, {0x90});
  r.st.intr = true;
  r.cpu.pulse_nmi();
  r.cpu.step();
  CHECK(real_vector(r) == vec::NMI);

  // TF: #DB after the instruction, return address = the next instruction (a trap).
  r.st.intr = false;
  r.real_mode();
  real_ivt(r);
  r.st.eflags |= fl::TF;
  r.load(0x1000, {0x40, 0x90});  // inc ax ; nop
  r.cpu.step();
  CHECK(r.st.gpr[EAX] == 1);
  CHECK(real_vector(r) == vec::DB);
  CHECK(r.rd16(r.st.gpr[ESP] & 0xFFFF) == 0x1001);
  CHECK((r.st.eflags & fl::TF) == 0);  // delivery clears TF
  CHECK((r.st.dr[6] & 0x4000) != 0);   // DR6.BS
}
