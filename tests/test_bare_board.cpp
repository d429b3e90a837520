// tests/test_bare_board.cpp — the bare-metal board (sim/bare_board.h), the Capstone wrapper
// (cpu/disasm.h) and the `make run` demo image.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "cpu/disasm.h"
#include "sim/bare_board.h"

using irq::sim::BareBoard;

namespace {

BareBoard::Outcome boot(BareBoard& board, const std::vector<uint8_t>& image,
                        uint64_t max_cycles = 10'000'000) {
  REQUIRE(board.load(0x7C00, image));
  board.start_real_mode(0x7C00);
  return board.run(max_cycles);
}

}  // namespace

TEST_CASE("disasm: 16- and 32-bit forms, lengths, undecodable bytes", "[disasm]") {
  unsigned len = 0;
  const uint8_t add32[] = {0x66, 0x01, 0xC8};
  CHECK(irq::cpu::disassemble(add32, sizeof add32, 0x7C00, false, &len) == "add eax, ecx");
  CHECK(len == 3);
  CHECK(irq::cpu::disassemble(add32 + 1, 2, 0x1000, true, &len) == "add eax, ecx");
  CHECK(len == 2);
  const uint8_t intn[] = {0xCD, 0x80};
  CHECK(irq::cpu::disassemble(intn, sizeof intn, 0, false, &len) == "int 0x80");
  CHECK(len == 2);
  const uint8_t truncated[] = {0x66, 0xB8, 0x01};  // mov eax, imm32 cut short
  CHECK(irq::cpu::disassemble(truncated, sizeof truncated, 0, false, &len) == "(bad)");
  CHECK(len == 1);
  CHECK(irq::cpu::disassemble(nullptr, 0, 0, false, &len) == "(bad)");
  CHECK(len == 0);
}

TEST_CASE("bare board: unmapped memory and ports read 0xFF, INTA answers 0x08", "[sim][bare]") {
  BareBoard board(1u << 20);
  CHECK(board.mem_read8(1u << 20) == 0xFF);
  CHECK(board.io_read(0x60, 1) == 0xFFu);
  CHECK(board.io_read(0x60, 2) == 0xFFFFu);
  CHECK(board.io_read(0x60, 4) == 0xFFFFFFFFu);
  CHECK(board.inta() == 0x08);
  CHECK_FALSE(board.load((1u << 20) - 1, {1, 2}));
}

TEST_CASE("bare board: port 0xE9 prints, port 0xF4 stops", "[sim][bare]") {
  BareBoard board;
  // mov al,'h'; out 0xE9,al; mov al,'i'; out 0xE9,al; out 0xF4,al; jmp $
  const std::vector<uint8_t> image = {0xB0, 'h', 0xE6, 0xE9, 0xB0, 'i', 0xE6, 0xE9,
                                      0xE6, 0xF4, 0xEB, 0xFE};
  CHECK(boot(board, image) == BareBoard::Outcome::ExitPort);
  CHECK(board.console() == "hi");
  CHECK(board.exit_requested());
  CHECK(board.exit_value() == 'i');
  CHECK(board.cpu().state().instructions == 5);
}

TEST_CASE("bare board: HLT with IF=0 ends the run, with IF=1 it is reported", "[sim][bare]") {
  BareBoard a;
  CHECK(boot(a, {0xFA, 0xF4}) == BareBoard::Outcome::Halted);  // cli; hlt
  BareBoard b;
  CHECK(boot(b, {0xFB, 0xF4}) == BareBoard::Outcome::HaltedIfSet);  // sti; hlt
  BareBoard c;
  CHECK(boot(c, {0xEB, 0xFE}, 100'000) == BareBoard::Outcome::CycleLimit);  // jmp $
  CHECK(c.cpu().state().cycles >= 100'000);
}

TEST_CASE("demo.asm: INT 0x80, divide error skipped by its handler, 32-bit sum", "[sim][demo]") {
  std::vector<uint8_t> image;
  std::string error;
  REQUIRE(irq::sim::read_image(IRQ_SOURCE_DIR "/programs/baremetal/demo.asm", IRQ_TMP_DIR, image,
                               error));
  BareBoard board;
  CHECK(boot(board, image) == BareBoard::Outcome::ExitPort);
  CHECK(board.console() ==
        "irqlab demo: INT 0x80 handler ran\n"
        "divide error caught (vector 0)\n"
        "resumed after the faulting DIV\n"
        "sum=500500\n");
}

TEST_CASE("read_image: missing files and nasm errors are reported", "[sim][bare]") {
  std::vector<uint8_t> image;
  std::string error;
  CHECK_FALSE(irq::sim::read_image("/nonexistent/x.bin", IRQ_TMP_DIR, image, error));
  CHECK(error.find("no such file") != std::string::npos);
  CHECK_FALSE(irq::sim::read_image("/nonexistent/x.asm", IRQ_TMP_DIR, image, error));
}
