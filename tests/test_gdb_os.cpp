// tests/test_gdb_os.cpp — the GDB stub on the mini OS (sim/gdb/stub.h, attach_os): the debugged
// process's registers and memory while another process runs, Ctrl-C, a single step that runs
// through another process and the kernel, the exit reply; and `irqlab exec/run --gdb` error paths.
#include <catch2/catch.hpp>

#include <cstdio>
#include <cstring>
#include <fstream>
#include <chrono>
#include <random>
#include <sstream>
#include <thread>
#include <string>
#include <vector>

#include "os/kernel.h"
#include "sim/gdb/rsp.h"
#include "sim/gdb/server.h"
#include "sim/gdb/stub.h"
#include "sim/runner.h"
#include "sim/scenario.h"

using namespace irq;
using irq::gdb::RspEvent;

namespace {

// gdb_fork (pid 2) forks pid 3, which execs gdb_target; pid 2 waits for it.
std::unique_ptr<sim::ScenarioRun> fork_run() {
  sim::ScenarioSpec s = sim::minimal_os_spec("(test_gdb_os)", 16u << 20);
  for (const char* name : {"gdb_fork", "gdb_target"}) {
    sim::ScenarioSpec::OsFile f;
    f.guest_path = std::string("/bin/") + name;
    f.kind = sim::ScenarioSpec::OsFile::Kind::Program;
    f.source = name;
    s.files.push_back(f);
  }
  sim::ScenarioSpec::InitProc ip;
  ip.run = "/bin/gdb_fork";
  ip.args = {"/bin/gdb_target"};
  s.init.push_back(ip);
  s.max_cycles = 2'000'000'000ull;
  return std::make_unique<sim::ScenarioRun>(s, sim::RunOptions{});
}

uint32_t le32(const std::string& hex, size_t reg) {
  std::vector<uint8_t> b;
  REQUIRE(gdb::from_hex(hex.substr(reg * 8, 8), b));
  return uint32_t(b[0]) | uint32_t(b[1]) << 8 | uint32_t(b[2]) << 16 | uint32_t(b[3]) << 24;
}

std::string hex32(uint32_t v) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%x", v);
  return buf;
}

// Run a resumed stub to its next stop (bounded).
std::string wait_stop(gdb::Stub& stub) {
  for (int i = 0; i < 100000; ++i)
    if (auto r = stub.run_slice(20000)) return *r;
  return "(no stop)";
}

int run_irqlab(const std::string& args, std::string& out) {
  const std::string cmd = std::string("\"") + IRQ_IRQLAB_BIN + "\" " + args + " 2>&1";
  FILE* p = popen(cmd.c_str(), "r");
  if (!p) return -1;
  char buf[1024];
  size_t n;
  out.clear();
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
  const int st = pclose(p);
  return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

}  // namespace

