// os/pipe.h — anonymous pipes with Linux's capacity accounting (fs/pipe.c): 16 page-sized slots;
// a write first merges its (length mod 4096) bytes into the last slot when they fit, then fills
// fresh slots a page at a time; a slot is freed only when it has been read completely. Readers and
// writers block on wait keys the kernel wakes (Kernel::wake). FIFOs (os/fifo.h) share this: one
// Pipe per FIFO inode, with open counters and an end that is both reader and writer (O_RDWR).
#pragma once
#include <cstdint>
#include <deque>
#include <memory>
#include <vector>

#include "os/vfs.h"

namespace irq::os {

class Kernel;

struct Pipe {
  static constexpr uint32_t kSlots = 16, kPage = 4096;
  struct Slot {
    std::vector<uint8_t> data;  // kPage capacity, bytes [off, data.size()) unread
    uint32_t off = 0;
  };
  std::deque<Slot> slots;
  uint32_t readers = 0, writers = 0;
  Kernel* kernel = nullptr;
  uint64_t bytes_total = 0;
  uint64_t ino = 0;  // handed out by the kernel in creation order (pipefs inode)
  // FIFOs: opens of a read (r_counter) and a write (w_counter) end so far (fs/pipe.c fifo_open).
  uint32_t r_counter = 0, w_counter = 0;
  const void* read_key() const { return this; }
  const void* write_key() const { return reinterpret_cast<const uint8_t*>(this) + 1; }
  const void* rdwr_key() const { return reinterpret_cast<const uint8_t*>(this) + 2; }  // O_RDWR end
  const void* open_key() const { return reinterpret_cast<const uint8_t*>(this) + 3; }  // FIFO open
  // Wake whoever waits to read (data, or EOF) / to write (room, or EPIPE), O_RDWR ends included.
  void wake_readers() const;
  void wake_writers() const;
  uint32_t available() const;
};

class PipeFile : public File {
 public:
  PipeFile(std::shared_ptr<Pipe> pipe, bool write_end) : PipeFile(std::move(pipe), !write_end, write_end) {}
  // Both: a FIFO opened O_RDWR, counted as a reader and as a writer.
  PipeFile(std::shared_ptr<Pipe> pipe, bool can_read, bool can_write);
  ~PipeFile() override;
  long read(uint8_t* buf, size_t n) override;  // -kEAGAIN when empty with writers
  // One attempt without waiting. `first`: the call's first attempt (only it may merge into the
  // last slot). Returns bytes taken (0 when full), or -kEPIPE with no readers.
  long write_pipe(const uint8_t* buf, size_t n, bool first);
  long write(const uint8_t* buf, size_t n) override { return write_pipe(buf, n, true); }
  int stat(StatInfo& out) override;
  // fs/pipe.c pipe_poll: readable with data, HUP once no writer is left; writable while a slot is
  // free, ERR once no reader is left.
  uint32_t poll_events() const override;
  const void* wait_key() const override {
    return can_read_ && can_write_ ? pipe_->rdwr_key() : can_write_ ? pipe_->write_key() : pipe_->read_key();
  }
  const std::shared_ptr<Pipe>& pipe() const { return pipe_; }
  bool write_end() const { return can_write_ && !can_read_; }
  bool can_read() const { return can_read_; }
  bool can_write() const { return can_write_; }

 private:
  std::shared_ptr<Pipe> pipe_;
  bool can_read_, can_write_;
};

}  // namespace irq::os
