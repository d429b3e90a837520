// pic/i8259.h — the Intel 8259A Programmable Interrupt Controller, 8086/88 mode.
//
// Source: Intel 8259A datasheet, order number 231468-003 (Dec 1988), cited below as [DS] with the
// section title and, where known, the page. One class, instantiated once per chip: the board
// (sim/) makes a master and a slave, maps their ports and wires INT→IR2 and CAS; the chip never
// knows about the other chip, the CPU or any port number.
//
//                      +-----------+
//          D7-D0  <--> |           | <--  IR0 .. IR7   set_ir(line, level)   (interrupt requests)
//          A0     -->  |   8259A   |  --> INT          set_int_output(fn) / connect_int(Line&, id)
//          CS,RD,WR -> |           | <--  INTA         inta1(), inta2()      (two 8086 pulses)
//                      |           | <--> CAS0-2       InterruptAck::cascade/level (master out),
//                      |           |                   selected_by_cas(id) (slave in)
//                      |           | <--> SP/EN        set_sp_en(high): master(1)/slave(0) when
//                      +-----------+                   not buffered
//   read(a0) / write(a0, v) are one RD / WR strobe with CS active; the board maps 0x20/0x21
//   (master) and 0xA0/0xA1 (slave) onto A0 = 0/1.
//
// API (see the member comments):
//   I8259 pic("master");  pic.set_sp_en(true);  pic.connect_int(intr_line, driver_id);
//   pic.set_ir(3, true);                      // board's Line listener: IRQ line level changed
//   pic.write(0, 0x11); pic.write(1, 0x08); pic.write(1, 0x04); pic.write(1, 0x01);  // ICW1-4
//   pic.write(1, imr);  pic.write(0, 0x20);   // OCW1 (IMR), OCW2 (EOI), OCW3 ...
//   uint8_t v = pic.read(0);                  // IRR / ISR / poll word;  read(1) = IMR
//   auto ack = pic.inta1(); uint8_t vec = pic.inta2();
//   pic.set_elcr(mask);                       // ELCR (ports 0x4D0/0x4D1) per-line level override
//   pic.state(), pic.restore(state)           // snapshot / debugger view
//   pic.set_trace(fn)                         // optional observer; costs one test when unset
//
// How the board acknowledges through a master + slave pair (8086 mode: two INTA pulses, each seen
// by BOTH chips, [DS] "Interrupt Sequence" and "Cascade Mode"):
//   InterruptAck m = master.inta1();          // 1st pulse: master freezes, sets its ISR bit,
//   uint8_t vector;                           //   drives CAS0-2 when the winner is a slave input
//   if (m.cascade) {
//     I8259& s = /* the slave for which s.selected_by_cas(m.level) */;
//     s.inta1();                              // same pulse as seen by the addressed slave
//     vector = s.inta2();                     // 2nd pulse: the SLAVE drives the vector
//     master.inta2();                         // the master sees the pulse too (its AEOI happens
//                                             //   here); its data bus floats, result ignored
//   } else {
//     vector = master.inta2();                // the master drives the vector
//   }
//   A slave whose request vanished before its first pulse answers with ITS IR7 vector (IRQ15 on
//   the PC) without setting any ISR bit, while the master's IR2 IS in service: the IRQ15 handler
//   must then send an EOI to the master only.
//
// Inaccuracies:
//   - 8086/88 mode only: µPM = 0 (MCS-80/85: CALL opcode + three INTA pulses, ADI, A15-A5) is not
//     modelled; ICW1 bits 7-5 / ADI and ICW2 bits 2-0 are stored but unused, and inta2() gives the
//     8086 vector byte even when µPM = 0 (which is what IC4 = 0 selects, [DS] ICW1 (f)).
//   - No timing: INTA pulse widths, INT output delay and the CAS set-up times are the board's.
//     The first-INTA freeze happens exactly at inta1(); a poll resolves at the read, not "frozen
//     from WR to RD".
//   - Buffered mode has no electrical effect (SP/EN is not driven as an output); BUF and M/S are
//     stored and M/S picks master/slave as [DS] ICW4 says.
//   - Power-on state is not defined by [DS] (the part has no RESET pin): reset() gives IMR = 0xFF,
//     everything else zero, lowest priority IR7, "not initialised".
//   - OCW2/OCW3 written in the middle of an ICW sequence are executed ([DS] only says OCWs may be
//     written "anytime after initialization").
//   - The ELCR is a chipset (EISA/PIIX) register, not part of the 8259A; set_elcr() is how the
//     board applies it. Reserved ELCR bits (IRQ0-2, 8, 13) are not filtered here.
//   - Level mode: the request latch is transparent, so an IRR bit reset by INTA reads back set at
//     once while the input stays high (its ISR bit holds it off until the EOI).
//
// Choices where [DS] is silent or loose (each marked "choice" in i8259.cpp):
//   - ICW1 leaves ISR and the rotate-in-AEOI flag alone (not in its list (a)-(f)); it cancels a
//     pending poll (the status read is reset to IRR).
//   - Poll: "the next RD pulse (RD = 0, CS = 0)" — a read at either A0 is the poll acknowledge; no
//     AEOI follows a poll (AEOI is tied to the INTA pulse); the RR/RIS bits written together with
//     P = 1 still select the register for later reads.
//   - Special mask mode: a request is eligible when unmasked and its own level is not in service;
//     in-service bits do not block other levels ("enables interrupts from all other levels (lower
//     as well as higher) that are not masked").
//   - SFNM acts only on a master's slave inputs (ICW3 bits): their own ISR bit does not block them.
//   - AEOI after a default IR7 still performs the non-specific EOI [DS] describes (normally a
//     no-op: in AEOI mode nothing stays in service).
//   - Default IR7 on a master whose IR7 has a slave: "Both the vectoring bytes and the CAS lines
//     will look like an interrupt level 7 was requested" (Intel), so inta1() reports a cascade to
//     slave 7. (Harris's 82C59A sheet says the master vectors it itself; not followed.)
//   - inta2() without inta1() (a board bug) returns the IR7 byte and changes nothing.
#pragma once
#include <cstdint>
#include <functional>
#include <string>
#include <utility>

