// sim/os_board.cpp — see os_board.h.
#include "sim/os_board.h"

namespace irq::sim {

OsBoard::OsBoard(Machine& machine, const os::KernelConfig& config) : m_(machine) {
  kernel_ = std::make_unique<os::Kernel>(*this, config);
  m_.set_host_call([this](uint32_t frame) {
    kernel_->host_call(frame);
    if (stop_all_ && kernel_->all_exited()) m_.request_os_stop();
  });
  m_.set_iret_hook([this](uint32_t cs, uint32_t eip) { kernel_->on_iret(cs, eip); });
}

OsBoard::~OsBoard() {
  m_.set_host_call(nullptr);
  m_.set_iret_hook(nullptr);
}

std::string OsBoard::boot() {
  const std::string err = kernel_->boot();
  if (!err.empty()) return err;
  m_.start_real_mode(0, os::kKernelLoad);
  return "";
}

}  // namespace irq::sim
