// gui/console.cpp — the guest console (UART output and port 0xE9) and a line of keyboard input.
#include "gui/console.h"

#include <imgui.h>

namespace irq::gui {

void draw_console_window(const Snapshot& s, Ui& ui, Commands& out) {
  if (!ImGui::Begin("Console", &ui.show_console)) { ImGui::End(); return; }
  const float input_h = ImGui::GetFrameHeightWithSpacing();
  ImGui::BeginChild("text", ImVec2(0, -input_h), true);
  ImGui::TextUnformatted(s.console.data(), s.console.data() + s.console.size());
  if (ImGui::GetScrollY() >= ImGui::GetScrollMaxY()) ImGui::SetScrollHereY(1.0f);
  ImGui::EndChild();
  ImGui::SetNextItemWidth(-1);
  if (ImGui::InputText("##in", ui.console_line, sizeof ui.console_line, ImGuiInputTextFlags_EnterReturnsTrue)) {
    out.push_back({Command::Kind::TypeKeys, 0, Reg::Eax, std::string(ui.console_line) + "\n"});
    ui.console_line[0] = 0;
  }
  ImGui::End();
}

}  // namespace irq::gui
