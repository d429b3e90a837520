// tests/test_os.cpp — the mini OS (os/) through the scenario runner and `irqlab exec`: bad input
// and misbehaving guests are contained (fork bomb, memory hog, files that are not executables, a
// kernel-mode fault), and the scheduler really switches address spaces. The Linux semantics of the
// system calls are checked against the oracle by tests/conformance/; this file covers what only
// the simulator can see (its own counters, trace events, CPU state, the exit code of irqlab).
#include <catch2/catch.hpp>

#include <sys/wait.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "cpu/cpu.h"
#include "os/kernel.h"
#include "sim/runner.h"
#include "sim/scenario.h"

namespace {

using irq::sim::Ev;
using irq::sim::Machine;
using irq::sim::RunOptions;
using irq::sim::ScenarioRun;
using irq::sim::ScenarioSpec;

struct Prog {
  std::string name;               // programs/user/NAME.c
  std::vector<std::string> args;
};

ScenarioSpec os_spec(const std::vector<Prog>& progs, uint32_t memory = 16u << 20, unsigned max_procs = 256) {
  ScenarioSpec s = irq::sim::minimal_os_spec("(test_os)", memory);
  s.max_processes = max_procs;
  for (const Prog& p : progs) {
    ScenarioSpec::OsFile f;
    f.guest_path = "/bin/" + p.name;
    f.kind = ScenarioSpec::OsFile::Kind::Program;
    f.source = p.name;
    bool have = false;
    for (const auto& g : s.files) have |= g.guest_path == f.guest_path;
    if (!have) s.files.push_back(f);
    ScenarioSpec::InitProc ip;
    ip.run = f.guest_path;
    ip.args = p.args;
    s.init.push_back(ip);
  }
  s.max_cycles = 3'000'000'000ull;
  return s;
}

std::unique_ptr<ScenarioRun> start(const ScenarioSpec& s) {
  RunOptions o;
  o.trace = true;
  return std::make_unique<ScenarioRun>(s, o);
}

const irq::os::Kernel::ExitRecord* exit_of(ScenarioRun& r, const std::string& path) {
  for (const auto& e : r.os()->kernel().exits())
    if (e.path == path) return &e;
  return nullptr;
}

size_t count(ScenarioRun& r, Ev kind) {
  size_t n = 0;
  for (const auto& e : r.machine().trace().events()) n += e.kind == kind;
  return n;
}

// irqlab exec FILE: exit status and stderr.
int exec_status(const std::string& file, std::string& err) {
  const std::string cmd = std::string("\"") + IRQ_IRQLAB_BIN + "\" exec \"" + file + "\" 2>&1 >/dev/null";
  FILE* p = popen(cmd.c_str(), "r");
  if (!p) return -1;
  char buf[1024];
  size_t n;
  err.clear();
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) err.append(buf, n);
  const int rc = pclose(p);
  return WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
}

void write_file(const std::string& path, const std::vector<uint8_t>& bytes) {
  std::ofstream out(path, std::ios::binary);
  out.write(reinterpret_cast<const char*>(bytes.data()), std::streamsize(bytes.size()));
}

// A minimal ELF32 i386 header with one program header of type `ptype`.
std::vector<uint8_t> tiny_elf(uint8_t cls, uint16_t type, uint16_t machine, uint32_t ptype) {
  std::vector<uint8_t> b(52 + 32, 0);
  b[0] = 0x7F; b[1] = 'E'; b[2] = 'L'; b[3] = 'F';
  b[4] = cls; b[5] = 1; b[6] = 1;
  auto put16 = [&](size_t o, uint16_t v) { b[o] = uint8_t(v); b[o + 1] = uint8_t(v >> 8); };
  auto put32 = [&](size_t o, uint32_t v) { for (int i = 0; i < 4; ++i) b[o + i] = uint8_t(v >> (8 * i)); };
  put16(16, type);
  put16(18, machine);
  put32(20, 1);
  put32(24, 0x08048054);  // entry
  put32(28, 52);          // phoff
  put16(40, 52);
  put16(42, 32);
  put16(44, 1);
  put32(52, ptype);
  put32(52 + 8, 0x08048000);
  put32(52 + 16, uint32_t(b.size()));
  put32(52 + 20, uint32_t(b.size()));
  put32(52 + 24, 5);
  return b;
}

}  // namespace

