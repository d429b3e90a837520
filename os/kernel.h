// os/kernel.h — the mini OS kernel (DESIGN.md §4): host C++ behind real guest-side IDT stubs.
//
// How the guest reaches it: programs/kernel/kernel.asm (loaded at physical 0x8000, started in real
// mode) programs the 8259A pair and the PIT, enables protected mode and paging, and routes every
// IDT vector through a stub that builds a TrapFrame on the current kernel stack and executes
// `out dx, eax` to the host-call port (kHostCallPort, ring 0 only: IOPL 0, no I/O bitmap). The
// board stops the CPU at that instruction boundary and calls Kernel::host_call(frame address).
// The kernel reads the frame, does the work (system call, IRQ, exception, scheduling, signal
// delivery), writes the frame of the process that runs next at the top of ITS kernel stack, and
// sets ESP, CR3, TSS.ESP0 and the GDT's TLS slots as a real kernel's context switch does; the stub
// then pops that frame and IRETs. Kernel work is charged in cycles (os/cost.h).
//
// Processes: pid 1 is the kernel's own init (no user code: it adopts orphans and reaps them);
// programs started by a scenario or `irqlab exec` are its children. Linux i386 ABI throughout
// (os/linux_abi.h); unknown system calls return -kENOSYS and emit an unknown-syscall trace event.
//
// Inaccuracies (docs/deviations.md): one CPU, no threads (clone with CLONE_VM/CLONE_THREAD is
// -kENOSYS... except vfork); timers have the PIT tick's resolution; no x87 state in signal frames
// (the CPU has no FPU; the math emulator, os/math_emu.h, keeps it in the kernel); memory is not
// overcommitted beyond RAM: a fault with no free frame kills the process (oom-kill).
#pragma once
#include <array>
#include <compare>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "os/linux_abi.h"
#include "os/math_emu.h"
#include "os/mm.h"
#include "os/vfs.h"
#include "sim/trace.h"

namespace irq::cpu { class Cpu; }

namespace irq::os {

constexpr uint16_t kHostCallPort = 0x0F80;
constexpr uint32_t kKernelLoad = 0x8000;    // physical load address of kernel.asm
constexpr uint32_t kBootBlock = 0x7000;     // physical: PIT divisor, PIC masks, boot directory
constexpr uint32_t kBootVector = 0x100;     // "vector" of the boot entry

// The trap frame the stubs build (lowest address first). From user mode the CPU pushed
// eip..ss; from ring 0 (the idle loop) only eip, cs, eflags.
struct TrapFrame {
  uint32_t ebx, ecx, edx, esi, edi, ebp, eax, ds, es, fs, gs, vector, error, eip, cs, eflags, esp, ss;
};
static_assert(sizeof(TrapFrame) == 72);

// What the kernel needs from the board (sim/ implements it).
class KernelHost {
 public:
  virtual ~KernelHost() = default;
  virtual cpu::Cpu& cpu() = 0;
  virtual uint8_t* ram() = 0;
  virtual uint32_t ram_size() = 0;
  virtual sim::Trace& trace() = 0;
  virtual uint64_t clock_hz() = 0;
  virtual uint32_t port_read(uint16_t port, unsigned size) = 0;
  virtual void port_write(uint16_t port, uint32_t value, unsigned size) = 0;
  virtual void stop_run() = 0;  // everything exited, or a kernel panic
};

struct KernelConfig {
  uint64_t quantum_cycles = 330000;  // 10 ms at 33 MHz
  unsigned max_processes = 256;
  uint64_t seed = 1;
  // Console: where the tty's output goes and which IRQ feeds its input.
  enum class Console : uint8_t { Keyboard, Uart, HostStdio } console = Console::Keyboard;
  uint16_t uart_port = 0x3F8;
  bool uart_output = false;  // tty output through the UART (else port 0xE9)
  // Host stdio for `irqlab exec` (Console::HostStdio): fds 0, 1, 2 of the program.
  int host_stdin = 0, host_stdout = 1, host_stderr = 2;
};

struct SigAction {
  uint32_t handler = 0;  // 0 SIG_DFL, 1 SIG_IGN, else an address
  uint32_t flags = 0;
  uint32_t restorer = 0;
  uint64_t mask = 0;
};
// SA_* (asm/signal.h, i386)
constexpr uint32_t kSaNoCldStop = 1, kSaNoCldWait = 2, kSaSigInfo = 4, kSaOnStack = 0x08000000,
                   kSaRestart = 0x10000000, kSaNoDefer = 0x40000000, kSaResetHand = 0x80000000u,
                   kSaRestorer = 0x04000000;

struct SigInfo {
  int32_t signo = 0, errno_ = 0, code = 0;
  // The union's first words: kill/tkill/sigqueue: pid, uid (value); kSIGCHLD: pid, uid, status;
  // faults: addr.
  uint32_t w[5] = {};
};

struct UserDesc {  // struct user_desc of set_thread_area
  uint32_t entry = ~0u, base = 0, limit = 0, flags = 0;
  bool empty() const;  // the "clear this slot" encoding
};

struct FdEntry {
  FilePtr file;
  bool cloexec = false;
};

struct Process {
  int pid = 0, ppid = 0, pgid = 0, sid = 0;
  bool from_init = false;  // started by an InitSpec (its children are not)
  std::string init_path;   // and that InitSpec's path (kept across execve)
  uint32_t uid = 0, euid = 0, suid = 0, gid = 0, egid = 0, sgid = 0;
  std::vector<uint32_t> groups;
  enum class State : uint8_t { Runnable, Blocked, Stopped, Zombie } state = State::Runnable;
  AddressSpace as;
  uint32_t kstack = 0;  // physical frame of the kernel stack
  TrapFrame regs{};     // user context while not running on the CPU
  std::string comm, exe;
  std::vector<FdEntry> fds;
  InodePtr cwd;
  uint32_t umask = 022;

