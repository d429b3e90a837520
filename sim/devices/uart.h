// sim/devices/uart.h — the National Semiconductor PC16550D UART (the PC's COM port).
//
// Source: PC16550D datasheet (National Semiconductor, June 1995), cited [DS] with the register
// name: "Register Summary" (Table II), "Interrupt Identification Register" (Table IV, interrupt
// priorities and reset control), "Line Status Register", "FIFO Control Register",
// "Programmable Baud Generator" (baud = input clock / (16 x divisor); the PC's 1.8432 MHz crystal
// gives 115200 / divisor), "Line Control Register" (word length, stop bits, parity, DLAB).
//
//                  +-----------+
//   base+0..7 <--> |  16550    | --> INTR   the Pin given at construction; on the PC the INTR
//                  |           |            output reaches the IRQ line only through a buffer
//                  |           |            enabled by OUT2 (MCR bit 3): Pin = INTR && MCR.OUT2
//   console   <--  | TX        | <-- RX     receive(text)
//                  +-----------+ <-- CTS/DSR/RI/DCD  set_modem_inputs(...)
//   Ports (base, default 0x3F8; ports() gives {base, base+7}):
//     +0  RBR (read) / THR (write); DLL when LCR.DLAB = 1
//     +1  IER (bits 0-3: ERBFI, ETBEI, ELSI, EDSSI);  DLM when DLAB = 1
//     +2  IIR (read): bit 0 = 0 when pending; bits 3-1: 011 line status > 010 received data /
//         110 character timeout (FIFO mode) > 001 THR empty > 000 modem status; bits 7-6 = 11
//         when FIFOs are enabled.   FCR (write): bit 0 FIFO enable, 1/2 clear RX/TX FIFO, 7-6 RX
//         trigger level 1/4/8/14.
//     +3  LCR   +4 MCR (bit 3 OUT2)   +5 LSR (DR, OE, PE, FE, BI, THRE, TEMT, FIFO error)
//     +6  MSR (deltas cleared by the read)   +7 SCR
//
// Timing: one character = (1 start + 5..8 data + parity + 1/1.5/2 stop) bits per LCR, default
//   8N1 = 10 bits, at 115200 / divisor baud: char_cycles = ceil(half_bits * divisor * clock_hz /
//   (2 * 115200)) CPU cycles (exact integers). At 33 MHz, 8N1, divisor 1: 2865 cycles.
// Transmit: a THR write goes to ctx.console(byte) at once; THRE and TEMT read 0 until the character
//   (and any queued before it) has been sent, then both come back and the THRE interrupt is
//   latched ([DS] IIR table: raised when THR empties; reset by reading IIR when THRE is the
//   reported source, or by writing THR). Setting IER.ETBEI while THRE = 1 latches it too (the
//   8250-family behaviour drivers rely on to start transmission).
// Receive: receive(text) queues bytes "on the wire"; each arrives one char_cycles after the
//   receiver had room for it (RBR empty, or FIFO below 16): the remote side honours flow control,
//   so receive() never overruns. Data ready: LSR.DR; interrupt when ERBFI and (non-FIFO) a byte
//   is in RBR, or (FIFO) the trigger level is reached, or 4 character times pass with data in the
//   FIFO and no read or arrival (character timeout, IIR 0xCC).
//
// API:  Uart uart("com1", ctx, irq4_pin);           // + UartConfig{.base = 0x3F8}
//       machine.map_ports(uart.ports()[0].first, uart.ports()[0].second, &uart);
//       uart.receive("hello\n");  uart.set_modem_inputs(cts, dsr, ri, dcd);
//       uart.line_error(0x02);    // inject OE/PE/FE/BI (LSR bits 1-4): a line status interrupt
//       uart.char_cycles(), uart.lsr(), uart.iir() (no side effects), uart.irq_level(), ...
//
// Inaccuracies:
//   - THR and the transmit shift register are one stage: THRE returns after the whole character
//     time (on the real part THR empties into the shift register at once when it is idle), and
//     writes while THRE = 0 queue behind instead of overwriting THR; the TX FIFO has no 16-byte
//     limit, and FCR bit 2 (clear TX FIFO) cannot take back bytes already on the console.
//   - No loopback (MCR bit 4 is stored, bytes still go to the console); DTR/RTS/OUT1 drive nothing.
//   - No parity/framing/break from the wire: those LSR bits come only from line_error().
//   - The divisor latch power-on value is undefined in [DS]: it starts at config.divisor (1).
//   - MSR inputs default to CTS, DSR and DCD asserted (a terminal attached), RI off.
//   - The IIR read does not freeze other interrupt changes during the access (no bus timing).
//   - DMA mode (FCR bit 3), RXRDY/TXRDY pins: not modelled.
//   - 16/32-bit accesses are split into byte accesses at port, port+1, ...
#pragma once
#include <cstdint>
#include <deque>
#include <string>
#include <utility>
#include <vector>

