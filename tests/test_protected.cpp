// Protected mode: IDT gate checks and error codes, the TSS stack switch of INT and call gates, IRET
// and RETF to an outer ring, LTR, segment-register load faults, the I/O permission bit map, and the
// real-mode far transfers (PRM chapters 6, 7, 8.3 and 9; chapter 17 CALL/JMP/RET/IRET/INT pages).
//
// The machine: GDT at 0x10000, IDT at 0x11000, a 386 TSS at 0x12000 with ESP0 = 0x30000 and an
// I/O bit map at offset 0x68; ring-3 code at 0x5000 with its stack at 0x40000; ring-0 code at 0x1000.
// Exceptions go through ring-0 interrupt gates to 0x6000 + vector*16, so a fault of an executed
// instruction shows up as EIP at its handler with the error code on the ring-0 stack.
#include <catch2/catch.hpp>

#include <optional>

#include "cpu_fixture.h"

using namespace irq::cpu;
using irq::test::CpuRig;
using Kind = CpuObserver::Kind;

namespace {

constexpr uint32_t kPmGdt = 0x10000, kPmIdt = 0x11000, kPmTss = 0x12000;
constexpr uint32_t kPmTssLimit = 0x68 + 0x2000;  // I/O map for every port, plus the trailing byte
constexpr uint32_t kRing0Stack = 0x30000, kRing3Stack = 0x40000;
constexpr uint16_t kCode0 = 0x08, kData0 = 0x10, kCode3 = 0x1B, kData3 = 0x23, kTssSel = 0x28,
                   kAbsentData = 0x30, kCallGate = 0x3B, kExecOnly = 0x40, kReadOnly = 0x48,
                   kCode16 = 0x50;
constexpr uint32_t kHandlerBase = 0x6000;  // exception v -> kHandlerBase + v*16

uint32_t handler(unsigned v) { return kHandlerBase + v * 16; }

struct PmRig : CpuRig {
  void desc(unsigned index, uint32_t base, uint32_t limit, uint8_t access, uint8_t flags) {
    wr32(kPmGdt + index * 8, (limit & 0xFFFF) | (base << 16));
    wr32(kPmGdt + index * 8 + 4, ((base >> 16) & 0xFF) | (uint32_t(access) << 8) | (limit & 0xF0000) |
                                   (uint32_t(flags & 0xF) << 20) | (base & 0xFF000000u));
  }
  void gate(uint32_t addr, uint16_t sel, uint32_t off, uint8_t access, uint8_t params = 0) {
    wr32(addr, (off & 0xFFFF) | (uint32_t(sel) << 16));
    wr32(addr + 4, (off & 0xFFFF0000u) | (uint32_t(access) << 8) | params);
  }
  void idt_gate(unsigned v, uint16_t sel, uint32_t off, uint8_t access) { gate(kPmIdt + v * 8, sel, off, access); }
  uint8_t access_byte(uint16_t sel) const { return ram[kPmGdt + (sel & ~7u) + 5]; }
  // The descriptor cache a load of `sel` from our GDT produces.
  SegCache cache(uint16_t sel) const {
    const uint32_t lo = rd32(kPmGdt + (sel & ~7u)), hi = rd32(kPmGdt + (sel & ~7u) + 4);
    SegCache s;
    s.selector = sel;
    s.base = (lo >> 16) | ((hi & 0xFF) << 16) | (hi & 0xFF000000u);
    uint32_t limit = (lo & 0xFFFF) | (hi & 0xF0000);
    if (hi & (1u << 23)) limit = (limit << 12) | 0xFFF;
    s.limit = limit;
    s.attr = uint16_t(((hi >> 8) & 0xFF) | ((hi >> 12) & 0xF00));
    s.valid = true;
    s.derive();
    return s;
  }

