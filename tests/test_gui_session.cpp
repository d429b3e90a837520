// tests/test_gui_session.cpp — the debugger's snapshot/command layer (gui/session.h) without a
// window: every way of moving time must leave the machine exactly where the headless runner
// (ScenarioRun + Machine::run) leaves it, bad reloads keep the machine, absurd edits cannot crash.
#include <catch2/catch.hpp>

#include <cstdio>
#include <fstream>
#include <string>

#include "gui/session.h"
#include "sim/runner.h"
#include "sim/scenario.h"

using irq::gui::Command;
using irq::gui::Reg;
using irq::gui::Session;
using irq::gui::Snapshot;

namespace {

const std::string kTimer = std::string(IRQ_SOURCE_DIR) + "/scenarios/timer_irq0.yaml";

std::unique_ptr<irq::sim::ScenarioRun> headless(const std::string& path) {
  irq::sim::RunOptions opt;
  opt.trace = true;
  opt.tmp_dir = IRQ_TMP_DIR;
  return std::make_unique<irq::sim::ScenarioRun>(irq::sim::load_scenario(path), opt);
}

void require_same(irq::sim::Machine& a, irq::sim::Machine& b) {
  const irq::cpu::State& x = a.cpu().state();
  const irq::cpu::State& y = b.cpu().state();
  REQUIRE(x.cycles == y.cycles);
  REQUIRE(x.instructions == y.instructions);
  REQUIRE(x.eip == y.eip);
  REQUIRE(x.eflags == y.eflags);
  for (unsigned i = 0; i < 8; ++i) REQUIRE(x.gpr[i] == y.gpr[i]);
  for (unsigned i = 0; i < 6; ++i) REQUIRE(x.seg[i].selector == y.seg[i].selector);
  REQUIRE(a.console() == b.console());
  REQUIRE(a.trace().hash() == b.trace().hash());
  REQUIRE(a.master()->state().isr == b.master()->state().isr);
  REQUIRE(a.master()->state().irr == b.master()->state().irr);
}

uint32_t pc(irq::sim::Machine& m) {
  const auto& st = m.cpu().state();
  return st.seg[irq::cpu::CS].base + st.eip;
}

}  // namespace

TEST_CASE("gui session steps instructions like the headless runner", "[gui]") {
  Session s;
  REQUIRE(s.load(kTimer));
  auto h = headless(kTimer);
  for (int i = 0; i < 300; ++i) {
    s.post(Command{Command::Kind::StepInstruction});
    s.advance(0);
    h->machine().run(h->machine().now() + 1);
  }
  require_same(*s.machine(), h->machine());
  s.post(Command{Command::Kind::StepCycles, 5000});
  s.advance(0);
  h->machine().run(h->machine().now() + 5000);
  require_same(*s.machine(), h->machine());
}

TEST_CASE("gui session runs to the next interrupt and to a cycle", "[gui]") {
  Session s;
  REQUIRE(s.load(kTimer));
  s.post(Command{Command::Kind::RunToInterrupt});
  s.advance(0);
  Snapshot snap;
  s.snapshot(snap, 0, 16);
  REQUIRE(snap.stop_reason == "isr-enter");
  REQUIRE(!snap.trace_tail.empty());
  REQUIRE(snap.trace_tail.back().kind == irq::sim::Ev::IsrEnter);
  REQUIRE(snap.trace_tail.back().b == 0x20);
  auto h = headless(kTimer);
  h->machine().run(s.machine()->now());
  require_same(*s.machine(), h->machine());

  s.post(Command{Command::Kind::RunToCycle, 150000});
  s.advance(0);
  h->machine().run(150000);
  require_same(*s.machine(), h->machine());
  s.snapshot(snap, 0x7C00, 64);
  REQUIRE(snap.memory.bytes.size() == 64);
  REQUIRE(snap.console.find("tick") != std::string::npos);
}

