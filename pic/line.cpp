// pic/line.cpp — see line.h.
#include "pic/line.h"

#include <stdexcept>
#include <utility>

namespace irq::pic {

Line::Line(std::string name) : name_(std::move(name)) {}

Line::DriverId Line::add_driver(std::string name) {
  if (driver_names_.size() >= kMaxDrivers) {
    throw std::length_error("Line '" + name_ + "': more than 64 drivers");
  }
  driver_names_.push_back(std::move(name));
  return DriverId(driver_names_.size() - 1);
}

void Line::set(DriverId id, bool high) {
  if (id >= driver_names_.size()) {
    throw std::out_of_range("Line '" + name_ + "': unknown driver id " + std::to_string(id));
  }
  const bool before = level();
  const uint64_t bit = uint64_t(1) << id;
  drivers_ = high ? (drivers_ | bit) : (drivers_ & ~bit);
  const bool after = level();
  if (after != before) notify(after);
}

std::size_t Line::add_listener(Listener listener) {
  listeners_.push_back(std::move(listener));
  return listeners_.size() - 1;
}

const std::string& Line::driver_name(DriverId id) const {
  if (id >= driver_names_.size()) {
    throw std::out_of_range("Line '" + name_ + "': unknown driver id " + std::to_string(id));
  }
  return driver_names_[id];
}

void Line::notify(bool level) {
  // Index loop: a listener may add another listener without invalidating the iteration.
  for (std::size_t i = 0; i < listeners_.size(); ++i) {
    if (listeners_[i]) listeners_[i](level);
  }
}

}  // namespace irq::pic
