// tests/test_gdb_rsp.cpp — the GDB remote stub: RSP framing, the Stub against a Machine, and a
// fuzz-style run over a real loopback socket (the Server in a thread, seeded random input).
#include <catch2/catch.hpp>

#include <random>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "sim/gdb/rsp.h"
#include "sim/gdb/server.h"
#include "sim/gdb/stub.h"
#include "sim/runner.h"
#include "sim/scenario.h"

using namespace irq;
using irq::gdb::RspEvent;

namespace {

std::unique_ptr<sim::ScenarioRun> hello_run() {
  const sim::ScenarioSpec spec =
      sim::load_scenario(std::string(IRQ_SOURCE_DIR) + "/tests/scenarios_ok/hello.yaml");
  sim::RunOptions o;
  o.tmp_dir = IRQ_TMP_DIR;
  return std::make_unique<sim::ScenarioRun>(spec, o);
}

std::vector<RspEvent> decode(const std::string& bytes) {
  gdb::Decoder d(64);
  std::vector<RspEvent> out;
  d.feed(bytes, out);
  return out;
}

}  // namespace

TEST_CASE("rsp framing checksums and escapes", "[gdb]") {
  CHECK(gdb::checksum("OK") == 0x9a);
  CHECK(gdb::frame("OK") == "$OK#9a");
  CHECK(gdb::frame("") == "$#00");
  const std::string f = gdb::frame("a}b#c$d*e");
  CHECK(f.substr(0, 15) == "$a}]b}\x03" "c}\x04" "d}\x0a" "e#");
  auto ev = decode(f);
  REQUIRE(ev.size() == 1);
  CHECK(ev[0].kind == RspEvent::Kind::Packet);
  CHECK(ev[0].payload == "a}b#c$d*e");
}

TEST_CASE("rsp decoder events run-length and errors", "[gdb]") {
  auto ev = decode("+$g#67-\x03junk$m0,1#fa");
  REQUIRE(ev.size() == 5);
  CHECK(ev[0].kind == RspEvent::Kind::Ack);
  CHECK(ev[1].kind == RspEvent::Kind::Packet);
  CHECK(ev[1].payload == "g");
  CHECK(ev[2].kind == RspEvent::Kind::Nack);
  CHECK(ev[3].kind == RspEvent::Kind::Interrupt);
  CHECK(ev[4].payload == "m0,1");
  ev = decode("$m0,1#fb");  // checksum is 0xfa
  REQUIRE(ev.size() == 1);
  CHECK(ev[0].kind == RspEvent::Kind::BadChecksum);
  ev = decode("$m0,1#zz");
  REQUIRE(ev.size() == 1);
  CHECK(ev[0].kind == RspEvent::Kind::BadChecksum);
  // "0* " = '0' then ' ' - 29 = 3 more.
  const std::string rle = "0* ";
  char cs[3];
  std::snprintf(cs, sizeof cs, "%02x", gdb::checksum(rle));
  ev = decode("$" + rle + "#" + cs);
  REQUIRE(ev.size() == 1);
  CHECK(ev[0].payload == "0000");
  // Oversized (limit 64): reported once, the rest skipped, the next packet decodes.
  ev = decode("$" + std::string(200, 'a') + "#00$g#67");
  REQUIRE(ev.size() == 2);
  CHECK(ev[0].kind == RspEvent::Kind::Oversized);
  CHECK(ev[1].payload == "g");
  // A '$' inside a packet restarts it.
  ev = decode("$gar$g#67");
  REQUIRE(ev.size() == 1);
  CHECK(ev[0].payload == "g");
  std::vector<uint8_t> b;
  CHECK(gdb::from_hex("00ff7C", b));
  CHECK(b == std::vector<uint8_t>{0, 0xff, 0x7c});
  CHECK_FALSE(gdb::from_hex("0", b));
  CHECK_FALSE(gdb::from_hex("zz", b));
}

