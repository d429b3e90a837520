// sim/devices/keyboard.cpp — see keyboard.h. [AT-KBC] / [AT-KBD] = IBM PC AT Technical Reference,
// keyboard controller / keyboard sections.
#include "sim/devices/keyboard.h"

#include <cstdio>
#include <stdexcept>
#include <utility>

namespace irq::sim {

namespace {

constexpr uint8_t kLeftCtrl = 0x1D, kLeftShift = 0x2A, kBreak = 0x80;

// Scan-code set 1 make code of the US-layout key that types `c`, and whether Shift is needed.
bool ascii_key(char c, uint8_t& code, bool& shift) {
  static const char* const kRow1 = "1234567890-=";   // 0x02..0x0D
  static const char* const kRow1s = "!@#$%^&*()_+";
  static const char* const kRow2 = "qwertyuiop[]";   // 0x10..0x1B
  static const char* const kRow2s = "QWERTYUIOP{}";
  static const char* const kRow3 = "asdfghjkl;'`";   // 0x1E..0x29
  static const char* const kRow3s = "ASDFGHJKL:\"~";
  static const char* const kRow4 = "\\zxcvbnm,./";   // 0x2B..0x35
  static const char* const kRow4s = "|ZXCVBNM<>?";
  struct Row { const char* plain; const char* shifted; uint8_t first; };
  static const Row kRows[] = {{kRow1, kRow1s, 0x02}, {kRow2, kRow2s, 0x10},
                              {kRow3, kRow3s, 0x1E}, {kRow4, kRow4s, 0x2B}};
  for (const Row& r : kRows) {
    for (unsigned i = 0; r.plain[i]; ++i) {
      if (c == r.plain[i]) { code = uint8_t(r.first + i); shift = false; return true; }
      if (c == r.shifted[i]) { code = uint8_t(r.first + i); shift = true; return true; }
    }
  }
  shift = false;
  switch (c) {
    case ' ': code = 0x39; return true;
    case '\n':
    case '\r': code = 0x1C; return true;
    case '\t': code = 0x0F; return true;
    case '\b': code = 0x0E; return true;
    case '\x1b': code = 0x01; return true;
    default: return false;
  }
}

void tap(std::vector<uint8_t>& out, uint8_t code, bool shift) {
  if (shift) out.push_back(kLeftShift);
  out.push_back(code);
  out.push_back(uint8_t(code | kBreak));
  if (shift) out.push_back(uint8_t(kLeftShift | kBreak));
}

void ctrl_tap(std::vector<uint8_t>& out, uint8_t code) {
  out.push_back(kLeftCtrl);
  out.push_back(code);
  out.push_back(uint8_t(code | kBreak));
  out.push_back(uint8_t(kLeftCtrl | kBreak));
}

// The key for Ctrl+X ("^X"): a letter, or @ [ \ ] _ (the ASCII control characters 00h, 1Bh-1Fh).
bool ctrl_key(char x, uint8_t& code) {
  if (x >= 'A' && x <= 'Z') x = char(x - 'A' + 'a');
  bool shift = false;
  switch (x) {
    case '@': x = '2'; break;
    case '_': x = '-'; break;
    case '[': case '\\': case ']': break;
    default:
      if (x < 'a' || x > 'z') return false;
  }
  return ascii_key(x, code, shift);
}

}  // namespace

bool Keyboard::encode_text(const std::string& text, std::vector<uint8_t>& out, std::string* why) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    uint8_t code = 0;
    bool shift = false;
    if (c == '^' && i + 1 < text.size()) {
      const char x = text[i + 1];
      ++i;
      if (x == '^') { ascii_key('^', code, shift); tap(out, code, shift); continue; }
      if (!ctrl_key(x, code)) {
        if (why) *why = std::string("no control key \"^") + x + "\" (use ^A-^Z, ^@, ^[, ^\\, ^], ^_ or ^^)";
        return false;
      }
      ctrl_tap(out, code);
      continue;
    }
    if (c >= 0x01 && c <= 0x1A && c != '\t' && c != '\n' && c != '\r' && c != '\b') {
      ascii_key(char('a' + c - 1), code, shift);
      ctrl_tap(out, code);
      continue;
    }
    if (!ascii_key(c, code, shift)) {
      if (why) {
        char buf[64];
        std::snprintf(buf, sizeof buf, "cannot type character 0x%02X at offset %zu",
                      unsigned(uint8_t(c)), i);
        *why = buf;
      }
      return false;
    }
    tap(out, code, shift);
  }
  return true;
}

Keyboard::Keyboard(std::string name, DeviceContext ctx, Pin irq, KeyboardConfig config)
    : name_(std::move(name)), ctx_(std::move(ctx)), irq_(irq),
      byte_cycles_(config.byte_cycles ? config.byte_cycles : (ctx_.clock_hz + 999) / 1000) {
  reset();
}

void Keyboard::reset() {
  kbd_queue_.clear();
  reply_queue_.clear();
  out_ = 0;
  obf_ = false;
  command_ = kDefaultCommandByte;
  a2_ = false;
  pending_data_cmd_ = 0;
  kbd_param_ = false;
  ++generation_;
  scheduled_ = false;
  update_irq();
}

