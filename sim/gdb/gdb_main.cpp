// sim/gdb/gdb_main.cpp — see gdb_main.h.
#include "sim/gdb/gdb_main.h"

#include <exception>
#include <iostream>
#include <memory>
#include <stdexcept>

#include "os/kernel.h"
#include "sim/devices/uart.h"
#include "sim/gdb/serial.h"
#include "sim/gdb/server.h"
#include "sim/gdb/stub.h"
#include "sim/runner.h"
#include "sim/scenario.h"

namespace irq::gdb {

namespace {

sim::Uart* console_uart(sim::ScenarioRun& run) {
  sim::Machine& m = run.machine();
  if (auto* d = dynamic_cast<sim::Uart*>(m.find_device(run.spec().tty_device))) return d;
  for (const auto& d : m.devices())
    if (auto* u = dynamic_cast<sim::Uart*>(d.get())) return u;
  return nullptr;
}

}  // namespace

sim::Machine::Stop remote_run(sim::ScenarioRun& run, const sim::RemoteOptions& o) {
  sim::Machine& m = run.machine();
  std::unique_ptr<SerialBridge> serial;
  if (!o.serial.empty()) {
    sim::Uart* uart = console_uart(run);
    if (!uart) throw std::runtime_error("--serial: the machine has no uart device");
    serial = std::make_unique<SerialBridge>(m, *uart, o.serial, o.allow_remote, std::cerr);
  }
  if (o.gdb.empty()) {
    const sim::Machine::Stop s = run.run();
    if (serial) serial->flush_and_close();
    return s;
  }
  std::string host;
  uint16_t port = 0;
  if (!parse_listen(o.gdb, host, port)) throw std::runtime_error("--gdb wants HOST:PORT, got '" + o.gdb + "'");
  if (!o.gdb_process.empty() && !run.os())
    throw std::runtime_error("--gdb-process needs the mini OS (an os: section or irqlab exec)");
  Stub stub(m, run.max_cycles());
  Server server(stub, host, port, o.allow_remote, std::cerr);  // binds now: a bad address fails fast
  bool serve = true;
  if (run.os()) {
    stub.attach_os(run.os()->kernel(), o.gdb_process);
    if (stub.settle()) {
      std::cerr << "gdb: process " << stub.target_pid() << " stopped at its first instruction\n";
    } else {
      // Nothing to debug (no such process, or it never reached user mode): no client is awaited.
      std::cerr << "gdb: the run ended before "
                << (o.gdb_process.empty() ? std::string("the first process ran")
                                          : "a process '" + o.gdb_process + "' ran")
                << "\n";
      serve = false;
    }
  }
  if (serve) server.serve();
  if (stub.killed()) std::cerr << "gdb: killed by the client\n";
  else if (auto s = stub.machine_stop()) std::cerr << "gdb: " << sim::Machine::describe(*s) << "\n";
  sim::Machine::Stop stop = sim::Machine::Stop::CycleLimit;
  if (auto s = stub.machine_stop()) {
    stop = *s;
  } else if (run.os()) {
    // The debugged process exited (or the client left): the rest of the run, without the stub.
    if (stub.killed() && stub.target_pid() > 0) run.os()->kernel().post_signal("", stub.target_pid(), 9);
    stop = run.run();
  }
  if (serial) serial->flush_and_close();
  return stop;
}

int gdb_run(const std::string& scenario, const sim::RemoteOptions& options) {
  try {
    const sim::ScenarioSpec spec = sim::load_scenario(scenario);
    sim::RunOptions ro;
    sim::ScenarioRun run(spec, ro);
    remote_run(run, options);
    bool ok = true;
    for (const sim::ExpectationResult& r : run.evaluate()) {
      std::cout << r.line << "\n";
      ok = ok && r.passed;
    }
    return ok ? 0 : 1;
  } catch (const std::exception& e) {
    std::cerr << "irqlab: " << e.what() << "\n";
    return 2;
  }
}

}  // namespace irq::gdb