#include "pic/line.h"

namespace irq::pic {

// Where the initialization sequence stands ([DS] "Initialization Command Words", Figure 6 flow).
enum class InitStep : uint8_t {
  PowerOn,  // no ICW1 seen since reset(): OCW1 still writes the IMR
  Icw2,     // ICW1 received, next A0=1 write is ICW2
  Icw3,     // next A0=1 write is ICW3 (SNGL = 0)
  Icw4,     // next A0=1 write is ICW4 (IC4 = 1)
  Ready,    // initialized: A0=1 writes are OCW1
};

// The whole chip, fixed-width fields only: snapshots, save/restore and the debugger view.
// Field names follow [DS].
struct I8259State {
  // Registers ([DS] "Interrupt Request Register (IRR) and In-Service Register (ISR)", "IMR").
  uint8_t irr = 0;
  uint8_t isr = 0;
  uint8_t imr = 0xFF;
  // Initialization words as written (ICW4 bits 7-5 dropped). Modes are decoded from them.
  uint8_t icw1 = 0;  // LTIM (bit 3), ADI (2), SNGL (1), IC4 (0)
  uint8_t icw2 = 0;  // T7-T3 = vector base
  uint8_t icw3 = 0;  // master: slave-input mask S7-S0; slave: ID2-ID0
  uint8_t icw4 = 0;  // SFNM (4), BUF (3), M/S (2), AEOI (1), µPM (0)
  InitStep init = InitStep::PowerOn;
  // OCW-programmed state.
  bool read_isr = false;        // OCW3 RR/RIS: status read selects ISR (true) or IRR (false)
  bool poll_pending = false;    // OCW3 P = 1: the next RD is an interrupt acknowledge
  bool special_mask = false;    // OCW3 ESMM/SMM: special mask mode
  bool rotate_in_aeoi = false;  // OCW2 R=1,SL=0,EOI=0 set / R=0,SL=0,EOI=0 clear
  uint8_t lowest_priority = 7;  // the bottom-priority level; lowest_priority+1 (mod 8) is highest
  // Inputs and the request-latch front end ([DS] "Edge and Level Triggered Modes").
  uint8_t pins = 0;        // last level seen on IR7-IR0
  uint8_t edge_latch = 0;  // edge-sense latches: a low-to-high transition not yet acknowledged
  uint8_t elcr = 0;        // board ELCR: bit = 1 forces level triggering on that input
  bool sp_en = true;       // SP/EN pin level (1 = master) when not in buffered mode
  // Output and the acknowledge in progress.
  bool int_out = false;        // INT pin
  bool inta_active = false;    // between inta1() and inta2()
  bool inta_spurious = false;  // the frozen acknowledge is a default IR7 (no ISR bit set)
  bool inta_cascade = false;   // master: CAS0-2 address a slave, the data bus floats at inta2()
  uint8_t inta_level = 0;      // frozen level (7 when spurious)
  // Counters.
  uint64_t spurious_count = 0;  // default-IR7 acknowledges (inta1() with no request)
  uint64_t inta_count = 0;      // inta1() calls
};

// What the first INTA pulse decided.
struct InterruptAck {
  uint8_t level = 7;      // IR level acknowledged (7 for a default/spurious IR7); = CAS0-2 code
                          //   when cascade is true
  bool spurious = false;  // no request was present: default IR7, no ISR bit set
  bool cascade = false;   // master only: `level` is a slave input, the slave with that ID drives
                          //   the vector at the second pulse
};

enum class TraceKind : uint8_t {
  Irr,       // IRR changed: before, after
  Isr,       // ISR changed: before, after
  Imr,       // IMR changed: before, after
  Int,       // INT pin changed: after = new level
  Inta1,     // first INTA: level, after = 1 if cascade
  Inta2,     // second INTA: level, after = vector driven (0xFF when floating)
  Spurious,  // first INTA found no request: level 7, after = spurious_count (low byte)
  Poll,      // poll read acknowledged: level, after = the byte read
};

struct TraceEvent {
  TraceKind kind;
  uint8_t level;  // IR level concerned, or 0
  uint8_t before;
  uint8_t after;
};

class I8259 {
 public:
  using IntOutput = std::function<void(bool level)>;
  using TraceHook = std::function<void(const I8259&, const TraceEvent&)>;

