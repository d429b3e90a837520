// tests/test_exec_flow.cpp — control flow, stack and string semantics of exec_data.cpp,
// exec_control.cpp and exec_string.cpp on a CPU against the fake bus of cpu_fixture.h. Each case
// hand-assembles a few bytes and checks the architectural result against the PRM pages cited.
#include <catch2/catch.hpp>

#include "cpu/clocks.h"
#include "cpu_fixture.h"

using namespace irq;
using cpu::Clk;
using test::CpuRig;

namespace {

uint32_t clk(Clk row, bool pm) { return cpu::clocks_of(row, pm, false); }

// Flat 32-bit protected mode. SegCache::attr keeps D/B in bit 10 and G in bit 11 (state.h), so the
// attributes are set here explicitly (32-bit code and stack) whatever CpuRig::flat32 writes.
void flat32(CpuRig& r) {
  r.flat32();
  for (auto& s : r.st.seg) s.attr = 0x0C93;
  r.st.seg[cpu::CS].attr = 0x0C9B;
  r.cpu.state_changed();
}

// Real-mode interrupt vector: IVT[v] = 0000:offset.
void set_ivt(CpuRig& r, unsigned v, uint16_t offset) {
  r.wr16(v * 4, offset);
  r.wr16(v * 4 + 2, 0);
}

}  // namespace

TEST_CASE("REP MOVSB yields to a pending INTR between iterations and resumes", "[exec][string][rep]") {
  // PRM REP page: interrupts are serviced between iterations; the registers describe the work done
  // and the instruction restarts at its first prefix after the handler's IRET.
  CpuRig r;
  r.real_mode();
  // 1000: STI ; REP MOVSB ; HLT
  r.load(0x1000, {0xFB, 0xF3, 0xA4, 0xF4});
  // ISR at 2000: MOV [5000],CX ; IRET
  r.load(0x2000, {0x89, 0x0E, 0x00, 0x50, 0xCF});
  set_ivt(r, 0x20, 0x2000);
  for (unsigned k = 0; k < 100; ++k) r.ram[0x3000 + k] = uint8_t(k * 7 + 1);
  r.st.gpr[cpu::ECX] = 100;
  r.st.gpr[cpu::ESI] = 0x3000;
  r.st.gpr[cpu::EDI] = 0x4000;
  r.bus.vector = 0x20;
  r.cpu.set_intr(true);  // pending from the start; IF = 0 until STI

  r.cpu.step();  // STI (arms the one-instruction shadow)
  REQUIRE(r.st.eip == 0x1001);
  r.cpu.step();  // REP MOVSB: one iteration, then it sees INTR with IF = 1 and yields
  CHECK(r.bus.inta_count == 0);
  CHECK(r.st.gpr[cpu::ECX] == 99);
  CHECK(r.st.gpr[cpu::ESI] == 0x3001);
  CHECK(r.st.gpr[cpu::EDI] == 0x4001);
  CHECK(r.st.eip == 0x1001);  // back at the REP prefix
  r.cpu.step();  // the interrupt
  CHECK(r.bus.inta_count == 1);
  CHECK(r.st.eip == 0x2000);
  r.cpu.set_intr(false);

  REQUIRE(r.cpu.run(r.st.cycles + 100000) == cpu::Cpu::Stop::Halted);
  CHECK(r.rd16(0x5000) == 99);  // the ISR saw the count of the iterations still to do
  CHECK(r.st.gpr[cpu::ECX] == 0);
  CHECK(r.st.gpr[cpu::ESI] == 0x3064);
  CHECK(r.st.gpr[cpu::EDI] == 0x4064);
  CHECK(r.st.eip == 0x1004);
  for (unsigned k = 0; k < 100; ++k) CHECK(r.ram[0x4000 + k] == uint8_t(k * 7 + 1));
  CHECK(r.bus.inta_count == 1);
}