  // Signals: one pending set for the process (kill) and one for its only thread (tkill).
  std::array<SigAction, 65> act{};
  uint64_t blocked = 0, pending_proc = 0, pending_thread = 0;
  std::array<SigInfo, 65> info_proc{}, info_thread{};
  std::deque<SigInfo> rt_proc, rt_thread;  // queued real-time signals (32..64)
  bool saved_mask_valid = false;           // sigsuspend: restore this mask after the handler
  uint64_t saved_mask = 0;
  uint32_t altstack_sp = 0, altstack_size = 0, altstack_flags = 2;  // SS_DISABLE

  // System call state.
  bool in_syscall = false;  // regs hold a system call's return (restart rules apply)
  uint32_t orig_eax = 0;    // the system call number at entry
  bool retry = false;       // woken from a blocking call: run the handler again
  bool first_try = true;    // the handler's first run for this call (false on retries)
  const void* wait_key = nullptr;
  std::vector<const void*> poll_keys;  // poll/select: the other keys it waits on (with wait_key)
  uint64_t wake_at = 0;     // cycle at which a blocked call times out (0 = never)
  bool timed_out = false;
  uint64_t sleep_deadline = 0;  // nanosleep / restart_syscall
  int vfork_parent = 0;     // pid blocked in vfork until this child execs or exits
  int vfork_child = 0;      // (parent) the child it waits for in vfork
  uint64_t sigwait_set = 0; // rt_sigtimedwait: these signals end the wait even when blocked
  bool did_exec = false;
  uint32_t io_progress = 0; // bytes a blocking read/write already moved before it blocked    // setpgid on a child that has exec'd: kEACCES

  // Timers: alarm / ITIMER_REAL.
  uint64_t alarm_at = 0, alarm_interval = 0;
  std::array<UserDesc, 3> tls{};
  uint32_t clear_child_tid = 0;
  uint32_t ticks_left = 0;

  // Exit and wait reporting.
  uint32_t wait_status = 0;     // for a zombie
  bool stop_pending_report = false, cont_pending_report = false;
  int stop_sig = 0;
  std::vector<int> children;
  uint64_t start_cycle = 0;
  uint64_t user_cycles = 0, sys_cycles = 0;
  // The handler the next IRET enters (signal-handler trace event).
  uint32_t handler_eip = 0;
  int handler_sig = 0;
  // The x87 state of the math emulator (os/math_emu.h): the CPU has no FPU.
  MathEmu fpu;

  bool alive() const { return state != State::Zombie; }
};

class Kernel {
 public:
  Kernel(KernelHost& host, const KernelConfig& config);
  ~Kernel();
  Kernel(const Kernel&) = delete;
  Kernel& operator=(const Kernel&) = delete;

  Vfs& vfs() { return vfs_; }

  struct InitSpec {
    std::string path;               // guest path of the program
    std::vector<std::string> argv;  // argv[0] included
    std::vector<std::string> envp;
    uint32_t uid = 0, gid = 0;
    std::string cwd;  // "" = /
  };
  void add_init(const InitSpec& s) { inits_.push_back(s); }

