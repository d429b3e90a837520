// sim/devices/irq_source.cpp — see irq_source.h.
#include "sim/devices/irq_source.h"

#include <utility>

namespace irq::sim {

IrqSource::IrqSource(std::string name, DeviceContext ctx, Pin out)
    : name_(std::move(name)), ctx_(std::move(ctx)), out_(out) {
  out_.lower();
}

void IrqSource::drive(bool high) {
  level_ = high;
  out_.set(high);
}

void IrqSource::raise() {
  ++generation_;
  lower_at_ = EventQueue::kNever;
  drive(true);
}

void IrqSource::lower() {
  ++generation_;
  lower_at_ = EventQueue::kNever;
  drive(false);
}

void IrqSource::hold(uint64_t cycles) {
  raise();
  if (cycles == 0 || !ctx_.events) {  // a zero-width pulse: both edges now
    drive(false);
    return;
  }
  lower_at_ = ctx_.now() + cycles;
  ctx_.events->schedule(lower_at_, &IrqSource::on_lower, this, generation_);
}

void IrqSource::on_lower(void* ctx, uint64_t /*now*/, uint64_t tag) {
  IrqSource& s = *static_cast<IrqSource*>(ctx);
  if (tag != s.generation_) return;  // replaced by a later raise/lower/hold
  s.lower_at_ = EventQueue::kNever;
  s.drive(false);
}

}  // namespace irq::sim
