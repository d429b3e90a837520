// Integer arithmetic: the pure flag helpers of cpu/alu.h, and a handful of tricky instructions run
// through the opcode table and through a whole Cpu (decoder, handler, clocks) in flat 32-bit mode.
// Expected values come from the PRM pages (chapter 17) and Appendix C, worked by hand.
#include <catch2/catch.hpp>

#include "cpu/alu.h"
#include "cpu_fixture.h"

using namespace irq::cpu;
using irq::test::CpuRig;

namespace {
constexpr uint32_t kAll = fl::kArith;
// Flags of `f` among `mask`, for compact checks.
uint32_t fm(uint32_t f, uint32_t mask = kAll) { return f & mask; }

// Run one handler straight from the opcode table with a hand-built register-form Insn.
void run_table(Cpu& c, unsigned op, int reg, unsigned rm, bool o32, uint32_t imm = 0) {
  Insn in;
  in.op = uint16_t(op);
  in.mod = 3;
  in.reg = uint8_t(reg < 0 ? 0 : reg);
  in.rm = uint8_t(rm);
  in.o32 = o32;
  in.a32 = o32;
  in.imm = imm;
  const OpEntry& e = reg < 0 ? op_table().op[op] : op_table().group[op][reg];
  REQUIRE(e.set);
  (o32 && e.fn32 ? e.fn32 : e.fn16)(c, in);
}
}  // namespace

TEST_CASE("alu: ADD/ADC/SUB/SBB flags (PRM Appendix C)", "[cpu][alu]") {
  uint32_t f = fl::kFixed1;
  CHECK(alu::add<uint8_t>(f, 0x7F, 0x01) == 0x80);
  CHECK(fm(f) == (fl::OF | fl::SF | fl::AF));  // 0x80 has one bit set: PF = 0
  CHECK(alu::add<uint32_t>(f, 0xFFFFFFFFu, 1) == 0);
  CHECK(fm(f) == (fl::CF | fl::ZF | fl::AF | fl::PF));
  CHECK((f & fl::kFixed1) != 0);  // other bits untouched

  f = fl::CF;  // ADC with carry in: FFFF + 0 + 1
  CHECK(alu::alu2<alu::kAdc, uint16_t>(f, 0xFFFF, 0) == 0);
  CHECK(fm(f) == (fl::CF | fl::ZF | fl::AF | fl::PF));

  f = 0;
  CHECK(alu::sub<uint16_t>(f, 0, 1) == 0xFFFF);
  CHECK(fm(f) == (fl::CF | fl::SF | fl::AF | fl::PF));
  CHECK(alu::sub<uint8_t>(f, 0x80, 0x01) == 0x7F);  // -128 - 1 overflows
  CHECK(fm(f) == (fl::OF | fl::AF));
  f = fl::CF;  // SBB 10h - 0Fh - 1 = 0
  CHECK(alu::alu2<alu::kSbb, uint8_t>(f, 0x10, 0x0F) == 0);
  CHECK(fm(f) == (fl::ZF | fl::AF | fl::PF));
  f = fl::CF;  // SBB 0 - FFFFFFFF - 1: borrow out even though the sum wraps
  CHECK(alu::alu2<alu::kSbb, uint32_t>(f, 0, 0xFFFFFFFFu) == 0);
  CHECK((f & fl::CF) != 0);

  f = fl::OF | fl::CF | fl::AF;  // logic: CF = OF = 0, AF cleared
  CHECK(alu::alu2<alu::kXor, uint8_t>(f, 0x0F, 0xF0) == 0xFF);
  CHECK(fm(f) == (fl::SF | fl::PF));
}

TEST_CASE("alu: INC/DEC keep CF, NEG sets CF unless zero", "[cpu][alu]") {
  uint32_t f = fl::CF;
  CHECK(alu::inc<uint16_t>(f, 0x7FFF) == 0x8000);
  CHECK(fm(f) == (fl::CF | fl::OF | fl::SF | fl::AF | fl::PF));
  f = 0;
  CHECK(alu::dec<uint8_t>(f, 0x00) == 0xFF);
  CHECK(fm(f) == (fl::SF | fl::AF | fl::PF));  // CF stays 0
  CHECK(alu::neg<uint32_t>(f, 0) == 0);
  CHECK(fm(f, fl::CF | fl::ZF) == fl::ZF);
  CHECK(alu::neg<uint8_t>(f, 0x80) == 0x80);  // -(-128) overflows
  CHECK(fm(f, fl::CF | fl::OF) == (fl::CF | fl::OF));
}

