// tests/test_pic.cpp — the 8259A and Line at pin and port level, written from the Intel 8259A
// datasheet 231468-003 ([DS] below: section title and page). Each TEST_CASE names the section it
// checks. The chips are driven only through their pins (set_ir, INT via a Line, inta1/inta2) and
// their two ports (A0 = 0/1), as the board will.
#include <catch2/catch.hpp>
#include <cstdint>
#include <stdexcept>
#include <vector>

#include "pic/i8259.h"
#include "pic/line.h"

using irq::pic::I8259;
using irq::pic::I8259State;
using irq::pic::InitStep;
using irq::pic::InterruptAck;
using irq::pic::Line;
using irq::pic::TraceEvent;
using irq::pic::TraceKind;

namespace {

// OCW encodings used below ([DS] p. 13-14, Figure 8).
constexpr uint8_t kNonSpecificEoi = 0x20, kRotateNonSpecificEoi = 0xA0;
constexpr uint8_t kReadIrr = 0x0A, kReadIsr = 0x0B, kPoll = 0x0C;
constexpr uint8_t kSetSmm = 0x68, kResetSmm = 0x48;

// ICW1 / ICW2 / (ICW4): by default the PC/XT single-chip set-up: edge, single, IC4; base 0x08;
// 8086 mode.
void init_single(I8259& p, uint8_t icw1 = 0x13, uint8_t icw2 = 0x08, uint8_t icw4 = 0x01) {
  p.write(0, icw1);
  p.write(1, icw2);
  if (icw1 & 0x01) p.write(1, icw4);
}

uint8_t read_irr(I8259& p) {
  p.write(0, kReadIrr);
  return p.read(0);
}

uint8_t read_isr(I8259& p) {
  p.write(0, kReadIsr);
  return p.read(0);
}

// Both INTA pulses of one acknowledge on a single chip.
uint8_t acknowledge(I8259& p) {
  p.inta1();
  return p.inta2();
}

// One chip whose INT drives a CPU INTR Line.
struct Single {
  Line intr{"INTR"};
  I8259 pic{"pic"};
  explicit Single(uint8_t icw1 = 0x13, uint8_t icw4 = 0x01) {
    pic.connect_int(intr, intr.add_driver("pic INT"));
    init_single(pic, icw1, 0x08, icw4);
  }
};

// The PC/AT pair: slave INT -> Line -> master IR2, master INT -> INTR. Master base 0x08, slave
// base 0x70, master ICW3 = 0x04 (slave on IR2), slave ICW3 = ID 2.
struct Pair {
  Line intr{"INTR"};
  Line cascade{"IR2 cascade"};
  I8259 master{"master"};
  I8259 slave{"slave"};
  explicit Pair(uint8_t master_icw4 = 0x01) {
    master.connect_int(intr, intr.add_driver("master INT"));
    cascade.add_listener([this](bool level) { master.set_ir(2, level); });
    slave.set_sp_en(false);  // SP/EN low: slave ([DS] ICW3 (b))
    slave.connect_int(cascade, cascade.add_driver("slave INT"));
    master.write(0, 0x11);  // edge, cascade, IC4
    master.write(1, 0x08);
    master.write(1, 0x04);
    master.write(1, master_icw4);
    slave.write(0, 0x11);
    slave.write(1, 0x70);
    slave.write(1, 0x02);
    slave.write(1, 0x01);
  }
  // The board's acknowledge, as documented in pic/i8259.h.
  uint8_t acknowledge() {
    const InterruptAck m = master.inta1();
    if (!m.cascade) return master.inta2();
    REQUIRE(slave.selected_by_cas(m.level));
    slave.inta1();
    const uint8_t vector = slave.inta2();
    CHECK(master.inta2() == 0xFF);  // the master's data bus floats
    return vector;
  }
};

}  // namespace

// --------------------------------------------------------------------------------------------
// Line (wired-OR), ../shared/reference/x86-interrupts.md "Wired-OR lines".

TEST_CASE("pic: Line: two drivers, lowering one keeps the line high, listener only on changes",
          "[pic][line]") {
  Line line("IRQ5");
  const auto a = line.add_driver("sound");
  const auto b = line.add_driver("nic");
  CHECK(a == 0);
  CHECK(b == 1);
  std::vector<bool> calls;
  line.add_listener([&](bool level) { calls.push_back(level); });

  CHECK_FALSE(line.level());
  line.raise(a);
  CHECK(line.level());
  CHECK(calls == std::vector<bool>{true});
  line.raise(b);  // already high: no change, no call
  line.raise(a);  // raising twice: no call
  CHECK(calls.size() == 1);
  CHECK(line.drivers() == 0x3);
  CHECK(line.driving(a));
  line.lower(a);  // b still holds it
  CHECK(line.level());
  CHECK(line.drivers() == 0x2);
  CHECK(calls.size() == 1);
  line.lower(b);
  CHECK_FALSE(line.level());
  CHECK(calls == std::vector<bool>{true, false});
  line.lower(b);  // already low
  CHECK(calls.size() == 2);
  line.set(b, true);
  CHECK(calls == std::vector<bool>{true, false, true});
  CHECK(line.driver_name(b) == "nic");
  CHECK(line.name() == "IRQ5");
}

