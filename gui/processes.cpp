// gui/processes.cpp — the mini OS's processes: pid, ppid, uid, state, what a blocked one waits
// on, CPU time; for the selected process its pending sets (process-wide kill and thread tkill) and
// blocked mask as 32-bit grids of the named signals 1-31 (bit n-1 = signal n, 32 unnamed) plus a
// compact row for 33-64, the handler table (SIG_DFL / SIG_IGN / address, SA_* flags, sa_mask), its
// open files, and a "send signal" control (Command SendSignal: the kernel's post_signal, applied
// at the next kernel entry like a timeline `signal:`).
#include "gui/processes.h"

#include <imgui.h>

#include <algorithm>
#include <cinttypes>
#include <cstdio>
#include <string>

#include "os/linux_abi.h"

namespace irq::gui {

namespace {

using Proc = OsSnapshot::Proc;

// "INT" for 2, "RTMIN+3" for 35, "33" for unnamed ones.
std::string short_name(int sig) {
  const char* n = os::lx::signal_name(sig);
  if (!n) return std::to_string(sig);
  std::string s = n;
  return s.rfind("SIG", 0) == 0 ? s.substr(3) : s;
}

ImU32 state_color(Proc::State st) {
  switch (st) {
    case Proc::State::Running: return IM_COL32(90, 220, 90, 255);
    case Proc::State::Runnable: return IM_COL32(200, 220, 120, 255);
    case Proc::State::Blocked: return IM_COL32(255, 200, 60, 255);
    case Proc::State::Stopped: return IM_COL32(220, 80, 80, 255);
    case Proc::State::Zombie: return IM_COL32(150, 150, 150, 255);
  }
  return IM_COL32_WHITE;
}

// Signals 1-32 as a 4 x 8 grid of named cells, 33-64 as one row of small cells (names in the
// tooltips). `set` has bit n-1 for signal n.
void signal_grid(const char* title, uint64_t set, ImU32 on) {
  ImGui::Text("%s  %08" PRIX32 " %08" PRIX32, title, uint32_t(set >> 32), uint32_t(set));
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const float h = ImGui::GetTextLineHeight() + 2;
  // Eight cells across the window (a name longer than its cell is clipped; the tooltip has it).
  const float avail = ImGui::GetContentRegionAvail().x;
  const float w = std::max(ImGui::CalcTextSize("64").x + 6, std::min(ImGui::CalcTextSize("VTALRM").x + 6, (avail - 8) / 8));
  const ImU32 off = IM_COL32(50, 50, 55, 255), edge = IM_COL32(110, 110, 110, 255);
  for (int row = 0; row < 4; ++row) {
    for (int col = 0; col < 8; ++col) {
      const int sig = row * 8 + col + 1;
      if (col) ImGui::SameLine(0, 1);
      const ImVec2 p = ImGui::GetCursorScreenPos();
      const bool b = (set >> (sig - 1)) & 1;
      dl->AddRectFilled(p, ImVec2(p.x + w, p.y + h), b ? on : off);
      dl->AddRect(p, ImVec2(p.x + w, p.y + h), edge);
      const std::string n = sig <= 31 ? short_name(sig) : std::to_string(sig);
      const ImVec4 clip(p.x + 1, p.y, p.x + w - 1, p.y + h);
      dl->AddText(nullptr, 0.0f, ImVec2(p.x + 3, p.y + 1), b ? IM_COL32(0, 0, 0, 255) : IM_COL32(170, 170, 170, 255),
                  n.c_str(), nullptr, 0.0f, &clip);
      ImGui::PushID(sig);
      ImGui::InvisibleButton("s", ImVec2(w, h));
      if (ImGui::IsItemHovered()) ImGui::SetTooltip("%d %s%s", sig, sig <= 31 ? "SIG" : "", n.c_str());
      ImGui::PopID();
    }
  }
  // 33-64: a compact row.
  const float c = h * 0.6f;
  for (int sig = 33; sig <= 64; ++sig) {
    if (sig > 33) ImGui::SameLine(0, 1);
    const ImVec2 p = ImGui::GetCursorScreenPos();
    const bool b = (set >> (sig - 1)) & 1;
    dl->AddRectFilled(p, ImVec2(p.x + c, p.y + c), b ? on : off);
    dl->AddRect(p, ImVec2(p.x + c, p.y + c), edge);
    ImGui::PushID(sig);
    ImGui::InvisibleButton("r", ImVec2(c, c));
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%d %s", sig, short_name(sig).c_str());
    ImGui::PopID();
  }
}

std::string sa_flags(uint32_t f) {
  std::string s;
  auto add = [&](uint32_t bit, const char* n) { if (f & bit) { if (!s.empty()) s += '|'; s += n; } };
  add(os::kSaRestart, "RESTART");
  add(os::kSaSigInfo, "SIGINFO");
  add(os::kSaNoDefer, "NODEFER");
  add(os::kSaResetHand, "RESETHAND");
  add(os::kSaOnStack, "ONSTACK");
  add(os::kSaNoCldStop, "NOCLDSTOP");
  add(os::kSaNoCldWait, "NOCLDWAIT");
  add(os::kSaRestorer, "RESTORER");
  return s.empty() ? "-" : s;
}

void handler_table(const Proc& p, Ui& ui) {
  ImGui::Checkbox("all signals", &ui.all_handlers);
  if (!ui.all_handlers) { ImGui::SameLine(); ImGui::TextDisabled("(SIG_DFL rows hidden)"); }
  if (!ImGui::BeginTable("handlers", 4, ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingFixedFit | ImGuiTableFlags_BordersInnerV))
    return;
  ImGui::TableSetupColumn("signal");
  ImGui::TableSetupColumn("handler");
  ImGui::TableSetupColumn("flags");
  ImGui::TableSetupColumn("mask");
  ImGui::TableHeadersRow();
  for (int sig = 1; sig <= 64; ++sig) {
    const OsSnapshot::Handler& h = p.act[size_t(sig)];
    if (!ui.all_handlers && h.handler == 0) continue;
    ImGui::TableNextRow();
    ImGui::TableNextColumn(); ImGui::Text("%2d %s", sig, short_name(sig).c_str());
    ImGui::TableNextColumn();
    if (h.handler == 0) ImGui::TextUnformatted("SIG_DFL");
    else if (h.handler == 1) ImGui::TextUnformatted("SIG_IGN");
    else ImGui::Text("%08" PRIX32, h.handler);
    ImGui::TableNextColumn(); ImGui::TextUnformatted(sa_flags(h.flags).c_str());
    ImGui::TableNextColumn(); ImGui::Text("%" PRIX64, h.mask);
  }
  ImGui::EndTable();
}

void send_control(const Proc& p, Ui& ui, Commands& out) {
  if (ui.send_sig < 1 || ui.send_sig > 64) ui.send_sig = 2;
  ImGui::SetNextItemWidth(120);
  const std::string cur = std::to_string(ui.send_sig) + " " + short_name(ui.send_sig);
  if (ImGui::BeginCombo("##sig", cur.c_str())) {
    for (int sig = 1; sig <= 64; ++sig) {
      const std::string n = std::to_string(sig) + " " + short_name(sig);
      if (ImGui::Selectable(n.c_str(), sig == ui.send_sig)) ui.send_sig = sig;
    }
    ImGui::EndCombo();
  }
  ImGui::SameLine();
  const bool can = p.pid != 1 && p.state != Proc::State::Zombie;
  if (!can) ImGui::BeginDisabled();
  char label[48];
  std::snprintf(label, sizeof label, "Send to pid %d", p.pid);
  if (ImGui::Button(label)) out.push_back(Command::send_signal(p.pid, ui.send_sig));
  if (!can) ImGui::EndDisabled();
}

}  // namespace

void draw_processes_window(const Snapshot& s, Ui& ui, Commands& out) {
  if (!ImGui::Begin("Processes", &ui.show_processes)) { ImGui::End(); return; }
  const OsSnapshot& os = s.os;
  if (!os.present) {
    ImGui::TextUnformatted("no mini OS in this scenario");
    ImGui::End();
    return;
  }
  ImGui::Text("on CPU: %s  syscalls %" PRIu64 "  switches %" PRIu64,
              os.current_pid ? ("pid " + std::to_string(os.current_pid)).c_str() : "idle", os.syscalls,
              os.context_switches);
  if (!os.panic.empty()) ImGui::TextColored(ImVec4(1, 0.35f, 0.35f, 1), "panic: %s", os.panic.c_str());
  const Proc* sel = nullptr;
  for (const Proc& p : os.procs)
    if (p.pid == ui.selected_pid) sel = &p;
  if (!sel) {  // the first program's process by default (pid 1 is the kernel's init)
    for (const Proc& p : os.procs)
      if (p.pid != 1) { sel = &p; break; }
    if (!sel && !os.procs.empty()) sel = &os.procs.front();
  }
  const double ms_per_cycle = s.clock_hz ? 1000.0 / double(s.clock_hz) : 0.0;
  const float rows_h = ImGui::GetTextLineHeightWithSpacing() * (float(std::min<size_t>(os.procs.size(), 6)) + 1.5f);
  if (ImGui::BeginTable("procs", 7, ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingFixedFit | ImGuiTableFlags_ScrollY |
                                        ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_Resizable,
                        ImVec2(0, rows_h))) {
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableSetupColumn("pid");
    ImGui::TableSetupColumn("ppid");
    ImGui::TableSetupColumn("uid");
    ImGui::TableSetupColumn("state");
    ImGui::TableSetupColumn("cpu ms");
    ImGui::TableSetupColumn("comm");
    ImGui::TableSetupColumn("waits on", ImGuiTableColumnFlags_WidthStretch);
    ImGui::TableHeadersRow();
    for (const Proc& p : os.procs) {
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      char id[16];
      std::snprintf(id, sizeof id, "%d", p.pid);
      if (ImGui::Selectable(id, sel == &p, ImGuiSelectableFlags_SpanAllColumns)) ui.selected_pid = p.pid;
      ImGui::TableNextColumn(); ImGui::Text("%d", p.ppid);
      ImGui::TableNextColumn(); ImGui::Text("%u", p.uid);
      ImGui::TableNextColumn();
      ImGui::PushStyleColor(ImGuiCol_Text, state_color(p.state));
      if (p.state == Proc::State::Stopped) ImGui::Text("stopped (%s)", short_name(p.stop_sig).c_str());
      else ImGui::TextUnformatted(state_name(p.state));
      ImGui::PopStyleColor();
      ImGui::TableNextColumn(); ImGui::Text("%.2f", double(p.on_cpu_cycles) * ms_per_cycle);
      ImGui::TableNextColumn(); ImGui::TextUnformatted(p.comm.c_str());
      ImGui::TableNextColumn();
      if (p.state == Proc::State::Blocked) ImGui::TextUnformatted(p.wait.c_str());
      else if (p.state == Proc::State::Zombie) ImGui::Text("exit status %04X", p.wait_status);
      else if (p.in_syscall) ImGui::TextDisabled("(last call %s)", p.call.c_str());
    }
    ImGui::EndTable();
  }
  if (!sel) { ImGui::End(); return; }
  ImGui::Separator();
  ImGui::Text("pid %d  %s  pgid %d sid %d  uid %u euid %u gid %u", sel->pid, sel->exe.c_str(), sel->pgid, sel->sid,
              sel->uid, sel->euid, sel->gid);
  ImGui::Text("cpu %.3f ms (kernel work %.3f ms)  started at cycle %" PRIu64, double(sel->on_cpu_cycles) * ms_per_cycle,
              double(sel->sys_cycles) * ms_per_cycle, sel->start_cycle);
  ImGui::PushStyleColor(ImGuiCol_Text, state_color(sel->state));
  if (sel->state == Proc::State::Blocked) ImGui::TextWrapped("blocked: %s", sel->wait.c_str());
  else if (sel->state == Proc::State::Stopped) ImGui::Text("stopped by %s", short_name(sel->stop_sig).c_str());
  else if (sel->state == Proc::State::Zombie) ImGui::Text("zombie, wait status %04X", sel->wait_status);
  else ImGui::TextUnformatted(state_name(sel->state));
  ImGui::PopStyleColor();
  send_control(*sel, ui, out);
  signal_grid("pending (process)", sel->pending_proc, IM_COL32(255, 200, 60, 255));
  signal_grid("pending (thread) ", sel->pending_thread, IM_COL32(255, 150, 60, 255));
  signal_grid("blocked          ", sel->blocked, IM_COL32(220, 80, 80, 255));
  if (sel->rt_queued) ImGui::Text("%zu real-time signals queued", sel->rt_queued);
  if (ImGui::CollapsingHeader("handlers", ImGuiTreeNodeFlags_DefaultOpen)) handler_table(*sel, ui);
  if (ImGui::CollapsingHeader("open files")) {
    for (const auto& f : sel->fds) ImGui::Text("%3d  %s", f.fd, f.what.c_str());
    if (!sel->children.empty()) {
      std::string c;
      for (int pid : sel->children) c += std::to_string(pid) + " ";
      ImGui::Text("children: %s", c.c_str());
    }
  }
  ImGui::End();
}

}  // namespace irq::gui
