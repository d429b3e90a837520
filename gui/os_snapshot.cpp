// gui/os_snapshot.cpp — see os_snapshot.h. Reads the kernel's tables, never changes them.
#include "gui/os_snapshot.h"

#include <algorithm>
#include <cstdio>
#include <set>
#include <utility>

#include "os/fifo.h"
#include "os/ipc.h"
#include "os/kernel.h"
#include "os/pipe.h"
#include "os/tty.h"

namespace irq::gui {

namespace {

using Proc = OsSnapshot::Proc;

OsSnapshot::Perm perm_of(const os::ipc::Perm& p) {
  return {p.key, p.uid, p.gid, p.cuid, p.cgid, p.mode};
}

// A FIFO's path: a bounded walk of the in-memory tree (FIFOs live there, never on host mounts).
bool find_path(const os::Inode& dir, const os::Inode* target, std::string& path, unsigned& budget) {
  for (const auto& [name, child] : dir.entries) {
    if (!child || budget == 0) continue;
    --budget;
    const size_t len = path.size();
    path += "/" + name;
    if (child.get() == target) return true;
    if (child->kind == os::Inode::Kind::Dir && find_path(*child, target, path, budget)) return true;
    path.resize(len);
  }
  return false;
}

std::string pipe_label(const OsSnapshot::Pipe& p) {
  if (!p.fifo) return "pipe:[" + std::to_string(p.ino) + "]";
  return "fifo " + (p.path.empty() ? "ino " + std::to_string(p.ino) : p.path);
}

std::string hex(uint32_t v) {
  char b[16];
  std::snprintf(b, sizeof b, "0x%X", v);
  return b;
}

}  // namespace

const char* syscall_name(uint32_t nr) {
  // Linux i386 (arch/x86/entry/syscalls/syscall_32.tbl), the calls the mini OS has and a few more.
  switch (nr) {
    case 0: return "restart_syscall"; case 1: return "exit"; case 2: return "fork";
    case 3: return "read"; case 4: return "write"; case 5: return "open"; case 6: return "close";
    case 7: return "waitpid"; case 8: return "creat"; case 9: return "link"; case 10: return "unlink";
    case 11: return "execve"; case 12: return "chdir"; case 13: return "time"; case 14: return "mknod";
    case 15: return "chmod"; case 19: return "lseek"; case 20: return "getpid"; case 23: return "setuid";
    case 24: return "getuid"; case 27: return "alarm"; case 29: return "pause"; case 33: return "access";
    case 37: return "kill"; case 38: return "rename"; case 39: return "mkdir"; case 40: return "rmdir";
    case 41: return "dup"; case 42: return "pipe"; case 43: return "times"; case 45: return "brk";
    case 46: return "setgid"; case 47: return "getgid"; case 48: return "signal"; case 49: return "geteuid";
    case 50: return "getegid"; case 54: return "ioctl"; case 55: return "fcntl"; case 57: return "setpgid";
    case 60: return "umask"; case 63: return "dup2"; case 64: return "getppid"; case 65: return "getpgrp";
    case 66: return "setsid"; case 67: return "sigaction"; case 70: return "setreuid";
    case 71: return "setregid"; case 72: return "sigsuspend"; case 73: return "sigpending";
    case 75: return "setrlimit"; case 76: return "getrlimit"; case 77: return "getrusage";
    case 78: return "gettimeofday"; case 80: return "getgroups"; case 81: return "setgroups";
    case 83: return "symlink"; case 85: return "readlink"; case 90: return "mmap"; case 91: return "munmap";
    case 92: return "truncate"; case 93: return "ftruncate"; case 94: return "fchmod";
    case 96: return "getpriority"; case 97: return "setpriority"; case 104: return "setitimer";
    case 105: return "getitimer"; case 106: return "stat"; case 107: return "lstat"; case 108: return "fstat";
    case 114: return "wait4"; case 116: return "sysinfo"; case 117: return "ipc"; case 118: return "fsync";
    case 119: return "sigreturn"; case 120: return "clone"; case 122: return "uname";
    case 125: return "mprotect"; case 126: return "sigprocmask"; case 132: return "getpgid";
    case 133: return "fchdir"; case 136: return "personality"; case 140: return "_llseek";
    case 142: return "_newselect"; case 144: return "msync"; case 145: return "readv"; case 146: return "writev";
    case 147: return "getsid"; case 148: return "fdatasync"; case 150: return "mlock";
    case 151: return "munlock"; case 152: return "mlockall"; case 153: return "munlockall";
    case 158: return "sched_yield"; case 162: return "nanosleep"; case 163: return "mremap";
    case 164: return "setresuid"; case 165: return "getresuid"; case 168: return "poll";
    case 170: return "setresgid"; case 171: return "getresgid"; case 172: return "prctl";
    case 173: return "rt_sigreturn"; case 174: return "rt_sigaction"; case 175: return "rt_sigprocmask";
    case 176: return "rt_sigpending"; case 177: return "rt_sigtimedwait"; case 178: return "rt_sigqueueinfo";
    case 179: return "rt_sigsuspend"; case 180: return "pread64"; case 181: return "pwrite64";
    case 182: return "chown"; case 183: return "getcwd"; case 186: return "sigaltstack";
    case 190: return "vfork"; case 191: return "ugetrlimit"; case 192: return "mmap2";
    case 193: return "truncate64"; case 194: return "ftruncate64"; case 195: return "stat64";
    case 196: return "lstat64"; case 197: return "fstat64"; case 198: return "lchown32";
    case 199: return "getuid32"; case 200: return "getgid32"; case 201: return "geteuid32";
    case 202: return "getegid32"; case 203: return "setreuid32"; case 204: return "setregid32";
    case 205: return "getgroups32"; case 206: return "setgroups32"; case 207: return "fchown32";
    case 208: return "setresuid32"; case 209: return "getresuid32"; case 210: return "setresgid32";
    case 211: return "getresgid32"; case 212: return "chown32"; case 213: return "setuid32";
    case 214: return "setgid32"; case 215: return "setfsuid32"; case 216: return "setfsgid32";
    case 219: return "madvise"; case 220: return "getdents64"; case 221: return "fcntl64";
    case 224: return "gettid"; case 238: return "tkill"; case 240: return "futex";
    case 243: return "set_thread_area"; case 244: return "get_thread_area"; case 252: return "exit_group";
    case 258: return "set_tid_address"; case 265: return "clock_gettime"; case 266: return "clock_getres";
    case 267: return "clock_nanosleep"; case 268: return "statfs64"; case 270: return "tgkill";
    case 295: return "openat"; case 296: return "mkdirat"; case 297: return "mknodat";
    case 298: return "fchownat"; case 300: return "fstatat64"; case 301: return "unlinkat";
    case 302: return "renameat"; case 303: return "linkat"; case 304: return "symlinkat";
    case 305: return "readlinkat"; case 306: return "fchmodat"; case 307: return "faccessat";
    case 311: return "set_robust_list"; case 320: return "utimensat"; case 330: return "dup3";
    case 331: return "pipe2"; case 340: return "prlimit64"; case 353: return "renameat2";
    case 355: return "getrandom"; case 383: return "statx"; case 393: return "semget";
    case 394: return "semctl"; case 395: return "shmget"; case 396: return "shmctl"; case 397: return "shmat";
    case 398: return "shmdt"; case 399: return "msgget"; case 400: return "msgsnd"; case 401: return "msgrcv";
    case 402: return "msgctl"; case 403: return "clock_gettime64"; case 406: return "clock_getres_time64";
    case 407: return "clock_nanosleep_time64"; case 420: return "semtimedop_time64";
    case 421: return "rt_sigtimedwait_time64"; case 422: return "futex_time64"; case 439: return "faccessat2";
    default: return nullptr;
  }
}

std::string syscall_label(uint32_t nr) {
  const char* n = syscall_name(nr);
  return n ? std::string(n) : "syscall " + std::to_string(nr);
}

std::string call_label(uint32_t nr, uint32_t first_arg) {
  if (nr != 117) return syscall_label(nr);
  // ipc(2)'s calls (include/uapi/linux/ipc.h); the high 16 bits are the interface version.
  const char* op = nullptr;
  switch (first_arg & 0xFFFF) {
    case 1: op = "semop"; break; case 2: op = "semget"; break; case 3: op = "semctl"; break;
    case 4: op = "semtimedop"; break; case 11: op = "msgsnd"; break; case 12: op = "msgrcv"; break;
    case 13: op = "msgget"; break; case 14: op = "msgctl"; break; case 21: op = "shmat"; break;
    case 22: op = "shmdt"; break; case 23: op = "shmget"; break; case 24: op = "shmctl"; break;
    default: break;
  }
  return op ? std::string("ipc(") + op + ")" : "ipc(" + std::to_string(first_arg) + ")";
}

const char* state_name(Proc::State s) {
  switch (s) {
    case Proc::State::Runnable: return "runnable";
    case Proc::State::Running: return "running";
    case Proc::State::Blocked: return "blocked";
    case Proc::State::Stopped: return "stopped";
    case Proc::State::Zombie: return "zombie";
  }
  return "?";
}

void take_os_snapshot(const os::Kernel& k, const std::map<int, uint64_t>& on_cpu, OsSnapshot& out) {
  out = OsSnapshot{};
  out.present = true;
  out.booted = k.booted_;
  out.panic = k.panic_;
  out.current_pid = k.current_ ? k.current_->pid : 0;
  out.syscalls = k.syscall_count_;
  out.context_switches = k.switch_count_;
  const os::Kernel::Ipc* ipc = k.ipc_.get();

  // ---- pipes and FIFOs, from every process's fd table (and the FIFO opens in progress) ----
  std::map<const os::Pipe*, size_t> pipe_index;
  auto pipe_of = [&](const os::PipeFile& pf) -> OsSnapshot::Pipe& {
    const os::Pipe* p = pf.pipe().get();
    auto [it, fresh] = pipe_index.emplace(p, out.pipes.size());
    if (fresh) {
      OsSnapshot::Pipe s;
      s.fifo = dynamic_cast<const os::FifoFile*>(&pf) != nullptr;
      s.ino = s.fifo && pf.inode ? pf.inode->ino : p->ino;
      if (s.fifo && pf.inode && k.vfs_.root()) {
        unsigned budget = 20000;
        if (!find_path(*k.vfs_.root(), pf.inode.get(), s.path, budget)) s.path.clear();
      }
      s.bytes = p->available();
      s.slots = uint32_t(p->slots.size());
      s.readers = p->readers;
      s.writers = p->writers;
      s.bytes_total = p->bytes_total;
      out.pipes.push_back(std::move(s));
    }
    return out.pipes[it->second];
  };
  auto end_mode = [](const os::PipeFile& pf) { return pf.can_read() && pf.can_write() ? 'b' : pf.can_write() ? 'w' : 'r'; };
  for (const auto& [pid, pr] : k.procs_) {
    for (size_t fd = 0; fd < pr->fds.size(); ++fd) {
      const auto* pf = dynamic_cast<const os::PipeFile*>(pr->fds[fd].file.get());
      if (pf && pf->pipe()) pipe_of(*pf).ends.push_back({pid, int(fd), end_mode(*pf)});
    }
  }
  if (k.fifos_) {
    for (const auto& [pid, w] : k.fifos_->waiting) {
      const auto* pf = dynamic_cast<const os::PipeFile*>(w.file.get());
      if (pf && pf->pipe()) pipe_of(*pf).ends.push_back({pid, -1, end_mode(*pf)});
    }
  }
  // Wait keys of the pipes: which pipe and what kind of wait.
  struct PipeKey { size_t index; char what; };  // 'r' read, 'w' write, 'b' O_RDWR end, 'o' open
  std::map<const void*, PipeKey> pipe_keys;
  for (const auto& [p, i] : pipe_index) {
    pipe_keys[p->read_key()] = {i, 'r'};
    pipe_keys[p->write_key()] = {i, 'w'};
    pipe_keys[p->rdwr_key()] = {i, 'b'};
    pipe_keys[p->open_key()] = {i, 'o'};
  }

  // ---- processes ----
  for (const auto& [pid, pp] : k.procs_) {
    const os::Process& p = *pp;
    Proc s;
    s.pid = p.pid; s.ppid = p.ppid; s.pgid = p.pgid; s.sid = p.sid;
    s.uid = p.uid; s.euid = p.euid; s.gid = p.gid;
    s.comm = p.comm; s.exe = p.exe;
    switch (p.state) {
      case os::Process::State::Runnable: s.state = &p == k.current_ ? Proc::State::Running : Proc::State::Runnable; break;
      case os::Process::State::Blocked: s.state = Proc::State::Blocked; break;
      case os::Process::State::Stopped: s.state = Proc::State::Stopped; break;
      case os::Process::State::Zombie: s.state = Proc::State::Zombie; break;
    }
    s.in_syscall = p.in_syscall;
    s.syscall = p.orig_eax;
    // While in a call its arguments are still in the saved registers (only EAX is replaced, at
    // the end).
    s.call = call_label(p.orig_eax, p.regs.ebx);
    s.wake_at = p.wake_at;
    s.stop_sig = p.stop_sig;
    s.wait_status = p.wait_status;
    s.start_cycle = p.start_cycle;
    s.sys_cycles = p.sys_cycles;
    if (auto it = on_cpu.find(pid); it != on_cpu.end()) s.on_cpu_cycles = it->second;
    s.pending_proc = p.pending_proc;
    s.pending_thread = p.pending_thread;
    s.blocked = p.blocked;
    s.rt_queued = p.rt_proc.size() + p.rt_thread.size();
    for (size_t i = 0; i < s.act.size(); ++i)
      s.act[i] = {p.act[i].handler, p.act[i].flags, p.act[i].restorer, p.act[i].mask};
    s.children = p.children;
    for (size_t fd = 0; fd < p.fds.size(); ++fd) {
      const os::File* f = p.fds[fd].file.get();
      if (!f) continue;
      OsSnapshot::Fd d{int(fd), {}};
      if (const auto* pf = dynamic_cast<const os::PipeFile*>(f); pf && pf->pipe()) {
        d.what = pipe_label(out.pipes[pipe_index[pf->pipe().get()]]) + " " + end_mode(*pf);
      } else if (dynamic_cast<const os::TtyFile*>(f)) {
        d.what = "tty";
      } else if (dynamic_cast<const os::HostStdioFile*>(f)) {
        d.what = "host stdio";
      } else if (f->inode) {
        switch (f->inode->kind) {
          case os::Inode::Kind::Dir: case os::Inode::Kind::HostDir: d.what = "dir"; break;
          case os::Inode::Kind::CharDev: d.what = "chardev"; break;
          default: d.what = "file"; break;
        }
        d.what += " ino " + std::to_string(f->inode->ino);
      } else {
        d.what = "file";
      }
      if (p.fds[fd].cloexec) d.what += " cloexec";
      s.fds.push_back(std::move(d));
    }
    out.procs.push_back(std::move(s));
  }

  // ---- System V IPC ----
  auto live = [&](int pid, uint64_t token) {
    if (!ipc) return false;
    auto it = ipc->waits.find(pid);
    return it != ipc->waits.end() && it->second.token == token && !it->second.done;
  };
  if (ipc) {
    for (const auto& [idx, q] : ipc->msg.objs) {
      OsSnapshot::MsgQueue s;
      s.perm = perm_of(q->perm);
      s.id = q->id;
      s.cbytes = q->cbytes;
      s.qbytes = q->qbytes;
      s.lspid = q->lspid;
      s.lrpid = q->lrpid;
      for (const auto& m : q->msgs) {
        OsSnapshot::Message c;
        c.type = m.type;
        c.size = uint32_t(m.text.size());
        c.head.assign(m.text.begin(), m.text.begin() + long(std::min(m.text.size(), OsSnapshot::kMsgHead)));
        s.msgs.push_back(std::move(c));
      }
      for (const auto& r : q->receivers)
        if (live(r.pid, r.token)) s.receivers.push_back({r.pid, r.type, r.mode, r.maxsize});
      for (const auto& w : q->senders)
        if (live(w.pid, w.token)) s.senders.push_back({w.pid, w.size});
      out.msg.push_back(std::move(s));
    }
    for (const auto& [idx, a] : ipc->sem.objs) {
      OsSnapshot::SemArray s;
      s.perm = perm_of(a->perm);
      s.id = a->id;
      s.val = a->val;
      s.lastpid = a->pid;
      s.ncnt.assign(a->val.size(), 0);
      s.zcnt.assign(a->val.size(), 0);
      for (const auto& q : a->pending) {
        if (!live(q.pid, q.token) || q.blocking >= q.ops.size()) continue;
        const os::ipc::SemOp& o = q.ops[q.blocking];
        s.waiters.push_back({q.pid, o.num, o.op});
        if (o.num < s.val.size()) {
          if (o.op < 0) ++s.ncnt[o.num];
          else if (o.op == 0) ++s.zcnt[o.num];
        }
      }
      for (const auto& [pid, adj] : a->undo) s.undo_pids.push_back(pid);
      out.sem.push_back(std::move(s));
    }
    for (const auto& [idx, g] : ipc->shm.objs) {
      OsSnapshot::ShmSeg s;
      s.perm = perm_of(g->perm);
      s.id = g->id;
      s.size = g->segsz;
      s.pages = g->obj ? uint32_t(g->obj->frames.size()) : 0;
      s.dest = g->dest;
      s.locked = g->locked;
      s.cpid = g->cpid;
      s.lpid = g->lpid;
      for (const auto& [pid, pr] : k.procs_)
        for (const auto& [start, v] : pr->as.vmas)
          if (g->obj && v.shm == g->obj) s.maps.push_back({pid, v.start, v.end, (v.prot & os::kProtWrite) != 0});
      s.nattch = uint32_t(s.maps.size());  // as shm_nattch counts: VMAs mapping the object
      out.shm.push_back(std::move(s));
    }
  }

  // ---- what each blocked process waits on ----
  for (Proc& s : out.procs) {
    if (s.state != Proc::State::Blocked) continue;
    const os::Process& p = *k.procs_.at(s.pid);
    const void* key = p.wait_key;
    const std::string& call = s.call;
    std::string what;
    if (p.pid == 1 && p.exe.empty()) {
      what = "kernel init: reaps orphans";
    } else if (!key) {
      what = p.wake_at ? call + " (sleep)" : call + " (until a signal)";
    } else if (key == &p.children) {
      const int want = int32_t(p.regs.ebx);
      what = call + (want == -1 ? " for any child" : want > 0 ? " for pid " + std::to_string(want) : " for a child in its group");
    } else if (key == &p.sigwait_set) {
      what = call + " for a signal";
    } else if (key == &p.vfork_parent) {
      what = "vfork: child " + std::to_string(p.vfork_child) + " has not exec'd or exited";
    } else if (auto pk = pipe_keys.find(key); pk != pipe_keys.end()) {
      OsSnapshot::Pipe& pi = out.pipes[pk->second.index];
      const char w = pk->second.what;
      const bool writes = w == 'w' || (w == 'b' && (p.orig_eax == 4 || p.orig_eax == 146 || p.orig_eax == 181));
      if (w == 'o') {
        what = call + " on " + pipe_label(pi) + " (waiting for the other end)";
        pi.blocked_openers.push_back(s.pid);
      } else if (writes) {
        what = call + " on " + pipe_label(pi) + " (full)";
        pi.blocked_writers.push_back(s.pid);
      } else {
        what = call + " on " + pipe_label(pi) + " (empty)";
        pi.blocked_readers.push_back(s.pid);
      }
    } else if (k.tty_ && key == k.tty_->key()) {
      what = call + " on the tty";
    } else {
      // System V objects, futexes, then any open file.
      if (ipc) {
        auto w = ipc->waits.find(s.pid);
        if (w != ipc->waits.end() && w->second.obj == key) {
          for (const auto& q : out.msg) {
            if (q.id != w->second.id) continue;
            for (const auto& r : q.receivers)
              if (r.pid == s.pid) what = "msgrcv on queue " + std::to_string(q.id) + " type " + std::to_string(r.type);
            for (const auto& r : q.senders)
              if (r.pid == s.pid) what = "msgsnd on queue " + std::to_string(q.id) + " (full)";
          }
          for (const auto& a : out.sem) {
            if (a.id != w->second.id) continue;
            for (const auto& x : a.waiters)
              if (x.pid == s.pid)
                what = "semop on array " + std::to_string(a.id) + " sem " + std::to_string(x.num) +
                       (x.op == 0 ? " (for zero)" : " (for " + std::to_string(-x.op) + ")");
          }
          if (what.empty()) what = call + " on ipc id " + std::to_string(w->second.id);
        }
      }
      if (what.empty()) {
        auto fw = k.futex_waits_.find(s.pid);
        if (fw != k.futex_waits_.end() && fw->second.node == key) {
          for (const auto& [fk, node] : k.futex_keys_) {
            if (&node != key) continue;
            what = "futex at " + hex(fk.off) + (fk.kind == 0 ? " (private)" : fk.kind == 2 ? " (shared memory)" : " (shared flag)");
          }
          if (what.empty()) what = "futex";
        }
      }
      if (what.empty()) {
        for (size_t fd = 0; fd < p.fds.size() && what.empty(); ++fd)
          if (p.fds[fd].file && p.fds[fd].file->wait_key() == key) what = call + " on fd " + std::to_string(fd);
      }
      if (what.empty()) what = call;
    }
    if (p.wake_at) what += " until cycle " + std::to_string(p.wake_at);
    s.wait = std::move(what);
  }
}

}  // namespace irq::gui