  // Protected mode at `cpl` (0 or 3), IF=1, IOPL=0, TR loaded (busy), no LDT.
  void protected_mode(unsigned cpl) {
    cpu.reset();
    desc(1, 0, 0xFFFFF, 0x9A, 0xC);              // 08: ring-0 code, 32-bit flat
    desc(2, 0, 0xFFFFF, 0x92, 0xC);              // 10: ring-0 data
    desc(3, 0, 0xFFFFF, 0xFA, 0xC);              // 18: ring-3 code
    desc(4, 0, 0xFFFFF, 0xF2, 0xC);              // 20: ring-3 data
    desc(5, kPmTss, kPmTssLimit, 0x8B, 0x0);         // 28: busy 386 TSS
    desc(6, 0, 0xFFFFF, 0x12, 0xC);              // 30: ring-0 data, not present
    gate(kPmGdt + 7 * 8, kCode0, 0x3000, 0xEC, 2);  // 38: 386 call gate, DPL 3, 2 dwords
    desc(8, 0, 0xFFFFF, 0x98, 0xC);              // 40: execute-only code
    desc(9, 0, 0xFFFFF, 0x90, 0xC);              // 48: read-only data
    desc(10, 0, 0xFFFF, 0x9A, 0x0);              // 50: ring-0 code, 16-bit
    st.gdtr = {kPmGdt, 11 * 8 - 1};
    st.idtr = {kPmIdt, 0x7FF};
    wr32(kPmTss + 4, kRing0Stack);  // ESP0
    wr16(kPmTss + 8, kData0);       // SS0
    wr16(kPmTss + 0x66, 0x68);      // I/O map base
    for (unsigned v = 0; v < 32; ++v) idt_gate(v, kCode0, handler(v), 0x8E);
    st.cr0 |= cr0::PE;
    st.ldtr.selector = 0;
    st.ldtr.valid = false;
    st.tr = cache(kTssSel);
    st.cpl = uint8_t(cpl);
    st.seg[CS] = cache(cpl ? kCode3 : kCode0);
    for (unsigned s : {ES, SS, DS, FS, GS}) st.seg[s] = cache(cpl ? kData3 : kData0);
    st.gpr[ESP] = cpl ? kRing3Stack : 0x28000;
    st.eip = cpl ? 0x5000 : 0x1000;
    st.eflags = fl::kFixed1 | fl::IF;
    cpu.state_changed();
  }
  // Executed fault: EIP at the exception's handler, error code on top of the ring-0 stack.
  bool took(unsigned v) const { return st.eip == handler(v); }
  uint32_t error_code() const { return rd32(st.gpr[ESP]); }
};

template <class F> std::optional<CpuFault> fault_of(F&& f) {
  try {
    f();
  } catch (const CpuFault& e) {
    return e;
  }
  return std::nullopt;
}

#define CHECK_FAULT(expr, vec_, err_)                 \
  do {                                                \
    const auto f_ = fault_of([&] { expr; });          \
    REQUIRE(f_.has_value());                          \
    CHECK(int(f_->vector) == int(vec_));              \
    CHECK(f_->error == uint32_t(err_));               \
  } while (0)

}  // namespace

