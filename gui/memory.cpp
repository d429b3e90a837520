// gui/memory.cpp — physical memory as hex and ASCII, 16 bytes a row, from a chosen address.
#include "gui/memory.h"

#include <imgui.h>

#include <cstdio>

namespace irq::gui {

void draw_memory_window(const Snapshot& s, Ui& ui, Commands& /*out*/) {
  if (!ImGui::Begin("Memory", &ui.show_memory)) { ImGui::End(); return; }
  ImGui::SetNextItemWidth(100);
  uint32_t a = ui.mem_addr;
  if (ImGui::InputScalar("physical address", ImGuiDataType_U32, &a, nullptr, nullptr, "%08X",
                         ImGuiInputTextFlags_CharsHexadecimal | ImGuiInputTextFlags_EnterReturnsTrue))
    ui.mem_addr = a & ~15u;
  ImGui::SameLine();
  if (ImGui::SmallButton("EIP")) ui.mem_addr = pc_linear(s.cpu) & ~15u;
  const MemRegion& m = s.memory;
  for (uint32_t row = 0; row + 16 <= m.bytes.size(); row += 16) {
    char hex[16 * 3 + 1] = {}, ascii[17] = {};
    for (unsigned i = 0; i < 16; ++i) {
      const uint8_t b = m.bytes[row + i];
      std::snprintf(hex + 3 * i, 4, "%02X ", b);
      ascii[i] = (b >= 32 && b < 127) ? char(b) : '.';
    }
    ImGui::Text("%08X  %s %s", m.base + row, hex, ascii);
  }
  ImGui::End();
}

}  // namespace irq::gui
