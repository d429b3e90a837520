// gui/ui.h — what every window file shares: the per-frame inputs (the const Snapshot, the command
// sink) and the UI-only state (which windows are open, view addresses, filters). No machine access.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "gui/session.h"

namespace irq::gui {

struct Ui {
  // Window visibility (View menu).
  bool show_control = true, show_cpu = true, show_disasm = true, show_memory = true,
       show_stack = true, show_tables = true, show_pic = true, show_lines = true,
       show_devices = true, show_events = true, show_console = true, show_processes = true,
       show_ipc = true;
  // Control.
  int step_cycles = 1000;
  uint64_t run_to = 0;
  std::string reload_path;
  // Processes: the selected pid (0 = the first listed), the signal to send, handler rows shown.
  int selected_pid = 0;
  int send_sig = 2;  // SIGINT
  bool all_handlers = false;
  // Memory view: physical address of the first row.
  uint32_t mem_addr = 0x7C00;
  // Lines: visible cycles and the right edge (0 = follow the present).
  float lines_span = 200000.0f;
  uint64_t lines_right = 0;
  // Events: kind filter (one bit per sim::Ev), text filter.
  uint32_t event_mask = ~0u;
  // Console / keyboard input buffers.
  char key_text[128] = {};
  char console_line[128] = {};
  // Bytes the memory window wants in the next snapshot.
  static constexpr uint32_t kMemBytes = 512;
};

// Commands posted by the windows this frame; the main loop hands them to the Session.
using Commands = std::vector<Command>;

// Linear address of CS:EIP.
inline uint32_t pc_linear(const cpu::State& st) { return st.seg[cpu::CS].base + st.eip; }

}  // namespace irq::gui