TEST_CASE("alu: shifts and rotates, counts masked to 5 bits", "[cpu][alu]") {
  SECTION("RCL r/m8 rotates 9 bits: a count of 9 is a full turn") {
    uint32_t f = 0;
    CHECK(alu::shift<uint8_t>(f, 2, 0x81, 9) == 0x81);
    CHECK((f & fl::CF) == 0);
    f = 0;
    CHECK(alu::shift<uint8_t>(f, 2, 0x81, 10) == 0x02);  // = RCL by 1
    CHECK((f & fl::CF) != 0);
    f = fl::CF;
    CHECK(alu::shift<uint8_t>(f, 2, 0x00, 1) == 0x01);  // CF comes in at the bottom
    CHECK((f & fl::CF) == 0);
    f = fl::CF;  // RCR r/m16 by 17 is a full turn as well
    CHECK(alu::shift<uint16_t>(f, 3, 0x1234, 17) == 0x1234);
    CHECK((f & fl::CF) != 0);
  }
  SECTION("count 0 after masking changes nothing, flags included") {
    uint32_t f = fl::OF | fl::CF | fl::ZF;
    CHECK(alu::shift<uint32_t>(f, 4, 0xDEADBEEF, 32) == 0xDEADBEEF);
    CHECK(f == (fl::OF | fl::CF | fl::ZF));
  }
  SECTION("single-bit OF rules (PRM SAL/SAR/SHL/SHR, RCL/.../ROR)") {
    uint32_t f = 0;
    CHECK(alu::shift<uint8_t>(f, 4, 0x40, 1) == 0x80);  // SHL: sign changed
    CHECK(fm(f, fl::OF | fl::CF | fl::SF) == (fl::OF | fl::SF));
    CHECK(alu::shift<uint8_t>(f, 5, 0x81, 1) == 0x40);  // SHR: OF = old MSB
    CHECK(fm(f, fl::OF | fl::CF) == (fl::OF | fl::CF));
    CHECK(alu::shift<uint8_t>(f, 7, 0x81, 1) == 0xC0);  // SAR: OF = 0
    CHECK(fm(f, fl::OF | fl::CF) == fl::CF);
    CHECK(alu::shift<uint16_t>(f, 0, 0x8000, 1) == 0x0001);  // ROL
    CHECK(fm(f, fl::OF | fl::CF) == (fl::OF | fl::CF));
    CHECK(alu::shift<uint32_t>(f, 1, 0x00000001, 1) == 0x80000000u);  // ROR
    CHECK(fm(f, fl::OF | fl::CF) == (fl::OF | fl::CF));
  }
  SECTION("SHL/SHR/SAR past the operand width") {
    uint32_t f = 0;
    CHECK(alu::shift<uint8_t>(f, 4, 0xFF, 9) == 0);
    CHECK((f & (fl::CF | fl::ZF)) == fl::ZF);
    CHECK(alu::shift<uint8_t>(f, 7, 0x80, 20) == 0xFF);
    CHECK((f & fl::CF) != 0);
  }
}

