// sim/devices/pit.cpp — see pit.h. [DS] = Intel 8254 datasheet 231164.
#include "sim/devices/pit.h"

#include <numeric>
#include <stdexcept>
#include <utility>

namespace irq::sim {

namespace {

constexpr uint64_t kNever = EventQueue::kNever;
using u128 = unsigned __int128;

// OUT as a function of e = clocks since the CE was loaded with n ([DS] "Mode Definitions").
bool formula_out(uint8_t mode, uint32_t n, uint64_t e) {
  switch (mode) {
    case 0:
    case 1: return e >= n;                      // low until terminal count
    case 2: return n != 1 && e % n != n - 1;    // low for the one clock at count 1
    case 3: return e % n < (n + 1) / 2;         // high ceil(n/2), low floor(n/2)
    default: return e != n;                     // 4, 5: one-clock strobe at count 0
  }
}

// The clock offset after e at which formula_out changes, or kNever.
uint64_t formula_next(uint8_t mode, uint32_t n, uint64_t e) {
  switch (mode) {
    case 0:
    case 1: return e < n ? n : kNever;
    case 2: {
      if (n == 1) return kNever;
      const uint64_t p = e % n;
      return p < n - 1 ? e + (n - 1 - p) : e + 1;
    }
    case 3: {
      const uint64_t h = (n + 1) / 2;
      if (h == n) return kNever;
      const uint64_t p = e % n;
      return p < h ? e + (h - p) : e + (n - p);
    }
    default:
      if (e < n) return n;
      if (e == n) return e + 1;
      return kNever;
  }
}

// The CE's value ([DS] "Mode Definitions"; mode 3 counts by two, odd counts from n-1).
uint16_t formula_count(uint8_t mode, uint32_t n, uint64_t e) {
  switch (mode) {
    case 2: return uint16_t(n - e % n);
    case 3: {
      const uint64_t p = e % n;
      if (n % 2 == 0) {
        const uint64_t half = n / 2;
        return uint16_t(p < half ? n - 2 * p : n - 2 * (p - half));
      }
      const uint64_t h = (n + 1) / 2;
      return uint16_t(p < h ? n - 1 - 2 * p : n - 1 - 2 * (p - h));
    }
    default: return uint16_t(uint64_t(n) - e);  // 0, 1, 4, 5: wraps through 0xFFFF
  }
}

}  // namespace

Pit::Pit(std::string name, DeviceContext ctx, Pin out0, PitConfig config)
    : name_(std::move(name)), ctx_(std::move(ctx)), config_(config) {
  if (config_.input_hz_num == 0 || config_.input_hz_den == 0 || ctx_.clock_hz == 0)
    throw std::invalid_argument("pit: zero clock");
  // clocks = cycles * input_num / (input_den * clock_hz), reduced.
  uint64_t num = config_.input_hz_num, den = config_.input_hz_den;
  uint64_t g = std::gcd(num, den);
  num /= g;
  den /= g;
  const uint64_t g2 = std::gcd(num, ctx_.clock_hz);
  num /= g2;
  den *= ctx_.clock_hz / g2;
  num_ = num;
  den_ = den;
  for (unsigned i = 0; i < 3; ++i) {
    ch_[i].pit = this;
    ch_[i].index = i;
  }
  ch_[0].pin = out0;
  reset();
}

uint64_t Pit::clocks_at(uint64_t cycle) const { return uint64_t(u128(cycle) * num_ / den_); }

uint64_t Pit::cycle_of_clock(uint64_t k) const {
  return uint64_t((u128(k) * den_ + num_ - 1) / num_);
}

void Pit::reset() {
  for (Channel& c : ch_) {
    const uint64_t gen = c.st.generation + 1;
    c.st = PitChannelState{};
    c.st.generation = gen;  // stale events of the old state stay stale
    c.st.null_until = kNever;
    c.pin.set(false);
  }
}

void Pit::set_output_pin(unsigned ch, Pin pin) {
  if (ch > 2) throw std::out_of_range("pit: channel");
  ch_[ch].pin = pin;
  pin.set(ch_[ch].st.out);
}

uint16_t Pit::count(unsigned ch) const { return count_at(ch_.at(ch), clocks_at(now())); }

// ---- the computed counter -------------------------------------------------------------------

void Pit::settle(Channel& c, uint64_t clk) {
  PitChannelState& s = c.st;
  if (s.pending_reload && clk >= s.reload_clock) {
    s.n = s.count_register;
    s.load_clock = s.reload_clock;
    s.pending_reload = false;
  }
}

// The count and load clock in force at input clock `clk` (a pending reload has happened by then).
static void effective_count(const PitChannelState& s, uint64_t clk, uint32_t& n, uint64_t& l) {
  n = s.n;
  l = s.load_clock;
  if (s.pending_reload && clk >= s.reload_clock) { n = s.count_register; l = s.reload_clock; }
}

uint16_t Pit::count_at(const Channel& c, uint64_t clk) const {
  const PitChannelState& s = c.st;
  if (!s.counting) return s.idle_count;
  uint32_t n;
  uint64_t l;
  effective_count(s, clk, n, l);
  if (clk < l) return s.idle_count;
  return formula_count(s.mode, n, clk - l);
}

bool Pit::out_at(const Channel& c, uint64_t clk) const {
  const PitChannelState& s = c.st;
  if (!s.counting) return s.out_idle;
  uint32_t n;
  uint64_t l;
  effective_count(s, clk, n, l);
  if (clk < l) return s.out_before_load;
  return formula_out(s.mode, n, clk - l);
}

uint64_t Pit::next_change(const Channel& c, uint64_t clk) const {
  const PitChannelState& s = c.st;
  if (!s.counting) return kNever;
  uint32_t n = s.n;
  uint64_t l = s.load_clock;
  const bool reload_ahead = s.pending_reload && clk < s.reload_clock;
  if (s.pending_reload && !reload_ahead) { n = s.count_register; l = s.reload_clock; }
  uint64_t next;
  if (clk < l) {
    if (formula_out(s.mode, n, 0) != s.out_before_load) {
      next = l;
    } else {
      const uint64_t e = formula_next(s.mode, n, 0);
      next = e == kNever ? kNever : l + e;
    }
  } else {
    const uint64_t e = formula_next(s.mode, n, clk - l);
    next = e == kNever ? kNever : l + e;
  }
  if (reload_ahead && s.reload_clock < next) next = s.reload_clock;
  return next;
}

void Pit::update(Channel& c, uint64_t cycle) {
  PitChannelState& s = c.st;
  const uint64_t clk = clocks_at(cycle);
  settle(c, clk);
  const bool level = out_at(c, clk);
  if (level != s.out) {
    s.out = level;
    c.pin.set(level);
    if (ctx_.trace) ctx_.trace->emit(cycle, Ev::Device, config_.trace_id, c.index, level ? 1 : 0);
  }
  ++s.generation;
  const uint64_t next = next_change(c, clk);
  if (next != kNever && ctx_.events)
    ctx_.events->schedule(cycle_of_clock(next), &Pit::on_event, &c, s.generation);
}

void Pit::on_event(void* ctx, uint64_t now, uint64_t tag) {
  Channel& c = *static_cast<Channel*>(ctx);
  if (tag != c.st.generation) return;  // reprogrammed since: stale
  c.pit->update(c, now);
}

// ---- ports ----------------------------------------------------------------------------------

uint32_t Pit::io_read(uint16_t port, unsigned size) {
  uint32_t v = 0;
  for (unsigned i = 0; i < size; ++i) {
    const uint16_t p = uint16_t(port + i);
    const uint8_t b = (p >= kFirstPort && p <= kLastPort) ? read_byte(p) : 0xFF;
    v |= uint32_t(b) << (8 * i);
  }
  return v;
}

void Pit::io_write(uint16_t port, uint32_t value, unsigned size) {
  for (unsigned i = 0; i < size; ++i) {
    const uint16_t p = uint16_t(port + i);
    if (p >= kFirstPort && p <= kLastPort) write_byte(p, uint8_t(value >> (8 * i)));
  }
}

uint8_t Pit::read_byte(uint16_t port) {
  if (port == kLastPort) return 0xFF;  // [DS] "Read/Write Operations": no read of the control word
  Channel& c = ch_[port - kFirstPort];
  PitChannelState& s = c.st;
  const uint64_t clk = clocks_at(now());
  settle(c, clk);
  if (s.status_latched) {  // [DS] Read-Back Command: status first, then a latched count
    s.status_latched = false;
    return s.latched_status;
  }
  if (s.count_latched) {
    const uint16_t v = s.latched_count;
    if (s.rw == 1) { s.count_latched = false; return uint8_t(v); }
    if (s.rw == 2) { s.count_latched = false; return uint8_t(v >> 8); }
    if (!s.latch_msb_next) { s.latch_msb_next = true; return uint8_t(v); }
    s.latch_msb_next = false;
    s.count_latched = false;
    return uint8_t(v >> 8);
  }
  const uint16_t v = count_at(c, clk);
  if (s.rw == 1) return uint8_t(v);
  if (s.rw == 2) return uint8_t(v >> 8);
  const bool msb = s.read_msb_next;
  s.read_msb_next = !msb;
  return msb ? uint8_t(v >> 8) : uint8_t(v);
}

void Pit::write_byte(uint16_t port, uint8_t value) {
  const uint64_t clk = clocks_at(now());
  if (port == kLastPort) {
    write_control(value, clk);
    return;
  }
  write_count_byte(ch_[port - kFirstPort], value, clk);
}

void Pit::latch_count(Channel& c, uint64_t clk) {
  PitChannelState& s = c.st;
  if (s.count_latched) return;  // [DS] Counter Latch Command: later latches ignored until read
  settle(c, clk);
  s.count_latched = true;
  s.latched_count = count_at(c, clk);
  s.latch_msb_next = false;
}

void Pit::latch_status(Channel& c, uint64_t clk) {
  PitChannelState& s = c.st;
  if (s.status_latched) return;
  settle(c, clk);
  s.status_latched = true;
  s.latched_status = uint8_t((out_at(c, clk) ? 0x80 : 0) | (clk < s.null_until ? 0x40 : 0) |
                             (s.control & 0x3F));
}

void Pit::write_control(uint8_t value, uint64_t clk) {
  const unsigned sc = value >> 6;
  if (sc == 3) {  // [DS] Read-Back Command: bit 5 = !COUNT, bit 4 = !STATUS, bits 3-1 = CNT2-0
    for (unsigned i = 0; i < 3; ++i) {
      if (!(value & (2u << i))) continue;
      if (!(value & 0x20)) latch_count(ch_[i], clk);
      if (!(value & 0x10)) latch_status(ch_[i], clk);
    }
    return;
  }
  Channel& c = ch_[sc];
  const unsigned rw = (value >> 4) & 3;
  if (rw == 0) {  // [DS] Counter Latch Command
    latch_count(c, clk);
    return;
  }
  PitChannelState& s = c.st;
  settle(c, clk);
  const uint16_t current = count_at(c, clk);
  uint8_t mode = (value >> 1) & 7;
  if (mode > 5) mode = uint8_t(mode - 4);  // x10 = mode 2, x11 = mode 3
  s.control = value & 0x3F;
  s.mode = mode;
  s.rw = uint8_t(rw);
  s.bcd = value & 1;
  s.count_register = 0;
  s.counting = false;
  s.suspended = false;
  s.pending_reload = false;
  s.idle_count = current;
  s.out_idle = mode != 0;  // [DS]: OUT low after a mode 0 control word, high in every other mode
  s.null_until = kNever;
  s.write_msb_next = false;
  s.read_msb_next = false;
  s.count_latched = false;
  s.status_latched = false;
  update(c, now());
}

void Pit::write_count_byte(Channel& c, uint8_t value, uint64_t clk) {
  PitChannelState& s = c.st;
  if (s.rw == 1) { load_count(c, value, clk); return; }
  if (s.rw == 2) { load_count(c, uint32_t(value) << 8, clk); return; }
  if (!s.write_msb_next) {
    s.write_lsb = value;
    s.write_msb_next = true;
    if (s.mode == 0) {  // [DS] Mode 0: writing the first byte disables counting, OUT low at once
      settle(c, clk);
      s.idle_count = count_at(c, clk);
      s.counting = false;
      s.suspended = false;
      s.out_idle = false;
      update(c, now());
    }
    return;
  }
  s.write_msb_next = false;
  load_count(c, uint32_t(s.write_lsb) | (uint32_t(value) << 8), clk);
}

void Pit::load_count(Channel& c, uint32_t n, uint64_t clk) {
  PitChannelState& s = c.st;
  if (n == 0) n = 65536;  // [DS] "Minimum and Maximum Initial Counts": 0 is 2^16 in binary
  settle(c, clk);
  const uint16_t current = count_at(c, clk);
  const bool out_now = out_at(c, clk);
  s.count_register = n;
  switch (s.mode) {
    case 0:
    case 4:
      s.pending_reload = false;
      s.n = n;
      s.load_clock = clk + 1;
      s.idle_count = current;
      s.out_before_load = s.mode == 4 ? out_now : false;  // mode 0: OUT low on a new count
      s.null_until = clk + 1;
      if (s.gate) {
        s.counting = true;
        s.suspended = false;
      } else {  // loaded on the next clock, but frozen until GATE rises
        s.counting = false;
        s.suspended = true;
        s.suspend_clock = clk + 1;
        s.idle_count = uint16_t(n);
        s.out_idle = s.out_before_load;
      }
      break;
    case 2:
    case 3:
      if (s.counting) {
        if (clk < s.load_clock) {  // not loaded yet: simply replace
          s.n = n;
        } else if (!s.pending_reload) {  // [DS]: the current period is not affected
          const uint64_t e = clk - s.load_clock;
          s.pending_reload = true;
          s.reload_clock = s.load_clock + (e / s.n + 1) * s.n;
          s.null_until = s.reload_clock;
        }
      } else if (s.gate) {
        s.counting = true;
        s.n = n;
        s.load_clock = clk + 1;
        s.idle_count = current;
        s.out_before_load = true;
        s.null_until = clk + 1;
      }
      break;
    default:  // 1, 5: wait for a trigger (GATE rising edge)
      if (!s.counting) s.null_until = kNever;
      break;
  }
  update(c, now());
}

void Pit::set_gate(unsigned ch, bool level) {
  Channel& c = ch_.at(ch);
  PitChannelState& s = c.st;
  if (s.gate == level) return;
  const uint64_t clk = clocks_at(now());
  settle(c, clk);
  s.gate = level;
  switch (s.mode) {
    case 0:
    case 4:
      if (!level && s.counting) {
        const uint64_t at = clk < s.load_clock ? s.load_clock : clk;
        s.idle_count = count_at(c, at);
        s.out_idle = out_at(c, clk);
        s.counting = false;
        s.suspended = true;
        s.suspend_clock = at;
      } else if (level && s.suspended) {
        s.suspended = false;
        s.counting = true;
        if (clk > s.suspend_clock) s.load_clock += clk - s.suspend_clock;
      }
      break;
    case 2:
    case 3:
      if (!level) {  // [DS]: GATE low forces OUT high and stops counting
        s.idle_count = count_at(c, clk);
        s.counting = false;
        s.pending_reload = false;
        s.out_idle = true;
      } else if (s.count_register != 0) {  // trigger: reload on the next clock
        s.counting = true;
        s.n = s.count_register;
        s.load_clock = clk + 1;
        s.out_before_load = true;
        s.null_until = clk + 1;
      }
      break;
    default:  // 1, 5: a rising edge triggers (or retriggers) from the count register
      if (level && s.count_register != 0) {
        s.out_before_load = out_at(c, clk);
        s.idle_count = count_at(c, clk);
        s.counting = true;
        s.pending_reload = false;
        s.n = s.count_register;
        s.load_clock = clk + 1;
        s.null_until = clk + 1;
      }
      break;
  }
  update(c, now());
}

}  // namespace irq::sim