TEST_CASE("IDT gate checks raise the PRM's faults and error codes", "[cpu][protected][idt]") {
  PmRig r;
  r.protected_mode(3);
  r.idt_gate(0x80, kCode0, 0x2000, 0xEE);  // 386 interrupt gate, DPL 3
  r.idt_gate(0x81, kCode0, 0x2000, 0x8E);  // DPL 0
  r.idt_gate(0x82, kCode0, 0x2000, 0x6E);  // DPL 3, not present
  r.idt_gate(0x84, kCode0, 0x2000, 0xEC);  // a call gate does not belong in the IDT
  r.idt_gate(0x85, 0, 0x2000, 0xEE);       // null code selector
  r.idt_gate(0x86, kData0, 0x2000, 0xEE);  // selector of a data segment
  r.idt_gate(0x87, 0x0B, 0x2000, 0xE5);    // task gate

  SECTION("INT n through a gate with DPL < CPL is #GP(v*8+2)") {
    CHECK_FAULT(r.cpu.deliver(0x81, Kind::Software, false, 0), vec::GP, 0x81 * 8 + 2);
    CHECK_FAULT(r.cpu.deliver(0x81, Kind::Int3, false, 0), vec::GP, 0x81 * 8 + 2);
  }
  SECTION("hardware interrupts skip the DPL check") {
    r.cpu.deliver(0x81, Kind::External, false, 0);
    CHECK(r.st.eip == 0x2000);
    CHECK(r.st.cpl == 0);
  }
  SECTION("a not-present gate is #NP(v*8+2+EXT)") {
    CHECK_FAULT(r.cpu.deliver(0x82, Kind::Software, false, 0), vec::NP, 0x82 * 8 + 2);
    CHECK_FAULT(r.cpu.deliver(0x82, Kind::External, false, 0), vec::NP, 0x82 * 8 + 3);
  }
  SECTION("a vector beyond the IDT limit is #GP(v*8+2+EXT)") {
    r.st.idtr.limit = 0x88 * 8 - 1;
    CHECK_FAULT(r.cpu.deliver(0x90, Kind::Software, false, 0), vec::GP, 0x90 * 8 + 2);
    CHECK_FAULT(r.cpu.deliver(0x88, Kind::Exception, false, 0), vec::GP, 0x88 * 8 + 3);
    r.st.idtr.limit = 0x88 * 8 - 2;  // the last gate must fit whole
    CHECK_FAULT(r.cpu.deliver(0x87, Kind::Software, false, 0), vec::GP, 0x87 * 8 + 2);
  }
  SECTION("a wrong gate type or a bad target code segment is #GP") {
    CHECK_FAULT(r.cpu.deliver(0x84, Kind::Software, false, 0), vec::GP, 0x84 * 8 + 2);
    CHECK_FAULT(r.cpu.deliver(0x85, Kind::External, false, 0), vec::GP, 1);
    CHECK_FAULT(r.cpu.deliver(0x86, Kind::Software, false, 0), vec::GP, kData0);
  }
  SECTION("task gates are reported as unsupported") {
    CHECK_FAULT(r.cpu.deliver(0x87, Kind::Software, false, 0), vec::GP, 0x87 * 8 + 2);
    REQUIRE(r.cpu.last_unsupported() != nullptr);
  }
  SECTION("faults leave the state untouched") {
    const State before = r.st;
    (void)fault_of([&] { r.cpu.deliver(0x82, Kind::Software, false, 0); });
    CHECK(r.st.eip == before.eip);
    CHECK(r.st.gpr[ESP] == before.gpr[ESP]);
    CHECK(r.st.cpl == 3);
    CHECK(r.st.seg[CS].selector == kCode3);
  }
}

TEST_CASE("INT from ring 3 switches to the TSS ring-0 stack, IRET returns", "[cpu][protected][idt]") {
  PmRig r;
  r.protected_mode(3);
  r.idt_gate(0x80, kCode0, 0x2000, 0xEE);  // interrupt gate
  r.idt_gate(0x83, kCode0, 0x2000, 0xEF);  // trap gate
  r.load(0x5000, {0xCD, 0x80});            // int 0x80
  r.load(0x5010, {0xCD, 0x83});            // int 0x83
  r.load(0x2000, {0xCF});                  // iretd

  SECTION("interrupt gate: frame, CPL 0, IF cleared, clocks") {
    const uint32_t flags_before = r.st.eflags;
    const uint64_t clocks = r.step_clocks();
    CHECK(r.st.cpl == 0);
    CHECK(r.st.seg[CS].selector == kCode0);
    CHECK(r.st.eip == 0x2000);
    CHECK(r.st.seg[SS].selector == kData0);
    CHECK(r.st.gpr[ESP] == kRing0Stack - 20);
    CHECK(r.rd32(kRing0Stack - 4) == kData3);       // old SS
    CHECK(r.rd32(kRing0Stack - 8) == kRing3Stack);  // old ESP
    CHECK(r.rd32(kRing0Stack - 12) == flags_before);
    CHECK(r.rd32(kRing0Stack - 16) == kCode3);
    CHECK(r.rd32(kRing0Stack - 20) == 0x5002);      // return EIP: after INT n
    CHECK_FALSE(r.st.eflags & fl::IF);
    CHECK(clocks == clock_row(Clk::INT_N_INNER).pm_reg);

    // IRETD at ring 0 back to ring 3; DS holds a DPL-0 segment that ring 3 may not keep.
    r.st.seg[DS] = r.cache(kData0);
    const uint64_t iret_clocks = r.step_clocks();
    CHECK(r.st.cpl == 3);
    CHECK(r.st.seg[CS].selector == kCode3);
    CHECK(r.st.eip == 0x5002);
    CHECK(r.st.seg[SS].selector == kData3);
    CHECK(r.st.gpr[ESP] == kRing3Stack);
    CHECK(r.st.eflags == flags_before);  // IF back on
    CHECK(r.st.seg[DS].selector == 0);
    CHECK_FALSE(r.st.seg[DS].valid);
    CHECK(r.st.seg[ES].selector == kData3);
    CHECK(iret_clocks == clock_row(Clk::IRET_OUTER).pm_reg);
  }
  SECTION("trap gate keeps IF") {
    r.st.eip = 0x5010;
    r.step_clocks();
    CHECK(r.st.eip == 0x2000);
    CHECK(r.st.cpl == 0);
    CHECK(r.st.eflags & fl::IF);
  }
  SECTION("a not-present ring-0 stack is #SS(SS0+EXT) while delivering a hardware interrupt") {
    r.wr16(kPmTss + 8, kAbsentData);
    CHECK_FAULT(r.cpu.deliver(0x80, Kind::External, false, 0), vec::SS, kAbsentData + 1);
    r.wr16(kPmTss + 8, kData3);  // DPL 3 stack for ring 0: #TS
    CHECK_FAULT(r.cpu.deliver(0x80, Kind::Software, false, 0), vec::TS, kData3 & ~3);
  }
}

