// os/fifo.h — named pipes (FIFOs) with Linux's open rules (fs/pipe.c fifo_open, wait_for_partner).
//
// A FIFO inode (Vfs::mknod_fifo) gets one Pipe (os/pipe.h) while any end is open, in the kernel's
// side table Kernel::fifos_ (by Inode pointer; the open files hold the inode, so the pointer cannot
// be reused while the Pipe lives). When the last end closes the Pipe goes, with any unread data.
// open(2):
//   O_RDONLY  counts as a reader at once; without a writer it waits until a writer opens (the
//             writer counter moves, so one that opened and closed again still releases it);
//             with O_NONBLOCK it succeeds at once.
//   O_WRONLY  with O_NONBLOCK and no reader: -kENXIO; else counts as a writer and, without a
//             reader, waits until the reader counter moves.
//   O_RDWR    both at once, never waits.
// A waiting open is interruptible: the opener stops counting and the call returns -kERESTARTSYS
// (restarted under SA_RESTART, else EINTR). The kernel re-runs a woken handler from the start, so
// the open in progress (its file, counting as an end, and the counter seen) is kept per pid in
// Fifos::waiting until the call ends; do_open then goes on with that node, not a new lookup.
// Reads and writes are the pipe's (EOF with no writers, also for a FIFO that never had one:
// a non-blocking read then returns 0, not EAGAIN; EPIPE/SIGPIPE with no readers). fstat shows the
// FIFO's own inode (S_IFIFO, its number), as stat does.
#pragma once
#include <map>
#include <memory>

#include "os/kernel.h"
#include "os/pipe.h"

namespace irq::os {

class FifoFile : public PipeFile {
 public:
  using PipeFile::PipeFile;
  int stat(StatInfo& out) override;  // the FIFO node's stat
};

struct Kernel::Fifos {
  std::map<const Inode*, std::weak_ptr<Pipe>> pipes;  // FIFOs with an open (or opening) end
  struct Waiting {
    FilePtr file;      // the end being opened (already counted as a reader or writer)
    InodePtr node;
    uint32_t counter;  // the partner's counter when the wait began
  };
  std::map<int, Waiting> waiting;  // by pid: blocking opens in progress
};

// The FIFO part of Kernel::open_node: 0 with `out` set, -kENXIO, -kEINVAL, -kERESTARTSYS or
// Kernel::kBlocked (p waits for a partner; the call is re-run when woken).
int fifo_open(Kernel& k, Process& p, const InodePtr& node, uint32_t flags, FilePtr& out);
// The node of p's blocking FIFO open in progress (do_open's retry), or null.
InodePtr fifo_waiting_node(Kernel& k, const Process& p);

}  // namespace irq::os