TEST_CASE("pic: Line: up to 64 drivers, unknown ids are rejected", "[pic][line]") {
  Line line("INTR");
  for (unsigned i = 0; i < Line::kMaxDrivers; ++i) CHECK(line.add_driver("d") == i);
  CHECK_THROWS_AS(line.add_driver("one too many"), std::length_error);
  line.raise(63);
  CHECK(line.drivers() == (uint64_t(1) << 63));
  CHECK(line.level());

  Line small("IRQ3");
  small.add_driver("uart");
  CHECK_THROWS_AS(small.raise(1), std::out_of_range);
  CHECK_THROWS_AS(small.driver_name(5), std::out_of_range);
}

TEST_CASE("pic: Line: several listeners all see each change (board wiring + tracer)",
          "[pic][line]") {
  Line line("IRQ0");
  const auto pit = line.add_driver("pit");
  int first = 0, second = 0;
  line.add_listener([&](bool) { ++first; });
  line.add_listener([&](bool) { ++second; });
  line.raise(pit);
  line.lower(pit);
  CHECK(first == 2);
  CHECK(second == 2);
}

// --------------------------------------------------------------------------------------------
// Initialization ([DS] p. 9-11 "Initialization Command Words", Figure 6 flow chart).

TEST_CASE("pic: ICW: ICW1+ICW2 only (SNGL=1, IC4=0), the next A0=1 write is OCW1", "[pic][icw]") {
  I8259 p;
  CHECK(p.state().init == InitStep::PowerOn);
  p.write(0, 0x12);  // single, no ICW4
  CHECK(p.state().init == InitStep::Icw2);
  p.write(1, 0x20);
  CHECK(p.state().init == InitStep::Ready);
  CHECK(p.vector_base() == 0x20);
  p.write(1, 0xAB);  // OCW1
  CHECK(p.imr() == 0xAB);
  CHECK(p.state().icw2 == 0x20);
  // ICW1 (f): IC4 = 0 sets every ICW4 function to zero (no AEOI, no SFNM, not buffered).
  CHECK(p.state().icw4 == 0);
  CHECK_FALSE(p.auto_eoi());
  p.write(1, 0x00);
  p.set_ir(1, true);
  CHECK(acknowledge(p) == 0x21);
}

TEST_CASE("pic: ICW: ICW1..ICW4 with ICW3 (SNGL=0, IC4=1)", "[pic][icw]") {
  I8259 p;
  p.write(0, 0x11);
  CHECK(p.state().init == InitStep::Icw2);
  p.write(1, 0x08);
  CHECK(p.state().init == InitStep::Icw3);
  p.write(1, 0x04);
  CHECK(p.state().init == InitStep::Icw4);
  p.write(1, 0x1D);  // SFNM, BUF, M/S = master, 8086
  CHECK(p.state().init == InitStep::Ready);
  CHECK(p.state().icw3 == 0x04);
  CHECK(p.special_fully_nested());
  CHECK(p.buffered());
  CHECK(p.is_master());
  CHECK_FALSE(p.single());
  p.write(1, 0x5A);
  CHECK(p.imr() == 0x5A);
  CHECK(p.state().icw4 == 0x1D);  // OCW1 did not touch ICW4
}

TEST_CASE("pic: ICW: SNGL=1 skips ICW3, SNGL=0 with IC4=0 ends after ICW3", "[pic][icw]") {
  I8259 a;
  a.write(0, 0x13);
  a.write(1, 0x08);
  CHECK(a.state().init == InitStep::Icw4);
  a.write(1, 0x03);
  CHECK(a.state().init == InitStep::Ready);
  CHECK(a.auto_eoi());

  I8259 b;
  b.write(0, 0x10);  // cascade, no ICW4
  b.write(1, 0x70);
  CHECK(b.state().init == InitStep::Icw3);
  b.write(1, 0x02);
  CHECK(b.state().init == InitStep::Ready);
  CHECK(b.state().icw3 == 0x02);
}

TEST_CASE("pic: ICW2: in 8086 mode only T7-T3 form the vector, the level fills D2-D0",
          "[pic][icw]") {
  // [DS] p. 9-10 ICW2 and "Interrupt Sequence Outputs", 8086 mode vector byte.
  I8259 p;
  init_single(p, 0x13, 0x0F);
  CHECK(p.vector_base() == 0x08);
  p.set_ir(5, true);
  CHECK(acknowledge(p) == 0x0D);
}

TEST_CASE(
    "pic: ICW1 effects (a)-(f): edge sense reset, IMR cleared, IR7 lowest, SMM off, "
    "status read = IRR, ISR is not in the list and is kept",
    "[pic][icw]") {
  Single b;
  I8259& p = b.pic;
  p.set_ir(5, true);
  CHECK(acknowledge(p) == 0x0D);  // IR5 in service
  p.write(1, 0xC0);               // IMR
  p.write(0, 0xC3);               // set priority: IR3 lowest
  p.write(0, kSetSmm);
  p.write(0, kReadIsr);
  p.set_ir(1, true);  // IR1 pending and held high across ICW1
  REQUIRE(read_irr(p) == 0x02);
  p.write(0, kReadIsr);

  p.write(0, 0x12);  // ICW1: single, no ICW4
  p.write(1, 0x08);
  CHECK(p.imr() == 0x00);                 // (b)
  CHECK(p.state().lowest_priority == 7);  // (c)
  CHECK(p.state().icw3 == 7);             // (d) slave mode address 7
  CHECK_FALSE(p.state().special_mask);    // (e)
  CHECK(p.read(0) == p.irr());            // (e) status read is IRR again
  CHECK(p.state().icw4 == 0);             // (f)
  CHECK(p.isr() == 0x20);                 // not cleared: [DS] does not say so
  // (a) IR1 is still high but must make a new low-to-high transition.
  CHECK(p.irr() == 0x00);
  CHECK_FALSE(b.intr.level());
  p.set_ir(1, false);
  p.set_ir(1, true);
  CHECK(p.irr() == 0x02);
  CHECK(b.intr.level());  // IR1 outranks IR5 in service
}

