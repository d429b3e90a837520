// tests/diff_forms.h — the instruction forms of the Unicorn differential test (test_unicorn_diff.cpp)
// and the ONE table of forms excluded because Unicorn gets them wrong.
//
// Each Form names one opcode (one ModR/M reg value for group opcodes), how its operands are encoded
// and which EFLAGS bits the Intel 80386 Programmer's Reference Manual (PRM, chapter 17, the
// instruction's "Flags Affected" paragraph) leaves undefined. The harness expands every form into
// variants: real mode / 32-bit protected mode, operand size 16/32 (66 prefix), register / memory
// operand, address size 16/32 (67 prefix).
#pragma once
#include <cstdint>

#include "cpu/state.h"

namespace irq::difftest {

// How the operands are encoded.
enum class Enc : uint8_t {
  None,      // no ModR/M (register in the opcode, implicit operands)
  ModRM,     // ModR/M: register and memory variants
  ModRMReg,  // ModR/M: register operand only (mod = 3)
  ModRMMem,  // ModR/M: memory operand only
};

// Immediate / displacement following the ModR/M bytes.
enum class Imm : uint8_t {
  None,
  Ib,     // imm8
  Iw,     // imm16
  Iz,     // imm16 or imm32 by operand size
  IwIb,   // ENTER: imm16, imm8
  Moffs,  // A0-A3: offset of the address size
  Rel8,   // rel8 (Jcc, JMP short, LOOP, JCXZ)
  Relz,   // rel16 / rel32 by operand size
};

// Attribute bits.
enum : uint32_t {
  kNoOsz = 1u << 0,     // operand size does not apply (byte forms, ARPL, CMPXCHG8B): one size only
  kO32Only = 1u << 1,   // 16-bit operand size is undefined (BSWAP): 32-bit only
  kRealOnly = 1u << 2,  // real mode only
  kPmOnly = 1u << 3,    // protected mode only (ARPL is #UD in real mode)
  kAddr = 1u << 4,      // address size matters without a ModR/M (strings, XLAT, LOOP, moffs)
  kRep = 1u << 5,       // F3 prefix (REP / REPE)
  kRepne = 1u << 6,     // F2 prefix (REPNE)
  kString = 1u << 7,    // (E)SI/(E)DI point into the data segment, (E)CX small under REP
  kBranch = 1u << 8,    // control transfer: run exactly one instruction (count = 1)
  kLow3 = 1u << 9,      // opcode's low 3 bits name a register: random per case
  kLow4 = 1u << 10,     // opcode's low 4 bits are a condition: random per case
  kCnt1 = 1u << 11,     // shift/rotate count 1 (D0/D1)
  kCntCL = 1u << 12,    // count in CL (D2/D3, 0F A5, 0F AD)
  kCntIb = 1u << 13,    // count in imm8 (C0/C1, 0F A4, 0F AC)
  kOfCnt = 1u << 14,    // OF undefined unless the masked count is 1 (flags unchanged if it is 0)
  kAfCnt = 1u << 15,    // AF undefined unless the masked count is 0
  kLock = 1u << 16,     // F0 prefix (memory operand only)
  kSegOvr = 1u << 17,   // random segment-override prefix (reading forms: any of the six)
  kSegOvrWr = 1u << 18, // random segment-override prefix on a written operand (no CS: in pm)
  kRegAny = 1u << 19,   // ModR/M reg field ignored by the instruction: random (SETcc, hint NOP)
};

// Per-form case generation beyond random registers, flags and memory.
enum class Sp : uint8_t {
  None,
  Div,       // F6/F7 /6 /7: mostly quotients that fit (no #DE)
  Bsf,       // BSF/BSR: destination undefined when the source is 0 (PRM BSF/BSR Operation)
  BtReg,     // BT/BTS/BTR/BTC Ev,Gv: bit offset register kept small (memory operand)
  Shxd,      // SHLD/SHRD: 16-bit counts with (count MOD 32) >= 16 are undefined: not generated
  Ret,       // RET / RET imm16: return address inside the code segment
  JmpInd,    // JMP Ev: target inside the code segment
  CallInd,   // CALL Ev: target inside the code segment
  Enter,     // ENTER: EBP/ESP inside the stack area, small size, level 0-33
  Leave,     // LEAVE: EBP inside the stack area
  Popf,      // POPF: popped value with TF clear (a trap would follow)
  Xlat,      // XLAT: EBX inside the data segment
  Bound,     // BOUND: bounds around the index most of the time
  Cmpxchg,   // CMPXCHG: accumulator equal to the destination half of the time
  Cmpxchg8b, // CMPXCHG8B: EDX:EAX equal to the operand half of the time
  MovSreg,   // MOV Ew,Sreg: reg 0-5; a 32-bit register destination's upper half is undefined
  PushSeg,   // PUSH Sreg with a 32-bit operand: the upper word of the slot is undefined
  Loop,      // LOOP/LOOPcc/JCXZ: (E)CX often 0 or 1
  StrCmp,    // CMPS/SCAS under REPE/REPNE: runs of equal elements planted
  Aam,       // AAM: divisor 0 (#DE) rarely
};

struct Form {
  const char* name;
  uint16_t op;      // 0x00-0xFF one-byte opcode, 0x100 + xx for 0F xx
  int8_t reg;       // ModR/M reg of a group opcode; -1: the reg field names a register
  Enc enc;
  Imm imm;
  uint32_t attr;
  Sp sp;
  uint16_t undef;   // EFLAGS bits always undefined after the instruction
  const char* cite; // where the undefined flags come from
};

namespace uf {  // undefined-flag sets
using namespace irq::cpu::fl;
inline constexpr uint16_t kNone = 0;
inline constexpr uint16_t kLogic = AF;                       // AND OR XOR TEST
inline constexpr uint16_t kMul = SF | ZF | AF | PF;          // MUL IMUL
inline constexpr uint16_t kDiv = CF | PF | AF | ZF | SF | OF;  // DIV IDIV
inline constexpr uint16_t kBt = OF | SF | ZF | AF | PF;      // BT BTS BTR BTC
inline constexpr uint16_t kBsf = CF | PF | AF | SF | OF;     // BSF BSR
inline constexpr uint16_t kAaa = OF | SF | ZF | PF;          // AAA AAS
inline constexpr uint16_t kAam = OF | AF | CF;               // AAM AAD
inline constexpr uint16_t kDaa = OF;                         // DAA DAS
}  // namespace uf

// Citations (PRM chapter 17, "Flags Affected" of each instruction page).
#define PRM_LOGIC "PRM 17 AND/OR/XOR/TEST: OF=CF=0, SF ZF PF by result, AF undefined"
#define PRM_ARITH "PRM 17 ADD/ADC/SUB/SBB/CMP/INC/DEC/NEG: all defined (Appendix C)"
#define PRM_MUL "PRM 17 MUL/IMUL: OF CF defined; SF ZF AF PF undefined"
#define PRM_DIV "PRM 17 DIV/IDIV: OF SF ZF AF PF CF undefined"
#define PRM_SHIFT "PRM 17 SAL/SAR/SHL/SHR: OF undefined for multi-bit shifts, AF undefined; count 0: no flags"
#define PRM_ROT "PRM 17 RCL/RCR/ROL/ROR: only CF, OF; OF undefined for multi-bit rotates; count 0: no flags"
#define PRM_SHXD "PRM 17 SHLD/SHRD: AF undefined, OF undefined (Intel SDM: defined for count 1); count >= size: all undefined"
#define PRM_BT "PRM 17 BT/BTS/BTR/BTC: CF = bit; OF SF ZF AF PF undefined (SDM)"
#define PRM_BSF "PRM 17 BSF/BSR: ZF defined; CF OF SF AF PF undefined (SDM); dest undefined if source 0"
#define PRM_AAA "PRM 17 AAA/AAS: AF CF defined; OF SF ZF PF undefined"
#define PRM_AAM "PRM 17 AAM/AAD: SF ZF PF defined; OF AF CF undefined"
#define PRM_DAA "PRM 17 DAA/DAS: OF undefined"
#define PRM_NONE "PRM 17: flags not affected or all defined"

// The eight ALU rows (00-3F): r/m,reg / reg,r/m / acc,imm, plus the 80/81/82/83 group entries.
#define IRQ_ALU_ROW(NAME, BASE, REG, UNDEF, CITE)                                             \
  {NAME " Eb,Gb", BASE + 0, -1, Enc::ModRM, Imm::None, kNoOsz, Sp::None, UNDEF, CITE},        \
  {NAME " Ev,Gv", BASE + 1, -1, Enc::ModRM, Imm::None, 0, Sp::None, UNDEF, CITE},             \
  {NAME " Gb,Eb", BASE + 2, -1, Enc::ModRM, Imm::None, kNoOsz, Sp::None, UNDEF, CITE},        \
  {NAME " Gv,Ev", BASE + 3, -1, Enc::ModRM, Imm::None, 0, Sp::None, UNDEF, CITE},             \
  {NAME " AL,Ib", BASE + 4, -1, Enc::None, Imm::Ib, kNoOsz, Sp::None, UNDEF, CITE},           \
  {NAME " eAX,Iz", BASE + 5, -1, Enc::None, Imm::Iz, 0, Sp::None, UNDEF, CITE},               \
  {NAME " Eb,Ib (80)", 0x80, REG, Enc::ModRM, Imm::Ib, kNoOsz, Sp::None, UNDEF, CITE},        \
  {NAME " Ev,Iz (81)", 0x81, REG, Enc::ModRM, Imm::Iz, 0, Sp::None, UNDEF, CITE},             \
  {NAME " Eb,Ib (82)", 0x82, REG, Enc::ModRM, Imm::Ib, kNoOsz, Sp::None, UNDEF, CITE},        \
  {NAME " Ev,Ib (83)", 0x83, REG, Enc::ModRM, Imm::Ib, 0, Sp::None, UNDEF, CITE}

// Shift/rotate group rows: C0/C1 (imm8), D0/D1 (1), D2/D3 (CL) for one ModR/M reg value.
#define IRQ_SHIFT_ROW(NAME, REG, ATTR, CITE)                                                   \
  {NAME " Eb,Ib", 0xC0, REG, Enc::ModRM, Imm::Ib, kNoOsz | kCntIb | (ATTR), Sp::None, 0, CITE}, \
  {NAME " Ev,Ib", 0xC1, REG, Enc::ModRM, Imm::Ib, kCntIb | (ATTR), Sp::None, 0, CITE},          \
  {NAME " Eb,1", 0xD0, REG, Enc::ModRM, Imm::None, kNoOsz | kCnt1 | (ATTR), Sp::None, 0, CITE}, \
  {NAME " Ev,1", 0xD1, REG, Enc::ModRM, Imm::None, kCnt1 | (ATTR), Sp::None, 0, CITE},          \
  {NAME " Eb,CL", 0xD2, REG, Enc::ModRM, Imm::None, kNoOsz | kCntCL | (ATTR), Sp::None, 0, CITE}, \
  {NAME " Ev,CL", 0xD3, REG, Enc::ModRM, Imm::None, kCntCL | (ATTR), Sp::None, 0, CITE}

inline constexpr Form kForms[] = {
    // ---- ALU rows and immediate groups (PRM 17 ADD ... CMP)
    IRQ_ALU_ROW("ADD", 0x00, 0, uf::kNone, PRM_ARITH),
    IRQ_ALU_ROW("OR", 0x08, 1, uf::kLogic, PRM_LOGIC),
    IRQ_ALU_ROW("ADC", 0x10, 2, uf::kNone, PRM_ARITH),
    IRQ_ALU_ROW("SBB", 0x18, 3, uf::kNone, PRM_ARITH),
    IRQ_ALU_ROW("AND", 0x20, 4, uf::kLogic, PRM_LOGIC),
    IRQ_ALU_ROW("SUB", 0x28, 5, uf::kNone, PRM_ARITH),
    IRQ_ALU_ROW("XOR", 0x30, 6, uf::kLogic, PRM_LOGIC),
    IRQ_ALU_ROW("CMP", 0x38, 7, uf::kNone, PRM_ARITH),
    {"TEST Eb,Gb", 0x84, -1, Enc::ModRM, Imm::None, kNoOsz, Sp::None, uf::kLogic, PRM_LOGIC},
    {"TEST Ev,Gv", 0x85, -1, Enc::ModRM, Imm::None, 0, Sp::None, uf::kLogic, PRM_LOGIC},
    {"TEST AL,Ib", 0xA8, -1, Enc::None, Imm::Ib, kNoOsz, Sp::None, uf::kLogic, PRM_LOGIC},
    {"TEST eAX,Iz", 0xA9, -1, Enc::None, Imm::Iz, 0, Sp::None, uf::kLogic, PRM_LOGIC},
    {"INC r", 0x40, -1, Enc::None, Imm::None, kLow3, Sp::None, uf::kNone, PRM_ARITH},
    {"DEC r", 0x48, -1, Enc::None, Imm::None, kLow3, Sp::None, uf::kNone, PRM_ARITH},
    {"INC Eb", 0xFE, 0, Enc::ModRM, Imm::None, kNoOsz, Sp::None, uf::kNone, PRM_ARITH},
    {"DEC Eb", 0xFE, 1, Enc::ModRM, Imm::None, kNoOsz, Sp::None, uf::kNone, PRM_ARITH},
    {"INC Ev", 0xFF, 0, Enc::ModRM, Imm::None, 0, Sp::None, uf::kNone, PRM_ARITH},
    {"DEC Ev", 0xFF, 1, Enc::ModRM, Imm::None, 0, Sp::None, uf::kNone, PRM_ARITH},
    // ---- F6/F7 group
    {"TEST Eb,Ib (F6 /0)", 0xF6, 0, Enc::ModRM, Imm::Ib, kNoOsz, Sp::None, uf::kLogic, PRM_LOGIC},
    {"TEST Eb,Ib (F6 /1)", 0xF6, 1, Enc::ModRM, Imm::Ib, kNoOsz, Sp::None, uf::kLogic, PRM_LOGIC},
    {"NOT Eb", 0xF6, 2, Enc::ModRM, Imm::None, kNoOsz, Sp::None, uf::kNone, PRM_NONE},
    {"NEG Eb", 0xF6, 3, Enc::ModRM, Imm::None, kNoOsz, Sp::None, uf::kNone, PRM_ARITH},
    {"MUL Eb", 0xF6, 4, Enc::ModRM, Imm::None, kNoOsz, Sp::None, uf::kMul, PRM_MUL},
    {"IMUL Eb", 0xF6, 5, Enc::ModRM, Imm::None, kNoOsz, Sp::None, uf::kMul, PRM_MUL},
    {"DIV Eb", 0xF6, 6, Enc::ModRM, Imm::None, kNoOsz, Sp::Div, uf::kDiv, PRM_DIV},
    {"IDIV Eb", 0xF6, 7, Enc::ModRM, Imm::None, kNoOsz, Sp::Div, uf::kDiv, PRM_DIV},
    {"TEST Ev,Iz (F7 /0)", 0xF7, 0, Enc::ModRM, Imm::Iz, 0, Sp::None, uf::kLogic, PRM_LOGIC},
    {"TEST Ev,Iz (F7 /1)", 0xF7, 1, Enc::ModRM, Imm::Iz, 0, Sp::None, uf::kLogic, PRM_LOGIC},
    {"NOT Ev", 0xF7, 2, Enc::ModRM, Imm::None, 0, Sp::None, uf::kNone, PRM_NONE},
    {"NEG Ev", 0xF7, 3, Enc::ModRM, Imm::None, 0, Sp::None, uf::kNone, PRM_ARITH},
    {"MUL Ev", 0xF7, 4, Enc::ModRM, Imm::None, 0, Sp::None, uf::kMul, PRM_MUL},
    {"IMUL Ev", 0xF7, 5, Enc::ModRM, Imm::None, 0, Sp::None, uf::kMul, PRM_MUL},
    {"DIV Ev", 0xF7, 6, Enc::ModRM, Imm::None, 0, Sp::Div, uf::kDiv, PRM_DIV},
    {"IDIV Ev", 0xF7, 7, Enc::ModRM, Imm::None, 0, Sp::Div, uf::kDiv, PRM_DIV},
    {"IMUL Gv,Ev", 0x1AF, -1, Enc::ModRM, Imm::None, 0, Sp::None, uf::kMul, PRM_MUL},
    {"IMUL Gv,Ev,Iz", 0x69, -1, Enc::ModRM, Imm::Iz, 0, Sp::None, uf::kMul, PRM_MUL},
    {"IMUL Gv,Ev,Ib", 0x6B, -1, Enc::ModRM, Imm::Ib, 0, Sp::None, uf::kMul, PRM_MUL},
    // ---- decimal adjust
    {"DAA", 0x27, -1, Enc::None, Imm::None, kNoOsz, Sp::None, uf::kDaa, PRM_DAA},
    {"DAS", 0x2F, -1, Enc::None, Imm::None, kNoOsz, Sp::None, uf::kDaa, PRM_DAA},
    {"AAA", 0x37, -1, Enc::None, Imm::None, kNoOsz, Sp::None, uf::kAaa, PRM_AAA},
    {"AAS", 0x3F, -1, Enc::None, Imm::None, kNoOsz, Sp::None, uf::kAaa, PRM_AAA},
    {"AAM Ib", 0xD4, -1, Enc::None, Imm::Ib, kNoOsz, Sp::Aam, uf::kAam, PRM_AAM},
    {"AAD Ib", 0xD5, -1, Enc::None, Imm::Ib, kNoOsz, Sp::None, uf::kAam, PRM_AAM},
    // ---- shifts and rotates
    IRQ_SHIFT_ROW("ROL", 0, kOfCnt, PRM_ROT),
    IRQ_SHIFT_ROW("ROR", 1, kOfCnt, PRM_ROT),
    IRQ_SHIFT_ROW("RCL", 2, kOfCnt, PRM_ROT),
    IRQ_SHIFT_ROW("RCR", 3, kOfCnt, PRM_ROT),
    IRQ_SHIFT_ROW("SHL", 4, kOfCnt | kAfCnt, PRM_SHIFT),
    IRQ_SHIFT_ROW("SHR", 5, kOfCnt | kAfCnt, PRM_SHIFT),
    IRQ_SHIFT_ROW("SAL/6", 6, kOfCnt | kAfCnt, PRM_SHIFT),
    IRQ_SHIFT_ROW("SAR", 7, kOfCnt | kAfCnt, PRM_SHIFT),
    {"SHLD Ev,Gv,Ib", 0x1A4, -1, Enc::ModRM, Imm::Ib, kCntIb | kOfCnt | kAfCnt, Sp::Shxd, 0, PRM_SHXD},
    {"SHLD Ev,Gv,CL", 0x1A5, -1, Enc::ModRM, Imm::None, kCntCL | kOfCnt | kAfCnt, Sp::Shxd, 0, PRM_SHXD},
    {"SHRD Ev,Gv,Ib", 0x1AC, -1, Enc::ModRM, Imm::Ib, kCntIb | kOfCnt | kAfCnt, Sp::Shxd, 0, PRM_SHXD},
    {"SHRD Ev,Gv,CL", 0x1AD, -1, Enc::ModRM, Imm::None, kCntCL | kOfCnt | kAfCnt, Sp::Shxd, 0, PRM_SHXD},
    // ---- bit test and scan
    {"BT Ev,Gv", 0x1A3, -1, Enc::ModRM, Imm::None, 0, Sp::BtReg, uf::kBt, PRM_BT},
    {"BTS Ev,Gv", 0x1AB, -1, Enc::ModRM, Imm::None, 0, Sp::BtReg, uf::kBt, PRM_BT},
    {"BTR Ev,Gv", 0x1B3, -1, Enc::ModRM, Imm::None, 0, Sp::BtReg, uf::kBt, PRM_BT},
    {"BTC Ev,Gv", 0x1BB, -1, Enc::ModRM, Imm::None, 0, Sp::BtReg, uf::kBt, PRM_BT},
    {"BT Ev,Ib", 0x1BA, 4, Enc::ModRM, Imm::Ib, 0, Sp::None, uf::kBt, PRM_BT},
    {"BTS Ev,Ib", 0x1BA, 5, Enc::ModRM, Imm::Ib, 0, Sp::None, uf::kBt, PRM_BT},
    {"BTR Ev,Ib", 0x1BA, 6, Enc::ModRM, Imm::Ib, 0, Sp::None, uf::kBt, PRM_BT},
    {"BTC Ev,Ib", 0x1BA, 7, Enc::ModRM, Imm::Ib, 0, Sp::None, uf::kBt, PRM_BT},
    {"BSF Gv,Ev", 0x1BC, -1, Enc::ModRM, Imm::None, 0, Sp::Bsf, uf::kBsf, PRM_BSF},
    {"BSR Gv,Ev", 0x1BD, -1, Enc::ModRM, Imm::None, 0, Sp::Bsf, uf::kBsf, PRM_BSF},
    {"SETcc Eb", 0x190, -1, Enc::ModRM, Imm::None, kNoOsz | kLow4 | kRegAny, Sp::None, 0, PRM_NONE},
    // ---- data movement
    {"MOV Eb,Gb", 0x88, -1, Enc::ModRM, Imm::None, kNoOsz, Sp::None, 0, PRM_NONE},
    {"MOV Ev,Gv", 0x89, -1, Enc::ModRM, Imm::None, 0, Sp::None, 0, PRM_NONE},
    {"MOV Gb,Eb", 0x8A, -1, Enc::ModRM, Imm::None, kNoOsz, Sp::None, 0, PRM_NONE},
    {"MOV Gv,Ev", 0x8B, -1, Enc::ModRM, Imm::None, 0, Sp::None, 0, PRM_NONE},
    {"MOV Gv,Ev segovr", 0x8B, -1, Enc::ModRMMem, Imm::None, kSegOvr, Sp::None, 0, PRM_NONE},
    {"MOV Ev,Gv segovr", 0x89, -1, Enc::ModRMMem, Imm::None, kSegOvrWr, Sp::None, 0, PRM_NONE},
    {"MOV Ew,Sreg", 0x8C, -1, Enc::ModRM, Imm::None, 0, Sp::MovSreg, 0, PRM_NONE},
    {"LEA Gv,M", 0x8D, -1, Enc::ModRMMem, Imm::None, 0, Sp::None, 0, PRM_NONE},
    {"MOV AL,Ob", 0xA0, -1, Enc::None, Imm::Moffs, kNoOsz | kAddr, Sp::None, 0, PRM_NONE},
    {"MOV eAX,Ov", 0xA1, -1, Enc::None, Imm::Moffs, kAddr, Sp::None, 0, PRM_NONE},
    {"MOV Ob,AL", 0xA2, -1, Enc::None, Imm::Moffs, kNoOsz | kAddr, Sp::None, 0, PRM_NONE},
    {"MOV Ov,eAX", 0xA3, -1, Enc::None, Imm::Moffs, kAddr, Sp::None, 0, PRM_NONE},
    {"MOV r8,Ib", 0xB0, -1, Enc::None, Imm::Ib, kNoOsz | kLow3, Sp::None, 0, PRM_NONE},
    {"MOV r,Iz", 0xB8, -1, Enc::None, Imm::Iz, kLow3, Sp::None, 0, PRM_NONE},
    {"MOV Eb,Ib (C6 /0)", 0xC6, 0, Enc::ModRM, Imm::Ib, kNoOsz, Sp::None, 0, PRM_NONE},
    {"MOV Ev,Iz (C7 /0)", 0xC7, 0, Enc::ModRM, Imm::Iz, 0, Sp::None, 0, PRM_NONE},
    {"XCHG Eb,Gb", 0x86, -1, Enc::ModRM, Imm::None, kNoOsz, Sp::None, 0, PRM_NONE},
    {"XCHG Ev,Gv", 0x87, -1, Enc::ModRM, Imm::None, 0, Sp::None, 0, PRM_NONE},
    {"XCHG eAX,r", 0x90, -1, Enc::None, Imm::None, kLow3, Sp::None, 0, PRM_NONE},
    {"MOVZX Gv,Eb", 0x1B6, -1, Enc::ModRM, Imm::None, 0, Sp::None, 0, PRM_NONE},
    {"MOVZX Gv,Ew", 0x1B7, -1, Enc::ModRM, Imm::None, 0, Sp::None, 0, PRM_NONE},
    {"MOVSX Gv,Eb", 0x1BE, -1, Enc::ModRM, Imm::None, 0, Sp::None, 0, PRM_NONE},
    {"MOVSX Gv,Ew", 0x1BF, -1, Enc::ModRM, Imm::None, 0, Sp::None, 0, PRM_NONE},
    {"CBW/CWDE", 0x98, -1, Enc::None, Imm::None, 0, Sp::None, 0, PRM_NONE},
    {"CWD/CDQ", 0x99, -1, Enc::None, Imm::None, 0, Sp::None, 0, PRM_NONE},
    {"XLAT", 0xD7, -1, Enc::None, Imm::None, kNoOsz | kAddr, Sp::Xlat, 0, PRM_NONE},
    {"SALC", 0xD6, -1, Enc::None, Imm::None, kNoOsz, Sp::None, 0, PRM_NONE},
    {"CMOVcc Gv,Ev", 0x140, -1, Enc::ModRM, Imm::None, kLow4, Sp::None, 0, PRM_NONE},
    {"BSWAP r32", 0x1C8, -1, Enc::None, Imm::None, kLow3 | kO32Only, Sp::None, 0, PRM_NONE},
    {"XADD Eb,Gb", 0x1C0, -1, Enc::ModRM, Imm::None, kNoOsz, Sp::None, 0, PRM_ARITH},
    {"XADD Ev,Gv", 0x1C1, -1, Enc::ModRM, Imm::None, 0, Sp::None, 0, PRM_ARITH},
    {"CMPXCHG Eb,Gb", 0x1B0, -1, Enc::ModRM, Imm::None, kNoOsz, Sp::Cmpxchg, 0, PRM_ARITH},
    {"CMPXCHG Ev,Gv", 0x1B1, -1, Enc::ModRM, Imm::None, 0, Sp::Cmpxchg, 0, PRM_ARITH},
    {"CMPXCHG8B Mq", 0x1C7, 1, Enc::ModRMMem, Imm::None, kNoOsz, Sp::Cmpxchg8b, 0, PRM_NONE},
    {"NOP Ev (0F 1F)", 0x11F, -1, Enc::ModRM, Imm::None, kRegAny, Sp::None, 0, PRM_NONE},
    {"PREFETCH/hint NOP Ev (0F 18)", 0x118, -1, Enc::ModRM, Imm::None, kRegAny, Sp::None, 0, PRM_NONE},
    {"hint NOP Ev (0F 19)", 0x119, -1, Enc::ModRM, Imm::None, kRegAny, Sp::None, 0, PRM_NONE},
    {"hint NOP Ev (0F 1A)", 0x11A, -1, Enc::ModRM, Imm::None, kRegAny, Sp::None, 0, PRM_NONE},
    {"hint NOP Ev (0F 1B)", 0x11B, -1, Enc::ModRM, Imm::None, kRegAny, Sp::None, 0, PRM_NONE},
    {"hint NOP Ev (0F 1C)", 0x11C, -1, Enc::ModRM, Imm::None, kRegAny, Sp::None, 0, PRM_NONE},
    {"hint NOP Ev (0F 1D)", 0x11D, -1, Enc::ModRM, Imm::None, kRegAny, Sp::None, 0, PRM_NONE},
    {"hint NOP Ev (0F 1E)", 0x11E, -1, Enc::ModRM, Imm::None, kRegAny, Sp::None, 0, PRM_NONE},
    {"ENDBR32/hint NOP (F3 0F 1E)", 0x11E, -1, Enc::ModRM, Imm::None, kRep | kRegAny, Sp::None, 0, PRM_NONE},
    // ---- flags
    {"CMC", 0xF5, -1, Enc::None, Imm::None, kNoOsz, Sp::None, 0, PRM_NONE},
    {"CLC", 0xF8, -1, Enc::None, Imm::None, kNoOsz, Sp::None, 0, PRM_NONE},
    {"STC", 0xF9, -1, Enc::None, Imm::None, kNoOsz, Sp::None, 0, PRM_NONE},
    {"CLI", 0xFA, -1, Enc::None, Imm::None, kNoOsz, Sp::None, 0, PRM_NONE},
    {"STI", 0xFB, -1, Enc::None, Imm::None, kNoOsz, Sp::None, 0, PRM_NONE},
    {"CLD", 0xFC, -1, Enc::None, Imm::None, kNoOsz, Sp::None, 0, PRM_NONE},
    {"STD", 0xFD, -1, Enc::None, Imm::None, kNoOsz, Sp::None, 0, PRM_NONE},
    {"SAHF", 0x9E, -1, Enc::None, Imm::None, kNoOsz, Sp::None, 0, PRM_NONE},
    {"LAHF", 0x9F, -1, Enc::None, Imm::None, kNoOsz, Sp::None, 0, PRM_NONE},
    {"ARPL Ew,Gw", 0x63, -1, Enc::ModRM, Imm::None, kNoOsz | kPmOnly, Sp::None, 0, PRM_NONE},
    // ---- stack
    {"PUSH r", 0x50, -1, Enc::None, Imm::None, kLow3, Sp::None, 0, PRM_NONE},
    {"POP r", 0x58, -1, Enc::None, Imm::None, kLow3, Sp::None, 0, PRM_NONE},
    {"PUSH Ev", 0xFF, 6, Enc::ModRM, Imm::None, 0, Sp::None, 0, PRM_NONE},
    {"POP Ev", 0x8F, 0, Enc::ModRM, Imm::None, 0, Sp::None, 0, PRM_NONE},
    {"PUSH Iz", 0x68, -1, Enc::None, Imm::Iz, 0, Sp::None, 0, PRM_NONE},
    {"PUSH Ib", 0x6A, -1, Enc::None, Imm::Ib, 0, Sp::None, 0, PRM_NONE},
    {"PUSHA", 0x60, -1, Enc::None, Imm::None, 0, Sp::None, 0, PRM_NONE},
    {"POPA", 0x61, -1, Enc::None, Imm::None, 0, Sp::None, 0, PRM_NONE},
    {"PUSHF", 0x9C, -1, Enc::None, Imm::None, 0, Sp::None, 0, PRM_NONE},
    {"POPF", 0x9D, -1, Enc::None, Imm::None, 0, Sp::Popf, 0, PRM_NONE},
    {"PUSH ES", 0x06, -1, Enc::None, Imm::None, 0, Sp::PushSeg, 0, PRM_NONE},
    {"PUSH CS", 0x0E, -1, Enc::None, Imm::None, 0, Sp::PushSeg, 0, PRM_NONE},
    {"PUSH SS", 0x16, -1, Enc::None, Imm::None, 0, Sp::PushSeg, 0, PRM_NONE},
    {"PUSH DS", 0x1E, -1, Enc::None, Imm::None, 0, Sp::PushSeg, 0, PRM_NONE},
    {"PUSH FS", 0x1A0, -1, Enc::None, Imm::None, 0, Sp::PushSeg, 0, PRM_NONE},
    {"PUSH GS", 0x1A8, -1, Enc::None, Imm::None, 0, Sp::PushSeg, 0, PRM_NONE},
    {"ENTER Iw,Ib", 0xC8, -1, Enc::None, Imm::IwIb, 0, Sp::Enter, 0, PRM_NONE},
    {"LEAVE", 0xC9, -1, Enc::None, Imm::None, 0, Sp::Leave, 0, PRM_NONE},
    {"BOUND Gv,Ma", 0x62, -1, Enc::ModRMMem, Imm::None, 0, Sp::Bound, 0, PRM_NONE},
    // ---- near control transfer
    {"Jcc rel8", 0x70, -1, Enc::None, Imm::Rel8, kNoOsz | kLow4 | kBranch, Sp::None, 0, PRM_NONE},
    {"Jcc relz", 0x180, -1, Enc::None, Imm::Relz, kLow4 | kBranch, Sp::None, 0, PRM_NONE},
    {"JMP rel8", 0xEB, -1, Enc::None, Imm::Rel8, kBranch, Sp::None, 0, PRM_NONE},
    {"JMP relz", 0xE9, -1, Enc::None, Imm::Relz, kBranch, Sp::None, 0, PRM_NONE},
    {"CALL relz", 0xE8, -1, Enc::None, Imm::Relz, kBranch, Sp::None, 0, PRM_NONE},
    {"JMP Ev", 0xFF, 4, Enc::ModRM, Imm::None, kBranch, Sp::JmpInd, 0, PRM_NONE},
    {"CALL Ev", 0xFF, 2, Enc::ModRM, Imm::None, kBranch, Sp::CallInd, 0, PRM_NONE},
    {"RET", 0xC3, -1, Enc::None, Imm::None, kBranch, Sp::Ret, 0, PRM_NONE},
    {"RET Iw", 0xC2, -1, Enc::None, Imm::Iw, kBranch, Sp::Ret, 0, PRM_NONE},
    {"LOOPNE rel8", 0xE0, -1, Enc::None, Imm::Rel8, kAddr | kBranch, Sp::Loop, 0, PRM_NONE},
    {"LOOPE rel8", 0xE1, -1, Enc::None, Imm::Rel8, kAddr | kBranch, Sp::Loop, 0, PRM_NONE},
    {"LOOP rel8", 0xE2, -1, Enc::None, Imm::Rel8, kAddr | kBranch, Sp::Loop, 0, PRM_NONE},
    {"JCXZ rel8", 0xE3, -1, Enc::None, Imm::Rel8, kAddr | kBranch, Sp::Loop, 0, PRM_NONE},
    // ---- strings (PRM 17 MOVS ... SCAS, REP)
    {"MOVSB", 0xA4, -1, Enc::None, Imm::None, kNoOsz | kAddr | kString, Sp::None, 0, PRM_NONE},
    {"MOVSv", 0xA5, -1, Enc::None, Imm::None, kAddr | kString, Sp::None, 0, PRM_NONE},
    {"REP MOVSB", 0xA4, -1, Enc::None, Imm::None, kNoOsz | kAddr | kString | kRep, Sp::None, 0, PRM_NONE},
    {"REP MOVSv", 0xA5, -1, Enc::None, Imm::None, kAddr | kString | kRep, Sp::None, 0, PRM_NONE},
    {"MOVSv segovr", 0xA5, -1, Enc::None, Imm::None, kAddr | kString | kSegOvr, Sp::None, 0, PRM_NONE},
    {"CMPSB", 0xA6, -1, Enc::None, Imm::None, kNoOsz | kAddr | kString, Sp::None, 0, PRM_ARITH},
    {"CMPSv", 0xA7, -1, Enc::None, Imm::None, kAddr | kString, Sp::None, 0, PRM_ARITH},
    {"REPE CMPSB", 0xA6, -1, Enc::None, Imm::None, kNoOsz | kAddr | kString | kRep, Sp::StrCmp, 0, PRM_ARITH},
    {"REPE CMPSv", 0xA7, -1, Enc::None, Imm::None, kAddr | kString | kRep, Sp::StrCmp, 0, PRM_ARITH},
    {"REPNE CMPSB", 0xA6, -1, Enc::None, Imm::None, kNoOsz | kAddr | kString | kRepne, Sp::StrCmp, 0, PRM_ARITH},
    {"REPNE CMPSv", 0xA7, -1, Enc::None, Imm::None, kAddr | kString | kRepne, Sp::StrCmp, 0, PRM_ARITH},
    {"STOSB", 0xAA, -1, Enc::None, Imm::None, kNoOsz | kAddr | kString, Sp::None, 0, PRM_NONE},
    {"STOSv", 0xAB, -1, Enc::None, Imm::None, kAddr | kString, Sp::None, 0, PRM_NONE},
    {"REP STOSB", 0xAA, -1, Enc::None, Imm::None, kNoOsz | kAddr | kString | kRep, Sp::None, 0, PRM_NONE},
    {"REP STOSv", 0xAB, -1, Enc::None, Imm::None, kAddr | kString | kRep, Sp::None, 0, PRM_NONE},
    {"LODSB", 0xAC, -1, Enc::None, Imm::None, kNoOsz | kAddr | kString, Sp::None, 0, PRM_NONE},
    {"LODSv", 0xAD, -1, Enc::None, Imm::None, kAddr | kString, Sp::None, 0, PRM_NONE},
    {"REP LODSv", 0xAD, -1, Enc::None, Imm::None, kAddr | kString | kRep, Sp::None, 0, PRM_NONE},
    {"LODSv segovr", 0xAD, -1, Enc::None, Imm::None, kAddr | kString | kSegOvr, Sp::None, 0, PRM_NONE},
    {"SCASB", 0xAE, -1, Enc::None, Imm::None, kNoOsz | kAddr | kString, Sp::None, 0, PRM_ARITH},
    {"SCASv", 0xAF, -1, Enc::None, Imm::None, kAddr | kString, Sp::None, 0, PRM_ARITH},
    {"REPE SCASB", 0xAE, -1, Enc::None, Imm::None, kNoOsz | kAddr | kString | kRep, Sp::StrCmp, 0, PRM_ARITH},
    {"REPE SCASv", 0xAF, -1, Enc::None, Imm::None, kAddr | kString | kRep, Sp::StrCmp, 0, PRM_ARITH},
    {"REPNE SCASB", 0xAE, -1, Enc::None, Imm::None, kNoOsz | kAddr | kString | kRepne, Sp::StrCmp, 0, PRM_ARITH},
    {"REPNE SCASv", 0xAF, -1, Enc::None, Imm::None, kAddr | kString | kRepne, Sp::StrCmp, 0, PRM_ARITH},
    // ---- LOCK with a memory destination (PRM 17 LOCK: the lockable list)
    {"LOCK ADD Ev,Gv", 0x01, -1, Enc::ModRMMem, Imm::None, kLock, Sp::None, 0, PRM_ARITH},
    {"LOCK OR Eb,Gb", 0x08, -1, Enc::ModRMMem, Imm::None, kLock | kNoOsz, Sp::None, uf::kLogic, PRM_LOGIC},
    {"LOCK ADC Ev,Gv", 0x11, -1, Enc::ModRMMem, Imm::None, kLock, Sp::None, 0, PRM_ARITH},
    {"LOCK SBB Ev,Gv", 0x19, -1, Enc::ModRMMem, Imm::None, kLock, Sp::None, 0, PRM_ARITH},
    {"LOCK AND Ev,Gv", 0x21, -1, Enc::ModRMMem, Imm::None, kLock, Sp::None, uf::kLogic, PRM_LOGIC},
    {"LOCK SUB Ev,Gv", 0x29, -1, Enc::ModRMMem, Imm::None, kLock, Sp::None, 0, PRM_ARITH},
    {"LOCK XOR Ev,Gv", 0x31, -1, Enc::ModRMMem, Imm::None, kLock, Sp::None, uf::kLogic, PRM_LOGIC},
    {"LOCK ADD Ev,Iz (81)", 0x81, 0, Enc::ModRMMem, Imm::Iz, kLock, Sp::None, 0, PRM_ARITH},
    {"LOCK SUB Ev,Ib (83)", 0x83, 5, Enc::ModRMMem, Imm::Ib, kLock, Sp::None, 0, PRM_ARITH},
    {"LOCK INC Ev", 0xFF, 0, Enc::ModRMMem, Imm::None, kLock, Sp::None, 0, PRM_ARITH},
    {"LOCK DEC Eb", 0xFE, 1, Enc::ModRMMem, Imm::None, kLock | kNoOsz, Sp::None, 0, PRM_ARITH},
    {"LOCK NOT Ev", 0xF7, 2, Enc::ModRMMem, Imm::None, kLock, Sp::None, 0, PRM_NONE},
    {"LOCK NEG Ev", 0xF7, 3, Enc::ModRMMem, Imm::None, kLock, Sp::None, 0, PRM_ARITH},
    {"LOCK XCHG Ev,Gv", 0x87, -1, Enc::ModRMMem, Imm::None, kLock, Sp::None, 0, PRM_NONE},
    {"LOCK BTS Ev,Gv", 0x1AB, -1, Enc::ModRMMem, Imm::None, kLock, Sp::BtReg, uf::kBt, PRM_BT},
    {"LOCK BTC Ev,Ib", 0x1BA, 7, Enc::ModRMMem, Imm::Ib, kLock, Sp::None, uf::kBt, PRM_BT},
    {"LOCK XADD Ev,Gv", 0x1C1, -1, Enc::ModRMMem, Imm::None, kLock, Sp::None, 0, PRM_ARITH},
    {"LOCK CMPXCHG Ev,Gv", 0x1B1, -1, Enc::ModRMMem, Imm::None, kLock, Sp::Cmpxchg, 0, PRM_ARITH},
    // Not lockable: #UD on the 80386 (PRM 17 LOCK).
    {"LOCK CMP Ev,Gv", 0x39, -1, Enc::ModRMMem, Imm::None, kLock, Sp::None, 0, PRM_ARITH},
};

#undef IRQ_ALU_ROW
#undef IRQ_SHIFT_ROW

// ---------------------------------------------------------------------------------------------
// Forms (or variants of forms) NOT compared, because Unicorn 2.0.1 is wrong there: the manual
// decides, not Unicorn. docs/deviations.md lists these. `variant` is a substring of the variant
// name ("real", "pm", "o16", "o32", "reg", "mem", "a16", "a32"; "" = every variant); several
// substrings separated by '&' must all match.
// `partial`: nullptr = the variant is not run at all; otherwise the part of the result that is not
// compared (the generator in unicorn_harness.h applies that mask; the rest is still compared).
struct Exclusion {
  const char* form;
  const char* variant;
  const char* partial;
  const char* reason;
};

inline constexpr Exclusion kExclusions[] = {
    {"TEST Eb,Ib (F6 /1)", "", nullptr,
     "Unicorn raises #UD for the undocumented TEST alias F6 /1; the 80386 executes it as TEST "
     "(oracles.md, measured on the SST 80286 vectors)"},
    {"TEST Ev,Iz (F7 /1)", "", nullptr,
     "Unicorn raises #UD for the undocumented TEST alias F7 /1; the 80386 executes it as TEST "
     "(oracles.md)"},
    {"LOCK CMP Ev,Gv", "", nullptr,
     "Unicorn aborts the whole process (tcg fatal error, SIGABRT) on LOCK CMP with a memory "
     "operand (oracles.md); PRM 17 LOCK: CMP is not lockable, #UD"},
    {"LOCK NEG Ev", "", nullptr,
     "Unicorn computes SF/PF of LOCK NEG on memory from the operand before negation "
     "(oracles.md); PRM 17 NEG: flags from the result"},
    {"PREFETCH/hint NOP Ev (0F 18)", "reg", nullptr,
     "Unicorn raises #UD for 0F 18 /0-/3 with a register operand; Intel SDM NOP/PREFETCHh: "
     "0F 18-1F are reserved NOPs for any ModR/M (P6 and later; the 80386 has no 0F 18)"},
    {"ENTER Iw,Ib", "real&o32", "EBP[31:16]",
     "32-bit ENTER on a 16-bit stack: Unicorn writes only BP and keeps EBP[31:16], and pushes all "
     "of ESP as the frame pointer; PRM 17 ENTER: frame-ptr <- eSP (SP for a 16-bit stack), "
     "EBP <- frame-ptr (zero-extended SP). Cases run with ESP[31:16] = 0"},
};

}  // namespace irq::difftest
