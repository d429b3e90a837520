// Clock counts charged per instruction form, each expectation quoting the Intel 80386 Programmer's
// Reference Manual (1986), chapter 17 (the instruction's page), independently of cpu/clock_table.inc.
// "m" is the number of components of the next instruction: measured over the transfer plus one NOP
// (NOP: 3 clocks, m = 1).
#include <catch2/catch.hpp>

#include <functional>

#include "cpu_fixture.h"

using namespace irq::cpu;
using irq::test::CpuRig;

namespace {
struct ClockCase {
  CpuRig r;
  // Real mode; BX -> 0x3000 (memory operand), SI 0x3100, DI 0x3200, stack 0x8000.
  void real() {
    r.real_mode();
    for (unsigned v = 0; v < 256; ++v) {
      r.wr16(v * 4, uint16_t(0x2000 + v * 4));
      r.wr16(v * 4 + 2, 0);
      r.ram[0x2000 + v * 4] = 0xF4;
    }
    r.st.gpr[EBX] = 0x3000;
    r.st.gpr[ESI] = 0x3100;
    r.st.gpr[EDI] = 0x3200;
  }
  uint64_t run(std::initializer_list<uint8_t> code, int steps = 1,
               const std::function<void(CpuRig&)>& setup = nullptr) {
    r.load(0x1000, code);
    if (setup) setup(r);
    r.cpu.state_changed();
    const uint64_t before = r.st.cycles;
    for (int k = 0; k < steps; ++k) r.cpu.step();
    return r.st.cycles - before;
  }
};
#define REAL(expected, ...)                          \
  do {                                               \
    ClockCase c;                                     \
    c.real();                                        \
    CHECK(c.run(__VA_ARGS__) == (expected));         \
  } while (0)
}  // namespace

TEST_CASE("80386 clocks: data movement (PRM 17 MOV, MOVSX, XCHG, LEA, LDS, stack)", "[cpu][clocks]") {
  REAL(2, {0x88, 0xC0});              // MOV r/m8,r8 reg: 2
  REAL(2, {0x89, 0x07});              // MOV r/m16,r16 mem: 2
  REAL(4, {0x8A, 0x07});              // MOV r8,r/m8 mem: 4
  REAL(2, {0x8B, 0xC1});              // MOV r16,r/m16 reg: 2
  REAL(2, {0x8C, 0xD8});              // MOV r/m16,Sreg: 2
  REAL(2, {0x8E, 0xD8});              // MOV Sreg,r/m16 reg, real mode: 2
  REAL(5, {0x8E, 0x1F});              // MOV Sreg,r/m16 mem, real mode: 5
  REAL(4, {0xA0, 0x00, 0x30});        // MOV AL,moffs8: 4
  REAL(2, {0xA3, 0x00, 0x30});        // MOV moffs16,AX: 2
  REAL(2, {0xB0, 0x12});              // MOV r8,imm8: 2
  REAL(2, {0xC7, 0x07, 0x34, 0x12});  // MOV r/m16,imm16 mem: 2
  REAL(3, {0x0F, 0xBE, 0xC0});        // MOVSX reg: 3
  REAL(6, {0x0F, 0xB6, 0x07});        // MOVZX mem: 6
  REAL(3, {0x91});                    // XCHG AX,r16: 3
  REAL(5, {0x87, 0x07});              // XCHG r16,r/m16 mem: 5
  REAL(2, {0x8D, 0x07});              // LEA: 2
  REAL(7, {0xC5, 0x07});              // LDS real mode: 7
  REAL(5, {0xD7});                    // XLAT: 5
  REAL(3, {0x98});                    // CBW: 3
  REAL(2, {0x99});                    // CWD: 2
  REAL(2, {0x9F});                    // LAHF: 2
  REAL(3, {0x9E});                    // SAHF: 3
  REAL(2, {0x50});                    // PUSH r16: 2
  REAL(5, {0xFF, 0x37});              // PUSH m16: 5
  REAL(2, {0x6A, 0x05});              // PUSH imm8: 2
  REAL(2, {0x0E});                    // PUSH CS: 2
  REAL(4, {0x58});                    // POP r16: 4
  REAL(5, {0x8F, 0x07});              // POP m16: 5
  REAL(7, {0x1F});                    // POP DS real mode: 7
  REAL(18, {0x60});                   // PUSHA: 18
  REAL(24, {0x61});                   // POPA: 24
  REAL(4, {0x9C});                    // PUSHF: 4
  REAL(5, {0x9D});                    // POPF: 5
  REAL(10, {0xC8, 0x08, 0x00, 0x00}); // ENTER imm16,0: 10
  REAL(12, {0xC8, 0x08, 0x00, 0x01}); // ENTER imm16,1: 12
  REAL(23, {0xC8, 0x08, 0x00, 0x03}); // ENTER imm16,3: 15+4(n-1) = 23
  REAL(4, {0xC9});                    // LEAVE: 4
}

