// sim/bare_board.cpp — see bare_board.h.
#include "sim/bare_board.h"

#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>

#ifndef IRQ_NASM
#define IRQ_NASM "nasm"
#endif

namespace irq::sim {

using cpu::Cpu;

BareBoard::BareBoard(uint32_t ram_bytes) : ram_(ram_bytes, 0) {
  cpu_ = std::make_unique<Cpu>(*this, ram_.data(), ram_bytes);
  cpu_->reset();
}

bool BareBoard::load(uint32_t paddr, const std::vector<uint8_t>& bytes) {
  if (paddr > ram_.size() || bytes.size() > ram_.size() - paddr) return false;
  std::memcpy(ram_.data() + paddr, bytes.data(), bytes.size());
  cpu_->invalidate_code(paddr, uint32_t(bytes.size()));
  return true;
}

void BareBoard::start_real_mode(uint16_t ip) {
  cpu_->reset();
  cpu::State& st = cpu_->state();
  st.seg[cpu::CS].selector = 0;
  st.seg[cpu::CS].base = 0;
  st.eip = ip;
  cpu_->state_changed();
}

BareBoard::Outcome BareBoard::run(uint64_t max_cycles) {
  for (;;) {
    const Cpu::Stop stop = cpu_->run(max_cycles);
    const cpu::State& st = cpu_->state();
    switch (stop) {
      case Cpu::Stop::StopRequested:
        if (exit_requested_) return Outcome::ExitPort;
        break;  // a stop asked by someone else: keep going
      case Cpu::Stop::Halted:
        return (st.eflags & cpu::fl::IF) ? Outcome::HaltedIfSet : Outcome::Halted;
      case Cpu::Stop::Shutdown:
        return Outcome::Shutdown;
      case Cpu::Stop::CycleLimit:
      case Cpu::Stop::Step:
        if (st.cycles >= max_cycles) return Outcome::CycleLimit;
        break;
    }
    if (st.shutdown) return Outcome::Shutdown;
  }
}

const char* BareBoard::describe(Outcome o) {
  switch (o) {
    case Outcome::ExitPort: return "stopped by a write to port 0xF4";
    case Outcome::Halted: return "halted with interrupts disabled";
    case Outcome::HaltedIfSet: return "halted with interrupts enabled and no device";
    case Outcome::Shutdown: return "shutdown (triple fault)";
    case Outcome::CycleLimit: return "max cycles reached";
  }
  return "?";
}

uint8_t BareBoard::mem_read8(uint32_t) { return 0xFF; }
void BareBoard::mem_write8(uint32_t, uint8_t) {}

uint32_t BareBoard::io_read(uint16_t, unsigned size) {
  return size >= 4 ? 0xFFFFFFFFu : (1u << (8 * size)) - 1;
}

void BareBoard::io_write(uint16_t port, uint32_t value, unsigned) {
  if (port == kConsolePort) {
    const char c = char(value & 0xFF);
    console_ += c;
    if (echo_) std::fputc(c, stdout);
  } else if (port == kExitPort) {
    exit_requested_ = true;
    exit_value_ = value;
    cpu_->request_stop();
  }
}

uint8_t BareBoard::inta() { return kIntaVector; }

// ---------------------------------------------------------------------------------------------
namespace {

bool read_file(const std::string& path, std::vector<uint8_t>& out) {
  std::ifstream f(path, std::ios::binary);
  if (!f) return false;
  out.assign(std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>());
  return !f.bad();
}

// Runs argv[0] with the given arguments; returns its exit status, or -1 when it could not start.
int run_program(const std::vector<std::string>& args) {
  std::vector<char*> argv;
  for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  std::fflush(nullptr);
  const pid_t pid = fork();
  if (pid < 0) return -1;
  if (pid == 0) {
    execvp(argv[0], argv.data());
    _exit(127);
  }
  int status = 0;
  while (waitpid(pid, &status, 0) < 0)
    if (errno != EINTR) return -1;
  if (!WIFEXITED(status)) return -1;
  return WEXITSTATUS(status);
}

}  // namespace

bool assemble_nasm(const std::string& asm_path, const std::vector<std::string>& defines,
                   const std::string& tmp_dir, std::vector<uint8_t>& out, std::string& error) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!fs::is_regular_file(asm_path, ec)) {
    error = "no such file: " + asm_path;
    return false;
  }
  fs::path dir = tmp_dir.empty() ? fs::temp_directory_path(ec) : fs::path(tmp_dir);
  fs::create_directories(dir, ec);
  if (!fs::is_directory(dir, ec)) dir = fs::temp_directory_path(ec);
  static std::atomic<unsigned> counter{0};
  const fs::path bin = dir / ("irqlab-" + std::to_string(getpid()) + "-" +
                              std::to_string(counter++) + ".bin");
  fs::path src_dir = fs::absolute(fs::path(asm_path), ec).parent_path();
  std::vector<std::string> args = {IRQ_NASM, "-f", "bin", "-I", src_dir.string() + "/"};
  for (const std::string& d : defines) args.push_back("-D" + d);
  args.push_back("-o");
  args.push_back(bin.string());
  args.push_back(asm_path);
  const int rc = run_program(args);
  if (rc != 0) {
    fs::remove(bin, ec);
    error = rc == 127 || rc < 0 ? "could not run nasm (run scripts/setup.sh to install it)"
                                : "nasm failed on " + asm_path;
    return false;
  }
  const bool ok = read_file(bin.string(), out);
  fs::remove(bin, ec);
  if (!ok) error = "cannot read nasm output " + bin.string();
  return ok;
}

bool read_image(const std::string& path, const std::string& tmp_dir, std::vector<uint8_t>& out,
                std::string& error) {
  const std::string ext = std::filesystem::path(path).extension().string();
  if (ext == ".asm" || ext == ".ASM" || ext == ".nasm")
    return assemble_nasm(path, {}, tmp_dir, out, error);
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) {
    error = "no such file: " + path;
    return false;
  }
  if (!read_file(path, out)) {
    error = "cannot read " + path;
    return false;
  }
  return true;
}

}  // namespace irq::sim