TEST_CASE("gdb stub on the mini OS follows one process", "[gdb][gdb-os]") {
  auto run = fork_run();
  os::Kernel& k = run->os()->kernel();
  sim::Machine& m = run->machine();
  gdb::Stub stub(m, run->max_cycles());
  stub.attach_os(k, "");
  REQUIRE(stub.settle());
  CHECK(stub.target_pid() == 2);
  CHECK(*stub.handle("?") == "S05");
  const cpu::State& st = m.cpu().state();
  CHECK(st.cpl == 3);
  std::string g = *stub.handle("g");
  const uint32_t entry = le32(g, 8);
  CHECK(entry == st.eip);
  CHECK(le32(g, 10) == 0x1b);  // cs: user code, RPL 3
  const std::string text = *stub.handle("m" + hex32(entry) + ",4");
  REQUIRE(text.size() == 8);

  // Continue until pid 2 is blocked in wait4 and its child runs in user mode, then Ctrl-C.
  REQUIRE(!stub.handle("c"));
  os::Process* p2 = k.processes().at(2).get();
  bool child_running = false;
  for (int i = 0; i < 2'000'000 && !child_running; ++i) {
    REQUIRE(!stub.run_slice(1));
    child_running = k.current_ && k.current_->pid == 3 && st.cpl == 3 &&
                    p2->state == os::Process::State::Blocked && st.eip != p2->regs.eip;
  }
  REQUIRE(child_running);
  CHECK(*stub.interrupt() == "T02");
  CHECK(*stub.handle("?") == "T02");
  // g: pid 2's saved user frame, not the CPU's (pid 3's) registers.
  g = *stub.handle("g");
  CHECK(le32(g, 8) == p2->regs.eip);
  CHECK(le32(g, 4) == p2->regs.esp);
  CHECK(le32(g, 0) == p2->regs.eax);
  CHECK(p2->regs.eip != st.eip);
  // m: through pid 2's page tables while pid 3 is on the CPU.
  uint8_t want[16];
  REQUIRE(k.mem_.copy_in(p2->as, p2->regs.esp, want, 16));
  CHECK(*stub.handle("m" + hex32(p2->regs.esp) + ",10") == gdb::to_hex(want, 16));
  CHECK(*stub.handle("m" + hex32(entry) + ",4") == text);
  // M: a write lands in pid 2 only (the stack page is its own after the fork's COW).
  const uint32_t scratch = p2->regs.esp - 64;
  CHECK(*stub.handle("M" + hex32(scratch) + ",4:efbeadde") == "OK");
  uint32_t v = 0;
  REQUIRE(k.mem_.copy_in(p2->as, scratch, &v, 4));
  CHECK(v == 0xdeadbeef);
  CHECK(*stub.handle("m0,4") == "E14");  // nothing mapped at 0

  // pid 2 stands right after the int 0x80 of its wait4 (in musl's __vsyscall).
  const uint32_t pc0 = p2->regs.eip;
  uint8_t insn[2] = {};
  REQUIRE(k.mem_.copy_in(p2->as, pc0 - 2, insn, 2));
  CHECK(insn[0] == 0xCD);
  CHECK(insn[1] == 0x80);
  // One step: runs through the child's whole life and the kernel, then one instruction of pid 2
  // (the ret after the int 0x80).
  REQUIRE(!stub.handle("s"));
  CHECK(wait_stop(stub) == "T05");
  REQUIRE(k.current_);
  CHECK(k.current_->pid == 2);
  CHECK(st.cpl == 3);
  CHECK(st.eip != pc0);
  REQUIRE(k.exits().size() >= 1);
  CHECK(k.exits().front().pid == 3);
  g = *stub.handle("g");
  CHECK(le32(g, 8) == st.eip);  // on the CPU again: the CPU's registers
  CHECK(le32(g, 0) == 3);        // wait4 returned the child's pid
  CHECK_FALSE(stub.handle("s"));  // asynchronous: the reply comes from run_slice
  CHECK(wait_stop(stub) == "T05");

  // Continue to the exit: W with pid 2's status (10 + the child's 7).
  REQUIRE(!stub.handle("c"));
  CHECK(wait_stop(stub) == "W11");
  CHECK(stub.exited());
  CHECK(*stub.handle("c") == "W11");
}

TEST_CASE("gdb stub on the mini OS names a process", "[gdb][gdb-os]") {
  auto run = fork_run();
  os::Kernel& k = run->os()->kernel();
  gdb::Stub stub(run->machine(), run->max_cycles());
  stub.attach_os(k, "gdb_target");
  REQUIRE(stub.settle());
  CHECK(stub.target_pid() == 3);
  CHECK(k.processes().at(3)->exe == "/bin/gdb_target");
  REQUIRE(!stub.handle("c"));
  CHECK(wait_stop(stub) == "W07");

  auto run2 = fork_run();
  gdb::Stub none(run2->machine(), run2->max_cycles());
  none.attach_os(run2->os()->kernel(), "no_such_program");
  CHECK_FALSE(none.settle());
  CHECK(none.exited());
}