TEST_CASE("pic: Power-on state: IMR = 0xFF, no INT, OCW1 writes the IMR before any ICW1",
          "[pic][icw]") {
  Line intr("INTR");
  I8259 p;
  p.connect_int(intr, intr.add_driver("pic"));
  CHECK(p.read(1) == 0xFF);
  p.set_ir(0, true);
  CHECK(p.irr() == 0x01);
  CHECK_FALSE(intr.level());
  p.write(1, 0xFE);
  CHECK(intr.level());
  p.reset();
  CHECK(p.imr() == 0xFF);
  CHECK_FALSE(intr.level());
  CHECK(p.state().pins == 0x01);  // the wire is still high
}

// --------------------------------------------------------------------------------------------
// Masks and INT ([DS] p. 17 "Interrupt Masks"; p. 13-14 OCW1).

TEST_CASE("pic: OCW1: masking the only pending request drops INT, unmasking raises it again",
          "[pic][ocw1]") {
  Single b;
  b.pic.set_ir(4, true);
  CHECK(b.intr.level());
  b.pic.write(1, 0x10);
  CHECK_FALSE(b.intr.level());
  CHECK(b.pic.read(1) == 0x10);    // A0 = 1 reads the IMR
  CHECK(read_irr(b.pic) == 0x10);  // "IRR is not affected by IMR"
  b.pic.write(1, 0xEF);            // every other line masked, IR4 open
  CHECK(b.intr.level());
  CHECK(acknowledge(b.pic) == 0x0C);
  CHECK_FALSE(b.intr.level());
}

TEST_CASE("pic: OCW1: masking a higher request lets a lower one through", "[pic][ocw1]") {
  // [DS] p. 17: "Masking an IR channel does not affect the other channels operation."
  Single b;
  b.pic.set_ir(1, true);
  b.pic.set_ir(6, true);
  b.pic.write(1, 0x02);
  CHECK(acknowledge(b.pic) == 0x0E);
}

// --------------------------------------------------------------------------------------------
// Priority ([DS] p. 15 "Fully Nested Mode", "Automatic Rotation"; p. 16 "Specific Rotation").

TEST_CASE("pic: Fully nested: IR0 outranks IR7, a higher level nests, same or lower waits for EOI",
          "[pic][priority]") {
  Single b;
  I8259& p = b.pic;
  p.set_ir(7, true);
  p.set_ir(0, true);
  CHECK(p.pending_level() == 0);
  CHECK(acknowledge(p) == 0x08);
  CHECK(p.isr() == 0x01);
  CHECK_FALSE(b.intr.level());  // IR7 inhibited while IR0 is in service
  p.write(0, kNonSpecificEoi);
  CHECK(p.isr() == 0x00);
  CHECK(b.intr.level());
  CHECK(acknowledge(p) == 0x0F);
  CHECK(p.isr() == 0x80);
  p.set_ir(3, true);  // higher than IR7: interrupts the IR7 handler
  CHECK(b.intr.level());
  CHECK(acknowledge(p) == 0x0B);
  CHECK(p.isr() == 0x88);
  p.set_ir(5, true);  // lower than IR3 in service
  CHECK_FALSE(b.intr.level());
  p.write(0, kNonSpecificEoi);  // clears the highest in service: IR3
  CHECK(p.isr() == 0x80);
  CHECK(b.intr.level());  // IR5 outranks IR7
}

TEST_CASE("pic: Set priority (OCW2 0xC0|3): IR3 lowest, IR4 highest", "[pic][priority][ocw2]") {
  Single b;
  I8259& p = b.pic;
  p.write(0, 0xC3);
  CHECK(p.state().lowest_priority == 3);
  p.set_ir(3, true);
  p.set_ir(2, true);
  p.set_ir(0, true);
  p.set_ir(4, true);
  // Order now 4 5 6 7 0 1 2 3.
  CHECK(acknowledge(p) == 0x0C);
  p.write(0, kNonSpecificEoi);
  CHECK(acknowledge(p) == 0x08);
  p.write(0, kNonSpecificEoi);
  CHECK(acknowledge(p) == 0x0A);
  p.write(0, kNonSpecificEoi);
  CHECK(acknowledge(p) == 0x0B);
  p.write(0, kNonSpecificEoi);
  CHECK(p.isr() == 0);
  CHECK(p.state().lowest_priority == 3);  // set priority is independent of EOI
}