TEST_CASE("REP MOVSB stopped by the cycle budget restarts where it left off", "[exec][string][rep]") {
  CpuRig r;
  r.real_mode();
  r.load(0x1000, {0xF3, 0xA4, 0xF4});
  for (unsigned k = 0; k < 200; ++k) r.ram[0x3000 + k] = uint8_t(k ^ 0x5A);
  r.st.gpr[cpu::ECX] = 200;
  r.st.gpr[cpu::ESI] = 0x3000;
  r.st.gpr[cpu::EDI] = 0x4000;
  const uint64_t start = r.st.cycles;
  REQUIRE(r.cpu.run(start + 40) == cpu::Cpu::Stop::CycleLimit);
  const uint32_t left = r.st.gpr[cpu::ECX];
  CHECK(left > 0);
  CHECK(left < 200);
  CHECK(r.st.eip == 0x1000);
  REQUIRE(r.cpu.run(start + 100000) == cpu::Cpu::Stop::Halted);
  CHECK(r.st.gpr[cpu::ECX] == 0);
  for (unsigned k = 0; k < 200; ++k) CHECK(r.ram[0x4000 + k] == uint8_t(k ^ 0x5A));
}

TEST_CASE("REP MOVSB cut by cycle budgets costs what one uninterrupted run costs", "[exec][string][rep]") {
  // A budget stop is not an architectural restart (no interrupt is taken): slicing a run into
  // many run() calls (the debugger's steps) must not charge the REP start again.
  auto run = [](uint64_t slice) {
    CpuRig r;
    r.real_mode();
    r.load(0x1000, {0xF3, 0xA4, 0xF4});
    r.st.gpr[cpu::ECX] = 300;
    r.st.gpr[cpu::ESI] = 0x3000;
    r.st.gpr[cpu::EDI] = 0x4000;
    const uint64_t start = r.st.cycles;
    cpu::Cpu::Stop s = cpu::Cpu::Stop::CycleLimit;
    for (uint64_t until = start + slice; s == cpu::Cpu::Stop::CycleLimit; until += slice) s = r.cpu.run(until);
    CHECK(s == cpu::Cpu::Stop::Halted);
    CHECK(r.st.gpr[cpu::ECX] == 0);
    return std::pair<uint64_t, uint64_t>(r.st.cycles - start, r.st.instructions);
  };
  const auto whole = run(1000000);
  CHECK(whole.second == 2);  // REP MOVSB, HLT
  for (uint64_t slice : {1u, 7u, 40u, 333u}) {
    INFO("slice " << slice);
    const auto cut = run(slice);
    CHECK(cut.first == whole.first);
    CHECK(cut.second == whole.second);
  }
}

TEST_CASE("REP with (E)CX = 0 does nothing and costs the REP base only", "[exec][string][rep]") {
  CpuRig r;
  r.real_mode();
  r.load(0x1000, {0xF3, 0xAA});  // REP STOSB
  r.st.gpr[cpu::ECX] = 0;
  r.st.gpr[cpu::EDI] = 0x4000;
  r.ram[0x4000] = 0x11;
  CHECK(r.step_clocks() == clk(Clk::REP_STOS_BASE, false));
  CHECK(r.st.gpr[cpu::EDI] == 0x4000);
  CHECK(r.ram[0x4000] == 0x11);
  CHECK(r.st.eip == 0x1002);
}

TEST_CASE("PUSH ESP pushes the value from before the decrement", "[exec][stack]") {
  // PRM PUSH page: "The 80386 PUSH eSP instruction pushes the value of eSP as it existed before
  // the instruction."
  CpuRig r;
  flat32(r);
  r.load(0x1000, {0x54, 0x66, 0x54});  // PUSH ESP ; PUSH SP
  r.st.gpr[cpu::ESP] = 0x80000;
  r.cpu.step();
  CHECK(r.st.gpr[cpu::ESP] == 0x7FFFC);
  CHECK(r.rd32(0x7FFFC) == 0x80000);
  r.cpu.step();
  CHECK(r.st.gpr[cpu::ESP] == 0x7FFFA);
  CHECK(r.rd16(0x7FFFA) == 0xFFFC);
}

TEST_CASE("POP [ESP] stores at the incremented ESP", "[exec][stack]") {
  CpuRig r;
  flat32(r);
  r.load(0x1000, {0x8F, 0x04, 0x24});  // POP DWORD [ESP]
  r.st.gpr[cpu::ESP] = 0x80000;
  r.wr32(0x80000, 0x11223344);
  r.wr32(0x80004, 0xAAAAAAAA);
  r.cpu.step();
  CHECK(r.st.gpr[cpu::ESP] == 0x80004);
  CHECK(r.rd32(0x80004) == 0x11223344);
  CHECK(r.st.eip == 0x1003);
}

