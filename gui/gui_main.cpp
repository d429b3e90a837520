// gui/gui_main.cpp — the debugger's window, frame loop and headless screenshot mode.
//
// Frame: apply the commands the windows posted last frame and, while running, advance the machine
// in slices until ~10 ms of host time is spent (the simulation never blocks the UI), take the
// snapshot, draw every window from it, then sleep to a 60 fps cap (glfwSwapInterval does not
// throttle under Xvfb). Layout in $XDG_CONFIG_HOME/irqlab/imgui.ini (or ~/.config/irqlab).
// Screenshot: --screenshot out.png --after CYCLES runs the scenario to CYCLES, draws a few frames
// (window sizes settle) with every window open at a fixed layout, reads the back buffer with
// glReadPixels and writes the PNG; no imgui.ini is read or written.
// Measurement: --run --frames N starts running, quits after N frames and prints the mean and worst
// frame time before the 60 fps sleep (the frame-time benchmark while running flat out).
#include "gui/gui_main.h"

#include <GLFW/glfw3.h>
#include <backends/imgui_impl_glfw.h>
#include <backends/imgui_impl_opengl3.h>
#include <imgui.h>
#include <stb_image_write.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "gui/console.h"
#include "gui/control.h"
#include "gui/cpu.h"
#include "gui/devices.h"
#include "gui/disasm.h"
#include "gui/events.h"
#include "gui/lines.h"
#include "gui/memory.h"
#include "gui/ipc.h"
#include "gui/pic.h"
#include "gui/processes.h"
#include "gui/stack.h"
#include "gui/tables.h"

