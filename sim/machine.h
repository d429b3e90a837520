// sim/machine.h — the board: all wiring in one place (STYLE.md point 1). RAM, the port map, the
// CPU, the 8259A pair or the bare wired-OR INTR, the IRQ Lines, the NMI pin, the devices, the
// console sink, the one EventQueue and the Trace.
//
// Wiring (DESIGN.md §3):
//   pic-pair:  IRQ0-7 -> master IR0-7 (ports 0x20/0x21), IRQ8-15 -> slave IR0-7 (0xA0/0xA1), slave INT
//              -> master IR2 (a Line with one driver), master INT -> the INTR Line -> cpu.set_intr.
//              ELCR at 0x4D0/0x4D1. INTA: master.inta1(); a cascade winner also runs slave.inta1(),
//              then slave.inta2() drives the vector (master.inta2() still sees the pulse: AEOI).
//   wired-or:  no PIC: every IRQ line is one driver of INTR ("INTR is the logical OR of the
//              requests"); INTA reads the floating data bus: `inta_vector` (default 0xFF).
// Fixed ports: 0xE9 (Bochs debug port: console), 0xF4 (QEMU isa-debug-exit: stop the run),
//   0x0F80 the mini OS's host call (os/kernel.h): a write at CPL 0 in protected mode, with a host
//   call handler installed, stops the CPU at the next instruction boundary and calls the handler
//   with the value written (the trap frame's address) before the run goes on.
// Time: cpu.st.cycles is the timeline. run() hands the CPU slices up to the next event; HLT with
//   IF=1 fast-forwards to the next event (idle time costs no host time).
#pragma once
#include <cstdint>
#include <cstdlib>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "cpu/cpu.h"
#include "pic/i8259.h"
#include "pic/line.h"
#include "sim/device.h"
#include "sim/event_queue.h"
#include "sim/trace.h"

namespace irq::sim {

struct MachineConfig {
  uint64_t clock_hz = 33000000;
  uint32_t memory = 16u << 20;
  enum class Interrupts : uint8_t { PicPair, WiredOr } interrupts = Interrupts::PicPair;
  uint8_t inta_vector = 0xFF;  // wired-or only: what INTA reads with no PIC on the bus
  bool trace = false;
  bool echo_console = false;   // copy console bytes to stdout as they appear
};

class Machine final : public cpu::CpuBus, public cpu::CpuObserver {
 public:
  explicit Machine(const MachineConfig& config);
  ~Machine() override;
  Machine(const Machine&) = delete;
  Machine& operator=(const Machine&) = delete;

  const MachineConfig& config() const { return config_; }
  cpu::Cpu& cpu() { return *cpu_; }
  uint8_t* ram() { return ram_.get(); }
  uint32_t ram_size() const { return ram_size_; }
  EventQueue& events() { return events_; }
  Trace& trace() { return trace_; }
  DeviceContext context();
  uint64_t now() const { return cpu_->st.cycles; }

  // Interrupt hardware.
  pic::I8259* master() { return master_.get(); }  // null on a wired-or board
  pic::I8259* slave() { return slave_.get(); }
  pic::Line& irq_line(unsigned n);  // n = 0..15
  pic::Line& intr() { return intr_; }
  // A device output on IRQ n: a new driver on that Line.
  Pin irq_pin(unsigned n, const std::string& driver_name);
  // A driver straight onto INTR (an irq-source wired to INTR on either board).
  Pin intr_pin(const std::string& driver_name);
  void pulse_nmi();  // NMI is an edge: latch it in the CPU

  // Devices: the Machine owns them; ports [first, last] are routed to the device.
  Device& add_device(std::unique_ptr<Device> device);
  void map_ports(uint16_t first, uint16_t last, Device* device);
  const std::vector<std::unique_ptr<Device>>& devices() const { return devices_; }
  Device* find_device(const std::string& name);

