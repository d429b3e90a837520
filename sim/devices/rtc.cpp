// sim/devices/rtc.cpp — see rtc.h. [DS] = Motorola MC146818A datasheet.
#include "sim/devices/rtc.h"

#include <stdexcept>
#include <utility>

namespace irq::sim {

namespace {

using u128 = unsigned __int128;
constexpr uint8_t kRegA = 0x0A, kRegB = 0x0B, kRegC = 0x0C, kRegD = 0x0D;
constexpr uint8_t kPie = 0x40, kAie = 0x20, kUie = 0x10, kBinary = 0x04, k24h = 0x02;

// Days since 1970-01-01 of a proleptic Gregorian date (the usual era-based algorithm).
int64_t days_from_civil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = unsigned(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + int64_t(doe) - 719468;
}

void civil_from_days(int64_t z, int64_t& y, unsigned& m, unsigned& d) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = unsigned(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  y = int64_t(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  d = doy - (153 * mp + 2) / 5 + 1;
  m = mp < 10 ? mp + 3 : mp - 9;
  y += m <= 2;
}

uint8_t to_bcd(unsigned v) { return uint8_t(((v / 10) % 10) << 4 | (v % 10)); }

}  // namespace

Rtc::Rtc(std::string name, DeviceContext ctx, Pin irq, RtcConfig config)
    : name_(std::move(name)), ctx_(std::move(ctx)), config_(config), irq_(irq) {
  if (ctx_.clock_hz == 0) throw std::invalid_argument("rtc: zero clock");
  const RtcDateTime& e = config_.epoch;
  if (e.month < 1 || e.month > 12 || e.day < 1 || e.day > 31 || e.hour > 23 || e.minute > 59 ||
      e.second > 59)
    throw std::invalid_argument("rtc: invalid epoch");
  epoch_seconds_ = days_from_civil(e.year, e.month, e.day) * 86400 +
                   int64_t(e.hour) * 3600 + int64_t(e.minute) * 60 + int64_t(e.second);
  ram_.fill(0);
  ram_[0x32] = to_bcd(e.year / 100);  // the AT's century byte (plain RAM)
  reset();
}

uint64_t Rtc::ticks_at(uint64_t cycle) const {
  return uint64_t(u128(cycle) * kTimeBaseHz / ctx_.clock_hz);
}

uint64_t Rtc::cycle_of_tick(uint64_t k) const {
  return uint64_t((u128(k) * ctx_.clock_hz + kTimeBaseHz - 1) / kTimeBaseHz);
}

// Register A/B/D defaults as a PC BIOS leaves them: A = 26h (32.768 kHz, 1024 Hz), B = 02h (24 h,
// BCD, no interrupts), D = 80h (VRT: time and RAM valid). Registers A and B keep their values
// over a real RESET pin ([DS]: RESET clears PIE, AIE, UIE, SQWE and IRQF/PF/AF/UF); the device's
// reset() is the power-on state.
void Rtc::reset() {
  ram_[kRegA] = 0x26;
  ram_[kRegB] = 0x02;
  ram_[kRegD] = 0x80;
  index_ = 0;
  nmi_mask_ = false;
  pf_ = uf_ = false;
  const uint64_t t = now_ticks();
  const uint64_t p = periodic_ticks();
  pf_mark_ = p ? t / p : 0;
  uf_mark_ = t / kTimeBaseHz;
  rearm(t);
}

uint64_t Rtc::periodic_ticks() const {
  if ((ram_[kRegA] & 0x70) != 0x20) return 0;  // DV = 010 only (rtc.h)
  const unsigned rs = ram_[kRegA] & 0x0F;
  if (rs == 0) return 0;
  if (rs == 1) return 128;  // 256 Hz
  if (rs == 2) return 256;  // 128 Hz
  return uint64_t(1) << (rs - 1);  // 32768 >> (rs-1) Hz
}

bool Rtc::irqf() const {
  const uint8_t b = ram_[kRegB];
  return (pf_ && (b & kPie)) || (uf_ && (b & kUie));  // AF is never set (rtc.h)
}

void Rtc::evaluate(uint64_t ticks) {
  const uint64_t p = periodic_ticks();
  if (p) {
    const uint64_t b = ticks / p;
    if (b > pf_mark_) { pf_ = true; pf_mark_ = b; }
  }
  const uint64_t s = ticks / kTimeBaseHz;
  if (s > uf_mark_) { uf_ = true; uf_mark_ = s; }
}

void Rtc::rearm(uint64_t ticks) {
  const bool level = irqf();
  if (level != irq_level_) {
    irq_level_ = level;
    irq_.set(level);
  }
  ++generation_;
  if (level || !ctx_.events) return;  // nothing changes until register C is read
  uint64_t next = EventQueue::kNever;
  const uint64_t p = periodic_ticks();
  if ((ram_[kRegB] & kPie) && p) next = (ticks / p + 1) * p;
  if (ram_[kRegB] & kUie) {
    const uint64_t s = (ticks / kTimeBaseHz + 1) * kTimeBaseHz;
    if (s < next) next = s;
  }
  if (next != EventQueue::kNever)
    ctx_.events->schedule(cycle_of_tick(next), &Rtc::on_event, this, generation_);
}

void Rtc::on_event(void* ctx, uint64_t now, uint64_t tag) {
  Rtc& r = *static_cast<Rtc*>(ctx);
  if (tag != r.generation_) return;
  const uint64_t t = r.ticks_at(now);
  r.evaluate(t);
  r.rearm(t);
}

RtcDateTime Rtc::now_datetime() const {
  const int64_t secs = epoch_seconds_ + int64_t(now_ticks() / kTimeBaseHz);
  int64_t days = secs / 86400;
  int64_t rem = secs % 86400;
  if (rem < 0) { rem += 86400; --days; }
  RtcDateTime dt;
  int64_t y = 0;
  civil_from_days(days, y, dt.month, dt.day);
  dt.year = unsigned(y);
  dt.hour = unsigned(rem / 3600);
  dt.minute = unsigned(rem / 60 % 60);
  dt.second = unsigned(rem % 60);
  return dt;
}

uint8_t Rtc::time_register(uint8_t index, uint64_t /*ticks*/) const {
  const RtcDateTime dt = now_datetime();
  const bool binary = ram_[kRegB] & kBinary;
  auto fmt = [binary](unsigned v) { return binary ? uint8_t(v) : to_bcd(v); };
  switch (index) {
    case 0x00: return fmt(dt.second);
    case 0x02: return fmt(dt.minute);
    case 0x04: {
      if (ram_[kRegB] & k24h) return fmt(dt.hour);
      const unsigned h12 = dt.hour % 12 == 0 ? 12 : dt.hour % 12;
      return uint8_t(fmt(h12) | (dt.hour >= 12 ? 0x80 : 0));
    }
    case 0x06: {  // 1 = Sunday; 1970-01-01 was a Thursday (5)
      const int64_t days = (epoch_seconds_ + int64_t(now_ticks() / kTimeBaseHz)) / 86400;
      return fmt(unsigned(((days % 7) + 7 + 4) % 7) + 1);
    }
    case 0x07: return fmt(dt.day);
    case 0x08: return fmt(dt.month);
    default: return fmt(dt.year % 100);  // 0x09
  }
}

uint8_t Rtc::peek(uint8_t index) const {
  index &= 0x7F;
  const uint64_t t = now_ticks();
  switch (index) {
    case 0x00: case 0x02: case 0x04: case 0x06: case 0x07: case 0x08: case 0x09:
      return time_register(index, t);
    case kRegA: {
      // [DS] Update Cycle: UIP is high 244 us (8 ticks) before each update.
      const bool uip = t % kTimeBaseHz >= kTimeBaseHz - 8;
      return uint8_t((ram_[kRegA] & 0x7F) | (uip ? 0x80 : 0));
    }
    case kRegC: {
      bool pf = pf_, uf = uf_;
      const uint64_t p = periodic_ticks();
      if (p && t / p > pf_mark_) pf = true;
      if (t / kTimeBaseHz > uf_mark_) uf = true;
      const uint8_t b = ram_[kRegB];
      const bool irq = (pf && (b & kPie)) || (uf && (b & kUie));
      return uint8_t((irq ? 0x80 : 0) | (pf ? 0x40 : 0) | (uf ? 0x10 : 0));
    }
    default: return ram_[index];
  }
}

uint8_t Rtc::read_data() {
  if (index_ != kRegC) return peek(index_);
  const uint64_t t = now_ticks();
  evaluate(t);
  const uint8_t v = uint8_t((irqf() ? 0x80 : 0) | (pf_ ? 0x40 : 0) | (uf_ ? 0x10 : 0));
  pf_ = uf_ = false;  // [DS] Register C: all flags cleared by the read
  rearm(t);
  return v;
}

void Rtc::write_data(uint8_t value) {
  const uint64_t t = now_ticks();
  switch (index_) {
    case 0x00: case 0x02: case 0x04: case 0x06: case 0x07: case 0x08: case 0x09:
      return;  // read-only views (rtc.h)
    case kRegA: {
      evaluate(t);
      ram_[kRegA] = value & 0x7F;  // UIP is read-only
      const uint64_t p = periodic_ticks();
      pf_mark_ = p ? t / p : 0;
      rearm(t);
      return;
    }
    case kRegB:
      evaluate(t);
      ram_[kRegB] = value;
      rearm(t);
      return;
    case kRegC:
    case kRegD: return;  // read-only
    default: ram_[index_] = value; return;
  }
}

uint32_t Rtc::io_read(uint16_t port, unsigned size) {
  uint32_t v = 0;
  for (unsigned i = 0; i < size; ++i) {
    const uint16_t p = uint16_t(port + i);
    const uint8_t b = p == kDataPort ? read_data() : 0xFF;  // 0x70 is write-only
    v |= uint32_t(b) << (8 * i);
  }
  return v;
}

void Rtc::io_write(uint16_t port, uint32_t value, unsigned size) {
  for (unsigned i = 0; i < size; ++i) {
    const uint16_t p = uint16_t(port + i);
    const uint8_t b = uint8_t(value >> (8 * i));
    if (p == kIndexPort) {
      index_ = b & 0x7F;
      nmi_mask_ = b & 0x80;
    } else if (p == kDataPort) {
      write_data(b);
    }
  }
}

}  // namespace irq::sim