TEST_CASE("irqlab exec and run --gdb error paths", "[gdb][gdb-os]") {
  const std::string prog = std::string(IRQ_PROGRAMS_DIR) + "/gdb_target.elf";
  std::string out;
  CHECK(run_irqlab("exec --gdb-process x " + prog, out) == 2);
  CHECK(out.find("--gdb-process needs --gdb") != std::string::npos);
  CHECK(run_irqlab("exec --gdb nonsense " + prog, out) == 2);
  CHECK(out.find("HOST:PORT") != std::string::npos);
  CHECK(run_irqlab("exec --gdb 10.1.2.3:0 " + prog, out) == 2);
  CHECK(out.find("not a loopback address (use --allow-remote)") != std::string::npos);
  CHECK(run_irqlab("exec --gdb 127.0.0.1:99999 " + prog, out) == 2);
  CHECK(run_irqlab("exec --gdb", out) == 2);
  // No process of that name: the run goes to its end without waiting for a client.
  CHECK(run_irqlab("exec --gdb 127.0.0.1:0 --gdb-process nosuch " + prog, out) == 7);
  CHECK(out.find("gdb: the run ended before a process 'nosuch' ran") != std::string::npos);
  const std::string hello = std::string(IRQ_SOURCE_DIR) + "/tests/scenarios_ok/hello.yaml";
  CHECK(run_irqlab("run " + hello + " --gdb-process x", out) == 2);
  CHECK(run_irqlab("run " + hello + " --gdb 127.0.0.1:0 --gdb-process x", out) == 2);
  CHECK(out.find("--gdb-process needs the mini OS") != std::string::npos);
  CHECK(run_irqlab("run " + hello + " --serial 127.0.0.1:0", out) == 2);
  CHECK(out.find("no uart") != std::string::npos);
  CHECK(run_irqlab("run " + hello + " --serial 192.168.7.7:0", out) == 2);
  // --allow-remote: a warning, then it listens (0.0.0.0 is not loopback).
  auto run = fork_run();
  gdb::Stub stub(run->machine(), run->max_cycles());
  std::ostringstream log;
  CHECK_THROWS_WITH(gdb::Server(stub, "0.0.0.0", 0, false, log), Catch::Contains("use --allow-remote"));
  gdb::Server server(stub, "0.0.0.0", 0, true, log);
  CHECK(server.port() != 0);
  CHECK(log.str().find("warning: the GDB stub listens on 0.0.0.0") != std::string::npos);
}

namespace {

// A random packet for the fuzz below: every command letter, arguments from hex digits, commas,
// colons and random bytes. `writes` allows the state-changing commands (G P M X Z c s).
std::string random_packet(std::mt19937& rng, bool writes) {
  auto rnd = [&](unsigned n) { return unsigned(rng() % n); };
  const std::string reads = "?gpmqHTvz", all = "?gGpPmMXqHTvZzcsCS";
  const std::string& cmds = writes ? all : reads;
  std::string p(1, cmds[rnd(unsigned(cmds.size()))]);
  const std::string alphabet = "0123456789abcdefABCDEF,:;=xX-+#$}*";
  const unsigned n = rnd(4) == 0 ? rnd(600) : rnd(24);
  for (unsigned i = 0; i < n; ++i)
    p.push_back(rnd(8) == 0 ? char(rnd(256)) : alphabet[rnd(unsigned(alphabet.size()))]);
  const std::string tail = p.substr(1);
  if (p[0] == 'v' && rnd(2)) p = std::string(rnd(2) ? "vCont;" : "vCont?").append(tail);
  if (p[0] == 'q' && rnd(2)) p = std::string("qXfer:features:read:").append(tail);
  if (p.rfind("vKill", 0) == 0 || p.rfind("vCont;k", 0) == 0) p = "?";
  if (!writes && p.rfind("vCont;", 0) == 0) p = "vCont?";
  if (!writes && p[0] == 'z') p = std::string("z9").append(tail);  // never removes anything real
  return p;
}

}  // namespace

