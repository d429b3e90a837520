// sim/devices/keyboard.h — the i8042 keyboard controller with a PS/2 keyboard behind it, as a
// BIOS-less guest sees it: scan-code set 1 bytes (the controller's translation on), one per read.
//
// Sources: IBM PC AT Technical Reference, "Keyboard Controller" (status register, command byte,
// controller commands 20h/60h/AAh/ABh/ADh/AEh) and "Keyboard" (scan-code set 1 make/break codes,
// keyboard commands and their ACK FAh); the PS/2 keyboard interface (11-bit frames at a 10-16.7 kHz
// keyboard clock) for the byte delay. Cited below as [AT-KBC] and [AT-KBD].
//
//                  +-----------+
//   port 0x60 <--> |   i8042   | --> IRQ1   the Pin given at construction: high while the output
//   port 0x64 <--> |           |            buffer is full (OBF) and command byte bit 0 is set
//                  +-----------+ <-- keyboard bytes: type_text(), press_scancodes()
//   0x60 read:  the output buffer (clears OBF, lowers IRQ1; with OBF clear it re-reads the last
//               byte). 0x60 write: a keyboard command (ACKed with FAh), or the data byte of a
//               controller command 60h (command byte) / D1h (output port, ignored).
//   0x64 read:  status: bit 0 OBF, 1 IBF (always 0: commands complete at once), 2 SYS (command
//               byte bit 2), 3 A2 (last write went to 0x64), 4 INH (1: not inhibited).
//   0x64 write: controller command: 20h read command byte, 60h write command byte, AAh self test
//               (55h), ABh interface test (00h), ADh/AEh disable/enable the keyboard (command byte
//               bit 4), A7h/A8h disable/enable the aux port (bit 5), D1h write output port
//               (accepted, ignored), others ignored.
//   Command byte default 0x45: bit 0 IRQ1 enabled, bit 2 SYS, bit 6 translation to set 1.
//
// Delivery: keyboard bytes wait in a queue. The keyboard sends the next byte only while the output
//   buffer is empty (the controller inhibits the keyboard clock while OBF is set) and the keyboard is
//   enabled; a byte reaches the output buffer one byte time after the buffer became free (or after
//   it was queued, if the buffer was already free): config.byte_cycles, by default 1 ms of CPU
//   cycles = ceil(clock_hz / 1000) — an 11-bit PS/2 frame at ~11 kHz (the PS/2 clock is
//   10-16.7 kHz, so 0.66-1.1 ms). Controller replies (20h, AAh, ABh) and keyboard ACKs go
//   before queued key bytes and are loaded at once when the buffer is free.
//
// API:  Keyboard kbd("keyboard", ctx, irq1_pin);    // + KeyboardConfig
//       kbd.ports() -> {0x60,0x60}, {0x64,0x64}
//       kbd.type_text("ls\n^C");   // ASCII + "^X" control keys; throws std::invalid_argument
//       kbd.press_scancodes({0x1D, 0x2E, 0xAE, 0x9D});
//       Keyboard::encode_text(text, bytes, &why)  -> false + why on an untypable character
//       kbd.obf(), kbd.output_buffer(), kbd.command_byte(), kbd.queued()
//   Text: letters (upper case with Left Shift), digits, space, "\n" or "\r" = Enter, "\t" Tab,
//   "\b" Backspace, "\x1b" Esc, US-layout punctuation (shifted ones wrapped in Left Shift make/
//   break). "^X" with X a letter (either case) or one of @ [ \ ] _ is Ctrl+X: Ctrl make, key make,
//   key break, Ctrl break ("^C" = 1D 2E AE 9D; "^@" = Ctrl+2, "^_" = Ctrl+-); "^^" types a '^';
//   a '^' at the end of the text is a '^'. Raw control bytes 0x01-0x1A (other than \t \n \r \b)
//   are Ctrl+letter too.
//
// Inaccuracies:
//   - No PS/2 serial timing beyond the one byte delay; no typematic repeat; no key rollover limits.
//   - Keyboard commands written to 0x60 are all answered FAh (FFh reset: FAh AAh; EEh echo: EEh;
//     F2h identify: FAh ABh 41h); their parameters (EDh LEDs, F0h set, F3h rate) are ACKed and
//     ignored; the keyboard always sends set 1 (translation is not modelled as a conversion).
//   - No aux (mouse) device: aux commands are accepted and do nothing; status bit 5 stays 0.
//   - D1h (output port: A20, reset) and FEh (pulse reset) are ignored: no A20 gate, no reset.
//   - Status bits 6/7 (timeout, parity) are always 0; IBF is always 0.
//   - Controller replies are immediate (the real 8042 firmware takes tens of microseconds).
#pragma once
#include <cstdint>
#include <deque>
#include <initializer_list>
#include <string>
#include <utility>
#include <vector>

#include "sim/device.h"

namespace irq::sim {


struct KeyboardConfig {
  uint64_t byte_cycles = 0;  // 0: ceil(clock_hz / 1000) (1 ms per byte)
};

class Keyboard final : public Device {
 public:
  static constexpr uint16_t kDataPort = 0x60, kStatusPort = 0x64;
  static constexpr uint8_t kDefaultCommandByte = 0x45;

  Keyboard(std::string name, DeviceContext ctx, Pin irq, KeyboardConfig config = {});
  Keyboard(const Keyboard&) = delete;
  Keyboard& operator=(const Keyboard&) = delete;

  const std::string& name() const override { return name_; }
  void reset() override;
  uint32_t io_read(uint16_t port, unsigned size) override;
  void io_write(uint16_t port, uint32_t value, unsigned size) override;
  std::vector<PortRange> ports() const { return {{kDataPort, kDataPort}, {kStatusPort, kStatusPort}}; }

  void type_text(const std::string& text);
  void press_scancodes(const std::vector<uint8_t>& bytes);
  static bool encode_text(const std::string& text, std::vector<uint8_t>& out, std::string* why);

  bool obf() const { return obf_; }
  uint8_t output_buffer() const { return out_; }
  uint8_t command_byte() const { return command_; }
  uint8_t status() const;
  std::size_t queued() const { return kbd_queue_.size() + reply_queue_.size(); }
  uint64_t byte_cycles() const { return byte_cycles_; }

 private:
  static void on_event(void* ctx, uint64_t now, uint64_t tag);
  uint8_t read_byte(uint16_t port);
  void write_byte(uint16_t port, uint8_t value);
  void controller_command(uint8_t cmd);
  void keyboard_command(uint8_t cmd);
  void reply(std::initializer_list<uint8_t> bytes);  // controller / keyboard replies, in order
  void pump(uint64_t now);  // fill the output buffer or schedule the next keyboard byte
  void update_irq();
  bool keyboard_enabled() const { return !(command_ & 0x10); }

  std::string name_;
  DeviceContext ctx_;
  Pin irq_;
  uint64_t byte_cycles_;
  std::deque<uint8_t> kbd_queue_;    // key bytes from the keyboard
  std::deque<uint8_t> reply_queue_;  // replies: before key bytes
  uint8_t out_ = 0;
  bool obf_ = false;
  uint8_t command_ = kDefaultCommandByte;
  bool a2_ = false;             // last write was a command (0x64)
  uint8_t pending_data_cmd_ = 0;  // 0x60 / 0xD1: the next 0x60 write is its data
  bool kbd_param_ = false;      // the next 0x60 write is a keyboard command's parameter
  uint64_t generation_ = 0;
  bool scheduled_ = false;      // a keyboard byte is on its way (event pending)
};

}  // namespace irq::sim