TEST_CASE("gdb stub registers memory breakpoints watchpoints", "[gdb]") {
  auto run = hello_run();
  gdb::Stub stub(run->machine(), run->max_cycles());
  CHECK(stub.handle("qSupported:multiprocess+;swbreak+").value().find("PacketSize=1000") == 0);
  const std::string xml = stub.handle("qXfer:features:read:target.xml:0,3fff").value();
  CHECK(xml[0] == 'l');
  CHECK(xml.find("org.gnu.gdb.i386.core") != std::string::npos);
  CHECK(stub.handle("qXfer:features:read:target.xml:10,10").value()[0] == 'm');
  CHECK(stub.handle("qXfer:features:read:other.xml:0,10").value() == "E00");
  CHECK(stub.handle("qAttached").value() == "1");
  CHECK(stub.handle("?").value() == "S05");
  CHECK(stub.handle("p8").value() == "007c0000");  // eip
  CHECK(stub.handle("pa").value() == "00000000");  // cs
  CHECK(stub.handle("p22").value().size() == 8);   // cr3
  CHECK(stub.handle("p23").value() == "E01");
  CHECK(stub.handle("m7c00,4").value() == "fa31c08e");
  CHECK(stub.handle("m7fffffff,4").value() == "E14");
  CHECK(stub.handle("mzz").value() == "E01");
  // M then read back; X with a binary payload.
  CHECK(stub.handle("M600,2:abcd").value() == "OK");
  CHECK(stub.handle("m600,2").value() == "abcd");
  CHECK(stub.handle(std::string("X602,2:\x01\x7d", 9)).value() == "OK");
  CHECK(stub.handle("m602,2").value() == "017d");
  CHECK(stub.handle("M7fffffff,1:00").value() == "E14");
  // P eax then g shows it.
  CHECK(stub.handle("P0=78563412").value() == "OK");
  CHECK(stub.handle("g").value().substr(0, 8) == "78563412");
  // Step: eip 7c00 -> 7c01 (CLI).
  CHECK(stub.handle("vCont?").value().find("vCont;c") == 0);
  CHECK(stub.handle("vCont;s:1").value() == "T05");
  CHECK(stub.handle("p8").value() == "017c0000");
  // Breakpoint at .done (0x7c11): continue stops there; the guest memory is not patched.
  CHECK(stub.handle("Z0,7c11,1").value() == "OK");
  CHECK(stub.handle("m7c11,1").value() == "66");
  CHECK_FALSE(stub.handle("c").has_value());
  CHECK(stub.running());
  std::optional<std::string> r;
  for (int i = 0; i < 100 && !r; ++i) r = stub.run_slice(1000);
  REQUIRE(r);
  CHECK(*r == "T05swbreak:;");
  CHECK(stub.handle("p8").value() == "117c0000");
  CHECK(run->machine().console() == "hello\n");
  // Write watchpoint on 0x500.
  CHECK(stub.handle("z0,7c11,1").value() == "OK");
  CHECK(stub.handle("Z2,500,4").value() == "OK");
  CHECK_FALSE(stub.handle("c").has_value());
  r.reset();
  for (int i = 0; i < 100 && !r; ++i) r = stub.run_slice(1000);
  REQUIRE(r);
  CHECK(*r == "T05watch:500;");
  CHECK(stub.handle("p8").value() == "1a7c0000");
  CHECK(stub.handle("z2,500,4").value() == "OK");
  // Ctrl-C while running, then continue to the exit port: W ef (AL = 0xEF).
  CHECK_FALSE(stub.handle("c").has_value());
  CHECK(stub.interrupt().value() == "T02");
  CHECK(stub.handle("?").value() == "T02");
  CHECK_FALSE(stub.handle("c").has_value());
  r.reset();
  for (int i = 0; i < 100 && !r; ++i) r = stub.run_slice(1000);
  REQUIRE(r);
  CHECK(*r == "Wef");
  CHECK(stub.exited());
  CHECK(stub.handle("unknown").value().empty());
}

