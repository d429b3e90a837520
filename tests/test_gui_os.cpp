// tests/test_gui_os.cpp — the debugger's mini OS view (gui/os_snapshot.h) and OS commands without a
// window: the Snapshot lists the processes with their states and what they wait on, the System V
// objects with their contents; SendSignal goes through the kernel like a timeline `signal:`; run
// to the next syscall / signal delivery stops at that event; and every one of them leaves the
// machine where the headless runner doing the same leaves it.
#include <catch2/catch.hpp>

#include <algorithm>
#include <string>

#include "gui/session.h"
#include "os/linux_abi.h"
#include "sim/runner.h"
#include "sim/scenario.h"

using irq::gui::Command;
using irq::gui::OsSnapshot;
using irq::gui::Session;
using irq::gui::Snapshot;
using irq::sim::Ev;
using State = OsSnapshot::Proc::State;

namespace {

std::string scenario(const char* name) { return std::string(IRQ_SOURCE_DIR) + "/scenarios/" + name; }

using RunPtr = std::unique_ptr<irq::sim::ScenarioRun>;

RunPtr headless(const std::string& path) {
  irq::sim::RunOptions opt;
  opt.trace = true;
  opt.tmp_dir = IRQ_TMP_DIR;
  return RunPtr(new irq::sim::ScenarioRun(irq::sim::load_scenario(path), opt));
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
  REQUIRE(x.cr3 == y.cr3);
  REQUIRE(a.console() == b.console());
  REQUIRE(a.trace().hash() == b.trace().hash());
}

Snapshot snap(Session& s) {
  Snapshot out;
  s.snapshot(out, 0, 0);
  return out;
}

const OsSnapshot::Proc* proc(const Snapshot& s, int pid) {
  for (const auto& p : s.os.procs)
    if (p.pid == pid) return &p;
  return nullptr;
}

size_t count(irq::sim::Machine& m, Ev kind, int pid = -1, int a = -1) {
  size_t n = 0;
  for (const auto& e : m.trace().events())
    n += e.kind == kind && (pid < 0 || e.b == uint32_t(pid)) && (a < 0 || e.a == a);
  return n;
}

// The headless runner stepped the way the run-to commands step: Machine::run(now + 1) until the
// trace gains an event of `kind`. (Not one run(cycle) call: a REP string instruction yields at the
// end of each run()'s cycle budget and restarts with its base clocks charged again
// (cpu/exec_string.cpp), so one-instruction steps and one long run differ once a REP runs, as
// in musl's start-up code here; at the same limits the two agree.)
void step_until(irq::sim::Machine& m, Ev kind) {
  for (;;) {
    const size_t before = m.trace().events().size();
    m.run(m.now() + 1);
    for (size_t i = before; i < m.trace().events().size(); ++i)
      if (m.trace().events()[i].kind == kind) return;
  }
}

bool contains(const std::string& hay, const std::string& needle) { return hay.find(needle) != std::string::npos; }

}  // namespace