TEST_CASE("80386 clocks: arithmetic and logic (PRM 17 ADD, SUB, CMP, TEST, INC, NEG, MUL, DIV, BCD)",
          "[cpu][clocks]") {
  REAL(2, {0x01, 0xC0});              // ADD r/m16,r16 reg: 2
  REAL(7, {0x01, 0x07});              // ADD r/m16,r16 mem: 7
  REAL(6, {0x03, 0x07});              // ADD r16,r/m16 mem: 6
  REAL(2, {0x05, 0x34, 0x12});        // ADD AX,imm16: 2
  REAL(7, {0x81, 0x07, 0x34, 0x12});  // ADD r/m16,imm16 mem: 7
  REAL(7, {0x83, 0x17, 0x01});        // ADC r/m16,imm8 mem: 7
  REAL(6, {0x29, 0x07});              // SUB r/m16,r16 mem: 6 (as printed)
  REAL(7, {0x2B, 0x07});              // SUB r16,r/m16 mem: 7 (as printed)
  REAL(6, {0x31, 0x07});              // XOR r/m16,r16 mem: 6 (as printed)
  REAL(5, {0x81, 0x3F, 0x34, 0x12});  // CMP r/m16,imm16 mem: 5
  REAL(5, {0x39, 0x07});              // CMP r/m16,r16 mem: 5
  REAL(6, {0x3B, 0x07});              // CMP r16,r/m16 mem: 6
  REAL(5, {0x85, 0x07});              // TEST r/m16,r16 mem: 5
  REAL(2, {0xA8, 0x01});              // TEST AL,imm8: 2
  REAL(2, {0x40});                    // INC r16: 2
  REAL(6, {0xFF, 0x07});              // INC r/m16 mem: 6
  REAL(6, {0xFE, 0x0F});              // DEC r/m8 mem: 6
  REAL(2, {0xF7, 0xD8});              // NEG r16: 2
  REAL(6, {0xF7, 0x17});              // NOT m16: 6
  // MUL early-out: max(ceil(log2 |m|), 3) + 6; 9 for m = 0; +3 for a memory multiplier.
  REAL(9, {0xF6, 0xE1}, 1, [](CpuRig& r) { r.st.gpr[ECX] = 0; });      // MUL CL, CL=0: 9
  REAL(13, {0xF6, 0xE1}, 1, [](CpuRig& r) { r.st.gpr[ECX] = 0x80; });  // CL=128: 7+6 = 13
  REAL(14, {0xF6, 0xE1}, 1, [](CpuRig& r) { r.st.gpr[ECX] = 0xFF; });  // CL=255: 8+6 = 14
  REAL(9, {0xF6, 0xE1}, 1, [](CpuRig& r) { r.st.gpr[ECX] = 3; });     // CL=3: max(2,3)+6 = 9
  REAL(22, {0xF7, 0xE1}, 1, [](CpuRig& r) { r.st.gpr[ECX] = 0xFFFF; }); // MUL CX=FFFF: 16+6 = 22
  REAL(17, {0xF6, 0x27}, 1, [](CpuRig& r) { r.ram[0x3000] = 0xFF; });   // MUL m8=255: 14+3 = 17
  REAL(14, {0xF6, 0xF1}, 1, [](CpuRig& r) { r.st.gpr[EAX] = 100; r.st.gpr[ECX] = 7; });  // DIV r8: 14
  REAL(17, {0xF6, 0x37}, 1, [](CpuRig& r) { r.st.gpr[EAX] = 100; r.ram[0x3000] = 7; });  // DIV m8: 17
  REAL(22, {0xF7, 0xF1}, 1, [](CpuRig& r) { r.st.gpr[EAX] = 100; r.st.gpr[EDX] = 0; r.st.gpr[ECX] = 7; });  // DIV r16: 22
  REAL(38, {0x66, 0xF7, 0xF1}, 1, [](CpuRig& r) { r.st.gpr[EAX] = 100; r.st.gpr[EDX] = 0; r.st.gpr[ECX] = 7; });  // DIV r32: 38
  REAL(19, {0xF6, 0xF9}, 1, [](CpuRig& r) { r.st.gpr[EAX] = 100; r.st.gpr[ECX] = 7; });  // IDIV r8: 19
  REAL(27, {0xF7, 0xF9}, 1, [](CpuRig& r) { r.st.gpr[EAX] = 100; r.st.gpr[EDX] = 0; r.st.gpr[ECX] = 7; });  // IDIV r16: 27
  REAL(4, {0x37});        // AAA: 4
  REAL(4, {0x3F});        // AAS: 4
  REAL(17, {0xD4, 0x0A}); // AAM: 17
  REAL(19, {0xD5, 0x0A}); // AAD: 19
  REAL(4, {0x27});        // DAA: 4
  REAL(4, {0x2F});        // DAS: 4
}