TEST_CASE("alu: SHLD/SHRD, including the 16-bit count > 16 choice", "[cpu][alu]") {
  uint32_t f = 0;
  CHECK(alu::shld<uint32_t>(f, 0x12345678u, 0x9ABCDEF0u, 8) == 0x3456789Au);
  CHECK((f & fl::CF) == 0);  // last bit out: bit 24 of dst = 0
  CHECK(alu::shrd<uint32_t>(f, 0x12345678u, 0x9ABCDEF0u, 4) == 0x01234567u);
  CHECK((f & fl::CF) != 0);  // bit 3 of dst
  CHECK(alu::shld<uint16_t>(f, 0x1234, 0xABCD, 4) == 0x234A);
  // 16-bit, count 20: the string dst:src:src is shifted (documented choice, Bochs pre-P6).
  CHECK(alu::shld<uint16_t>(f, 0x1234, 0xABCD, 20) == 0xBCDA);
  CHECK(alu::shrd<uint16_t>(f, 0x1234, 0xABCD, 20) == 0xDABC);
  uint32_t g = fl::CF | fl::OF;
  CHECK(alu::shld<uint16_t>(g, 0x1234, 0xABCD, 32) == 0x1234);  // count mod 32 = 0: no-op
  CHECK(g == (fl::CF | fl::OF));
}

TEST_CASE("alu: MUL/IMUL CF and OF, early-out clocks", "[cpu][alu]") {
  uint32_t f = 0;
  auto w = alu::mul<uint8_t>(f, 0x10, 0x10);
  CHECK(w.lo == 0x00);
  CHECK(w.hi == 0x01);
  CHECK(fm(f, fl::CF | fl::OF) == (fl::CF | fl::OF));
  auto s = alu::imul<uint16_t>(f, 0xFFFF, 0x0002);  // -1 * 2 = -2 fits
  CHECK(s.lo == 0xFFFE);
  CHECK(s.hi == 0xFFFF);
  CHECK(fm(f, fl::CF | fl::OF) == 0);
  s = alu::imul<uint16_t>(f, 0x4000, 0x0002);  // 8000h does not fit a signed word
  CHECK(fm(f, fl::CF | fl::OF) == (fl::CF | fl::OF));

  CHECK(alu::mul_clocks(0) == 9);            // m = 0
  CHECK(alu::mul_clocks(1) == 9);            // max(0, 3) + 6
  CHECK(alu::mul_clocks(8) == 9);            // ceil(log2 8) = 3
  CHECK(alu::mul_clocks(9) == 10);           // ceil(log2 9) = 4
  CHECK(alu::mul_clocks(0xFF) == 14);        // top of the 8-bit range 9-14
  CHECK(alu::mul_clocks(0xFFFF) == 22);      // 9-22
  CHECK(alu::mul_clocks(0xFFFFFFFF) == 38);  // 9-38
  CHECK(alu::magnitude_signed<uint32_t>(0x80000000u) == 0x80000000u);
}

TEST_CASE("alu: DIV/IDIV range checks", "[cpu][alu]") {
  uint32_t f = 0;
  uint8_t q8, r8;
  CHECK_FALSE(alu::div<uint8_t>(f, 0x01, 0x00, 0x01, q8, r8));  // 256 / 1 does not fit AL
  CHECK_FALSE(alu::div<uint8_t>(f, 0x00, 0x05, 0x00, q8, r8));  // divide by 0
  CHECK(alu::idiv<uint8_t>(f, 0xFF, 0x80, 0x01, q8, r8));       // -128 / 1: fits on a 386
  CHECK(q8 == 0x80);
  CHECK_FALSE(alu::idiv<uint8_t>(f, 0xFF, 0x80, 0xFF, q8, r8));  // -128 / -1 = 128
  uint16_t q16, r16;
  CHECK(alu::idiv<uint16_t>(f, 0xFFFF, 0xFFF9, 0x0002, q16, r16));  // -7 / 2 = -3 rem -1
  CHECK(q16 == 0xFFFD);
  CHECK(r16 == 0xFFFF);
  uint32_t q32, r32;
  CHECK_FALSE(alu::idiv<uint32_t>(f, 0x80000000u, 0, 0xFFFFFFFFu, q32, r32));  // -2^63 / -1
  CHECK_FALSE(alu::idiv<uint32_t>(f, 0xFFFFFFFFu, 0x80000000u, 0xFFFFFFFFu, q32, r32));
  CHECK(alu::div<uint32_t>(f, 0x00000001u, 0x00000000u, 0x00000002u, q32, r32));
  CHECK(q32 == 0x80000000u);
}

