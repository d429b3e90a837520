// tests/test_devices.cpp — the board devices (sim/devices/) at port and pin level, each alone:
// a local EventQueue, a hand-advanced cycle counter and a pic::Line per output. Expected cycles
// are computed here from the datasheet rules quoted in each device's header, with exact integers.
#include <catch2/catch.hpp>
#include <cstdint>
#include <string>
#include <vector>

#include "pic/line.h"
#include "sim/device.h"
#include "sim/devices/irq_source.h"
#include "sim/devices/keyboard.h"
#include "sim/devices/nmi_source.h"
#include "sim/devices/pit.h"
#include "sim/devices/rtc.h"
#include "sim/devices/uart.h"
#include "sim/event_queue.h"
#include "sim/trace.h"

using namespace irq::sim;
using irq::pic::Line;

namespace {

constexpr uint64_t kClock = 33000000;

struct Edge {
  uint64_t cycle;
  bool level;
  bool operator==(const Edge& o) const { return cycle == o.cycle && level == o.level; }
};

// The timeline of one test: cycles advanced by hand, due events run in order on the way.
struct Bench {
  EventQueue events;
  Trace trace;
  uint64_t cycles = 0;
  std::string console;
  Line line{"IRQ"};
  std::vector<Edge> edges;

  Bench() {
    line.add_listener([this](bool level) { edges.push_back({cycles, level}); });
  }
  DeviceContext ctx() {
    DeviceContext c;
    c.events = &events;
    c.trace = &trace;
    c.cycles = &cycles;
    c.clock_hz = kClock;
    c.console = [this](uint8_t b) { console.push_back(char(b)); };
    return c;
  }
  Pin pin(const std::string& name = "dev") { return Pin{&line, line.add_driver(name)}; }
  void advance_to(uint64_t c) {
    while (events.next_time() <= c) {
      cycles = events.next_time();
      events.run_due(cycles);
    }
    cycles = c;
  }
  void advance(uint64_t n) { advance_to(cycles + n); }
  std::vector<Edge> take_edges() {
    std::vector<Edge> e;
    e.swap(edges);
    return e;
  }
};

// PIT input clock k at 33 MHz with the default 105/88 MHz input: ceil(k * 33e6 * 88 / 105e6).
uint64_t pit_cycle(uint64_t k) { return (k * kClock * 88 + 105000000 - 1) / 105000000; }
uint64_t pit_clocks(uint64_t cycle) { return cycle * 105000000 / (kClock * 88); }

uint8_t rd(Device& d, uint16_t port) { return uint8_t(d.io_read(port, 1)); }
void wr(Device& d, uint16_t port, uint8_t v) { d.io_write(port, v, 1); }

}  // namespace

// ---- 8254 PIT -----------------------------------------------------------------------------------

TEST_CASE("PIT conversions are exact integer ratios of 105/88 MHz", "[devices]") {
  Bench b;
  Pit pit("pit", b.ctx(), b.pin());
  for (uint64_t k : {1ull, 2ull, 35ull, 1193ull, 65536ull, 1193182ull, 123456789ull}) {
    CHECK(pit.cycle_of_clock(k) == pit_cycle(k));
    CHECK(pit.clocks_at(pit.cycle_of_clock(k)) == k);
    CHECK(pit.clocks_at(pit.cycle_of_clock(k) - 1) == k - 1);
  }
  // One second of CPU cycles holds 1193181 whole input clocks (1193181.818... Hz).
  CHECK(pit.clocks_at(kClock) == 1193181);
}

TEST_CASE("PIT mode 2 fires IRQ0 at the exact cycle", "[devices]") {
  Bench b;
  Pit pit("pit", b.ctx(), b.pin("pit"));
  const uint32_t n = 1193;  // ~1 kHz
  b.advance_to(1000);
  wr(pit, 0x43, 0x34);      // counter 0, LSB then MSB, mode 2, binary
  wr(pit, 0x40, n & 0xFF);
  wr(pit, 0x40, n >> 8);
  // Control word: OUT high at once. The count is loaded on the next input clock after the write
  // (L), OUT goes low for one clock at L + N - 1 and rises (the IRQ0 edge) at L + N, every N.
  const uint64_t l = pit_clocks(1000) + 1;
  b.advance_to(pit_cycle(l + 3 * n) + 1);
  const std::vector<Edge> want = {
      {1000, true},
      {pit_cycle(l + n - 1), false}, {pit_cycle(l + n), true},
      {pit_cycle(l + 2 * n - 1), false}, {pit_cycle(l + 2 * n), true},
      {pit_cycle(l + 3 * n - 1), false}, {pit_cycle(l + 3 * n), true},
  };
  CHECK(b.take_edges() == want);
  // Spelled out: L = 37 (1000 cycles = 36.15 clocks), first rising edge at clock 1230,
  // ceil(1230 * 968 / 35) = 34019 cycles.
  CHECK(l == 37);
  CHECK(want[2].cycle == 34019);
}

