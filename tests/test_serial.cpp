// tests/test_serial.cpp — the serial console over TCP (sim/gdb/serial.h): a Boost.Asio client on
// loopback types into a UART tty (programs/user/serial_echo.c): the text appears in the guest's
// read, the guest's output reaches the client, ^C (0x03) delivers SIGINT to its handler; a client
// that disconnects and comes back loses nothing; and the `--serial` error paths.
#include <catch2/catch.hpp>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>

#include "os/kernel.h"
#include "sim/devices/uart.h"
#include "sim/gdb/serial.h"
#include "sim/runner.h"
#include "sim/scenario.h"

using namespace irq;
namespace asio = boost::asio;
using asio::ip::tcp;

namespace {

const char kScenario[] = R"(name: serial-echo
machine:
  cpu: { model: i386, clock_hz: 33000000 }
  memory: 16MiB
  devices:
    - { type: pit, irq: 0 }
    - { type: uart, irq: 4, port: 0x3f8 }
os:
  quantum: 10ms
  tty: uart
  files: { /bin/serial_echo: serial_echo }
  init: [ { run: /bin/serial_echo } ]
stop: { when: all-exited, max_cycles: 3300000000 }
expect:
  - exit: { program: /bin/serial_echo, status: 3 }
)";

std::string scenario_file() {
  const std::string path = std::string(IRQ_TMP_DIR) + "/test_serial_echo.yaml";
  std::ofstream(path) << kScenario;
  return path;
}

// Read from the socket until `want` has arrived (10 s at most); everything read is appended.
bool read_until(tcp::socket& s, std::string& got, const std::string& want) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (got.find(want) == std::string::npos) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    boost::system::error_code ec;
    if (s.available(ec) == 0) {
      if (ec) return false;
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
      continue;
    }
    char buf[256];
    const size_t n = s.read_some(asio::buffer(buf), ec);
    if (ec) return false;
    got.append(buf, n);
  }
  return true;
}

}  // namespace

TEST_CASE("serial console over tcp both directions and ^C", "[serial]") {
  const sim::ScenarioSpec spec = sim::load_scenario(scenario_file());
  sim::ScenarioRun run(spec, sim::RunOptions{});
  auto* uart = dynamic_cast<sim::Uart*>(run.machine().find_device(spec.tty_device));
  REQUIRE(uart);
  std::ostringstream log;
  gdb::SerialBridge bridge(run.machine(), *uart, "127.0.0.1:0", false, log);
  REQUIRE(bridge.port() != 0);
  CHECK(log.str().find("serial: listening on port") != std::string::npos);
  sim::Machine::Stop stop = sim::Machine::Stop::CycleLimit;
  std::thread sim_thread([&] { stop = run.run(); });

  asio::io_context io;
  std::string got;
  {
    tcp::socket c(io);
    c.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), bridge.port()));
    CHECK(read_until(c, got, "ready"));  // output written before the client came, then kept
    asio::write(c, asio::buffer(std::string("hello serial\r")));
    CHECK(read_until(c, got, "read: hello serial"));
    c.close();  // a client that goes away: the next one is accepted, nothing is lost
  }
  tcp::socket c(io);
  c.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), bridge.port()));
  asio::write(c, asio::buffer(std::string("second\r")));
  CHECK(read_until(c, got, "read: second"));
  asio::write(c, asio::buffer(std::string("\x03")));
  CHECK(read_until(c, got, "got SIGINT"));
  asio::write(c, asio::buffer(std::string("after\r")));
  CHECK(read_until(c, got, "read: after"));
  asio::write(c, asio::buffer(std::string("quit\r")));
  sim_thread.join();
  bridge.flush_and_close();  // the run's last output (remote_run does this at the end)
  CHECK(read_until(c, got, "bye"));
  CHECK(stop == sim::Machine::Stop::OsStopped);
  bool found = false;
  for (const auto& x : run.os()->kernel().exits())
    if (x.path == "/bin/serial_echo") found = (x.status >> 8) == 3;
  CHECK(found);
  // The tty echoed the typing (ECHO, ECHOCTL) to the client as well.
  CHECK(got.find("hello serial") < got.find("read: hello serial"));
  CHECK(got.find("^C") != std::string::npos);
  for (const auto& r : run.evaluate()) CHECK(r.passed);
}

