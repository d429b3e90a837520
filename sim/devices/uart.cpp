// sim/devices/uart.cpp — see uart.h. [DS] = PC16550D datasheet.
#include "sim/devices/uart.h"

#include <algorithm>
#include <stdexcept>
#include <utility>

namespace irq::sim {

namespace {
using u128 = unsigned __int128;
constexpr uint8_t kDlab = 0x80, kOut2 = 0x08;
constexpr uint8_t kErbfi = 0x01, kEtbei = 0x02, kElsi = 0x04, kEdssi = 0x08;
}  // namespace

Uart::Uart(std::string name, DeviceContext ctx, Pin irq, UartConfig config)
    : name_(std::move(name)), ctx_(std::move(ctx)), irq_(irq), config_(config), base_(config.base) {
  if (uint32_t(base_) + 7 > 0xFFFF) throw std::invalid_argument("uart: base port out of range");
  dll_ = uint8_t(config_.divisor);
  dlm_ = uint8_t(config_.divisor >> 8);
  reset();
}

// [DS] "Master Reset": IER, IIR, FCR, LCR, MCR cleared; LSR = 60h; MSR deltas cleared. The divisor
// latch and SCR are not reset.
void Uart::reset() {
  ier_ = 0;
  lcr_ = 0;
  mcr_ = 0;
  lsr_errors_ = 0;
  msr_ = uint8_t(msr_ & 0xF0);
  fifo_ = false;
  rx_trigger_ = 1;
  tx_busy_ = false;
  thre_ip_ = false;
  ++tx_gen_;
  rx_wire_.clear();
  rx_fifo_.clear();
  rx_scheduled_ = false;
  ++rx_gen_;
  timeout_ip_ = false;
  ++timeout_gen_;
  update_irq();
}

uint64_t Uart::char_cycles() const {
  // [DS] LCR: WLS1-0 = 5..8 data bits, PEN adds a parity bit, STB = 1.5 stop bits for 5-bit
  // words and 2 otherwise. Counted in half bits so 1.5 stays exact.
  const unsigned data_bits = 5 + (lcr_ & 3);
  const unsigned parity = (lcr_ & 0x08) ? 1 : 0;
  const unsigned stop_half = (lcr_ & 0x04) ? (data_bits == 5 ? 3 : 4) : 2;
  const uint64_t half_bits = 2 * (1 + data_bits + parity) + stop_half;
  uint64_t d = divisor();
  if (d == 0) d = 65536;
  const u128 num = u128(half_bits) * d * ctx_.clock_hz;
  const u128 den = u128(2) * kBaseBaud;
  return uint64_t((num + den - 1) / den);
}

uint8_t Uart::lsr() const {
  uint8_t v = lsr_errors_;
  if (!rx_fifo_.empty()) v |= 0x01;
  if (!tx_busy_) v |= 0x60;  // THRE and TEMT (one stage, see uart.h)
  if (fifo_ && lsr_errors_) v |= 0x80;
  return v;
}

// [DS] IIR table: line status > received data / timeout > THR empty > modem status.
uint8_t Uart::interrupt_id() const {
  if ((ier_ & kElsi) && lsr_errors_) return 0x06;
  if (ier_ & kErbfi) {
    if (fifo_ ? rx_fifo_.size() >= rx_trigger_ : !rx_fifo_.empty()) return 0x04;
    if (fifo_ && timeout_ip_) return 0x0C;
  }
  if ((ier_ & kEtbei) && thre_ip_) return 0x02;
  if ((ier_ & kEdssi) && (msr_ & 0x0F)) return 0x00;
  return 0x01;
}

uint8_t Uart::iir() const { return uint8_t(interrupt_id() | (fifo_ ? 0xC0 : 0)); }

void Uart::update_irq() {
  // The PC's OUT2 gate: INTR reaches the IRQ line only while MCR bit 3 is set.
  const bool level = !(interrupt_id() & 1) && (mcr_ & kOut2);
  if (level != irq_level_) {
    irq_level_ = level;
    irq_.set(level);
  }
}

// ---- events -----------------------------------------------------------------------------------

void Uart::on_tx_done(void* ctx, uint64_t /*now*/, uint64_t tag) {
  Uart& u = *static_cast<Uart*>(ctx);
  if (tag != u.tx_gen_) return;
  u.tx_busy_ = false;
  u.thre_ip_ = true;  // [DS]: THRE interrupt when the transmitter holding register empties
  u.update_irq();
}

void Uart::on_rx_arrival(void* ctx, uint64_t now, uint64_t tag) {
  Uart& u = *static_cast<Uart*>(ctx);
  if (tag != u.rx_gen_) return;
  u.rx_scheduled_ = false;
  if (u.rx_wire_.empty() || !u.rx_room()) return;
  u.rx_fifo_.push_back(u.rx_wire_.front());
  u.rx_wire_.pop_front();
  u.restart_timeout(now);
  u.update_irq();
  u.pump_rx(now);
}

void Uart::on_rx_timeout(void* ctx, uint64_t /*now*/, uint64_t tag) {
  Uart& u = *static_cast<Uart*>(ctx);
  if (tag != u.timeout_gen_) return;
  if (u.fifo_ && !u.rx_fifo_.empty()) {
    u.timeout_ip_ = true;
    u.update_irq();
  }
}

void Uart::pump_rx(uint64_t now) {
  if (rx_scheduled_ || rx_wire_.empty() || !rx_room() || !ctx_.events) return;
  rx_scheduled_ = true;
  ctx_.events->schedule(now + char_cycles(), &Uart::on_rx_arrival, this, rx_gen_);
}

// [DS] FIFO mode character timeout: no character in or out for 4 character times.
void Uart::restart_timeout(uint64_t now) {
  ++timeout_gen_;
  timeout_ip_ = false;
  if (fifo_ && !rx_fifo_.empty() && ctx_.events)
    ctx_.events->schedule(now + 4 * char_cycles(), &Uart::on_rx_timeout, this, timeout_gen_);
}

// ---- API ------------------------------------------------------------------------------------

void Uart::receive(const std::string& bytes) {
  for (char c : bytes) rx_wire_.push_back(uint8_t(c));
  pump_rx(ctx_.now());
}

void Uart::set_modem_inputs(bool cts, bool dsr, bool ri, bool dcd) {
  const uint8_t now_bits = uint8_t((cts ? 0x10 : 0) | (dsr ? 0x20 : 0) | (ri ? 0x40 : 0) | (dcd ? 0x80 : 0));
  const uint8_t changed = uint8_t((msr_ ^ now_bits) & 0xF0);
  uint8_t delta = msr_ & 0x0F;
  if (changed & 0x10) delta |= 0x01;                 // DCTS
  if (changed & 0x20) delta |= 0x02;                 // DDSR
  if ((changed & 0x40) && !ri) delta |= 0x04;        // TERI: trailing edge of RI only
  if (changed & 0x80) delta |= 0x08;                 // DDCD
  msr_ = uint8_t(now_bits | delta);
  update_irq();
}

void Uart::line_error(uint8_t lsr_bits) {
  lsr_errors_ = uint8_t(lsr_errors_ | (lsr_bits & 0x1E));
  update_irq();
}

// ---- ports ----------------------------------------------------------------------------------

uint32_t Uart::io_read(uint16_t port, unsigned size) {
  uint32_t v = 0;
  for (unsigned i = 0; i < size; ++i) {
    const unsigned off = unsigned(uint16_t(port + i) - base_);
    const uint8_t b = off < 8 ? read_reg(off) : 0xFF;
    v |= uint32_t(b) << (8 * i);
  }
  return v;
}

void Uart::io_write(uint16_t port, uint32_t value, unsigned size) {
  for (unsigned i = 0; i < size; ++i) {
    const unsigned off = unsigned(uint16_t(port + i) - base_);
    if (off < 8) write_reg(off, uint8_t(value >> (8 * i)));
  }
}

uint8_t Uart::read_reg(unsigned offset) {
  const uint64_t now = ctx_.now();
  switch (offset) {
    case 0: {
      if (lcr_ & kDlab) return dll_;
      if (!rx_fifo_.empty()) {  // [DS]: reading RBR resets the received-data / timeout interrupt
        last_rbr_ = rx_fifo_.front();
        rx_fifo_.pop_front();
      }
      restart_timeout(now);
      update_irq();
      pump_rx(now);
      return last_rbr_;
    }
    case 1: return (lcr_ & kDlab) ? dlm_ : ier_;
    case 2: {
      const uint8_t id = interrupt_id();
      if (id == 0x02) {  // [DS]: reading IIR resets THRE when it is the source reported
        thre_ip_ = false;
        update_irq();
      }
      return uint8_t(id | (fifo_ ? 0xC0 : 0));
    }
    case 3: return lcr_;
    case 4: return mcr_;
    case 5: {
      const uint8_t v = lsr();
      lsr_errors_ = 0;  // [DS]: reading LSR resets the line status interrupt
      update_irq();
      return v;
    }
    case 6: {
      const uint8_t v = msr_;
      msr_ = uint8_t(msr_ & 0xF0);  // [DS]: reading MSR resets the modem status interrupt
      update_irq();
      return v;
    }
    default: return scr_;
  }
}

void Uart::write_reg(unsigned offset, uint8_t value) {
  const uint64_t now = ctx_.now();
  switch (offset) {
    case 0: {
      if (lcr_ & kDlab) { dll_ = value; return; }
      if (ctx_.console) ctx_.console(value);
      const uint64_t start = tx_busy_ ? std::max(now, tx_done_at_) : now;
      tx_done_at_ = start + char_cycles();
      tx_busy_ = true;
      thre_ip_ = false;  // [DS]: writing THR resets the THRE interrupt
      ++tx_gen_;
      if (ctx_.events) ctx_.events->schedule(tx_done_at_, &Uart::on_tx_done, this, tx_gen_);
      update_irq();
      return;
    }
    case 1: {
      if (lcr_ & kDlab) { dlm_ = value; return; }
      const uint8_t old = ier_;
      ier_ = value & 0x0F;
      if (!(old & kEtbei) && (ier_ & kEtbei) && !tx_busy_) thre_ip_ = true;
      update_irq();
      return;
    }
    case 2: {  // FCR
      const bool enable = value & 0x01;
      if (enable != fifo_) {  // [DS]: changing FCR0 clears both FIFOs
        rx_fifo_.clear();
        fifo_ = enable;
      }
      if (value & 0x02) rx_fifo_.clear();
      static const unsigned kTrigger[4] = {1, 4, 8, 14};
      rx_trigger_ = kTrigger[value >> 6];
      restart_timeout(now);
      update_irq();
      pump_rx(now);
      return;
    }
    case 3: lcr_ = value; return;
    case 4:
      mcr_ = value & 0x1F;
      update_irq();
      return;
    case 5:
    case 6: return;  // factory test / read-only
    default: scr_ = value; return;
  }
}

}  // namespace irq::sim
