// gui/control.cpp — run / pause / reset / reload, step instruction, step N cycles, run to the next
// interrupt, to the next syscall (F8), to the next signal delivery (Shift+F8), run to a cycle; the
// cycle counter, simulated time and why the machine last stopped (with the event it stopped at).
#include "gui/control.h"

#include <imgui.h>

#include <cinttypes>

#include "gui/os_snapshot.h"
#include "os/linux_abi.h"

namespace irq::gui {

void draw_control_window(const Snapshot& s, Ui& ui, Commands& out) {
  if (!ImGui::Begin("Control", &ui.show_control)) { ImGui::End(); return; }
  using K = Command::Kind;
  if (s.running) {
    if (ImGui::Button("Pause (F5)")) out.push_back({K::Pause});
  } else {
    if (ImGui::Button("Run (F5)")) out.push_back({K::Run});
  }
  ImGui::SameLine();
  if (ImGui::Button("Step (F11)")) out.push_back({K::StepInstruction});
  ImGui::SameLine();
  if (ImGui::Button("To IRQ (Shift+F11)")) out.push_back({K::RunToInterrupt});
  if (!s.os.present) ImGui::BeginDisabled();
  if (ImGui::Button("To syscall (F8)")) out.push_back({K::RunToSyscall});
  ImGui::SameLine();
  if (ImGui::Button("To signal (Shift+F8)")) out.push_back({K::RunToSignal});
  if (!s.os.present) ImGui::EndDisabled();
  ImGui::SetNextItemWidth(90);
  ImGui::InputInt("##n", &ui.step_cycles, 0, 0);
  if (ui.step_cycles < 1) ui.step_cycles = 1;
  ImGui::SameLine();
  if (ImGui::Button("Step N cycles")) out.push_back({K::StepCycles, uint64_t(ui.step_cycles)});
  ImGui::SetNextItemWidth(90);
  ImGui::InputScalar("##to", ImGuiDataType_U64, &ui.run_to);
  ImGui::SameLine();
  if (ImGui::Button("Run to cycle")) out.push_back({K::RunToCycle, ui.run_to});
  if (ImGui::Button("Reset")) out.push_back({K::Reset});
  ImGui::SameLine();
  if (ImGui::Button("Reload")) out.push_back({K::Reload, 0, Reg::Eax, ui.reload_path});
  ImGui::Separator();
  const double us = s.clock_hz ? double(s.cpu.cycles) * 1e6 / double(s.clock_hz) : 0.0;
  ImGui::Text("cycle %" PRIu64 "   (%.3f us)", s.cpu.cycles, us);
  ImGui::Text("instructions %" PRIu64, s.cpu.instructions);
  ImGui::Text("%s  %s", s.running ? "running" : "stopped:", s.running ? "" : s.stop_reason.c_str());
  if (!s.running && s.stop_event) {
    const sim::TraceEvent& e = *s.stop_event;
    if (e.kind == sim::Ev::SyscallEnter) {
      ImGui::SameLine();
      ImGui::Text("%s, pid %u", syscall_label(e.c).c_str(), e.b);
    } else if (e.kind == sim::Ev::SignalDelivered || e.kind == sim::Ev::SignalDefault) {
      const char* n = os::lx::signal_name(e.a);
      ImGui::SameLine();
      ImGui::Text("%s, pid %u", n ? n : "?", e.b);
    } else if (e.kind == sim::Ev::IsrEnter) {
      ImGui::SameLine();
      ImGui::Text("vector %02X", e.b);
    }
  }
  ImGui::TextWrapped("scenario: %s", s.scenario_path.empty() ? "(none)" : s.scenario_path.c_str());
  if (!s.error.empty()) ImGui::TextColored(ImVec4(1, 0.35f, 0.35f, 1), "%s", s.error.c_str());
  ImGui::End();
}

}  // namespace irq::gui
