// tests/sst_skips.h — where the 80286 real-mode SingleStepTests vectors legitimately differ from
// an 80386 in real-address mode, in one place, each entry with its reason.
//
// Used by tests/sst_runner.cpp. Three tables:
//   kSkipRules     tests the runner reports as "skipped" (never as passed). A rule is a form (or
//                  every form, form == nullptr) plus an optional predicate over the decoded test.
//                  Skipped tests still run, so the report can say how the 386 model behaved.
//   kVectorAliases the 386 raises a different exception vector for the same fault; the runner
//                  makes the IVT entry of the 386's vector point where the 286's did, and the test
//                  counts as skipped only if everything else (registers, RAM) then matches.
//   kRegTolerances registers the 386 legitimately leaves different in some tests; the test counts
//                  as skipped only if every other register and byte matches.
//   kFlagMaskFixes extra undefined-flag masks that metadata.json forgot.
// Citations: "PRM" is the Intel 80386 Programmer's Reference Manual (1986); "oracles.md" is
// ../shared/reference/oracles.md. A skip needs a reason from one of those, never "we fail it".
#pragma once
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

namespace irq::sst {

// ---- a small decoder of 16-bit real-mode instruction bytes (just enough for the predicates) ----
struct Decoded {
  unsigned nprefix = 0;      // prefix bytes before the opcode
  bool lock = false;         // F0 seen
  int rep = 0;               // 0, 0xF2 or 0xF3
  int seg_override = -1;     // last segment prefix: 0 ES, 1 CS, 2 SS, 3 DS (cpu::SegReg order)
  uint8_t op = 0;            // first opcode byte
  bool has_modrm = false;
  uint8_t mod = 3, reg = 0, rm = 0;
  unsigned after_modrm = 0;  // index of the first byte after ModR/M and displacement
  int mem_seg = -1;          // segment of the ModR/M memory operand (-1 none)
};

// One-byte opcodes that take a ModR/M byte (8086/80186/80286 map, 16-bit addressing).
inline bool has_modrm(uint8_t op) {
  if (op < 0x40) return (op & 0x07) < 4;  // ALU rows: xx0-xx3 and xx8-xxB
  switch (op) {
    case 0x62: case 0x63: case 0x69: case 0x6B:
    case 0xC0: case 0xC1: case 0xC4: case 0xC5: case 0xC6: case 0xC7:
    case 0xD0: case 0xD1: case 0xD2: case 0xD3:
    case 0xF6: case 0xF7: case 0xFE: case 0xFF:
      return true;
    default:
      return (op >= 0x80 && op <= 0x8F) || (op >= 0xD8 && op <= 0xDF);
  }
}

inline Decoded decode16(const std::vector<uint8_t>& b) {
  Decoded d;
  size_t i = 0;
  for (; i < b.size(); ++i) {
    const uint8_t p = b[i];
    if (p == 0x26) d.seg_override = 0;
    else if (p == 0x2E) d.seg_override = 1;
    else if (p == 0x36) d.seg_override = 2;
    else if (p == 0x3E) d.seg_override = 3;
    else if (p == 0xF0) d.lock = true;
    else if (p == 0xF2 || p == 0xF3) d.rep = p;
    else break;
  }
  d.nprefix = unsigned(i);
  if (i >= b.size()) return d;
  d.op = b[i++];
  d.has_modrm = has_modrm(d.op) && i < b.size();
  d.after_modrm = unsigned(i);
  if (!d.has_modrm) return d;
  const uint8_t m = b[i++];
  d.mod = m >> 6;
  d.reg = (m >> 3) & 7;
  d.rm = m & 7;
  if (d.mod == 1) i += 1;
  else if (d.mod == 2 || (d.mod == 0 && d.rm == 6)) i += 2;
  d.after_modrm = unsigned(i);
  if (d.mod != 3) {
    // PRM Table 17-2 (16-bit addressing): [BP+SI], [BP+DI] and [BP+disp] default to SS.
    const bool bp_based = d.rm == 2 || d.rm == 3 || (d.rm == 6 && d.mod != 0);
    d.mem_seg = d.seg_override >= 0 ? d.seg_override : (bp_based ? 2 : 3);
  }
  return d;
}

// ---- what a predicate sees ----
struct TestInfo {
  std::string_view form;         // "80.3", "C9", ...
  const std::vector<uint8_t>& bytes;  // instruction bytes and the closing HLT
  const Decoded& d;
  int exception;                 // expected vector, -1 when none
};

// The 80386 accepts LOCK only on BTS/BTR/BTC, XCHG, ADD/ADC/SUB/SBB/AND/OR/XOR, INC/DEC/NOT/NEG
// when they write memory; anything else is #UD (PRM §14.7 item 9, §14.8.1, Table 14-1).
inline bool lock_accepted_by_386(const Decoded& d) {
  if (!d.has_modrm || d.mod == 3) return false;  // a register destination is never lockable
  const uint8_t op = d.op;
  if (op < 0x40) {
    const unsigned row = op >> 3;  // 0 ADD 1 OR 2 ADC 3 SBB 4 AND 5 SUB 6 XOR 7 CMP
    return row != 7 && (op & 0x07) < 2;  // r/m-destination forms xx0/xx1 (xx8/xx9)
  }
  switch (op) {
    case 0x80: case 0x81: case 0x82: case 0x83: return d.reg != 7;  // not CMP
    case 0x86: case 0x87: return true;                                // XCHG mem, reg
    case 0xF6: case 0xF7: return d.reg == 2 || d.reg == 3;            // NOT, NEG
    case 0xFE: case 0xFF: return d.reg == 0 || d.reg == 1;            // INC, DEC
    default: return false;
  }
}

// Instructions that touch the stack through SS besides their ModR/M operand.
inline bool implicit_stack_op(const Decoded& d) {
  switch (d.op) {
    case 0x06: case 0x07: case 0x0E: case 0x16: case 0x17: case 0x1E: case 0x1F:
    case 0x60: case 0x61: case 0x68: case 0x6A: case 0x8F: case 0x9A: case 0x9C: case 0x9D:
    case 0xC2: case 0xC3: case 0xC8: case 0xC9: case 0xCA: case 0xCB: case 0xCC: case 0xCD:
    case 0xCE: case 0xCF: case 0xE8:
      return true;
    case 0xFF: return d.reg == 2 || d.reg == 3 || d.reg == 6;  // CALL, CALL far, PUSH
    default: return d.op >= 0x50 && d.op <= 0x5F;
  }
}
inline bool accesses_ss(const Decoded& d) {
  if (implicit_stack_op(d) || d.mem_seg == 2) return true;
  // Source operand of string ops, moffs and XLAT take a segment override.
  const bool overridable = (d.op >= 0xA0 && d.op <= 0xA7) || d.op == 0xAC || d.op == 0xAD ||
                           d.op == 0x6E || d.op == 0x6F || d.op == 0xD7;
  return overridable && d.seg_override == 2;
}

// ---- the tables ----
struct SkipRule {
  const char* form;                      // nullptr: every form
  bool (*pred)(const TestInfo&);         // nullptr: the whole form
  const char* reason;                    // printed in the report
};

inline constexpr SkipRule kSkipRules[] = {
    // LOCK before a non-lockable instruction, or before a register destination: ignored by the
    // 286 (the data runs the instruction), #UD on the 386. PRM §14.7 item 9, §14.8.1, Table 14-1;
    // oracles.md "286-versus-386 differences".
    // When the 286 itself raised #6 (e.g. LOCK LES with a register operand) both CPUs agree.
    {nullptr,
     [](const TestInfo& t) { return t.d.lock && !lock_accepted_by_386(t.d) && t.exception != 6; },
     "LOCK on non-lockable insn: #UD on 386 (PRM 14.7 #9)"},
    // Instruction longer than 10 bytes (redundant prefixes): #GP(13) on the 286; the 386's limit
    // is 15 bytes, so it executes the instruction. PRM §14.7 item 6, Table 14-1 (interrupt 13:
    // "instruction longer than 15 bytes"); FORMAT.md; oracles.md.
    {nullptr, [](const TestInfo& t) { return t.exception == 13 && t.bytes.size() > 11; },  // + HLT
     "insn over 10 bytes: 386 limit is 15 (PRM 14.7 #6)"},
    // MOV r/m16, FS/GS and MOV FS/GS, r/m16: reg field 4/5 of 8C/8E name FS and GS on the 386
    // (PRM §14.2, MOV page, Appendix A), #UD on the 286. oracles.md.
    {"8C", [](const TestInfo& t) { return t.d.reg == 4 || t.d.reg == 5; },
     "8C /4,/5 = MOV r/m,FS/GS on 386 (PRM 14.2)"},
    {"8E", [](const TestInfo& t) { return t.d.reg == 4 || t.d.reg == 5; },
     "8E /4,/5 = MOV FS/GS,r/m on 386 (PRM 14.2)"},
    // ESC (D8-DF), metadata status "fpu": the data is an 80286 with no 80287 (its own operand
    // checks and timing). On the 386 an ESC with CR0.EM=0 is handed to the coprocessor
    // (PRM §11.1.2, §11.1.3); with no coprocessor the result is system-defined, and irqlab
    // models no x87 (cpu.h Inaccuracies).
    {nullptr, [](const TestInfo& t) { return t.d.op >= 0xD8 && t.d.op <= 0xDF; },
     "ESC with no x87: 386 semantics differ (PRM 11.1.3)"},
};

struct VectorAlias {
  uint8_t expected;                // vector in the 286 data
  uint8_t actual;                  // vector the 386 raises for the same fault
  bool (*pred)(const TestInfo&);   // the test must qualify (nullptr: any)
  const char* reason;
};

inline constexpr VectorAlias kVectorAliases[] = {
    // A word operand crossing offset FFFFh of SS (PUSH/POP/LEAVE/RET with SP or BP = FFFFh, or a
    // BP-based/SS-override operand): the 286 data shows #13; the 386 raises the stack fault #SS(12)
    // for SS and #GP(13) only for the other segments. PRM §14.7 item 7, Table 14-1, Table 14-2.
    {13, 12, [](const TestInfo& t) { return accesses_ss(t.d); },
     "SS operand crosses FFFFh: #SS(12) on 386, #13 on 286 (PRM 14.7 #7)"},
};

// Registers by bit, in the order of the data's "regs" objects as the runner lists them.
namespace reg {
inline constexpr uint16_t AX = 1u << 0, BX = 1u << 1, CX = 1u << 2, DX = 1u << 3, CS = 1u << 4,
                          SS = 1u << 5, DS = 1u << 6, ES = 1u << 7, SP = 1u << 8, BP = 1u << 9,
                          SI = 1u << 10, DI = 1u << 11, IP = 1u << 12, FLAGS = 1u << 13;
inline constexpr int kCX = 2, kSI = 10, kDI = 11, kFLAGS = 13;  // indexes into register arrays
}  // namespace reg

inline bool is_string_op(uint8_t op) {
  return (op >= 0xA4 && op <= 0xA7) || (op >= 0xAA && op <= 0xAF) || (op >= 0x6C && op <= 0x6F);
}

// The 386 state after a faulting string instruction: registers stepped by whole completed
// iterations only (none without REP).
inline bool string_fault_state_ok(const TestInfo& t, const uint16_t* init, const uint16_t* got) {
  const uint8_t op = t.d.op;
  const bool uses_si = (op >= 0xA4 && op <= 0xA7) || op == 0xAC || op == 0xAD || op == 0x6E ||
                       op == 0x6F;
  const bool uses_di = (op >= 0xA4 && op <= 0xA7) || op == 0xAA || op == 0xAB || op == 0xAE ||
                       op == 0xAF || op == 0x6C || op == 0x6D;
  const unsigned size = (op & 1) ? 2 : 1;
  const bool down = init[reg::kFLAGS] & 0x0400;  // DF
  const uint16_t n = t.d.rep ? uint16_t(init[reg::kCX] - got[reg::kCX]) : 0;
  if (!t.d.rep && got[reg::kCX] != init[reg::kCX]) return false;
  if (t.d.rep && n > init[reg::kCX]) return false;  // CX counts down from its initial value
  const uint16_t step = uint16_t(n * size);
  auto moved = [&](int r) { return uint16_t(down ? init[r] - step : init[r] + step); };
  return got[reg::kSI] == (uses_si ? moved(reg::kSI) : init[reg::kSI]) &&
         got[reg::kDI] == (uses_di ? moved(reg::kDI) : init[reg::kDI]);
}

struct RegTolerance {
  bool (*pred)(const TestInfo&);  // which tests
  uint16_t regs;                  // registers (reg:: bits) allowed to differ from the data
  // What the 386 must show instead (init/got indexed like the reg:: bits); nullptr: anything.
  bool (*plausible)(const TestInfo&, const uint16_t* init, const uint16_t* got);
  const char* reason;
};

inline constexpr RegTolerance kRegTolerances[] = {
    // A string instruction that faults (word at offset FFFFh, #13/#12): the 286 data shows SI, DI
    // and (with REP) CX already stepped past the faulting element, some by two elements. 386
    // faults are restartable: the saved CS:IP points at the instruction and the registers describe
    // the state before the faulting iteration, so the handler can return into it (PRM chapter 9
    // introduction "faults", §9.8.13, REP page: the REP instruction resumes where it stopped).
    // Without REP the 386 must leave SI, DI and CX at their initial values.
    // With REP, n = CX(initial) - CX(386) iterations completed: SI and DI must have moved by
    // exactly n elements in the DF direction.
    {[](const TestInfo& t) { return is_string_op(t.d.op) && t.exception >= 0; },
     reg::SI | reg::DI | reg::CX, string_fault_state_ok,
     "string-op fault: 286 steps SI/DI/CX early, 386 faults are restartable (PRM 9, REP)"},
};

struct FlagMaskFix {
  const char* form;
  uint16_t mask;                   // ANDed into the metadata mask
  bool (*pred)(const TestInfo&);
  const char* reason;
};

// The rotate count of C0 (imm8 after the ModR/M operand), masked to 5 bits (PRM RCL/RCR page).
inline unsigned c0_count(const TestInfo& t) {
  return t.d.after_modrm < t.bytes.size() ? (t.bytes[t.d.after_modrm] & 0x1F) : 1;
}

inline constexpr FlagMaskFix kFlagMaskFixes[] = {
    // metadata.json masks OF for RCL/RCR with a count other than 1 on C1, D2, D3 but not on
    // C0 /2 and C0 /3; OF is undefined for multi-bit rotates on both CPUs (PRM RCL/RCR/ROL/ROR
    // page: "OF is defined only for the 1-bit rotates"); oracles.md "Data quirk".
    {"C0.2", 0xF7FF, [](const TestInfo& t) { return c0_count(t) != 1; },
     "RCL imm8 with count != 1: OF undefined (PRM RCL page; oracles.md data quirk)"},
    {"C0.3", 0xF7FF, [](const TestInfo& t) { return c0_count(t) != 1; },
     "RCR imm8 with count != 1: OF undefined (PRM RCR page; oracles.md data quirk)"},
};

}  // namespace irq::sst
