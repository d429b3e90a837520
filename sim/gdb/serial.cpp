// sim/gdb/serial.cpp — see serial.h.
#include "sim/gdb/serial.h"

#include <chrono>
#include <memory>
#include <stdexcept>

#include "sim/devices/uart.h"
#include "sim/gdb/server.h"

namespace irq::gdb {

namespace asio = boost::asio;
using asio::ip::tcp;

SerialBridge::SerialBridge(sim::Machine& machine, sim::Uart& uart, const std::string& listen,
                           bool allow_remote, std::ostream& log)
    : m_(machine), uart_(uart), log_(log), acceptor_(io_), client_(io_) {
  std::string host;
  uint16_t port = 0;
  if (!parse_listen(listen, host, port))
    throw std::runtime_error("--serial wants HOST:PORT, got '" + listen + "'");
  port_ = open_listener(acceptor_, host, port, allow_remote, "serial", "the serial console",
                        "anyone who can reach it types into the guest", log_);
  log_ << "serial: listening on port " << port_ << "\n" << std::flush;
  period_ = std::max<uint64_t>(1, m_.config().clock_hz / 1000);
  m_.events().schedule(m_.now() + period_, &SerialBridge::on_tick, this, 0, sim::EventQueue::kTimeline);
  start_accept();
}

SerialBridge::~SerialBridge() { drop(); }

void SerialBridge::on_tick(void* ctx, uint64_t now, uint64_t) {
  auto* self = static_cast<SerialBridge*>(ctx);
  const bool idle = self->m_.cpu().state().halted;
  self->poll(idle ? 1 : 0);
  self->m_.events().schedule(now + self->period_, &SerialBridge::on_tick, self, 0,
                             sim::EventQueue::kTimeline);
}

void SerialBridge::start_accept() {
  if (accepting_ || connected_) return;
  accepting_ = true;
  acceptor_.async_accept([this](const boost::system::error_code& ec, tcp::socket s) {
    accepting_ = false;
    if (ec) return;
    client_ = std::move(s);
    boost::system::error_code ignored;
    client_.set_option(tcp::no_delay(true), ignored);
    connected_ = true;
    start_read();
  });
}

void SerialBridge::start_read() {
  reading_ = true;
  client_.async_read_some(asio::buffer(buf_), [this](const boost::system::error_code& ec, size_t n) {
    reading_ = false;
    if (ec) {
      drop();
      return;
    }
    uart_.receive(std::string(buf_, n));
    got_input_ = true;
    if (connected_) start_read();
  });
}

void SerialBridge::drop() {
  if (!connected_) return;
  boost::system::error_code ignored;
  client_.shutdown(tcp::socket::shutdown_both, ignored);
  client_.close(ignored);
  connected_ = false;
}

void SerialBridge::send_console() {
  if (!connected_) return;
  const std::string& c = m_.console();
  if (sent_ >= c.size()) return;
  boost::system::error_code ec;
  asio::write(client_, asio::buffer(c.data() + sent_, c.size() - sent_), ec);
  if (ec) {
    drop();
    return;
  }
  sent_ = c.size();
}

void SerialBridge::poll(int wait_ms) {
  send_console();
  got_input_ = false;
  io_.poll();
  if (wait_ms > 0 && !got_input_) {
    io_.restart();
    io_.run_one_for(std::chrono::milliseconds(wait_ms));
  }
  if (io_.stopped()) io_.restart();
  start_accept();
  send_console();
}

void SerialBridge::flush_and_close() {
  send_console();
  drop();
}

}  // namespace irq::gdb