TEST_CASE("IDIV overflow raises #DE through the handler, registers untouched", "[cpu][alu]") {
  CpuRig r;
  r.flat32();
  r.st.gpr[EAX] = 0x00000000;
  r.st.gpr[EDX] = 0x80000000;  // EDX:EAX = -2^63
  r.st.gpr[ECX] = 0xFFFFFFFF;  // / -1
  try {
    run_table(r.cpu, 0xF7, 7, ECX, true);
    FAIL("no fault");
  } catch (const CpuFault& fault) {
    CHECK(fault.vector == vec::DE);
    CHECK_FALSE(fault.has_error);
  }
  CHECK(r.st.gpr[EAX] == 0);
  CHECK(r.st.gpr[EDX] == 0x80000000u);
  // 16-bit: DX:AX = 0x8000 * 2^16 / 1 overflows too; AAM 0 is #DE as well.
  r.st.gpr[EDX] = 0x8000;
  r.st.gpr[ECX] = 1;
  CHECK_THROWS_AS(run_table(r.cpu, 0xF7, 7, ECX, false), CpuFault);
  CHECK_THROWS_AS(run_table(r.cpu, 0xD4, -1, 0, false, 0), CpuFault);
}

TEST_CASE("alu: DAA/DAS/AAA/AAS/AAM/AAD", "[cpu][alu]") {
  uint32_t f = 0;
  // 79 + 35 = 114 (BCD): ADD gives AEh, DAA gives 14h with CF.
  uint16_t ax = alu::add<uint8_t>(f, 0x79, 0x35);
  ax = alu::daa(f, ax);
  CHECK(ax == 0x14);
  CHECK(fm(f, fl::CF | fl::AF) == (fl::CF | fl::AF));
  // 38 + 45 = 83: 7Dh -> 83h, no carry.
  ax = alu::add<uint8_t>(f, 0x38, 0x45);
  CHECK(alu::daa(f, ax) == 0x83);
  CHECK((f & fl::CF) == 0);
  // 99 + 01 = 100: 9Ah -> 00h, CF = 1, ZF = 1.
  ax = alu::add<uint8_t>(f, 0x99, 0x01);
  CHECK(alu::daa(f, ax) == 0x00);
  CHECK(fm(f, fl::CF | fl::ZF) == (fl::CF | fl::ZF));
  // AL = FAh, CF = AF = 0: the original AL is tested against 99h (later Intel pseudo-code and the
  // 80286 vectors; the 1986 PRM's text would give 00h with CF = 0).
  f = 0;
  CHECK(alu::daa(f, 0xFA) == 0x60);
  CHECK((f & fl::CF) != 0);
  // 83 - 38 = 45: 4Bh -> 45h.
  ax = alu::sub<uint8_t>(f, 0x83, 0x38);
  CHECK(alu::das(f, ax) == 0x45);
  CHECK((f & fl::CF) == 0);
  // 12 - 21 = -09 -> 91 with borrow.
  ax = alu::sub<uint8_t>(f, 0x12, 0x21);
  CHECK(alu::das(f, ax) == 0x91);
  CHECK((f & fl::CF) != 0);

  // ASCII '9' + '9' = 72h with AF: AAA -> AH + 1, AL = 8.
  f = 0;
  ax = alu::add<uint8_t>(f, 0x39, 0x39);
  CHECK(alu::aaa(f, ax) == 0x0108);
  CHECK(fm(f, fl::CF | fl::AF) == (fl::CF | fl::AF));
  f = 0;  // AL = FAh: AX + 106h carries into AH (80286 vectors; PRM text says AH + 1)
  CHECK(alu::aaa(f, 0x00FA) == 0x0200);
  f = fl::AF;  // AAS: AX - 6 (AL borrows from AH), then AH - 1
  CHECK(alu::aas(f, 0x0203) == 0x000D);
  CHECK((f & fl::CF) != 0);
  CHECK(alu::aam(f, 0x0041, 10) == 0x0605);  // 65 -> 6, 5
  CHECK(alu::aad(f, 0x0605, 10) == 0x0041);
  CHECK(alu::aam(f, 0x00FF, 16) == 0x0F0F);  // other bases work as on every Intel CPU
}

