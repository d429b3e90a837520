// tests/test_machine.cpp — the board (sim/machine.h): wiring from an IRQ Pin through the 8259A pair
// to the CPU and back (EOI, IRET), HLT fast-forward, masking, spurious IR7, the cascade, the
// wired-OR board, the fixed ports and the trace it records. Guest code is hand-assembled real-mode
// bytes (no NASM needed).
#include <catch2/catch.hpp>

#include <cstdint>
#include <initializer_list>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "sim/machine.h"

using irq::sim::Device;
using irq::sim::Ev;
using irq::sim::Machine;
using irq::sim::MachineConfig;
using irq::sim::Pin;
using irq::sim::TraceEvent;

namespace {

constexpr uint16_t kMain = 0x7C00;

// A tiny real-mode assembler: just the instructions these tests need.
struct Code {
  std::vector<uint8_t> b;
  Code& db(std::initializer_list<uint8_t> x) { b.insert(b.end(), x); return *this; }
  uint16_t here(uint16_t origin) const { return uint16_t(origin + b.size()); }
  Code& cli() { return db({0xFA}); }
  Code& sti() { return db({0xFB}); }
  Code& nop(unsigned n = 1) { for (unsigned i = 0; i < n; ++i) db({0x90}); return *this; }
  Code& mov_al(uint8_t v) { return db({0xB0, v}); }
  Code& mov_ax(uint16_t v) { return db({0xB8, uint8_t(v), uint8_t(v >> 8)}); }
  Code& out_al(uint8_t port) { return db({0xE6, port}); }
  Code& out_ax(uint8_t port) { return db({0xE7, port}); }
  Code& outb(uint8_t port, uint8_t v) { return mov_al(v).out_al(port); }
  Code& mov_word_mem(uint16_t addr, uint16_t v) {
    return db({0xC7, 0x06, uint8_t(addr), uint8_t(addr >> 8), uint8_t(v), uint8_t(v >> 8)});
  }
  // xor ax,ax; mov ds,ax; mov ss,ax; mov sp,0x7000
  Code& flat_segments() { return db({0x31, 0xC0, 0x8E, 0xD8, 0x8E, 0xD0, 0xBC, 0x00, 0x70}); }
  Code& set_vector(uint8_t vector, uint16_t offset) {
    return mov_word_mem(uint16_t(vector * 4), offset).mov_word_mem(uint16_t(vector * 4 + 2), 0);
  }
  // ICW1 (edge, cascade, IC4), ICW2 base, ICW3 (slave on IR2), ICW4 (8086), OCW1 mask.
  Code& init_master(uint8_t base, uint8_t imr) {
    return outb(0x20, 0x11).outb(0x21, base).outb(0x21, 0x04).outb(0x21, 0x01).outb(0x21, imr);
  }
  Code& init_slave(uint8_t base, uint8_t imr) {
    return outb(0xA0, 0x11).outb(0xA1, base).outb(0xA1, 0x02).outb(0xA1, 0x01).outb(0xA1, imr);
  }
  Code& hlt_loop() { return db({0xF4, 0xEB, 0xFD}); }  // l: hlt; jmp l
  // push ax; mov al,ch; out 0xE9,al; (mov al,0x20; out port,al)*; pop ax; iret
  Code& isr(char ch, std::initializer_list<uint8_t> eoi_ports) {
    db({0x50}).outb(0xE9, uint8_t(ch));
    for (uint8_t p : eoi_ports) outb(p, 0x20);
    return db({0x58, 0xCF});
  }
};

void boot(Machine& m, const Code& main, std::initializer_list<std::pair<uint16_t, Code>> isrs) {
  REQUIRE(m.load(kMain, main.b));
  for (const auto& [at, code] : isrs) REQUIRE(m.load(at, code.b));
  m.start_real_mode(0, kMain);
}

// Timeline helper: tag 1 raises the Pin, tag 0 lowers it.
void pin_event(void* ctx, uint64_t, uint64_t tag) { static_cast<Pin*>(ctx)->set(tag != 0); }
void schedule_pin(Machine& m, Pin& pin, uint64_t when, bool high) {
  m.events().schedule(when, &pin_event, &pin, high ? 1 : 0, irq::sim::EventQueue::kTimeline);
}

// Index of the first event of `kind` at or after `from` that `match` accepts; -1 when none.
template <class F>
long find_event(Machine& m, Ev kind, F match, long from = 0) {
  const auto& ev = m.trace().events();
  for (size_t i = size_t(from); i < ev.size(); ++i)
    if (ev[i].kind == kind && match(ev[i])) return long(i);
  return -1;
}
long find_event(Machine& m, Ev kind, long from = 0) {
  return find_event(m, kind, [](const TraceEvent&) { return true; }, from);
}
size_t count_events(Machine& m, Ev kind) {
  size_t n = 0;
  for (const TraceEvent& e : m.trace().events()) n += e.kind == kind;
  return n;
}

MachineConfig traced() {
  MachineConfig c;
  c.trace = true;
  return c;
}

// The IRQ0 program: IVT[8] -> ISR at 0x7E00 ('A', EOI), master PIC at 0x08 with only IRQ0 unmasked,
// STI, HLT loop.
constexpr uint16_t kIsr0 = 0x7E00;
void boot_irq0(Machine& m) {
  Code main;
  main.cli().flat_segments().set_vector(0x08, kIsr0).init_master(0x08, 0xFE).sti().hlt_loop();
  boot(m, main, {{kIsr0, Code().isr('A', {0x20})}});
}

struct Irq0Run {
  std::unique_ptr<Machine> m;
  std::unique_ptr<Pin> timer;
  Machine::Stop stop;
};
Irq0Run run_irq0(uint64_t raise_at) {
  Irq0Run r;
  r.m = std::make_unique<Machine>(traced());
  boot_irq0(*r.m);
  r.timer = std::make_unique<Pin>(r.m->irq_pin(0, "timer"));
  schedule_pin(*r.m, *r.timer, raise_at, true);
  schedule_pin(*r.m, *r.timer, 2'000'000, false);
  r.stop = r.m->run(10'000'000);
  return r;
}

}  // namespace