TEST_CASE("serial console refuses bad addresses", "[serial]") {
  const sim::ScenarioSpec spec = sim::load_scenario(scenario_file());
  sim::ScenarioRun run(spec, sim::RunOptions{});
  auto* uart = dynamic_cast<sim::Uart*>(run.machine().find_device(spec.tty_device));
  REQUIRE(uart);
  std::ostringstream log;
  CHECK_THROWS_WITH(gdb::SerialBridge(run.machine(), *uart, "10.9.8.7:0", false, log),
                    Catch::Contains("not a loopback address (use --allow-remote)"));
  CHECK_THROWS_WITH(gdb::SerialBridge(run.machine(), *uart, "nonsense", false, log),
                    Catch::Contains("HOST:PORT"));
  CHECK_THROWS_WITH(gdb::SerialBridge(run.machine(), *uart, "not-an-ip:0", false, log),
                    Catch::Contains("bad listen address"));
  // --allow-remote: a warning, then it listens (on a local address that is not loopback: skipped
  // when binding fails, as on a host without one).
  std::ostringstream warn;
  try {
    gdb::SerialBridge b(run.machine(), *uart, "0.0.0.0:0", true, warn);
    CHECK(b.port() != 0);
  } catch (const std::runtime_error&) {
  }
  CHECK(warn.str().find("warning: the serial console listens on 0.0.0.0") != std::string::npos);
}

namespace {

// irqlab ARGS (stderr and stdout into one pipe); drives the console; the exit status.
int drive_cli(const std::string& args, std::string& got) {
  const std::string cmd = std::string("\"") + IRQ_IRQLAB_BIN + "\" " + args + " 2>&1";
  FILE* p = popen(cmd.c_str(), "r");
  if (!p) return -1;
  char line[256];
  unsigned port = 0;
  while (!port && std::fgets(line, sizeof line, p)) std::sscanf(line, "serial: listening on port %u", &port);
  if (port) {
    asio::io_context io;
    tcp::socket c(io);
    boost::system::error_code ec;
    c.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), uint16_t(port)), ec);
    if (!ec) {
      CHECK(read_until(c, got, "ready"));
      asio::write(c, asio::buffer(std::string("typed\r")), ec);
      CHECK(read_until(c, got, "read: typed"));
      asio::write(c, asio::buffer(std::string("\x03")), ec);
      CHECK(read_until(c, got, "got SIGINT"));
      asio::write(c, asio::buffer(std::string("quit\r")), ec);
      CHECK(read_until(c, got, "bye"));
    }
  }
  while (std::fgets(line, sizeof line, p)) got += line;
  const int st = pclose(p);
  return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

}  // namespace

TEST_CASE("irqlab exec and run --serial from a tcp client", "[serial]") {
  std::string got;
  CHECK(drive_cli("exec --serial 127.0.0.1:0 \"" + std::string(IRQ_PROGRAMS_DIR) + "/serial_echo.elf\"", got) == 3);
  got.clear();
  CHECK(drive_cli("run \"" + scenario_file() + "\" --serial 127.0.0.1:0", got) == 0);
  CHECK(got.find("PASS exit /bin/serial_echo status 3") != std::string::npos);
  // Error paths: a bad or remote address, a machine without a UART.
  std::string out;
  const std::string prog = std::string(IRQ_PROGRAMS_DIR) + "/serial_echo.elf";
  FILE* p = popen((std::string("\"") + IRQ_IRQLAB_BIN + "\" exec --serial 10.0.0.1:0 \"" + prog + "\" 2>&1").c_str(), "r");
  REQUIRE(p);
  char buf[512];
  while (std::fgets(buf, sizeof buf, p)) out += buf;
  int st = pclose(p);
  CHECK(WEXITSTATUS(st) == 2);
  CHECK(out.find("not a loopback address (use --allow-remote)") != std::string::npos);
  p = popen((std::string("\"") + IRQ_IRQLAB_BIN + "\" exec --serial 127.0.0.1 \"" + prog + "\" 2>&1").c_str(), "r");
  REQUIRE(p);
  out.clear();
  while (std::fgets(buf, sizeof buf, p)) out += buf;
  st = pclose(p);
  CHECK(WEXITSTATUS(st) == 2);
  CHECK(out.find("HOST:PORT") != std::string::npos);
}