TEST_CASE("gdb stub on the mini OS survives random packets", "[gdb][gdb-os]") {
  auto run = fork_run();
  os::Kernel& k = run->os()->kernel();
  gdb::Stub stub(run->machine(), run->max_cycles());
  stub.attach_os(k, "");
  REQUIRE(stub.settle());
  const std::string regs = *stub.handle("g");
  const std::string entry = hex32(le32(regs, 8));
  const std::string text = *stub.handle("m" + entry + ",40");
  const uint64_t cycles = run->machine().now();
  std::mt19937 rng(20261204);
  // Read-only commands with random arguments: nothing changes.
  for (int i = 0; i < 3000; ++i) {
    const std::string p = random_packet(rng, false);
    const auto r = stub.handle(p);
    REQUIRE(r);  // read-only commands always answer at once
    CHECK(r->size() <= 2 * gdb::Stub::kPacketSize + 1);
  }
  CHECK(*stub.handle("g") == regs);
  CHECK(*stub.handle("m" + entry + ",40") == text);
  CHECK(run->machine().now() == cycles);
  // Anything goes: writes, breakpoints, resumes (run a little, then Ctrl-C).
  for (int i = 0; i < 1500 && !stub.exited(); ++i) {
    const std::string p = random_packet(rng, true);
    stub.handle(p);
    if (stub.running()) {
      for (int s = 0; s < 3 && stub.running(); ++s) stub.run_slice(200);
      stub.interrupt();
    }
  }
  // Still a debugger: it answers, and the run goes on to an end without a host crash.
  CHECK(!stub.handle("?")->empty());
  CHECK(stub.handle("g")->size() == regs.size());
  CHECK(*stub.handle("m" + hex32(os::kKernelBase + os::kKernelLoad) + ",1") != "E14");
  stub.handle("D");
  if (!stub.exited()) {
    stub.handle("c");
    CHECK(wait_stop(stub)[0] != '(');
  }
  CHECK_FALSE(k.panicked());
}

TEST_CASE("rsp decoder survives random bytes", "[gdb]") {
  std::mt19937 rng(7);
  gdb::Decoder d(256);
  std::vector<RspEvent> ev;
  size_t packets = 0;
  for (int i = 0; i < 20000; ++i) {
    std::string bytes;
    for (unsigned n = rng() % 64; n > 0; --n) {
      const unsigned r = rng() % 16;
      bytes.push_back(r == 0 ? '$' : r == 1 ? '#' : r == 2 ? '}' : r == 3 ? '*' : char(rng()));
    }
    if (rng() % 8 == 0) {
      char cmd[32];
      std::snprintf(cmd, sizeof cmd, "m%x,4", unsigned(rng() % 1000));
      bytes += gdb::frame(cmd);
    }
    ev.clear();
    d.feed(bytes, ev);
    for (const RspEvent& e : ev) {
      packets += e.kind == RspEvent::Kind::Packet;
      if (e.kind == RspEvent::Kind::Packet) CHECK(e.payload.size() <= 256 * 127);
    }
  }
  CHECK(packets > 0);
  d.reset();
  ev.clear();
  d.feed(gdb::frame("g"), ev);
  REQUIRE(ev.size() == 1);
  CHECK(ev[0].payload == "g");
}

