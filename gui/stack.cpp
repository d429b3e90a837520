// gui/stack.cpp — the stack from SS:ESP in operand-size words; when the machine stopped right at an
// interrupt entry (the newest trace event is isr-enter / int / exception) the top three words are
// decoded as the trap frame (EIP/IP, CS, EFLAGS/FLAGS). Error codes and privilege-change frames
// (SS:ESP pushed too) are not decoded yet.
#include "gui/stack.h"

#include <imgui.h>

namespace irq::gui {

void draw_stack_window(const Snapshot& s, Ui& ui, Commands& /*out*/) {
  if (!ImGui::Begin("Stack", &ui.show_stack)) { ImGui::End(); return; }
  const cpu::State& st = s.cpu;
  const bool w32 = st.protected_mode() && st.seg[cpu::SS].big();
  const unsigned w = w32 ? 4 : 2;
  bool in_isr = false;
  if (!s.trace_tail.empty()) {
    const sim::Ev k = s.trace_tail.back().kind;
    in_isr = k == sim::Ev::IsrEnter || k == sim::Ev::IntSoftware || k == sim::Ev::Nmi;
  }
  ImGui::Text("SS:ESP %04X:%08X (%u-bit)%s", st.seg[cpu::SS].selector, st.gpr[cpu::ESP], w * 8,
              in_isr ? "  trap frame on top" : "");
  static const char* const kFrame[3] = {"<- return EIP", "<- return CS", "<- saved EFLAGS"};
  const MemRegion& m = s.stack;
  for (unsigned i = 0; i < 24 && (i + 1) * w <= m.bytes.size(); ++i) {
    const uint32_t a = m.base + i * w;
    const uint32_t v = w32 ? m.u32(a) : m.u16(a);
    if (w32) ImGui::Text("%08X  +%02X  %08X %s", a, i * w, v, in_isr && i < 3 ? kFrame[i] : "");
    else ImGui::Text("%08X  +%02X  %04X %s", a, i * w, v, in_isr && i < 3 ? kFrame[i] : "");
  }
  ImGui::End();
}

}  // namespace irq::gui
