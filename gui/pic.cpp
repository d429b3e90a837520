// gui/pic.cpp — the 8259A pair: IRR/ISR/IMR as bit rows (IR7 on the left), the pins, edge or level
// per input, ICW values and the decoded modes, the priority order as it stands, INTA and spurious
// counters.
#include "gui/pic.h"

#include <imgui.h>

#include <cinttypes>
#include <cstdio>

namespace irq::gui {

namespace {
void bit_row(const char* name, uint8_t v, ImU32 on) {
  ImGui::Text("%-4s", name);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  for (int b = 7; b >= 0; --b) {
    ImGui::SameLine();
    const ImVec2 p = ImGui::GetCursorScreenPos();
    const float sz = ImGui::GetTextLineHeight();
    dl->AddRectFilled(p, ImVec2(p.x + sz, p.y + sz), (v >> b) & 1 ? on : IM_COL32(60, 60, 60, 255));
    dl->AddRect(p, ImVec2(p.x + sz, p.y + sz), IM_COL32(120, 120, 120, 255));
    ImGui::Dummy(ImVec2(sz, sz));
  }
  ImGui::SameLine();
  ImGui::Text(" %02X", v);
}

void chip(const char* title, const pic::I8259State& c, unsigned first_irq) {
  ImGui::Text("%s  (IRQ%u-%u)  INT=%d", title, first_irq, first_irq + 7, int(c.int_out));
  bit_row("pins", c.pins, IM_COL32(120, 200, 255, 255));
  bit_row("IRR", c.irr, IM_COL32(255, 200, 60, 255));
  bit_row("ISR", c.isr, IM_COL32(90, 220, 90, 255));
  bit_row("IMR", c.imr, IM_COL32(220, 80, 80, 255));
  const bool ltim = c.icw1 & 0x08;
  char trig[9] = {};
  for (int b = 7; b >= 0; --b) trig[7 - b] = (ltim || ((c.elcr >> b) & 1)) ? 'L' : 'E';
  ImGui::Text("trig %s  ICW1 %02X ICW2 %02X ICW3 %02X ICW4 %02X", trig, c.icw1, c.icw2, c.icw3, c.icw4);
  ImGui::Text("%s%s%s%s%s%s", (c.icw4 & 0x02) ? "AEOI " : "", (c.icw4 & 0x10) ? "SFNM " : "",
              c.rotate_in_aeoi ? "rotate " : "", c.special_mask ? "special-mask " : "",
              c.poll_pending ? "poll " : "", c.init == pic::InitStep::Ready ? "ready" : "initializing");
  char order[40] = {};
  int n = 0;
  for (unsigned k = 1; k <= 8; ++k) n += std::snprintf(order + n, sizeof order - size_t(n), "%u ", (c.lowest_priority + k) & 7);
  ImGui::Text("priority (high->low): %s", order);
  ImGui::Text("INTA %" PRIu64 "  spurious %" PRIu64, c.inta_count, c.spurious_count);
}
}  // namespace

void draw_pic_window(const Snapshot& s, Ui& ui, Commands& /*out*/) {
  if (!ImGui::Begin("PIC", &ui.show_pic)) { ImGui::End(); return; }
  if (!s.have_pic) {
    ImGui::TextUnformatted("wired-or board: no 8259A");
  } else {
    chip("master", s.master, 0);
    ImGui::Separator();
    chip("slave", s.slave, 8);
  }
  ImGui::End();
}

}  // namespace irq::gui
