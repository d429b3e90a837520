// sim/gdb/gdb_main.h — `irqlab run SCENARIO --gdb HOST:PORT [--allow-remote]`: load the scenario,
// wait for a GDB client, serve it until the machine stops or the client kills/detaches, then
// evaluate the expectations like `irqlab run` (PASS/FAIL lines on stdout).
// Returns 0 when every expectation passed, 1 when one failed, 2 for a bad scenario or address.
#pragma once
#include <string>

namespace irq::gdb {
int gdb_run(const std::string& scenario, const std::string& listen, bool allow_remote);
}  // namespace irq::gdb

using irq::gdb::gdb_run;
