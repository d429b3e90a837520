// sim/devices/nmi_source.cpp — see nmi_source.h.
#include "sim/devices/nmi_source.h"

#include <stdexcept>
#include <utility>

namespace irq::sim {

NmiSource::NmiSource(std::string name, DeviceContext ctx, std::function<void()> pulse_nmi)
    : name_(std::move(name)), ctx_(std::move(ctx)), pulse_nmi_(std::move(pulse_nmi)) {}

void NmiSource::trigger() {
  ++triggers_;
  if (pulse_nmi_) pulse_nmi_();
}

void NmiSource::start_periodic(uint64_t period_cycles) {
  if (period_cycles == 0) throw std::invalid_argument("nmi-source: period must be > 0");
  period_ = period_cycles;
  ++generation_;
  if (ctx_.events) ctx_.events->schedule(ctx_.now() + period_, &NmiSource::on_tick, this, generation_);
}

void NmiSource::stop_periodic() {
  period_ = 0;
  ++generation_;
}

void NmiSource::on_tick(void* ctx, uint64_t now, uint64_t tag) {
  NmiSource& s = *static_cast<NmiSource*>(ctx);
  if (tag != s.generation_ || s.period_ == 0) return;
  s.trigger();
  if (tag != s.generation_ || s.period_ == 0) return;  // the NMI handler reprogrammed the source
  // Scheduled from the event's own time, so late delivery never drifts the period.
  s.ctx_.events->schedule(now + s.period_, &NmiSource::on_tick, &s, s.generation_);
}

}  // namespace irq::sim
