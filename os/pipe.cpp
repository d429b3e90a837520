// os/pipe.cpp — see pipe.h (fs/pipe.c pipe_read / pipe_write).
#include "os/pipe.h"

#include <algorithm>
#include <cstring>

#include "os/kernel.h"
#include "os/linux_abi.h"

namespace irq::os {

uint32_t Pipe::available() const {
  uint32_t n = 0;
  for (const Slot& s : slots) n += uint32_t(s.data.size() - s.off);
  return n;
}

void Pipe::wake_readers() const {
  if (!kernel) return;
  kernel->wake(read_key());
  kernel->wake(rdwr_key());
}

void Pipe::wake_writers() const {
  if (!kernel) return;
  kernel->wake(write_key());
  kernel->wake(rdwr_key());
}

PipeFile::PipeFile(std::shared_ptr<Pipe> pipe, bool can_read, bool can_write)
    : pipe_(std::move(pipe)), can_read_(can_read), can_write_(can_write) {
  if (can_read_) pipe_->readers++;
  if (can_write_) pipe_->writers++;
  flags = can_read_ && can_write_ ? lx::kO_RDWR : can_write_ ? lx::kO_WRONLY : lx::kO_RDONLY;
}

PipeFile::~PipeFile() {
  // The other side sees EOF (readers) or kEPIPE (writers) once the last end of this kind closes.
  if (can_read_ && pipe_->readers && --pipe_->readers == 0) pipe_->wake_writers();
  if (can_write_ && pipe_->writers && --pipe_->writers == 0) pipe_->wake_readers();
}

long PipeFile::read(uint8_t* buf, size_t n) {
  if (!can_read_) return -lx::kEBADF;
  Pipe& p = *pipe_;
  if (p.slots.empty()) return p.writers ? -lx::kEAGAIN : 0;
  size_t done = 0;
  bool freed = false;
  while (done < n && !p.slots.empty()) {
    Pipe::Slot& s = p.slots.front();
    const size_t take = std::min(n - done, s.data.size() - s.off);
    std::memcpy(buf + done, s.data.data() + s.off, take);
    s.off += uint32_t(take);
    done += take;
    if (s.off == s.data.size()) {
      p.slots.pop_front();
      freed = true;
    }
  }
  if (freed) p.wake_writers();
  return long(done);
}

long PipeFile::write_pipe(const uint8_t* buf, size_t n, bool first) {
  if (!can_write_) return -lx::kEBADF;
  Pipe& p = *pipe_;
  if (p.readers == 0) return -lx::kEPIPE;
  size_t done = 0;
  const size_t chars = n & (Pipe::kPage - 1);
  if (first && chars && !p.slots.empty()) {
    Pipe::Slot& last = p.slots.back();
    if (last.data.size() + chars <= Pipe::kPage) {
      last.data.insert(last.data.end(), buf, buf + chars);
      done = chars;
    }
  }
  while (done < n && p.slots.size() < Pipe::kSlots) {
    const size_t take = std::min<size_t>(Pipe::kPage, n - done);
    Pipe::Slot s;
    s.data.reserve(Pipe::kPage);
    s.data.assign(buf + done, buf + done + take);
    p.slots.push_back(std::move(s));
    done += take;
  }
  p.bytes_total += done;
  if (done) p.wake_readers();
  return long(done);
}

uint32_t PipeFile::poll_events() const {
  const Pipe& p = *pipe_;
  uint32_t m = 0;
  if (can_read_) {
    if (p.available() > 0) m |= kPollIn | kPollRdNorm;
    // A FIFO reader that never had a writer is not hung up (Linux compares f_version with
    // w_counter); an anonymous pipe's writer was there from the start.
    if (p.writers == 0 && (p.w_counter > 0 || p.r_counter == 0)) m |= kPollHup;
  }
  if (can_write_) {
    if (p.slots.size() < Pipe::kSlots) m |= kPollOut | kPollWrNorm;
    if (p.readers == 0) m |= kPollErr;
  }
  return m;
}

int PipeFile::stat(StatInfo& out) {
  out = StatInfo{};
  out.mode = kS_IFIFO | 0600;
  out.ino = pipe_->ino;
  out.dev = 0xD;  // pipefs
  out.blksize = 4096;
  return 0;
}

}  // namespace irq::os
