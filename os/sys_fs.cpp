// os/sys_fs.cpp — file-descriptor system calls over the VFS (os/vfs.h), pipes and ioctls.
#include <algorithm>
#include <cstring>

#include "cpu/cpu.h"
#include "os/cost.h"
#include "os/fifo.h"
#include "os/ipc.h"
#include "os/kernel.h"
#include "os/pipe.h"
#include "os/tty.h"

namespace irq::os {

using namespace lx;

namespace {

long E(int e) { return -long(e); }
int32_t sarg(uint32_t v) { return int32_t(v); }
constexpr int kMaxFds = 1024;
constexpr size_t kIoChunk = 1u << 20;  // one read/write moves at most 1 MiB (a short count)

#define SYS(name) long name(Kernel& k, Process& p, const uint32_t* a)
#define UNUSED (void)k; (void)p; (void)a

long get_path(Kernel& k, Process& p, uint32_t va, std::string& out) {
  bool too_long = false;
  if (!va) return E(kEFAULT);
  if (!k.mem_.copy_string(p.as, va, 4095, out, too_long)) return E(too_long ? kENAMETOOLONG : kEFAULT);
  return 0;
}

// The directory a *at() call resolves from: kAT_FDCWD or an open directory.
long at_dir(Kernel& k, Process& p, int32_t dirfd, const std::string& path, InodePtr& dir) {
  if (!path.empty() && path[0] == '/') {
    dir = p.cwd;
    return 0;
  }
  if (dirfd == kAT_FDCWD) {
    dir = p.cwd;
    return 0;
  }
  FilePtr f = k.get_file(p, dirfd);
  if (!f) return E(kEBADF);
  if (!f->inode || (f->inode->type_bits() != kS_IFDIR)) return E(kENOTDIR);
  dir = f->inode;
  return 0;
}

// A file whose text the kernel made at open (Inode::generated: /proc/sysvipc/*): read-only,
// seekable; stat comes from the inode (size 0, as procfs shows).
class GeneratedFile final : public File {
 public:
  explicit GeneratedFile(std::string text) : text_(std::move(text)) {}
  long read(uint8_t* buf, size_t n) override {
    const long r = pread(buf, n, offset);
    if (r > 0) offset += r;
    return r;
  }
  long pread(uint8_t* buf, size_t n, int64_t off) override {
    if (off < 0) return E(kEINVAL);
    if (uint64_t(off) >= text_.size()) return 0;
    const size_t k = std::min(n, text_.size() - size_t(off));
    std::memcpy(buf, text_.data() + off, k);
    return long(k);
  }
  // Root may open it for writing (the mode is 0444); writing then fails -EIO, as procfs does.
  long write(const uint8_t*, size_t) override {
    return (flags & kO_ACCMODE) == kO_RDONLY ? E(kEBADF) : E(kEIO);
  }
  int64_t lseek(int64_t off, int whence) override {
    const int64_t base = whence == 0 ? 0 : whence == 1 ? offset : whence == 2 ? int64_t(text_.size()) : -1;
    if (base < 0 || base + off < 0) return E(kEINVAL);
    return offset = base + off;
  }

