// gui/tables.cpp — the IVT (real mode) or the IDT (protected mode: gate type, selector, offset, DPL,
// present) with the vector last taken highlighted; the GDT (base, limit, access, flags).
#include "gui/tables.h"

#include <imgui.h>

namespace irq::gui {

namespace {
const char* gate_type(unsigned t) {
  switch (t) {
    case 0x5: return "task";
    case 0x6: return "int16";
    case 0x7: return "trap16";
    case 0xE: return "int32";
    case 0xF: return "trap32";
    default: return "?";
  }
}

int last_vector(const Snapshot& s) {
  for (auto it = s.trace_tail.rbegin(); it != s.trace_tail.rend(); ++it)
    if (it->kind == sim::Ev::IsrEnter || it->kind == sim::Ev::IntSoftware || it->kind == sim::Ev::Exception)
      return int(it->b & 0xFF);
  return -1;
}
}  // namespace

void draw_tables_window(const Snapshot& s, Ui& ui, Commands& /*out*/) {
  if (!ImGui::Begin("Tables", &ui.show_tables)) { ImGui::End(); return; }
  const cpu::State& st = s.cpu;
  const int last = last_vector(s);
  const ImVec4 hi(1.0f, 0.85f, 0.2f, 1.0f);
  if (ImGui::BeginTabBar("tabs")) {
    if (ImGui::BeginTabItem(st.protected_mode() ? "IDT" : "IVT")) {
      const MemRegion& t = s.ivt_idt;
      const unsigned entry = st.protected_mode() ? 8 : 4;
      const int n = int(t.bytes.size() / entry);
      if (ImGui::BeginTable("ivt", st.protected_mode() ? 6 : 2,
                            ImGuiTableFlags_ScrollY | ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingFixedFit)) {
        ImGui::TableSetupScrollFreeze(0, 1);
        ImGui::TableSetupColumn("vec");
        if (st.protected_mode()) {
          ImGui::TableSetupColumn("type");
          ImGui::TableSetupColumn("sel");
          ImGui::TableSetupColumn("offset");
          ImGui::TableSetupColumn("DPL");
          ImGui::TableSetupColumn("P");
        } else {
          ImGui::TableSetupColumn("seg:off");
        }
        ImGui::TableHeadersRow();
        ImGuiListClipper clip;
        clip.Begin(n);
        while (clip.Step()) {
          for (int v = clip.DisplayStart; v < clip.DisplayEnd; ++v) {
            const uint32_t a = t.base + uint32_t(v) * entry;
            ImGui::TableNextRow();
            if (v == last) ImGui::TableSetBgColor(ImGuiTableBgTarget_RowBg0, ImGui::GetColorU32(ImVec4(0.5f, 0.35f, 0.0f, 0.8f)));
            ImGui::TableNextColumn();
            ImGui::TextColored(v == last ? hi : ImVec4(0.9f, 0.9f, 0.9f, 1), "%02X", v);
            if (st.protected_mode()) {
              const uint32_t lo = t.u32(a), hw = t.u32(a + 4);
              ImGui::TableNextColumn(); ImGui::TextUnformatted(gate_type((hw >> 8) & 0xF));
              ImGui::TableNextColumn(); ImGui::Text("%04X", lo >> 16);
              ImGui::TableNextColumn(); ImGui::Text("%08X", (hw & 0xFFFF0000u) | (lo & 0xFFFF));
              ImGui::TableNextColumn(); ImGui::Text("%u", (hw >> 13) & 3);
              ImGui::TableNextColumn(); ImGui::Text("%u", (hw >> 15) & 1);
            } else {
              const uint32_t e = t.u32(a);
              ImGui::TableNextColumn(); ImGui::Text("%04X:%04X", e >> 16, e & 0xFFFF);
            }
          }
        }
        ImGui::EndTable();
      }
      ImGui::EndTabItem();
    }
    if (ImGui::BeginTabItem("GDT")) {
      ImGui::Text("GDTR base %08X limit %04X", st.gdtr.base, st.gdtr.limit);
      const MemRegion& g = s.gdt;
      for (uint32_t i = 0; i + 8 <= g.bytes.size() && i < 64 * 8; i += 8) {
        const uint32_t lo = g.u32(g.base + i), hw = g.u32(g.base + i + 4);
        const uint32_t base = (lo >> 16) | ((hw & 0xFF) << 16) | (hw & 0xFF000000u);
        uint32_t limit = (lo & 0xFFFF) | (hw & 0x000F0000u);
        if (hw & (1u << 23)) limit = (limit << 12) | 0xFFF;
        ImGui::Text("%04X  base %08X  limit %08X  access %02X  %s%s", i, base, limit, (hw >> 8) & 0xFF,
                    (hw & (1u << 22)) ? "D " : "", (hw & (1u << 15)) ? "P" : "-");
      }
      ImGui::EndTabItem();
    }
    ImGui::EndTabBar();
  }
  ImGui::End();
}

}  // namespace irq::gui
