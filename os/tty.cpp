// os/tty.cpp — keyboard driver, UART receive, n_tty line discipline, host stdio (see tty.h).
#include "os/tty.h"

#include <termios.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>

#include "os/cost.h"

namespace irq::os {

namespace {
// Scan-code set 1 make codes 0x00-0x39 → ASCII, unshifted and shifted (US layout). Backspace is
// DEL (0x7F), as the Linux console sends it (VERASE).
constexpr char kPlain[] = "\0\x1b" "1234567890-=\x7f\tqwertyuiop[]\n\0asdfghjkl;'`\0\\zxcvbnm,./\0*\0 ";
constexpr char kShift[] = "\0\x1b" "!@#$%^&*()_+\x7f\tQWERTYUIOP{}\n\0ASDFGHJKL:\"~\0|ZXCVBNM<>?\0*\0 ";
constexpr uint32_t kIsig = 1, kIcanon = 2, kEcho = 8, kEchoe = 0x10, kEchoctl = 0x200, kNoflsh = 0x80;
}  // namespace

size_t Kernel::Tty::available() const {
  size_t n = 0;
  for (const auto& l : lines) n += l.size();
  return n;
}

void Kernel::tty_init() {
  if (cfg_.console == KernelConfig::Console::HostStdio) {
    host_in_ = std::make_shared<HostStdioFile>(cfg_.host_stdin, true);
    host_out_ = std::make_shared<HostStdioFile>(cfg_.host_stdout, false);
    host_err_ = std::make_shared<HostStdioFile>(cfg_.host_stderr, false);
    return;
  }
  tty_ = std::make_unique<Tty>();
  tty_->k = this;
  auto f = std::make_shared<TtyFile>(tty_.get());
  f->flags = lx::kO_RDWR;
  console_ = f;
  if (cfg_.console == KernelConfig::Console::Uart) {
    // 16550: receive-data interrupt on (IER bit 0), OUT2 gates the IRQ to the PIC (MCR bit 3).
    host_.port_write(uint16_t(cfg_.uart_port + 1), 0x01, 1);
    host_.port_write(uint16_t(cfg_.uart_port + 4), 0x08, 1);
  }
}

int Kernel::tty_fg_pgrp() const { return tty_ ? tty_->fg_pgrp : -1; }
void Kernel::set_tty_fg_pgrp(int pgrp, int sid) {
  if (!tty_) return;
  tty_->fg_pgrp = pgrp;
  tty_->sid = sid;
}

void Kernel::console_output(const uint8_t* data, size_t n) {
  if (cfg_.console == KernelConfig::Console::HostStdio) {
    if (host_err_) host_err_->write(data, n);
    return;
  }
  for (size_t i = 0; i < n; ++i) {
    if (cfg_.uart_output) host_.port_write(cfg_.uart_port, data[i], 1);
    else host_.port_write(0xE9, data[i], 1);
  }
  charge(cost::copy(n));
}

void Kernel::tty_input_scancode(uint8_t sc) {
  if (!tty_) return;
  Tty& t = *tty_;
  if (sc == 0xE0) {
    t.e0 = true;
    return;
  }
  const bool brk = sc & 0x80;
  const uint8_t code = sc & 0x7F;
  const bool ext = t.e0;
  t.e0 = false;
  if (code == 0x2A || code == 0x36) { t.shift = !brk; return; }
  if (code == 0x1D) { t.ctrl = !brk; return; }
  if (brk || ext || code >= sizeof kPlain - 1) return;
  char c = (t.shift ? kShift : kPlain)[code];
  if (!c) return;
  if (t.ctrl) {
    if (c >= 'a' && c <= 'z') c = char(c - 'a' + 1);
    else if (c >= 'A' && c <= 'Z') c = char(c - 'A' + 1);
    else if (c == '@' || c == '2') c = 0;
    else if (c == '[') c = 0x1B;
    else if (c == '\\') c = 0x1C;
    else if (c == ']') c = 0x1D;
    else if (c == '_' || c == '-') c = 0x1F;
  }
  tty_input_byte(uint8_t(c));
}

void Kernel::uart_irq() {
  const uint16_t base = cfg_.uart_port;
  for (int i = 0; i < 64; ++i) {
    const uint32_t lsr = host_.port_read(uint16_t(base + 5), 1);
    if (!(lsr & 1)) break;
    const uint8_t c = uint8_t(host_.port_read(base, 1));
    if (cfg_.console == KernelConfig::Console::Uart) tty_input_byte(c);
  }
}

void Kernel::tty_input_byte(uint8_t c) {
  if (!tty_) return;
  Tty& t = *tty_;
  emit(sim::Ev::TtyInput, c);
  if (c == '\r' && (t.t.iflag & 0x100)) c = '\n';  // ICRNL
  auto echo = [&](uint8_t ch) {
    if (!(t.t.lflag & kEcho)) return;
    if (ch < 0x20 && ch != '\n' && ch != '\t' && (t.t.lflag & kEchoctl)) {
      const uint8_t two[2] = {'^', uint8_t(ch + 0x40)};
      console_output(two, 2);
    } else if (ch == '\n' && (t.t.oflag & 5) == 5) {
      const uint8_t crlf[2] = {'\r', '\n'};
      console_output(crlf, 2);
    } else {
      console_output(&ch, 1);
    }
  };
  if (t.t.lflag & kIsig) {
    int sig = 0;
    if (c == t.t.cc[0]) sig = lx::kSIGINT;
    else if (c == t.t.cc[1]) sig = lx::kSIGQUIT;
    else if (c == t.t.cc[10]) sig = lx::kSIGTSTP;
    if (sig) {
      if (!(t.t.lflag & kNoflsh)) {
        t.edit.clear();
        t.lines.clear();
      }
      echo(c);
      for (auto& [pid, p] : procs_) {
        if (pid == 1 || !p->alive() || p->pgid != t.fg_pgrp) continue;
        SigInfo si;
        si.code = 0x80;  // SI_KERNEL
        send_signal(*p, sig, si, false);
      }
      wake(t.key());
      return;
    }
  }
  if (t.t.lflag & kIcanon) {
    if (c == t.t.cc[2] || c == 0x08) {  // VERASE
      if (!t.edit.empty()) {
        t.edit.pop_back();
        if ((t.t.lflag & kEcho) && (t.t.lflag & kEchoe)) console_output(reinterpret_cast<const uint8_t*>("\b \b"), 3);
      }
      return;
    }
    if (c == t.t.cc[3]) {  // VKILL
      t.edit.clear();
      echo('\n');
      return;
    }
    if (c == t.t.cc[4]) {  // VEOF: the line as it is, or an end-of-file mark
      t.lines.push_back(t.edit);
      t.edit.clear();
      wake(t.key());
      return;
    }
    echo(c);
    t.edit.push_back(char(c));
    if (c == '\n') {
      t.lines.push_back(t.edit);
      t.edit.clear();
      wake(t.key());
    }
    return;
  }
  echo(c);
  if (t.lines.empty()) t.lines.emplace_back();
  t.lines.back().push_back(char(c));
  wake(t.key());
}

// ---- TtyFile -----------------------------------------------------------------------------------

uint32_t TtyFile::poll_events() const {
  const Kernel::Tty& t = *tty_;
  bool readable = false;
  for (const std::string& l : t.lines) readable = readable || !l.empty() || (t.t.lflag & kIcanon);
  return kPollOut | kPollWrNorm | (readable ? kPollIn | kPollRdNorm : 0);
}

long TtyFile::read(uint8_t* buf, size_t n) {
  Kernel::Tty& t = *tty_;
  if (n == 0) return 0;
  if (t.t.lflag & kIcanon) {
    if (t.lines.empty()) return -lx::kEAGAIN;
    std::string& l = t.lines.front();
    if (l.empty()) {  // EOF mark
      t.lines.pop_front();
      return 0;
    }
    const size_t take = std::min(n, l.size());
    std::memcpy(buf, l.data(), take);
    l.erase(0, take);
    if (l.empty()) t.lines.pop_front();
    return long(take);
  }
  size_t done = 0;
  while (done < n && !t.lines.empty()) {
    std::string& l = t.lines.front();
    const size_t take = std::min(n - done, l.size());
    std::memcpy(buf + done, l.data(), take);
    l.erase(0, take);
    done += take;
    if (l.empty()) t.lines.pop_front();
  }
  return done ? long(done) : -lx::kEAGAIN;
}

long TtyFile::write(const uint8_t* buf, size_t n) {
  Kernel& k = *tty_->k;
  if ((tty_->t.oflag & 5) == 5) {  // OPOST | ONLCR
    std::string out;
    out.reserve(n + 16);
    for (size_t i = 0; i < n; ++i) {
      if (buf[i] == '\n') out.push_back('\r');
      out.push_back(char(buf[i]));
    }
    k.console_output(reinterpret_cast<const uint8_t*>(out.data()), out.size());
  } else {
    k.console_output(buf, n);
  }
  return long(n);
}

int TtyFile::stat(StatInfo& out) {
  if (inode) return Vfs::stat_inode(*inode, out);
  out = StatInfo{};
  out.mode = kS_IFCHR | 0620;
  out.rdev = (4u << 8) | 1;  // /dev/tty1
  out.blksize = 1024;
  out.ino = 3;
  return 0;
}

long TtyFile::ioctl(Kernel& k, Process& p, uint32_t req, uint32_t arg) {
  Kernel::Tty& t = *tty_;
  switch (req) {
    case 0x5401:  // TCGETS
      return k.mem_.put(p.as, arg, t.t) ? 0 : -lx::kEFAULT;
    case 0x5402: case 0x5403: case 0x5404: {  // TCSETS, TCSETSW, TCSETSF
      Termios n;
      if (!k.mem_.get(p.as, arg, n)) return -lx::kEFAULT;
      if (req == 0x5404) {
        t.lines.clear();
        t.edit.clear();
      }
      // Leaving canonical mode: the line being edited becomes input a read returns at once
      // (n_tty_set_termios), so typeahead is not lost when a shell switches to raw mode.
      const bool was_canon = t.t.lflag & kIcanon;
      t.t = n;
      if (was_canon && !(n.lflag & kIcanon) && !t.edit.empty()) {
        t.lines.push_back(std::move(t.edit));
        t.edit.clear();
        k.wake(t.key());
      }
      return 0;
    }
    case 0x5413: {  // TIOCGWINSZ
      const uint16_t ws[4] = {t.rows, t.cols, 0, 0};
      return k.mem_.copy_out(p.as, arg, ws, 8) ? 0 : -lx::kEFAULT;
    }
    case 0x5414: {  // TIOCSWINSZ
      uint16_t ws[4];
      if (!k.mem_.copy_in(p.as, arg, ws, 8)) return -lx::kEFAULT;
      t.rows = ws[0];
      t.cols = ws[1];
      return 0;
    }
    case 0x540F:  // TIOCGPGRP
      return k.mem_.put(p.as, arg, int32_t(t.fg_pgrp)) ? 0 : -lx::kEFAULT;
    case 0x5410: {  // TIOCSPGRP
      int32_t pg;
      if (!k.mem_.get(p.as, arg, pg)) return -lx::kEFAULT;
      if (pg < 0) return -lx::kEINVAL;
      if (p.sid != t.sid) return -lx::kENOTTY;
      bool exists = false;
      for (const auto& [pid, q] : k.procs_) exists |= q->alive() && q->pgid == pg && q->sid == t.sid;
      if (!exists) return -lx::kEPERM;
      t.fg_pgrp = pg;
      return 0;
    }
    case 0x5429:  // TIOCGSID
      return k.mem_.put(p.as, arg, int32_t(t.sid)) ? 0 : -lx::kEFAULT;
    case 0x540E:  // TIOCSCTTY
      if (p.sid != p.pid) return -lx::kEPERM;
      t.sid = p.sid;
      t.fg_pgrp = p.pgid;
      return 0;
    case 0x5422: return 0;  // TIOCNOTTY
    case 0x541B: return k.mem_.put(p.as, arg, uint32_t(t.available())) ? 0 : -lx::kEFAULT;  // FIONREAD
    case 0x540B: t.lines.clear(); t.edit.clear(); return 0;  // TCFLSH
    case 0x5409: case 0x540A: case 0x5425: return 0;          // TCSBRK, TCXONC, TCSBRKP
    default: return -lx::kENOTTY;
  }
}

// ---- HostStdioFile -----------------------------------------------------------------------------

HostStdioFile::HostStdioFile(int host_fd, bool input) : fd_(host_fd), input_(input) {
  flags = input ? lx::kO_RDONLY : lx::kO_WRONLY;
}

long HostStdioFile::read(uint8_t* buf, size_t n) {
  if (!input_) return -lx::kEBADF;
  for (;;) {
    const ssize_t r = ::read(fd_, buf, n);
    if (r >= 0) return long(r);
    if (errno != EINTR) return -lx::kEIO;
  }
}

long HostStdioFile::write(const uint8_t* buf, size_t n) {
  size_t done = 0;
  while (done < n) {
    const ssize_t r = ::write(fd_, buf + done, n - done);
    if (r < 0) {
      if (errno == EINTR) continue;
      return done ? long(done) : (errno == EPIPE ? -lx::kEPIPE : -lx::kEIO);
    }
    done += size_t(r);
  }
  return long(n);
}

bool HostStdioFile::is_tty() const { return ::isatty(fd_) == 1; }

int HostStdioFile::stat(StatInfo& out) {
  out = StatInfo{};
  struct ::stat st;
  const bool tty = is_tty();
  const bool fifo = ::fstat(fd_, &st) == 0 && S_ISFIFO(st.st_mode);
  out.mode = tty ? (kS_IFCHR | 0620) : fifo ? (kS_IFIFO | 0600) : (kS_IFCHR | 0666);
  out.ino = 10u + uint64_t(fd_);
  out.blksize = tty ? 1024 : 4096;
  return 0;
}

long HostStdioFile::ioctl(Kernel& k, Process& p, uint32_t req, uint32_t arg) {
  if (!is_tty()) return -lx::kENOTTY;  // a pipe or file, as when the same program runs natively
  switch (req) {
    case 0x5401: {  // TCGETS
      struct ::termios ht;
      if (::tcgetattr(fd_, &ht) != 0) return -lx::kENOTTY;
      Termios t;
      t.iflag = uint32_t(ht.c_iflag);
      t.oflag = uint32_t(ht.c_oflag);
      t.cflag = uint32_t(ht.c_cflag);
      t.lflag = uint32_t(ht.c_lflag);
      std::memcpy(t.cc, ht.c_cc, std::min<size_t>(sizeof t.cc, sizeof ht.c_cc));
      return k.mem_.put(p.as, arg, t) ? 0 : -lx::kEFAULT;
    }
    case 0x5402: case 0x5403: case 0x5404: {
      Termios t;
      if (!k.mem_.get(p.as, arg, t)) return -lx::kEFAULT;
      struct ::termios ht;
      if (::tcgetattr(fd_, &ht) != 0) return -lx::kENOTTY;
      ht.c_iflag = t.iflag;
      ht.c_oflag = t.oflag;
      ht.c_cflag = t.cflag;
      ht.c_lflag = t.lflag;
      std::memcpy(ht.c_cc, t.cc, std::min<size_t>(sizeof t.cc, sizeof ht.c_cc));
      ::tcsetattr(fd_, req == 0x5402 ? TCSANOW : req == 0x5403 ? TCSADRAIN : TCSAFLUSH, &ht);
      return 0;
    }
    case 0x5413: {  // TIOCGWINSZ
      struct ::winsize w{};
      if (::ioctl(fd_, TIOCGWINSZ, &w) != 0) w = {25, 80, 0, 0};
      const uint16_t ws[4] = {w.ws_row, w.ws_col, 0, 0};
      return k.mem_.copy_out(p.as, arg, ws, 8) ? 0 : -lx::kEFAULT;
    }
    case 0x540F:  // TIOCGPGRP: the caller's group is the terminal's foreground
      return k.mem_.put(p.as, arg, int32_t(p.pgid)) ? 0 : -lx::kEFAULT;
    case 0x5410: return 0;
    default: return -lx::kENOTTY;
  }
}

}  // namespace irq::os
