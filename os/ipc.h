// os/ipc.h — System V IPC of the mini OS (message queues and semaphore arrays): the kernel's
// tables, keyed by id, with Linux's limits, permissions and wait rules (ipc/msg.c, ipc/sem.c).
#pragma once
#include <cstdint>

#include "os/kernel.h"

namespace irq::os {

struct Kernel::Ipc {};

}  // namespace irq::os