TEST_CASE("gui os snapshot: msg_typed's processes and the message waiting in the queue", "[gui]") {
  const std::string path = scenario("msg_typed.yaml");
  Session s;
  REQUIRE(s.load(path));
  // 12 ms in: the producer has sent "weather report" (type 2) and "fire alarm" (type 1, handed to
  // the consumer) and sleeps; the consumer waits in msgrcv for the next type 1.
  s.post(Command{Command::Kind::RunToCycle, 400000});
  s.advance(0);
  const Snapshot sn = snap(s);
  REQUIRE(sn.os.present);
  REQUIRE(sn.os.booted);
  REQUIRE(sn.os.procs.size() == 3);
  const auto* init = proc(sn, 1);
  const auto* producer = proc(sn, 2);
  const auto* consumer = proc(sn, 3);
  REQUIRE(init);
  REQUIRE(producer);
  REQUIRE(consumer);
  CHECK(producer->ppid == 1);
  CHECK(consumer->ppid == 2);
  CHECK(producer->exe == "/bin/msg_typed");
  CHECK(producer->state == State::Blocked);
  CHECK(producer->syscall == 162);
  CHECK(producer->call == "nanosleep");
  CHECK(contains(producer->wait, "nanosleep (sleep) until cycle"));
  CHECK(producer->wake_at > 400000);
  CHECK(consumer->state == State::Blocked);
  CHECK(consumer->syscall == 117);  // musl's msgrcv on i386: ipc(MSGRCV, ...)
  CHECK(consumer->call == "ipc(msgrcv)");
  CHECK(consumer->wait == "msgrcv on queue 0 type 1");
  CHECK(producer->on_cpu_cycles > 0);
  CHECK(consumer->on_cpu_cycles > 0);
  CHECK(producer->on_cpu_cycles + consumer->on_cpu_cycles < 400000);
  REQUIRE(std::find(producer->children.begin(), producer->children.end(), 3) != producer->children.end());

  REQUIRE(sn.os.msg.size() == 1);
  const auto& q = sn.os.msg[0];
  CHECK(q.id == 0);
  CHECK(q.perm.key == 0);  // IPC_PRIVATE
  CHECK((q.perm.mode & 0777) == 0600);
  CHECK(q.cbytes == 15);
  CHECK(q.lspid == 2);
  REQUIRE(q.msgs.size() == 1);
  CHECK(q.msgs[0].type == 2);
  CHECK(q.msgs[0].size == 15);  // "weather report" and its NUL
  REQUIRE(q.msgs[0].head.size() == 15);  // at most kMsgHead bytes
  CHECK(std::string(q.msgs[0].head.begin(), q.msgs[0].head.begin() + 14) == "weather report");
  REQUIRE(q.receivers.size() == 1);
  CHECK(q.receivers[0].pid == 3);
  CHECK(q.receivers[0].type == 1);
  CHECK(sn.os.sem.empty());
  CHECK(sn.os.shm.empty());

  auto h = headless(path);
  h->machine().run(400000);
  require_same(*s.machine(), h->machine());

  // Later: "lunch menu" (type 2) queues behind "weather report" while the consumer still waits.
  Snapshot later;
  for (int i = 0; i < 200; ++i) {
    s.step_cycles(10000);
    later = snap(s);
    if (later.os.msg.size() == 1 && later.os.msg[0].msgs.size() != 1) break;
  }
  REQUIRE(later.os.msg.size() == 1);
  REQUIRE(later.os.msg[0].msgs.size() == 2);
  CHECK(later.os.msg[0].msgs[1].type == 2);
  CHECK(later.os.msg[0].msgs[1].size == 11);
  CHECK(later.os.msg[0].cbytes == 26);
}

TEST_CASE("gui os snapshot: ipcs_listing's queue and semaphore array while ipcs runs", "[gui]") {
  const std::string path = scenario("ipcs_listing.yaml");
  Session s;
  REQUIRE(s.load(path));
  Snapshot sn;
  const OsSnapshot::Proc* ipcs = nullptr;
  int slices = 0;
  for (; slices < 2000 && !ipcs; ++slices) {
    s.step_cycles(20000);
    sn = snap(s);
    for (const auto& p : sn.os.procs)
      if (p.exe == "/bin/ipcs") ipcs = &p;
  }
  REQUIRE(ipcs);
  const auto* demo = proc(sn, 2);
  REQUIRE(demo);
  CHECK(demo->state == State::Blocked);
  CHECK(demo->syscall == 114);
  CHECK(contains(demo->wait, "wait4 for pid " + std::to_string(ipcs->pid)));
  CHECK(ipcs->ppid == 2);

  REQUIRE(sn.os.msg.size() == 1);
  const auto& q = sn.os.msg[0];
  CHECK(q.perm.key == 0x1234);
  CHECK((q.perm.mode & 0777) == 0640);
  REQUIRE(q.msgs.size() == 2);
  CHECK(q.msgs[0].type == 1);
  CHECK(q.msgs[0].size == 10);
  CHECK(q.msgs[1].type == 1);
  CHECK(q.msgs[1].size == 20);
  CHECK(q.cbytes == 30);
  REQUIRE(sn.os.sem.size() == 1);
  const auto& a = sn.os.sem[0];
  CHECK(a.perm.key == 0x5678);
  CHECK((a.perm.mode & 0777) == 0600);
  REQUIRE(a.val.size() == 3);
  CHECK(a.val == std::vector<uint16_t>{0, 0, 0});
  CHECK(a.ncnt == std::vector<uint32_t>{0, 0, 0});
  CHECK(a.waiters.empty());

  auto h = headless(path);
  for (int i = 0; i < slices; ++i) h->machine().run(h->machine().now() + 20000);
  require_same(*s.machine(), h->machine());
}

