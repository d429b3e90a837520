// sim/gdb/rsp.cpp — see rsp.h.
#include "sim/gdb/rsp.h"

namespace irq::gdb {

namespace {
int hexval(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}
const char kHex[] = "0123456789abcdef";
}  // namespace

uint8_t checksum(std::string_view raw) {
  unsigned s = 0;
  for (char c : raw) s += uint8_t(c);
  return uint8_t(s);
}

std::string frame(std::string_view payload) {
  std::string body;
  body.reserve(payload.size() + 8);
  for (char c : payload) {
    if (c == '$' || c == '#' || c == '}' || c == '*') {
      body.push_back('}');
      body.push_back(char(c ^ 0x20));
    } else {
      body.push_back(c);
    }
  }
  const uint8_t cs = checksum(body);
  std::string out = "$" + body + "#";
  out.push_back(kHex[cs >> 4]);
  out.push_back(kHex[cs & 15]);
  return out;
}

std::string unescape(std::string_view raw) {
  std::string out;
  out.reserve(raw.size());
  for (size_t i = 0; i < raw.size(); ++i) {
    const char c = raw[i];
    if (c == '}' && i + 1 < raw.size()) {
      out.push_back(char(raw[++i] ^ 0x20));
    } else if (c == '*' && i + 1 < raw.size() && !out.empty()) {
      const int n = int(uint8_t(raw[++i])) - 29;
      if (n > 0) out.append(size_t(n), out.back());
    } else {
      out.push_back(c);
    }
  }
  return out;
}

void Decoder::feed(std::string_view bytes, std::vector<RspEvent>& out) {
  for (char c : bytes) {
    switch (state_) {
      case State::Idle:
        if (c == '$') {
          raw_.clear();
          state_ = State::Data;
        } else if (c == '+') {
          out.push_back({RspEvent::Kind::Ack, {}});
        } else if (c == '-') {
          out.push_back({RspEvent::Kind::Nack, {}});
        } else if (c == '\x03') {
          out.push_back({RspEvent::Kind::Interrupt, {}});
        }  // anything else between packets is noise: ignored
        break;
      case State::Data:
        if (c == '#') {
          state_ = State::Check1;
        } else if (c == '$') {
          raw_.clear();  // a new start: the previous packet was truncated
        } else if (raw_.size() >= max_) {
          out.push_back({RspEvent::Kind::Oversized, {}});
          raw_.clear();
          state_ = State::Skip;
        } else {
          raw_.push_back(c);
        }
        break;
      case State::Skip:  // drop the rest of an oversized packet up to its '#xx'
        if (c == '#') state_ = State::Check1, raw_.assign(1, '\x01');
        break;
      case State::Check1:
        hi_ = c;
        state_ = State::Check2;
        break;
      case State::Check2: {
        state_ = State::Idle;
        if (raw_.size() == 1 && raw_[0] == '\x01') {  // end of a skipped oversized packet
          raw_.clear();
          break;
        }
        const int h = hexval(hi_), l = hexval(c);
        if (h < 0 || l < 0 || uint8_t(h * 16 + l) != checksum(raw_)) {
          out.push_back({RspEvent::Kind::BadChecksum, {}});
        } else {
          out.push_back({RspEvent::Kind::Packet, unescape(raw_)});
        }
        raw_.clear();
        break;
      }
    }
  }
}

std::string to_hex(const uint8_t* data, size_t n) {
  std::string s;
  s.reserve(n * 2);
  for (size_t i = 0; i < n; ++i) {
    s.push_back(kHex[data[i] >> 4]);
    s.push_back(kHex[data[i] & 15]);
  }
  return s;
}

bool from_hex(std::string_view hex, std::vector<uint8_t>& out) {
  if (hex.size() % 2) return false;
  out.clear();
  for (size_t i = 0; i < hex.size(); i += 2) {
    const int h = hexval(hex[i]), l = hexval(hex[i + 1]);
    if (h < 0 || l < 0) return false;
    out.push_back(uint8_t(h * 16 + l));
  }
  return true;
}

bool parse_hex_u64(std::string_view s, uint64_t& v) {
  if (s.empty() || s.size() > 16) return false;
  v = 0;
  for (char c : s) {
    const int d = hexval(c);
    if (d < 0) return false;
    v = v * 16 + uint64_t(d);
  }
  return true;
}

}  // namespace irq::gdb