TEST_CASE("ENTER with nesting level 2 copies one frame pointer and pushes the new one", "[exec][stack]") {
  // PRM ENTER pseudo-code: push EBP; frame = ESP; for i = 1 to level-1: EBP -= 4, push [EBP];
  // push frame; EBP = frame; ESP -= imm16. Clocks 15 + 4(n-1).
  CpuRig r;
  flat32(r);
  r.load(0x1000, {0xC8, 0x10, 0x00, 0x02});  // ENTER 16,2
  r.st.gpr[cpu::ESP] = 0x80000;
  r.st.gpr[cpu::EBP] = 0x90000;
  r.wr32(0x8FFFC, 0xCAFEBABE);  // the enclosing frame's saved display entry
  const uint64_t clocks = r.step_clocks();
  CHECK(r.rd32(0x7FFFC) == 0x90000);     // old EBP
  CHECK(r.rd32(0x7FFF8) == 0xCAFEBABE);  // copied from [EBP-4]
  CHECK(r.rd32(0x7FFF4) == 0x7FFFC);     // the new frame pointer
  CHECK(r.st.gpr[cpu::EBP] == 0x7FFFC);
  CHECK(r.st.gpr[cpu::ESP] == 0x7FFF4 - 0x10);
  CHECK(clocks == clk(Clk::ENTER_BASE, true) + clk(Clk::ENTER_PER_LEVEL, true) * 1);
}

TEST_CASE("LOOP with a 16-bit address size counts in CX only", "[exec][control]") {
  // PRM LOOP page: "If the address-size attribute is 16 bits, the CX register is used".
  CpuRig r;
  flat32(r);
  r.load(0x1000, {0x67, 0xE2, 0xFD, 0xF4});  // a16 LOOP $ ; HLT
  r.st.gpr[cpu::ECX] = 0x00010002;
  const uint64_t taken = r.step_clocks();
  CHECK(r.st.gpr[cpu::ECX] == 0x00010001);
  CHECK(r.st.eip == 0x1000);
  CHECK(taken == clk(Clk::LOOP_TAKEN, true));
  const uint64_t not_taken = r.step_clocks();
  CHECK(r.st.gpr[cpu::ECX] == 0x00010000);  // ECX's high word is untouched
  CHECK(r.st.eip == 0x1003);
  CHECK(not_taken == clk(Clk::LOOP_NOT_TAKEN, true) + 3);  // + m: 3 components (67, E2, cb)
}

TEST_CASE("CALL to a target beyond the CS limit faults before pushing", "[exec][control]") {
  // PRM CALL page: #GP(0) if the procedure location is beyond the code segment limits. With
  // SP = 2 a 4-byte push would wrap to FFFE and overrun the 64 KiB stack (#SS, vector 12): the
  // limit check must come first, so the result is #GP (interrupt 13) with the CALL's IP saved.
  CpuRig r;
  r.real_mode();
  r.load(0x1000, {0x66, 0xE8, 0x40, 0x13, 0x01, 0x00});  // CALL (o32) rel32 -> 0x12346
  r.load(0x2000, {0xF4});                               // int 13 handler: HLT
  r.load(0x2100, {0xF4});                               // int 12 handler: HLT
  set_ivt(r, 13, 0x2000);
  set_ivt(r, 12, 0x2100);
  r.st.gpr[cpu::ESP] = 2;
  r.ram[0xFFF8] = r.ram[0xFFF9] = r.ram[0xFFFA] = r.ram[0xFFFB] = 0xEE;
  REQUIRE(r.cpu.run(r.st.cycles + 10000) == cpu::Cpu::Stop::Halted);
  CHECK(r.st.eip == 0x2001);        // the #GP handler ran
  CHECK(r.st.gpr[cpu::ESP] == 0xFFFC);  // FLAGS at 0000, CS at FFFE, IP at FFFC: nothing else
  CHECK(r.rd16(0xFFFC) == 0x1000);  // a fault: IP of the CALL itself
  CHECK(r.rd16(0xFFFE) == 0x0000);
  CHECK(r.rd32(0xFFF8) == 0xEEEEEEEE);
}