TEST_CASE("PIT mode 2 with a 1193182 Hz input matches N * clock_hz / 1193182", "[devices]") {
  Bench b;
  PitConfig cfg;
  cfg.input_hz_num = 1193182;
  cfg.input_hz_den = 1;
  Pit pit("pit", b.ctx(), b.pin(), cfg);
  const uint64_t n = 65536;  // count 0
  wr(pit, 0x43, 0x34);
  wr(pit, 0x40, 0);
  wr(pit, 0x40, 0);
  b.take_edges();
  // Written at cycle 0 (clock 0 has happened), loaded at clock 1: the rising edge at clock N + 1,
  // ceil((N + 1) * clock_hz / 1193182) cycles.
  const uint64_t rise = ((n + 1) * kClock + 1193182 - 1) / 1193182;
  b.advance_to(rise - 1);
  CHECK(b.line.level() == false);
  b.advance_to(rise);
  CHECK(b.line.level() == true);
  CHECK(b.take_edges().back() == Edge{rise, true});
}

TEST_CASE("PIT mode 0 interrupt on terminal count", "[devices]") {
  Bench b;
  Pit pit("pit", b.ctx(), b.pin());
  wr(pit, 0x43, 0x30);  // mode 0: OUT low
  wr(pit, 0x40, 100);
  wr(pit, 0x40, 0);
  CHECK_FALSE(pit.out(0));
  // Loaded at clock 1; OUT high at clock 1 + 100 ("N + 1 CLK pulses after the count is written").
  b.advance_to(pit_cycle(101) - 1);
  CHECK_FALSE(b.line.level());
  b.advance_to(pit_cycle(101));
  CHECK(b.line.level());
  CHECK(b.take_edges() == std::vector<Edge>{{pit_cycle(101), true}});
  // It stays high (no reload) while the count wraps through 0xFFFF.
  b.advance_to(pit_cycle(101 + 70000));
  CHECK(b.line.level());
  CHECK(b.edges.empty());
  CHECK(b.events.empty());
  // A new count drives OUT low at once and starts over.
  wr(pit, 0x40, 10);
  wr(pit, 0x40, 0);
  CHECK_FALSE(b.line.level());
}

TEST_CASE("PIT counter latch freezes the value read", "[devices]") {
  Bench b;
  Pit pit("pit", b.ctx(), b.pin());
  const uint32_t n = 1000;
  wr(pit, 0x43, 0x34);
  wr(pit, 0x40, n & 0xFF);
  wr(pit, 0x40, n >> 8);
  const uint64_t l = 1;
  b.advance_to(pit_cycle(l + 250) + 5);
  wr(pit, 0x43, 0x00);  // latch counter 0
  const uint16_t expect = uint16_t(n - 250);
  b.advance_to(pit_cycle(l + 600));  // time goes on: the latched value does not
  wr(pit, 0x43, 0x00);  // a second latch before the read is ignored
  CHECK(rd(pit, 0x40) == (expect & 0xFF));
  b.advance_to(pit_cycle(l + 700));
  CHECK(rd(pit, 0x40) == (expect >> 8));
  // Latch released: live reads now.
  const uint16_t live = uint16_t(n - 700);
  CHECK(rd(pit, 0x40) == (live & 0xFF));
  CHECK(rd(pit, 0x40) == (live >> 8));
}

