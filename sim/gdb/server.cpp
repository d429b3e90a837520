// sim/gdb/server.cpp — see server.h.
#include "sim/gdb/server.h"

#include <stdexcept>
#include <vector>

namespace irq::gdb {

namespace asio = boost::asio;
using asio::ip::tcp;

bool parse_listen(const std::string& listen, std::string& host, uint16_t& port) {
  const size_t colon = listen.rfind(':');
  if (colon == std::string::npos) return false;
  host = listen.substr(0, colon);
  const std::string p = listen.substr(colon + 1);
  if (p.empty() || p.size() > 5 || p.find_first_not_of("0123456789") != std::string::npos)
    return false;
  const unsigned long v = std::stoul(p);
  if (v > 65535) return false;
  port = uint16_t(v);
  if (host.empty()) host = "127.0.0.1";
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  return true;
}

uint16_t open_listener(tcp::acceptor& acceptor, const std::string& host, uint16_t port, bool allow_remote,
                       const char* who, const char* service, const char* risk, std::ostream& log) {
  const std::string w(who);
  boost::system::error_code ec;
  const asio::ip::address addr = asio::ip::make_address(host == "localhost" ? "127.0.0.1" : host, ec);
  if (ec) throw std::runtime_error(w + ": bad listen address '" + host + "'");
  if (!addr.is_loopback()) {
    if (!allow_remote)
      throw std::runtime_error(w + ": " + host + " is not a loopback address (use --allow-remote)");
    log << "warning: " << service << " listens on " << host << ": " << risk << "\n";
  }
  const tcp::endpoint ep(addr, port);
  acceptor.open(ep.protocol());
  acceptor.set_option(tcp::acceptor::reuse_address(true));
  acceptor.bind(ep, ec);
  if (ec)
    throw std::runtime_error(w + ": cannot listen on " + host + ":" + std::to_string(port) + ": " + ec.message());
  acceptor.listen(1);
  return acceptor.local_endpoint().port();
}

Server::Server(Stub& stub, const std::string& host, uint16_t port, bool allow_remote,
               std::ostream& log)
    : stub_(stub), log_(log), acceptor_(io_), client_(io_), decoder_(Stub::kPacketSize) {
  port_ = open_listener(acceptor_, host, port, allow_remote, "gdb", "the GDB stub",
                        "anyone who can reach it controls the simulation", log_);
}

bool Server::done() const { return finished_ || stub_.killed(); }

void Server::start_accept() {
  if (accepting_ || connected_) return;
  accepting_ = true;
  acceptor_.async_accept([this](const boost::system::error_code& ec, tcp::socket s) {
    accepting_ = false;
    if (ec) return;
    client_ = std::move(s);
    boost::system::error_code ignored;
    client_.set_option(tcp::no_delay(true), ignored);
    connected_ = true;
    decoder_.reset();
    start_read();
  });
}

void Server::start_read() {
  client_.async_read_some(asio::buffer(buf_), [this](const boost::system::error_code& ec, size_t n) {
    if (ec) {
      drop_client();
      return;
    }
    on_bytes(n);
    if (connected_ && !done()) start_read();
  });
}

void Server::drop_client() {
  if (!connected_) return;
  boost::system::error_code ignored;
  client_.shutdown(tcp::socket::shutdown_both, ignored);
  client_.close(ignored);
  connected_ = false;
  stub_.pause();
  decoder_.reset();
}

void Server::send_raw(const std::string& bytes) {
  if (!connected_) return;
  boost::system::error_code ec;
  asio::write(client_, asio::buffer(bytes), ec);
  if (ec) drop_client();
}

void Server::send_packet(const std::string& payload) {
  last_packet_ = frame(payload);
  send_raw(last_packet_);
}

void Server::on_bytes(size_t n) {
  std::vector<RspEvent> events;
  decoder_.feed(std::string_view(buf_, n), events);
  for (const RspEvent& e : events) {
    if (!connected_ || done()) return;
    switch (e.kind) {
      case RspEvent::Kind::Ack:
        break;
      case RspEvent::Kind::Nack:
        if (!last_packet_.empty()) send_raw(last_packet_);
        break;
      case RspEvent::Kind::Interrupt:
        if (auto r = stub_.interrupt()) send_packet(*r);
        break;
      case RspEvent::Kind::BadChecksum:
        send_raw("-");
        break;
      case RspEvent::Kind::Oversized:
        log_ << "gdb: oversized packet, client dropped\n";
        drop_client();
        return;
      case RspEvent::Kind::Packet: {
        send_raw("+");
        if (stub_.running()) break;  // only 0x03 is meaningful while running
        const std::optional<std::string> r = stub_.handle(e.payload);
        if (r) send_packet(*r);
        if (stub_.detached()) finished_ = true;
        if (stub_.exited() && r && (r->front() == 'W' || r->front() == 'X')) finished_ = true;
        break;
      }
    }
  }
}

void Server::serve() {
  log_ << "gdb: listening on port " << port_ << "\n" << std::flush;
  while (!done()) {
    start_accept();
    if (stub_.running()) {
      if (auto r = stub_.run_slice(20000)) {
        send_packet(*r);
        if (stub_.exited()) finished_ = true;
      }
      io_.poll();
    } else {
      io_.run_one();
    }
    if (io_.stopped()) io_.restart();
  }
  // Detach: let the machine run to its stop without the debugger.
  if (stub_.detached() && !stub_.exited()) {
    stub_.handle("c");
    while (!stub_.run_slice(1000000)) {
    }
  }
  drop_client();
}

}  // namespace irq::gdb
