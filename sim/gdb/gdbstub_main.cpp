// sim/gdb/gdbstub_main.cpp — irqlab-gdbstub SCENARIO HOST:PORT: the GDB stub alone (tests).
// PORT 0 picks a free port; the stub prints "gdb: listening on port N" on stderr.
#include <iostream>
#include <string>

#include "sim/gdb/gdb_main.h"

int main(int argc, char** argv) {
  if (argc < 3) {
    std::cerr << "usage: irqlab-gdbstub SCENARIO HOST:PORT [--allow-remote]\n";
    return 2;
  }
  irq::sim::RemoteOptions o;
  o.gdb = argv[2];
  o.allow_remote = argc > 3 && std::string(argv[3]) == "--allow-remote";
  return irq::gdb::gdb_run(argv[1], o);
}
