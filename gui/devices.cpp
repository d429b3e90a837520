// gui/devices.cpp — the devices on the board, and keyboard typing (text and ^X control keys, as a
// TypeKeys command applied between instructions).
#include "gui/devices.h"

#include <imgui.h>

namespace irq::gui {

void draw_devices_window(const Snapshot& s, Ui& ui, Commands& out) {
  if (!ImGui::Begin("Devices", &ui.show_devices)) { ImGui::End(); return; }
  for (size_t i = 0; i < s.device_names.size(); ++i) ImGui::BulletText("%s", s.device_names[i].c_str());
  if (s.device_names.empty()) ImGui::TextDisabled("no devices");
  ImGui::Separator();
  ImGui::TextUnformatted("keyboard: type text (^C = control key)");
  ImGui::SetNextItemWidth(-60);
  const bool enter = ImGui::InputText("##keys", ui.key_text, sizeof ui.key_text, ImGuiInputTextFlags_EnterReturnsTrue);
  ImGui::SameLine();
  if ((ImGui::Button("Type") || enter) && ui.key_text[0]) {
    out.push_back({Command::Kind::TypeKeys, 0, Reg::Eax, ui.key_text});
    ui.key_text[0] = 0;
  }
  ImGui::End();
}

}  // namespace irq::gui
