// os/ipc.h — System V IPC of the mini OS (message queues and semaphore arrays): the kernel's
// tables, keyed by id, with Linux's limits, permissions and wait rules (ipc/msg.c, ipc/sem.c,
// ipc/util.c). The system calls are in os/sys_ipc.cpp.
//
// Ids: as Linux's ipc_idr_alloc: the index is allocated cyclically in [0, max(in_use*3/2, 64)),
// the sequence number goes up whenever the index wraps; id = seq * 32768 + index. Deterministic.
//
// Blocking: a blocked msgsnd/msgrcv/semop leaves an entry in its object's sender, receiver or
// pending list and a Wait record (per pid, with a token tying the two). As in Linux, the waker
// does the work on the sleeper's behalf: msgsnd hands a message straight to the first matching
// receiver (pipelined_send), a semaphore change performs the pending operations that can now
// complete (update_queue), IPC_RMID ends every wait with EIDRM. The result goes to the Wait record
// and the sleeper is made runnable; its handler re-runs (first_try false), finds the record done
// and returns the result. A sleeper woken otherwise (a signal, a timeout, room in a queue)
// removes its list entry and either fails (EINTR / ERESTARTNOHAND / EAGAIN) or tries again.
//
// SEM_UNDO: the adjustments live in the array, per pid (Linux's per-process undo list, one entry
// per array): fork gives the child none (a new pid), exec keeps them (same pid), exit applies
// them (ipc_exit, called by do_exit), SETVAL/SETALL and IPC_RMID clear them for every process.
#pragma once
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "os/kernel.h"
#include "os/mm.h"

namespace irq::os {

namespace ipc {

// Limits (include/uapi/linux/msg.h, sem.h; the defaults of /proc/sys/kernel/msg*, sem).
constexpr int kMsgMax = 8192, kMsgMnb = 16384, kMsgMni = 32000, kMsgSsz = 16, kMsgSeg = 0xFFFF;
constexpr int kMsgPool = kMsgMni * (kMsgMnb / 1024);
constexpr int kSemMsl = 32000, kSemMni = 32000, kSemOpm = 500, kSemVmx = 32767, kSemAem = kSemVmx;
constexpr int64_t kSemMns = int64_t(kSemMni) * kSemMsl;
constexpr int kSemUsz = 20;
constexpr int kIpcMni = 32768;     // id = seq * kIpcMni + index
constexpr int kSeqMax = 65535;     // INT_MAX >> 15

struct Perm {
  int32_t key = 0;
  uint32_t uid = 0, gid = 0, cuid = 0, cgid = 0;
  uint32_t mode = 0;  // the 0777 bits
  uint32_t seq = 0;
};

struct Msg {
  int32_t type = 0;
  std::vector<uint8_t> text;
};

struct MsgQueue {
  Perm perm;
  int id = 0;
  std::deque<Msg> msgs;
  uint32_t cbytes = 0, qbytes = kMsgMnb;
  int lspid = 0, lrpid = 0;
  int64_t stime = 0, rtime = 0, ctime = 0;  // seconds, CLOCK_REALTIME
  struct Receiver {
    int pid;
    uint64_t token;
    int32_t type;  // after convert_mode (|msgtyp| for "<=")
    int mode;      // kSearch*
    uint32_t maxsize;
  };
  std::deque<Receiver> receivers;
  struct Sender {
    int pid;
    uint64_t token;
    uint32_t size;
  };
  std::deque<Sender> senders;
};

struct SemOp {
  uint16_t num;
  int16_t op;
  int16_t flg;
};

struct SemArray {
  Perm perm;
  int id = 0;
  std::vector<uint16_t> val;
  std::vector<int> pid;    // sempid: the last process that changed each semaphore
  int64_t otime = 0, ctime = 0;
  struct Pending {
    int pid;
    uint64_t token;
    std::vector<SemOp> ops;
    bool alter;
    size_t blocking;  // the operation it waits on (GETNCNT/GETZCNT count by it)
  };
  std::deque<Pending> pending;                 // in arrival order
  std::map<int, std::vector<int16_t>> undo;     // pid -> semadj (SEM_UNDO)
};

// A System V shared memory segment. Attachments are the VMAs (in any process) whose shm is
// obj: shm_nattch counts them; a segment marked SHM_DEST goes when none is left (shm_sweep).
struct ShmSeg {
  Perm perm;
  int id = 0;
  uint32_t segsz = 0;  // as requested (the object is rounded up to pages)
  std::shared_ptr<ShmObj> obj;
  bool dest = false, locked = false;
  int cpid = 0, lpid = 0;
  int64_t atime = 0, dtime = 0, ctime = 0;
};

// The record of one process's blocked IPC call.
struct Wait {
  uint64_t token = 0;
  int id = 0;                 // the queue's or array's id
  const void* obj = nullptr;  // and its address (the wait key)
  bool done = false;          // a waker finished the call: result (or msg) is its outcome
  long result = 0;
  bool has_msg = false;
  Msg msg;
  uint64_t deadline = 0;      // semtimedop: the cycle it times out at (0 = none)
};

template <class T>
struct Ids {
  std::map<int, std::unique_ptr<T>> objs;  // by index
  int seq = 0, last_idx = -1, next_idx = 0;

  T* find(int id) {
    if (id < 0) return nullptr;
    auto it = objs.find(id % kIpcMni);
    return it == objs.end() || it->second->id != id ? nullptr : it->second.get();
  }
  T* at_index(int idx) {
    auto it = objs.find(idx);
    return it == objs.end() ? nullptr : it->second.get();
  }
  int max_idx() const { return objs.empty() ? -1 : objs.rbegin()->first; }
  // A new object's index (ipc_idr_alloc), or -1 when the table is full.
  int alloc(int limit);
};

}  // namespace ipc

struct Kernel::Ipc {
  ipc::Ids<ipc::MsgQueue> msg;
  ipc::Ids<ipc::SemArray> sem;
  ipc::Ids<ipc::ShmSeg> shm;
  std::map<int, ipc::Wait> waits;  // by pid
  uint64_t next_token = 1;
  int64_t used_sems = 0;
};

// do_exit's hook: apply p's SEM_UNDO adjustments (clamped to 0..SEMVMX) and drop its wait record.
// Also detaches p's shared memory segments (shm_lpid/shm_dtime), as ipc_exec does before execve
// drops the old address space.
void ipc_exit(Kernel& k, Process& p);
void ipc_exec(Kernel& k, Process& p);
// The text of /proc/sysvipc/msg, shm or sem ("sysvipc/msg" ...), made at each open.
std::string ipc_proc_text(Kernel& k, const std::string& which);
// fork_process's hook: the child's inherited attachments set shm_atime and shm_lpid.
void ipc_fork(Kernel& k, Process& p, const Process& child);

}  // namespace irq::os
