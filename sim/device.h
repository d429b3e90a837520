// sim/device.h — what every board device is to the Machine: I/O ports, reset, and the context it
// gets at construction (the timeline, the trace, its output pins). Devices never know the CPU, the
// PIC or each other (STYLE.md point 1); the Machine wires their output Lines.
#pragma once
#include <cstdint>
#include <functional>
#include <string>
#include <utility>

#include "pic/line.h"
#include "sim/event_queue.h"
#include "sim/trace.h"

namespace irq::sim {

// An inclusive I/O port range [first, last] a device decodes (the scenario loader maps it).
using PortRange = std::pair<uint16_t, uint16_t>;

// Handed to a device by the Machine. `now()` is the current CPU cycle (the one timeline).
struct DeviceContext {
  EventQueue* events = nullptr;
  Trace* trace = nullptr;
  const uint64_t* cycles = nullptr;  // the CPU's cycle counter
  uint64_t clock_hz = 33000000;      // CPU clock: devices convert with exact integer ratios
  std::function<void(uint8_t)> console;  // the guest console (UART transmit, port 0xE9)
  uint64_t now() const { return *cycles; }
};

// An output pin of a device: one driver on a wired-OR Line (STYLE.md point 3).
struct Pin {
  pic::Line* line = nullptr;
  pic::Line::DriverId driver = 0;
  void set(bool high) const { if (line) line->set(driver, high); }
  void raise() const { set(true); }
  void lower() const { set(false); }
};

class Device {
 public:
  virtual ~Device() = default;
  virtual const std::string& name() const = 0;
  virtual void reset() {}
  // size is 1, 2 or 4; ports the device does not decode are never routed to it.
  virtual uint32_t io_read(uint16_t port, unsigned size) = 0;
  virtual void io_write(uint16_t port, uint32_t value, unsigned size) = 0;
};

}  // namespace irq::sim