namespace irq::gui {

namespace {

using Clock = std::chrono::steady_clock;

std::string ini_path() {
  std::filesystem::path dir;
  if (const char* x = std::getenv("XDG_CONFIG_HOME"); x && *x) dir = std::filesystem::path(x) / "irqlab";
  else if (const char* h = std::getenv("HOME"); h && *h) dir = std::filesystem::path(h) / ".config" / "irqlab";
  else return {};
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return {};
  return (dir / "imgui.ini").string();
}

// Fixed first-use layout for a 1280x800 screen.
struct Place { float x, y, w, h; };
void place(const Place& p, ImGuiCond cond) {
  ImGui::SetNextWindowPos(ImVec2(p.x, p.y), cond);
  ImGui::SetNextWindowSize(ImVec2(p.w, p.h), cond);
}

void draw_menu(const Snapshot& s, Ui& ui, Commands& out, bool& quit) {
  using K = Command::Kind;
  if (!ImGui::BeginMainMenuBar()) return;
  if (ImGui::BeginMenu("File")) {
    if (ImGui::MenuItem("Reload scenario")) out.push_back({K::Reload, 0, Reg::Eax, ui.reload_path});
    if (ImGui::MenuItem("Reset")) out.push_back({K::Reset});
    if (ImGui::MenuItem("Quit")) quit = true;
    ImGui::EndMenu();
  }
  if (ImGui::BeginMenu("Run")) {
    if (ImGui::MenuItem(s.running ? "Pause" : "Run", "F5")) out.push_back({s.running ? K::Pause : K::Run});
    if (ImGui::MenuItem("Step over", "F10")) out.push_back({K::StepInstruction});
    if (ImGui::MenuItem("Step instruction", "F11")) out.push_back({K::StepInstruction});
    if (ImGui::MenuItem("Run to next interrupt", "Shift+F11")) out.push_back({K::RunToInterrupt});
    if (ImGui::MenuItem("Run to next syscall", "F8", false, s.os.present)) out.push_back({K::RunToSyscall});
    if (ImGui::MenuItem("Run to next signal delivery", "Shift+F8", false, s.os.present)) out.push_back({K::RunToSignal});
    ImGui::EndMenu();
  }
  if (ImGui::BeginMenu("View")) {
    ImGui::MenuItem("Control", nullptr, &ui.show_control);
    ImGui::MenuItem("CPU", nullptr, &ui.show_cpu);
    ImGui::MenuItem("Disassembly", nullptr, &ui.show_disasm);
    ImGui::MenuItem("Memory", nullptr, &ui.show_memory);
    ImGui::MenuItem("Stack", nullptr, &ui.show_stack);
    ImGui::MenuItem("Tables", nullptr, &ui.show_tables);
    ImGui::MenuItem("PIC", nullptr, &ui.show_pic);
    ImGui::MenuItem("Lines", nullptr, &ui.show_lines);
    ImGui::MenuItem("Devices", nullptr, &ui.show_devices);
    ImGui::MenuItem("Events", nullptr, &ui.show_events);
    ImGui::MenuItem("Console", nullptr, &ui.show_console);
    ImGui::MenuItem("Processes", nullptr, &ui.show_processes);
    ImGui::MenuItem("IPC", nullptr, &ui.show_ipc);
    ImGui::EndMenu();
  }
  ImGui::EndMainMenuBar();
}

void shortcuts(const Snapshot& s, Commands& out) {
  const ImGuiIO& io = ImGui::GetIO();
  if (io.WantTextInput) return;
  using K = Command::Kind;
  if (ImGui::IsKeyPressed(GLFW_KEY_F5, false)) out.push_back({s.running ? K::Pause : K::Run});
  if (ImGui::IsKeyPressed(GLFW_KEY_F10)) out.push_back({K::StepInstruction});
  if (ImGui::IsKeyPressed(GLFW_KEY_F11)) out.push_back({io.KeyShift ? K::RunToInterrupt : K::StepInstruction});
  if (s.os.present && ImGui::IsKeyPressed(GLFW_KEY_F8)) out.push_back({io.KeyShift ? K::RunToSignal : K::RunToSyscall});
}

void draw_windows(const Snapshot& s, Ui& ui, Commands& out, ImGuiCond cond) {
  // Columns of a 1280x800 screen under the menu bar.
  if (ui.show_control) { place({0, 20, 310, 230}, cond); draw_control_window(s, ui, out); }
  if (ui.show_cpu) { place({0, 250, 310, 360}, cond); draw_cpu_window(s, ui, out); }
  if (ui.show_stack) { place({0, 610, 310, 190}, cond); draw_stack_window(s, ui, out); }
  if (ui.show_disasm) { place({310, 20, 330, 270}, cond); draw_disasm_window(s, ui, out); }
  if (ui.show_memory) { place({310, 290, 330, 200}, cond); draw_memory_window(s, ui, out); }
  if (ui.show_tables) { place({310, 490, 330, 310}, cond); draw_tables_window(s, ui, out); }
  if (ui.show_pic) { place({640, 20, 300, 310}, cond); draw_pic_window(s, ui, out); }
  if (ui.show_devices) { place({640, 330, 300, 120}, cond); draw_devices_window(s, ui, out); }
  if (ui.show_console) { place({640, 450, 300, 170}, cond); draw_console_window(s, ui, out); }
  if (ui.show_lines) { place({640, 620, 300, 180}, cond); draw_lines_window(s, ui, out); }
  if (ui.show_processes) { place({940, 20, 340, 420}, cond); draw_processes_window(s, ui, out); }
  if (ui.show_ipc) { place({940, 440, 340, 200}, cond); draw_ipc_window(s, ui, out); }
  if (ui.show_events) { place({940, 640, 340, 160}, cond); draw_events_window(s, ui, out); }
}

bool write_png(const std::string& path, int w, int h) {
  std::vector<unsigned char> px(size_t(w) * size_t(h) * 3);
  glPixelStorei(GL_PACK_ALIGNMENT, 1);
  glReadBuffer(GL_BACK);
  glReadPixels(0, 0, w, h, GL_RGB, GL_UNSIGNED_BYTE, px.data());
  stbi_flip_vertically_on_write(1);
  return stbi_write_png(path.c_str(), w, h, 3, px.data(), w * 3) != 0;
}

int usage() {
  std::fprintf(stderr, "usage: irqlab gui [SCENARIO.yaml] [--screenshot out.png --after CYCLES] [--run --frames N]\n");
  return 2;
}

}  // namespace

int gui_main(int argc, char** argv) {
  std::string scenario, shot;
  uint64_t after = 0;
  bool have_after = false, run_at_start = false;
  long max_frames = -1;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--screenshot" && i + 1 < argc) shot = argv[++i];
    else if (a == "--after" && i + 1 < argc) {
      char* end = nullptr;
      after = std::strtoull(argv[++i], &end, 0);
      if (!end || *end) return usage();
      have_after = true;
    } else if (a == "--run") run_at_start = true;
    else if (a == "--frames" && i + 1 < argc) max_frames = std::strtol(argv[++i], nullptr, 0);
    else if (i == 1 && a == "gui") continue;
    else if (!a.empty() && a[0] == '-') return usage();
    else if (scenario.empty()) scenario = a;
    else return usage();
  }
  if (have_after && shot.empty()) return usage();

