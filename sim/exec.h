// sim/exec.h — `irqlab exec` (DESIGN.md §5): boots the default machine (or BASE.yaml) with the
// mini OS and runs one static ELF32 i386 program as a normal process, its stdio on the host's.
#pragma once

namespace irq::sim {
// argv[0] is "exec". Returns the process exit code (the guest's status, 128+N when killed by
// signal N), 2 for bad arguments or a program that is not a static ELF32 i386 executable, 3 for an
// internal error, a kernel panic or a run that hit its cycle limit.
int exec_main(int argc, char** argv);
}  // namespace irq::sim
