// sim/gdb/gdb_main.h — the GDB stub and the serial console bridge on a scenario run.
//   irqlab run SCENARIO [--gdb HOST:PORT [--gdb-process NAME]] [--serial HOST:PORT] [--allow-remote]
//   irqlab exec [--gdb HOST:PORT [--gdb-process NAME]] [--allow-remote] PROGRAM.elf ... (sim/exec.h)
// gdb_run: load the scenario, serve a GDB client until the machine stops or the client kills/
// detaches (with the mini OS: until the debugged process exits, then the run goes on to its end),
// then evaluate the expectations like `irqlab run` (PASS/FAIL lines on stdout).
// Returns 0 when every expectation passed, 1 when one failed, 2 for a bad scenario or address.
// remote_run: the same on a built run (irqlab exec passes it to exec_main): the GDB stub and/or
// the serial bridge (sim/gdb/serial.h) while the run goes to its end; throws std::runtime_error
// for a bad or refused address.
#pragma once
#include <string>

#include "sim/exec.h"
#include "sim/machine.h"

namespace irq::sim { class ScenarioRun; }

namespace irq::gdb {
int gdb_run(const std::string& scenario, const sim::RemoteOptions& options);
sim::Machine::Stop remote_run(sim::ScenarioRun& run, const sim::RemoteOptions& options);
}  // namespace irq::gdb

using irq::gdb::gdb_run;
