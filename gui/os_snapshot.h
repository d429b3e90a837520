// gui/os_snapshot.h — the mini OS part of the debugger's Snapshot (gui/session.h): plain copies of
// the kernel's processes, signal state and IPC objects, no pointers into the kernel. No ImGui.
//
// Filled by take_os_snapshot() between instructions from os::Kernel's public tables (os/kernel.h,
// os/ipc.h, os/pipe.h, os/fifo.h); it reads only. What a blocked process waits on is worked out
// from its wait key (Process::wait_key) and the object that key belongs to:
//   nullptr            sleep (nanosleep, with a deadline) / pause, sigsuspend (none)
//   &p.children        wait4 / waitpid
//   &p.sigwait_set     rt_sigtimedwait
//   &p.vfork_parent    vfork (the child has not exec'd or exited yet)
//   a MsgQueue         msgrcv (in its receivers) or msgsnd (in its senders), with the queue's id
//   a SemArray         semop on the array, the semaphore and the operation it waits for
//   a futex key node   futex (FUTEX_WAIT) at a user address
//   a Pipe's keys      read / write on a pipe or FIFO, or a FIFO open waiting for its partner
//   the tty            read on the console
//   any open file      the file's wait key: "<call> on fd N"
// CPU time: the kernel charges its own work to the current process (Process::sys_cycles) but does
// not count user time, so the Session counts on-CPU cycles per pid from the trace's
// context-switch events (OsSnapshot::Proc::on_cpu_cycles).
#pragma once
#include <array>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace irq::os { class Kernel; }

namespace irq::gui {

struct OsSnapshot {
  struct Handler {
    uint32_t handler = 0;  // 0 SIG_DFL, 1 SIG_IGN, else the handler's address
    uint32_t flags = 0;    // SA_*
    uint32_t restorer = 0;
    uint64_t mask = 0;     // sa_mask (bit n-1 = signal n)
  };
  struct Fd {
    int fd = 0;
    std::string what;  // "tty", "pipe:[3] r", "fifo /tmp/f w", "file", ...
  };
  struct Proc {
    int pid = 0, ppid = 0, pgid = 0, sid = 0;
    uint32_t uid = 0, euid = 0, gid = 0;
    std::string comm, exe;
    enum class State : uint8_t { Runnable, Running, Blocked, Stopped, Zombie } state = State::Runnable;
    bool in_syscall = false;
    uint32_t syscall = 0;       // the system call number at entry (orig_eax)
    std::string call;           // its name; ipc(2) with its operation: "ipc(msgrcv)"
    std::string wait;           // what a blocked process waits on ("msgrcv on queue 0 type 1"...)
    uint64_t wake_at = 0;       // a timed wait's deadline (cycle), 0 = none
    int stop_sig = 0;           // Stopped: the signal that stopped it
    uint32_t wait_status = 0;   // Zombie: its Linux wait status
    uint64_t start_cycle = 0, sys_cycles = 0, on_cpu_cycles = 0;
    uint64_t pending_proc = 0, pending_thread = 0, blocked = 0;  // bit n-1 = signal n
    size_t rt_queued = 0;       // queued real-time signals (both queues)
    std::array<Handler, 65> act{};  // index = signal number (0 unused)
    std::vector<Fd> fds;
    std::vector<int> children;
  };
  struct Perm {
    int32_t key = 0;
    uint32_t uid = 0, gid = 0, cuid = 0, cgid = 0, mode = 0;
  };
  struct Message {
    int32_t type = 0;
    uint32_t size = 0;
    std::vector<uint8_t> head;  // the first kMsgHead bytes
  };
  struct MsgQueue {
    Perm perm;
    int id = 0;
    uint32_t cbytes = 0, qbytes = 0;
    int lspid = 0, lrpid = 0;
    std::vector<Message> msgs;
    struct Receiver { int pid; int32_t type; int mode; uint32_t maxsize; };
    struct Sender { int pid; uint32_t size; };
    std::vector<Receiver> receivers;  // blocked in msgrcv
    std::vector<Sender> senders;      // blocked in msgsnd (queue full)
  };
  struct ShmMap {
    int pid = 0;
    uint32_t start = 0, end = 0;  // [start, end) in the process's address space
    bool writable = false;
  };
  struct ShmSeg {
    Perm perm;
    int id = 0;
    uint32_t size = 0, pages = 0, nattch = 0;
    bool dest = false, locked = false;
    int cpid = 0, lpid = 0;
    std::vector<ShmMap> maps;
  };
  struct SemWaiter {
    int pid = 0;
    uint16_t num = 0;  // the semaphore it waits on
    int16_t op = 0;    // < 0: waits for the value to reach |op| (ncnt); 0: for zero (zcnt)
  };
  struct SemArray {
    Perm perm;
    int id = 0;
    std::vector<uint16_t> val;
    std::vector<int> lastpid;            // sempid
    std::vector<uint32_t> ncnt, zcnt;    // per semaphore, as GETNCNT / GETZCNT count
    std::vector<SemWaiter> waiters;
    std::vector<int> undo_pids;          // processes holding SEM_UNDO adjustments
  };
  struct PipeEnd { int pid; int fd; char mode; };  // 'r', 'w' or 'b' (O_RDWR)
  struct Pipe {
    uint64_t ino = 0;          // pipefs inode (pipes) or the FIFO's inode
    bool fifo = false;
    std::string path;          // FIFO: its path when found in the tree
    uint32_t bytes = 0, slots = 0;  // unread bytes, page slots in use (of kSlots)
    uint32_t readers = 0, writers = 0;
    uint64_t bytes_total = 0;
    std::vector<PipeEnd> ends;
    std::vector<int> blocked_readers, blocked_writers, blocked_openers;
  };

  static constexpr size_t kMsgHead = 16;
  static constexpr uint32_t kPipeSlots = 16, kPipePage = 4096;

  bool present = false;  // the scenario runs the mini OS
  bool booted = false;
  std::string panic;
  int current_pid = 0;   // 0 = the idle loop
  uint64_t syscalls = 0, context_switches = 0;
  std::vector<Proc> procs;  // by pid
  std::vector<MsgQueue> msg;
  std::vector<ShmSeg> shm;
  std::vector<SemArray> sem;
  std::vector<Pipe> pipes;
};

// Copy the kernel's state into `out` (cleared first). `on_cpu` holds the cycles each pid has
// spent on the CPU (the Session's count from context-switch events).
void take_os_snapshot(const os::Kernel& k, const std::map<int, uint64_t>& on_cpu, OsSnapshot& out);

// The Linux i386 name of a system call ("read", "msgrcv"), or nullptr.
const char* syscall_name(uint32_t nr);
// "read" or "syscall 999".
std::string syscall_label(uint32_t nr);
// The same, with ipc(2)'s operation (its first argument, `call`) named: "ipc(msgrcv)".
std::string call_label(uint32_t nr, uint32_t first_arg);
// "Runnable", "Blocked" ...
const char* state_name(OsSnapshot::Proc::State s);

}  // namespace irq::gui
