// sim/gdb/rsp.h — GDB remote serial protocol framing, no sockets: a byte-stream Decoder that turns
// "$payload#cs" packets, '+'/'-' acks and the 0x03 interrupt byte into events, and the encoder.
// Escapes: 0x7d followed by (byte ^ 0x20); run-length "c*N" repeats c (N - 29) more times; both are
// undone after the checksum (taken over the raw bytes) has been verified.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace irq::gdb {

uint8_t checksum(std::string_view raw);
// Escape '$', '#', '}' and '*' (binary replies) and frame: "$" + escaped + "#" + two hex digits.
std::string frame(std::string_view payload);
// Undo escapes and run-length encoding of a raw (checksummed) payload.
std::string unescape(std::string_view raw);

struct RspEvent {
  enum class Kind : uint8_t { Packet, Ack, Nack, Interrupt, BadChecksum, Oversized } kind;
  std::string payload;  // Packet only (unescaped)
};

class Decoder {
 public:
  explicit Decoder(size_t max_payload = 4096) : max_(max_payload) {}
  // Feed bytes; complete events are appended to out.
  void feed(std::string_view bytes, std::vector<RspEvent>& out);
  void reset() { state_ = State::Idle; raw_.clear(); }

 private:
  enum class State : uint8_t { Idle, Data, Check1, Check2, Skip } state_ = State::Idle;
  size_t max_;
  std::string raw_;
  char hi_ = 0;
};

// Hex helpers shared by the stub.
std::string to_hex(const uint8_t* data, size_t n);
bool from_hex(std::string_view hex, std::vector<uint8_t>& out);
bool parse_hex_u64(std::string_view s, uint64_t& v);

}  // namespace irq::gdb