  // Puts the kernel image, the boot block and the boot page tables in RAM and the CPU at
  // 0000:8000 in real mode. Returns "" or why it failed (an image that does not fit).
  std::string boot();

  // The board calls this at the instruction boundary after the stub's OUT to kHostCallPort.
  void host_call(uint32_t frame_va);
  // The board's IRET observer (tracing on): marks the first instruction of a signal handler.
  void on_iret(uint32_t cs, uint32_t eip);

  // Timeline: send `sig` to every live process running `path` (or to pid when path is empty).
  // Takes effect at the next kernel entry (the next timer tick at the latest).
  void post_signal(const std::string& path, int pid, int sig);

  // Results.
  struct ExitRecord {
    int pid;
    std::string path;  // an init process: its InitSpec's path; others: the program it ran last
    uint32_t status;   // wait status
    bool init;         // started by an InitSpec (not forked): what `exit:` expectations name
  };
  const std::vector<ExitRecord>& exits() const { return exits_; }
  bool all_exited() const;
  bool booted() const { return booted_; }
  bool panicked() const { return !panic_.empty(); }
  const std::string& panic_report() const { return panic_; }
  const std::map<int, std::unique_ptr<Process>>& processes() const { return procs_; }
  uint64_t syscalls() const { return syscall_count_; }
  uint64_t context_switches() const { return switch_count_; }
  // The ELF check used by `irqlab exec` before a machine is built: "" when loadable.
  static std::string check_executable(const std::vector<uint8_t>& image);

  // ---- everything below is shared by the os/*.cpp files ----
  using Sys = long (*)(Kernel&, Process&, const uint32_t* a);
  static constexpr long kBlocked = -100000;  // a handler blocked the caller (retry on wake)

  KernelHost& host_;
  cpu::Cpu& cpu_;
  KernelConfig cfg_;
  Memory mem_;
  Vfs vfs_;
  std::map<int, std::unique_ptr<Process>> procs_;
  std::deque<int> runq_;
  Process* current_ = nullptr;  // null: the idle loop
  bool need_resched_ = false;
  int next_pid_ = 2;
  std::vector<InitSpec> inits_;
  std::vector<ExitRecord> exits_;
  std::map<const void*, std::vector<int>> waiters_;
  // read/write's bounce buffer (os/sys_fs.cpp): grown once to the largest request, never shrunk,
  // so the I/O path allocates nothing after the first large call.
  std::vector<uint8_t> io_scratch_;
  // Futexes (sys_futex). A futex word's identity, as Linux's get_futex_key makes it: kind 0
  // FUTEX_PRIVATE_FLAG (address space, address); 1 a shared-flag op on private memory (the same
  // pair, but Linux's key carries FUT_OFF_MMSHARED, so it never meets kind 0); 2 a shared-flag op
  // on shared memory (the ShmObj, byte offset in it). A waiter blocks on the address of its key's
  // node in futex_keys_ (owned here: it cannot equal another wait's key, a host object's
  // address); futex_waits_ holds each queued waiter's node and bitset until a wake takes it.
  struct FutexKey {
    uint8_t kind = 0;
    uintptr_t space = 0;  // kinds 0, 1: the page directory; 2: the ShmObj
    uint32_t off = 0;     // kinds 0, 1: the user address; 2: the offset in the object
    auto operator<=>(const FutexKey&) const = default;
  };
  struct FutexWait {
    const void* node = nullptr;
    uint32_t bitset = 0;
  };
  std::map<FutexKey, char> futex_keys_;
  std::map<int, FutexWait> futex_waits_;  // by pid
  std::vector<std::pair<std::string, std::pair<int, int>>> posted_;  // timeline signals
  std::string panic_;
  bool booted_ = false;
  uint64_t syscall_count_ = 0, switch_count_ = 0;
  uint64_t tick_cycles_ = 0;       // PIT period in CPU cycles
  uint32_t quantum_ticks_ = 1;
  uint64_t boot_cycle_ = 0;
  uint32_t gdt_pa_ = 0, tss_pa_ = 0, idle_frame_va_ = 0, idle_loop_va_ = 0, ret_va_ = 0;
  uint64_t rng_ = 0;
  std::shared_ptr<File> console_;  // the tty (or host stdio) files
  std::shared_ptr<File> host_out_, host_err_, host_in_;
  struct Tty;
  std::unique_ptr<Tty> tty_;
  struct Ipc;                   // os/ipc.h: System V message queues and semaphores
  std::unique_ptr<Ipc> ipc_;
  std::array<Sys, 450> table_{};
  uint64_t last_switch_cycle_ = 0;
  uint64_t pipe_ino_ = 0;
  // FIFOs (os/fifo.h, the FIFO issue): each open FIFO's Pipe and the blocking opens in progress.
  // Made on first use; a shared_ptr so that files not including os/fifo.h can destroy it.
  struct Fifos;
  std::shared_ptr<Fifos> fifos_;
  int exited_pid_ = 0;  // the current process exited and was reaped (for the switch's trace)

