// sim/gdb/gdb_main.cpp — see gdb_main.h.
#include "sim/gdb/gdb_main.h"

#include <exception>
#include <iostream>

#include "sim/gdb/server.h"
#include "sim/gdb/stub.h"
#include "sim/runner.h"
#include "sim/scenario.h"

namespace irq::gdb {

int gdb_run(const std::string& scenario, const std::string& listen, bool allow_remote) {
  std::string host;
  uint16_t port = 0;
  if (!parse_listen(listen, host, port)) {
    std::cerr << "irqlab: --gdb wants HOST:PORT, got '" << listen << "'\n";
    return 2;
  }
  try {
    const sim::ScenarioSpec spec = sim::load_scenario(scenario);
    sim::RunOptions options;
    sim::ScenarioRun run(spec, options);
    Stub stub(run.machine(), run.max_cycles());
    Server server(stub, host, port, allow_remote, std::cerr);
    server.serve();
    if (stub.killed()) std::cerr << "gdb: killed by the client\n";
    else if (auto s = stub.machine_stop()) std::cerr << "gdb: " << sim::Machine::describe(*s) << "\n";
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