TEST_CASE("PIT lobyte hibyte order and access modes", "[devices]") {
  Bench b;
  Pit pit("pit", b.ctx(), b.pin());
  wr(pit, 0x43, 0x70);  // counter 1, LSB then MSB, mode 0
  wr(pit, 0x41, 0xCD);  // LSB first
  wr(pit, 0x41, 0xAB);
  b.advance_to(pit_cycle(1));  // the load clock: the count is N
  CHECK(pit.count(1) == 0xABCD);
  CHECK(rd(pit, 0x41) == 0xCD);  // read flip-flop: LSB then MSB
  CHECK(rd(pit, 0x41) == 0xAB);
  b.advance_to(pit_cycle(1 + 0x10));
  CHECK(rd(pit, 0x41) == 0xBD);  // 0xABCD - 0x10 = 0xABBD
  CHECK(rd(pit, 0x41) == 0xAB);

  wr(pit, 0x43, 0x94);  // counter 2, LSB only, mode 2
  wr(pit, 0x42, 0x40);
  const uint64_t l = pit_clocks(b.cycles) + 1;
  b.advance_to(pit_cycle(l));
  CHECK(rd(pit, 0x42) == 0x40);
  CHECK(rd(pit, 0x42) == 0x40);  // LSB only: every read is the LSB

  wr(pit, 0x43, 0xA4);  // counter 2, MSB only, mode 2: count 0x1200
  wr(pit, 0x42, 0x12);
  CHECK(pit.state(2).count_register == 0x1200);
}

TEST_CASE("PIT read-back command latches status and count", "[devices]") {
  Bench b;
  Pit pit("pit", b.ctx(), b.pin());
  wr(pit, 0x43, 0x30);  // counter 0 mode 0
  wr(pit, 0x43, 0xE2);  // read-back: status only, counter 0
  CHECK(rd(pit, 0x40) == (0x40 | 0x30));  // OUT low, NULL COUNT (no count yet), RW=11 mode 0
  wr(pit, 0x40, 0x10);
  wr(pit, 0x40, 0x00);
  b.advance_to(pit_cycle(1 + 4));
  wr(pit, 0x43, 0xC2);  // read-back: count and status, counter 0
  CHECK(rd(pit, 0x40) == 0x30);  // status first: OUT low, count loaded
  CHECK(rd(pit, 0x40) == 0x0C);  // then the count 0x10 - 4
  CHECK(rd(pit, 0x40) == 0x00);
  b.advance_to(pit_cycle(1 + 0x10));
  wr(pit, 0x43, 0xE2);
  CHECK(rd(pit, 0x40) == (0x80 | 0x30));  // OUT high at terminal count
}

TEST_CASE("PIT mode 3 square wave and stale events after a reprogram", "[devices]") {
  Bench b;
  Pit pit("pit", b.ctx(), b.pin());
  wr(pit, 0x43, 0x36);  // counter 0, mode 3
  wr(pit, 0x40, 11);    // odd: high 6 clocks, low 5
  wr(pit, 0x40, 0);
  b.take_edges();
  b.advance_to(pit_cycle(1 + 22));
  const std::vector<Edge> want = {{pit_cycle(1 + 6), false}, {pit_cycle(1 + 11), true},
                                  {pit_cycle(1 + 17), false}, {pit_cycle(1 + 22), true}};
  CHECK(b.take_edges() == want);
  // Reprogram to mode 0: the old square-wave event is stale and must not move OUT.
  wr(pit, 0x43, 0x30);
  CHECK(b.take_edges() == std::vector<Edge>{{b.cycles, false}});
  b.advance_to(pit_cycle(1 + 40));
  CHECK(b.edges.empty());
}

TEST_CASE("PIT mode 2 new count applies from the next period and GATE2 controls counter 2", "[devices]") {
  Bench b;
  Pit pit("pit", b.ctx(), b.pin());
  wr(pit, 0x43, 0x34);
  wr(pit, 0x40, 100);
  wr(pit, 0x40, 0);
  b.take_edges();
  b.advance_to(pit_cycle(1 + 50));
  wr(pit, 0x40, 20);
  wr(pit, 0x40, 0);
  b.advance_to(pit_cycle(1 + 100 + 20) + 1);
  const std::vector<Edge> want = {{pit_cycle(100), false}, {pit_cycle(101), true},
                                  {pit_cycle(120), false}, {pit_cycle(121), true}};
  CHECK(b.take_edges() == want);

  // Counter 2, mode 1: no trigger, no count; a GATE rising edge starts the one-shot.
  Line out2("OUT2");
  pit.set_output_pin(2, Pin{&out2, out2.add_driver("pit2")});
  wr(pit, 0x43, 0xB2);  // counter 2, LSB/MSB, mode 1
  wr(pit, 0x42, 10);
  wr(pit, 0x42, 0);
  b.advance(pit_cycle(50));
  CHECK(out2.level());  // still high: GATE2 never rose
  pit.set_gate(2, false);
  pit.set_gate(2, true);
  const uint64_t l = pit_clocks(b.cycles) + 1;
  b.advance_to(pit_cycle(l));
  CHECK_FALSE(out2.level());
  b.advance_to(pit_cycle(l + 10));
  CHECK(out2.level());
}

