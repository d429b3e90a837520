// sim/machine.cpp — see machine.h. All board wiring lives here (STYLE.md point 1).
#include "sim/machine.h"

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <stdexcept>

namespace irq::sim {

using cpu::Cpu;

namespace {

constexpr uint16_t kMasterBase = 0x20, kSlaveBase = 0xA0;
constexpr uint16_t kElcrMaster = 0x4D0, kElcrSlave = 0x4D1;
constexpr uint16_t kConsolePort = 0xE9;  // Bochs "port E9 hack": write = console, read = 0xE9
constexpr uint16_t kExitPort = 0xF4;     // QEMU isa-debug-exit
constexpr uint16_t kHostCallPort = 0x0F80;  // the mini OS's host call (os/kernel.h kHostCallPort)
constexpr unsigned kCascadeInput = 2;    // PC/AT: the slave's INT feeds master IR2
constexpr uint8_t kFloatingBus = 0xFF;   // nobody drives D7-D0

uint32_t all_ones(unsigned size) { return size >= 4 ? 0xFFFFFFFFu : (1u << (8 * size)) - 1; }

}  // namespace

Machine::Machine(const MachineConfig& config)
    : config_(config),
      ram_(static_cast<uint8_t*>(std::calloc(config.memory ? config.memory : 1, 1))),
      ram_size_(uint32_t(config.memory)),
      cascade_("cascade"),
      intr_("INTR") {
  if (!ram_) throw std::bad_alloc();
  cpu_ = std::make_unique<Cpu>(*this, ram_.get(), ram_size_);
  cpu_->reset();
  trace_.set_enabled(config_.trace);
  port_map_.assign(65536, nullptr);

  for (unsigned n = 0; n < 16; ++n) irq_[n] = pic::Line("IRQ" + std::to_string(n));

  // INTR -> the CPU's pin (both boards).
  intr_.add_listener([this](bool level) {
    cpu_->set_intr(level);
    trace_.emit(now(), level ? Ev::IntrAsserted : Ev::IntrDeasserted);
  });

  // Every IRQ line reports its level changes (listener 0, before the PIC sees the change).
  for (unsigned n = 0; n < 16; ++n) {
    irq_[n].add_listener([this, n](bool level) {
      trace_.emit(now(), level ? Ev::IrqRaised : Ev::IrqLowered, uint8_t(n));
    });
  }

  if (config_.interrupts == MachineConfig::Interrupts::PicPair) {
    master_ = std::make_unique<pic::I8259>("master");
    slave_ = std::make_unique<pic::I8259>("slave");
    master_->set_sp_en(true);
    slave_->set_sp_en(false);
    if (config_.trace) {
      auto hook = [this](const pic::I8259& chip, const pic::TraceEvent& e) {
        const uint8_t a = &chip == slave_.get() ? 1 : 0;
        switch (e.kind) {
          case pic::TraceKind::Irr: trace_.emit(now(), Ev::IrrChanged, a, e.before, e.after); break;
          case pic::TraceKind::Isr: trace_.emit(now(), Ev::IsrChanged, a, e.before, e.after); break;
          case pic::TraceKind::Imr: trace_.emit(now(), Ev::ImrChanged, a, e.before, e.after); break;
          default: break;  // INT is traced on INTR; INTA and spurious by inta() with the IRQ number
        }
      };
      master_->set_trace(hook);
      slave_->set_trace(hook);
    }
    for (unsigned n = 0; n < 8; ++n) {
      irq_[n].add_listener([this, n](bool level) { master_->set_ir(n, level); });
      irq_[n + 8].add_listener([this, n](bool level) { slave_->set_ir(n, level); });
    }
    // Slave INT -> cascade Line -> master IR2.
    cascade_.add_listener([this](bool level) { master_->set_ir(kCascadeInput, level); });
    slave_->connect_int(cascade_, cascade_.add_driver("slave"));
    // Master INT -> INTR.
    master_->connect_int(intr_, intr_.add_driver("master"));
  } else {
    // Wired-OR: every IRQ line is one driver of INTR.
    for (unsigned n = 0; n < 16; ++n) {
      const pic::Line::DriverId id = intr_.add_driver(irq_[n].name());
      irq_[n].add_listener([this, id](bool level) { intr_.set(id, level); });
    }
  }

  if (config_.trace) cpu_->set_observer(this);
}

Machine::~Machine() { cpu_->set_observer(nullptr); }

DeviceContext Machine::context() {
  DeviceContext c;
  c.events = &events_;
  c.trace = &trace_;
  c.cycles = &cpu_->st.cycles;
  c.clock_hz = config_.clock_hz;
  c.console = [this](uint8_t b) { console_put(b); };
  return c;
}

pic::Line& Machine::irq_line(unsigned n) {
  if (n >= 16) throw std::out_of_range("IRQ line " + std::to_string(n) + " (0..15)");
  return irq_[n];
}

Pin Machine::irq_pin(unsigned n, const std::string& driver_name) {
  pic::Line& l = irq_line(n);
  return Pin{&l, l.add_driver(driver_name)};
}

Pin Machine::intr_pin(const std::string& driver_name) {
  return Pin{&intr_, intr_.add_driver(driver_name)};
}

void Machine::pulse_nmi() { cpu_->pulse_nmi(); }

Device& Machine::add_device(std::unique_ptr<Device> device) {
  devices_.push_back(std::move(device));
  return *devices_.back();
}

void Machine::map_ports(uint16_t first, uint16_t last, Device* device) {
  for (uint32_t p = first; p <= last; ++p) port_map_[p] = device;
}

Device* Machine::find_device(const std::string& name) {
  for (const auto& d : devices_)
    if (d->name() == name) return d.get();
  return nullptr;
}

void Machine::console_put(uint8_t byte) {
  console_ += char(byte);
  if (config_.echo_console) {
    std::fwrite(&byte, 1, 1, stdout);
    std::fflush(stdout);
  }
  trace_.emit(now(), Ev::Console, 0, byte);
}

bool Machine::load(uint32_t paddr, const std::vector<uint8_t>& bytes) {
  if (paddr > ram_size_ || bytes.size() > ram_size_ - paddr) return false;
  if (!bytes.empty()) std::memcpy(ram_.get() + paddr, bytes.data(), bytes.size());
  cpu_->invalidate_code(paddr, uint32_t(bytes.size()));
  return true;
}

void Machine::start_real_mode(uint16_t cs, uint16_t ip) {
  cpu_->reset();
  cpu::State& st = cpu_->state();
  st.seg[cpu::CS].selector = cs;
  st.seg[cpu::CS].base = uint32_t(cs) << 4;
  st.eip = ip;
  cpu_->state_changed();
}

const char* Machine::describe(Stop s) {
  switch (s) {
    case Stop::ExitPort: return "stopped by a write to port 0xF4";
    case Stop::Halted: return "halted with interrupts disabled";
    case Stop::Shutdown: return "shutdown (triple fault)";
    case Stop::CycleLimit: return "max cycles reached";
    case Stop::Idle: return "halted with interrupts enabled and nothing left to wake the CPU";
    case Stop::OsStopped: return "the mini OS stopped the run";
  }
  return "?";
}

Machine::Stop Machine::run(uint64_t max_cycles) {
  cpu::State& st = cpu_->state();
  for (;;) {
    if (exit_requested_) {
      exit_requested_ = false;  // a later run() continues after the OUT
      return Stop::ExitPort;
    }
    if (os_stop_) {
      os_stop_ = false;
      return Stop::OsStopped;
    }
    if (st.shutdown) return Stop::Shutdown;
    if (st.cycles >= max_cycles) return Stop::CycleLimit;
    // Events due now change lines (and so INTR) before the CPU's next boundary.
    events_.run_due(st.cycles);
    if (exit_requested_) continue;
    const uint64_t target = std::min(events_.next_time(), max_cycles);
    switch (cpu_->run(target)) {
      case Cpu::Stop::CycleLimit:
      case Cpu::Stop::Step:
        break;
      case Cpu::Stop::StopRequested:
        // The mini OS's host call: the CPU stands at the boundary after the stub's OUT.
        if (host_call_pending_) {
          host_call_pending_ = false;
          host_call_(host_call_value_);
        }
        break;  // port 0xF4 (exit_requested_, checked at the top) or a stop asked by someone else
      case Cpu::Stop::Shutdown:
        return Stop::Shutdown;
      case Cpu::Stop::Halted: {
        if (st.instructions != halt_traced_at_) {  // one Halt event per HLT executed
          halt_traced_at_ = st.instructions;
          trace_.emit(st.cycles, Ev::Halt);
        }
        if (exit_requested_) break;
        const bool if_set = (st.eflags & cpu::fl::IF) != 0;
        if (!if_set && !nmi_possible_ && !st.nmi_latched) return Stop::Halted;
        if (events_.empty()) return Stop::Idle;
        // HLT costs no host time: jump to the next event (or the limit).
        const uint64_t wake = std::min(events_.next_time(), max_cycles);
        if (wake > st.cycles) st.cycles = wake;
        break;
      }
    }
  }
}

// ---- CpuBus ---------------------------------------------------------------------------------

uint8_t Machine::mem_read8(uint32_t) { return 0xFF; }
void Machine::mem_write8(uint32_t, uint8_t) {}

bool Machine::board_port(uint16_t port) const {
  if (master_ && (port == kMasterBase || port == kMasterBase + 1 || port == kSlaveBase ||
                  port == kSlaveBase + 1 || port == kElcrMaster || port == kElcrSlave))
    return true;
  return false;
}

uint8_t Machine::board_read8(uint16_t port) {
  switch (port) {
    case kMasterBase: return master_->read(0);
    case kMasterBase + 1: return master_->read(1);
    case kSlaveBase: return slave_->read(0);
    case kSlaveBase + 1: return slave_->read(1);
    case kElcrMaster: return master_->state().elcr;
    case kElcrSlave: return slave_->state().elcr;
    default: return 0xFF;
  }
}

void Machine::board_write8(uint16_t port, uint8_t value) {
  pic::I8259* chip = nullptr;
  unsigned a0 = 0;
  uint8_t index = 0;
  switch (port) {
    case kMasterBase: chip = master_.get(); a0 = 0; index = 0; break;
    case kMasterBase + 1: chip = master_.get(); a0 = 1; index = 0; break;
    case kSlaveBase: chip = slave_.get(); a0 = 0; index = 1; break;
    case kSlaveBase + 1: chip = slave_.get(); a0 = 1; index = 1; break;
    case kElcrMaster: master_->set_elcr(value); return;
    case kElcrSlave: slave_->set_elcr(value); return;
    default: return;
  }
  chip->write(a0, value);
  // [DS] OCW2: A0 = 0, D4 = D3 = 0; EOI is D5 (non-specific, specific, rotate-on-EOI).
  if (a0 == 0 && (value & 0x18) == 0 && (value & 0x20) != 0)
    trace_.emit(now(), Ev::Eoi, index, value);
}

uint32_t Machine::io_read(uint16_t port, unsigned size) {
  if (Device* d = port_map_[port]) return d->io_read(port, size);
  if (board_port(port)) {
    uint32_t v = 0;
    for (unsigned i = 0; i < size; ++i) {
      const uint16_t p = uint16_t(port + i);
      v |= uint32_t(board_port(p) ? board_read8(p) : 0xFF) << (8 * i);
    }
    return v;
  }
  if (port == kConsolePort) return 0xE9 | (all_ones(size) & ~0xFFu);
  return all_ones(size);
}

void Machine::io_write(uint16_t port, uint32_t value, unsigned size) {
  if (Device* d = port_map_[port]) {
    d->io_write(port, value, size);
    return;
  }
  if (board_port(port)) {
    for (unsigned i = 0; i < size; ++i) {
      const uint16_t p = uint16_t(port + i);
      if (board_port(p)) board_write8(p, uint8_t(value >> (8 * i)));
    }
    return;
  }
  if (port == kConsolePort) {
    console_put(uint8_t(value));
  } else if (port == kHostCallPort && host_call_ && cpu_->st.cpl == 0 && cpu_->st.protected_mode()) {
    host_call_pending_ = true;
    host_call_value_ = value;
    cpu_->request_stop();
  } else if (port == kExitPort) {
    exit_requested_ = true;
    exit_value_ = value;
    cpu_->request_stop();
  }
}

uint8_t Machine::inta() {
  // The two INTA bus cycles (Intel386 data sheet, "Interrupt Acknowledge Cycles"). The CPU has
  // sampled INTR at the instruction boundary; one microcode clock later the first INTA pulse
  // reaches the PIC pair. Requests that changed by then (events due at or before that cycle) are
  // seen first: a request that vanished gives the default IR7 ([DS] "Interrupt Sequence": "the
  // request was too short in duration"). Clock rows: cpu/clock_table.inc INTR_ACK_MICROCODE and
  // INTA_IDLE_STATES; the INTA bus cycles themselves cost nothing more (no bus timing model).
  const bool pm = cpu_->st.protected_mode();
  cpu_->charge(cpu::clocks_of(cpu::Clk::INTR_ACK_MICROCODE, pm, false));
  events_.run_due(now());
  uint8_t vector = config_.inta_vector;  // wired-or: nobody drives the bus
  if (master_) {
    const pic::InterruptAck m = master_->inta1();
    if (m.spurious) trace_.emit(now(), Ev::Spurious, 7);
    // Idle states between the two INTA cycles. The slave resolves its own request only when the
    // master has put the cascade address on CAS0-2 in the first cycle, i.e. here at the second:
    // a slave request that vanished in between (events due in this window run first) is the
    // slave's default IR7 — vector base+7 (IRQ15) with the master's IR2 in service, the
    // "spurious IRQ15" that needs an EOI to the master only (docs/deviations.md).
    cpu_->charge(cpu::clocks_of(cpu::Clk::INTA_IDLE_STATES, pm, false));
    if (m.cascade) {
      events_.run_due(now());
      const bool slave_selected = slave_->selected_by_cas(m.level);
      if (slave_selected) {
        const pic::InterruptAck s = slave_->inta1();
        if (s.spurious) trace_.emit(now(), Ev::Spurious, 15);
      }
      // No slave answering this CAS code leaves the bus floating.
      vector = slave_selected ? slave_->inta2() : kFloatingBus;
      master_->inta2();  // the master sees the second pulse too (its AEOI happens here)
    } else {
      vector = master_->inta2();
    }
  } else {
    cpu_->charge(cpu::clocks_of(cpu::Clk::INTA_IDLE_STATES, pm, false));
  }
  trace_.emit(now(), Ev::Inta, 0, vector);
  return vector;
}

// ---- CpuObserver ------------------------------------------------------------------------------

void Machine::on_interrupt(uint8_t vector, Kind kind, bool has_error, uint32_t error, uint32_t,
                           uint32_t) {
  switch (kind) {
    case Kind::External:
      trace_.emit(now(), Ev::IsrEnter, 0, vector, cpu_->st.protected_mode() ? 1 : 0);
      break;
    case Kind::Software:
    case Kind::Int3:
    case Kind::Into:
      trace_.emit(now(), Ev::IntSoftware, 0, vector);
      break;
    case Kind::Exception:
      trace_.emit(now(), Ev::Exception, 0, vector, has_error ? error : ~0u);
      break;
    case Kind::Nmi:
      trace_.emit(now(), Ev::Nmi, 0, vector);
      break;
  }
}

void Machine::on_iret(uint32_t cs, uint32_t eip) {
  trace_.emit(now(), Ev::Iret, 0, cs, eip);
  if (iret_hook_) iret_hook_(cs, eip);
}

void Machine::on_shutdown(const char*) { trace_.emit(now(), Ev::Shutdown); }

void Machine::on_unsupported(const char* what) {
  if (!trace_.enabled()) return;
  trace_.notes().push_back(std::string("unsupported: ") + what);
  trace_.emit(now(), Ev::Note, 0, uint32_t(trace_.notes().size() - 1));
}

}  // namespace irq::sim