 private:
  std::string text_;
};

std::string generate(Kernel& k, const std::string& name) {
  if (name.rfind("sysvipc/", 0) == 0) return ipc_proc_text(k, name);
  return {};
}

long do_open(Kernel& k, Process& p, int32_t dirfd, uint32_t path_va, uint32_t flags, uint32_t mode) {
  std::string path;
  FilePtr f;
  // A FIFO open woken from its wait for a partner goes on with the node it found at first (Linux
  // does not look the path up again); everything else resolves the path.
  InodePtr node = p.first_try ? nullptr : fifo_waiting_node(k, p);
  if (!node) {
    if (long r = get_path(k, p, path_va, path)) return r;
    InodePtr dir;
    if (long r = at_dir(k, p, dirfd, path, dir)) return r;
    const int r = k.vfs_.open(dir, path, flags & ~kO_CLOEXEC, mode, p.umask, p.euid, p.egid, k.realtime_ns(), f, node);
    if (r < 0) return r;
  }
  if (!f) {
    const int o = k.open_node(p, node, flags & ~kO_CLOEXEC, f);
    if (o < 0) return o;
  } else if (node && !node->generated.empty()) {
    const uint32_t fl = f->flags;
    f = std::make_shared<GeneratedFile>(generate(k, node->generated));
    f->inode = node;
    f->flags = fl;
  }
  k.charge(cost::copy(path.size()));
  return k.install_fd(p, f, flags & kO_CLOEXEC);
}

SYS(sys_open) { UNUSED; return do_open(k, p, kAT_FDCWD, a[0], a[1], a[2]); }
SYS(sys_openat) { UNUSED; return do_open(k, p, sarg(a[0]), a[1], a[2], a[3]); }
SYS(sys_creat) { UNUSED; return do_open(k, p, kAT_FDCWD, a[0], kO_CREAT | kO_WRONLY | kO_TRUNC, a[1]); }

SYS(sys_close) {
  UNUSED;
  const int fd = sarg(a[0]);
  if (fd < 0 || size_t(fd) >= p.fds.size() || !p.fds[fd].file) return E(kEBADF);
  p.fds[fd] = FdEntry{};
  return 0;
}

long do_dup(Kernel& k, Process& p, int oldfd, int newfd, bool cloexec) {
  FilePtr f = k.get_file(p, oldfd);
  if (!f) return E(kEBADF);
  if (newfd < 0 || newfd >= kMaxFds) return E(kEBADF);
  if (size_t(newfd) >= p.fds.size()) p.fds.resize(size_t(newfd) + 1);
  p.fds[newfd] = FdEntry{f, cloexec};
  return newfd;
}
SYS(sys_dup) {
  UNUSED;
  FilePtr f = k.get_file(p, sarg(a[0]));
  if (!f) return E(kEBADF);
  return k.install_fd(p, f, false);
}
SYS(sys_dup2) {
  UNUSED;
  if (!k.get_file(p, sarg(a[0]))) return E(kEBADF);
  if (a[0] == a[1]) return sarg(a[1]);
  return do_dup(k, p, sarg(a[0]), sarg(a[1]), false);
}
SYS(sys_dup3) {
  UNUSED;
  if (a[2] & ~kO_CLOEXEC) return E(kEINVAL);
  if (a[0] == a[1]) return E(kEINVAL);
  return do_dup(k, p, sarg(a[0]), sarg(a[1]), a[2] & kO_CLOEXEC);
}

// --- read / write -------------------------------------------------------------------------------
// pipe-read / pipe-write trace events for pipes and FIFOs.
void trace_pipe(Kernel& k, Process& p, const FilePtr& f, sim::Ev kind, long bytes) {
  if (bytes > 0 && dynamic_cast<PipeFile*>(f.get())) k.emit(kind, 0, uint32_t(p.pid), uint32_t(bytes));
}

// Reads up to n bytes of f into `data` (pos >= 0: pread): blocks when the file says -EAGAIN and
// the description is blocking (interrupted: -ERESTARTSYS); pipe-read events for pipes and FIFOs.
uint8_t* scratch(Kernel& k, size_t n) {
  if (k.io_scratch_.size() < n) k.io_scratch_.resize(n);
  return k.io_scratch_.data();
}

long read_buffer(Kernel& k, Process& p, const FilePtr& f, uint8_t* data, size_t n, int64_t pos) {
  const long r = pos >= 0 ? f->pread(data, n, pos) : f->read(data, n);
  if (r == -kEAGAIN && !(f->flags & kO_NONBLOCK)) {
    if (k.signal_pending(p)) return E(kERESTARTSYS);
    return k.block(p, f->wait_key());
  }
  trace_pipe(k, p, f, sim::Ev::PipeRead, r);
  return r;
}

long do_read(Kernel& k, Process& p, int fd, uint32_t buf, uint32_t n, int64_t pos) {
  FilePtr f = k.get_file(p, fd);
  if (!f) return E(kEBADF);
  if ((f->flags & kO_ACCMODE) == kO_WRONLY) return E(kEBADF);
  if (sarg(n) < 0) return E(kEINVAL);
  const size_t want = std::min<size_t>(n, kIoChunk);
  uint8_t* tmp = scratch(k, want);
  const long r = read_buffer(k, p, f, tmp, want, pos);
  if (r <= 0) return r;
  if (!k.mem_.copy_out(p.as, buf, tmp, uint32_t(r))) return E(kEFAULT);
  k.charge(cost::copy(uint64_t(r)));
  return r;
}

// Writes `data` (already copied from the guest) to f: the pipe rules of fs/pipe.c (move what fits,
// then wait for room, or stop under O_NONBLOCK; a blocking call resumes at p.io_progress when it is
// retried), SIGPIPE with EPIPE, and blocking on files that say -EAGAIN. pos >= 0: pwrite.
// charge_moved: charge the copy of the bytes a pipe takes (do_write copies them as they go).
long write_buffer(Kernel& k, Process& p, const FilePtr& f, const uint8_t* data, size_t n, int64_t pos,
                  bool charge_moved) {
  if (p.first_try) p.io_progress = 0;
  auto sigpipe = [&] {
    SigInfo si;  // SI_USER: the kernel sends it to the writer itself
    k.send_signal(p, kSIGPIPE, si, true);
  };
  if (auto* pf = dynamic_cast<PipeFile*>(f.get()); pf && pos < 0) {
    const long r = pf->write_pipe(data + p.io_progress, n - p.io_progress, p.first_try);
    if (r == -kEPIPE) {
      sigpipe();
      return p.io_progress ? long(p.io_progress) : E(kEPIPE);
    }
    if (r < 0) return r;
    if (charge_moved) k.charge(cost::copy(uint64_t(r)));
    trace_pipe(k, p, f, sim::Ev::PipeWrite, r);
    p.io_progress += uint32_t(r);
    if (p.io_progress >= n) return long(p.io_progress);
    if (f->flags & kO_NONBLOCK) return p.io_progress ? long(p.io_progress) : E(kEAGAIN);
    if (k.signal_pending(p)) return p.io_progress ? long(p.io_progress) : E(kERESTARTSYS);
    return k.block(p, pf->wait_key());
  }
  const long r = pos >= 0 ? f->pwrite(data, n, pos) : f->write(data, n);
  if (r == -kEAGAIN && !(f->flags & kO_NONBLOCK)) {
    if (k.signal_pending(p)) return E(kERESTARTSYS);
    return k.block(p, f->wait_key());
  }
  if (r == -kEPIPE) sigpipe();
  return r;
}

long do_write(Kernel& k, Process& p, int fd, uint32_t buf, uint32_t n, int64_t pos) {
  FilePtr f = k.get_file(p, fd);
  if (!f) return E(kEBADF);
  if ((f->flags & kO_ACCMODE) == kO_RDONLY) return E(kEBADF);
  if (sarg(n) < 0) return E(kEINVAL);
  const size_t want = std::min<size_t>(n, kIoChunk);
  uint8_t* tmp = scratch(k, want);
  // A pipe write takes bytes from the guest as they move (Linux's copy_page_from_iter per page):
  // each attempt copies from where the last one stopped, at most what one attempt can move (the
  // 16 slots and a partial page merged into the last one), and write_buffer charges what moved.
  // Other files get the whole buffer, charged here.
  const bool pipe = pos < 0 && dynamic_cast<PipeFile*>(f.get()) != nullptr;
  const size_t done = pipe && !p.first_try ? std::min<size_t>(p.io_progress, want) : 0;
  const size_t span = pipe ? std::min<size_t>(want - done, (Pipe::kSlots + 1) * Pipe::kPage) : want;
  if (!k.mem_.copy_in(p.as, buf + uint32_t(done), tmp + done, uint32_t(span))) {
    const bool moved = !p.first_try && p.io_progress;
    return moved ? long(p.io_progress) : E(kEFAULT);
  }
  if (!pipe) k.charge(cost::copy(want));
  return write_buffer(k, p, f, tmp, want, pos, pipe);
}

SYS(sys_read) { UNUSED; return do_read(k, p, sarg(a[0]), a[1], a[2], -1); }
SYS(sys_write) { UNUSED; return do_write(k, p, sarg(a[0]), a[1], a[2], -1); }
SYS(sys_pread64) {
  UNUSED;
  const int64_t off = int64_t(uint64_t(a[3]) | (uint64_t(a[4]) << 32));
  if (off < 0) return E(kEINVAL);
  return do_read(k, p, sarg(a[0]), a[1], a[2], off);
}
SYS(sys_pwrite64) {
  UNUSED;
  const int64_t off = int64_t(uint64_t(a[3]) | (uint64_t(a[4]) << 32));
  if (off < 0) return E(kEINVAL);
  return do_write(k, p, sarg(a[0]), a[1], a[2], off);
}

// readv/writev: the vector is gathered into one buffer (so a pipe write of up to PIPE_BUF stays
// atomic, as Linux's iov_iter does), then read/written as one call.
long iov_total(Kernel& k, Process& p, uint32_t iov, uint32_t cnt, std::vector<uint32_t>& v) {
  if (sarg(cnt) < 0 || cnt > 1024) return E(kEINVAL);
  v.resize(size_t(cnt) * 2);
  if (cnt && !k.mem_.copy_in(p.as, iov, v.data(), cnt * 8)) return E(kEFAULT);
  uint64_t total = 0;
  for (uint32_t i = 0; i < cnt; ++i) {
    if (sarg(v[2 * i + 1]) < 0) return E(kEINVAL);
    total += v[2 * i + 1];
  }
  if (total > 0x7FFFF000u) return E(kEINVAL);
  return long(total);
}
SYS(sys_writev) {
  UNUSED;
  std::vector<uint32_t> v;
  const long total = iov_total(k, p, a[1], a[2], v);
  if (total < 0) return total;
  FilePtr f = k.get_file(p, sarg(a[0]));
  if (!f) return E(kEBADF);
  if (total == 0) return (f->flags & kO_ACCMODE) == kO_RDONLY ? E(kEBADF) : 0;
  std::vector<uint8_t> buf(std::min<size_t>(size_t(total), kIoChunk));
  size_t at = 0;
  for (uint32_t i = 0; i < a[2] && at < buf.size(); ++i) {
    const uint32_t len = std::min<uint32_t>(v[2 * i + 1], uint32_t(buf.size() - at));
    if (len && !k.mem_.copy_in(p.as, v[2 * i], buf.data() + at, len)) return at ? long(at) : E(kEFAULT);
    at += len;
  }
  if ((f->flags & kO_ACCMODE) == kO_RDONLY) return E(kEBADF);
  k.charge(cost::copy(at));
  return write_buffer(k, p, f, buf.data(), at, -1, false);
}
SYS(sys_readv) {
  UNUSED;
  std::vector<uint32_t> v;
  const long total = iov_total(k, p, a[1], a[2], v);
  if (total < 0) return total;
  FilePtr f = k.get_file(p, sarg(a[0]));
  if (!f) return E(kEBADF);
  if ((f->flags & kO_ACCMODE) == kO_WRONLY) return E(kEBADF);
  std::vector<uint8_t> buf(std::min<size_t>(size_t(total), kIoChunk));
  if (buf.empty()) return 0;
  const long r = read_buffer(k, p, f, buf.data(), buf.size(), -1);
  if (r <= 0) return r;
  size_t at = 0;
  for (uint32_t i = 0; i < a[2] && at < size_t(r); ++i) {
    const uint32_t len = std::min<uint32_t>(v[2 * i + 1], uint32_t(size_t(r) - at));
    if (len && !k.mem_.copy_out(p.as, v[2 * i], buf.data() + at, len)) return E(kEFAULT);
    at += len;
  }
  k.charge(cost::copy(at));
  return r;
}

SYS(sys_lseek) {
  UNUSED;
  FilePtr f = k.get_file(p, sarg(a[0]));
  if (!f) return E(kEBADF);
  if (a[2] > 2) return E(kEINVAL);
  const int64_t r = f->lseek(int64_t(sarg(a[1])), int(a[2]));
  if (r < 0) return long(r);
  if (r > 0x7FFFFFFF) return E(kEOVERFLOW);
  return long(r);
}
SYS(sys_llseek) {
  UNUSED;
  FilePtr f = k.get_file(p, sarg(a[0]));
  if (!f) return E(kEBADF);
  if (a[4] > 2) return E(kEINVAL);
  const int64_t off = int64_t((uint64_t(a[1]) << 32) | a[2]);
  const int64_t r = f->lseek(off, int(a[4]));
  if (r < 0) return long(r);
  return k.mem_.put(p.as, a[3], r) ? 0 : E(kEFAULT);
}

// --- stat ---------------------------------------------------------------------------------------
long stat_path(Kernel& k, Process& p, int32_t dirfd, uint32_t path_va, uint32_t flags, StatInfo& st) {
  std::string path;
  if (long r = get_path(k, p, path_va, path)) return r;
  if (path.empty()) {
    if (!(flags & kAT_EMPTY_PATH)) return E(kENOENT);
    FilePtr f = k.get_file(p, dirfd);
    if (!f) return E(kEBADF);
    return f->stat(st);
  }
  InodePtr dir, node;
  if (long r = at_dir(k, p, dirfd, path, dir)) return r;
  const int r = k.vfs_.resolve(dir, path, !(flags & kAT_SYMLINK_NOFOLLOW), p.euid, p.egid, node);
  if (r < 0) return r;
  return Vfs::stat_inode(*node, st);
}
// The old struct stat has 32-bit sizes and inode numbers, 16-bit link counts (fs/stat.c cp_old_stat).
long put_old_stat(Kernel& k, Process& p, uint32_t va, const StatInfo& st) {
  if (st.size > 0x7FFFFFFF || st.ino > 0xFFFFFFFFull || st.nlink > 0xFFFF) return E(kEOVERFLOW);
  const std::vector<uint8_t> b = encode_old_stat(st);
  return k.mem_.copy_out(p.as, va, b.data(), uint32_t(b.size())) ? 0 : E(kEFAULT);
}
long put_bytes(Kernel& k, Process& p, uint32_t va, const std::vector<uint8_t>& b) {
  return k.mem_.copy_out(p.as, va, b.data(), uint32_t(b.size())) ? 0 : E(kEFAULT);
}
SYS(sys_stat64) {
  UNUSED;
  StatInfo st;
  if (long r = stat_path(k, p, kAT_FDCWD, a[0], 0, st)) return r;
  return put_bytes(k, p, a[1], encode_stat64(st));
}
SYS(sys_lstat64) {
  UNUSED;
  StatInfo st;
  if (long r = stat_path(k, p, kAT_FDCWD, a[0], kAT_SYMLINK_NOFOLLOW, st)) return r;
  return put_bytes(k, p, a[1], encode_stat64(st));
}
SYS(sys_fstat64) {
  UNUSED;
  FilePtr f = k.get_file(p, sarg(a[0]));
  if (!f) return E(kEBADF);
  StatInfo st;
  if (int r = f->stat(st); r < 0) return r;
  return put_bytes(k, p, a[1], encode_stat64(st));
}
SYS(sys_fstatat64) {
  UNUSED;
  StatInfo st;
  if (a[3] & ~(kAT_SYMLINK_NOFOLLOW | kAT_EMPTY_PATH | 0x800u)) return E(kEINVAL);
  if (long r = stat_path(k, p, sarg(a[0]), a[1], a[3], st)) return r;
  return put_bytes(k, p, a[2], encode_stat64(st));
}
SYS(sys_statx) {
  UNUSED;
  StatInfo st;
  if (long r = stat_path(k, p, sarg(a[0]), a[1], a[2], st)) return r;
  return put_bytes(k, p, a[4], encode_statx(st, a[3]));
}
SYS(sys_stat) {
  UNUSED;
  StatInfo st;
  if (long r = stat_path(k, p, kAT_FDCWD, a[0], 0, st)) return r;
  return put_old_stat(k, p, a[1], st);
}
SYS(sys_lstat) {
  UNUSED;
  StatInfo st;
  if (long r = stat_path(k, p, kAT_FDCWD, a[0], kAT_SYMLINK_NOFOLLOW, st)) return r;
  return put_old_stat(k, p, a[1], st);
}
SYS(sys_fstat) {
  UNUSED;
  FilePtr f = k.get_file(p, sarg(a[0]));
  if (!f) return E(kEBADF);
  StatInfo st;
  if (int r = f->stat(st); r < 0) return r;
  return put_old_stat(k, p, a[1], st);
}

SYS(sys_getdents64) {
  UNUSED;
  FilePtr f = k.get_file(p, sarg(a[0]));
  if (!f) return E(kEBADF);
  std::vector<uint8_t> out;
  const long r = f->getdents64(out, std::min<size_t>(a[2], kIoChunk));
  if (r <= 0) return r;
  if (!k.mem_.copy_out(p.as, a[1], out.data(), uint32_t(r))) return E(kEFAULT);
  return r;
}

// --- the tree -----------------------------------------------------------------------------------
template <class F>
long path_op(Kernel& k, Process& p, int32_t dirfd, uint32_t va, F&& fn) {
  std::string path;
  if (long r = get_path(k, p, va, path)) return r;
  InodePtr dir;
  if (long r = at_dir(k, p, dirfd, path, dir)) return r;
  return fn(dir, path);
}
SYS(sys_unlink) {
  UNUSED;
  return path_op(k, p, kAT_FDCWD, a[0], [&](const InodePtr& d, const std::string& s) { return long(k.vfs_.unlink(d, s, p.euid, p.egid)); });
}
SYS(sys_unlinkat) {
  UNUSED;
  if (a[2] & ~kAT_REMOVEDIR) return E(kEINVAL);
  return path_op(k, p, sarg(a[0]), a[1], [&](const InodePtr& d, const std::string& s) {
    return long((a[2] & kAT_REMOVEDIR) ? k.vfs_.rmdir(d, s, p.euid, p.egid) : k.vfs_.unlink(d, s, p.euid, p.egid));
  });
}
SYS(sys_rmdir) {
  UNUSED;
  return path_op(k, p, kAT_FDCWD, a[0], [&](const InodePtr& d, const std::string& s) { return long(k.vfs_.rmdir(d, s, p.euid, p.egid)); });
}
SYS(sys_mkdir) {
  UNUSED;
  return path_op(k, p, kAT_FDCWD, a[0], [&](const InodePtr& d, const std::string& s) {
    return long(k.vfs_.mkdir(d, s, a[1], p.umask, p.euid, p.egid, k.realtime_ns()));
  });
}
SYS(sys_mkdirat) {
  UNUSED;
  return path_op(k, p, sarg(a[0]), a[1], [&](const InodePtr& d, const std::string& s) {
    return long(k.vfs_.mkdir(d, s, a[2], p.umask, p.euid, p.egid, k.realtime_ns()));
  });
}
long mknod_common(Kernel& k, Process& p, int32_t dirfd, uint32_t va, uint32_t mode) {
  return path_op(k, p, dirfd, va, [&](const InodePtr& d, const std::string& s) -> long {
    const uint32_t type = mode & kS_IFMT;
    if (type == kS_IFIFO) return k.vfs_.mknod_fifo(d, s, mode, p.umask, p.euid, p.egid, k.realtime_ns());
    if (type == kS_IFREG || type == 0) {
      FilePtr f;
      InodePtr n;
      return std::min(0, k.vfs_.open(d, s, kO_CREAT | kO_EXCL | kO_WRONLY, mode & 07777, p.umask, p.euid, p.egid, k.realtime_ns(), f, n));
    }
    return p.euid == 0 ? E(kEINVAL) : E(kEPERM);
  });
}
SYS(sys_mknod) { UNUSED; return mknod_common(k, p, kAT_FDCWD, a[0], a[1]); }
SYS(sys_mknodat) { UNUSED; return mknod_common(k, p, sarg(a[0]), a[1], a[2]); }
long rename_common(Kernel& k, Process& p, int32_t fd1, uint32_t va1, int32_t fd2, uint32_t va2) {
  std::string from, to;
  if (long r = get_path(k, p, va1, from)) return r;
  if (long r = get_path(k, p, va2, to)) return r;
  InodePtr d1, d2;
  if (long r = at_dir(k, p, fd1, from, d1)) return r;
  if (long r = at_dir(k, p, fd2, to, d2)) return r;
  if (d1 != d2 && from[0] != '/') from = k.vfs_.path_of(d1.get()) + "/" + from;
  if (d1 != d2 && to[0] != '/') to = k.vfs_.path_of(d2.get()) + "/" + to;
  return k.vfs_.rename(d1, from, to, p.euid, p.egid);
}
SYS(sys_rename) { UNUSED; return rename_common(k, p, kAT_FDCWD, a[0], kAT_FDCWD, a[1]); }
SYS(sys_renameat) { UNUSED; return rename_common(k, p, sarg(a[0]), a[1], sarg(a[2]), a[3]); }
SYS(sys_renameat2) {
  UNUSED;
  if (a[4]) return E(kEINVAL);
  return rename_common(k, p, sarg(a[0]), a[1], sarg(a[2]), a[3]);
}
SYS(sys_link) {
  UNUSED;
  std::string from, to;
  if (long r = get_path(k, p, a[0], from)) return r;
  if (long r = get_path(k, p, a[1], to)) return r;
  return k.vfs_.link(p.cwd, from, to, p.euid, p.egid);
}
SYS(sys_linkat) {
  UNUSED;
  std::string from, to;
  if (long r = get_path(k, p, a[1], from)) return r;
  if (long r = get_path(k, p, a[3], to)) return r;
  InodePtr d1, d2;
  if (long r = at_dir(k, p, sarg(a[0]), from, d1)) return r;
  if (long r = at_dir(k, p, sarg(a[2]), to, d2)) return r;
  if (from[0] != '/') from = k.vfs_.path_of(d1.get()) + "/" + from;
  if (to[0] != '/') to = k.vfs_.path_of(d2.get()) + "/" + to;
  return k.vfs_.link(p.cwd, from, to, p.euid, p.egid);
}
SYS(sys_symlink) {
  UNUSED;
  std::string target, path;
  if (long r = get_path(k, p, a[0], target)) return r;
  if (long r = get_path(k, p, a[1], path)) return r;
  return k.vfs_.symlink(p.cwd, target, path, p.euid, p.egid, k.realtime_ns());
}
SYS(sys_symlinkat) {
  UNUSED;
  std::string target;
  if (long r = get_path(k, p, a[0], target)) return r;
  return path_op(k, p, sarg(a[1]), a[2], [&](const InodePtr& d, const std::string& s) {
    return long(k.vfs_.symlink(d, target, s, p.euid, p.egid, k.realtime_ns()));
  });
}
long readlink_common(Kernel& k, Process& p, int32_t dirfd, uint32_t va, uint32_t buf, uint32_t n) {
  if (sarg(n) <= 0) return E(kEINVAL);
  return path_op(k, p, dirfd, va, [&](const InodePtr& d, const std::string& s) -> long {
    std::string out = p.exe;  // /proc/self/exe (see Kernel::do_execve)
    const int r = s == "/proc/self/exe" ? 0 : k.vfs_.readlink(d, s, p.euid, p.egid, out);
    if (r < 0) return r;
    const uint32_t len = std::min<uint32_t>(n, uint32_t(out.size()));
    return k.mem_.copy_out(p.as, buf, out.data(), len) ? long(len) : E(kEFAULT);
  });
}
SYS(sys_readlink) { UNUSED; return readlink_common(k, p, kAT_FDCWD, a[0], a[1], a[2]); }
SYS(sys_readlinkat) { UNUSED; return readlink_common(k, p, sarg(a[0]), a[1], a[2], a[3]); }
SYS(sys_chdir) {
  UNUSED;
  return path_op(k, p, kAT_FDCWD, a[0], [&](const InodePtr& d, const std::string& s) -> long {
    InodePtr n;
    const int r = k.vfs_.resolve(d, s, true, p.euid, p.egid, n);
    if (r < 0) return r;
    if (n->type_bits() != kS_IFDIR) return E(kENOTDIR);
    if (!Vfs::permitted(*n, 1, p.euid, p.egid)) return E(kEACCES);
    p.cwd = n;
    return 0;
  });
}
SYS(sys_fchdir) {
  UNUSED;
  FilePtr f = k.get_file(p, sarg(a[0]));
  if (!f) return E(kEBADF);
  if (!f->inode || f->inode->type_bits() != kS_IFDIR) return E(kENOTDIR);
  p.cwd = f->inode;
  return 0;
}
SYS(sys_getcwd) {
  UNUSED;
  const std::string cwd = k.vfs_.path_of(p.cwd.get());
  if (a[1] < cwd.size() + 1) return E(kERANGE);
  return k.mem_.copy_out(p.as, a[0], cwd.c_str(), uint32_t(cwd.size() + 1)) ? long(cwd.size() + 1) : E(kEFAULT);
}
long access_common(Kernel& k, Process& p, int32_t dirfd, uint32_t va, uint32_t mode, uint32_t flags) {
  if (mode & ~7u) return E(kEINVAL);
  return path_op(k, p, dirfd, va, [&](const InodePtr& d, const std::string& s) -> long {
    const bool eff = flags & 0x200;  // AT_EACCESS
    return k.vfs_.access(d, s, int(mode), eff ? p.euid : p.uid, eff ? p.egid : p.gid);
  });
}
SYS(sys_access) { UNUSED; return access_common(k, p, kAT_FDCWD, a[0], a[1], 0); }
SYS(sys_faccessat) { UNUSED; return access_common(k, p, sarg(a[0]), a[1], a[2], 0); }
SYS(sys_faccessat2) { UNUSED; return access_common(k, p, sarg(a[0]), a[1], a[2], a[3]); }
long chmod_common(Kernel& k, Process& p, int32_t dirfd, uint32_t va, uint32_t mode, bool follow) {
  return path_op(k, p, dirfd, va, [&](const InodePtr& d, const std::string& s) -> long {
    InodePtr n;
    const int r = k.vfs_.resolve(d, s, follow, p.euid, p.egid, n);
    if (r < 0) return r;
    return k.vfs_.chmod(n, mode, p.euid);
  });
}
SYS(sys_chmod) { UNUSED; return chmod_common(k, p, kAT_FDCWD, a[0], a[1], true); }
SYS(sys_fchmodat) { UNUSED; return chmod_common(k, p, sarg(a[0]), a[1], a[2], true); }
SYS(sys_fchmod) {
  UNUSED;
  FilePtr f = k.get_file(p, sarg(a[0]));
  if (!f) return E(kEBADF);
  if (!f->inode) return 0;
  return k.vfs_.chmod(f->inode, a[1], p.euid);
}
long chown_common(Kernel& k, Process& p, int32_t dirfd, uint32_t va, int64_t uid, int64_t gid, bool follow) {
  return path_op(k, p, dirfd, va, [&](const InodePtr& d, const std::string& s) -> long {
    InodePtr n;
    const int r = k.vfs_.resolve(d, s, follow, p.euid, p.egid, n);
    if (r < 0) return r;
    return k.vfs_.chown(n, uid, gid, p.euid);
  });
}
SYS(sys_chown32) { UNUSED; return chown_common(k, p, kAT_FDCWD, a[0], sarg(a[1]), sarg(a[2]), true); }
SYS(sys_lchown32) { UNUSED; return chown_common(k, p, kAT_FDCWD, a[0], sarg(a[1]), sarg(a[2]), false); }
SYS(sys_fchownat) { UNUSED; return chown_common(k, p, sarg(a[0]), a[1], sarg(a[2]), sarg(a[3]), !(a[4] & kAT_SYMLINK_NOFOLLOW)); }
SYS(sys_fchown32) {
  UNUSED;
  FilePtr f = k.get_file(p, sarg(a[0]));
  if (!f) return E(kEBADF);
  if (!f->inode) return 0;
  return k.vfs_.chown(f->inode, sarg(a[1]), sarg(a[2]), p.euid);
}
long truncate_path(Kernel& k, Process& p, uint32_t va, int64_t len) {
  if (len < 0) return E(kEINVAL);
  return path_op(k, p, kAT_FDCWD, va, [&](const InodePtr& d, const std::string& s) -> long {
    FilePtr f;
    InodePtr n;
    const int r = k.vfs_.open(d, s, kO_WRONLY, 0, p.umask, p.euid, p.egid, k.realtime_ns(), f, n);
    if (r < 0) return r;
    if (!f) return E(kEINVAL);
    return f->truncate(len);
  });
}
SYS(sys_truncate) { UNUSED; return truncate_path(k, p, a[0], sarg(a[1])); }
SYS(sys_truncate64) { UNUSED; return truncate_path(k, p, a[0], int64_t(uint64_t(a[1]) | (uint64_t(a[2]) << 32))); }
long ftruncate_fd(Kernel& k, Process& p, int fd, int64_t len) {
  if (len < 0) return E(kEINVAL);
  FilePtr f = k.get_file(p, fd);
  if (!f) return E(kEBADF);
  if ((f->flags & kO_ACCMODE) == kO_RDONLY) return E(kEINVAL);
  return f->truncate(len);
}
SYS(sys_ftruncate) { UNUSED; return ftruncate_fd(k, p, sarg(a[0]), sarg(a[1])); }
SYS(sys_ftruncate64) { UNUSED; return ftruncate_fd(k, p, sarg(a[0]), int64_t(uint64_t(a[1]) | (uint64_t(a[2]) << 32))); }
SYS(sys_fsync) {
  UNUSED;
  return k.get_file(p, sarg(a[0])) ? 0 : E(kEBADF);
}
// utimensat(dirfd, path, times[2], flags) (fs/utimes.c): path NULL is the descriptor dirfd itself
// (futimens). times NULL or UTIME_NOW sets the clock's time and needs ownership or write
// permission; explicit times need ownership (root passes both). UTIME_OMIT leaves one alone.
// Host files keep their host times (the call still checks the path and succeeds).
long utimens_common(Kernel& k, Process& p, int32_t dirfd, uint32_t path_va, uint32_t times_va,
                    uint32_t flags, bool t64) {
  constexpr uint32_t kNoFollow = 0x100, kEmptyPath = 0x1000;
  constexpr int64_t kUtimeNow = (1 << 30) - 1, kUtimeOmit = (1 << 30) - 2;
  if (flags & ~(kNoFollow | kEmptyPath)) return E(kEINVAL);
  int64_t when[2] = {0, 0};
  bool now[2] = {true, true}, omit[2] = {false, false};
  if (times_va) {
    for (int i = 0; i < 2; ++i) {
      int64_t sec, nsec;
      if (t64) {
        uint64_t v[2];
        if (!k.mem_.copy_in(p.as, times_va + 16 * uint32_t(i), v, 16)) return E(kEFAULT);
        sec = int64_t(v[0]);
        nsec = int64_t(int32_t(uint32_t(v[1])));  // the upper half is padding on i386
      } else {
        int32_t v[2];
        if (!k.mem_.copy_in(p.as, times_va + 8 * uint32_t(i), v, 8)) return E(kEFAULT);
        sec = v[0];
        nsec = v[1];
      }
      if (nsec == kUtimeOmit) {
        omit[i] = true, now[i] = false;
      } else if (nsec != kUtimeNow) {
        if (nsec < 0 || nsec > 999999999) return E(kEINVAL);
        now[i] = false;
        when[i] = sec * 1000000000 + nsec;
      }
    }
  }
  auto apply = [&](const InodePtr& n) -> long {
    if (!n) return 0;
    if (omit[0] && omit[1]) return 0;
    const bool owner = p.euid == 0 || p.euid == n->uid;
    if ((now[0] || omit[0]) && (now[1] || omit[1])) {
      if (!owner && !Vfs::permitted(*n, 2, p.euid, p.egid)) return E(kEACCES);
    } else if (!owner) {
      return E(kEPERM);
    }
    if (n->kind == Inode::Kind::HostDir || n->kind == Inode::Kind::HostFile) return 0;
    const int64_t t = k.realtime_ns();
    if (!omit[0]) n->atime_ns = now[0] ? t : when[0];
    if (!omit[1]) n->mtime_ns = now[1] ? t : when[1];
    n->ctime_ns = t;
    return 0;
  };
  if (!path_va) {
    FilePtr f = k.get_file(p, dirfd);
    if (!f) return E(kEBADF);
    return apply(f->inode);
  }
  return path_op(k, p, dirfd, path_va, [&](const InodePtr& d, const std::string& s) -> long {
    if (s.empty()) {
      if (!(flags & kEmptyPath)) return E(kENOENT);
      FilePtr f = k.get_file(p, dirfd);
      if (!f) return E(kEBADF);
      return apply(f->inode);
    }
    InodePtr n;
    const int r = k.vfs_.resolve(d, s, !(flags & kNoFollow), p.euid, p.egid, n);
    if (r < 0) return r;
    return apply(n);
  });
}
// poll/ppoll (fs/select.c do_sys_poll): each pollfd's revents is the file's poll_events() masked
// by its events plus POLLERR/POLLHUP (POLLNVAL for a closed descriptor, fd < 0 ignored). Nothing
// ready: sleep on every file's wait key until one is woken, the timeout (p.sleep_deadline; 0 =
// none) or a signal (EINTR after a handler, else the call starts again with its whole timeout).
long poll_scan(Kernel& k, Process& p, uint32_t fds_va, uint32_t nfds, bool block_if_idle) {
  if (nfds > uint32_t(kMaxFds)) return E(kEINVAL);
  std::vector<uint8_t> b(size_t(nfds) * 8);
  if (nfds && !k.mem_.copy_in(p.as, fds_va, b.data(), uint32_t(b.size()))) return E(kEFAULT);
  long ready = 0;
  std::vector<const void*> keys;
  for (uint32_t i = 0; i < nfds; ++i) {
    int32_t fd;
    uint16_t events;
    std::memcpy(&fd, &b[8 * i], 4);
    std::memcpy(&events, &b[8 * i + 4], 2);
    uint16_t rev = 0;
    if (fd >= 0) {
      FilePtr f = k.get_file(p, fd);
      if (!f) {
        rev = uint16_t(kPollNval);
      } else {
        rev = uint16_t(f->poll_events() & (uint32_t(events) | kPollErr | kPollHup));
        if (!rev) keys.push_back(f->wait_key());
      }
    }
    std::memcpy(&b[8 * i + 6], &rev, 2);
    ready += rev != 0;
  }
  k.charge(cost::copy(b.size()) + 20 * uint64_t(nfds));
  const bool expired = p.sleep_deadline == ~0ull || (p.sleep_deadline && k.now() >= p.sleep_deadline);
  if (ready || expired || !block_if_idle) {
    if (nfds && !k.mem_.copy_out(p.as, fds_va, b.data(), uint32_t(b.size()))) return E(kEFAULT);
    return ready;
  }
  if (k.signal_pending(p)) return E(kERESTARTNOHAND);
  return k.block_any(p, keys, p.sleep_deadline);
}
// timeout_ns < 0: none; 0: do not wait (sleep_deadline ~0 marks "already expired").
long do_poll(Kernel& k, Process& p, uint32_t fds_va, uint32_t nfds, int64_t timeout_ns) {
  if (p.first_try)
    p.sleep_deadline = timeout_ns < 0 ? 0 : timeout_ns == 0 ? ~0ull : k.now() + k.ns_to_cycles(uint64_t(timeout_ns));
  return poll_scan(k, p, fds_va, nfds, true);
}
SYS(sys_poll) {
  UNUSED;
  const int32_t ms = sarg(a[2]);
  return do_poll(k, p, a[0], a[1], ms < 0 ? -1 : int64_t(ms) * 1000000);
}
// ppoll(fds, nfds, tsp, sigmask, sigsetsize): a timespec timeout (NULL: none) and a signal mask
// for the wait, restored afterwards (after the handler when a signal ends the wait).
long do_ppoll(Kernel& k, Process& p, const uint32_t* a, bool t64) {
  if (p.first_try) {
    int64_t ns = -1;
    if (a[2]) {
      int64_t sec, nsec;
      if (t64) {
        uint64_t v[2];
        if (!k.mem_.copy_in(p.as, a[2], v, 16)) return E(kEFAULT);
        sec = int64_t(v[0]), nsec = int64_t(int32_t(uint32_t(v[1])));
      } else {
        int32_t v[2];
        if (!k.mem_.copy_in(p.as, a[2], v, 8)) return E(kEFAULT);
        sec = v[0], nsec = v[1];
      }
      if (sec < 0 || nsec < 0 || nsec > 999999999) return E(kEINVAL);
      ns = sec * 1000000000 + nsec;
    }
    if (a[3]) {
      if (a[4] != 8) return E(kEINVAL);
      uint64_t m;
      if (!k.mem_.get(p.as, a[3], m)) return E(kEFAULT);
      p.saved_mask = p.blocked;
      p.saved_mask_valid = true;
      p.blocked = m & ~((1ull << (kSIGKILL - 1)) | (1ull << (kSIGSTOP - 1)));
    }
    p.sleep_deadline = ns < 0 ? 0 : ns == 0 ? ~0ull : k.now() + k.ns_to_cycles(uint64_t(ns));
  }
  const long r = poll_scan(k, p, a[0], a[1], true);
  if (r != Kernel::kBlocked && r != E(kERESTARTNOHAND) && p.saved_mask_valid) {
    p.blocked = p.saved_mask;  // a signal's handler restores it instead (os/signal.cpp)
    p.saved_mask_valid = false;
  }
  return r;
}
SYS(sys_ppoll) { UNUSED; return do_ppoll(k, p, a, false); }
SYS(sys_ppoll_time64) { UNUSED; return do_ppoll(k, p, a, true); }

SYS(sys_utimensat) { UNUSED; return utimens_common(k, p, sarg(a[0]), a[1], a[2], a[3], false); }
SYS(sys_utimensat_time64) { UNUSED; return utimens_common(k, p, sarg(a[0]), a[1], a[2], a[3], true); }
SYS(sys_statfs64) {
  UNUSED;
  // struct statfs64 (i386, 84 bytes): f_type, f_bsize, f_blocks (u64), f_bfree, f_bavail, f_files,
  // f_ffree, f_fsid[2], f_namelen, f_frsize, f_flags, f_spare[4]. tmpfs magic 0x01021994.
  uint32_t b[21] = {};
  b[0] = 0x01021994;
  b[1] = 4096;
  b[2] = k.mem_.total_frames();
  b[4] = b[6] = k.mem_.free_frames();
  b[8] = 65536;
  b[10] = 65536;
  b[14] = 255;
  b[15] = 4096;
  const uint32_t n = std::min<uint32_t>(a[1], 84);
  return k.mem_.copy_out(p.as, a[2], b, n) ? 0 : E(kEFAULT);
}

// --- pipes --------------------------------------------------------------------------------------
long do_pipe(Kernel& k, Process& p, uint32_t va, uint32_t flags) {
  if (flags & ~(kO_NONBLOCK | kO_CLOEXEC | kO_DIRECT)) return E(kEINVAL);
  auto pipe = std::make_shared<Pipe>();
  pipe->kernel = &k;
  static_assert(sizeof(uint64_t) == 8);
  pipe->ino = ++k.pipe_ino_;
  auto r = std::make_shared<PipeFile>(pipe, false);
  auto w = std::make_shared<PipeFile>(pipe, true);
  r->flags |= flags & kO_NONBLOCK;
  w->flags |= flags & kO_NONBLOCK;
  const int fr = k.install_fd(p, r, flags & kO_CLOEXEC);
  if (fr < 0) return fr;
  const int fw = k.install_fd(p, w, flags & kO_CLOEXEC);
  if (fw < 0) {
    p.fds[fr] = FdEntry{};
    return fw;
  }
  const int32_t fds[2] = {fr, fw};
  if (!k.mem_.copy_out(p.as, va, fds, 8)) {
    p.fds[fr] = FdEntry{};
    p.fds[fw] = FdEntry{};
    return E(kEFAULT);
  }
  return 0;
}
SYS(sys_pipe) { UNUSED; return do_pipe(k, p, a[0], 0); }
SYS(sys_pipe2) { UNUSED; return do_pipe(k, p, a[0], a[1]); }

// --- fcntl / ioctl ------------------------------------------------------------------------------
SYS(sys_fcntl) {
  UNUSED;
  const int fd = sarg(a[0]);
  FilePtr f = k.get_file(p, fd);
  if (!f) return E(kEBADF);
  switch (a[1]) {
    case 0:      // F_DUPFD
    case 1030: { // F_DUPFD_CLOEXEC
      if (sarg(a[2]) < 0 || sarg(a[2]) >= kMaxFds) return E(kEINVAL);
      return k.install_fd(p, f, a[1] == 1030, sarg(a[2]));
    }
    case 1: return p.fds[fd].cloexec ? 1 : 0;  // F_GETFD
    case 2: p.fds[fd].cloexec = a[2] & 1; return 0;
    case 3: return long(f->flags | kO_LARGEFILE);  // F_GETFL
    case 4: {  // F_SETFL: kO_APPEND, kO_NONBLOCK (and the no-op O_ASYNC, O_DIRECT, O_NOATIME)
      const uint32_t changeable = kO_APPEND | kO_NONBLOCK;
      f->flags = (f->flags & ~changeable) | (a[2] & changeable);
      return 0;
    }
    case 5: case 12: {  // F_GETLK / F_GETLK64: nobody holds a lock
      uint16_t type = 2;  // F_UNLCK
      return k.mem_.put(p.as, a[2], type) ? 0 : E(kEFAULT);
    }
    case 6: case 7: case 13: case 14: return 0;  // F_SETLK(W)(64): always granted (one user)
    case 1032: return dynamic_cast<PipeFile*>(f.get()) ? 65536 : E(kEBADF);  // F_GETPIPE_SZ
    case 1031: return dynamic_cast<PipeFile*>(f.get()) ? (a[2] <= 65536 ? 65536 : E(kEPERM)) : E(kEBADF);
    default: return E(kEINVAL);
  }
}
SYS(sys_ioctl) {
  UNUSED;
  FilePtr f = k.get_file(p, sarg(a[0]));
  if (!f) return E(kEBADF);
  const uint32_t req = a[1];
  if (req == 0x5421) {  // FIONBIO
    uint32_t on;
    if (!k.mem_.get(p.as, a[2], on)) return E(kEFAULT);
    f->flags = on ? f->flags | kO_NONBLOCK : f->flags & ~kO_NONBLOCK;
    return 0;
  }
  if (req == 0x5451 || req == 0x5450) {  // FIOCLEX / FIONCLEX
    p.fds[sarg(a[0])].cloexec = req == 0x5451;
    return 0;
  }
  if (auto* t = dynamic_cast<TtyFile*>(f.get())) return t->ioctl(k, p, req, a[2]);
  if (auto* h = dynamic_cast<HostStdioFile*>(f.get())) return h->ioctl(k, p, req, a[2]);
  if (req == 0x541B) {  // FIONREAD
    uint32_t n = 0;
    if (auto* pf = dynamic_cast<PipeFile*>(f.get())) n = pf->pipe()->available();
    else if (f->inode && f->inode->kind == Inode::Kind::Reg) n = uint32_t(std::max<int64_t>(0, int64_t(f->inode->data.size()) - f->offset));
    else return E(kENOTTY);
    return k.mem_.put(p.as, a[2], n) ? 0 : E(kEFAULT);
  }
  return E(kENOTTY);
}

}  // namespace

// ---- descriptor table --------------------------------------------------------------------------

int Kernel::install_fd(Process& p, FilePtr f, bool cloexec, int min_fd) {
  for (int fd = min_fd; fd < kMaxFds; ++fd) {
    if (size_t(fd) >= p.fds.size()) p.fds.resize(size_t(fd) + 1);
    if (!p.fds[fd].file) {
      p.fds[fd] = FdEntry{std::move(f), cloexec};
      return fd;
    }
  }
  return -lx::kEMFILE;
}

FilePtr Kernel::get_file(Process& p, int fd) {
  if (fd < 0 || size_t(fd) >= p.fds.size()) return nullptr;
  return p.fds[fd].file;
}

void Kernel::close_all(Process& p, bool only_cloexec) {
  for (FdEntry& e : p.fds)
    if (!only_cloexec || e.cloexec) e = FdEntry{};
  while (!p.fds.empty() && !p.fds.back().file) p.fds.pop_back();
}

int Kernel::open_node(Process& p, const InodePtr& node, uint32_t flags, FilePtr& out) {
  if (node->kind == Inode::Kind::Fifo) return fifo_open(*this, p, node, flags, out);  // os/fifo.h
  if (node->device == "tty") {
    if (!tty_) return -lx::kENXIO;  // no controlling terminal (irqlab exec)
    out = std::make_shared<TtyFile>(tty_.get());
  } else {
    out = open_basic_device(node->device);
    if (!out) return -lx::kENXIO;
  }
  out->inode = node;
  out->flags = flags & (lx::kO_ACCMODE | lx::kO_APPEND | lx::kO_NONBLOCK);
  return 0;
}

void Kernel::register_fs_syscalls() {
  auto& t = table_;
  t[3] = sys_read;
  t[4] = sys_write;
  t[5] = sys_open;
  t[6] = sys_close;
  t[8] = sys_creat;
  t[9] = sys_link;
  t[10] = sys_unlink;
  t[12] = sys_chdir;
  t[14] = sys_mknod;
  t[15] = sys_chmod;
  t[19] = sys_lseek;
  t[33] = sys_access;
  t[38] = sys_rename;
  t[39] = sys_mkdir;
  t[40] = sys_rmdir;
  t[41] = sys_dup;
  t[42] = sys_pipe;
  t[54] = sys_ioctl;
  t[55] = sys_fcntl;
  t[63] = sys_dup2;
  t[83] = sys_symlink;
  t[85] = sys_readlink;
  t[92] = sys_truncate;
  t[93] = sys_ftruncate;
  t[94] = sys_fchmod;
  t[106] = sys_stat;
  t[107] = sys_lstat;
  t[108] = sys_fstat;
  t[118] = sys_fsync;
  t[133] = sys_fchdir;
  t[140] = sys_llseek;
  t[145] = sys_readv;
  t[146] = sys_writev;
  t[148] = sys_fsync;
  t[180] = sys_pread64;
  t[181] = sys_pwrite64;
  t[182] = sys_chown32;
  t[183] = sys_getcwd;
  t[193] = sys_truncate64;
  t[194] = sys_ftruncate64;
  t[195] = sys_stat64;
  t[196] = sys_lstat64;
  t[197] = sys_fstat64;
  t[198] = sys_lchown32;
  t[207] = sys_fchown32;
  t[212] = sys_chown32;
  t[220] = sys_getdents64;
  t[221] = sys_fcntl;
  t[268] = sys_statfs64;
  t[295] = sys_openat;
  t[296] = sys_mkdirat;
  t[297] = sys_mknodat;
  t[298] = sys_fchownat;
  t[300] = sys_fstatat64;
  t[301] = sys_unlinkat;
  t[302] = sys_renameat;
  t[303] = sys_linkat;
  t[304] = sys_symlinkat;
  t[305] = sys_readlinkat;
  t[306] = sys_fchmodat;
  t[307] = sys_faccessat;
  t[320] = sys_utimensat;
  t[412] = sys_utimensat_time64;
  t[168] = sys_poll;
  t[309] = sys_ppoll;
  t[414] = sys_ppoll_time64;
  t[330] = sys_dup3;
  t[331] = sys_pipe2;
  t[353] = sys_renameat2;
  t[383] = sys_statx;
  t[439] = sys_faccessat2;
}

}  // namespace irq::os
