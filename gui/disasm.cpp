// gui/disasm.cpp — Capstone disassembly around CS:EIP from the snapshot's code bytes; the current
// instruction is highlighted, a click on a line toggles a breakpoint at its linear address.
#include "gui/disasm.h"

#include <imgui.h>

#include <cstdio>
#include <string>
#include <vector>

#include "cpu/disasm.h"

namespace irq::gui {

namespace {
struct Line { uint32_t addr; unsigned len; std::string text; };

// Decode from `start` (an offset in the code region) until the region ends.
std::vector<Line> decode_from(const MemRegion& code, uint32_t start, bool mode32, uint32_t cs_base,
                              size_t max_lines) {
  std::vector<Line> lines;
  uint32_t off = start;
  while (off < code.bytes.size() && lines.size() < max_lines) {
    unsigned len = 0;
    std::string t = cpu::disassemble(code.bytes.data() + off, code.bytes.size() - off,
                                     code.base + off - cs_base, mode32, &len);
    if (len == 0) break;
    lines.push_back({code.base + off, len, std::move(t)});
    off += len;
  }
  return lines;
}
}  // namespace

void draw_disasm_window(const Snapshot& s, Ui& ui, Commands& out) {
  if (!ImGui::Begin("Disassembly", &ui.show_disasm)) { ImGui::End(); return; }
  const cpu::State& st = s.cpu;
  const uint32_t pc = pc_linear(st);
  const bool mode32 = st.protected_mode() && st.seg[cpu::CS].big();
  const uint32_t cs_base = st.seg[cpu::CS].base;
  if (s.code.bytes.empty()) { ImGui::TextUnformatted("(no code)"); ImGui::End(); return; }
  // Find the earliest start before EIP whose instruction stream lands exactly on EIP (x86 has no
  // backwards decoding), then show a few lines before it.
  const uint32_t pc_off = pc - s.code.base;
  std::vector<Line> lines;
  for (uint32_t start = 0; start <= pc_off && lines.empty(); ++start) {
    auto l = decode_from(s.code, start, mode32, cs_base, 64);
    for (const Line& x : l)
      if (x.addr == pc) { lines = std::move(l); break; }
  }
  if (lines.empty()) lines = decode_from(s.code, pc_off, mode32, cs_base, 64);
  size_t first = 0;
  for (size_t i = 0; i < lines.size(); ++i)
    if (lines[i].addr == pc) { first = i > 8 ? i - 8 : 0; break; }
  ImGui::TextDisabled("click a line: toggle breakpoint");
  for (size_t i = first; i < lines.size() && i < first + 40; ++i) {
    const Line& l = lines[i];
    const bool bp = s.breakpoints.count(l.addr) != 0;
    const bool cur = l.addr == pc;
    char bytes[40] = {};
    for (unsigned b = 0; b < l.len && b < 6; ++b) {
      const uint32_t o = l.addr - s.code.base + b;
      std::snprintf(bytes + 3 * b, 4, "%02X ", s.code.bytes[o]);
    }
    char label[160];
    std::snprintf(label, sizeof label, "%s%s %08X  %-18s %s", bp ? "*" : " ", cur ? ">" : " ", l.addr,
                  bytes, l.text.c_str());
    if (bp) ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(1, 0.4f, 0.4f, 1));
    ImGui::PushID(int(i));
    if (ImGui::Selectable(label, cur)) out.push_back({Command::Kind::ToggleBreakpoint, l.addr});
    ImGui::PopID();
    if (bp) ImGui::PopStyleColor();
  }
  ImGui::End();
}

}  // namespace irq::gui