TEST_CASE("exceptions at the same privilege push the error code, 286 gates push words",
          "[cpu][protected][idt]") {
  PmRig r;
  r.protected_mode(0);
  const uint32_t esp = r.st.gpr[ESP];
  SECTION("386 interrupt gate") {
    r.st.eip = 0x1234;
    r.cpu.deliver(vec::GP, Kind::Exception, true, 0x5A);
    CHECK(r.st.eip == handler(vec::GP));
    CHECK(r.st.gpr[ESP] == esp - 16);
    CHECK(r.rd32(esp - 16) == 0x5A);
    CHECK(r.rd32(esp - 12) == 0x1234);
    CHECK(r.rd32(esp - 8) == kCode0);
    CHECK(r.rd32(esp - 4) == (fl::kFixed1 | fl::IF));
  }
  SECTION("286 trap gate") {
    r.idt_gate(0x40, kCode16, 0x0800, 0x87);
    r.st.eip = 0x1234;
    r.cpu.deliver(0x40, Kind::Software, false, 0);
    CHECK(r.st.eip == 0x0800);
    CHECK(r.st.seg[CS].selector == kCode16);
    CHECK_FALSE(r.st.seg[CS].big());
    CHECK(r.st.gpr[ESP] == esp - 6);
    CHECK(r.rd16(esp - 6) == 0x1234);
    CHECK(r.rd16(esp - 4) == kCode0);
    CHECK(r.rd16(esp - 2) == (fl::kFixed1 | fl::IF));
    CHECK(r.st.eflags & fl::IF);
  }
}

TEST_CASE("call gate to ring 0 copies parameters, RETF imm returns to ring 3", "[cpu][protected][gate]") {
  PmRig r;
  r.protected_mode(3);
  // The caller pushed 0x11111111 then 0x22222222.
  r.st.gpr[ESP] = kRing3Stack - 8;
  r.wr32(kRing3Stack - 4, 0x11111111);
  r.wr32(kRing3Stack - 8, 0x22222222);
  r.load(0x5000, {0x9A, 0x00, 0x00, 0x00, 0x00, uint8_t(kCallGate), 0x00});  // call 0x3B:0
  r.load(0x3000, {0xCA, 0x08, 0x00});                                          // retf 8

  const uint64_t clocks = r.step_clocks();
  CHECK(r.st.cpl == 0);
  CHECK(r.st.seg[CS].selector == kCode0);
  CHECK(r.st.eip == 0x3000);
  CHECK(r.st.seg[SS].selector == kData0);
  CHECK(r.st.gpr[ESP] == kRing0Stack - 24);
  CHECK(r.rd32(kRing0Stack - 4) == kData3);
  CHECK(r.rd32(kRing0Stack - 8) == kRing3Stack - 8);
  CHECK(r.rd32(kRing0Stack - 12) == 0x11111111);
  CHECK(r.rd32(kRing0Stack - 16) == 0x22222222);
  CHECK(r.rd32(kRing0Stack - 20) == kCode3);
  CHECK(r.rd32(kRing0Stack - 24) == 0x5007);
  CHECK(clocks == clock_row(Clk::CALL_GATE_MORE_PARAMS_BASE).pm_reg +
                      2 * clock_row(Clk::CALL_GATE_MORE_PER_PARAM).pm_reg);
  CHECK(r.access_byte(kCode0) & 1);  // accessed bit set

  r.st.seg[DS] = r.cache(kData0);  // DPL 0: nulled by the return to ring 3
  r.st.seg[FS] = r.cache(kData3);  // DPL 3: kept
  const uint64_t ret_clocks = r.step_clocks();
  CHECK(r.st.cpl == 3);
  CHECK(r.st.seg[CS].selector == kCode3);
  CHECK(r.st.eip == 0x5007);
  CHECK(r.st.seg[SS].selector == kData3);
  CHECK(r.st.gpr[ESP] == kRing3Stack);  // parameters released on the caller's stack too
  CHECK(r.st.seg[DS].selector == 0);
  CHECK_FALSE(r.st.seg[DS].valid);
  CHECK(r.st.seg[FS].selector == kData3);
  CHECK(r.st.seg[FS].valid);
  // The CALL's "+m" is the component count of the instruction it reached (CA iw: 2).
  CHECK(ret_clocks == clock_row(Clk::RETF_IMM_OUTER).pm_reg + 2);
}