TEST_CASE("pic: Rotate on non-specific EOI (0xA0): the datasheet's IS4/IS6 example",
          "[pic][priority][ocw2]") {
  // [DS] p. 15 "Automatic Rotation": before, IS6 and IS4 set with IR7 lowest; after rotating on
  // IR4's EOI, IS4 is clear, IR4 is lowest and IR5 highest.
  Single b;
  I8259& p = b.pic;
  p.set_ir(6, true);
  CHECK(acknowledge(p) == 0x0E);
  p.set_ir(4, true);
  CHECK(acknowledge(p) == 0x0C);
  REQUIRE(p.isr() == 0x50);
  p.write(0, kRotateNonSpecificEoi);
  CHECK(p.isr() == 0x40);
  CHECK(p.state().lowest_priority == 4);
  // Priority is now 5 6 7 0 1 2 3 4: with IR6 in service, IR5 may nest but IR0 may not.
  p.set_ir(0, true);
  CHECK_FALSE(b.intr.level());
  p.set_ir(5, true);
  CHECK(acknowledge(p) == 0x0D);
}

TEST_CASE("pic: Rotate on non-specific EOI gives equal-priority devices turns", "[pic][priority]") {
  Single b;
  I8259& p = b.pic;
  p.set_ir(1, true);
  p.set_ir(5, true);
  CHECK(acknowledge(p) == 0x09);
  p.write(0, kRotateNonSpecificEoi);  // IR1 lowest: order 2..7 0 1
  p.set_ir(1, false);
  p.set_ir(1, true);  // IR1 asks again
  p.set_ir(0, true);
  CHECK(acknowledge(p) == 0x0D);      // IR5 now beats IR0 and IR1
  p.write(0, kRotateNonSpecificEoi);  // IR5 lowest: order 6 7 0 1 ...
  CHECK(acknowledge(p) == 0x08);
}

TEST_CASE("pic: Non-specific EOI clears the highest PRIORITY in-service bit under rotation",
          "[pic][priority][eoi]") {
  Single b;
  I8259& p = b.pic;
  p.write(0, 0xC3);  // order 4 5 6 7 0 1 2 3
  p.set_ir(0, true);
  CHECK(acknowledge(p) == 0x08);
  p.set_ir(6, true);  // IR6 outranks IR0 now
  CHECK(acknowledge(p) == 0x0E);
  REQUIRE(p.isr() == 0x41);
  p.write(0, kNonSpecificEoi);
  CHECK(p.isr() == 0x01);  // IR6 cleared, not the lower-numbered IR0
}

TEST_CASE("pic: Specific EOI (0x60|L) clears exactly level L", "[pic][eoi][ocw2]") {
  // [DS] p. 15 "End of Interrupt": "A specific EOI can be issued with OCW2 (EOI = 1, SL = 1,
  // R = 0, and L0-L2 is the binary level of the IS bit to be reset)."
  Single b;
  I8259& p = b.pic;
  p.set_ir(6, true);
  acknowledge(p);
  p.set_ir(4, true);
  acknowledge(p);
  REQUIRE(p.isr() == 0x50);
  p.write(0, 0x66);  // the lower-priority one first
  CHECK(p.isr() == 0x10);
  p.write(0, 0x62);  // a level not in service: nothing happens
  CHECK(p.isr() == 0x10);
  p.write(0, 0x64);
  CHECK(p.isr() == 0x00);
  CHECK(p.state().lowest_priority == 7);
}

TEST_CASE("pic: Rotate on specific EOI (0xE0|L): clears L and makes it lowest",
          "[pic][eoi][ocw2]") {
  Single b;
  I8259& p = b.pic;
  p.set_ir(2, true);
  acknowledge(p);
  p.write(0, 0xE2);
  CHECK(p.isr() == 0x00);
  CHECK(p.state().lowest_priority == 2);
}

TEST_CASE("pic: OCW2 0x40 (R=0, SL=1, EOI=0) is a no-operation", "[pic][ocw2]") {
  Single b;
  I8259& p = b.pic;
  p.set_ir(3, true);
  acknowledge(p);
  const I8259State before = p.state();
  p.write(0, 0x40);
  p.write(0, 0x45);
  CHECK(p.isr() == before.isr);
  CHECK(p.state().lowest_priority == before.lowest_priority);
  CHECK(p.state().rotate_in_aeoi == before.rotate_in_aeoi);
}

// --------------------------------------------------------------------------------------------
// AEOI ([DS] p. 15 "Automatic End of Interrupt (AEOI) Mode", "Automatic Rotation").

TEST_CASE("pic: AEOI: the ISR bit is set by INTA1 and cleared at the end of INTA2", "[pic][aeoi]") {
  Single b(0x13, 0x03);  // ICW4: AEOI, 8086
  I8259& p = b.pic;
  REQUIRE(p.auto_eoi());
  p.set_ir(3, true);
  const InterruptAck ack = p.inta1();
  CHECK(ack.level == 3);
  CHECK(p.isr() == 0x08);
  CHECK(p.inta2() == 0x0B);
  CHECK(p.isr() == 0x00);
  CHECK_FALSE(b.intr.level());  // edge: IR3 still high does not ask again
  p.set_ir(5, true);
  CHECK(b.intr.level());  // nothing in service blocks IR5
}

