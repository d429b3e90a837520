// sim/bare_board.h — the minimal board for bare-metal images: RAM, a debug console and an exit port.
//
// Ports:  0xE9 (Bochs debug port) write: the low byte is appended to the console buffer and, when
//                echo is on, written to stdout as it appears.
//         0xF4 (QEMU isa-debug-exit) write: the value is kept and the CPU is asked to stop
//                (cpu.request_stop(); run() returns Stop::StopRequested at the next boundary).
//         every other port: reads 0xFF in each byte, writes are ignored.
// Memory: RAM from physical 0 (16 MiB by default); above it nothing: reads 0xFF, writes ignored.
// INTA:   no interrupt controller yet: inta() returns vector 0x08 (the PC's IRQ0 vector).
// API:    BareBoard board(ram_bytes); board.load(paddr, bytes); board.start_real_mode(ip);
//         board.run(max_cycles) -> Outcome; board.console().
//         assemble_nasm()/read_image() turn a .asm or a flat binary into bytes.
// Inaccuracies: no devices, no interrupt sources; the whole board is replaced by the Machine of
//         the board issue (sim/machine). HLT with IF=1 ends the run (nothing could wake the CPU).
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "cpu/cpu.h"

namespace irq::sim {

class BareBoard final : public cpu::CpuBus {
 public:
  static constexpr uint32_t kDefaultRam = 16u << 20;
  static constexpr uint16_t kConsolePort = 0xE9, kExitPort = 0xF4;
  static constexpr uint8_t kIntaVector = 0x08;

  explicit BareBoard(uint32_t ram_bytes = kDefaultRam);
  BareBoard(const BareBoard&) = delete;
  BareBoard& operator=(const BareBoard&) = delete;

  cpu::Cpu& cpu() { return *cpu_; }
  uint8_t* ram() { return ram_.data(); }
  uint32_t ram_size() const { return uint32_t(ram_.size()); }

  // Copy an image into RAM (invalidating any decoded code there). False when it does not fit.
  bool load(uint32_t paddr, const std::vector<uint8_t>& bytes);
  // cpu.reset(), then CS:IP = 0000:ip in real mode (CS base 0).
  void start_real_mode(uint16_t ip);

  // Console (port 0xE9).
  void set_echo(bool on) { echo_ = on; }
  const std::string& console() const { return console_; }
  // Port 0xF4.
  bool exit_requested() const { return exit_requested_; }
  uint32_t exit_value() const { return exit_value_; }

  enum class Outcome : uint8_t {
    ExitPort,        // the guest wrote port 0xF4
    Halted,          // HLT with IF=0: nothing can wake the CPU (no NMI source on this board)
    HaltedIfSet,     // HLT with IF=1, but no device could ever interrupt
    Shutdown,        // triple fault (PRM §9.8.8)
    CycleLimit,      // max_cycles reached
  };
  // Run until one of the outcomes above; max_cycles counts from reset (st.cycles).
  Outcome run(uint64_t max_cycles);
  static const char* describe(Outcome o);

  // CpuBus.
  uint8_t mem_read8(uint32_t paddr) override;
  void mem_write8(uint32_t paddr, uint8_t value) override;
  uint32_t io_read(uint16_t port, unsigned size) override;
  void io_write(uint16_t port, uint32_t value, unsigned size) override;
  uint8_t inta() override;

 private:
  std::vector<uint8_t> ram_;
  std::unique_ptr<cpu::Cpu> cpu_;
  std::string console_;
  bool echo_ = false;
  bool exit_requested_ = false;
  uint32_t exit_value_ = 0;
};

// Assemble `asm_path` with `nasm -f bin` (include path = the file's folder, plus `defines` given
// as NAME or NAME=VALUE) into a scratch file inside `tmp_dir`, read it back and delete it.
// Returns false with a message in `error` (nasm's own diagnostics go to stderr).
bool assemble_nasm(const std::string& asm_path, const std::vector<std::string>& defines,
                   const std::string& tmp_dir, std::vector<uint8_t>& out, std::string& error);
// A flat binary as is, or a file ending in .asm through assemble_nasm().
bool read_image(const std::string& path, const std::string& tmp_dir, std::vector<uint8_t>& out,
                std::string& error);

}  // namespace irq::sim