TEST_CASE("far transfers: privilege rules and faults", "[cpu][protected][far]") {
  PmRig r;
  r.protected_mode(3);
  SECTION("JMP far to ring-0 code from ring 3 is #GP(selector)") {
    r.load(0x5000, {0xEA, 0x00, 0x10, 0x00, 0x00, uint8_t(kCode0), 0x00});
    r.step_clocks();
    REQUIRE(r.took(vec::GP));
    CHECK(r.error_code() == kCode0);
  }
  SECTION("JMP through a call gate to more privilege is #GP(code selector)") {
    r.load(0x5000, {0xEA, 0x00, 0x00, 0x00, 0x00, uint8_t(kCallGate), 0x00});
    r.step_clocks();
    REQUIRE(r.took(vec::GP));
    CHECK(r.error_code() == kCode0);
  }
  SECTION("a call gate with DPL < CPL is #GP(gate selector)") {
    r.gate(kPmGdt + 7 * 8, kCode0, 0x3000, 0x8C, 0);
    r.load(0x5000, {0x9A, 0x00, 0x00, 0x00, 0x00, uint8_t(kCallGate), 0x00});
    r.step_clocks();
    REQUIRE(r.took(vec::GP));
    CHECK(r.error_code() == (kCallGate & ~3));
  }
  SECTION("RETF to a more privileged selector is #GP(selector)") {
    r.wr32(kRing3Stack - 8, 0x1000);
    r.wr32(kRing3Stack - 4, kCode0);
    r.st.gpr[ESP] = kRing3Stack - 8;
    r.load(0x5000, {0xCB});
    r.step_clocks();
    REQUIRE(r.took(vec::GP));
    CHECK(r.error_code() == kCode0);
  }
  SECTION("same-privilege far CALL and RETF") {
    r.load(0x5000, {0x9A, 0x00, 0x51, 0x00, 0x00, uint8_t(kCode3), 0x00});  // call 0x1B:0x5100
    r.load(0x5100, {0xCB});
    r.step_clocks();
    CHECK(r.st.eip == 0x5100);
    CHECK(r.st.cpl == 3);
    CHECK(r.st.gpr[ESP] == kRing3Stack - 8);
    CHECK(r.rd32(kRing3Stack - 8) == 0x5007);
    CHECK(r.rd32(kRing3Stack - 4) == kCode3);
    r.step_clocks();
    CHECK(r.st.eip == 0x5007);
    CHECK(r.st.gpr[ESP] == kRing3Stack);
  }
}

TEST_CASE("LTR marks the TSS busy, a busy TSS cannot be loaded again", "[cpu][protected][system]") {
  PmRig r;
  r.protected_mode(0);
  r.desc(5, kPmTss, kPmTssLimit, 0x89, 0x0);  // available
  r.st.gpr[EAX] = kTssSel;
  r.load(0x1000, {0x0F, 0x00, 0xD8, 0x0F, 0x00, 0xD8});  // ltr ax; ltr ax
  r.step_clocks();
  CHECK(r.access_byte(kTssSel) == 0x8B);
  CHECK(r.st.tr.selector == kTssSel);
  CHECK(r.st.tr.base == kPmTss);
  CHECK(r.st.tr.limit == kPmTssLimit);
  r.step_clocks();
  REQUIRE(r.took(vec::GP));
  CHECK(r.error_code() == kTssSel);
}

