// cpu/disasm.cpp — Capstone wrapper (see disasm.h).
#include "disasm.h"

#include <capstone/capstone.h>

namespace irq::cpu {
namespace {

// One Capstone handle per mode, opened on first use by the calling thread and closed when the
// thread ends (Capstone handles are not thread-safe; opening one per call costs more than the
// disassembly itself).
class CapstoneHandles {
 public:
  ~CapstoneHandles() {
    for (csh& h : handle_)
      if (h) cs_close(&h);
  }
  csh get(bool mode32) {
    csh& h = handle_[mode32 ? 1 : 0];
    if (!h && cs_open(CS_ARCH_X86, mode32 ? CS_MODE_32 : CS_MODE_16, &h) != CS_ERR_OK) h = 0;
    return h;
  }

 private:
  csh handle_[2] = {0, 0};
};

}  // namespace

std::string disassemble(const uint8_t* bytes, size_t n, uint32_t address, bool mode32,
                        unsigned* length) {
  thread_local CapstoneHandles handles;
  if (length) *length = n ? 1 : 0;
  if (n == 0) return "(bad)";
  const csh h = handles.get(mode32);
  if (!h) return "(bad)";
  cs_insn* insn = nullptr;
  const size_t count = cs_disasm(h, bytes, n, address, 1, &insn);
  if (count == 0) return "(bad)";
  std::string text = insn[0].mnemonic;
  if (insn[0].op_str[0]) {
    text += ' ';
    text += insn[0].op_str;
  }
  if (length) *length = insn[0].size;
  cs_free(insn, count);
  return text;
}

}  // namespace irq::cpu
