// sim/os_board.h — the mini OS on a Machine: the board side of os::KernelHost (RAM, ports, trace,
// the stop) and the wiring of the host-call port and the IRET hook to os::Kernel. Used by the
// scenario runner (`os:` scenarios) and by `irqlab exec`.
#pragma once
#include <memory>
#include <string>

#include "os/kernel.h"
#include "sim/machine.h"

namespace irq::sim {

class OsBoard final : public os::KernelHost {
 public:
  OsBoard(Machine& machine, const os::KernelConfig& config);
  ~OsBoard() override;
  os::Kernel& kernel() { return *kernel_; }
  // Loads the kernel and starts the CPU at 0000:8000 in real mode. "" or what went wrong.
  std::string boot();
  // End the run once every process has exited (stop.when: all-exited, irqlab exec).
  void set_stop_when_all_exited(bool on) { stop_all_ = on; }

  // os::KernelHost
  cpu::Cpu& cpu() override { return m_.cpu(); }
  uint8_t* ram() override { return m_.ram(); }
  uint32_t ram_size() override { return m_.ram_size(); }
  Trace& trace() override { return m_.trace(); }
  uint64_t clock_hz() override { return m_.config().clock_hz; }
  uint32_t port_read(uint16_t port, unsigned size) override { return m_.io_read(port, size); }
  void port_write(uint16_t port, uint32_t value, unsigned size) override { m_.io_write(port, value, size); }
  void stop_run() override { m_.request_os_stop(); }

 private:
  Machine& m_;
  std::unique_ptr<os::Kernel> kernel_;
  bool stop_all_ = false;
};

}  // namespace irq::sim