TEST_CASE("os: a fork bomb hits the process limit (EAGAIN) and the machine keeps running", "[os]") {
  auto run = start(os_spec({{"forkbomb", {}}, {"alive", {"300"}}}, 16u << 20, 40));
  const Machine::Stop stop = run->run();
  CHECK(stop == Machine::Stop::OsStopped);
  const std::string& out = run->machine().console();
  INFO(out);
  CHECK(out.find("a fork failed with EAGAIN") != std::string::npos);
  CHECK(out.find("machine still running") != std::string::npos);
  CHECK(out.find("alive after 300 ms") != std::string::npos);
  const irq::os::Kernel::ExitRecord* e = nullptr;  // the first process (pid 2), not a bomb member
  for (const auto& x : run->os()->kernel().exits())
    if (x.pid == 2) e = &x;
  REQUIRE(e);
  CHECK(e->path == "/bin/forkbomb");
  CHECK(e->status == 0);
  // Every bomb process was created, killed and reaped: only init is left.
  CHECK(run->os()->kernel().processes().size() == 1);
  CHECK(count(*run, Ev::ProcessCreated) >= 40);
}

TEST_CASE("os: a memory hog gets ENOMEM or is killed, and another process goes on", "[os]") {
  auto run = start(os_spec({{"memhog", {}}, {"alive", {"500"}}}, 16u << 20));
  run->run();
  const std::string& out = run->machine().console();
  INFO(out);
  const auto* e = exit_of(*run, "/bin/memhog");
  REQUIRE(e);
  const bool enomem = e->status == 0 && out.find("malloc failed (ENOMEM)") != std::string::npos;
  const bool killed = e->status == 9 && count(*run, Ev::OomKill) >= 1;
  CHECK((enomem || killed));
  CHECK(out.find("alive after 500 ms") != std::string::npos);
  CHECK(run->os()->kernel().all_exited());
}

TEST_CASE("os: a fault in kernel mode is a kernel panic with registers, not a host crash", "[os]") {
  auto run = start(os_spec({{"alive", {"1000"}}}));
  Machine& m = run->machine();
  CHECK(m.run(3'000'000) == Machine::Stop::CycleLimit);  // booted, the program sleeps
  irq::os::Kernel& k = run->os()->kernel();
  REQUIRE(k.booted());
  // Break the stub's return path: UD2 where ret_from_kernel pops the trap frame.
  const uint32_t pa = k.ret_va_ - irq::os::kKernelBase;
  m.cpu().poke_phys(pa, 0x0F);
  m.cpu().poke_phys(pa + 1, 0x0B);
  m.cpu().invalidate_code(pa, 2);
  const Machine::Stop stop = m.run(400'000'000);
  CHECK(stop == Machine::Stop::OsStopped);
  REQUIRE(k.panicked());
  const std::string& rep = k.panic_report();
  INFO(rep);
  CHECK(rep.find("kernel panic: exception in kernel mode") != std::string::npos);
  CHECK(rep.find("vector 6") != std::string::npos);
  CHECK(rep.find("eax") != std::string::npos);
  CHECK(rep.find("cr3") != std::string::npos);
  CHECK(count(*run, Ev::KernelPanic) == 1);
  // The runner reports it as a failed line.
  bool reported = false;
  for (const auto& r : run->evaluate()) reported |= !r.passed && r.line.find("kernel panic") != std::string::npos;
  CHECK(reported);
}

TEST_CASE("os: irqlab exec refuses files that are not static ELF32 i386 executables (exit 2)", "[os]") {
  const std::string dir = IRQ_TMP_DIR;
  struct Case {
    std::string name;
    std::vector<uint8_t> bytes;
    std::string why;
  };
  const std::vector<Case> cases = {
      {"text.elf", {'h', 'e', 'l', 'l', 'o', '\n'}, "not an ELF file"},
      {"empty.elf", {}, "not an ELF file"},
      {"elf64.elf", tiny_elf(2, 2, 62, 1), "64-bit"},
      {"arm.elf", tiny_elf(1, 2, 40, 1), "not an i386 executable"},
      {"dynamic.elf", tiny_elf(1, 2, 3, 3), "dynamically linked"},
      {"relocatable.elf", tiny_elf(1, 1, 3, 1), "not an executable"},
  };
  for (const Case& c : cases) {
    INFO(c.name);
    const std::string path = dir + "/" + c.name;
    write_file(path, c.bytes);
    std::string err;
    CHECK(exec_status(path, err) == 2);
    CHECK(err.find("not a static ELF32 i386 executable") != std::string::npos);
    CHECK(err.find(c.why) != std::string::npos);
  }
  std::string err;
  CHECK(exec_status(dir + "/no-such-program.elf", err) == 2);
  CHECK(err.find("cannot read") != std::string::npos);
}

