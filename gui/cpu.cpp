// gui/cpu.cpp — registers (editable: an edit is a SetRegister command), EFLAGS bits, CR0/CR2/CR3,
// segment caches, mode and CPL; values changed since the last stop are drawn in yellow.
#include "gui/cpu.h"

#include <imgui.h>

namespace irq::gui {

namespace {
const ImVec4 kChanged(1.0f, 0.85f, 0.2f, 1.0f);
const ImVec4 kNormal(0.9f, 0.9f, 0.9f, 1.0f);

void reg_row(const char* name, Reg r, uint32_t v, uint32_t old, Commands& out) {
  ImGui::TableNextRow();
  ImGui::TableNextColumn();
  ImGui::TextColored(v != old ? kChanged : kNormal, "%s", name);
  ImGui::TableNextColumn();
  uint32_t edit = v;
  ImGui::PushID(name);
  ImGui::SetNextItemWidth(-1);
  if (v != old) ImGui::PushStyleColor(ImGuiCol_Text, kChanged);
  if (ImGui::InputScalar("##v", ImGuiDataType_U32, &edit, nullptr, nullptr, "%08X",
                         ImGuiInputTextFlags_CharsHexadecimal | ImGuiInputTextFlags_EnterReturnsTrue))
    out.push_back({Command::Kind::SetRegister, edit, r});
  if (v != old) ImGui::PopStyleColor();
  ImGui::PopID();
}
}  // namespace

void draw_cpu_window(const Snapshot& s, Ui& ui, Commands& out) {
  if (!ImGui::Begin("CPU", &ui.show_cpu)) { ImGui::End(); return; }
  const cpu::State& st = s.cpu;
  const cpu::State& pv = s.previous;
  static const char* const kNames[8] = {"EAX", "ECX", "EDX", "EBX", "ESP", "EBP", "ESI", "EDI"};
  if (ImGui::BeginTable("regs", 2, ImGuiTableFlags_SizingFixedFit)) {
    ImGui::TableSetupColumn("r", ImGuiTableColumnFlags_WidthFixed, 50);
    ImGui::TableSetupColumn("v", ImGuiTableColumnFlags_WidthFixed, 90);
    for (unsigned i = 0; i < 8; ++i) reg_row(kNames[i], Reg(i), st.gpr[i], pv.gpr[i], out);
    reg_row("EIP", Reg::Eip, st.eip, pv.eip, out);
    reg_row("EFLAGS", Reg::Eflags, st.eflags, pv.eflags, out);
    ImGui::EndTable();
  }
  struct Bit { const char* name; unsigned bit; };
  static const Bit kBits[] = {{"CF", 0}, {"PF", 2}, {"AF", 4}, {"ZF", 6}, {"SF", 7}, {"TF", 8},
                              {"IF", 9}, {"DF", 10}, {"OF", 11}, {"NT", 14}, {"RF", 16}, {"VM", 17}};
  for (const Bit& b : kBits) {
    const bool on = (st.eflags >> b.bit) & 1, was = (pv.eflags >> b.bit) & 1;
    ImGui::TextColored(on != was ? kChanged : (on ? kNormal : ImVec4(0.45f, 0.45f, 0.45f, 1)), "%s", b.name);
    ImGui::SameLine();
  }
  ImGui::Text("IOPL=%u", st.iopl());
  ImGui::TextColored(st.cr0 != pv.cr0 ? kChanged : kNormal, "CR0 %08X", st.cr0);
  ImGui::SameLine();
  ImGui::TextColored(st.cr2 != pv.cr2 ? kChanged : kNormal, "CR2 %08X", st.cr2);
  ImGui::TextColored(st.cr3 != pv.cr3 ? kChanged : kNormal, "CR3 %08X", st.cr3);
  ImGui::SameLine();
  ImGui::Text("%s%s CPL %u%s", st.protected_mode() ? "protected" : "real", st.paging() ? "+paging" : "",
              unsigned(st.cpl), st.halted ? " HLT" : "");
  static const char* const kSeg[6] = {"ES", "CS", "SS", "DS", "FS", "GS"};
  for (unsigned i = 0; i < 6; ++i) {
    const auto& g = st.seg[i];
    ImGui::TextColored(g.selector != pv.seg[i].selector ? kChanged : kNormal, "%s %04X base %08X lim %08X",
                       kSeg[i], g.selector, g.base, g.limit);
  }
  ImGui::End();
}

}  // namespace irq::gui