TEST_CASE("80386 clocks: shifts and bit operations (PRM 17 SAL, RCL, SHLD, BT, BTS, SETcc)",
          "[cpu][clocks]") {
  REAL(3, {0xD1, 0xE0});              // SHL r16,1: 3
  REAL(7, {0xD1, 0x27});              // SHL m16,1: 7
  REAL(3, {0xD3, 0xE8});              // SHR r16,CL: 3
  REAL(3, {0xC1, 0xF8, 0x03});        // SAR r16,imm8: 3
  REAL(3, {0xD1, 0xC0});              // ROL r16,1: 3
  REAL(9, {0xD1, 0xD0});              // RCL r16,1: 9
  REAL(10, {0xD1, 0x1F});             // RCR m16,1: 10
  REAL(3, {0x0F, 0xA4, 0xC8, 0x04});  // SHLD r16,r16,imm8: 3
  REAL(7, {0x0F, 0xAD, 0x0F});        // SHRD m16,r16,CL: 7
  REAL(3, {0x0F, 0xA3, 0xC8});        // BT r16,r16: 3
  REAL(12, {0x0F, 0xA3, 0x07});       // BT m16,r16: 12
  REAL(6, {0x0F, 0xBA, 0x27, 0x03});  // BT m16,imm8: 6
  REAL(6, {0x0F, 0xBA, 0xE8, 0x03});  // BTS r16,imm8: 6
  REAL(13, {0x0F, 0xAB, 0x07});       // BTS m16,r16: 13
  REAL(8, {0x0F, 0xBA, 0x37, 0x03});  // BTR m16,imm8: 8
  REAL(4, {0x0F, 0x94, 0xC0});        // SETE r8: 4
  REAL(5, {0x0F, 0x94, 0x07});        // SETE m8: 5
}

TEST_CASE("80386 clocks: control transfer (PRM 17 Jcc, JMP, CALL, RET, LOOP, JCXZ)", "[cpu][clocks]") {
  // Next instruction NOP: m = 1, 3 clocks.
  REAL(3, {0x74, 0x02});                                              // JE not taken: 3
  REAL(7 + 1 + 3, {0x74, 0x00, 0x90}, 2, [](CpuRig& r) { r.st.eflags |= fl::ZF; });  // JE taken: 7+m
  REAL(7 + 1 + 3, {0x0F, 0x84, 0x00, 0x00, 0x90}, 2, [](CpuRig& r) { r.st.eflags |= fl::ZF; });
  REAL(7 + 1 + 3, {0xEB, 0x00, 0x90}, 2);                            // JMP rel8: 7+m
  REAL(7 + 1 + 3, {0xE9, 0x00, 0x00, 0x90}, 2);                      // JMP rel16: 7+m
  REAL(7 + 1 + 3, {0xFF, 0xE0, 0x90}, 2, [](CpuRig& r) { r.st.gpr[EAX] = 0x1002; });  // JMP r16: 7+m
  REAL(10 + 1 + 3, {0xFF, 0x27, 0x90}, 2, [](CpuRig& r) { r.wr16(0x3000, 0x1002); });  // JMP m16: 10+m
  REAL(7 + 1 + 3, {0xE8, 0x00, 0x00, 0x90}, 2);                      // CALL rel16: 7+m
  REAL(10 + 1 + 3, {0xC3}, 2, [](CpuRig& r) {                        // RET: 10+m
    r.st.gpr[ESP] = 0x7FFE; r.wr16(0x7FFE, 0x1001); r.ram[0x1001] = 0x90; });
  REAL(11 + 1 + 3, {0xE2, 0x00, 0x90}, 2, [](CpuRig& r) { r.st.gpr[ECX] = 5; });  // LOOP taken: 11+m
  REAL(9 + 1 + 3, {0xE3, 0x00, 0x90}, 2, [](CpuRig& r) { r.st.gpr[ECX] = 0; });  // JCXZ taken: 9+m
  REAL(5, {0xE3, 0x00}, 1, [](CpuRig& r) { r.st.gpr[ECX] = 1; });                 // JCXZ not taken: 5
  REAL(17 + 1 + 3, {0x9A, 0x05, 0x10, 0x00, 0x00, 0x90}, 2);        // CALL ptr16:16 real: 17+m
  REAL(12 + 1 + 3, {0xEA, 0x05, 0x10, 0x00, 0x00, 0x90}, 2);        // JMP ptr16:16 real: 12+m
  REAL(18 + 1 + 3, {0xCB}, 2, [](CpuRig& r) {                        // RETF real: 18+m
    r.st.gpr[ESP] = 0x7FFC; r.wr16(0x7FFC, 0x1001); r.wr16(0x7FFE, 0); r.ram[0x1001] = 0x90; });
}