TEST_CASE("pic: Rotate in AEOI mode: set (0x80) rotates at each INTA2, clear (0x00) stops it",
          "[pic][aeoi][ocw2]") {
  Single b(0x13, 0x03);
  I8259& p = b.pic;
  p.write(0, 0x80);
  CHECK(p.state().rotate_in_aeoi);
  p.set_ir(2, true);
  CHECK(acknowledge(p) == 0x0A);
  CHECK(p.state().lowest_priority == 2);
  p.write(0, 0x00);
  CHECK_FALSE(p.state().rotate_in_aeoi);
  p.set_ir(5, true);
  CHECK(acknowledge(p) == 0x0D);
  CHECK(p.state().lowest_priority == 2);
  CHECK(p.isr() == 0);
}

// --------------------------------------------------------------------------------------------
// Spurious / default IR7 ([DS] "Interrupt Sequence"; p. 17-18 "Edge and Level Triggered Modes").

TEST_CASE(
    "pic: A request that falls before the first INTA is a default IR7: vector base+7, "
    "ISR bit 7 NOT set, counted",
    "[pic][spurious]") {
  Single b;
  I8259& p = b.pic;
  p.set_ir(4, true);
  CHECK(b.intr.level());  // the CPU samples INTR here and starts the acknowledge...
  p.set_ir(4, false);     // ...but the request goes away first
  CHECK(p.irr() == 0x00);
  CHECK_FALSE(b.intr.level());
  const InterruptAck ack = p.inta1();
  CHECK(ack.spurious);
  CHECK(ack.level == 7);
  CHECK_FALSE(ack.cascade);
  CHECK(p.inta2() == 0x0F);
  CHECK(p.isr() == 0x00);      // a real IR7 sets ISR bit 7, a default IR7 does not
  CHECK(read_isr(p) == 0x00);  // how an IR7 handler tells them apart
  CHECK(p.spurious_count() == 1);

  // A real IR7, for comparison.
  p.set_ir(7, true);
  const InterruptAck real = p.inta1();
  CHECK_FALSE(real.spurious);
  CHECK(p.inta2() == 0x0F);
  CHECK(read_isr(p) == 0x80);
  CHECK(p.spurious_count() == 1);
}

TEST_CASE("pic: A request that falls after the first INTA is served normally", "[pic][spurious]") {
  Single b;
  I8259& p = b.pic;
  p.set_ir(4, true);
  const InterruptAck ack = p.inta1();  // frozen at the falling edge of the first INTA
  p.set_ir(4, false);
  CHECK_FALSE(ack.spurious);
  CHECK(p.inta2() == 0x0C);
  CHECK(p.isr() == 0x10);
  CHECK(p.spurious_count() == 0);
}

TEST_CASE("pic: When the winner vanishes before INTA, a remaining lower request is acknowledged",
          "[pic][spurious]") {
  Single b;
  I8259& p = b.pic;
  p.set_ir(6, true);
  p.set_ir(2, true);
  p.set_ir(2, false);
  CHECK(acknowledge(p) == 0x0E);
  CHECK(p.spurious_count() == 0);
}

TEST_CASE("pic: A default IR7 during a real IR7 handler leaves ISR bit 7 as it was",
          "[pic][spurious]") {
  // [DS] p. 17-18: "If a default IR7 routine occurs during a normal IR7 routine, however, the ISR
  // will remain set."
  Single b;
  I8259& p = b.pic;
  p.set_ir(7, true);
  acknowledge(p);
  p.set_ir(1, true);
  p.set_ir(1, false);
  CHECK(acknowledge(p) == 0x0F);
  CHECK(p.isr() == 0x80);
  CHECK(p.spurious_count() == 1);
}

// --------------------------------------------------------------------------------------------
// Poll ([DS] p. 16 "Poll Command").

TEST_CASE("pic: Poll (OCW3 0x0C): the next read acknowledges and returns 0x80|level",
          "[pic][poll]") {
  Single b;
  I8259& p = b.pic;
  p.set_ir(6, true);
  p.set_ir(5, true);
  p.write(0, kPoll);
  CHECK(p.read(0) == 0x85);
  CHECK(p.isr() == 0x20);  // IS bit set like an INTA
  CHECK(p.irr() == 0x40);  // IRR bit of IR5 reset
  CHECK(p.spurious_count() == 0);
  CHECK(p.read(0) == 0x40);  // one read only: the status read (IRR) is back
  p.write(0, kPoll);
  CHECK(p.read(0) == 0x00);  // IR6 is lower than IR5 in service: no interrupt to report
  CHECK(p.isr() == 0x20);
  p.write(0, kNonSpecificEoi);
  p.write(0, kPoll);
  CHECK(p.read(0) == 0x86);
  CHECK(p.isr() == 0x40);
}

TEST_CASE("pic: Poll with nothing pending reads 0 and sets nothing, poll overrides the status read",
          "[pic][poll]") {
  Single b;
  I8259& p = b.pic;
  p.write(0, 0x0E);  // P = 1 with RR = 1, RIS = 0
  CHECK(p.read(0) == 0x00);
  CHECK(p.isr() == 0x00);
  CHECK(p.spurious_count() == 0);
  CHECK(p.state().inta_count == 0);
  p.set_ir(3, true);
  p.write(0, 0x0F);  // P = 1, RR = 1, RIS = 1: the poll wins for this read
  CHECK(p.read(0) == 0x83);
  CHECK(p.read(0) == 0x08);  // afterwards the ISR selection written with it applies
}