TEST_CASE("machine: IRQ0 from a scheduled Pin reaches the ISR through the master 8259A",
          "[board]") {
  Irq0Run r = run_irq0(1'000'000);
  Machine& m = *r.m;
  CHECK(r.stop == Machine::Stop::Idle);
  CHECK(m.console() == "A");
  // The trace order of the whole path.
  const long raised = find_event(m, Ev::IrqRaised, [](const TraceEvent& e) { return e.a == 0; });
  REQUIRE(raised >= 0);
  CHECK(m.trace().events()[size_t(raised)].cycle == 1'000'000);
  const long asserted = find_event(m, Ev::IntrAsserted, raised);
  const long inta = find_event(m, Ev::Inta, [](const TraceEvent& e) { return e.b == 0x08; }, asserted);
  const long enter = find_event(m, Ev::IsrEnter, [](const TraceEvent& e) { return e.b == 0x08 && e.c == 0; }, inta);
  const long eoi = find_event(m, Ev::Eoi, [](const TraceEvent& e) { return e.a == 0 && e.b == 0x20; }, enter);
  const long iret = find_event(m, Ev::Iret, eoi);
  CHECK(asserted > raised);
  CHECK(inta > asserted);
  CHECK(enter > inta);
  CHECK(eoi > enter);
  CHECK(iret > eoi);
  CHECK(count_events(m, Ev::Inta) == 1);
  // The IRR -> ISR move was traced by the chip hook, and the EOI cleared the ISR.
  CHECK(find_event(m, Ev::IsrChanged, [](const TraceEvent& e) { return e.a == 0 && e.b == 0 && e.c == 1; }) > 0);
  CHECK(m.master()->isr() == 0);
  CHECK_FALSE(m.intr().level());
  // HLT fast-forwarded: few instructions, yet the clock reached both events.
  const auto& st = m.cpu().state();
  CHECK(st.instructions < 100);
  CHECK(st.cycles >= 2'000'000);
  CHECK(st.cycles < 2'000'100);
  CHECK(count_events(m, Ev::Halt) == 2);  // before the interrupt and after the IRET
  CHECK(find_event(m, Ev::IrqLowered) > iret);
}

