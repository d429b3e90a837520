// os/fifo.cpp — see fifo.h (fs/pipe.c fifo_open).
#include "os/fifo.h"

#include "os/linux_abi.h"

namespace irq::os {

int FifoFile::stat(StatInfo& out) {
  if (!inode) return PipeFile::stat(out);
  return Vfs::stat_inode(*inode, out);
}

namespace {

Kernel::Fifos& table(Kernel& k) {
  if (!k.fifos_) k.fifos_ = std::make_shared<Kernel::Fifos>();
  return *k.fifos_;
}

// The FIFO's Pipe, made on the first open (inode->i_pipe / alloc_pipe_info).
std::shared_ptr<Pipe> pipe_of(Kernel& k, const InodePtr& node) {
  auto& pipes = table(k).pipes;
  for (auto it = pipes.begin(); it != pipes.end();) it = it->second.expired() ? pipes.erase(it) : std::next(it);
  if (auto it = pipes.find(node.get()); it != pipes.end()) return it->second.lock();
  auto pipe = std::make_shared<Pipe>();
  pipe->kernel = &k;
  pipe->ino = node->ino;
  pipes[node.get()] = pipe;
  return pipe;
}

// wake_up_partner
void wake_partner(Kernel& k, const Pipe& pipe) { k.wake(pipe.open_key()); }

}  // namespace

InodePtr fifo_waiting_node(Kernel& k, const Process& p) {
  if (!k.fifos_) return nullptr;
  auto it = k.fifos_->waiting.find(p.pid);
  return it == k.fifos_->waiting.end() ? nullptr : it->second.node;
}

int fifo_open(Kernel& k, Process& p, const InodePtr& node, uint32_t flags, FilePtr& out) {
  auto& waiting = table(k).waiting;
  auto it = waiting.find(p.pid);
  if (it != waiting.end() && (p.first_try || it->second.node != node)) {
    waiting.erase(it);  // left over from an earlier call (cannot normally happen)
    it = waiting.end();
  }
  if (it != waiting.end()) {
    // Re-run of a blocked open (wait_for_partner's loop): done once the partner's counter moved.
    auto* f = static_cast<PipeFile*>(it->second.file.get());
    const Pipe& pipe = *f->pipe();
    const uint32_t now = f->can_read() ? pipe.w_counter : pipe.r_counter;
    if (now != it->second.counter) {
      out = std::move(it->second.file);
      waiting.erase(it);
      return 0;
    }
    if (k.signal_pending(p)) {
      waiting.erase(it);  // err_rd / err_wr: no longer an end (the last one wakes the other side)
      return -lx::kERESTARTSYS;
    }
    return k.block(p, pipe.open_key());
  }

  const uint32_t acc = flags & lx::kO_ACCMODE;
  if (acc == 3) return -lx::kEINVAL;  // neither FMODE_READ nor FMODE_WRITE
  const bool nonblock = flags & lx::kO_NONBLOCK;
  std::shared_ptr<Pipe> pipe = pipe_of(k, node);
  if (acc == lx::kO_WRONLY && nonblock && !pipe->readers) return -lx::kENXIO;

  auto f = std::make_shared<FifoFile>(pipe, acc != lx::kO_WRONLY, acc != lx::kO_RDONLY);
  f->inode = node;
  f->flags = flags & (lx::kO_ACCMODE | lx::kO_APPEND | lx::kO_NONBLOCK);
  bool wait = false;
  uint32_t counter = 0;
  if (acc == lx::kO_RDONLY) {
    pipe->r_counter++;
    if (pipe->readers == 1) wake_partner(k, *pipe);
    if (!pipe->writers && !nonblock) {
      wait = true;
      counter = pipe->w_counter;
    }
  } else if (acc == lx::kO_WRONLY) {
    pipe->w_counter++;
    if (pipe->writers == 1) wake_partner(k, *pipe);
    if (!pipe->readers) {
      wait = true;
      counter = pipe->r_counter;
    }
  } else {
    pipe->r_counter++;
    pipe->w_counter++;
    if (pipe->readers == 1 || pipe->writers == 1) wake_partner(k, *pipe);
  }
  if (!wait) {
    out = std::move(f);
    return 0;
  }
  // wait_for_partner: a signal already pending ends the wait before it starts.
  if (k.signal_pending(p)) return -lx::kERESTARTSYS;  // f goes: no longer an end
  waiting[p.pid] = Kernel::Fifos::Waiting{std::move(f), node, counter};
  return k.block(p, pipe->open_key());
}

}  // namespace irq::os