// --------------------------------------------------------------------------------------------
// Reading status ([DS] p. 17 "Reading the 8259A Status").

TEST_CASE("pic: OCW3 0x0A/0x0B select IRR or ISR at A0=0, the choice is remembered",
          "[pic][ocw3]") {
  Single b;
  I8259& p = b.pic;
  p.set_ir(1, true);
  p.set_ir(3, true);
  CHECK(p.read(0) == 0x0A);  // after initialization: IRR
  acknowledge(p);            // IR1 in service
  p.write(0, kReadIrr);
  CHECK(p.read(0) == 0x08);
  CHECK(p.read(0) == 0x08);
  p.write(0, kReadIsr);
  CHECK(p.read(0) == 0x02);
  CHECK(p.read(0) == 0x02);
  p.write(0, 0x08);  // OCW3 with RR = 0: no change of selection
  CHECK(p.read(0) == 0x02);
  p.write(1, 0x08);
  p.write(0, kReadIrr);
  CHECK(p.read(0) == 0x08);  // IRR ignores the IMR
  CHECK(p.read(1) == 0x08);  // A0 = 1: IMR, no OCW3 needed
}

// --------------------------------------------------------------------------------------------
// Special mask mode ([DS] p. 17 "Special Mask Mode"; p. 15 OCW3 ESMM/SMM, EOI in SMM).

TEST_CASE("pic: Special mask mode lets a lower request through while a higher one is in service",
          "[pic][smm]") {
  Single b;
  I8259& p = b.pic;
  p.set_ir(3, true);
  CHECK(acknowledge(p) == 0x0B);
  p.set_ir(5, true);
  CHECK_FALSE(b.intr.level());  // fully nested: IR5 waits for IR3's EOI
  p.write(1, 0x08);             // the IR3 handler masks its own level...
  CHECK_FALSE(b.intr.level());  // (not enough without SMM)
  p.write(0, kSetSmm);          // ...and enters special mask mode
  CHECK(p.state().special_mask);
  CHECK(b.intr.level());
  CHECK(acknowledge(p) == 0x0D);
  CHECK(p.isr() == 0x28);
  // "an IS bit that is masked by an IMR bit will not be cleared by a non-specific EOI if the
  // 8259A is in the Special Mask Mode": the EOI retires IR5, not the masked IR3.
  p.write(0, kNonSpecificEoi);
  CHECK(p.isr() == 0x08);
  // ESMM = 0: SMM is a don't care.
  p.write(0, 0x28);
  CHECK(p.state().special_mask);
  p.write(0, kResetSmm);
  CHECK_FALSE(p.state().special_mask);
  p.set_ir(6, true);
  CHECK_FALSE(b.intr.level());  // back to fully nested: IR3 in service blocks IR6
  p.write(0, kNonSpecificEoi);
  CHECK(p.isr() == 0x00);
  CHECK(b.intr.level());
}

TEST_CASE("pic: Special mask mode: a level in service does not request itself again",
          "[pic][smm]") {
  Single b(0x1B);  // level-triggered, so IR2 keeps requesting while high
  I8259& p = b.pic;
  p.write(0, kSetSmm);
  p.set_ir(2, true);
  CHECK(acknowledge(p) == 0x0A);
  CHECK(p.irr() == 0x04);
  CHECK_FALSE(b.intr.level());
  p.write(0, 0x62);
  CHECK(b.intr.level());
}

// --------------------------------------------------------------------------------------------
// Edge and level triggering ([DS] p. 17-18 "Edge and Level Triggered Modes"; ICW1 LTIM).

TEST_CASE(
    "pic: Level mode (LTIM=1) re-requests after EOI while the line stays high, edge mode does "
    "not",
    "[pic][trigger]") {
  SECTION("level") {
    Single b(0x1B);  // LTIM, single, IC4
    I8259& p = b.pic;
    CHECK(p.level_triggered(3));
    p.set_ir(3, true);
    CHECK(acknowledge(p) == 0x0B);
    CHECK_FALSE(b.intr.level());  // held off by its ISR bit
    CHECK(p.irr() == 0x08);       // IRR follows the line
    p.write(0, kNonSpecificEoi);
    CHECK(b.intr.level());  // "a second interrupt" if not removed before the EOI
    CHECK(acknowledge(p) == 0x0B);
    p.set_ir(3, false);
    CHECK(p.irr() == 0x00);
    p.write(0, kNonSpecificEoi);
    CHECK_FALSE(b.intr.level());
  }
  SECTION("edge") {
    Single b(0x13);
    I8259& p = b.pic;
    CHECK_FALSE(p.level_triggered(3));
    p.set_ir(3, true);
    CHECK(acknowledge(p) == 0x0B);
    CHECK(p.irr() == 0x00);
    p.write(0, kNonSpecificEoi);
    CHECK_FALSE(b.intr.level());  // "The IR input can remain high without generating another"
    p.set_ir(3, false);
    p.set_ir(3, true);  // a new low-to-high transition
    CHECK(b.intr.level());
  }
}