// ---- i8042 keyboard -----------------------------------------------------------------------------

TEST_CASE("Keyboard Ctrl+C delivers 1D 2E AE 9D one per read with IRQ1", "[devices]") {
  Bench b;
  Keyboard kbd("keyboard", b.ctx(), b.pin());
  const uint64_t byte = kClock / 1000;  // 1 ms
  REQUIRE(kbd.byte_cycles() == byte);
  b.advance_to(100);
  kbd.type_text("^C");
  CHECK((rd(kbd, 0x64) & 0x01) == 0);  // nothing yet: the first byte takes one byte time
  std::vector<uint8_t> got;
  uint64_t t = 100;
  for (int i = 0; i < 4; ++i) {
    b.advance_to(t + byte - 1);
    CHECK((rd(kbd, 0x64) & 0x01) == 0);
    CHECK_FALSE(b.line.level());
    b.advance_to(t + byte);
    CHECK((rd(kbd, 0x64) & 0x01) == 1);  // OBF
    CHECK(b.line.level());               // IRQ1 while OBF
    b.advance(500);                      // the ISR runs later: the byte waits, IRQ1 stays high
    CHECK(b.line.level());
    got.push_back(rd(kbd, 0x60));
    CHECK_FALSE(b.line.level());         // lowered by the read
    CHECK((rd(kbd, 0x64) & 0x01) == 0);
    t = b.cycles;
  }
  CHECK(got == std::vector<uint8_t>{0x1D, 0x2E, 0xAE, 0x9D});
  b.advance(10 * byte);
  CHECK((rd(kbd, 0x64) & 0x01) == 0);
  const std::vector<Edge> want = {{100 + byte, true}, {100 + byte + 500, false},
                                  {100 + 2 * byte + 500, true}, {100 + 2 * byte + 1000, false},
                                  {100 + 3 * byte + 1000, true}, {100 + 3 * byte + 1500, false},
                                  {100 + 4 * byte + 1500, true}, {100 + 4 * byte + 2000, false}};
  CHECK(b.take_edges() == want);
}

TEST_CASE("Keyboard text encoding in scan-code set 1", "[devices]") {
  std::vector<uint8_t> v;
  std::string why;
  REQUIRE(Keyboard::encode_text("a1 \n", v, &why));
  CHECK(v == std::vector<uint8_t>{0x1E, 0x9E, 0x02, 0x82, 0x39, 0xB9, 0x1C, 0x9C});
  v.clear();
  REQUIRE(Keyboard::encode_text("A!", v, &why));
  CHECK(v == std::vector<uint8_t>{0x2A, 0x1E, 0x9E, 0xAA, 0x2A, 0x02, 0x82, 0xAA});
  v.clear();
  REQUIRE(Keyboard::encode_text("^\\^Z^d", v, &why));
  CHECK(v == std::vector<uint8_t>{0x1D, 0x2B, 0xAB, 0x9D, 0x1D, 0x2C, 0xAC, 0x9D,
                                  0x1D, 0x20, 0xA0, 0x9D});
  v.clear();
  CHECK_FALSE(Keyboard::encode_text("\x80", v, &why));
  CHECK_FALSE(why.empty());
  CHECK_FALSE(Keyboard::encode_text("^1", v, &why));
  Bench b;
  Keyboard kbd("keyboard", b.ctx(), b.pin());
  CHECK_THROWS_AS(kbd.type_text("\x7f"), std::invalid_argument);
}

