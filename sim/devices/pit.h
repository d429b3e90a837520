// sim/devices/pit.h — the Intel 8254 Programmable Interval Timer (the PC's PIT).
//
// Source: Intel 8254 datasheet, order number 231164 ([DS] below, section titles): "Control Word
// Format", "Read Operations" (Counter Latch Command, Read-Back Command, Status Byte), "Mode
// Definitions" (Modes 0-5), "Minimum and Maximum Initial Counts".
//
//                 +-----------+
//   D7-D0    <--> |           | --> OUT0   the Pin given at construction (IRQ0 on the PC)
//   A1,A0    -->  |   8254    | --> OUT1   set_output_pin(1, pin) (refresh on the PC; unwired)
//   RD,WR,CS -->  |           | --> OUT2   set_output_pin(2, pin) (speaker; unwired)
//   CLK0-2   -->  |           | <-- GATE0-2  set_gate(ch, level): GATE0/1 are tied high on the PC
//                 +-----------+
//   Ports (kFirstPort..kLastPort, the board maps them): 0x40/0x41/0x42 = counter 0/1/2 (A1A0 =
//   00/01/10), 0x43 = control word (A1A0 = 11, write only; reads return 0xFF).
//
// Time: the three CLK inputs share one free-running clock of config.input_hz_num /
//   config.input_hz_den Hz (default 105/88 MHz = 14.31818 MHz / 12 = 1193181.8181... Hz, the
//   PC's crystal divided by 12), phase-locked to cycle 0 of the timeline. Input clock k (k >= 1)
//   is at CPU cycle ceil(k * clock_hz * den / num); at CPU cycle c, floor(c * num / (clock_hz *
//   den)) clocks have happened. Exact 128-bit integer arithmetic, no floating point.
//   Counts are never ticked (gem5's intel_8254_timer does the same): each counter remembers the
//   clock L at which its Counting Element (CE) was loaded with N and computes the count, OUT and
//   the next OUT change from (clock - L). The next OUT change is one EventQueue event tagged with
//   the counter's generation; any reprogramming bumps the generation, so stale events do nothing.
//
// Timing rules taken from [DS] (e = input clocks since the CE was loaded):
//   - A count written (both bytes when RW = 11) is loaded into the CE on the NEXT input clock
//     after the write: L = clocks_at(write cycle) + 1 ("After writing a Control Word and initial
//     count, the Counter will be loaded on the next CLK pulse").
//   - Mode 0: OUT low from the control word; goes high at e = N ("N + 1 CLK pulses after the
//     initial count is written") and stays high; the CE wraps and keeps counting.
//   - Mode 2: OUT high; low for one clock at e = N-1 (count 1), high again at e = N when the CE
//     reloads: the IRQ0 rising edge of a PC timer tick is at clock L + k*N, i.e. CPU cycle
//     ceil((L + k*N) * clock_hz * den / num). A new count written while counting is used from
//     the next reload ("the present period will not be affected").
//   - Mode 3: OUT high for ceil(N/2) clocks, low for floor(N/2); even N counts down by two from N,
//     odd N from N-1 ([DS] Mode 3 "Odd counts": OUT goes low one clock after the count expires).
//   - Mode 4: OUT high; low for one clock at e = N; high again at e = N+1. A new count is loaded on
//     the next clock and counting restarts.
//   - Modes 1 and 5 start only on a rising GATE edge (a trigger), loading the CE on the next
//     clock: mode 1 OUT low from e = 0 to e = N; mode 5 OUT low for one clock at e = N.
//     GATE0 and GATE1 are high on the PC and never rise again, so on channels 0/1 modes 1 and 5
//     never trigger unless the board calls set_gate(ch, false) then set_gate(ch, true).
//   - GATE low: modes 0/4 suspend counting (the count freezes, OUT keeps its level); modes 2/3
//     force OUT high and stop; a rising edge reloads the CE from the count register on the next
//     clock (modes 1, 2, 3, 5) or resumes counting (modes 0, 4: L moves by the suspended time).
//   - Counter latch command (RW = 00) and read-back command (SC = 11): the latched count and/or
//     status are read before the live count; a second latch before the read is ignored.
//     Status byte: bit 7 OUT, bit 6 NULL COUNT (a count was written but is not yet in the CE),
//     bits 5-0 the RW/mode/BCD bits of the control word.
//   - RW = 11: writes and reads alternate LSB, MSB (separate write and read flip-flops, both reset
//     by a control word). In mode 0 the first byte of a new two-byte count stops counting and
//     drives OUT low at once; in the other modes it has no effect until the second byte.
//
// API:  Pit pit("pit", ctx, irq0_pin);        // + PitConfig
//       machine.map_ports(Pit::kFirstPort, Pit::kLastPort, &pit);   // or pit.ports()
//       pit.io_read(port, 1) / pit.io_write(port, v, 1)
//       pit.set_gate(2, level); pit.set_output_pin(2, pin);
//       pit.out(ch), pit.count(ch) (the live count, latches untouched), pit.state(ch) (snapshot)
//       pit.clocks_at(cycle), pit.cycle_of_clock(k)   (the exact conversions above)
//       Trace: Ev::Device with a = config.trace_id, b = channel, c = new OUT level, on each change.
//
// Inaccuracies:
//   - Binary counting only: the BCD bit is stored (and read back in the status byte) but counts
//     are always binary (a BCD initial count of 0 is 65536, not 10000).
//   - Port 0x61 (GATE2 and OUT2 on the PC's system control port B) is not decoded here; the
//     board may call set_gate(2, ...) itself.
//   - Initial counts below the [DS] minimum (1 in modes 2 and 3) are not rejected: mode 2 with
//     N = 1 keeps OUT low, mode 3 with N = 1 keeps OUT high.
//   - Mode 3: a new count written while counting takes effect at the end of the current full
//     period (the next rising edge of OUT), not at the end of the current half-cycle; a trigger
//     (GATE rising) loads it at once as [DS] says.
//   - Reading the count before the CE is loaded (the clock after a write) returns the previous
//     count; the very first read after reset returns 0 ([DS]: undefined).
//   - Power-on state (undefined in [DS]): every counter as after control word 0x30 (RW = 11,
//     mode 0, binary) with no count written, OUT low; GATE high.
//   - When the CPU clock is slower than the input clock, OUT pulses shorter than one CPU cycle
//     (mode 2/4/5 one-clock pulses) are not shown on the Pin.
//   - 16/32-bit accesses are split into byte accesses at port, port+1, ... (the ISA bus sizing).
#pragma once
#include <array>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "sim/device.h"