TEST_CASE("pic: ELCR: one input level-triggered while the chip is in edge mode", "[pic][trigger]") {
  Single b(0x13);
  I8259& p = b.pic;
  p.set_elcr(0x08);
  CHECK(p.level_triggered(3));
  CHECK_FALSE(p.level_triggered(4));
  p.set_ir(3, true);
  p.set_ir(4, true);
  CHECK(acknowledge(p) == 0x0B);
  p.write(0, kNonSpecificEoi);  // IR3 retired while still high: level-triggered, asks again
  CHECK(b.intr.level());
  CHECK(acknowledge(p) == 0x0B);
  p.write(0, kNonSpecificEoi);
  p.set_ir(3, false);             // the device lets go
  CHECK(acknowledge(p) == 0x0C);  // IR4's edge is still latched
  p.write(0, kNonSpecificEoi);    // IR4 retired while still high: edge, no new request
  CHECK_FALSE(b.intr.level());
  p.set_ir(3, true);
  // The ELCR belongs to the board: a new ICW1 keeps it (and LTIM=1 makes every input level).
  p.write(0, 0x12);
  p.write(1, 0x08);
  CHECK(p.level_triggered(3));
  CHECK(p.irr() == 0x08);  // IR3 level: IRR follows the pin; IR4 edge: needs an edge
  p.write(0, 0x1A);
  p.write(1, 0x08);
  CHECK(p.level_triggered(4));
  CHECK(p.irr() == 0x18);
}

// --------------------------------------------------------------------------------------------
// Cascade ([DS] "Cascade Buffer/Comparator", ICW3 (a)/(b), "Cascade Mode", p. 18-19 "Special Fully
// Nested Mode", "Buffered Mode").

TEST_CASE("pic: Cascade: slave INT drives master IR2, the slave supplies the vector, two EOIs",
          "[pic][cascade]") {
  Pair b;
  b.slave.set_ir(1, true);  // IRQ9
  CHECK(b.cascade.level());
  CHECK(b.master.irr() == 0x04);
  CHECK(b.intr.level());
  CHECK(b.master.selected_by_cas(2) == false);
  CHECK(b.slave.selected_by_cas(2));
  CHECK_FALSE(b.slave.selected_by_cas(3));
  const InterruptAck m = b.master.inta1();
  CHECK(m.cascade);
  CHECK(m.level == 2);
  b.slave.inta1();
  CHECK(b.slave.inta2() == 0x71);
  CHECK(b.master.inta2() == 0xFF);
  CHECK(b.master.isr() == 0x04);
  CHECK(b.slave.isr() == 0x02);
  CHECK_FALSE(b.intr.level());
  // "An EOI command must be issued twice: once for the master and once for the corresponding
  // slave." ([DS] p. 15 "End of Interrupt")
  b.slave.write(0, kNonSpecificEoi);
  b.master.write(0, kNonSpecificEoi);
  CHECK(b.master.isr() == 0);
  CHECK(b.slave.isr() == 0);
  // A master request on a non-slave input does not touch CAS and is vectored by the master.
  b.master.set_ir(1, true);
  const InterruptAck own = b.master.inta1();
  CHECK_FALSE(own.cascade);
  CHECK(b.master.inta2() == 0x09);
}

TEST_CASE(
    "pic: Cascade without SFNM: a higher slave request waits while the master's IR2 is in "
    "service",
    "[pic][cascade]") {
  Pair b(0x01);
  b.slave.set_ir(1, true);
  CHECK(b.acknowledge() == 0x71);
  b.slave.set_ir(0, true);     // IRQ8: higher than IRQ9 inside the slave
  CHECK(b.slave.int_level());  // the slave asks...
  CHECK(b.master.irr() == 0x04);
  CHECK_FALSE(b.intr.level());  // ...but the master's IR2 is in service: locked out
}

TEST_CASE("pic: Cascade with SFNM on the master: a higher slave request nests", "[pic][cascade]") {
  Pair b(0x11);  // ICW4: SFNM, 8086
  REQUIRE(b.master.special_fully_nested());
  b.slave.set_ir(1, true);
  CHECK(b.acknowledge() == 0x71);
  b.slave.set_ir(0, true);
  CHECK(b.intr.level());  // "not locked out from the master's priority logic"
  CHECK(b.acknowledge() == 0x70);
  CHECK(b.slave.isr() == 0x03);
  CHECK(b.master.isr() == 0x04);
  // IR2 in service still blocks the master's lower inputs.
  b.master.set_ir(5, true);
  CHECK_FALSE(b.intr.level());
  // A LOWER slave request does not get through either: the slave itself holds it back.
  b.slave.set_ir(4, true);
  CHECK_FALSE(b.slave.int_level());
  CHECK_FALSE(b.intr.level());
}