TEST_CASE("Keyboard controller commands", "[devices]") {
  Bench b;
  Keyboard kbd("keyboard", b.ctx(), b.pin());
  wr(kbd, 0x64, 0x20);  // read command byte
  CHECK((rd(kbd, 0x64) & 0x09) == 0x09);  // OBF, A2 (last write was a command)
  CHECK(b.line.level());
  CHECK(rd(kbd, 0x60) == 0x45);
  CHECK_FALSE(b.line.level());
  wr(kbd, 0x64, 0xAA);
  CHECK(rd(kbd, 0x60) == 0x55);
  wr(kbd, 0x64, 0x60);  // write command byte: IRQ1 off
  wr(kbd, 0x60, 0x44);
  CHECK(kbd.command_byte() == 0x44);
  kbd.press_scancodes({0x1E});
  b.advance(kbd.byte_cycles());
  CHECK(kbd.obf());
  CHECK_FALSE(b.line.level());  // polled mode: OBF without IRQ1
  CHECK(rd(kbd, 0x60) == 0x1E);
  wr(kbd, 0x64, 0x60);
  wr(kbd, 0x60, 0x45);
  wr(kbd, 0x64, 0xAD);  // disable the keyboard: bytes wait
  kbd.press_scancodes({0x9E});
  b.advance(5 * kbd.byte_cycles());
  CHECK_FALSE(kbd.obf());
  wr(kbd, 0x64, 0xAE);
  b.advance(kbd.byte_cycles());
  CHECK(kbd.obf());
  CHECK(b.line.level());
  CHECK(rd(kbd, 0x60) == 0x9E);
  wr(kbd, 0x60, 0xFF);  // keyboard reset: ACK then BAT OK
  CHECK(rd(kbd, 0x60) == 0xFA);
  CHECK(rd(kbd, 0x60) == 0xAA);
}

// ---- 16550 UART ---------------------------------------------------------------------------------

TEST_CASE("UART THR write reaches the console and THRE interrupts after the char time", "[devices]") {
  Bench b;
  Uart uart("com1", b.ctx(), b.pin());
  const uint16_t base = 0x3F8;
  // After reset LCR = 0: 5 data bits, 1 stop, no parity = 7 bits.
  CHECK(uart.char_cycles() == (7 * kClock + 115199) / 115200);
  wr(uart, base + 3, 0x03);  // 8N1
  // 8N1 at divisor 1: 10 bits at 115200 baud, ceil(10 * 33e6 / 115200) = 2865 cycles.
  CHECK(uart.char_cycles() == 2865);
  wr(uart, base + 4, 0x08);  // OUT2: the IRQ buffer on
  b.advance_to(100);
  wr(uart, base + 0, 'H');
  CHECK(b.console == "H");
  CHECK((rd(uart, base + 5) & 0x60) == 0);  // THRE, TEMT clear while sending
  wr(uart, base + 1, 0x02);  // ETBEI while THR busy: nothing yet
  CHECK_FALSE(b.line.level());
  b.advance_to(100 + 2865 - 1);
  CHECK_FALSE(b.line.level());
  b.advance_to(100 + 2865);
  CHECK(b.line.level());
  CHECK((rd(uart, base + 5) & 0x60) == 0x60);
  CHECK(rd(uart, base + 2) == 0x02);  // IIR: THR empty; the read clears it
  CHECK_FALSE(b.line.level());
  CHECK(rd(uart, base + 2) == 0x01);
  // Two bytes back to back: THRE after both.
  wr(uart, base + 0, 'i');
  wr(uart, base + 0, '!');
  CHECK(b.console == "Hi!");
  b.advance(2 * 2865 - 1);
  CHECK_FALSE(b.line.level());
  b.advance(1);
  CHECK(b.line.level());
  wr(uart, base + 0, '\n');  // writing THR also clears the THRE interrupt
  CHECK_FALSE(b.line.level());
  CHECK(b.take_edges() == std::vector<Edge>{{100 + 2865, true}, {100 + 2865, false},
                                            {100 + 2865 + 2 * 2865, true},
                                            {100 + 2865 + 2 * 2865, false}});
}

