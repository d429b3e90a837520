// os/pipe.h — anonymous pipes with Linux's capacity accounting (fs/pipe.c): 16 page-sized slots;
// a write first merges its (length mod 4096) bytes into the last slot when they fit, then fills
// fresh slots a page at a time; a slot is freed only when it has been read completely. Readers and
// writers block on wait keys the kernel wakes (Kernel::wake).
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
  const void* read_key() const { return this; }
  const void* write_key() const { return reinterpret_cast<const uint8_t*>(this) + 1; }
  uint32_t available() const;
};

class PipeFile : public File {
 public:
  PipeFile(std::shared_ptr<Pipe> pipe, bool write_end);
  ~PipeFile() override;
  long read(uint8_t* buf, size_t n) override;  // -kEAGAIN when empty with writers
  // One attempt without waiting. `first`: the call's first attempt (only it may merge into the
  // last slot). Returns bytes taken (0 when full), or -kEPIPE with no readers.
  long write_pipe(const uint8_t* buf, size_t n, bool first);
  long write(const uint8_t* buf, size_t n) override { return write_pipe(buf, n, true); }
  int stat(StatInfo& out) override;
  const void* wait_key() const override { return write_end_ ? pipe_->write_key() : pipe_->read_key(); }
  const std::shared_ptr<Pipe>& pipe() const { return pipe_; }
  bool write_end() const { return write_end_; }

 private:
  std::shared_ptr<Pipe> pipe_;
  bool write_end_;
};

}  // namespace irq::os