TEST_CASE(
    "pic: Cascade: a spurious slave request yields the slave's base+7 with master IR2 in "
    "service, so only the master gets an EOI",
    "[pic][cascade][spurious]") {
  Pair b;
  b.slave.set_ir(3, true);  // IRQ11
  REQUIRE(b.intr.level());
  const InterruptAck m = b.master.inta1();  // master freezes IR2 and addresses slave 2
  REQUIRE(m.cascade);
  REQUIRE(m.level == 2);
  b.slave.set_ir(3, false);  // the slave's request is gone before the slave's freeze
  const InterruptAck s = b.slave.inta1();
  CHECK(s.spurious);
  CHECK(s.level == 7);
  CHECK(b.slave.inta2() == 0x77);  // IRQ15's vector
  CHECK(b.master.inta2() == 0xFF);
  CHECK(b.master.isr() == 0x04);  // master IR2 IS in service
  CHECK(b.slave.isr() == 0x00);   // slave IR7 is not
  CHECK(b.slave.spurious_count() == 1);
  CHECK(b.master.spurious_count() == 0);
  // The IRQ15 handler: slave ISR bit 7 clear => spurious => EOI the master only.
  CHECK(read_isr(b.slave) == 0x00);
  b.master.write(0, kNonSpecificEoi);
  CHECK(b.master.isr() == 0x00);
  CHECK(b.slave.isr() == 0x00);
  CHECK_FALSE(b.intr.level());
}

TEST_CASE(
    "pic: Cascade: a slave request that vanishes before the master's INTA is the MASTER's "
    "default IR7",
    "[pic][cascade][spurious]") {
  Pair b;
  b.slave.set_ir(3, true);
  b.slave.set_ir(3, false);  // slave INT falls, so master IR2 falls and leaves IRR
  CHECK(b.master.irr() == 0x00);
  CHECK(b.acknowledge() == 0x0F);
  CHECK(b.master.isr() == 0x00);
  CHECK(b.master.spurious_count() == 1);
}

TEST_CASE("pic: Buffered mode: M/S in ICW4 decides master or slave, SP/EN does not", "[pic][icw]") {
  // [DS] p. 10-11 ICW4: "If buffered mode is selected: M/S = 1 means the 8259A is programmed to be
  // a master, M/S = 0 means the 8259A is programmed to be a slave. If BUF = 0, M/S has no
  // function."
  I8259 p;
  p.set_sp_en(false);
  p.write(0, 0x11);
  p.write(1, 0x08);
  p.write(1, 0x04);
  p.write(1, 0x0D);  // BUF, M/S = 1, 8086
  CHECK(p.is_master());
  p.set_ir(2, true);
  CHECK(p.inta1().cascade);
  p.inta2();
  p.write(0, 0x11);
  p.write(1, 0x08);
  p.write(1, 0x02);
  p.write(1, 0x09);  // BUF, M/S = 0
  CHECK_FALSE(p.is_master());
  CHECK(p.selected_by_cas(2));
  p.write(0, 0x11);
  p.write(1, 0x08);
  p.write(1, 0x02);
  p.write(1, 0x05);  // BUF = 0: M/S ignored, SP/EN (low) says slave
  CHECK_FALSE(p.is_master());
}

// --------------------------------------------------------------------------------------------
// Simulator-side API: trace hook, snapshots, argument checks.

TEST_CASE(
    "pic: Trace hook sees IRR/ISR/IMR/INT changes, both INTA pulses and spurious acknowledges",
    "[pic][trace]") {
  Single b;
  I8259& p = b.pic;
  std::vector<TraceEvent> events;
  p.set_trace([&](const I8259& chip, const TraceEvent& e) {
    CHECK(&chip == &p);
    events.push_back(e);
  });
  auto count = [&](TraceKind k) {
    int n = 0;
    for (const auto& e : events) n += e.kind == k;
    return n;
  };
  p.set_ir(2, true);
  CHECK(count(TraceKind::Irr) == 1);
  CHECK(count(TraceKind::Int) == 1);
  CHECK(acknowledge(p) == 0x0A);
  CHECK(count(TraceKind::Inta1) == 1);
  CHECK(count(TraceKind::Inta2) == 1);
  CHECK(count(TraceKind::Isr) == 1);
  CHECK(count(TraceKind::Int) == 2);
  p.write(1, 0x01);
  CHECK(count(TraceKind::Imr) == 1);
  p.set_ir(5, true);
  p.set_ir(5, false);
  acknowledge(p);
  CHECK(count(TraceKind::Spurious) == 1);
  const auto& last = events.back();
  CHECK(last.kind == TraceKind::Inta2);
  CHECK(last.after == 0x0F);
  // An unset hook is never called.
  p.set_trace(nullptr);
  const auto n = events.size();
  p.set_ir(6, true);
  CHECK(events.size() == n);
}

TEST_CASE("pic: restore() puts a snapshot back and re-drives INT", "[pic][state]") {
  Single b;
  I8259& p = b.pic;
  p.set_ir(4, true);
  const I8259State pending = p.state();
  acknowledge(p);
  CHECK_FALSE(b.intr.level());
  p.restore(pending);
  CHECK(b.intr.level());
  CHECK(p.isr() == 0x00);
  CHECK(acknowledge(p) == 0x0C);
}

TEST_CASE("pic: INT output is driven at connection time and inta2() without inta1() is harmless",
          "[pic][state]") {
  I8259 p;
  init_single(p);
  p.set_ir(0, true);
  Line intr("INTR");
  p.connect_int(intr, intr.add_driver("late"));
  CHECK(intr.level());
  CHECK(p.inta2() == 0x0F);  // no first pulse: default IR7 byte, nothing put in service
  CHECK(p.isr() == 0x00);
  CHECK_THROWS_AS(p.set_ir(8, true), std::out_of_range);
}
