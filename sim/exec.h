// sim/exec.h — `irqlab exec` (DESIGN.md §5): boots the default machine (or BASE.yaml) with the
// mini OS and runs one static ELF32 i386 program as a normal process, its stdio on the host's.
#pragma once
#include <string>

#include "sim/machine.h"

namespace irq::sim {

class ScenarioRun;

// --gdb / --gdb-process / --serial / --allow-remote (sim/gdb/gdb_main.h).
struct RemoteOptions {
  std::string gdb;          // HOST:PORT of the GDB stub, "" = none
  std::string gdb_process;  // the process to debug (path or basename), "" = the first started
  std::string serial;       // HOST:PORT of the serial console bridge, "" = none
  bool allow_remote = false;
  bool any() const { return !gdb.empty() || !serial.empty(); }
};
// Runs a built run to its end under the GDB stub / serial bridge (irq::gdb::remote_run: irq_sim
// does not link irq_gdb, so main.cpp passes it in). Throws std::runtime_error for a bad address.
using RemoteRunner = Machine::Stop (*)(ScenarioRun& run, const RemoteOptions& options);

// argv[0] is "exec". Returns the process exit code (the guest's status, 128+N when killed by
// signal N), 2 for bad arguments or a program that is not a static ELF32 i386 executable, 3 for an
// internal error, a kernel panic or a run that hit its cycle limit. `remote` serves --gdb/--serial
// (without it those options are refused).
int exec_main(int argc, char** argv, RemoteRunner remote = nullptr);

}  // namespace irq::sim