  // Console: UART output and port 0xE9, in order.
  void console_put(uint8_t byte);
  const std::string& console() const { return console_; }

  // Images.
  bool load(uint32_t paddr, const std::vector<uint8_t>& bytes);
  void start_real_mode(uint16_t cs, uint16_t ip);

  enum class Stop : uint8_t {
    ExitPort,    // port 0xF4 written
    Halted,      // HLT with IF=0 and no NMI source that could wake it (stop.when: halted)
    Shutdown,    // triple fault
    CycleLimit,  // max_cycles reached
    Idle,        // HLT with IF=1 and no event left that could ever wake the CPU
    OsStopped,   // the mini OS ended the run (every process exited, or a kernel panic)
  };
  static const char* describe(Stop s);
  // Run until one of the stops above; max_cycles is absolute (st.cycles).
  Stop run(uint64_t max_cycles);
  // Set when something (an NMI source device, a timeline NMI) could still wake a CPU halted with
  // IF=0; then HLT with IF=0 fast-forwards instead of stopping.
  void set_nmi_possible(bool on) { nmi_possible_ = on; }
  uint32_t exit_value() const { return exit_value_; }

  // The mini OS (sim/os_board.h): the host-call handler, the IRET hook (tracing on) and the stop.
  void set_host_call(std::function<void(uint32_t)> fn) { host_call_ = std::move(fn); }
  void set_iret_hook(std::function<void(uint32_t, uint32_t)> fn) { iret_hook_ = std::move(fn); }
  void request_os_stop() {
    os_stop_ = true;
    cpu_->request_stop();
  }

  // cpu::CpuBus
  uint8_t mem_read8(uint32_t paddr) override;
  void mem_write8(uint32_t paddr, uint8_t value) override;
  uint32_t io_read(uint16_t port, unsigned size) override;
  void io_write(uint16_t port, uint32_t value, unsigned size) override;
  uint8_t inta() override;
  // cpu::CpuObserver (trace only; installed when tracing is on)
  void on_interrupt(uint8_t vector, Kind kind, bool has_error, uint32_t error, uint32_t cs,
                    uint32_t eip) override;
  void on_iret(uint32_t cs, uint32_t eip) override;
  void on_shutdown(const char* why) override;
  void on_unsupported(const char* what) override;

 private:
  MachineConfig config_;
  // Zeroed by calloc: the host maps large blocks lazily, so a 64 MiB machine costs only the pages
  // the guest touches (`irqlab exec` of a small program: 0.2 s before, 0.02 s with this).
  struct FreeRam {
    void operator()(uint8_t* p) const { std::free(p); }
  };
  std::unique_ptr<uint8_t[], FreeRam> ram_;
  uint32_t ram_size_ = 0;
  std::unique_ptr<cpu::Cpu> cpu_;
  EventQueue events_;
  Trace trace_;
  std::unique_ptr<pic::I8259> master_, slave_;
  pic::Line irq_[16];
  pic::Line cascade_;  // slave INT -> master IR2
  pic::Line intr_;
  std::vector<std::unique_ptr<Device>> devices_;
  std::vector<Device*> port_map_;  // 65536 entries
  std::string console_;
  bool exit_requested_ = false;
  uint32_t exit_value_ = 0;
  bool nmi_possible_ = false;
  uint64_t halt_traced_at_ = ~0ull;  // st.instructions when the last Halt event was traced
  std::function<void(uint32_t)> host_call_;
  std::function<void(uint32_t, uint32_t)> iret_hook_;
  bool host_call_pending_ = false;
  uint32_t host_call_value_ = 0;
  bool os_stop_ = false;

  // Ports the Machine decodes itself (the PIC pair and the ELCR), one byte at a time.
  bool board_port(uint16_t port) const;
  uint8_t board_read8(uint16_t port);
  void board_write8(uint16_t port, uint8_t value);
};

}  // namespace irq::sim
