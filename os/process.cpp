// os/process.cpp — process creation, execve (ELF loading and the System V initial stack), exit,
// reparenting and reaping.
#include <algorithm>
#include <cstring>

#include "cpu/cpu.h"
#include "os/cost.h"
#include "os/elf.h"
#include "os/ipc.h"
#include "os/kernel.h"
#include "os/tty.h"

namespace irq::os {

namespace {
constexpr uint32_t kUcs = 0x1B, kUds = 0x23;

std::string basename_of(const std::string& path) {
  const size_t s = path.find_last_of('/');
  return s == std::string::npos ? path : path.substr(s + 1);
}
}  // namespace

int Kernel::alloc_pid() {
  for (int tries = 0; tries < 32768; ++tries) {
    const int pid = next_pid_;
    next_pid_ = next_pid_ >= 32767 ? 2 : next_pid_ + 1;
    if (!procs_.count(pid)) return pid;
  }
  return -1;
}

Process* Kernel::new_process(int ppid) {
  unsigned live = 0;
  for (const auto& [pid, p] : procs_) live += pid != 1;
  if (live >= cfg_.max_processes) return nullptr;
  const int pid = alloc_pid();
  if (pid < 0) return nullptr;
  const uint32_t kstack = mem_.alloc_frame();
  if (!kstack) return nullptr;
  auto up = std::make_unique<Process>();
  Process* p = up.get();
  p->pid = pid;
  p->ppid = ppid;
  p->kstack = kstack;
  p->start_cycle = now();
  procs_[pid] = std::move(up);
  if (Process* parent = find(ppid)) parent->children.push_back(pid);
  emit(sim::Ev::ProcessCreated, 0, uint32_t(pid), uint32_t(ppid));
  return p;
}

std::string Kernel::start_init(const InitSpec& s) {
  Process* p = new_process(1);
  if (!p) return "no memory or process slot";
  p->uid = p->euid = p->suid = s.uid;
  p->gid = p->egid = p->sgid = s.gid;
  p->cwd = vfs_.root();
  if (!s.cwd.empty()) {
    InodePtr d;
    if (vfs_.resolve(vfs_.root(), s.cwd, true, s.uid, s.gid, d) == 0 && d->type_bits() == kS_IFDIR) p->cwd = d;
  }
  p->pgid = p->sid = p->pid;  // each init program leads its own session
  p->from_init = true;
  p->init_path = s.path;
  p->comm = basename_of(s.path);
  p->as.pd = mem_.new_directory();
  if (!p->as.pd) return "out of memory";
  for (int fd = 0; fd < 3; ++fd) {
    FilePtr f = cfg_.console == KernelConfig::Console::HostStdio
                    ? (fd == 0 ? host_in_ : fd == 1 ? host_out_ : host_err_)
                    : console_;
    install_fd(*p, f, false, fd);
  }
  std::vector<std::string> argv = s.argv;
  if (argv.empty()) argv.push_back(s.path);
  const long r = do_execve(*p, s.path, argv, s.envp);
  if (r < 0) {
    do_exit(*p, lx::wstatus_exited(127));
    return "execve failed with errno " + std::to_string(-r);
  }
  if (tty_fg_pgrp() == 0) set_tty_fg_pgrp(p->pgid, p->sid);
  runq_.push_back(p->pid);
  return "";
}

long Kernel::do_execve(Process& p, const std::string& path, std::vector<std::string> argv,
                       const std::vector<std::string>& envp, int depth) {
  InodePtr node;
  // /proc/self/exe, the one /proc/self name the kernel knows (busybox runs its applets and scripts
  // through it): the program the process runs now. exe stays that file (Linux's /proc/PID/exe
  // names the file, not the name it was run by); comm is the name given's basename, "exe".
  const std::string file = path == "/proc/self/exe" ? p.exe : path;
  int r = vfs_.resolve(p.cwd, file, true, p.euid, p.egid, node);
  if (r < 0) return r;
  std::vector<uint8_t> image;
  r = vfs_.read_all(node, p.euid, p.egid, true, image);
  if (r < 0) return r;
  // "#!interpreter [arg]" scripts (fs/binfmt_script.c): at most 4 levels.
  if (image.size() >= 2 && image[0] == '#' && image[1] == '!') {
    if (depth >= 4) return -lx::kELOOP;
    std::string line(image.begin() + 2, std::find(image.begin() + 2, image.end(), uint8_t('\n')));
    const size_t b = line.find_first_not_of(" \t");
    if (b == std::string::npos) return -lx::kENOEXEC;
    const size_t e = line.find_first_of(" \t", b);
    const std::string interp = line.substr(b, e == std::string::npos ? std::string::npos : e - b);
    std::string arg;
    if (e != std::string::npos) {
      const size_t ab = line.find_first_not_of(" \t", e);
      if (ab != std::string::npos) {
        arg = line.substr(ab);
        while (!arg.empty() && (arg.back() == ' ' || arg.back() == '\t' || arg.back() == '\r')) arg.pop_back();
      }
    }
    std::vector<std::string> nargv{interp};
    if (!arg.empty()) nargv.push_back(arg);
    nargv.push_back(path);
    for (size_t i = 1; i < argv.size(); ++i) nargv.push_back(argv[i]);
    return do_execve(p, interp, nargv, envp, depth + 1);
  }
  ElfInfo elf;
  if (!parse_elf(image, elf).empty()) return -lx::kENOEXEC;

  size_t arg_bytes = 0;
  for (const auto& a : argv) arg_bytes += a.size() + 1;
  for (const auto& e : envp) arg_bytes += e.size() + 1;
  if (arg_bytes > 128 * 1024) return -lx::kE2BIG;

  // The new address space, built completely before the old one is dropped.
  AddressSpace as;
  as.pd = mem_.new_directory();
  if (!as.pd) return -lx::kENOMEM;
  auto fail = [&](long err) {
    mem_.destroy(as);
    return err;
  };
  uint32_t top = 0;
  for (const ElfLoad& l : elf.loads) {
    const uint32_t start = l.vaddr & ~0xFFFu;
    const uint32_t end = (l.vaddr + l.memsz + 0xFFF) & ~0xFFFu;
    const uint32_t prot = ((l.flags & 4) ? uint32_t(kProtRead) : 0u) | ((l.flags & 2) ? uint32_t(kProtWrite) : 0u) |
                          ((l.flags & 1) ? uint32_t(kProtExec) : 0u);
    for (uint32_t va = start; va < end; va += kPageSize) {
      const uint32_t existing = mem_.pte(as, va);
      uint32_t frame = existing & kPteP ? existing & ~0xFFFu : mem_.alloc_frame();
      if (!frame) return fail(-lx::kENOMEM);
      // File bytes that fall in this page.
      const uint64_t fbeg = std::max<uint64_t>(va, l.vaddr);
      const uint64_t fend = std::min<uint64_t>(uint64_t(va) + kPageSize, uint64_t(l.vaddr) + l.filesz);
      if (fend > fbeg) {
        std::memcpy(mem_.phys(frame) + (fbeg - va), image.data() + l.offset + (fbeg - l.vaddr), fend - fbeg);
        mem_.wrote(frame, kPageSize);
      }
      if (!(existing & kPteP) && !mem_.map(as, va, frame, (prot & kProtWrite) ? kPteW : 0))
        return fail(-lx::kENOMEM);
      if ((existing & kPteP) && (prot & kProtWrite)) mem_.map(as, va, frame, kPteW), mem_.ref_frame(frame);
      charge(cost::kPageCopy);
    }
    auto it = as.vmas.find(start);
    if (it != as.vmas.end()) {
      it->second.end = std::max(it->second.end, end);
      it->second.prot |= prot;
    } else {
      as.vmas[start] = Vma{start, end, prot, Vma::Kind::Image};
    }
    top = std::max(top, end);
  }
  as.brk_start = as.brk = top;
  as.vmas[kUserEnd - kStackSize] = Vma{kUserEnd - kStackSize, kUserEnd, kProtRead | kProtWrite, Vma::Kind::Stack};

  // The System V i386 initial stack (ABI i386 supplement, "Process Stack"): strings at the top,
  // then AT_RANDOM's 16 bytes, then (16-byte aligned) argc, argv[], NULL, envp[], NULL, auxv.
  std::vector<uint8_t> strings;
  std::vector<uint32_t> argv_off, envp_off;
  auto add_str = [&](const std::string& s) {
    const uint32_t off = uint32_t(strings.size());
    strings.insert(strings.end(), s.begin(), s.end());
    strings.push_back(0);
    return off;
  };
  for (const auto& a : argv) argv_off.push_back(add_str(a));
  for (const auto& e : envp) envp_off.push_back(add_str(e));
  const uint32_t execfn_off = add_str(path);
  const uint32_t platform_off = add_str("i686");
  uint32_t sp = kUserEnd - 16;
  const uint32_t strings_va = (sp - uint32_t(strings.size())) & ~3u;
  const uint32_t random_va = strings_va - 16;
  uint8_t random[16];
  for (int i = 0; i < 2; ++i) {
    const uint64_t v = next_random();
    std::memcpy(random + 8 * i, &v, 8);
  }
  std::vector<uint32_t> auxv = {
      3, elf.phdr_vaddr, 4, 32, 5, elf.phnum, 6, kPageSize, 7, 0, 8, 0, 9, elf.entry,
      11, p.uid, 12, p.euid, 13, p.gid, 14, p.egid, 16, 0, 17, 100, 23, 0,
      25, random_va, 15, strings_va + platform_off, 31, strings_va + execfn_off, 0, 0};
  std::vector<uint32_t> words;
  words.push_back(uint32_t(argv.size()));
  for (uint32_t o : argv_off) words.push_back(strings_va + o);
  words.push_back(0);
  for (uint32_t o : envp_off) words.push_back(strings_va + o);
  words.push_back(0);
  words.insert(words.end(), auxv.begin(), auxv.end());
  sp = (random_va - uint32_t(words.size() * 4)) & ~15u;
  if (!mem_.copy_out(as, strings_va, strings.data(), uint32_t(strings.size())) ||
      !mem_.copy_out(as, random_va, random, 16) ||
      !mem_.copy_out(as, sp, words.data(), uint32_t(words.size() * 4)))
    return fail(-lx::kENOMEM);

  // Point of no return: drop the old image.
  if (current_ == &p) {
    cpu_.st.cr3 = as.pd;
    cpu_.flush_tlb();
  }
  ipc_exec(*this, p);  // System V shm: the old image's attachments are detached (os/ipc.h)
  mem_.destroy(p.as);
  p.as = std::move(as);
  close_all(p, true);
  exec_signal_reset(p);
  p.exe = file;
  p.comm = basename_of(path).substr(0, 15);
  p.tls = {};
  p.clear_child_tid = 0;
  p.altstack_sp = p.altstack_size = 0;
  p.altstack_flags = 2;
  math_exec_reset(p);  // the x87 state after FNINIT (os/math_emu.h)
  p.regs = TrapFrame{};
  p.regs.eip = elf.entry;
  p.regs.esp = sp;
  p.regs.eflags = 0x202;
  p.regs.cs = kUcs;
  p.regs.ss = p.regs.ds = p.regs.es = kUds;
  p.in_syscall = false;
  if (current_ == &p) set_tls_gdt(p);
  if (p.vfork_parent) {
    if (Process* parent = find(p.vfork_parent)) wake(&parent->vfork_parent);
    p.vfork_parent = 0;
  }
  return 0;
}

void Kernel::do_exit(Process& p, uint32_t status) {
  if (!p.alive() || p.pid == 1) return;
  close_all(p, false);
  p.cwd.reset();
  unwait(p);
  ipc_exit(*this, p);  // System V IPC: SEM_UNDO adjustments, the wait record (os/ipc.h)
  if (current_ == &p || (cpu_.st.cr3 & ~0xFFFu) == p.as.pd) {
    cpu_.st.cr3 = procs_.at(1)->as.pd;
    cpu_.flush_tlb();
  }
  mem_.destroy(p.as);
  p.state = Process::State::Zombie;
  p.wait_status = status;
  p.alarm_at = 0;
  p.pending_proc = p.pending_thread = 0;
  p.rt_proc.clear();
  p.rt_thread.clear();
  exits_.push_back({p.pid, p.from_init ? p.init_path : p.exe, status, p.from_init});
  emit(sim::Ev::ProcessExited, 0, uint32_t(p.pid), status);
  if (p.vfork_parent) {
    if (Process* parent = find(p.vfork_parent)) wake(&parent->vfork_parent);
    p.vfork_parent = 0;
  }
  reparent_children(p);
  if (current_ == &p) need_resched_ = true;

  Process* parent = find(p.ppid);
  if (!parent || parent->pid == 1) {
    release(p);
    return;
  }
  const int code = (status & 0x7F) == 0 ? 1 : (status & 0x80) ? 3 : 2;  // CLD_EXITED/KILLED/DUMPED
  const int st = code == 1 ? int((status >> 8) & 0xFF) : int(status & 0x7F);
  const SigAction& a = parent->act[lx::kSIGCHLD];
  const bool autoreap = a.handler == 1 || (a.flags & kSaNoCldWait);
  // kSIGCHLD is sent unless it is ignored (an SA_NOCLDWAIT handler still runs).
  Process& child = p;
  if (a.handler != 1) child_state_changed(child, code, st);
  if (autoreap) {
    wake(&parent->children);
    release(child);
  }
}

void Kernel::release(Process& p) {
  const int pid = p.pid;
  if (Process* parent = find(p.ppid)) {
    auto& c = parent->children;
    c.erase(std::remove(c.begin(), c.end(), pid), c.end());
  }
  unwait(p);
  mem_.unref_frame(p.kstack);
  if (current_ == &p) {
    current_ = nullptr;
    exited_pid_ = pid;
  }
  procs_.erase(pid);
}

void Kernel::reparent_children(Process& p) {
  Process& init = *procs_.at(1);
  std::vector<int> kids = std::move(p.children);
  p.children.clear();
  for (int pid : kids) {
    Process* c = find(pid);
    if (!c) continue;
    c->ppid = 1;
    if (!c->alive()) {
      release(*c);  // init reaps at once
    } else {
      init.children.push_back(pid);
    }
  }
}

bool Kernel::wait_matches(const Process& parent, const Process& child, int pid) const {
  if (pid > 0) return child.pid == pid;
  if (pid == 0) return child.pgid == parent.pgid;
  if (pid == -1) return true;
  return child.pgid == -pid;
}

}  // namespace irq::os