TEST_CASE("machine: masking the only pending IRQ drops INTR", "[board]") {
  Machine m(traced());
  Code main;
  main.cli().flat_segments().init_master(0x08, 0xFE).nop(200).outb(0x21, 0xFF).mov_ax(0x55).out_ax(0xF4);
  boot(m, main, {});
  Pin p = m.irq_pin(0, "timer");
  schedule_pin(m, p, 300, true);
  CHECK(m.run(100'000) == Machine::Stop::ExitPort);
  CHECK(m.exit_value() == 0x55);
  const long asserted = find_event(m, Ev::IntrAsserted);
  REQUIRE(asserted >= 0);
  CHECK(m.trace().events()[size_t(asserted)].cycle >= 300);
  const long imr = find_event(m, Ev::ImrChanged, [](const TraceEvent& e) { return e.a == 0 && e.b == 0xFE && e.c == 0xFF; }, asserted);
  const long deasserted = find_event(m, Ev::IntrDeasserted, imr);
  CHECK(imr > asserted);
  CHECK(deasserted > imr);
  CHECK_FALSE(m.intr().level());
  CHECK_FALSE(m.cpu().state().intr);
  CHECK((m.master()->irr() & 1) == 1);  // still requested, only masked
  CHECK(m.irq_line(0).level());
  CHECK(count_events(m, Ev::Inta) == 0);
}

TEST_CASE("machine: a request that vanishes before INTA gives a spurious IR7", "[board]") {
  constexpr uint16_t kIsr7 = 0x7E40;
  Code main;
  main.cli().flat_segments().set_vector(0x0F, kIsr7).init_master(0x08, 0x7F).nop(20);
  const uint16_t sti_at = main.here(kMain);
  main.sti().nop().hlt_loop();
  const Code isr7 = Code().isr('S', {});  // no EOI: a spurious IR7 sets no ISR bit

  // Probe the cycle counts of the STI and its shadow instruction on an identical machine.
  uint64_t s0 = 0, s1 = 0;
  {
    Machine probe(MachineConfig{});
    boot(probe, main, {{kIsr7, isr7}});
    while (probe.cpu().state().eip != sti_at) probe.cpu().step();
    s0 = probe.cpu().state().cycles;
    probe.cpu().step();
    s1 = probe.cpu().state().cycles;
  }
  Machine m(traced());
  boot(m, main, {{kIsr7, isr7}});
  Pin p = m.irq_pin(7, "glitch");
  // High while IF=0, low again inside the instruction after STI: INTR was sampled high at that
  // boundary, but by the INTA cycles the request is gone.
  schedule_pin(m, p, s0, true);
  schedule_pin(m, p, s1 + 1, false);
  CHECK(m.run(1'000'000) == Machine::Stop::Idle);
  CHECK(m.console() == "S");
  const long spurious = find_event(m, Ev::Spurious, [](const TraceEvent& e) { return e.a == 7; });
  REQUIRE(spurious >= 0);
  const long lowered = find_event(m, Ev::IrqLowered, [](const TraceEvent& e) { return e.a == 7; });
  CHECK(lowered >= 0);
  CHECK(lowered < spurious);
  const long inta = find_event(m, Ev::Inta, [](const TraceEvent& e) { return e.b == 0x0F; }, spurious);
  CHECK(inta > spurious);
  CHECK(find_event(m, Ev::IsrEnter, [](const TraceEvent& e) { return e.b == 0x0F; }, inta) > inta);
  CHECK(m.master()->isr() == 0);
  CHECK(m.master()->spurious_count() == 1);
  CHECK(count_events(m, Ev::IsrChanged) == 0);
}

TEST_CASE("machine: a pulse shorter than the INTA latency gives a spurious IR7", "[board]") {
  constexpr uint16_t kIsr7 = 0x7E40;
  Machine m(traced());
  Code main;
  main.cli().flat_segments().set_vector(0x0F, kIsr7).init_master(0x08, 0x7F).sti().hlt_loop();
  boot(m, main, {{kIsr7, Code().isr('G', {})}});
  Pin p = m.irq_pin(7, "glitch");
  // The halted CPU takes INTR at once, but the first INTA pulse comes one microcode clock later
  // (INTR_ACK_MICROCODE): a one-cycle pulse is gone by then.
  schedule_pin(m, p, 50'000, true);
  schedule_pin(m, p, 50'001, false);
  CHECK(m.run(1'000'000) == Machine::Stop::Idle);
  CHECK(m.console() == "G");
  CHECK(find_event(m, Ev::Spurious, [](const TraceEvent& e) { return e.a == 7; }) >= 0);
  CHECK(find_event(m, Ev::Inta, [](const TraceEvent& e) { return e.b == 0x0F; }) >= 0);
  CHECK(m.master()->isr() == 0);

  // A two-cycle pulse is still there at the first INTA: a real IRQ7 that sets its ISR bit.
  Machine n(traced());
  boot(n, main, {{kIsr7, Code().isr('G', {})}});
  Pin q = n.irq_pin(7, "glitch");
  schedule_pin(n, q, 50'000, true);
  schedule_pin(n, q, 50'002, false);
  CHECK(n.run(1'000'000) == Machine::Stop::Idle);
  CHECK(count_events(n, Ev::Spurious) == 0);
  CHECK(n.master()->isr() == 0x80);  // the ISR above sends no EOI
}

TEST_CASE("machine: IRQ8 through the slave gives the slave's vector", "[board]") {
  constexpr uint16_t kIsr8 = 0x7E80;
  Machine m(traced());
  Code main;
  main.cli().flat_segments().set_vector(0x70, kIsr8).init_master(0x08, 0xFB).init_slave(0x70, 0xFE)
      .sti().hlt_loop();
  boot(m, main, {{kIsr8, Code().isr('C', {0xA0, 0x20})}});
  Pin rtc = m.irq_pin(8, "rtc");
  schedule_pin(m, rtc, 100'000, true);
  CHECK(m.run(1'000'000) == Machine::Stop::Idle);
  CHECK(m.console() == "C");
  const long slave_irr = find_event(m, Ev::IrrChanged, [](const TraceEvent& e) { return e.a == 1 && e.c == 1; });
  const long master_irr = find_event(m, Ev::IrrChanged, [](const TraceEvent& e) { return e.a == 0 && e.c == 4; }, slave_irr);
  const long inta = find_event(m, Ev::Inta, [](const TraceEvent& e) { return e.b == 0x70; }, master_irr);
  CHECK(slave_irr >= 0);
  CHECK(master_irr > slave_irr);
  CHECK(inta > master_irr);
  CHECK(find_event(m, Ev::IsrEnter, [](const TraceEvent& e) { return e.b == 0x70; }, inta) > inta);
  const long eoi_slave = find_event(m, Ev::Eoi, [](const TraceEvent& e) { return e.a == 1; });
  const long eoi_master = find_event(m, Ev::Eoi, [](const TraceEvent& e) { return e.a == 0; });
  CHECK(eoi_slave > inta);
  CHECK(eoi_master > eoi_slave);
  CHECK(m.slave()->isr() == 0);
  CHECK(m.master()->isr() == 0);
  CHECK(count_events(m, Ev::Spurious) == 0);
}

TEST_CASE("machine: wired-or board keeps INTR high until every line drops", "[board]") {
  MachineConfig cfg = traced();
  cfg.interrupts = MachineConfig::Interrupts::WiredOr;
  cfg.inta_vector = 0x42;
  Machine m(cfg);
  CHECK(m.master() == nullptr);
  CHECK(m.slave() == nullptr);
  Pin a = m.irq_pin(3, "uart");
  Pin b = m.irq_pin(5, "nic");
  a.raise();
  CHECK(m.intr().level());
  CHECK(m.cpu().state().intr);
  b.raise();
  a.lower();
  CHECK(m.intr().level());
  CHECK(m.cpu().state().intr);
  b.lower();
  CHECK_FALSE(m.intr().level());
  CHECK_FALSE(m.cpu().state().intr);
  CHECK(count_events(m, Ev::IntrAsserted) == 1);
  CHECK(count_events(m, Ev::IntrDeasserted) == 1);
  CHECK(count_events(m, Ev::IrqRaised) == 2);
  // A driver straight on INTR, and INTA reading the floating bus value.
  Pin direct = m.intr_pin("poller");
  direct.raise();
  CHECK(m.cpu().state().intr);
  CHECK(m.inta() == 0x42);
  CHECK(find_event(m, Ev::Inta, [](const TraceEvent& e) { return e.b == 0x42; }) >= 0);
  direct.lower();
  CHECK_FALSE(m.cpu().state().intr);
  // The PIC ports are not decoded on this board.
  CHECK(m.io_read(0x21, 1) == 0xFFu);
}

TEST_CASE("machine: port 0xF4 stops the run, a later run continues", "[board]") {
  Machine m(MachineConfig{});
  Code main;
  main.mov_ax(0x1234).out_ax(0xF4).outb(0xE9, 'x').cli().hlt_loop();
  boot(m, main, {});
  CHECK(m.run(100'000) == Machine::Stop::ExitPort);
  CHECK(m.exit_value() == 0x1234);
  CHECK(m.console().empty());
  CHECK(m.run(100'000) == Machine::Stop::Halted);
  CHECK(m.console() == "x");
  CHECK(m.cpu().state().cycles < 1000);
  // With an NMI source the halted CPU could be woken, but no event is left: idle.
  m.set_nmi_possible(true);
  CHECK(m.run(100'000) == Machine::Stop::Idle);
}

TEST_CASE("machine: cycle limit, unmapped ports and memory, devices on the port map", "[board]") {
  Machine m(MachineConfig{});
  Code main;
  main.db({0xEB, 0xFE});  // jmp $
  boot(m, main, {});
  CHECK(m.run(5000) == Machine::Stop::CycleLimit);
  CHECK(m.now() >= 5000);
  CHECK(m.io_read(0x60, 1) == 0xFFu);
  CHECK(m.io_read(0x60, 2) == 0xFFFFu);
  CHECK(m.io_read(0x60, 4) == 0xFFFFFFFFu);
  CHECK(m.mem_read8(m.ram_size()) == 0xFF);
  CHECK_FALSE(m.load(m.ram_size() - 1, {1, 2}));

  struct Latch final : Device {
    std::string n = "latch";
    uint32_t value = 0;
    const std::string& name() const override { return n; }
    uint32_t io_read(uint16_t port, unsigned) override { return value + port; }
    void io_write(uint16_t, uint32_t v, unsigned) override { value = v; }
  };
  Device& d = m.add_device(std::make_unique<Latch>());
  m.map_ports(0x60, 0x61, &d);
  m.io_write(0x60, 0x100, 1);
  CHECK(m.io_read(0x61, 1) == 0x161u);
  CHECK(m.find_device("latch") == &d);
  CHECK(m.find_device("nope") == nullptr);
  CHECK(m.io_read(0x62, 1) == 0xFFu);

  // The device context sees the timeline and the console.
  auto ctx = m.context();
  CHECK(ctx.now() == m.now());
  CHECK(ctx.clock_hz == m.config().clock_hz);
  ctx.console('k');
  CHECK(m.console() == "k");
}

TEST_CASE("machine: the PIC pair and the ELCR are decoded by the board", "[board]") {
  Machine m(MachineConfig{});
  m.io_write(0x21, 0xA5, 1);  // OCW1 before ICW1 writes the IMR
  CHECK(m.io_read(0x21, 1) == 0xA5u);
  CHECK(m.master()->imr() == 0xA5);
  m.io_write(0xA1, 0x5A, 1);
  CHECK(m.slave()->imr() == 0x5A);
  m.io_write(0x4D0, 0x0820, 2);  // both ELCR bytes in one 16-bit write
  CHECK(m.master()->state().elcr == 0x20);
  CHECK(m.slave()->state().elcr == 0x08);
  CHECK(m.io_read(0x4D0, 2) == 0x0820u);
  CHECK(m.io_read(0xE9, 1) == 0xE9u);
}

TEST_CASE("machine: identical runs give the same trace hash, a different run another", "[board][trace]") {
  Irq0Run a = run_irq0(1'000'000);
  Irq0Run b = run_irq0(1'000'000);
  Irq0Run c = run_irq0(1'000'001);
  REQUIRE_FALSE(a.m->trace().events().empty());
  CHECK(a.m->trace().hash() == b.m->trace().hash());
  CHECK(a.m->trace().hash() != c.m->trace().hash());
}

TEST_CASE("machine: the trace exports as JSON Lines, Perfetto JSON and VCD", "[board][trace]") {
  Irq0Run r = run_irq0(1'000'000);
  const auto& trace = r.m->trace();
  const uint64_t hz = r.m->config().clock_hz;

  std::ostringstream jsonl;
  trace.write_jsonl(jsonl);
  const std::string j = jsonl.str();
  size_t lines = 0;
  for (char ch : j) lines += ch == '\n';
  CHECK(lines == trace.events().size());
  CHECK(j.rfind("{\"cycle\":", 0) == 0);
  CHECK(j.find("{\"cycle\":1000000,\"event\":\"irq-raised\",\"line\":0}\n") != std::string::npos);
  CHECK(j.find("\"event\":\"inta\",\"vector\":8}") != std::string::npos);
  CHECK(j.find("\"event\":\"isr-enter\",\"vector\":8,\"table\":\"ivt\"}") != std::string::npos);
  CHECK(j.find("\"event\":\"console\",\"byte\":65}") != std::string::npos);

  std::ostringstream perfetto;
  trace.write_perfetto(perfetto, hz);
  const std::string p = perfetto.str();
  CHECK(p.rfind("{\"traceEvents\":", 0) == 0);
  CHECK(p.find("\"ph\":\"B\"") != std::string::npos);
  CHECK(p.find("\"ph\":\"E\"") != std::string::npos);
  // 1,000,000 cycles at 33 MHz = 30303.030303... us, printed exactly to the nanosecond.
  CHECK(p.find("\"ts\":30303.030,") != std::string::npos);
  CHECK(p.find("\"name\":\"IRQ0\",\"ph\":\"C\"") != std::string::npos);
  CHECK(p.find("\"name\":\"cpu\"") != std::string::npos);
  CHECK(p.substr(p.size() - 2) == "}\n");

  std::ostringstream vcd;
  trace.write_vcd(vcd, hz);
  const std::string v = vcd.str();
  CHECK(v.find("$timescale 1ns $end") != std::string::npos);
  CHECK(v.find("$var wire 1 A irq0 $end") != std::string::npos);
  CHECK(v.find("$var wire 1 P irq15 $end") != std::string::npos);
  CHECK(v.find(" intr $end") != std::string::npos);
  CHECK(v.find(" inta $end") != std::string::npos);
  CHECK(v.find(" nmi $end") != std::string::npos);
  CHECK(v.find("$enddefinitions $end") != std::string::npos);
  CHECK(v.find("#30303030\n1A\n") != std::string::npos);  // IRQ0 rises at cycle 1e6
}