namespace {

namespace asio = boost::asio;
using asio::ip::tcp;

// A blocking test client.
struct Client {
  asio::io_context io;
  tcp::socket s{io};
  gdb::Decoder dec{1 << 16};
  std::vector<RspEvent> pending;

  bool connect(uint16_t port) {
    boost::system::error_code ec;
    s.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port), ec);
    if (ec) return false;
    s.set_option(tcp::no_delay(true), ec);
    return true;
  }
  void send(const std::string& bytes) {
    boost::system::error_code ec;
    asio::write(s, asio::buffer(bytes), ec);
  }
  // Send a packet and wait for its reply payload.
  std::string ask(const std::string& payload) {
    send(gdb::frame(payload));
    for (;;) {
      for (size_t i = 0; i < pending.size(); ++i) {
        if (pending[i].kind == RspEvent::Kind::Packet) {
          std::string p = pending[i].payload;
          pending.erase(pending.begin(), pending.begin() + long(i) + 1);
          send("+");
          return p;
        }
      }
      pending.clear();
      char buf[4096];
      boost::system::error_code ec;
      const size_t n = s.read_some(asio::buffer(buf), ec);
      if (ec) return "<closed>";
      dec.feed(std::string_view(buf, n), pending);
    }
  }
  void close() {
    boost::system::error_code ec;
    s.close(ec);
  }
};

}  // namespace

TEST_CASE("gdb server survives malformed packets and disconnects", "[gdb]") {
  auto run = hello_run();
  gdb::Stub stub(run->machine(), run->max_cycles());
  std::ostringstream log;
  gdb::Server server(stub, "127.0.0.1", 0, false, log);
  const uint16_t port = server.port();
  REQUIRE(port != 0);
  std::thread th([&] { server.serve(); });

  std::string regs, mem;
  {
    Client c;
    REQUIRE(c.connect(port));
    regs = c.ask("g");
    mem = c.ask("m7c00,4");
    CHECK(mem == "fa31c08e");
    c.close();
  }
  std::mt19937 rng(12345);
  auto rnd = [&](unsigned n) { return unsigned(rng() % n); };
  const std::string safe_cmds = "?gmpqHz";
  for (int round = 0; round < 60; ++round) {
    Client c;
    REQUIRE(c.connect(port));
    const int sends = 1 + int(rnd(8));
    for (int k = 0; k < sends; ++k) {
      std::string out;
      switch (rnd(5)) {
        case 0:  // garbage bytes (no '$': a packet with a random valid checksum stays unlikely)
          for (unsigned i = 0, n = 1 + rnd(64); i < n; ++i) {
            char ch = char(rnd(256));
            if (ch == '$') ch = '.';
            out.push_back(ch);
          }
          break;
        case 1: {  // a well-formed packet with random arguments, read-only commands only
          std::string p(1, safe_cmds[rnd(unsigned(safe_cmds.size()))]);
          for (unsigned i = 0, n = rnd(20); i < n; ++i) p.push_back(char(32 + rnd(90)));
          if (p[0] == 'z' && p.size() > 1) p[1] = '9';  // never remove anything real
          out = gdb::frame(p);
          break;
        }
        case 2:  // bad checksum
          out = "$g#00";
          break;
        case 3:  // oversized: the client is dropped
          out = "$" + std::string(5000 + rnd(3000), 'm') + "#00";
          break;
        default:  // a truncated packet
          out = "$m7c00,";
          break;
      }
      c.send(out);
    }
    if (rnd(2)) c.ask("?");  // sometimes wait for an answer (or the drop) before disconnecting
    c.close();
  }
  {
    Client c;
    REQUIRE(c.connect(port));
    CHECK(c.ask("?") == "S05");
    CHECK(c.ask("g") == regs);
    CHECK(c.ask("m7c00,4") == "fa31c08e");
    c.send(gdb::frame("k"));
    th.join();
    c.close();
  }
  CHECK(stub.killed());
  CHECK(run->machine().cpu().state().eip == 0x7c00);
}