TEST_CASE("gui SendSignal delivers SIGINT like a timeline signal", "[gui]") {
  const std::string path = scenario("sigint_keyboard.yaml");
  constexpr uint64_t kAt = 200000, kUntil = 600000;  // both before the timeline's first ^C (20 ms)
  Session s;
  REQUIRE(s.load(path));
  s.run_to_cycle(kAt);
  const uint64_t at = s.machine()->now();
  Snapshot sn = snap(s);
  const auto* p = proc(sn, 2);
  REQUIRE(p);
  REQUIRE(contains(sn.console, "press ^C"));
  // signal(SIGINT, handler): an address, SA_RESTART (musl's signal()), SIGINT not blocked.
  CHECK(p->act[2].handler > 1);
  CHECK((p->act[2].flags & irq::os::kSaRestart) != 0);
  CHECK(p->act[15].handler == 0);
  CHECK((p->blocked & 2) == 0);
  CHECK(p->pending_proc == 0);
  CHECK(p->uid == 1000);

  // Bad targets are refused without touching the machine.
  s.post(Command::send_signal(99, 2));
  s.advance(0);
  CHECK(contains(snap(s).error, "no live process 99"));
  s.post(Command::send_signal(2, 0));
  s.advance(0);
  CHECK(contains(snap(s).error, "no signal 0"));
  REQUIRE(s.machine()->now() == at);

  s.post(Command::send_signal(2, irq::os::lx::kSIGINT));
  s.advance(0);
  s.run_to_cycle(kUntil);
  REQUIRE(count(*s.machine(), Ev::SignalGenerated, 2, 2) == 1);
  REQUIRE(count(*s.machine(), Ev::SignalDelivered, 2, 2) == 1);
  REQUIRE(contains(s.machine()->console(), "received SIGINT"));

  auto h = headless(path);
  h->machine().run(kAt);
  h->os()->kernel().post_signal("", 2, irq::os::lx::kSIGINT);
  h->machine().run(kUntil);
  require_same(*s.machine(), h->machine());
}