#include "sim/device.h"

namespace irq::sim {


struct UartConfig {
  uint16_t base = 0x3F8;
  uint16_t divisor = 1;  // power-on divisor latch (0 = 65536)
};

class Uart final : public Device {
 public:
  static constexpr uint32_t kBaseBaud = 115200;  // 1.8432 MHz / 16

  Uart(std::string name, DeviceContext ctx, Pin irq, UartConfig config = {});
  Uart(const Uart&) = delete;
  Uart& operator=(const Uart&) = delete;

  const std::string& name() const override { return name_; }
  void reset() override;
  uint32_t io_read(uint16_t port, unsigned size) override;
  void io_write(uint16_t port, uint32_t value, unsigned size) override;
  std::vector<PortRange> ports() const { return {{base_, uint16_t(base_ + 7)}}; }
  uint16_t base() const { return base_; }

  void receive(const std::string& bytes);
  void set_modem_inputs(bool cts, bool dsr, bool ri, bool dcd);
  void line_error(uint8_t lsr_bits);

  uint64_t char_cycles() const;
  uint8_t lsr() const;
  uint8_t iir() const;  // what an IIR read would return, without its side effects
  uint8_t ier() const { return ier_; }
  uint8_t lcr() const { return lcr_; }
  uint8_t mcr() const { return mcr_; }
  uint8_t msr() const { return msr_; }
  uint16_t divisor() const { return uint16_t(dll_ | (dlm_ << 8)); }
  bool fifo_enabled() const { return fifo_; }
  bool irq_level() const { return irq_level_; }
  std::size_t rx_pending() const { return rx_fifo_.size() + rx_wire_.size(); }

 private:
  static void on_tx_done(void* ctx, uint64_t now, uint64_t tag);
  static void on_rx_arrival(void* ctx, uint64_t now, uint64_t tag);
  static void on_rx_timeout(void* ctx, uint64_t now, uint64_t tag);
  uint8_t read_reg(unsigned offset);
  void write_reg(unsigned offset, uint8_t value);
  uint8_t interrupt_id() const;
  void update_irq();
  void pump_rx(uint64_t now);
  void restart_timeout(uint64_t now);
  bool rx_room() const { return fifo_ ? rx_fifo_.size() < 16 : rx_fifo_.empty(); }

  std::string name_;
  DeviceContext ctx_;
  Pin irq_;
  UartConfig config_;
  uint16_t base_;
  uint8_t ier_ = 0, lcr_ = 0, mcr_ = 0, scr_ = 0, dll_ = 1, dlm_ = 0, msr_ = 0xB0;
  uint8_t lsr_errors_ = 0;  // bits 1-4
  bool fifo_ = false;
  unsigned rx_trigger_ = 1;
  // transmit
  bool tx_busy_ = false;
  uint64_t tx_done_at_ = 0;
  bool thre_ip_ = false;  // the latched THRE interrupt
  uint64_t tx_gen_ = 0;
  // receive
  std::deque<uint8_t> rx_wire_;  // not arrived yet
  std::deque<uint8_t> rx_fifo_;  // RBR (non-FIFO: at most one byte) or the RX FIFO
  uint8_t last_rbr_ = 0;
  bool rx_scheduled_ = false;
  uint64_t rx_gen_ = 0;
  bool timeout_ip_ = false;
  uint64_t timeout_gen_ = 0;
  bool irq_level_ = false;
};

}  // namespace irq::sim
