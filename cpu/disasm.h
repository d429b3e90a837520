// cpu/disasm.h — one-instruction x86 disassembly through Capstone (for the debugger, traces and test
// failure messages). Not used on the execution path.
//
// API:  disassemble(bytes, n, address, mode32, &length) -> "mnemonic operands" in Intel syntax.
//       mode32 selects 32-bit default operand/address size (CS.D = 1), else 16-bit.
//       length receives the instruction's byte count; on bytes Capstone cannot decode the result is
//       "(bad)" with length 1 (0 when n == 0).
// Inaccuracies: Capstone's view of x86, not the 80386's: it also decodes later instructions
//       (CMOVcc, SSE...) that this CPU raises #UD for.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>

namespace irq::cpu {

std::string disassemble(const uint8_t* bytes, size_t n, uint32_t address, bool mode32,
                        unsigned* length);

}  // namespace irq::cpu