uint8_t Keyboard::status() const {
  return uint8_t((obf_ ? 0x01 : 0) | (command_ & 0x04) | (a2_ ? 0x08 : 0) | 0x10);
}

void Keyboard::type_text(const std::string& text) {
  std::vector<uint8_t> bytes;
  std::string why;
  if (!encode_text(text, bytes, &why)) throw std::invalid_argument("keyboard: " + why);
  press_scancodes(bytes);
}

void Keyboard::press_scancodes(const std::vector<uint8_t>& bytes) {
  for (uint8_t b : bytes) kbd_queue_.push_back(b);
  pump(ctx_.now());
}

void Keyboard::update_irq() { irq_.set(obf_ && (command_ & 0x01)); }

void Keyboard::pump(uint64_t now) {
  if (obf_) return;
  if (!reply_queue_.empty()) {
    out_ = reply_queue_.front();
    reply_queue_.pop_front();
    obf_ = true;
    update_irq();
    return;
  }
  if (kbd_queue_.empty() || !keyboard_enabled() || scheduled_ || !ctx_.events) return;
  // [AT-KBD]: one 11-bit frame on the keyboard clock per byte (see keyboard.h "Delivery").
  scheduled_ = true;
  ctx_.events->schedule(now + byte_cycles_, &Keyboard::on_event, this, generation_);
}

void Keyboard::on_event(void* ctx, uint64_t now, uint64_t tag) {
  Keyboard& k = *static_cast<Keyboard*>(ctx);
  if (tag != k.generation_) return;
  k.scheduled_ = false;
  if (k.obf_) return;  // a controller reply got there first: the byte waits for the next read
  if (!k.reply_queue_.empty()) { k.pump(now); return; }
  if (k.kbd_queue_.empty() || !k.keyboard_enabled()) return;
  k.out_ = k.kbd_queue_.front();
  k.kbd_queue_.pop_front();
  k.obf_ = true;
  k.update_irq();
}

void Keyboard::reply(std::initializer_list<uint8_t> bytes) {
  for (uint8_t b : bytes) reply_queue_.push_back(b);
  pump(ctx_.now());
}

uint32_t Keyboard::io_read(uint16_t port, unsigned size) {
  uint32_t v = read_byte(port);
  for (unsigned i = 1; i < size; ++i) v |= 0xFFu << (8 * i);  // one 8-bit port per address
  return v;
}

void Keyboard::io_write(uint16_t port, uint32_t value, unsigned /*size*/) {
  write_byte(port, uint8_t(value));
}

uint8_t Keyboard::read_byte(uint16_t port) {
  if (port == kStatusPort) return status();
  if (port != kDataPort) return 0xFF;
  const uint8_t v = out_;
  if (obf_) {  // [AT-KBC]: reading the output buffer clears OBF (and so IRQ1)
    obf_ = false;
    update_irq();
    pump(ctx_.now());
  }
  return v;
}

void Keyboard::write_byte(uint16_t port, uint8_t value) {
  if (port == kStatusPort) {
    a2_ = true;
    controller_command(value);
    return;
  }
  if (port != kDataPort) return;
  a2_ = false;
  if (pending_data_cmd_ == 0x60) {  // [AT-KBC] 60h: the data byte is the new command byte
    pending_data_cmd_ = 0;
    command_ = value;
    update_irq();
    pump(ctx_.now());
    return;
  }
  if (pending_data_cmd_ == 0xD1) {  // output port: A20 / reset not modelled
    pending_data_cmd_ = 0;
    return;
  }
  keyboard_command(value);
}

void Keyboard::controller_command(uint8_t cmd) {
  pending_data_cmd_ = 0;
  switch (cmd) {
    case 0x20: reply({command_}); break;
    case 0x60: pending_data_cmd_ = 0x60; break;
    case 0xAA: reply({0x55}); break;  // self test passed
    case 0xAB: reply({0x00}); break;  // keyboard interface test: no error
    case 0xAD: command_ = uint8_t(command_ | 0x10); break;
    case 0xAE:
      command_ = uint8_t(command_ & ~0x10);
      pump(ctx_.now());
      break;
    case 0xA7: command_ = uint8_t(command_ | 0x20); break;
    case 0xA8: command_ = uint8_t(command_ & ~0x20); break;
    case 0xD1: pending_data_cmd_ = 0xD1; break;
    default: break;  // not modelled (see keyboard.h)
  }
}

void Keyboard::keyboard_command(uint8_t cmd) {
  if (kbd_param_) {  // the parameter of EDh / F0h / F3h
    kbd_param_ = false;
    reply({0xFA});
    return;
  }
  switch (cmd) {
    case 0xFF: reply({0xFA, 0xAA}); break;          // reset: ACK, then BAT passed
    case 0xEE: reply({0xEE}); break;                // echo
    case 0xF2: reply({0xFA, 0xAB, 0x41}); break;    // identify: MF2 keyboard, translated
    case 0xED:
    case 0xF0:
    case 0xF3:
      kbd_param_ = true;
      reply({0xFA});
      break;
    default: reply({0xFA}); break;
  }
}

}  // namespace irq::sim