  sim::Trace& trace() { return host_.trace(); }
  void emit(sim::Ev kind, uint8_t a = 0, uint32_t b = 0, uint32_t c = 0);
  uint64_t now() const;
  int64_t now_ns() const;       // CLOCK_MONOTONIC (since boot)
  int64_t realtime_ns() const;  // CLOCK_REALTIME: a fixed epoch + monotonic
  void charge(uint64_t cycles);
  uint64_t ns_to_cycles(uint64_t ns) const;
  uint64_t next_random();

  // kernel.cpp: entry, scheduling, switching, panics.
  void do_boot();
  void leave();  // pick who runs next, deliver its signals, switch to it
  void switch_to(Process* p);
  void make_runnable(Process& p);
  int block(Process& p, const void* key, uint64_t wake_at = 0);
  // Block until any of `keys` is woken (poll, select), or wake_at.
  int block_any(Process& p, const std::vector<const void*>& keys, uint64_t wake_at);
  void wake(const void* key);
  void unwait(Process& p);
  void timer_tick();
  void panic(const std::string& why, const TrapFrame& f);
  void user_exception(Process& p, uint32_t vector, uint32_t error);
  void handle_irq(uint32_t irq, uint32_t data);
  Process* find(int pid);
  void set_tls_gdt(const Process& p);
  void write_frame(Process& p);

  // syscalls (sys_*.cpp)
  void init_table();
  void syscall(Process& p);
  long dispatch(Process& p);
  void finish_syscall(Process& p, long r);

  // process.cpp
  Process* new_process(int ppid);
  std::string start_init(const InitSpec& s);
  long do_execve(Process& p, const std::string& path, std::vector<std::string> argv,
                 const std::vector<std::string>& envp, int depth = 0);
  void do_exit(Process& p, uint32_t wait_status);
  void release(Process& p);  // a reaped zombie
  void reparent_children(Process& p);
  bool wait_matches(const Process& parent, const Process& child, int pid) const;
  int alloc_pid();

  // signal.cpp
  bool send_signal(Process& p, int sig, const SigInfo& info, bool thread, int sender = 0);
  bool deliverable(const Process& p, int sig) const;
  // A selector user mode may hold in DS/ES/FS/GS: null, user data, or a TLS slot that is set.
  bool user_data_selector_ok(const Process& p, uint32_t selector) const;
  bool signal_pending(const Process& p) const;  // something would interrupt a blocking call
  bool deliver_signals(Process& p);  // false when p is no longer runnable (killed, stopped)
  long sigreturn(Process& p, bool rt);
  void child_state_changed(Process& child, int code, int status);
  int next_signal(const Process& p, bool& thread) const;
  bool kill_permitted(const Process& from, const Process& to, int sig) const;
  void stop_process(Process& p, int sig);
  void continue_process(Process& p);
  void exec_signal_reset(Process& p);

  // fds (sys_fs.cpp)
  int install_fd(Process& p, FilePtr f, bool cloexec, int min_fd = 0);
  FilePtr get_file(Process& p, int fd);
  int open_node(Process& p, const InodePtr& node, uint32_t flags, FilePtr& out);
  void close_all(Process& p, bool only_cloexec);

  // Registration of the system call handlers, one function per file (sys_proc.cpp, sys_fs.cpp).
  void register_proc_syscalls();
  void register_fs_syscalls();
  void register_ipc_syscalls();  // sys_ipc.cpp
  long fork_process(Process& p, uint32_t flags, uint32_t stack);

  // tty.cpp
  int tty_fg_pgrp() const;
  void set_tty_fg_pgrp(int pgrp, int sid);
  void tty_init();
  void tty_input_scancode(uint8_t sc);
  void tty_input_byte(uint8_t c);
  void console_output(const uint8_t* data, size_t n);
  void uart_irq();

};

}  // namespace irq::os