TEST_CASE("segment register loads: protected-mode checks", "[cpu][protected][segments]") {
  PmRig r;
  r.protected_mode(0);
  SECTION("faults and error codes") {
    CHECK_FAULT(r.cpu.load_seg(DS, kAbsentData), vec::NP, kAbsentData);
    CHECK_FAULT(r.cpu.load_seg(SS, kAbsentData), vec::SS, kAbsentData);
    CHECK_FAULT(r.cpu.load_seg(SS, 0), vec::GP, 0);
    CHECK_FAULT(r.cpu.load_seg(SS, kReadOnly), vec::GP, kReadOnly);
    CHECK_FAULT(r.cpu.load_seg(SS, kData0 | 3), vec::GP, kData0);  // RPL != CPL
    CHECK_FAULT(r.cpu.load_seg(SS, kData3), vec::GP, kData3 & ~3);  // DPL != CPL
    CHECK_FAULT(r.cpu.load_seg(DS, kExecOnly), vec::GP, kExecOnly);
    CHECK_FAULT(r.cpu.load_seg(DS, kData0 | 3), vec::GP, kData0);  // RPL 3 > DPL 0
    CHECK_FAULT(r.cpu.load_seg(DS, kTssSel), vec::GP, kTssSel);    // system segment
    CHECK_FAULT(r.cpu.load_seg(DS, 0x1000), vec::GP, 0x1000);      // beyond the GDT limit
    CHECK_FAULT(r.cpu.load_seg(DS, 0x0C), vec::GP, 0x0C);          // LDT selector, no LDT
    CHECK(r.st.seg[DS].selector == kData0);
  }
  SECTION("successful loads set the accessed bit; a null selector invalidates") {
    r.cpu.load_seg(ES, kData3);
    CHECK(r.st.seg[ES].selector == kData3);
    CHECK(r.st.seg[ES].dpl() == 3);
    CHECK(r.access_byte(kData3) == 0xF3);
    r.cpu.load_seg(FS, kCode0);  // readable code may be loaded into a data segment register
    CHECK(r.st.seg[FS].rights == SegCache::kRead);
    r.cpu.load_seg(GS, 0);
    CHECK_FALSE(r.st.seg[GS].valid);
    CHECK_FAULT(r.cpu.rd<uint8_t>(GS, 0), vec::GP, 0);
  }
  SECTION("ring 3 may not load ring-0 data") {
    r.protected_mode(3);
    CHECK_FAULT(r.cpu.load_seg(DS, kData0), vec::GP, kData0);
    CHECK_FAULT(r.cpu.load_seg(SS, kData0), vec::GP, kData0);
    r.cpu.load_seg(DS, kData3);
    CHECK(r.st.seg[DS].selector == kData3);
  }
  SECTION("MOV SS from an instruction faults through the IDT") {
    r.st.gpr[EAX] = kAbsentData;
    r.load(0x1000, {0x8E, 0xD0});  // mov ss,ax
    r.step_clocks();
    REQUIRE(r.took(vec::SS));
    CHECK(r.error_code() == kAbsentData);
  }
}

TEST_CASE("I/O permission bit map", "[cpu][protected][io]") {
  PmRig r;
  r.protected_mode(3);
  r.ram[kPmTss + 0x68 + (0x61 >> 3)] = 1u << (0x61 & 7);  // deny port 0x61 only
  r.ram[kPmTss + kPmTssLimit] = 0xFF;                        // trailing byte
  SECTION("direct checks") {
    r.cpu.check_io(0x60, 1);
    CHECK_FAULT(r.cpu.check_io(0x61, 1), vec::GP, 0);
    CHECK_FAULT(r.cpu.check_io(0x60, 2), vec::GP, 0);  // a word at 0x60 covers 0x61
    r.cpu.check_io(0x62, 4);
    r.st.tr.limit = 0x68 + 0xFF;  // the map now ends with port 0x7FF
    r.cpu.check_io(0x7FF, 1);
    CHECK_FAULT(r.cpu.check_io(0x800, 1), vec::GP, 0);
  }
  SECTION("CPL <= IOPL needs no map") {
    r.st.eflags |= fl::IOPL;
    r.cpu.check_io(0x61, 1);
  }
  SECTION("IN from ring 3: one port allowed, the next denied") {
    r.load(0x5000, {0xE4, 0x60, 0xE4, 0x61});  // in al,0x60; in al,0x61
    r.bus.port_value = 0x5A;
    r.step_clocks();
    CHECK(r.st.eip == 0x5002);
    CHECK((r.st.gpr[EAX] & 0xFF) == 0x5A);
    r.step_clocks();
    REQUIRE(r.took(vec::GP));
    CHECK(r.error_code() == 0);
    CHECK(r.rd32(r.st.gpr[ESP] + 4) == 0x5002);  // the faulting IN
  }
}