TEST_CASE("gui run to the next syscall and to the next signal delivery", "[gui]") {
  const std::string path = scenario("sigint_keyboard.yaml");
  Session s;
  REQUIRE(s.load(path));
  auto h = headless(path);
  // The first few system calls, one command each: each adds exactly one syscall-enter, the event
  // the command stopped at. (The kernel handles a call at one instruction boundary, so that step
  // also adds its syscall-exit; nothing after the syscall-enter belongs to a later instruction.)
  for (int i = 0; i < 4; ++i) {
    const size_t before = count(*s.machine(), Ev::SyscallEnter);
    const size_t events = s.machine()->trace().events().size();
    s.post(Command{Command::Kind::RunToSyscall});
    s.advance(0);
    const Snapshot sn = snap(s);
    REQUIRE(sn.stop_reason == "syscall-enter");
    REQUIRE(sn.stop_event);
    REQUIRE(sn.stop_event->kind == Ev::SyscallEnter);
    REQUIRE(sn.stop_event->b == 2);
    REQUIRE(count(*s.machine(), Ev::SyscallEnter) == before + 1);
    // The newest syscall-enter of the trace is the one it stopped at; the events after it are the
    // same host call's (syscall-exit, block, switch...), not a later instruction's.
    const auto& ev = s.machine()->trace().events();
    size_t last = ev.size();
    for (size_t j = events; j < ev.size(); ++j)
      if (ev[j].kind == Ev::SyscallEnter) last = j;
    REQUIRE(last < ev.size());
    REQUIRE(ev[last].cycle == sn.stop_event->cycle);
    REQUIRE(ev[last].c == sn.stop_event->c);
    for (size_t j = last + 1; j < ev.size(); ++j) {
      REQUIRE(ev[j].kind != Ev::IsrEnter);
      REQUIRE(ev[j].kind != Ev::Iret);
    }
    step_until(h->machine(), Ev::SyscallEnter);
    require_same(*s.machine(), h->machine());
  }

  // Run to the next signal delivery: the keyboard's first ^C (20 ms) -> SIGINT's frame is built.
  s.post(Command{Command::Kind::RunToSignal});
  s.advance(0);
  Snapshot sn = snap(s);
  REQUIRE(sn.stop_reason == "signal-delivered");
  REQUIRE(sn.stop_event);
  REQUIRE(sn.stop_event->kind == Ev::SignalDelivered);
  REQUIRE(sn.stop_event->a == irq::os::lx::kSIGINT);
  REQUIRE(sn.stop_event->b == 2);
  REQUIRE(s.machine()->now() > 660000);
  const auto* p = proc(sn, 2);
  REQUIRE(p);
  CHECK(sn.stop_event->c == p->act[2].handler);
  CHECK((p->blocked & 2) != 0);  // SIGINT is blocked while its handler runs (no SA_NODEFER)
  step_until(h->machine(), Ev::SignalDelivered);
  require_same(*s.machine(), h->machine());

  // A SIGINT sent now is generated at the next kernel entry (the handler's write) and stays
  // pending in the process-wide set until sigreturn unblocks it.
  s.post(Command::send_signal(2, irq::os::lx::kSIGINT));
  s.post(Command{Command::Kind::RunToSyscall});
  s.advance(0);
  h->os()->kernel().post_signal("", 2, irq::os::lx::kSIGINT);
  sn = snap(s);
  REQUIRE(sn.stop_event);
  CHECK(sn.stop_event->c == 4);  // write
  p = proc(sn, 2);
  REQUIRE(p);
  CHECK((p->pending_proc & 2) != 0);
  CHECK(count(*s.machine(), Ev::SignalBlocked, 2, 2) == 1);
  step_until(h->machine(), Ev::SyscallEnter);
  require_same(*s.machine(), h->machine());
  // sigreturn, then the pending SIGINT is delivered: a second delivery before the second ^C.
  s.post(Command{Command::Kind::RunToSignal});
  s.advance(0);
  sn = snap(s);
  REQUIRE(sn.stop_event);
  CHECK(sn.stop_event->kind == Ev::SignalDelivered);
  CHECK(s.machine()->now() < 1485000);  // 45 ms
  CHECK((proc(sn, 2)->pending_proc & 2) == 0);
  step_until(h->machine(), Ev::SignalDelivered);
  require_same(*s.machine(), h->machine());
}

TEST_CASE("gui os snapshot is empty on bare metal and SendSignal is refused", "[gui]") {
  Session s;
  REQUIRE(s.load(scenario("timer_irq0.yaml")));
  s.post(Command::send_signal(2, 2));
  s.post(Command{Command::Kind::RunToSyscall, 0});
  s.advance(0);
  const Snapshot sn = snap(s);
  CHECK(!sn.os.present);
  CHECK(sn.os.procs.empty());
  CHECK(contains(sn.error, "no mini OS"));
}

TEST_CASE("gui os snapshot shows a pipe with its ends and fill level and the blocked reader", "[gui]") {
  const std::string path = scenario("pipe_parent_child.yaml");
  Session s;
  REQUIRE(s.load(path));
  Snapshot sn;
  int slices = 0;
  const OsSnapshot::Proc* child = nullptr;
  for (; slices < 2000; ++slices) {
    s.step_cycles(5000);
    sn = snap(s);
    child = proc(sn, 3);
    // The child blocked in read, after both sides closed the end they do not use.
    if (child && child->state == State::Blocked && sn.os.pipes.size() == 1 && sn.os.pipes[0].writers == 1 &&
        sn.os.pipes[0].readers == 1) {
      ++slices;
      break;
    }
  }
  REQUIRE(child);
  REQUIRE(child->state == State::Blocked);
  REQUIRE(sn.os.pipes.size() == 1);
  const auto& p = sn.os.pipes[0];
  CHECK(!p.fifo);
  CHECK(p.bytes == 0);
  CHECK(p.slots == 0);
  REQUIRE(p.ends.size() == 2);
  for (const auto& e : p.ends) CHECK(e.mode == (e.pid == 2 ? 'w' : 'r'));
  CHECK(p.blocked_readers == std::vector<int>{3});
  CHECK(p.blocked_writers.empty());
  CHECK(child->call == "read");
  CHECK(child->wait == "read on pipe:[" + std::to_string(p.ino) + "] (empty)");

  auto h = headless(path);
  for (int i = 0; i < slices; ++i) h->machine().run(h->machine().now() + 5000);
  require_same(*s.machine(), h->machine());
}

