// pic/line.h — a wired-OR signal line with named drivers.
//
// What it models: one electrical net that several outputs may pull high (an ISA IRQ line shared by
// level-triggered devices, the slave 8259A's INT feeding the master's IR2, the CPU's INTR pin on a
// board without a PIC). The net is high while ANY driver holds it high; one driver letting go does
// not lower a net another driver still holds (no last-writer-wins). See
// ../shared/reference/x86-interrupts.md, "Wired-OR lines".
//
// Pins:  one net; up to 64 drivers (bit i of drivers() = driver i is pulling high).
//
// API:   Line l("IRQ3");
//        auto uart = l.add_driver("uart0");   // once per driver, ids 0..63 in order
//        l.raise(uart); l.lower(uart); l.set(uart, high);
//        l.level()       -> any driver high
//        l.drivers()     -> the 64-bit mask of drivers holding the net high
//        l.add_listener([](bool level) { ... });   // called only when level() CHANGES
//
//        Listeners run after the mask is updated, in the order they were added. A listener that
//        changes this same line re-enters: the nested change notifies first (keep listeners simple:
//        the board uses them to call I8259::set_ir or to flag the CPU's INTR pin).
//
// Inaccuracies: no electrical detail (no open-collector pull-up timing, no glitches); a driver is
//        either pulling high or not. Active-low nets are modelled by their logical level.
#pragma once
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace irq::pic {

class Line {
 public:
  using DriverId = uint8_t;
  using Listener = std::function<void(bool level)>;
  static constexpr unsigned kMaxDrivers = 64;

  explicit Line(std::string name = {});
  Line(const Line&) = delete;
  Line& operator=(const Line&) = delete;
  Line(Line&&) = default;
  Line& operator=(Line&&) = default;

  // Register a driver. Throws std::length_error when 64 drivers are already registered.
  DriverId add_driver(std::string name);

  // Drive the net. Throws std::out_of_range for an id add_driver() never returned.
  void raise(DriverId id) { set(id, true); }
  void lower(DriverId id) { set(id, false); }
  void set(DriverId id, bool high);

  bool level() const { return drivers_ != 0; }
  uint64_t drivers() const { return drivers_; }
  bool driving(DriverId id) const { return id < kMaxDrivers && ((drivers_ >> id) & 1u) != 0; }

  // Observers of level changes; returns the listener's index (listeners cannot be removed).
  std::size_t add_listener(Listener listener);

  const std::string& name() const { return name_; }
  unsigned driver_count() const { return unsigned(driver_names_.size()); }
  // Throws std::out_of_range for an unknown id.
  const std::string& driver_name(DriverId id) const;

 private:
  void notify(bool level);

  std::string name_;
  uint64_t drivers_ = 0;
  std::vector<std::string> driver_names_;
  std::vector<Listener> listeners_;
};

}  // namespace irq::pic