TEST_CASE("UART IRQ output needs OUT2, and the divisor sets the char time", "[devices]") {
  Bench b;
  Uart uart("com1", b.ctx(), b.pin(), UartConfig{0x2F8, 1});
  const uint16_t base = 0x2F8;
  CHECK(uart.ports() == std::vector<PortRange>{{0x2F8, 0x2FF}});
  wr(uart, base + 1, 0x02);  // ETBEI with THR empty: THRE interrupt pending at once
  CHECK(rd(uart, base + 2) == 0x02);
  CHECK_FALSE(b.line.level());  // but OUT2 is off: the IRQ line stays low
  wr(uart, base + 1, 0x00);
  wr(uart, base + 1, 0x02);
  wr(uart, base + 4, 0x08);
  CHECK(b.line.level());
  wr(uart, base + 4, 0x00);
  CHECK_FALSE(b.line.level());
  wr(uart, base + 3, 0x80);  // DLAB
  wr(uart, base + 0, 12);    // 9600 baud
  wr(uart, base + 1, 0);
  CHECK(rd(uart, base + 0) == 12);
  wr(uart, base + 3, 0x03);
  CHECK(uart.divisor() == 12);
  CHECK(uart.char_cycles() == 34375);  // 10 * 12 * 33e6 / 115200 exactly
}

TEST_CASE("UART IIR priority: line status, received data, THR empty, modem status", "[devices]") {
  Bench b;
  Uart uart("com1", b.ctx(), b.pin());
  const uint16_t base = 0x3F8;
  wr(uart, base + 4, 0x08);
  wr(uart, base + 1, 0x0F);  // all four sources; THRE pending at once
  CHECK(rd(uart, base + 2) == 0x02);
  wr(uart, base + 1, 0x00);
  wr(uart, base + 1, 0x0F);  // re-latch THRE
  uart.receive("x");
  b.advance(uart.char_cycles());  // the byte arrives after one character time
  uart.set_modem_inputs(false, true, false, true);  // CTS dropped: DCTS
  uart.line_error(0x02);  // overrun
  CHECK(b.line.level());
  CHECK(rd(uart, base + 2) == 0x06);
  CHECK((rd(uart, base + 5) & 0x03) == 0x03);  // OE + DR; the read clears OE
  CHECK(rd(uart, base + 2) == 0x04);
  CHECK(rd(uart, base + 0) == 'x');
  CHECK(rd(uart, base + 2) == 0x02);  // THRE: this read clears it
  CHECK(rd(uart, base + 2) == 0x00);  // modem status
  CHECK((rd(uart, base + 6) & 0x0F) == 0x01);
  CHECK(rd(uart, base + 2) == 0x01);
  CHECK_FALSE(b.line.level());
  // FIFO mode: IIR bits 7-6 set; trigger level 4; character timeout after 4 char times.
  wr(uart, base + 2, 0x41);
  CHECK(rd(uart, base + 2) == 0xC1);
  uart.receive("abc");
  b.advance(3 * uart.char_cycles());
  CHECK(rd(uart, base + 2) == 0xC1);  // 3 < 4: no received-data interrupt yet
  b.advance(4 * uart.char_cycles());
  CHECK(rd(uart, base + 2) == 0xCC);  // character timeout
  CHECK(rd(uart, base + 0) == 'a');
  CHECK(rd(uart, base + 2) == 0xC1);
}

// ---- MC146818 RTC -------------------------------------------------------------------------------

TEST_CASE("RTC periodic interrupt at 1024 Hz and register C clearing it", "[devices]") {
  Bench b;
  Rtc rtc("rtc", b.ctx(), b.pin());
  wr(rtc, 0x70, 0x0A);
  CHECK(rd(rtc, 0x71) == 0x26);  // 32.768 kHz, RS = 6
  CHECK(rtc.periodic_ticks() == 32);
  wr(rtc, 0x70, 0x0B);
  wr(rtc, 0x71, 0x42);  // PIE, 24 h
  // 1024 Hz = every 32 ticks of 32768 Hz: cycle ceil(k * 32 * 33e6 / 32768).
  const uint64_t p1 = (32ull * kClock + 32767) / 32768, p2 = (64ull * kClock + 32767) / 32768;
  CHECK(p1 == 32227);
  CHECK(p2 == 64454);
  b.advance_to(p1 - 1);
  CHECK_FALSE(b.line.level());
  b.advance_to(p1);
  CHECK(b.line.level());
  b.advance(100);
  wr(rtc, 0x70, 0x0C);
  CHECK(rd(rtc, 0x71) == 0xC0);  // IRQF + PF
  CHECK_FALSE(b.line.level());
  CHECK(rd(rtc, 0x71) == 0x00);
  b.advance_to(p2);
  CHECK(b.line.level());
  CHECK(b.take_edges() == std::vector<Edge>{{p1, true}, {p1 + 100, false}, {p2, true}});
  // Not acknowledged: the line stays high and the RTC schedules nothing more.
  CHECK(b.events.empty());
  b.advance(10 * p1);
  CHECK(b.edges.empty());
  CHECK(rd(rtc, 0x71) == 0xC0);
  CHECK_FALSE(b.line.level());
  b.take_edges();
  // PIE off: PF still sets, no IRQ, and (once the stale event of the PIE-on state has run) no
  // events.
  wr(rtc, 0x70, 0x0B);
  wr(rtc, 0x71, 0x02);
  b.advance(2 * p1);
  CHECK(b.events.empty());
  wr(rtc, 0x70, 0x0C);
  CHECK(rd(rtc, 0x71) == 0x40);
  CHECK(b.edges.empty());
}

