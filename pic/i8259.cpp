// pic/i8259.cpp — the 8259A, see i8259.h. [DS] = Intel 8259A datasheet 231468-003.
#include "pic/i8259.h"

#include <stdexcept>
#include <utility>

namespace irq::pic {

namespace {
// ICW1 ([DS] p. 9-11, "Initialization Command Words 1 and 2", ICW1 format).
constexpr uint8_t kIcw1Ic4 = 0x01;
constexpr uint8_t kIcw1Ltim = 0x08;
constexpr uint8_t kIcw1Marker = 0x10;  // "A0 = 0 and D4 = 1 ... is interpreted as ICW1"
// ICW4 ([DS] p. 10-11).
constexpr uint8_t kIcw4Ms = 0x04;
constexpr uint8_t kIcw4Bits = 0x1F;  // D7-D5 are 0 in the format
// OCW2 ([DS] p. 13-14, Figure 8): R, SL, EOI, 0, 0, L2-L0.
constexpr uint8_t kOcw2R = 0x80;
constexpr uint8_t kOcw2Sl = 0x40;
constexpr uint8_t kOcw2Eoi = 0x20;
// OCW3 ([DS] p. 13-14, Figure 8): 0, ESMM, SMM, 0, 1, P, RR, RIS.
constexpr uint8_t kOcw3Marker = 0x08;
constexpr uint8_t kOcw3Esmm = 0x40;
constexpr uint8_t kOcw3Smm = 0x20;
constexpr uint8_t kOcw3P = 0x04;
constexpr uint8_t kOcw3Rr = 0x02;
constexpr uint8_t kOcw3Ris = 0x01;
// Poll word ([DS] p. 16, "Poll Command"): I in D7, W2-W0 = level.
constexpr uint8_t kPollI = 0x80;
// The default (spurious) level ([DS] "Interrupt Sequence": "the 8259A will issue an interrupt
// level 7").
constexpr uint8_t kDefaultLevel = 7;
// What a reader sees on a data bus nobody drives (pull-ups).
constexpr uint8_t kFloatingBus = 0xFF;
}  // namespace

I8259::I8259(std::string name) : name_(std::move(name)) {}

void I8259::reset() {
  const Before b = before();
  const I8259State old = s_;
  s_ = I8259State{};
  // Board-side facts survive: the wires are still where they were.
  s_.pins = old.pins;
  s_.sp_en = old.sp_en;
  s_.elcr = old.elcr;
  s_.int_out = old.int_out;  // so commit() sees and drives a change of INT
  update_irr();
  commit(b);
}

// --- wiring -----------------------------------------------------------------------------------

void I8259::set_int_output(IntOutput out) {
  int_out_ = std::move(out);
  if (int_out_) int_out_(s_.int_out);
}

void I8259::connect_int(Line& line, Line::DriverId driver) {
  set_int_output([&line, driver](bool level) { line.set(driver, level); });
}

void I8259::set_sp_en(bool high) {
  const Before b = before();
  s_.sp_en = high;
  commit(b);  // the role decides SFNM's exemption, so INT may change
}

void I8259::set_elcr(uint8_t elcr) {
  const Before b = before();
  s_.elcr = elcr;
  update_irr();
  commit(b);
}

bool I8259::is_master() const {
  // [DS] ICW3 (a)/(b): master "either when SP = 1, or in buffered mode when M/S = 1 in ICW4";
  // ICW4: "If BUF = 0, M/S has no function."
  return buffered() ? (s_.icw4 & kIcw4Ms) != 0 : s_.sp_en;
}

bool I8259::selected_by_cas(uint8_t cas) const {
  // [DS] ICW3 (b): "The slave compares its cascade input with these bits and, if they are equal,
  // bytes 2 and 3 of CALL sequence (or just byte 2 for 8086) are released by it on the Data Bus."
  return !single() && !is_master() && (s_.icw3 & 7u) == (cas & 7u);
}

// --- request front end ------------------------------------------------------------------------

uint8_t I8259::level_mask() const {
  // [DS] ICW1 LTIM: "If LTIM = 1, then the 8259A will operate in the level interrupt mode. Edge
  // detect logic on the interrupt inputs will be disabled." The ELCR forces single inputs to level.
  return (s_.icw1 & kIcw1Ltim) != 0 ? uint8_t(0xFF) : s_.elcr;
}

void I8259::update_irr() {
  // [DS] p. 17-18 "Edge and Level Triggered Modes": edge mode recognises a low-to-high transition
  // and "the IR input can remain high without generating another interrupt"; level mode recognises
  // a high level. In both, the IR input must stay high until the first INTA: the request latch is
  // transparent (the edge latch is qualified by the present pin level, and set_ir() clears it when
  // the pin falls), so a request that goes away leaves IRR.
  const uint8_t lm = level_mask();
  s_.edge_latch = uint8_t(s_.edge_latch & ~lm & s_.pins);
  s_.irr = uint8_t(s_.edge_latch | (s_.pins & lm));
}

void I8259::set_ir(unsigned line, bool level) {
  if (line > 7) throw std::out_of_range(name_ + ": IR input " + std::to_string(line) + " (0..7)");
  const Before b = before();
  const uint8_t bit = uint8_t(1u << line);
  const bool was_high = (s_.pins & bit) != 0;
  if (level) {
    s_.pins |= bit;
    // [DS] p. 2 Table 1, IR: a request is made "by raising an IR input (low to high), and holding
    // it high until it is acknowledged (Edge Triggered Mode), or just by a high level (Level
    // Triggered Mode)".
    if (!was_high && (level_mask() & bit) == 0) s_.edge_latch |= bit;
  } else {
    s_.pins = uint8_t(s_.pins & ~bit);
    s_.edge_latch = uint8_t(s_.edge_latch & ~bit);
  }
  update_irr();
  commit(b);
}

// --- priority resolver ------------------------------------------------------------------------

int I8259::highest_in(uint8_t mask) const {
  // Walk from the highest priority (lowest_priority + 1) down. Never "find most significant bit":
  // [DS] p. 15 "Fully Nested Mode": "priority from 0 through 7 (0 highest)", rotated by OCW2.
  for (unsigned rank = 0; rank < 8; ++rank) {
    const unsigned level = (s_.lowest_priority + 1u + rank) & 7u;
    if ((mask >> level) & 1u) return int(level);
  }
  return -1;
}

uint8_t I8259::sfnm_exempt() const {
  // [DS] p. 18-19 "Special Fully Nested Mode" (programmed in the master): "when an interrupt
  // request from a certain slave is in service this slave is not locked out from the master's
  // priority logic and further interrupt requests from higher priority IR's within the slave will
  // be recognized by the master". So only the master's slave inputs (ICW3 S7-S0) are exempt from
  // being blocked by their OWN in-service bit; they still block lower levels (choice).
  if (!special_fully_nested() || single() || !is_master()) return 0;
  return s_.icw3;
}

int I8259::resolve() const {
  // [DS] p. 17 "Interrupt Masks": IMR masks the request; "IRR is not affected by IMR".
  const uint8_t requests = uint8_t(s_.irr & ~s_.imr);
  const uint8_t exempt = sfnm_exempt();
  if (s_.special_mask) {
    // [DS] p. 17 "Special Mask Mode": "when a mask bit is set in OCW1, it inhibits further
    // interrupts at that level and enables interrupts from all other levels (lower as well as
    // higher) that are not masked. Thus, any interrupts may be selectively enabled by loading the
    // mask register." In-service bits stop blocking other levels; a level still in service does
    // not request itself again (choice: [DS] does not say what an unmasked in-service level does).
    return highest_in(uint8_t(requests & ~(s_.isr & ~exempt)));
  }
  // [DS] p. 15 "Fully Nested Mode": "While the IS bit is set, all further interrupts of the same
  // or lower priority are inhibited, while higher levels will generate an interrupt".
  for (unsigned rank = 0; rank < 8; ++rank) {
    const unsigned level = (s_.lowest_priority + 1u + rank) & 7u;
    const uint8_t bit = uint8_t(1u << level);
    if ((requests & bit) != 0 && ((s_.isr & bit) == 0 || (exempt & bit) != 0)) return int(level);
    if ((s_.isr & bit) != 0) return -1;
  }
  return -1;
}

void I8259::acknowledge_level(unsigned level) {
  // [DS] "Interrupt Sequence", 8086 step 4: "the highest priority ISR bit is set and the
  // corresponding IRR bit is reset." The edge latch is consumed; a level input re-requests at once
  // (IRR follows the pin) and is held off by its ISR bit until the EOI.
  const uint8_t bit = uint8_t(1u << level);
  s_.isr |= bit;
  s_.edge_latch = uint8_t(s_.edge_latch & ~bit);
  s_.irr = uint8_t(s_.irr & ~bit);
  update_irr();
}

void I8259::non_specific_eoi(bool rotate) {
  // [DS] p. 15 "End of Interrupt": "the 8259A will automatically reset the highest IS bit of those
  // that are set" — highest PRIORITY, under the current rotation — and "an IS bit that is masked by
  // an IMR bit will not be cleared by a non-specific EOI if the 8259A is in the Special Mask Mode".
  uint8_t candidates = s_.isr;
  if (s_.special_mask) candidates = uint8_t(candidates & ~s_.imr);
  const int level = highest_in(candidates);
  if (level < 0) return;
  s_.isr = uint8_t(s_.isr & ~(1u << level));
  // [DS] p. 15 "Automatic Rotation": the device just serviced "receives the lowest priority".
  if (rotate) s_.lowest_priority = uint8_t(level);
}

// --- ports ------------------------------------------------------------------------------------

void I8259::write_icw1(uint8_t value) {
  // [DS] p. 9: "ICW1 starts the initialization sequence during which the following automatically
  // occur." ISR and the rotate-in-AEOI flag are not in the list and are left alone (choice).
  s_.icw1 = value;
  s_.edge_latch = 0;        // (a) "The edge sense circuit is reset, which means that
                            //     following initialization, an interrupt request (IR)
                            //     input must make a low-to-high transition"
  s_.imr = 0;               // (b) "The Interrupt Mask Register is cleared."
  s_.lowest_priority = 7;   // (c) "IR7 input is assigned priority 7."
  s_.icw3 = 7;              // (d) "The slave mode address is set to 7."
  s_.special_mask = false;  // (e) "Special Mask Mode is cleared and Status Read is set
  s_.read_isr = false;      //     to IRR."
  s_.icw4 = 0;              // (f) "If IC4 = 0, then all functions selected in ICW4 are
                            //     set to zero." (With IC4 = 1 ICW4 rewrites them.)
  s_.poll_pending = false;  // choice: a pending poll is a status-read override, reset
                            //     with the status read selection
  s_.init = InitStep::Icw2;
  update_irr();
}

void I8259::write_ocw2(uint8_t value) {
  // [DS] p. 13-14 Figure 8 (OCW2 R/SL/EOI table), p. 15 "End of Interrupt", "Automatic Rotation",
  // p. 16 "Specific Rotation".
  const bool r = (value & kOcw2R) != 0;
  const bool sl = (value & kOcw2Sl) != 0;
  const bool eoi = (value & kOcw2Eoi) != 0;
  const uint8_t level = value & 7u;
  if (eoi) {
    if (sl) {
      // 0x60|L specific EOI; 0xE0|L rotate on specific EOI (L "to receive bottom priority").
      s_.isr = uint8_t(s_.isr & ~(1u << level));
      if (r) s_.lowest_priority = level;
    } else {
      // 0x20 non-specific EOI; 0xA0 rotate on non-specific EOI.
      non_specific_eoi(r);
    }
    return;
  }
  if (r && sl) {
    // 0xC0|L set priority: "L0-L2 is the binary priority level code of the bottom priority
    // device"; independent of EOI.
    s_.lowest_priority = level;
  } else if (r) {
    s_.rotate_in_aeoi = true;  // 0x80 rotate in automatic EOI mode (set)
  } else if (!sl) {
    s_.rotate_in_aeoi = false;  // 0x00 rotate in automatic EOI mode (clear)
  }
  // R=0, SL=1, EOI=0 (0x40): "No operation".
}

void I8259::write_ocw3(uint8_t value) {
  // [DS] p. 13-15: ESMM enables SMM to set/reset the special mask mode, "When ESMM = 0 the SMM bit
  // becomes a don't care"; P = 1 is the poll command; RR/RIS select the status register.
  if ((value & kOcw3Esmm) != 0) s_.special_mask = (value & kOcw3Smm) != 0;
  // [DS] p. 17: "Polling overrides status read when P = 1, RR = 1 in OCW3." The override is for the
  // one read that is the poll; the RR/RIS selection written with it is kept (choice).
  if ((value & kOcw3P) != 0) s_.poll_pending = true;
  if ((value & kOcw3Rr) != 0) s_.read_isr = (value & kOcw3Ris) != 0;
}

void I8259::write(unsigned a0, uint8_t value) {
  const Before b = before();
  if ((a0 & 1u) == 0) {
    if ((value & kIcw1Marker) != 0) {
      write_icw1(value);
    } else if ((value & kOcw3Marker) != 0) {
      write_ocw3(value);
    } else {
      write_ocw2(value);
    }
  } else {
    const bool ic4 = (s_.icw1 & kIcw1Ic4) != 0;
    switch (s_.init) {
      case InitStep::Icw2:
        // [DS] p. 9-10: in 8086 mode "T7-T3 are inserted in the five most significant bits of the
        // vectoring byte and the 8259A sets the three least significant bits according to the
        // interrupt level". The whole byte is kept; vector_base() masks it.
        s_.icw2 = value;
        s_.init = !single() ? InitStep::Icw3 : (ic4 ? InitStep::Icw4 : InitStep::Ready);
        break;
      case InitStep::Icw3:
        // [DS] p. 9-10 ICW3: "This word is read only when there is more than one 8259A in the
        // system and cascading is used, in which case SNGL = 0."
        s_.icw3 = value;
        s_.init = ic4 ? InitStep::Icw4 : InitStep::Ready;
        break;
      case InitStep::Icw4:
        s_.icw4 = uint8_t(value & kIcw4Bits);
        s_.init = InitStep::Ready;
        break;
      case InitStep::PowerOn:
      case InitStep::Ready:
        // [DS] p. 13-14 OCW1: "M7-M0 represent the eight mask bits. M = 1 indicates the channel is
        // masked (inhibited), M = 0 indicates the channel is enabled."
        s_.imr = value;
        break;
    }
  }
  commit(b);
}

uint8_t I8259::read(unsigned a0) {
  if (s_.poll_pending) {
    // [DS] p. 16 "Poll Command": "The 8259A treats the next RD pulse to the 8259A (i.e., RD = 0,
    // CS = 0) as an interrupt acknowledge, sets the appropriate IS bit if there is a request, and
    // reads the priority level." Any RD with CS qualifies, whatever A0 (choice). No AEOI: that
    // happens at the end of an INTA pulse, and a poll read is not one (choice).
    const Before b = before();
    s_.poll_pending = false;
    const int level = resolve();
    uint8_t word = 0;  // I = 0: "Equal to a '1' if there is an interrupt."
    if (level >= 0) {
      acknowledge_level(unsigned(level));
      word = uint8_t(kPollI | unsigned(level));
    }
    emit(TraceKind::Poll, level >= 0 ? uint8_t(level) : uint8_t(0), 0, word);
    commit(b);
    return word;
  }
  // [DS] p. 17 "Reading the 8259A Status": IRR or ISR at A0 = 0 as selected by OCW3 (remembered
  // between reads; IRR after initialization); "The output data bus will contain the IMR whenever
  // RD is active and A0 = 1".
  if ((a0 & 1u) != 0) return s_.imr;
  return s_.read_isr ? s_.isr : s_.irr;
}

// --- interrupt acknowledge ----------------------------------------------------------------------

InterruptAck I8259::inta1() {
  const Before b = before();
  ++s_.inta_count;
  InterruptAck ack;
  const int level = resolve();
  if (level < 0) {
    // [DS] "Interrupt Sequence": "If no interrupt request is present at step 4 of either sequence
    // (i.e., the request was too short in duration) the 8259A will issue an interrupt level 7.
    // Both the vectoring bytes and the CAS lines will look like an interrupt level 7 was
    // requested." [DS] p. 17-18: "A normal IR7 interrupt will set the corresponding ISR bit, a
    // default IR7 won't."
    ack.level = kDefaultLevel;
    ack.spurious = true;
    ++s_.spurious_count;
  } else {
    ack.level = uint8_t(level);
    acknowledge_level(unsigned(level));
  }
  // [DS] "Cascade Buffer/Comparator": "As a master, the 8259A sends the ID of the interrupting
  // slave device onto the CAS0-2 lines"; "The cascade lines of the Master 8259A are activated only
  // for slave inputs, non slave inputs leave the cascade line inactive (low)." For a default IR7
  // the CAS lines "look like an interrupt level 7 was requested" (choice: Intel's wording, not
  // Harris's 82C59A sheet, where the master then vectors by itself).
  ack.cascade = !single() && is_master() && ((s_.icw3 >> ack.level) & 1u) != 0;
  s_.inta_active = true;
  s_.inta_level = ack.level;
  s_.inta_spurious = ack.spurious;
  s_.inta_cascade = ack.cascade;
  if (ack.spurious) emit(TraceKind::Spurious, ack.level, 0, uint8_t(s_.spurious_count));
  emit(TraceKind::Inta1, ack.level, 0, ack.cascade ? 1 : 0);
  commit(b);
  return ack;
}

uint8_t I8259::inta2() {
  const Before b = before();
  if (!s_.inta_active) {
    // A second pulse without a first one is a board bug; answer like a default IR7 and change
    // nothing (choice: deterministic, visible in the trace, never sets ISR).
    const uint8_t vector = uint8_t(vector_base() | kDefaultLevel);
    emit(TraceKind::Inta2, kDefaultLevel, 0, vector);
    return vector;
  }
  // [DS] "Interrupt Sequence", 8086 step 5: "the 8259A releases an 8-bit pointer onto the Data
  // Bus"; the 8086 vector byte is T7-T3 of ICW2 with the level in D2-D0. A master that addressed a
  // slave leaves the bus to the slave ([DS] ICW3 (a)).
  const uint8_t vector =
      s_.inta_cascade ? kFloatingBus : uint8_t(vector_base() | (s_.inta_level & 7u));
  // [DS] p. 15 "Automatic End of Interrupt (AEOI) Mode": "the 8259A will automatically perform a
  // non-specific EOI operation at the trailing edge of the last interrupt acknowledge pulse (third
  // pulse in MCS-80/85, second in 8086)"; with rotate-in-AEOI set it is a rotating one
  // ("Automatic Rotation"). After a default IR7 too (choice: the sheet makes no exception).
  if (auto_eoi()) non_specific_eoi(s_.rotate_in_aeoi);
  s_.inta_active = false;
  emit(TraceKind::Inta2, s_.inta_level, 0, vector);
  commit(b);
  return vector;
}

// --- state ------------------------------------------------------------------------------------

void I8259::restore(const I8259State& state) {
  s_ = state;
  s_.int_out = resolve() >= 0;
  if (int_out_) int_out_(s_.int_out);
}

void I8259::commit(const Before& b) {
  if (trace_) {
    if (b.irr != s_.irr) emit(TraceKind::Irr, 0, b.irr, s_.irr);
    if (b.isr != s_.isr) emit(TraceKind::Isr, 0, b.isr, s_.isr);
    if (b.imr != s_.imr) emit(TraceKind::Imr, 0, b.imr, s_.imr);
  }
  // INT is recomputed from scratch after every change (IRR, ISR, IMR, modes, rotation): masking
  // the only pending request drops it.
  const bool level = resolve() >= 0;
  if (level != s_.int_out) {
    s_.int_out = level;
    emit(TraceKind::Int, 0, uint8_t(!level), uint8_t(level));
    if (int_out_) int_out_(level);
  }
}

}  // namespace irq::pic