TEST_CASE("system instructions: LAR, LSL, VERR, privileged MOV CR0", "[cpu][protected][system]") {
  PmRig r;
  r.protected_mode(3);
  SECTION("LAR and LSL at ring 3") {
    r.st.gpr[EBX] = kData3;
    r.st.gpr[ECX] = kData0;
    r.load(0x5000, {0x0F, 0x02, 0xC3,    // lar eax,ebx
                    0x0F, 0x03, 0xD3,    // lsl edx,ebx
                    0x0F, 0x02, 0xF1});  // lar esi,ecx: DPL 0 is invisible at CPL 3
    r.step_clocks();
    CHECK(r.st.eflags & fl::ZF);
    CHECK(r.st.gpr[EAX] == (r.rd32(kPmGdt + 4 * 8 + 4) & 0x00FFFF00));
    r.step_clocks();
    CHECK(r.st.eflags & fl::ZF);
    CHECK(r.st.gpr[EDX] == 0xFFFFFFFFu);
    r.st.gpr[ESI] = 0x1234;
    r.step_clocks();
    CHECK_FALSE(r.st.eflags & fl::ZF);
    CHECK(r.st.gpr[ESI] == 0x1234);
  }
  SECTION("VERR / VERW") {
    r.st.gpr[EBX] = kCode3;
    r.load(0x5000, {0x0F, 0x00, 0xE3,    // verr bx: readable ring-3 code
                    0x0F, 0x00, 0xEB});  // verw bx: code is never writable
    r.step_clocks();
    CHECK(r.st.eflags & fl::ZF);
    r.step_clocks();
    CHECK_FALSE(r.st.eflags & fl::ZF);
  }
  SECTION("MOV CR0 at ring 3 is #GP(0)") {
    r.load(0x5000, {0x0F, 0x22, 0xC0});  // mov cr0,eax
    r.step_clocks();
    REQUIRE(r.took(vec::GP));
    CHECK(r.error_code() == 0);
  }
  SECTION("MOV CR0 with PG=1, PE=0 is #GP(0) at ring 0") {
    r.protected_mode(0);
    r.st.gpr[EAX] = cr0::PG;
    r.load(0x1000, {0x0F, 0x22, 0xC0});
    r.step_clocks();
    REQUIRE(r.took(vec::GP));
  }
  SECTION("SLDT/LLDT are #UD in real mode") {
    r.real_mode();
    r.wr16(vec::UD * 4, 0x2222);
    r.wr16(vec::UD * 4 + 2, 0);
    r.load(0x1000, {0x0F, 0x00, 0xC0});  // sldt ax
    const State before = r.st;
    r.step_clocks();
    CHECK(r.st.eip == 0x2222);
    CHECK(r.rd16(before.gpr[ESP] - 6) == 0x1000);  // the faulting instruction
    CHECK(r.st.gpr[ESP] == before.gpr[ESP] - 6);
  }
}

