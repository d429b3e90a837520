// os/tty.h — the console tty: a keyboard driver (PC scan-code set 1 → bytes), the UART receive
// path, and Linux's n_tty line discipline in its default termios (ICANON, ECHO, ISIG, ICRNL,
// OPOST|ONLCR): ^C → SIGINT, ^\ → SIGQUIT, ^Z → SIGTSTP to the foreground process group, erase,
// kill and EOF editing; plus the host-stdio files `irqlab exec` gives its program.
#pragma once
#include <cstdint>
#include <deque>
#include <string>

#include "os/kernel.h"
#include "os/vfs.h"

namespace irq::os {

// struct termios of the i386 kernel ABI (TCGETS/TCSETS): 36 bytes.
struct Termios {
  uint32_t iflag = 0x500;   // ICRNL | IXON
  uint32_t oflag = 0x5;     // OPOST | ONLCR
  uint32_t cflag = 0xBF;    // B38400 | CS8 | CREAD | HUPCL
  uint32_t lflag = 0x8A3B;  // ISIG ICANON ECHO ECHOE ECHOK ECHOCTL ECHOKE IEXTEN
  uint8_t line = 0;
  uint8_t cc[19] = {3, 0x1C, 0x7F, 0x15, 4, 0, 1, 0, 0x11, 0x13, 0x1A, 0, 0x12, 0x0F, 0x17, 0x16, 0, 0, 0};
};
static_assert(sizeof(Termios) == 36);

struct Kernel::Tty {
  Kernel* k = nullptr;
  Termios t;
  std::deque<std::string> lines;  // canonical: completed lines ("" = an EOF mark); raw: one string
  std::string edit;               // the line being edited
  int fg_pgrp = 0, sid = 0;
  uint16_t rows = 25, cols = 80;
  bool shift = false, ctrl = false, e0 = false;
  const void* key() const { return this; }
  size_t available() const;
};

class TtyFile : public File {
 public:
  explicit TtyFile(Kernel::Tty* tty) : tty_(tty) {}
  long read(uint8_t* buf, size_t n) override;
  long write(const uint8_t* buf, size_t n) override;
  int stat(StatInfo& out) override;
  bool is_tty() const override { return true; }
  const void* wait_key() const override { return tty_->key(); }
  uint32_t poll_events() const override;  // readable when a read would not wait
  long ioctl(Kernel& k, Process& p, uint32_t req, uint32_t arg);

 private:
  Kernel::Tty* tty_;
};

// A host file descriptor (irqlab exec's stdin/stdout/stderr). Reads block the whole simulation
// until the host has data (docs/deviations.md).
class HostStdioFile : public File {
 public:
  HostStdioFile(int host_fd, bool input);
  long read(uint8_t* buf, size_t n) override;
  long write(const uint8_t* buf, size_t n) override;
  int stat(StatInfo& out) override;
  bool is_tty() const override;
  long ioctl(Kernel& k, Process& p, uint32_t req, uint32_t arg);

 private:
  int fd_;
  bool input_;
};

}  // namespace irq::os