namespace {

namespace asio = boost::asio;
using asio::ip::tcp;

// A blocking RSP client (acks every reply).
struct OsClient {
  asio::io_context io;
  tcp::socket s{io};
  gdb::Decoder dec{1 << 16};
  std::vector<RspEvent> pending;
  bool connect(uint16_t port) {
    boost::system::error_code ec;
    s.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port), ec);
    return !ec;
  }
  void send(const std::string& bytes) {
    boost::system::error_code ec;
    asio::write(s, asio::buffer(bytes), ec);
  }
  std::string reply() {
    for (;;) {
      for (size_t i = 0; i < pending.size(); ++i) {
        if (pending[i].kind != RspEvent::Kind::Packet) continue;
        std::string p = pending[i].payload;
        pending.erase(pending.begin(), pending.begin() + long(i) + 1);
        send("+");
        return p;
      }
      pending.clear();
      char buf[4096];
      boost::system::error_code ec;
      const size_t n = s.read_some(asio::buffer(buf), ec);
      if (ec) return "<closed>";
      dec.feed(std::string_view(buf, n), pending);
    }
  }
  std::string ask(const std::string& payload) {
    send(gdb::frame(payload));
    return reply();
  }
};

}  // namespace

// serial_echo on a UART tty with no input: blocked in read() for ever (a target that never ends).
std::unique_ptr<sim::ScenarioRun> blocked_run() {
  const std::string path = std::string(IRQ_TMP_DIR) + "/test_gdb_os_echo.yaml";
  std::ofstream(path) << "name: gdb-os-echo\n"
                         "machine:\n"
                         "  memory: 16MiB\n"
                         "  devices: [ { type: pit, irq: 0 }, { type: uart, irq: 4, port: 0x3f8 } ]\n"
                         "os:\n"
                         "  tty: uart\n"
                         "  files: { /bin/serial_echo: serial_echo }\n"
                         "  init: [ { run: /bin/serial_echo } ]\n"
                         "stop: { when: all-exited, max_cycles: 3300000000 }\n";
  return std::make_unique<sim::ScenarioRun>(sim::load_scenario(path), sim::RunOptions{});
}

TEST_CASE("gdb server on the mini OS survives garbage and disconnects while running", "[gdb][gdb-os]") {
  auto run = blocked_run();
  gdb::Stub stub(run->machine(), run->max_cycles());
  stub.attach_os(run->os()->kernel(), "");
  REQUIRE(stub.settle());
  std::ostringstream log;
  gdb::Server server(stub, "127.0.0.1", 0, false, log);
  std::thread th([&] { server.serve(); });
  std::string regs;
  {
    OsClient c;
    REQUIRE(c.connect(server.port()));
    regs = c.ask("g");
  }
  std::mt19937 rng(99);
  for (int round = 0; round < 12; ++round) {
    OsClient c;
    REQUIRE(c.connect(server.port()));
    const unsigned kind = round < 2 ? 3 - round : rng() % 4;
    switch (kind) {
      case 0: c.send("$g#00$m0,zz#11\x7f\x01garbage"); break;         // bad checksums, noise
      case 1: c.send("$" + std::string(6000, 'M') + "#00"); break;   // oversized: dropped
      case 2: c.send("$m80480"); break;                              // truncated
      default:  // resume (stepping: a breakpoint is set), then vanish while it runs: it pauses
        CHECK(c.ask("Z0,8048000,1") == "OK");
        c.send(gdb::frame("c"));
        std::this_thread::sleep_for(std::chrono::milliseconds(3));
        break;
    }
    if (kind != 3 && rng() % 2) c.ask("?");
  }
  // A new client finds the target paused where the last one left it, and can drive it.
  OsClient c;
  REQUIRE(c.connect(server.port()));
  CHECK(c.ask("z0,8048000,1") == "OK");
  const std::string st = c.ask("?");
  CHECK((st == "S05" || st == "T02"));
  CHECK(c.ask("g").size() == regs.size());
  CHECK(c.ask("m8048000,4").size() == 8);
  c.send(gdb::frame("c"));
  std::this_thread::sleep_for(std::chrono::milliseconds(3));
  c.send("\x03");
  CHECK(c.reply() == "T02");
  CHECK(c.ask("g").size() == regs.size());
  c.send(gdb::frame("k"));
  th.join();
  CHECK(stub.killed());
  CHECK_FALSE(stub.exited());
  CHECK(log.str().find("oversized packet, client dropped") != std::string::npos);
}
