// gui/ipc.cpp — the mini OS's IPC objects, one collapsible section per kind: System V message
// queues (key, id, perms, qnum, cbytes/qbytes, each message's type, size and first bytes, blocked
// receivers and senders), shared memory segments (key, id, size, nattch, SHM_DEST, which pids map
// them where), semaphore arrays (values, ncnt/zcnt, last pid, the blocked operations), and pipes
// and FIFOs found through the processes' fd tables (fill level, readers/writers, the ends, blocked
// readers, writers and openers).
#include "gui/ipc.h"

#include <imgui.h>

#include <cinttypes>
#include <cstdio>
#include <string>
#include <vector>

namespace irq::gui {

namespace {

std::string pids(const std::vector<int>& v) {
  std::string s;
  for (int p : v) {
    if (!s.empty()) s += ' ';
    s += std::to_string(p);
  }
  return s.empty() ? "-" : s;
}

// "48 65 6C 6C  Hell"
std::string bytes_text(const std::vector<uint8_t>& b, uint32_t size) {
  std::string hex, asc;
  char t[4];
  for (uint8_t c : b) {
    std::snprintf(t, sizeof t, "%02X ", c);
    hex += t;
    asc += (c >= 0x20 && c < 0x7F) ? char(c) : '.';
  }
  if (size > b.size()) asc += "...";
  return hex + " " + asc;
}

void perm_line(const OsSnapshot::Perm& p, const char* what, int id) {
  ImGui::Text("%s %d  key 0x%08" PRIX32 "  uid %u gid %u  perms %03o", what, id, uint32_t(p.key), p.uid, p.gid,
              p.mode & 0777);
}

void queues(const OsSnapshot& os) {
  if (os.msg.empty()) { ImGui::TextDisabled("none"); return; }
  for (const auto& q : os.msg) {
    ImGui::PushID(q.id);
    char title[96];
    std::snprintf(title, sizeof title, "queue %d  key 0x%08" PRIX32 "  %zu msgs  %u/%u bytes", q.id, uint32_t(q.perm.key),
                  q.msgs.size(), q.cbytes, q.qbytes);
    if (ImGui::TreeNodeEx(title, ImGuiTreeNodeFlags_DefaultOpen)) {
      perm_line(q.perm, "msqid", q.id);
      ImGui::Text("qnum %zu  cbytes %u  lspid %d  lrpid %d", q.msgs.size(), q.cbytes, q.lspid, q.lrpid);
      if (!q.msgs.empty() &&
          ImGui::BeginTable("msgs", 4, ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingFixedFit | ImGuiTableFlags_BordersInnerV)) {
        ImGui::TableSetupColumn("#");
        ImGui::TableSetupColumn("type");
        ImGui::TableSetupColumn("size");
        ImGui::TableSetupColumn("first bytes");
        ImGui::TableHeadersRow();
        for (size_t i = 0; i < q.msgs.size(); ++i) {
          const auto& m = q.msgs[i];
          ImGui::TableNextRow();
          ImGui::TableNextColumn(); ImGui::Text("%zu", i);
          ImGui::TableNextColumn(); ImGui::Text("%d", m.type);
          ImGui::TableNextColumn(); ImGui::Text("%u", m.size);
          ImGui::TableNextColumn(); ImGui::TextUnformatted(bytes_text(m.head, m.size).c_str());
        }
        ImGui::EndTable();
      }
      for (const auto& r : q.receivers)
        ImGui::Text("pid %d blocked in msgrcv (type %d, max %u bytes)", r.pid, r.type, r.maxsize);
      for (const auto& w : q.senders) ImGui::Text("pid %d blocked in msgsnd (%u bytes, queue full)", w.pid, w.size);
      ImGui::TreePop();
    }
    ImGui::PopID();
  }
}

void segments(const OsSnapshot& os) {
  if (os.shm.empty()) { ImGui::TextDisabled("none"); return; }
  for (const auto& g : os.shm) {
    ImGui::PushID(g.id);
    char title[112];
    std::snprintf(title, sizeof title, "segment %d  key 0x%08" PRIX32 "  %u bytes  nattch %u%s", g.id, uint32_t(g.perm.key),
                  g.size, g.nattch, g.dest ? "  dest" : "");
    if (ImGui::TreeNodeEx(title, ImGuiTreeNodeFlags_DefaultOpen)) {
      perm_line(g.perm, "shmid", g.id);
      ImGui::Text("%u pages  cpid %d  lpid %d%s%s", g.pages, g.cpid, g.lpid, g.dest ? "  SHM_DEST" : "",
                  g.locked ? "  SHM_LOCKED" : "");
      for (const auto& m : g.maps)
        ImGui::Text("pid %d maps %08" PRIX32 "-%08" PRIX32 " %s", m.pid, m.start, m.end, m.writable ? "rw" : "r-");
      ImGui::TreePop();
    }
    ImGui::PopID();
  }
}

void semaphores(const OsSnapshot& os) {
  if (os.sem.empty()) { ImGui::TextDisabled("none"); return; }
  for (const auto& a : os.sem) {
    ImGui::PushID(a.id);
    char title[96];
    std::snprintf(title, sizeof title, "array %d  key 0x%08" PRIX32 "  %zu sems", a.id, uint32_t(a.perm.key), a.val.size());
    if (ImGui::TreeNodeEx(title, ImGuiTreeNodeFlags_DefaultOpen)) {
      perm_line(a.perm, "semid", a.id);
      if (ImGui::BeginTable("sems", 5, ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingFixedFit | ImGuiTableFlags_BordersInnerV)) {
        ImGui::TableSetupColumn("sem");
        ImGui::TableSetupColumn("value");
        ImGui::TableSetupColumn("ncnt");
        ImGui::TableSetupColumn("zcnt");
        ImGui::TableSetupColumn("last pid");
        ImGui::TableHeadersRow();
        for (size_t i = 0; i < a.val.size(); ++i) {
          ImGui::TableNextRow();
          ImGui::TableNextColumn(); ImGui::Text("%zu", i);
          ImGui::TableNextColumn(); ImGui::Text("%u", a.val[i]);
          ImGui::TableNextColumn(); ImGui::Text("%u", a.ncnt[i]);
          ImGui::TableNextColumn(); ImGui::Text("%u", a.zcnt[i]);
          ImGui::TableNextColumn(); ImGui::Text("%d", i < a.lastpid.size() ? a.lastpid[i] : 0);
        }
        ImGui::EndTable();
      }
      for (const auto& w : a.waiters)
        ImGui::Text("pid %d waits on sem %u %s", w.pid, w.num,
                    w.op == 0 ? "for zero" : ("to take " + std::to_string(-w.op)).c_str());
      if (!a.undo_pids.empty()) ImGui::Text("SEM_UNDO: pids %s", pids(a.undo_pids).c_str());
      ImGui::TreePop();
    }
    ImGui::PopID();
  }
}

void pipes(const OsSnapshot& os) {
  if (os.pipes.empty()) { ImGui::TextDisabled("none open"); return; }
  int n = 0;
  for (const auto& p : os.pipes) {
    ImGui::PushID(n++);
    char title[160];
    if (p.fifo && !p.path.empty()) std::snprintf(title, sizeof title, "fifo %s  %u bytes", p.path.c_str(), p.bytes);
    else if (p.fifo) std::snprintf(title, sizeof title, "fifo ino %" PRIu64 "  %u bytes", p.ino, p.bytes);
    else std::snprintf(title, sizeof title, "pipe:[%" PRIu64 "]  %u bytes", p.ino, p.bytes);
    if (ImGui::TreeNodeEx(title, ImGuiTreeNodeFlags_DefaultOpen)) {
      const float cap = float(OsSnapshot::kPipeSlots * OsSnapshot::kPipePage);
      char over[64];
      std::snprintf(over, sizeof over, "%u bytes, %u/%u slots", p.bytes, p.slots, OsSnapshot::kPipeSlots);
      ImGui::ProgressBar(float(p.bytes) / cap, ImVec2(-1, 0), over);
      ImGui::Text("readers %u  writers %u  moved %" PRIu64 " bytes", p.readers, p.writers, p.bytes_total);
      std::string ends;
      for (const auto& e : p.ends) {
        char t[48];
        if (e.fd >= 0) std::snprintf(t, sizeof t, "pid %d fd %d %c  ", e.pid, e.fd, e.mode);
        else std::snprintf(t, sizeof t, "pid %d (opening) %c  ", e.pid, e.mode);
        ends += t;
      }
      ImGui::TextWrapped("ends: %s", ends.c_str());
      if (!p.blocked_readers.empty()) ImGui::Text("blocked readers: %s", pids(p.blocked_readers).c_str());
      if (!p.blocked_writers.empty()) ImGui::Text("blocked writers: %s", pids(p.blocked_writers).c_str());
      if (!p.blocked_openers.empty()) ImGui::Text("blocked in open: %s", pids(p.blocked_openers).c_str());
      ImGui::TreePop();
    }
    ImGui::PopID();
  }
}

}  // namespace

void draw_ipc_window(const Snapshot& s, Ui& ui, Commands& /*out*/) {
  if (!ImGui::Begin("IPC", &ui.show_ipc)) { ImGui::End(); return; }
  const OsSnapshot& os = s.os;
  if (!os.present) {
    ImGui::TextUnformatted("no mini OS in this scenario");
    ImGui::End();
    return;
  }
  char h[64];
  std::snprintf(h, sizeof h, "Message queues (%zu)###msg", os.msg.size());
  if (ImGui::CollapsingHeader(h, ImGuiTreeNodeFlags_DefaultOpen)) queues(os);
  std::snprintf(h, sizeof h, "Shared memory (%zu)###shm", os.shm.size());
  if (ImGui::CollapsingHeader(h, ImGuiTreeNodeFlags_DefaultOpen)) segments(os);
  std::snprintf(h, sizeof h, "Semaphore arrays (%zu)###sem", os.sem.size());
  if (ImGui::CollapsingHeader(h, ImGuiTreeNodeFlags_DefaultOpen)) semaphores(os);
  std::snprintf(h, sizeof h, "Pipes and FIFOs (%zu)###pipes", os.pipes.size());
  if (ImGui::CollapsingHeader(h, ImGuiTreeNodeFlags_DefaultOpen)) pipes(os);
  ImGui::End();
}

}  // namespace irq::gui