TEST_CASE("gui session stops at a breakpoint where stepping the runner reaches it", "[gui]") {
  auto h = headless(kTimer);
  for (int i = 0; i < 40; ++i) h->machine().run(h->machine().now() + 1);
  const uint32_t target = pc(h->machine());
  h = headless(kTimer);
  while (pc(h->machine()) != target) h->machine().run(h->machine().now() + 1);

  Session s;
  REQUIRE(s.load(kTimer));
  s.post(Command{Command::Kind::ToggleBreakpoint, target});
  s.post(Command{Command::Kind::Run});
  s.advance(10000);  // applies both commands, then runs
  for (int i = 0; i < 100 && s.running(); ++i) s.advance(10000);
  REQUIRE(!s.running());
  Snapshot snap;
  s.snapshot(snap, 0, 0);
  REQUIRE(snap.stop_reason == "breakpoint");
  REQUIRE(snap.breakpoints.count(target) == 1);
  require_same(*s.machine(), h->machine());
  // Run from the breakpoint: a zero-cycle slice stays put, a real slice leaves it.
  const uint64_t at = s.machine()->now();
  s.post(Command{Command::Kind::Run});
  s.advance(0);
  REQUIRE(s.running());
  REQUIRE(s.machine()->now() == at);
  s.advance(1);
  REQUIRE(s.machine()->now() > at);
  s.post(Command{Command::Kind::Pause});
  s.advance(0);
  REQUIRE(!s.running());
  // Toggling again removes it.
  s.post(Command{Command::Kind::ToggleBreakpoint, target});
  s.advance(0);
  REQUIRE(s.breakpoints().empty());
}

TEST_CASE("gui session register edit matches the same edit on the runner", "[gui]") {
  Session s;
  REQUIRE(s.load(kTimer));
  auto h = headless(kTimer);
  for (int i = 0; i < 20; ++i) {
    s.step_instruction();
    h->machine().run(h->machine().now() + 1);
  }
  s.post(Command{Command::Kind::SetRegister, 0x12345678, Reg::Esi});
  s.advance(0);
  h->machine().cpu().state().gpr[irq::cpu::ESI] = 0x12345678;
  h->machine().cpu().state_changed();
  require_same(*s.machine(), h->machine());
  for (int i = 0; i < 200; ++i) {
    s.step_instruction();
    h->machine().run(h->machine().now() + 1);
  }
  require_same(*s.machine(), h->machine());
}

TEST_CASE("gui session reload of a malformed scenario keeps the machine", "[gui]") {
  Session s;
  REQUIRE(s.load(kTimer));
  s.step_cycles(1000);
  irq::sim::Machine* before = s.machine();
  const uint64_t cycles = before->now();
  const std::string bad = std::string(IRQ_TMP_DIR) + "/gui_bad_scenario.yaml";
  {
    std::ofstream f(bad);
    f << "name: bad\nmachine:\n  memory: [1, 2\n";
  }
  s.post(Command{Command::Kind::Reload, 0, Reg::Eax, bad});
  s.advance(0);
  REQUIRE(s.machine() == before);
  REQUIRE(s.machine()->now() == cycles);
  Snapshot snap;
  s.snapshot(snap, 0, 0);
  INFO(snap.error);
  REQUIRE(snap.error.find("gui_bad_scenario.yaml:") != std::string::npos);
  // file:line:column — two numbers after the file name.
  const size_t at = snap.error.find(".yaml:") + 6;
  unsigned line = 0, col = 0;
  REQUIRE(std::sscanf(snap.error.c_str() + at, "%u:%u", &line, &col) == 2);
  REQUIRE(line >= 1);
  std::remove(bad.c_str());
  // A good reload replaces the machine and clears the error.
  s.post(Command{Command::Kind::Reload, 0, Reg::Eax, kTimer});
  s.advance(0);
  s.snapshot(snap, 0, 0);
  REQUIRE(snap.error.empty());
  REQUIRE(s.machine()->now() == 0);
}

TEST_CASE("gui session survives nonsense EIP and EFLAGS", "[gui]") {
  const uint32_t eips[] = {0xFFFFFFFFu, 0xFFFFFFF0u, 0x10000u, 0x80000000u, 0xFFFFu};
  const uint32_t flags[] = {0xFFFFFFFFu, 0u, 0x00020000u, 0xDEADBEEFu, 0x100u};
  for (uint32_t eip : eips) {
    for (uint32_t fl : flags) {
      Session s;
      REQUIRE(s.load(kTimer));
      s.step_cycles(500);
      s.set_register(Reg::Eip, eip);
      s.set_register(Reg::Eflags, fl);
      s.set_register(Reg::Esp, eip);
      for (int i = 0; i < 50; ++i) s.step_instruction();
      s.run_to_interrupt(20000);
      s.post(Command{Command::Kind::Run});
      s.advance(50000);
      Snapshot snap;
      s.snapshot(snap, 0xFFFFFF00u, 512);
      REQUIRE((snap.cpu.eflags & 2u) == 2u);
    }
  }
}
