// sim/gdb/serial.h — the serial console over TCP (`--serial 127.0.0.1:PORT`, Boost.Asio): one TCP
// client at a time is the far end of a 16550 UART's line.
//   client -> guest: every byte read from the socket goes to Uart::receive, as the scenario
//     timeline's `uart: { receive: ... }` does (so ^C, 0x03, reaches the tty's line discipline and
//     its ISIG: SIGINT to the foreground group). Nothing is filtered: telnet's IAC negotiation
//     bytes would reach the guest too (use nc, or telnet in raw mode).
//   guest -> client: the machine's console (UART transmitter and port 0xE9, Machine::console()),
//     from the first byte: output written before a client connects waits for it.
// The bridge polls from a periodic event on the machine's EventQueue (every simulated
// millisecond). When that event finds the CPU halted (the guest idle, waiting for input), it waits
// up to one host millisecond for the client, so an idle guest runs at about real time instead of
// racing to its cycle limit; a busy guest is never slowed. Loopback only unless allow_remote
// (then a warning is printed). A client that disconnects is dropped and the next one accepted; the
// machine loses nothing. The tick stays queued: the machine must not run after the bridge is gone.
#pragma once
#include <cstdint>
#include <ostream>
#include <string>

#ifndef BOOST_ASIO_DISABLE_CO_AWAIT
#define BOOST_ASIO_DISABLE_CO_AWAIT 1
#endif
#include <boost/asio.hpp>

#include "sim/machine.h"

namespace irq::sim { class Uart; }

namespace irq::gdb {

class SerialBridge {
 public:
  // Throws std::runtime_error for a bad or non-loopback address (without allow_remote) or a bind
  // error. Prints "serial: listening on port N" on log.
  SerialBridge(sim::Machine& machine, sim::Uart& uart, const std::string& listen, bool allow_remote,
               std::ostream& log);
  ~SerialBridge();
  SerialBridge(const SerialBridge&) = delete;
  SerialBridge& operator=(const SerialBridge&) = delete;
  uint16_t port() const { return port_; }
  bool connected() const { return connected_; }
  // Accept, move bytes both ways; wait up to `wait_ms` host milliseconds for input when > 0.
  void poll(int wait_ms = 0);
  // Send what is left of the console and close (the end of the run).
  void flush_and_close();

 private:
  static void on_tick(void* ctx, uint64_t now, uint64_t tag);
  void start_accept();
  void start_read();
  void drop();
  void send_console();

  sim::Machine& m_;
  sim::Uart& uart_;
  std::ostream& log_;
  boost::asio::io_context io_;
  boost::asio::ip::tcp::acceptor acceptor_;
  boost::asio::ip::tcp::socket client_;
  bool connected_ = false, accepting_ = false, reading_ = false, got_input_ = false;
  uint16_t port_ = 0;
  size_t sent_ = 0;  // console bytes already sent
  uint64_t period_ = 0;
  char buf_[1024];
};

}  // namespace irq::gdb