TEST_CASE("real mode: far CALL/RETF and INT/IRET through the IVT", "[cpu][real][far]") {
  PmRig r;
  r.real_mode();
  r.load(0x1000, {0x9A, 0x00, 0x30, 0x00, 0x02,  // call 0x0200:0x3000 (linear 0x5000)
                  0xCD, 0x21});                  // int 0x21
  r.load(0x5000, {0xCB});                        // retf
  r.wr16(0x21 * 4, 0x0100);
  r.wr16(0x21 * 4 + 2, 0x0300);  // int 0x21 -> 0300:0100 (linear 0x3100)
  r.load(0x3100, {0xCF});        // iret
  r.st.eflags |= fl::IF;
  r.cpu.state_changed();

  r.step_clocks();
  CHECK(r.st.seg[CS].selector == 0x0200);
  CHECK(r.st.seg[CS].base == 0x2000);
  CHECK(r.st.eip == 0x3000);
  CHECK(r.rd16(0x8000 - 2) == 0x0000);
  CHECK(r.rd16(0x8000 - 4) == 0x1005);
  r.step_clocks();
  CHECK(r.st.seg[CS].selector == 0);
  CHECK(r.st.eip == 0x1005);
  CHECK(r.st.gpr[ESP] == 0x8000);

  const uint64_t int_clocks = r.step_clocks();
  CHECK(r.st.seg[CS].selector == 0x0300);
  CHECK(r.st.eip == 0x0100);
  CHECK_FALSE(r.st.eflags & fl::IF);
  CHECK(r.rd16(0x8000 - 2) == (fl::kFixed1 | fl::IF));
  CHECK(r.rd16(0x8000 - 6) == 0x1007);
  CHECK(int_clocks == clock_row(Clk::INT_N).real_reg + 2);  // + m of the RETF before it
  r.step_clocks();
  CHECK(r.st.seg[CS].selector == 0);
  CHECK(r.st.eip == 0x1007);
  CHECK(r.st.eflags & fl::IF);
  CHECK(r.st.gpr[ESP] == 0x8000);
}

TEST_CASE("boot path: LGDT, CR0.PE, far JMP into 32-bit code, and back to real mode",
          "[cpu][protected][system]") {
  PmRig r;
  r.protected_mode(0);  // builds the GDT; then start over in real mode
  r.real_mode();
  r.wr16(0x2000, 11 * 8 - 1);
  r.wr32(0x2002, kPmGdt);
  r.load(0x1000, {0x0F, 0x01, 0x16, 0x00, 0x20,                    // lgdt [0x2000]
                  0x0F, 0x20, 0xC0,                                // mov eax,cr0
                  0x66, 0x83, 0xC8, 0x01,                          // or eax,1
                  0x0F, 0x22, 0xC0,                                // mov cr0,eax
                  0x66, 0xEA, 0x00, 0x30, 0x00, 0x00, 0x08, 0x00});  // jmp dword 0x08:0x3000
  r.load(0x3000, {0x66, 0xB8, 0x10, 0x00,                          // mov ax,0x10
                  0x8E, 0xD8,                                      // mov ds,ax
                  0xEA, 0x00, 0x40, 0x00, 0x00, 0x50, 0x00});      // jmp 0x50:0x4000 (16-bit code)
  r.load(0x4000, {0x0F, 0x20, 0xC0,                                // mov eax,cr0
                  0x66, 0x83, 0xE0, 0xFE,                          // and eax,-2
                  0x0F, 0x22, 0xC0,                                // mov cr0,eax
                  0xEA, 0x00, 0x01, 0x00, 0x04});                  // jmp 0x0400:0x0100
  for (int k = 0; k < 5; ++k) r.step_clocks();
  CHECK(r.st.gdtr.base == kPmGdt);
  CHECK(r.st.gdtr.limit == 11 * 8 - 1);
  CHECK(r.st.protected_mode());
  CHECK(r.st.cpl == 0);
  CHECK(r.st.seg[CS].selector == kCode0);
  CHECK(r.st.seg[CS].big());
  CHECK(r.st.seg[CS].limit == 0xFFFFFFFFu);
  CHECK(r.st.eip == 0x3000);
  CHECK(r.access_byte(kCode0) == 0x9B);
  r.step_clocks();
  r.step_clocks();
  CHECK(r.st.seg[DS].selector == kData0);
  CHECK(r.st.seg[DS].limit == 0xFFFFFFFFu);
  r.step_clocks();
  CHECK(r.st.seg[CS].selector == kCode16);
  CHECK_FALSE(r.st.seg[CS].big());
  CHECK(r.st.eip == 0x4000);
  for (int k = 0; k < 4; ++k) r.step_clocks();
  CHECK_FALSE(r.st.protected_mode());
  CHECK(r.st.seg[CS].selector == 0x0400);
  CHECK(r.st.seg[CS].base == 0x4000);
  CHECK(r.st.eip == 0x0100);
  CHECK(r.st.seg[DS].limit == 0xFFFFFFFFu);  // the cached limit survives ("unreal mode")
  r.cpu.load_seg(DS, 0x1234);
  CHECK(r.st.seg[DS].base == 0x12340);
  CHECK(r.st.seg[DS].limit == 0xFFFFFFFFu);
}