TEST_CASE("alu: BSF/BSR", "[cpu][alu]") {
  uint32_t f = 0;
  uint32_t idx = 0xAAAA;
  CHECK_FALSE(alu::bsf<uint32_t>(f, 0, idx));
  CHECK((f & fl::ZF) != 0);
  CHECK(idx == 0xAAAA);
  CHECK(alu::bsf<uint32_t>(f, 0x00010100u, idx));
  CHECK(idx == 8);
  CHECK((f & fl::ZF) == 0);
  uint16_t i16 = 0;
  CHECK(alu::bsr<uint16_t>(f, 0x0101, i16));
  CHECK(i16 == 8);
}

// ---- whole instructions through the decoder, flat 32-bit protected mode -------------------------

TEST_CASE("BSF with a zero source leaves the destination, clocks 10+3n", "[cpu][alu]") {
  CpuRig r;
  r.flat32();
  r.load(0x1000, {0x0F, 0xBC, 0xC1,    // bsf eax,ecx
                  0x0F, 0xBC, 0xC1,    // bsf eax,ecx
                  0x0F, 0xBD, 0xC1});  // bsr eax,ecx
  r.st.gpr[EAX] = 0x12345678;
  r.st.gpr[ECX] = 0;
  CHECK(r.step_clocks() == 10);
  CHECK(r.st.gpr[EAX] == 0x12345678u);
  CHECK((r.st.eflags & fl::ZF) != 0);
  r.st.gpr[ECX] = 0x10;
  CHECK(r.step_clocks() == 10 + 3 * 4);
  CHECK(r.st.gpr[EAX] == 4);
  CHECK((r.st.eflags & fl::ZF) == 0);
  CHECK(r.step_clocks() == 10 + 3 * 27);  // bit 4 found after 27 bits from the top
  CHECK(r.st.gpr[EAX] == 4);
}

TEST_CASE("MUL/IMUL early-out clocks and results", "[cpu][alu]") {
  CpuRig r;
  r.flat32();
  r.load(0x1000, {0xF7, 0xE1,                     // mul ecx
                  0x0F, 0xAF, 0xC1,               // imul eax,ecx
                  0x6B, 0xC0, 0xFD,               // imul eax,eax,-3
                  0xF7, 0x25, 0x00, 0x20, 0, 0}); // mul dword [0x2000]
  r.st.gpr[EAX] = 0x80000000u;
  r.st.gpr[ECX] = 0x100;  // ceil(log2 256) = 8 -> 14
  CHECK(r.step_clocks() == 14);
  CHECK(r.st.gpr[EAX] == 0);
  CHECK(r.st.gpr[EDX] == 0x80);
  CHECK((r.st.eflags & (fl::CF | fl::OF)) == (fl::CF | fl::OF));
  r.st.gpr[EAX] = 7;
  r.st.gpr[ECX] = 0;  // multiplier 0 -> 9
  CHECK(r.step_clocks() == 9);
  CHECK(r.st.gpr[EAX] == 0);
  r.st.gpr[EAX] = 5;  // multiplier is the immediate: |-3| -> max(2,3)+6
  CHECK(r.step_clocks() == 9);
  CHECK(r.st.gpr[EAX] == uint32_t(-15));
  CHECK((r.st.eflags & (fl::CF | fl::OF)) == 0);
  r.wr32(0x2000, 0xFFFFFFFF);  // memory multiplier: 38 + 3
  r.st.gpr[EAX] = 2;
  CHECK(r.step_clocks() == 41);
  CHECK(r.st.gpr[EAX] == 0xFFFFFFFEu);
  CHECK(r.st.gpr[EDX] == 1);
}

