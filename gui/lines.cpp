// gui/lines.cpp — a scrolling waveform of IRQ0-15, INTR, INTA and NMI over cycles, rebuilt from the
// snapshot's trace tail and drawn with ImDrawList. INTA and NMI are marks (pulses); spurious
// acknowledges are red marks on the INTA row. The span slider zooms; the right edge follows now.
#include "gui/lines.h"

#include <imgui.h>

#include <algorithm>
#include <cinttypes>

namespace irq::gui {

void draw_lines_window(const Snapshot& s, Ui& ui, Commands& /*out*/) {
  if (!ImGui::Begin("Lines", &ui.show_lines)) { ImGui::End(); return; }
  ImGui::SetNextItemWidth(160);
  ImGui::SliderFloat("span (cycles)", &ui.lines_span, 100.0f, 5e6f, "%.0f", ImGuiSliderFlags_Logarithmic);
  const uint64_t right = s.cpu.cycles;
  const uint64_t span = uint64_t(std::max(1.0f, ui.lines_span));
  const uint64_t left = right > span ? right - span : 0;
  constexpr int kRows = 19;  // IRQ0-15, INTR, INTA, NMI
  static const char* const kNames[kRows] = {"IRQ0", "IRQ1", "IRQ2", "IRQ3", "IRQ4", "IRQ5", "IRQ6",
                                            "IRQ7", "IRQ8", "IRQ9", "IRQ10", "IRQ11", "IRQ12", "IRQ13",
                                            "IRQ14", "IRQ15", "INTR", "INTA", "NMI"};
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  const float row_h = 14.0f, label_w = 44.0f;
  const float width = std::max(50.0f, ImGui::GetContentRegionAvail().x - label_w);
  auto x_of = [&](uint64_t c) {
    const uint64_t cc = std::clamp(c, left, right);
    return origin.x + label_w + float(double(cc - left) / double(right - left + 1) * width);
  };
  // Levels at `left`: replay the tail up to it (levels before the tail are taken as low).
  bool level[17] = {};
  uint64_t since[17] = {};
  for (int r = 0; r < 17; ++r) since[r] = left;
  auto level_row = [&](int r, bool on, uint64_t at) {
    if (level[r] == on) return;
    const float y = origin.y + float(r) * row_h;
    if (at > left) {
      const float hi = y + 2, lo = y + row_h - 3;
      const float ly = level[r] ? hi : lo;
      dl->AddLine(ImVec2(x_of(since[r]), ly), ImVec2(x_of(at), ly), IM_COL32(90, 220, 90, 255));
      dl->AddLine(ImVec2(x_of(at), hi), ImVec2(x_of(at), lo), IM_COL32(90, 220, 90, 255));
    }
    level[r] = on;
    since[r] = std::max(at, left);
  };
  for (int r = 0; r < kRows; ++r)
    dl->AddText(ImVec2(origin.x, origin.y + float(r) * row_h), IM_COL32(200, 200, 200, 255), kNames[r]);
  for (const sim::TraceEvent& e : s.trace_tail) {
    if (e.cycle > right) break;
    switch (e.kind) {
      case sim::Ev::IrqRaised: if (e.a < 16) level_row(e.a, true, e.cycle); break;
      case sim::Ev::IrqLowered: if (e.a < 16) level_row(e.a, false, e.cycle); break;
      case sim::Ev::IntrAsserted: level_row(16, true, e.cycle); break;
      case sim::Ev::IntrDeasserted: level_row(16, false, e.cycle); break;
      case sim::Ev::Inta:
      case sim::Ev::Spurious:
      case sim::Ev::Nmi: {
        if (e.cycle < left) break;
        const int r = e.kind == sim::Ev::Nmi ? 18 : 17;
        const float y = origin.y + float(r) * row_h;
        const ImU32 col = e.kind == sim::Ev::Spurious ? IM_COL32(255, 70, 70, 255) : IM_COL32(255, 200, 60, 255);
        dl->AddLine(ImVec2(x_of(e.cycle), y + 2), ImVec2(x_of(e.cycle), y + row_h - 3), col, 2.0f);
        break;
      }
      default: break;
    }
  }
  for (int r = 0; r < 17; ++r) {  // the last level up to now
    const float y = origin.y + float(r) * row_h;
    const float ly = level[r] ? y + 2 : y + row_h - 3;
    dl->AddLine(ImVec2(x_of(since[r]), ly), ImVec2(x_of(right), ly), IM_COL32(90, 220, 90, 255));
  }
  ImGui::Dummy(ImVec2(label_w + width, row_h * kRows));
  ImGui::Text("%" PRIu64 " .. %" PRIu64, left, right);
  ImGui::End();
}

}  // namespace irq::gui