  Session session;
  if (!scenario.empty() && !session.load(scenario)) {
    std::fprintf(stderr, "irqlab gui: %s\n", session.error().c_str());
    if (!shot.empty()) return 1;  // the window still opens (showing the error) when interactive
  }
  if (!shot.empty() && session.loaded()) session.run_to_cycle(after);

  if (!glfwInit()) { std::fprintf(stderr, "irqlab gui: cannot initialise GLFW (no display?)\n"); return 1; }
  glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
  glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
  GLFWwindow* window = glfwCreateWindow(1280, 800, "irqlab", nullptr, nullptr);
  if (!window) {
    std::fprintf(stderr, "irqlab gui: cannot open an OpenGL 3.3 window\n");
    glfwTerminate();
    return 1;
  }
  glfwMakeContextCurrent(window);
  glfwSwapInterval(1);
  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGuiIO& io = ImGui::GetIO();
  const std::string ini = shot.empty() ? ini_path() : std::string();
  io.IniFilename = ini.empty() ? nullptr : ini.c_str();
  ImGui::StyleColorsDark();
  ImGui_ImplGlfw_InitForOpenGL(window, true);
  ImGui_ImplOpenGL3_Init("#version 150");

  Ui ui;
  ui.reload_path = scenario;
  Snapshot snap;
  Commands commands;
  if (run_at_start) commands.push_back({Command::Kind::Run});
  double work_sum = 0, work_max = 0;
  long frames_done = 0;
  int rc = 0;
  bool quit = false;
  const ImGuiCond cond = shot.empty() ? ImGuiCond_FirstUseEver : ImGuiCond_Always;
  const auto frame_time = std::chrono::microseconds(16667);
  const auto sim_budget = std::chrono::milliseconds(10);
  for (int frame = 0; !quit && !glfwWindowShouldClose(window); ++frame) {
    const auto start = Clock::now();
    glfwPollEvents();
    // Commands from last frame, then (while running) slices until the host-time budget is spent.
    for (Command& c : commands) session.post(std::move(c));
    commands.clear();
    session.advance(0);
    while (session.running() && Clock::now() - start < sim_budget) session.advance(20000);
    session.snapshot(snap, ui.mem_addr, Ui::kMemBytes);

    ImGui_ImplOpenGL3_NewFrame();
    ImGui_ImplGlfw_NewFrame();
    ImGui::NewFrame();
    shortcuts(snap, commands);
    draw_menu(snap, ui, commands, quit);
    draw_windows(snap, ui, commands, cond);
    ImGui::Render();
    int w = 0, h = 0;
    glfwGetFramebufferSize(window, &w, &h);
    glViewport(0, 0, w, h);
    glClearColor(0.10f, 0.11f, 0.13f, 1.0f);
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
    if (!shot.empty() && frame == 3) {  // sizes and clippers have settled after a few frames
      if (!write_png(shot, w, h)) {
        std::fprintf(stderr, "irqlab gui: cannot write %s\n", shot.c_str());
        rc = 1;
      } else {
        std::printf("irqlab gui: wrote %s (%dx%d) at cycle %llu\n", shot.c_str(), w, h,
                    static_cast<unsigned long long>(snap.cpu.cycles));
      }
      quit = true;
    }
    glfwSwapBuffers(window);
    if (shot.empty()) {
      const auto spent = Clock::now() - start;
      const double ms = std::chrono::duration<double, std::milli>(spent).count();
      work_sum += ms;
      work_max = ms > work_max ? ms : work_max;
      if (++frames_done == max_frames) quit = true;
      if (spent < frame_time) std::this_thread::sleep_for(frame_time - spent);
    }
  }
  if (max_frames > 0 && frames_done > 0)
    std::printf("irqlab gui: %ld frames, frame time mean %.2f ms, worst %.2f ms (before the 60 fps sleep), cycle %llu\n",
                frames_done, work_sum / double(frames_done), work_max,
                static_cast<unsigned long long>(snap.cpu.cycles));
  ImGui_ImplOpenGL3_Shutdown();
  ImGui_ImplGlfw_Shutdown();
  ImGui::DestroyContext();
  glfwDestroyWindow(window);
  glfwTerminate();
  return rc;
}

}  // namespace irq::gui
