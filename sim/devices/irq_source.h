// sim/devices/irq_source.h — a scriptable interrupt request driver: one output Pin that the
// scenario timeline (or a test) raises, lowers, holds for N cycles or pulses. It models nothing
// more than a device whose request line does what it is told: the point is to build the cases the
// 8259A datasheet warns about (a request that goes away before the first INTA pulse gives the
// default IR7 "spurious" vector; a level-triggered line held past the EOI re-interrupts) and to
// share an IRQ line with real devices (its Pin is one more driver on the wired-OR Line).
//
// Pins:  OUT  the Pin given at construction (an IRQ Line driver, or a driver on INTR).
// Ports: none.
//
// API:  IrqSource src("glitch", ctx, pin);
//       src.raise();        // OUT high now (cancels a pending timed lower)
//       src.lower();        // OUT low now (cancels a pending timed lower)
//       src.hold(n);        // OUT high now, low n cycles later (an EventQueue event at now + n)
//       src.pulse(n);       // the same as hold(n): a pulse shorter than the CPU's INTA latency is
//                           //   the glitch that produces a spurious IR7/IR15
//       src.level(), src.lower_at() (EventQueue::kNever when no timed lower is pending)
//       Trace: none of its own; the Line's level changes are traced by the board (irq-raised/-lowered).
//
// Timing: n = 0 raises and lowers at once (both edges in the same cycle: the Line's listeners see
//   a zero-width pulse). A new raise/lower/hold/pulse replaces a pending timed lower (the event is
//   generation-tagged, so the old one does nothing).
//
// Inaccuracies: none intended; it has no electrical model (rise/fall times, glitch filtering).
#pragma once
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "sim/device.h"

namespace irq::sim {


class IrqSource final : public Device {
 public:
  IrqSource(std::string name, DeviceContext ctx, Pin out);
  IrqSource(const IrqSource&) = delete;
  IrqSource& operator=(const IrqSource&) = delete;

  const std::string& name() const override { return name_; }
  void reset() override { lower(); }
  uint32_t io_read(uint16_t /*port*/, unsigned /*size*/) override { return 0xFFFFFFFFu; }
  void io_write(uint16_t /*port*/, uint32_t /*value*/, unsigned /*size*/) override {}
  std::vector<PortRange> ports() const { return {}; }

  void raise();
  void lower();
  void hold(uint64_t cycles);
  void pulse(uint64_t cycles) { hold(cycles); }
  bool level() const { return level_; }
  uint64_t lower_at() const { return lower_at_; }

 private:
  static void on_lower(void* ctx, uint64_t now, uint64_t tag);
  void drive(bool high);

  std::string name_;
  DeviceContext ctx_;
  Pin out_;
  bool level_ = false;
  uint64_t generation_ = 0;
  uint64_t lower_at_ = EventQueue::kNever;
};

}  // namespace irq::sim
