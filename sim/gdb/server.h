// sim/gdb/server.h — the GDB stub's TCP side (Boost.Asio, one thread): an acceptor on
// 127.0.0.1:PORT by default (another address needs allow_remote and prints a warning), one client
// at a time. serve() runs the machine in slices while the target runs and polls the io_context
// between slices; while stopped it blocks in io_context.run_one().
// Bad checksums get '-'; an oversized packet (> Stub::kPacketSize) or a client that disconnects is
// dropped; the Stub (and so the machine) keeps its state and the next client is accepted. A client
// that disconnects while the target runs leaves it paused. The Stub decides what "the target" is
// (the machine, or one process of the mini OS: stub.h); a step on the mini OS is asynchronous like
// a continue (its stop reply comes from a later slice, 0x03 can end it).
#pragma once
#include <cstdint>
#include <ostream>
#include <string>

#ifndef BOOST_ASIO_DISABLE_CO_AWAIT
#define BOOST_ASIO_DISABLE_CO_AWAIT 1
#endif
#include <utility>
#include <boost/asio.hpp>

#include "sim/gdb/rsp.h"
#include "sim/gdb/stub.h"

namespace irq::gdb {

// "HOST:PORT" -> host, port. False when malformed.
bool parse_listen(const std::string& listen, std::string& host, uint16_t& port);

// Open `acceptor` on host:port for one client (the GDB stub and the serial bridge alike): a
// non-loopback host needs allow_remote and logs "warning: SERVICE listens on HOST: RISK". Returns
// the port bound (port 0: the system's choice). Throws std::runtime_error("WHO: ...") for a bad,
// refused or busy address.
uint16_t open_listener(boost::asio::ip::tcp::acceptor& acceptor, const std::string& host, uint16_t port,
                       bool allow_remote, const char* who, const char* service, const char* risk,
                       std::ostream& log);

class Server {
 public:
  // Throws std::runtime_error when the address is not loopback and !allow_remote, or on bind errors.
  Server(Stub& stub, const std::string& host, uint16_t port, bool allow_remote, std::ostream& log);
  uint16_t port() const { return port_; }
  // Serve until the client kills the target, detaches, or the machine stops.
  void serve();

 private:
  void start_accept();
  void start_read();
  void on_bytes(size_t n);
  void send_raw(const std::string& bytes);
  void send_packet(const std::string& payload);
  void drop_client();
  bool done() const;

  Stub& stub_;
  std::ostream& log_;
  boost::asio::io_context io_;
  boost::asio::ip::tcp::acceptor acceptor_;
  boost::asio::ip::tcp::socket client_;
  bool connected_ = false;
  bool accepting_ = false;
  bool finished_ = false;  // W/X sent, or detached
  uint16_t port_ = 0;
  Decoder decoder_;
  std::string last_packet_;
  char buf_[4096];
};

}  // namespace irq::gdb