TEST_CASE("80386 clocks: interrupts, flags, strings, I/O, HLT (PRM 17 INT, IRET, REP, IN, OUT)",
          "[cpu][clocks]") {
  REAL(37, {0xCD, 0x20});  // INT imm8 real mode: 37
  REAL(33, {0xCC});        // INT 3 real mode: 33
  REAL(35, {0xCE}, 1, [](CpuRig& r) { r.st.eflags |= fl::OF; });  // INTO taken real mode: 35
  REAL(3, {0xCE});                                                 // INTO not taken: 3
  REAL(22, {0xCF}, 1, [](CpuRig& r) {                              // IRET real mode: 22
    r.st.gpr[ESP] = 0x7FFA; r.wr16(0x7FFA, 0x1001); r.wr16(0x7FFC, 0); r.wr16(0x7FFE, 0x0002); });
  REAL(3, {0xFA});  // CLI: 3
  REAL(3, {0xFB});  // STI: 3
  REAL(2, {0xFC});  // CLD: 2
  REAL(2, {0xFD});  // STD: 2
  REAL(2, {0xF8});  // CLC: 2
  REAL(2, {0xF9});  // STC: 2
  REAL(2, {0xF5});  // CMC: 2
  REAL(3, {0x90});  // NOP: 3
  REAL(5, {0xF4});  // HLT: 5
  REAL(7, {0xA4});  // MOVSB: 7
  REAL(10, {0xA6}); // CMPSB: 10
  REAL(7, {0xAE});  // SCASB: 7
  REAL(5, {0xAC});  // LODSB: 5
  REAL(4, {0xAA});  // STOSB: 4
  REAL(5 + 4 * 5, {0xF3, 0xA4}, 1, [](CpuRig& r) { r.st.gpr[ECX] = 5; });  // REP MOVS: 5+4n
  REAL(5 + 5 * 3, {0xF3, 0xAA}, 1, [](CpuRig& r) { r.st.gpr[ECX] = 3; });  // REP STOS: 5+5n
  REAL(5 + 9 * 4, {0xF3, 0xA6}, 1, [](CpuRig& r) { r.st.gpr[ECX] = 4; });  // REPE CMPS, all equal: 5+9N
  REAL(5 + 8 * 1, {0xF2, 0xAE}, 1, [](CpuRig& r) {                        // REPNE SCAS, match at once
    r.st.gpr[ECX] = 6; r.st.gpr[EAX] = 0; });
  REAL(12, {0xE4, 0x60});  // IN AL,imm8 real mode: 12
  REAL(13, {0xEC});        // IN AL,DX real mode: 13
  REAL(10, {0xE6, 0x80});  // OUT imm8,AL real mode: 10
  REAL(11, {0xEE});        // OUT DX,AL real mode: 11
  REAL(15, {0x6C});        // INSB real mode: 15
  REAL(14, {0x6E});        // OUTSB real mode: 14
}