TEST_CASE("RTC time registers count simulated time from a fixed epoch", "[devices]") {
  Bench b;
  Rtc rtc("rtc", b.ctx(), b.pin());
  auto reg = [&](uint8_t i) { wr(rtc, 0x70, i); return rd(rtc, 0x71); };
  CHECK(reg(0x00) == 0x00);
  CHECK(reg(0x09) == 0x00);
  CHECK(reg(0x08) == 0x01);
  CHECK(reg(0x06) == 7);  // 2000-01-01 was a Saturday
  CHECK(reg(0x32) == 0x20);
  CHECK(reg(0x0D) == 0x80);
  b.advance_to(61 * kClock + 10 * kClock * 3600);  // 10:01:01
  CHECK(reg(0x00) == 0x01);
  CHECK(reg(0x02) == 0x01);
  CHECK(reg(0x04) == 0x10);  // BCD
  wr(rtc, 0x70, 0x0B);
  wr(rtc, 0x71, 0x04);  // binary, 12 h
  CHECK(reg(0x04) == 10);
  b.advance(3 * kClock * 3600);  // 13:01:01 = 1 PM
  CHECK(reg(0x04) == (0x80 | 1));
  b.advance(11 * kClock * 3600);  // 2000-01-02 00:01:01, Sunday
  CHECK(reg(0x07) == 2);
  CHECK(reg(0x06) == 1);
}

// ---- irq-source, nmi-source ---------------------------------------------------------------------

TEST_CASE("irq-source pulse raises then lowers after N cycles", "[devices]") {
  Bench b;
  IrqSource src("glitch", b.ctx(), b.pin());
  CHECK(src.ports().empty());
  b.advance_to(150000);
  src.pulse(3);
  CHECK(b.line.level());
  b.advance_to(150002);
  CHECK(b.line.level());
  b.advance_to(150003);
  CHECK_FALSE(b.line.level());
  CHECK(b.take_edges() == std::vector<Edge>{{150000, true}, {150003, false}});
  // A new hold replaces the pending lower; raise() cancels it.
  src.hold(10);
  b.advance(5);
  src.hold(10);
  b.advance(9);
  CHECK(b.line.level());
  b.advance(1);
  CHECK_FALSE(b.line.level());
  src.hold(4);
  src.raise();
  b.advance(100);
  CHECK(b.line.level());
  src.lower();
  CHECK_FALSE(b.line.level());
  src.pulse(0);  // zero width: both edges now
  CHECK_FALSE(b.line.level());
  const auto e = b.take_edges();
  REQUIRE(e.size() >= 2);
  CHECK(e[e.size() - 2] == Edge{b.cycles, true});
  CHECK(e.back() == Edge{b.cycles, false});
}

TEST_CASE("nmi-source trigger and periodic mode", "[devices]") {
  Bench b;
  std::vector<uint64_t> nmis;
  NmiSource nmi("nmi", b.ctx(), [&] { nmis.push_back(b.cycles); });
  nmi.trigger();
  CHECK(nmis == std::vector<uint64_t>{0});
  nmi.start_periodic(1000);
  b.advance_to(3500);
  CHECK(nmis == std::vector<uint64_t>{0, 1000, 2000, 3000});
  nmi.stop_periodic();
  b.advance_to(10000);
  CHECK(nmis.size() == 4);
  CHECK(b.events.empty());
  CHECK_THROWS_AS(nmi.start_periodic(0), std::invalid_argument);
}