TEST_CASE("BT family with a memory base: signed bit offsets", "[cpu][alu]") {
  CpuRig r;
  r.flat32();
  r.load(0x1000, {0x0F, 0xA3, 0x03,         // bt [ebx],eax
                  0x66, 0x0F, 0xAB, 0x03,   // bts word [ebx],ax
                  0x0F, 0xBA, 0x33, 0x23,   // btr dword [ebx],35 (imm taken mod 32 = 3)
                  0x0F, 0xBB, 0xC1});       // btc ecx,eax (register: offset mod 32)
  r.wr32(0x2000, 0x80000008u);
  r.st.gpr[EBX] = 0x2004;
  r.st.gpr[EAX] = 0xFFFFFFFFu;  // bit -1: bit 31 of the dword at EBX - 4
  r.step_clocks();
  CHECK((r.st.eflags & fl::CF) != 0);
  r.st.gpr[EAX] = 0xFFEF;  // 16-bit offset -17: word at EBX - 4, bit 15
  r.step_clocks();
  CHECK((r.st.eflags & fl::CF) == 0);
  CHECK(r.rd32(0x2000) == 0x80008008u);
  r.st.gpr[EBX] = 0x2000;
  r.step_clocks();
  CHECK((r.st.eflags & fl::CF) != 0);
  CHECK(r.rd32(0x2000) == 0x80008000u);
  r.st.gpr[ECX] = 0;
  r.st.gpr[EAX] = 33;
  r.step_clocks();
  CHECK(r.st.gpr[ECX] == 2);
  CHECK((r.st.eflags & fl::CF) == 0);
}

TEST_CASE("i486/P5: XADD, CMPXCHG, CMPXCHG8B, BSWAP, SETcc, CMOVcc", "[cpu][alu]") {
  CpuRig r;
  r.flat32();
  r.load(0x1000, {0x0F, 0xC1, 0xC8,         // xadd eax,ecx
                  0x0F, 0xB1, 0x0B,         // cmpxchg [ebx],ecx (fails)
                  0x0F, 0xB1, 0x0B,         // cmpxchg [ebx],ecx (succeeds)
                  0x0F, 0xC7, 0x0B,         // cmpxchg8b [ebx]
                  0x0F, 0xCA,               // bswap edx
                  0x0F, 0x94, 0xC0,         // sete al
                  0x0F, 0x45, 0xD1});       // cmovne edx,ecx (not taken)
  r.st.gpr[EAX] = 1;
  r.st.gpr[ECX] = 2;
  r.step_clocks();
  CHECK(r.st.gpr[EAX] == 3);
  CHECK(r.st.gpr[ECX] == 1);

  r.st.gpr[EBX] = 0x2000;
  r.wr32(0x2000, 0x55);
  r.wr32(0x2004, 0x66);
  r.st.gpr[EAX] = 0x44;
  r.st.gpr[ECX] = 0x99;
  r.step_clocks();
  CHECK((r.st.eflags & fl::ZF) == 0);
  CHECK(r.st.gpr[EAX] == 0x55);  // accumulator gets the destination
  CHECK(r.rd32(0x2000) == 0x55);
  r.step_clocks();
  CHECK((r.st.eflags & fl::ZF) != 0);
  CHECK(r.rd32(0x2000) == 0x99);

  r.st.gpr[EAX] = 0x99;
  r.st.gpr[EDX] = 0x66;
  r.st.gpr[ECX] = 0xCAFE;
  // EDX:EAX == m64 -> m64 = ECX:EBX (EBX is the address here, and also the new low dword).
  r.step_clocks();
  CHECK((r.st.eflags & fl::ZF) != 0);
  CHECK(r.rd32(0x2000) == 0x2000);
  CHECK(r.rd32(0x2004) == 0xCAFE);

  r.st.gpr[EDX] = 0x11223344;
  r.step_clocks();
  CHECK(r.st.gpr[EDX] == 0x44332211u);

  r.st.gpr[EAX] = 0xFFFFFFFF;
  r.step_clocks();  // ZF still set from CMPXCHG8B
  CHECK(r.st.gpr[EAX] == 0xFFFFFF01u);
  r.step_clocks();  // ZF = 1: not taken, EDX unchanged
  CHECK(r.st.gpr[EDX] == 0x44332211u);
  // CMPXCHG8B with a register operand is #UD.
  try {
    run_table(r.cpu, 0x1C7, 1, EAX, true);
    FAIL("no fault");
  } catch (const CpuFault& fault) {
    CHECK(fault.vector == vec::UD);
  }
}