TEST_CASE("gui os snapshot: a FIFO by its path", "[gui]") {
  Session s;
  REQUIRE(s.load(scenario("fifo_unrelated.yaml")));
  const OsSnapshot::Pipe* fifo = nullptr;
  Snapshot sn;
  for (int i = 0; i < 4000 && !fifo; ++i) {
    s.step_cycles(5000);
    sn = snap(s);
    for (const auto& p : sn.os.pipes)
      if (p.fifo) fifo = &p;
  }
  REQUIRE(fifo);
  CHECK(fifo->path == "/tmp/chat");
  CHECK(!fifo->ends.empty());
}

TEST_CASE("gui os snapshot: busybox's pipeline `echo ... | tr a-z A-Z` as two processes and a pipe", "[gui]") {
  // shell.yaml types the pipeline at 1400 ms; from then on, stop at the first snapshot where an
  // anonymous pipe has exactly two ends (the shell has closed its own after forking both sides),
  // a writer and a reader in two processes: the children of the interactive shell. Then the
  // reader (a forked sh until then) becomes the tr applet and keeps the pipe's read end.
  const std::string path = scenario("shell.yaml");
  Session s;
  REQUIRE(s.load(path));
  s.run_to_cycle(uint64_t(1400) * 33000);  // 1400 ms at the default 33 MHz
  Snapshot sn;
  const OsSnapshot::Pipe* pipe = nullptr;
  int writer = 0, reader = 0, slices = 0;
  for (; slices < 2000 && !pipe; ++slices) {
    s.step_cycles(20000);
    sn = snap(s);
    for (const auto& p : sn.os.pipes) {
      if (p.fifo || p.ends.size() != 2) continue;
      int w = 0, r = 0;
      for (const auto& e : p.ends) (e.mode == 'w' ? w : r) = e.pid;
      if (w && r && w != r) {
        pipe = &p;
        writer = w;
        reader = r;
      }
    }
  }
  REQUIRE(pipe);
  const auto* wp = proc(sn, writer);
  const auto* rp = proc(sn, reader);
  REQUIRE(wp);
  REQUIRE(rp);
  CHECK(wp->ppid == rp->ppid);  // both forked by the interactive shell
  const auto* shell = proc(sn, wp->ppid);
  REQUIRE(shell);
  CHECK(shell->exe == "/bin/busybox");  // run as /proc/self/exe: the link names the file
  const uint64_t ino = pipe->ino;
  const OsSnapshot::Proc* tr = nullptr;
  while (slices < 4000) {
    s.step_cycles(20000);
    ++slices;
    sn = snap(s);
    tr = proc(sn, reader);
    if (!tr || tr->comm == "tr") break;
  }
  REQUIRE(tr);
  // ash execs /proc/self/exe (comm "exe", exe stays /bin/busybox: the file) and busybox names
  // the applet with prctl(PR_SET_NAME).
  CHECK(tr->comm == "tr");
  CHECK(tr->exe == "/bin/busybox");
  bool reads_pipe = false;
  for (const auto& p : sn.os.pipes)
    for (const auto& e : p.ends) reads_pipe |= p.ino == ino && e.pid == reader && e.mode == 'r';
  CHECK(reads_pipe);

  auto h = headless(path);
  h->machine().run(uint64_t(1400) * 33000);
  for (int i = 0; i < slices; ++i) h->machine().run(h->machine().now() + 20000);
  require_same(*s.machine(), h->machine());
}
