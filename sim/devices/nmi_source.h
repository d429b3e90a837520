// sim/devices/nmi_source.h — a scriptable NMI source: each trigger() is one rising edge on the
// CPU's NMI pin, delivered through a callback the board gives at construction (the Machine's
// pulse_nmi, which latches the edge in the CPU). Optionally periodic (a watchdog-like NMI every N
// cycles, from start_periodic() on).
//
// Pins:  NMI (through the callback; NMI is edge-triggered on the 80386, so there is no level).
// Ports: none.
//
// API:  NmiSource nmi("nmi", ctx, [&m] { m.pulse_nmi(); });
//       nmi.trigger();               // one NMI edge now
//       nmi.start_periodic(period);  // an edge at now + period, now + 2*period, ... (period > 0)
//       nmi.stop_periodic();
//       nmi.periodic(), nmi.triggers() (edges so far)
//
// Inaccuracies: no NMI mask (the AT's port 0x70 bit 7 / port 0x61 gating is not applied here; see
//   rtc.h); the periodic stream keeps an event in the queue for as long as it runs.
#pragma once
#include <cstdint>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "sim/device.h"

namespace irq::sim {


class NmiSource final : public Device {
 public:
  NmiSource(std::string name, DeviceContext ctx, std::function<void()> pulse_nmi);
  NmiSource(const NmiSource&) = delete;
  NmiSource& operator=(const NmiSource&) = delete;

  const std::string& name() const override { return name_; }
  void reset() override { stop_periodic(); }
  uint32_t io_read(uint16_t /*port*/, unsigned /*size*/) override { return 0xFFFFFFFFu; }
  void io_write(uint16_t /*port*/, uint32_t /*value*/, unsigned /*size*/) override {}
  std::vector<PortRange> ports() const { return {}; }

  void trigger();
  void start_periodic(uint64_t period_cycles);  // throws std::invalid_argument on 0
  void stop_periodic();
  bool periodic() const { return period_ != 0; }
  uint64_t period() const { return period_; }
  uint64_t triggers() const { return triggers_; }

 private:
  static void on_tick(void* ctx, uint64_t now, uint64_t tag);

  std::string name_;
  DeviceContext ctx_;
  std::function<void()> pulse_nmi_;
  uint64_t period_ = 0;
  uint64_t generation_ = 0;
  uint64_t triggers_ = 0;
};

}  // namespace irq::sim