  explicit I8259(std::string name = "8259A");
  I8259(const I8259&) = delete;
  I8259& operator=(const I8259&) = delete;

  // Power-on state (see Inaccuracies). Keeps the wiring (INT output, trace hook), SP/EN, the ELCR
  // and the input pin levels; drives INT low if it was high.
  void reset();

  // --- wiring -------------------------------------------------------------------------------
  // INT output: called with the new level whenever INT changes, and once at connection time with
  // the current level.
  void set_int_output(IntOutput out);
  // Convenience: INT drives `driver` on `line` (raise/lower). The Line must outlive this chip.
  void connect_int(Line& line, Line::DriverId driver);
  // SP/EN input level in non-buffered mode: high = master, low = slave ([DS] ICW3 a/b).
  void set_sp_en(bool high);
  // ELCR byte for this chip: bit i = 1 makes IRi level-triggered even when ICW1 LTIM = 0.
  void set_elcr(uint8_t elcr);
  // Optional observer (tracing, debugger). Not called when unset.
  void set_trace(TraceHook hook) { trace_ = std::move(hook); }

  // --- pins ---------------------------------------------------------------------------------
  // Level of input IR<line> (0..7; throws std::out_of_range otherwise).
  void set_ir(unsigned line, bool level);

  // --- CPU port access (CS active) ----------------------------------------------------------
  uint8_t read(unsigned a0);
  void write(unsigned a0, uint8_t value);

  // --- interrupt acknowledge (8086 mode: two pulses) -----------------------------------------
  InterruptAck inta1();
  // Returns the vector byte this chip drives: ICW2 T7-T3 | level. A master whose inta1() reported
  // a cascade does not drive the bus and returns 0xFF (the slave's inta2() is the vector).
  uint8_t inta2();
  // Slave side of CAS0-2: true when this chip is a cascaded slave whose ICW3 ID equals `cas`.
  bool selected_by_cas(uint8_t cas) const;

  // --- observation --------------------------------------------------------------------------
  const I8259State& state() const { return s_; }
  // Replace the whole state (snapshot restore / debugger edit) and re-drive INT.
  void restore(const I8259State& state);
  const std::string& name() const { return name_; }

  bool int_level() const { return s_.int_out; }
  uint8_t irr() const { return s_.irr; }
  uint8_t isr() const { return s_.isr; }
  uint8_t imr() const { return s_.imr; }
  uint64_t spurious_count() const { return s_.spurious_count; }
  uint8_t vector_base() const { return uint8_t(s_.icw2 & 0xF8); }
  bool single() const { return (s_.icw1 & 0x02) != 0; }
  bool level_triggered(unsigned line) const { return ((level_mask() >> (line & 7)) & 1u) != 0; }
  bool auto_eoi() const { return (s_.icw4 & 0x02) != 0; }
  bool special_fully_nested() const { return (s_.icw4 & 0x10) != 0; }
  bool buffered() const { return (s_.icw4 & 0x08) != 0; }
  // Cascade role: true for a master (SP/EN high, or M/S = 1 in buffered mode), false for a slave.
  // Meaningful only when !single().
  bool is_master() const;
  // The highest-priority request that would be acknowledged now, or -1 (drives INT).
  int pending_level() const { return resolve(); }

 private:
  struct Before {
    uint8_t irr, isr, imr;
  };
  Before before() const { return {s_.irr, s_.isr, s_.imr}; }
  // Every mutator ends here: trace register changes, then recompute INT from scratch.
  void commit(const Before& b);

  uint8_t level_mask() const;
  void update_irr();
  int highest_in(uint8_t mask) const;
  uint8_t sfnm_exempt() const;
  int resolve() const;
  void acknowledge_level(unsigned level);
  void non_specific_eoi(bool rotate);
  void write_icw1(uint8_t value);
  void write_ocw2(uint8_t value);
  void write_ocw3(uint8_t value);
  void emit(TraceKind kind, uint8_t level, uint8_t before, uint8_t after) const {
    if (trace_) trace_(*this, TraceEvent{kind, level, before, after});
  }

  std::string name_;
  I8259State s_;
  IntOutput int_out_;
  TraceHook trace_;
};

}  // namespace irq::pic