TEST_CASE("80386 clocks: protected mode forms and interrupt paths", "[cpu][clocks]") {
  auto pm = [](std::initializer_list<uint8_t> code, int steps = 1,
               const std::function<void(CpuRig&)>& setup = nullptr) {
    CpuRig r;
    r.pm_tables();
    r.load(0x1000, code);
    if (setup) setup(r);
    r.cpu.state_changed();
    const uint64_t before = r.st.cycles;
    for (int k = 0; k < steps; ++k) r.cpu.step();
    return r.st.cycles - before;
  };
  auto ring3 = [](CpuRig& r) { r.ring3(); };
  CHECK(pm({0x8E, 0xD8}, 1, [](CpuRig& r) { r.st.gpr[EAX] = 0x10; }) == 18);  // MOV DS,r16 pm: 18
  CHECK(pm({0x8E, 0x18}, 1, [](CpuRig& r) { r.st.gpr[EAX] = 0x3000; r.wr16(0x3000, 0x10); }) == 19);
  CHECK(pm({0x1F}, 1, [](CpuRig& r) { r.wr32(0x80000, 0x10); }) == 21);       // POP DS pm: 21
  CHECK(pm({0xCD, 0x40}) == 59);                                               // INT n, same privilege: 59
  CHECK(pm({0xCD, 0x40}, 1, ring3) == 99);                                     // INT n, to ring 0: 99
  CHECK(pm({0xCF}, 1, [](CpuRig& r) {                                          // IRET same level: 38
    r.wr32(0x80000, 0x1001); r.wr32(0x80004, 0x08); r.wr32(0x80008, 0x2); r.ram[0x1001] = 0x90; }) == 38);
  CHECK(pm({0xCF}, 1, [](CpuRig& r) {                                          // IRET to outer level: 82
    r.wr32(0x80000, 0x1001); r.wr32(0x80004, 0x1B); r.wr32(0x80008, 0x2);
    r.wr32(0x8000C, 0x90000); r.wr32(0x80010, 0x23); }) == 82);
  CHECK(pm({0xE4, 0x60}) == 6);                                                // IN AL,imm8, CPL<=IOPL: 6
  CHECK(pm({0xEE}) == 5);                                                      // OUT DX,AL, CPL<=IOPL: 5
  CHECK(pm({0x0F, 0x06}) == 5);                                                // CLTS: 5
  CHECK(pm({0x0F, 0x01, 0x15, 0x00, 0x30, 0x00, 0x00}, 1,                     // LGDT m: 11
           [](CpuRig& r) { r.wr16(0x3000, 0x2F); r.wr32(0x3002, CpuRig::kGdt); }) == 11);
  CHECK(pm({0x0F, 0x01, 0x05, 0x00, 0x30, 0x00, 0x00}) == 9);                 // SGDT m: 9
  CHECK(pm({0x0F, 0x20, 0xC0}) == 6);                                          // MOV r32,CR0: 6
  CHECK(pm({0x0F, 0x22, 0xC0}, 1, [](CpuRig& r) { r.st.gpr[EAX] = 0x11; }) == 10);  // MOV CR0,r32: 10
  CHECK(pm({0x0F, 0x22, 0xD8}) == 5);                                          // MOV CR3,r32: 5
  CHECK(pm({0x0F, 0x01, 0xE0}) == 2);                                          // SMSW r16 pm: 2
  CHECK(pm({0x0F, 0x02, 0xC3}, 1, [](CpuRig& r) { r.st.gpr[EBX] = 0x08; }) == 15);  // LAR r,r: 15
  CHECK(pm({0x0F, 0x00, 0xE3}, 1, [](CpuRig& r) { r.st.gpr[EBX] = 0x10; }) == 10);  // VERR r16: 10
  CHECK(pm({0x63, 0xD8}, 1, [](CpuRig& r) { r.st.gpr[EAX] = 0x08; r.st.gpr[EBX] = 0x0B; }) == 20);  // ARPL: 20
  CHECK(pm({0x0F, 0x00, 0xD0}, 1, [](CpuRig& r) { r.st.gpr[EAX] = 0; }) == 20);  // LLDT r16: 20
}

TEST_CASE("80386 clocks: external interrupt and exception entry", "[cpu][clocks]") {
  // The PRM gives no count for hardware interrupt or exception entry (chapter 9 has no clocks);
  // irqlab charges the INT n rows (docs/deviations.md): real 37, protected same privilege 59.
  {
    ClockCase c;
    c.real();
    c.r.load(0x1000, {0x90});
    c.r.st.eflags |= fl::IF;
    c.r.st.intr = true;
    c.r.cpu.state_changed();
    CHECK(c.r.step_clocks() == 37);
    CHECK(c.r.st.eip == 0x2000 + 0x20 * 4);
  }
  {
    CpuRig r;
    r.pm_tables();
    r.load(0x1000, {0x90});
    r.st.eflags |= fl::IF;
    r.st.intr = true;
    r.cpu.state_changed();
    CHECK(r.step_clocks() == 59);
    CHECK(r.handler_vector() == 0x20);
  }
  {
    // #UD in real mode (0F FF is undefined): no execution clocks of its own, the entry 37.
    ClockCase c;
    c.real();
    CHECK(c.run({0x0F, 0xFF}) == 37);
    CHECK(c.r.st.eip == 0x2000 + 6 * 4);
  }
}