TEST_CASE("os: irqlab exec passes arguments and returns the program's exit status", "[os]") {
  // bench_getpid prints "getpid N ok" and exits 0; a missing argument count means the default.
  const std::string elf = std::string(IRQ_PROGRAMS_DIR) + "/bench_getpid.elf";
  const std::string cmd = std::string("\"") + IRQ_IRQLAB_BIN + "\" exec \"" + elf + "\" 1234";
  FILE* p = popen(cmd.c_str(), "r");
  REQUIRE(p);
  char buf[256] = {};
  const size_t n = fread(buf, 1, sizeof buf - 1, p);
  const int rc = pclose(p);
  CHECK(std::string(buf, n) == "getpid 1234 ok\n");
  CHECK(WIFEXITED(rc));
  CHECK(WEXITSTATUS(rc) == 0);
}

TEST_CASE("os: context switches swap CR3 and the kernel stack, round robin between processes", "[os]") {
  auto run = start(os_spec({{"bench_yield", {"3", "50"}}}));
  run->run();
  INFO(run->machine().console());
  CHECK(run->machine().console().find("yields 150") != std::string::npos);
  // Switches among the three processes (2, 3, 4), each one a different page directory.
  std::vector<uint32_t> to;
  for (const auto& e : run->machine().trace().events())
    if (e.kind == Ev::ContextSwitch && e.c) to.push_back(e.c);
  REQUIRE(to.size() >= 150);
  size_t rotations = 0;
  for (size_t i = 2; i < to.size(); ++i)
    rotations += to[i] != to[i - 1] && to[i] != to[i - 2] && to[i - 1] != to[i - 2];
  CHECK(rotations >= 100);
  CHECK(run->os()->kernel().context_switches() >= 150);
}

TEST_CASE("os: an unknown system call answers ENOSYS and is traced", "[os]") {
  // sys_efault (tests/conformance) ends with syscall(1000).
  ScenarioSpec s = os_spec({});
  ScenarioSpec::OsFile f;
  f.guest_path = "/bin/sys_efault";
  f.kind = ScenarioSpec::OsFile::Kind::HostPath;
  f.source = std::string(IRQ_CONFORMANCE_DIR) + "/sys_efault.elf";
  s.files.push_back(f);
  ScenarioSpec::InitProc ip;
  ip.run = f.guest_path;
  s.init.push_back(ip);
  auto run = start(s);
  run->run();
  INFO(run->machine().console());
  size_t unknown = 0;
  for (const auto& e : run->machine().trace().events()) unknown += e.kind == Ev::UnknownSyscall && e.c == 1000;
  CHECK(unknown == 1);
  const auto* e = exit_of(*run, "/bin/sys_efault");
  REQUIRE(e);
  CHECK(e->status == 0);
}

TEST_CASE("os: a selector made stale by the process itself does not fault in the kernel", "[os]") {
  auto run = start(os_spec({{"tls_clear", {}}}));
  run->run();
  const std::string& out = run->machine().console();
  INFO(out);
  CHECK_FALSE(run->os()->kernel().panicked());
  CHECK(out.find("cleared: 0, fs after the return to user mode: 0") != std::string::npos);
  const auto* e = exit_of(*run, "/bin/tls_clear");
  REQUIRE(e);
  CHECK(e->status == 0);
}

TEST_CASE("os: an exit expectation names the os.init process, not a child it forked", "[os]") {
  ScenarioSpec s = os_spec({{"fork_status", {}}});
  irq::sim::Expectation x;
  x.kind = irq::sim::Expectation::Kind::Exit;
  x.program = "/bin/fork_status";
  x.status = 0;  // the child, which exits first with the same program path, says 7
  s.expect.push_back(x);
  x.status = 7;
  s.expect.push_back(x);
  auto run = start(s);
  CHECK(run->run() == Machine::Stop::OsStopped);
  CHECK(run->machine().console().find("child exited with 7") != std::string::npos);
  const auto results = run->evaluate();
  REQUIRE(results.size() == 2);
  CHECK(results[0].passed);
  CHECK_FALSE(results[1].passed);
}

TEST_CASE("os: a machine torn down while a process waits on a pipe frees cleanly", "[os]") {
  // Destroying the kernel closes the processes' pipe ends, which wake wait keys: the maps they
  // use must still be alive (this aborted with a double free before; ASan checks it too).
  for (uint64_t cycles : {200'000ull, 300'000ull, 1'000'000ull}) {
    ScenarioSpec s = irq::sim::load_scenario(std::string(IRQ_SOURCE_DIR) + "/scenarios/pipe_parent_child.yaml");
    s.max_cycles = cycles;
    auto run = start(s);
    run->run();
    INFO("stopped at cycle " << run->machine().now());
    bool blocked = false;
    for (const auto& [pid, p] : run->os()->kernel().processes())
      blocked |= p->state == irq::os::Process::State::Blocked;
    if (cycles == 300'000ull) CHECK(blocked);  // the child waits in read on the empty pipe
    run.reset();  // the failure mode is an abort here
  }
}
