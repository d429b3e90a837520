// gui/events.cpp — the trace log (the snapshot's tail, newest at the bottom) filtered by event kind.
#include "gui/events.h"

#include <imgui.h>

#include <cinttypes>
#include <vector>

namespace irq::gui {

void draw_events_window(const Snapshot& s, Ui& ui, Commands& /*out*/) {
  if (!ImGui::Begin("Events", &ui.show_events)) { ImGui::End(); return; }
  if (ImGui::BeginPopup("filter")) {
    for (unsigned k = 0; k < unsigned(sim::Ev::kCount); ++k)
      ImGui::CheckboxFlags(sim::event_name(sim::Ev(k)), &ui.event_mask, 1u << k);
    ImGui::EndPopup();
  }
  if (ImGui::SmallButton("Filter...")) ImGui::OpenPopup("filter");
  ImGui::SameLine();
  ImGui::Text("%" PRIu64 " events", s.trace_total);
  std::vector<const sim::TraceEvent*> shown;
  shown.reserve(s.trace_tail.size());
  for (const auto& e : s.trace_tail)
    if (ui.event_mask & (1u << unsigned(e.kind))) shown.push_back(&e);
  if (ImGui::BeginTable("ev", 3, ImGuiTableFlags_ScrollY | ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingFixedFit)) {
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableSetupColumn("cycle");
    ImGui::TableSetupColumn("event");
    ImGui::TableSetupColumn("a b c");
    ImGui::TableHeadersRow();
    ImGuiListClipper clip;
    clip.Begin(int(shown.size()));
    while (clip.Step()) {
      for (int i = clip.DisplayStart; i < clip.DisplayEnd; ++i) {
        const sim::TraceEvent& e = *shown[size_t(i)];
        ImGui::TableNextRow();
        ImGui::TableNextColumn(); ImGui::Text("%" PRIu64, e.cycle);
        ImGui::TableNextColumn(); ImGui::TextUnformatted(sim::event_name(e.kind));
        ImGui::TableNextColumn(); ImGui::Text("%u %X %X", unsigned(e.a), e.b, e.c);
      }
    }
    if (s.running) ImGui::SetScrollHereY(1.0f);
    ImGui::EndTable();
  }
  ImGui::End();
}

}  // namespace irq::gui
