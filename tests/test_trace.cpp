// tests/test_trace.cpp — trace event names, the golden-trace hash and the exporters
// (sim/trace.h) on hand-made traces.
#include <catch2/catch.hpp>

#include <sstream>
#include <string>

#include "sim/trace.h"

using irq::sim::Ev;
using irq::sim::Trace;

TEST_CASE("trace: every event kind has a name that parses back", "[trace]") {
  for (unsigned i = 0; i < unsigned(Ev::kCount); ++i) {
    const Ev kind = Ev(i);
    Ev back = Ev::kCount;
    INFO(irq::sim::event_name(kind));
    CHECK(irq::sim::parse_event_name(irq::sim::event_name(kind), back));
    CHECK(back == kind);
  }
  Ev out = Ev::Note;
  CHECK_FALSE(irq::sim::parse_event_name("irq_raised", out));
  CHECK_FALSE(irq::sim::parse_event_name("", out));
  CHECK(out == Ev::Note);
  CHECK(std::string(irq::sim::event_name(Ev::IrqRaised)) == "irq-raised");
  CHECK(std::string(irq::sim::event_name(Ev::IsrEnter)) == "isr-enter");
  CHECK(std::string(irq::sim::event_name(Ev::Inta)) == "inta");
  CHECK(std::string(irq::sim::event_name(Ev::Spurious)) == "spurious");
}

TEST_CASE("trace: disabled emits nothing, the hash covers every field", "[trace]") {
  Trace t;
  t.emit(1, Ev::IrqRaised, 1);
  CHECK(t.events().empty());
  CHECK(t.hash() == 0xcbf29ce484222325ull);  // FNV-1a offset basis: no event
  t.set_enabled(true);
  t.emit(10, Ev::Exception, 0, 13, 0);
  const uint64_t base = t.hash();
  auto one = [](uint64_t cycle, Ev kind, uint8_t a, uint32_t b, uint32_t c) {
    Trace x;
    x.set_enabled(true);
    x.emit(cycle, kind, a, b, c);
    return x.hash();
  };
  CHECK(one(10, Ev::Exception, 0, 13, 0) == base);
  CHECK(one(11, Ev::Exception, 0, 13, 0) != base);
  CHECK(one(10, Ev::IntSoftware, 0, 13, 0) != base);
  CHECK(one(10, Ev::Exception, 1, 13, 0) != base);
  CHECK(one(10, Ev::Exception, 0, 14, 0) != base);
  CHECK(one(10, Ev::Exception, 0, 13, 1) != base);
  t.clear();
  CHECK(t.events().empty());
}

TEST_CASE("trace: JSON Lines fields per kind", "[trace]") {
  Trace t;
  t.set_enabled(true);
  t.emit(5, Ev::IrqRaised, 1);
  t.emit(6, Ev::ImrChanged, 1, 0xFF, 0xFB);
  t.emit(7, Ev::Exception, 0, 14, 2);
  t.emit(8, Ev::Exception, 0, 6, ~0u);
  t.emit(9, Ev::Eoi, 0, 0x20);
  t.notes().push_back("say \"hi\"\n");
  t.emit(10, Ev::Note, 0, 0);
  t.emit(11, Ev::IntrAsserted);
  std::ostringstream out;
  t.write_jsonl(out);
  CHECK(out.str() ==
        "{\"cycle\":5,\"event\":\"irq-raised\",\"line\":1}\n"
        "{\"cycle\":6,\"event\":\"imr-changed\",\"chip\":\"slave\",\"old\":255,\"new\":251}\n"
        "{\"cycle\":7,\"event\":\"exception\",\"vector\":14,\"error\":2}\n"
        "{\"cycle\":8,\"event\":\"exception\",\"vector\":6}\n"
        "{\"cycle\":9,\"event\":\"eoi\",\"chip\":\"master\",\"value\":32}\n"
        "{\"cycle\":10,\"event\":\"note\",\"index\":0,\"text\":\"say \\\"hi\\\"\\n\"}\n"
        "{\"cycle\":11,\"event\":\"intr-asserted\"}\n");
}

TEST_CASE("trace: Perfetto timestamps are exact and slices pair isr-enter with iret", "[trace]") {
  Trace t;
  t.set_enabled(true);
  t.emit(1, Ev::IsrEnter, 0, 0x20, 0);
  t.emit(2, Ev::Console, 0, 'x');
  t.emit(3, Ev::Iret, 0, 0, 0x7C10);
  t.emit(4, Ev::IsrEnter, 0, 0x21, 1);  // never returns: closed at the end
  std::ostringstream out;
  t.write_perfetto(out, 3);  // 3 Hz: cycle 1 = 333333.333 us (rounded down)
  const std::string p = out.str();
  CHECK(p.rfind("{\"traceEvents\":[", 0) == 0);
  CHECK(p.find("\"name\":\"irq 0x20\",\"ph\":\"B\",\"ts\":333333.333,") != std::string::npos);
  CHECK(p.find("\"name\":\"x\",\"ph\":\"i\",\"ts\":666666.666,") != std::string::npos);
  CHECK(p.find("\"ph\":\"E\",\"ts\":1000000.000,") != std::string::npos);
  CHECK(p.find("\"ph\":\"E\",\"ts\":1333333.333,") != std::string::npos);
  size_t b = 0, e = 0;
  for (size_t i = p.find("\"ph\":\"B\""); i != std::string::npos; i = p.find("\"ph\":\"B\"", i + 1)) ++b;
  for (size_t i = p.find("\"ph\":\"E\""); i != std::string::npos; i = p.find("\"ph\":\"E\"", i + 1)) ++e;
  CHECK(b == 2);
  CHECK(e == 2);
  // Huge cycle counts do not overflow (128-bit intermediate).
  Trace big;
  big.set_enabled(true);
  big.emit(uint64_t(1) << 62, Ev::Halt);
  std::ostringstream out2;
  big.write_perfetto(out2, 1'000'000'000);
  CHECK(out2.str().find("\"ts\":4611686018427387.904,") != std::string::npos);
}

TEST_CASE("trace: VCD wires, integer times and the INTA pulse", "[trace]") {
  Trace t;
  t.set_enabled(true);
  t.emit(10, Ev::IrqRaised, 3);
  t.emit(10, Ev::IntrAsserted);
  t.emit(20, Ev::Inta, 0, 0x0B);
  t.emit(25, Ev::IrqLowered, 3);
  t.emit(25, Ev::IntrDeasserted);
  t.emit(40, Ev::Nmi, 0, 2);
  std::ostringstream out;
  t.write_vcd(out, 100'000'000);  // 100 MHz: 10 ns per cycle
  const std::string v = out.str();
  CHECK(v.find("$timescale 1ns $end") != std::string::npos);
  CHECK(v.find("$var wire 1 A irq0 $end") != std::string::npos);
  CHECK(v.find("$var wire 1 D irq3 $end") != std::string::npos);
  CHECK(v.find("$var wire 1 Q intr $end") != std::string::npos);
  CHECK(v.find("$var wire 1 R inta $end") != std::string::npos);
  CHECK(v.find("$var wire 1 S nmi $end") != std::string::npos);
  CHECK(v.find("#0\n$dumpvars\n0A\n") != std::string::npos);
  CHECK(v.find("#100\n1D\n1Q\n#200\n1R\n#210\n0R\n#250\n0D\n0Q\n#400\n1S\n#410\n0S\n") !=
        std::string::npos);
}