TEST_CASE("STI delays INTR recognition by one instruction", "[exec][interrupts]") {
  // PRM STI page: "The 80386 then responds to external interrupts after executing the next
  // instruction".
  CpuRig r;
  r.real_mode();
  // 1000: STI ; MOV BYTE [5000],1 ; HLT
  r.load(0x1000, {0xFB, 0xC6, 0x06, 0x00, 0x50, 0x01, 0xF4});
  // ISR: MOV AL,[5000] ; MOV [5001],AL ; HLT
  r.load(0x2000, {0xA0, 0x00, 0x50, 0xA2, 0x01, 0x50, 0xF4});
  set_ivt(r, 0x20, 0x2000);
  r.bus.vector = 0x20;

  SECTION("IF was 0: the instruction after STI runs first") {
    r.cpu.set_intr(true);
    r.cpu.step();  // STI
    CHECK((r.st.eflags & cpu::fl::IF) != 0);
    r.cpu.step();  // inside the shadow: the MOV, not the interrupt
    CHECK(r.bus.inta_count == 0);
    CHECK(r.st.eip == 0x1006);
    CHECK(r.ram[0x5000] == 1);
    r.cpu.step();  // now the interrupt
    CHECK(r.bus.inta_count == 1);
    CHECK(r.st.eip == 0x2000);
    r.cpu.set_intr(false);
    REQUIRE(r.cpu.run(r.st.cycles + 10000) == cpu::Cpu::Stop::Halted);
    CHECK(r.ram[0x5001] == 1);
  }
  SECTION("IF was already 1: STI opens no shadow") {
    r.st.eflags |= cpu::fl::IF;
    r.cpu.step();  // STI
    r.cpu.set_intr(true);
    r.cpu.step();  // the interrupt comes before the MOV
    CHECK(r.bus.inta_count == 1);
    CHECK(r.st.eip == 0x2000);
    r.cpu.set_intr(false);
    REQUIRE(r.cpu.run(r.st.cycles + 10000) == cpu::Cpu::Stop::Halted);
    CHECK(r.ram[0x5001] == 0);
  }
}

TEST_CASE("Jcc clocks: taken adds the row difference and m", "[exec][control][clocks]") {
  CpuRig r;
  flat32(r);
  r.load(0x1000, {0x74, 0x00, 0x75, 0x00, 0x90});  // JZ +0 ; JNZ +0 ; NOP
  r.st.eflags |= cpu::fl::ZF;
  CHECK(r.step_clocks() == clk(Clk::JCC_TAKEN, true));
  CHECK(r.st.eip == 0x1002);
  CHECK(r.step_clocks() == clk(Clk::JCC_NOT_TAKEN, true) + 2);  // + m of the JNZ (2 components)
  CHECK(r.st.eip == 0x1004);
}

TEST_CASE("REP under TF traps after each iteration with IP at the prefix", "[exec][string][rep]") {
  CpuRig r;
  r.real_mode();
  r.load(0x1000, {0xF3, 0xAA, 0xF4});  // REP STOSB ; HLT
  r.load(0x2000, {0xF4});              // #DB handler: HLT
  set_ivt(r, 1, 0x2000);
  r.st.gpr[cpu::ECX] = 3;
  r.st.gpr[cpu::EDI] = 0x4000;
  r.st.gpr[cpu::EAX] = 0x5A;
  r.st.eflags |= cpu::fl::TF;
  r.cpu.step();
  CHECK(r.st.gpr[cpu::ECX] == 2);
  CHECK(r.ram[0x4000] == 0x5A);
  CHECK(r.ram[0x4001] == 0x00);
  CHECK(r.st.eip == 0x2000);                         // in the #DB handler
  CHECK(r.rd16(r.st.gpr[cpu::ESP] & 0xFFFF) == 0x1000);  // return IP: the REP prefix
}

TEST_CASE("PUSH Sreg with a 32-bit operand size stores the selector zero-extended", "[exec][stack]") {
  // PRM PUSH page: OperandSize 32 is "ESP <- ESP - 4; (SS:ESP) <- (SOURCE); (* dword assignment *)".
  CpuRig r;
  flat32(r);
  r.load(0x1000, {0x1E});  // PUSH DS
  r.st.gpr[cpu::ESP] = 0x80000;
  r.wr32(0x7FFFC, 0xFFFFFFFF);
  r.cpu.step();
  CHECK(r.st.gpr[cpu::ESP] == 0x7FFFC);
  CHECK(r.rd32(0x7FFFC) == r.st.seg[cpu::DS].selector);
}
