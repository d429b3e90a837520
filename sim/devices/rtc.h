// sim/devices/rtc.h — the Motorola MC146818A real-time clock + CMOS RAM (the PC/AT's RTC, IRQ8).
//
// Source: Motorola MC146818A datasheet, cited [DS] with the section: "Register A" (UIP, DV2-0,
// RS3-0 and the periodic interrupt rate table), "Register B" (SET, PIE, AIE, UIE, SQWE, DM, 24/12,
// DSE), "Register C" (IRQF, PF, AF, UF; cleared by reading), "Register D" (VRT), "Update Cycle"
// (UIP high 244 us before the update). Port usage: IBM PC AT Technical Reference ("CMOS RAM":
// 0x70 index with bit 7 = NMI mask, 0x71 data; century byte at 0x32).
//
//                  +-----------+
//   port 0x70 -->  | MC146818A | --> IRQ   the Pin given at construction (IRQ8): high while IRQF
//   port 0x71 <--> |           |           = PF.PIE + AF.AIE + UF.UIE ([DS] Register C)
//                  +-----------+ <-- 32.768 kHz time base, phase-locked to cycle 0
//   0x70 write: bits 6-0 select register/RAM byte 0..127, bit 7 = NMI mask (stored, ignored).
//   0x70 read: 0xFF (write-only on the AT).  0x71: the selected byte.
//
// Time: the divider runs at 32768 Hz from cycle 0: at CPU cycle c, floor(c * 32768 / clock_hz)
//   time-base ticks have happened; tick k is at cycle ceil(k * clock_hz / 32768). Exact integers.
// Periodic interrupt ([DS] Register A table, 32.768 kHz time base): RS = 0 none; RS = 1, 2 are
//   256 Hz, 128 Hz; RS = 3..15 are 32768 >> (RS-1) Hz. PF is set every P = 2^(RS-1) ticks (P = 128
//   / 256 for RS = 1 / 2) at ticks that are multiples of P, i.e. at CPU cycles
//   ceil(k * P * clock_hz / 32768): at 33 MHz, RS = 6 (1024 Hz), cycles 32227, 64454, 96680, ...
//   (32226.5625 cycles apart on average). PF is set whether or not PIE is; IRQF (and the pin)
//   follows PF.PIE. UF is set at every second boundary (tick multiple of 32768). Reading register C
//   returns and clears IRQF, PF, AF, UF and lowers the pin.
//   Flags are computed from the time (no event per period): an event is scheduled only for the next
//   moment IRQF would rise (PIE or UIE set and IRQF low), so a machine whose RTC interrupt is off or
//   already pending has no RTC events in the queue.
// Time registers (0x00 s, 0x02 min, 0x04 h, 0x06 weekday 1 = Sunday, 0x07 day, 0x08 month,
//   0x09 year mod 100) read config.epoch plus the simulated seconds elapsed since cycle 0 (never
//   the host's clock: runs are deterministic), in BCD or binary (DM) and 12/24 h (bit 7 = PM).
//
// API:  Rtc rtc("rtc", ctx, irq8_pin);   // + RtcConfig{.epoch = {2000, 1, 1, 0, 0, 0}}
//       rtc.ports() -> {0x70, 0x71};  rtc.periodic_ticks() (P, 0 = off); rtc.irq_level();
//       rtc.peek(index) (no side effects);  rtc.ticks_at(cycle), rtc.cycle_of_tick(k)
//
// Inaccuracies:
//   - Only the 32.768 kHz time base: the periodic interrupt runs only with DV = 010 (any other DV,
//     including the 11x divider reset, stops it); the divider phase is free-running from cycle 0
//     (releasing a divider reset does not restart it, and the first update is not 0.5 s later).
//   - The time and date registers are read-only views (writes to 0x00/02/04/06-09 are ignored);
//     SET (register B bit 7) does not freeze them; DSE has no effect. Alarms are not modelled: AF
//     is never set (the alarm registers are plain RAM).
//   - UIP reads 1 during the last 8 ticks (244 us) of each second; the update itself is instant.
//   - SQWE / the square-wave pin are not modelled.
//   - NMI mask (0x70 bit 7) is stored (nmi_masked()) but does not gate the NMI: the board's NMI
//     sources are its own.
//   - 128 bytes of RAM (the AT-compatible extended part; the MC146818A has 64): index bits 6-0.
#pragma once
#include <array>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "sim/device.h"

namespace irq::sim {


struct RtcDateTime {
  unsigned year = 2000, month = 1, day = 1, hour = 0, minute = 0, second = 0;
};

struct RtcConfig {
  RtcDateTime epoch;  // the time at cycle 0
};

class Rtc final : public Device {
 public:
  static constexpr uint16_t kIndexPort = 0x70, kDataPort = 0x71;
  static constexpr uint64_t kTimeBaseHz = 32768;

  Rtc(std::string name, DeviceContext ctx, Pin irq, RtcConfig config = {});
  Rtc(const Rtc&) = delete;
  Rtc& operator=(const Rtc&) = delete;

  const std::string& name() const override { return name_; }
  void reset() override;
  uint32_t io_read(uint16_t port, unsigned size) override;
  void io_write(uint16_t port, uint32_t value, unsigned size) override;
  std::vector<PortRange> ports() const { return {{kIndexPort, kDataPort}}; }

  uint64_t ticks_at(uint64_t cycle) const;
  uint64_t cycle_of_tick(uint64_t k) const;
  uint64_t periodic_ticks() const;  // P, or 0 when the periodic interrupt is off
  bool irq_level() const { return irq_level_; }
  bool nmi_masked() const { return nmi_mask_; }
  uint8_t index() const { return index_; }
  uint8_t peek(uint8_t index) const;  // a register's value now, without clearing anything
  RtcDateTime now_datetime() const;

 private:
  static void on_event(void* ctx, uint64_t now, uint64_t tag);
  uint8_t read_data();
  void write_data(uint8_t value);
  void evaluate(uint64_t ticks);  // latch PF / UF for boundaries passed
  void rearm(uint64_t ticks);     // pin + the next event
  bool irqf() const;
  uint8_t time_register(uint8_t index, uint64_t ticks) const;
  uint64_t now_ticks() const { return ticks_at(ctx_.now()); }

  std::string name_;
  DeviceContext ctx_;
  RtcConfig config_;
  std::array<uint8_t, 128> ram_{};
  uint8_t index_ = 0;
  bool nmi_mask_ = false;
  bool pf_ = false, uf_ = false;
  uint64_t pf_mark_ = 0;  // periodic boundaries (ticks / P) already accounted for
  uint64_t uf_mark_ = 0;  // seconds already accounted for
  int64_t epoch_seconds_ = 0;  // config.epoch as seconds since 1970-01-01
  uint64_t generation_ = 0;
  bool irq_level_ = false;
  Pin irq_;
};

}  // namespace irq::sim