namespace irq::sim {


struct PitConfig {
  uint64_t input_hz_num = 105000000;  // input clock = num / den Hz (default 105/88 MHz)
  uint64_t input_hz_den = 88;
  uint8_t trace_id = 0;               // Ev::Device field a
};

// One counter, as the debugger sees it.
struct PitChannelState {
  uint8_t control = 0x30;   // last control word bits 5-0 (RW, M2-M0, BCD) in bits 5-0
  uint8_t mode = 0;         // 0..5
  uint8_t rw = 3;           // 1 LSB, 2 MSB, 3 LSB then MSB
  bool bcd = false;
  uint32_t count_register = 0;  // CR: the last complete count written (1..65536), 0 = none yet
  bool counting = false;    // the CE is (or will be, at load_clock) counting
  bool suspended = false;   // modes 0/4: GATE low froze the count at suspend_clock
  uint64_t suspend_clock = 0;
  uint64_t load_clock = 0;  // L: input clock at which the CE was loaded with `n`
  uint32_t n = 0;           // what the CE was loaded with at L (count formulas use it)
  bool pending_reload = false;   // modes 2/3: a new CR takes effect at reload_clock
  uint64_t reload_clock = 0;
  uint16_t idle_count = 0;  // the count shown while not counting (frozen)
  bool out_idle = false;    // OUT while not counting
  bool out_before_load = false;  // OUT between the write and L
  bool gate = true;
  bool out = false;         // level currently driven on the pin
  uint64_t null_until = 0;  // NULL COUNT reads 1 while clock < null_until (kNever: until loaded)
  bool write_msb_next = false;
  uint8_t write_lsb = 0;
  bool read_msb_next = false;
  bool count_latched = false;
  uint16_t latched_count = 0;
  bool latch_msb_next = false;
  bool status_latched = false;
  uint8_t latched_status = 0;
  uint64_t generation = 0;
};

class Pit final : public Device {
 public:
  static constexpr uint16_t kFirstPort = 0x40, kLastPort = 0x43;

  Pit(std::string name, DeviceContext ctx, Pin out0, PitConfig config = {});
  Pit(const Pit&) = delete;
  Pit& operator=(const Pit&) = delete;

  const std::string& name() const override { return name_; }
  void reset() override;
  uint32_t io_read(uint16_t port, unsigned size) override;
  void io_write(uint16_t port, uint32_t value, unsigned size) override;
  std::vector<PortRange> ports() const { return {{kFirstPort, kLastPort}}; }

  void set_output_pin(unsigned ch, Pin pin);  // ch 0..2 (ch 0 replaces the constructor's pin)
  void set_gate(unsigned ch, bool level);
  bool out(unsigned ch) const { return ch_[ch].st.out; }
  uint16_t count(unsigned ch) const;
  const PitChannelState& state(unsigned ch) const { return ch_[ch].st; }

  uint64_t clocks_at(uint64_t cycle) const;   // input clocks elapsed at CPU cycle `cycle`
  uint64_t cycle_of_clock(uint64_t k) const;  // first CPU cycle at which clock k has happened

 private:
  struct Channel {
    Pit* pit = nullptr;
    unsigned index = 0;
    Pin pin;
    PitChannelState st;
  };
  static void on_event(void* ctx, uint64_t now, uint64_t tag);

  uint8_t read_byte(uint16_t port);
  void write_byte(uint16_t port, uint8_t value);
  void write_control(uint8_t value, uint64_t clk);
  void write_count_byte(Channel& c, uint8_t value, uint64_t clk);
  void load_count(Channel& c, uint32_t n, uint64_t clk);
  void latch_count(Channel& c, uint64_t clk);
  void latch_status(Channel& c, uint64_t clk);
  void settle(Channel& c, uint64_t clk);           // apply a due mode 2/3 reload
  uint16_t count_at(const Channel& c, uint64_t clk) const;
  bool out_at(const Channel& c, uint64_t clk) const;
  uint64_t next_change(const Channel& c, uint64_t clk) const;  // kNever: none
  void update(Channel& c, uint64_t cycle);         // drive the pin, schedule the next change
  uint64_t now() const { return ctx_.now(); }

  std::string name_;
  DeviceContext ctx_;
  PitConfig config_;
  uint64_t num_ = 1, den_ = 1;  // clocks = cycles * num_ / den_ (reduced)
  std::array<Channel, 3> ch_;
};

}  // namespace irq::sim
