// os/vfs.cpp — the VFS-lite, see vfs.h. Behaviour follows Linux as described by
// path_resolution(7), open(2), rename(2), unlink(2), rmdir(2), link(2), symlink(2), getdents64(2), stat(2), statx(2)
// and, where the man pages say nothing about the order of checks, fs/namei.c (cited per function).
//
// Choices (the "Inaccuracies" of this file):
// - Times: open/mkdir/symlink/mknod stamp the new inode and its directory with now_ns; O_TRUNC
//   stamps mtime/ctime. write/pwrite/ftruncate set mtime/ctime to the time of the open that made
//   the description (File has no clock); unlink/rmdir/rename/link/chmod/chown leave times alone;
//   atime never changes (as with noatime).
// - Sizes: a directory reports size 4096 and 8 blocks; a regular file's blocks are its size
//   rounded up to 4 KiB (holes count: the contents are one byte vector); symlinks report the target
//   length and 0 blocks. Regular files stop at 1 GiB (-EFBIG), a guard for the host's memory.
// - Supplementary groups are not modelled: only the caller's gid counts. protected_hardlinks /
//   protected_symlinks are not modelled. chown by a non-root owner may set any gid.
// - getdents64 resumes by index ("." is 0, ".." 1, then the sorted names): a directory changed
//   between two calls may skip or repeat a name.
// - /dev/null and /dev/zero: lseek returns 0 (Linux's null_lseek / noop_llseek), pread/pwrite act
//   like read/write.
// - Host mounts: stat reports st_dev kDevHostMount for every mount; a host hard link is one guest
//   inode per path; non-regular host files other than directories and symlinks (FIFOs, sockets,
//   devices) stat as they are but open -EACCES (the simulator never blocks on the host); FIFOs
//   cannot be created there (-EPERM), nor files through a dangling host symlink (-ENOENT). A host
//   folder changed concurrently to race a lookup is out of scope. Mounting at "/" or inside a host
//   mount is refused.
#include "os/vfs.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstring>

#include "os/linux_abi.h"
#include "os/mm.h"

// Host errors are passed to the guest as they are (-errno): the numbers must be the guest's.
static_assert(ENOENT == irq::os::lx::kENOENT && EACCES == irq::os::lx::kEACCES &&
                  ENOTDIR == irq::os::lx::kENOTDIR && ENOTEMPTY == irq::os::lx::kENOTEMPTY &&
                  ELOOP == irq::os::lx::kELOOP && EEXIST == irq::os::lx::kEEXIST,
              "the host's errno numbers must be Linux's");

namespace irq::os {

using namespace lx;

// ---------------------------------------------------------------------------------------------
// The host side: the only code that uses the host's macros (O_RDONLY, ENOENT ...). Each function
// returns >= 0 or -errno (the host's number, which is the guest's, see the static_assert above).
namespace host {
namespace {

int lstat(const std::string& path, struct ::stat& st) {
  return ::lstat(path.c_str(), &st) == 0 ? 0 : -errno;
}

int fstat(int fd, struct ::stat& st) { return ::fstat(fd, &st) == 0 ? 0 : -errno; }

// A regular host file for reading and/or writing; never follows a symlink and never blocks (a
// FIFO swapped in after the lookup is refused: -EACCES).
int open_regular(const std::string& path, bool rd, bool wr) {
  const int acc = rd && wr ? O_RDWR : wr ? O_WRONLY : O_RDONLY;
  const int fd = ::open(path.c_str(), acc | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY);
  if (fd < 0) return -errno;
  struct ::stat st;
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    ::close(fd);
    return -EACCES;
  }
  return fd;
}

// O_CREAT | O_EXCL with exactly `perm` (the host's umask undone by fchmod).
int create_regular(const std::string& path, bool rd, bool wr, uint32_t perm) {
  const int acc = rd && wr ? O_RDWR : wr ? O_WRONLY : O_RDONLY;
  const int fd = ::open(path.c_str(), acc | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, perm);
  if (fd < 0) return -errno;
  ::fchmod(fd, perm);
  return fd;
}

void close(int fd) { ::close(fd); }

long pread(int fd, uint8_t* buf, size_t n, int64_t off) {
  const ssize_t r = ::pread(fd, buf, n, off);
  return r < 0 ? -errno : long(r);
}

long pwrite(int fd, const uint8_t* buf, size_t n, int64_t off) {
  const ssize_t r = ::pwrite(fd, buf, n, off);
  return r < 0 ? -errno : long(r);
}

int ftruncate(int fd, int64_t len) { return ::ftruncate(fd, len) == 0 ? 0 : -errno; }
int truncate(const std::string& p, int64_t len) {
  return ::truncate(p.c_str(), len) == 0 ? 0 : -errno;
}
int mkdir(const std::string& p, uint32_t perm) {
  if (::mkdir(p.c_str(), perm) != 0) return -errno;
  ::chmod(p.c_str(), perm);
  return 0;
}
int rmdir(const std::string& p) { return ::rmdir(p.c_str()) == 0 ? 0 : -errno; }
int unlink(const std::string& p) { return ::unlink(p.c_str()) == 0 ? 0 : -errno; }
int rename(const std::string& a, const std::string& b) {
  return ::rename(a.c_str(), b.c_str()) == 0 ? 0 : -errno;
}
int symlink(const std::string& target, const std::string& p) {
  return ::symlink(target.c_str(), p.c_str()) == 0 ? 0 : -errno;
}
int link(const std::string& a, const std::string& b) {
  return ::link(a.c_str(), b.c_str()) == 0 ? 0 : -errno;
}
int chmod(const std::string& p, uint32_t mode) {
  return ::chmod(p.c_str(), mode) == 0 ? 0 : -errno;
}

int readlink(const std::string& p, std::string& out) {
  char buf[PATH_MAX];
  const ssize_t n = ::readlink(p.c_str(), buf, sizeof buf);
  if (n < 0) return -errno;
  out.assign(buf, size_t(n));
  return 0;
}

// The canonical absolute form of a host directory that the simulator may read and search.
bool readable_dir(const std::string& p, std::string& canonical) {
  char buf[PATH_MAX];
  if (::realpath(p.c_str(), buf) == nullptr) return false;
  struct ::stat st;
  if (::stat(buf, &st) != 0 || !S_ISDIR(st.st_mode)) return false;
  if (::access(buf, R_OK | X_OK) != 0) return false;
  canonical = buf;
  return true;
}

// Names in a host directory except "." and "..", sorted.
int list(const std::string& p, std::vector<std::string>& names) {
  DIR* d = ::opendir(p.c_str());
  if (d == nullptr) return -errno;
  while (const struct dirent* e = ::readdir(d)) {
    const std::string n = e->d_name;
    if (n != "." && n != "..") names.push_back(n);
  }
  ::closedir(d);
  std::sort(names.begin(), names.end());
  return 0;
}

int read_all(const std::string& p, std::vector<uint8_t>& out) {
  const int fd = open_regular(p, true, false);
  if (fd < 0) return fd;
  out.clear();
  uint8_t buf[65536];
  for (;;) {
    const ssize_t r = ::read(fd, buf, sizeof buf);
    if (r < 0) {
      const int e = errno;
      ::close(fd);
      return -e;
    }
    if (r == 0) break;
    out.insert(out.end(), buf, buf + r);
  }
  ::close(fd);
  return 0;
}

int64_t ns_of(const struct timespec& t) { return int64_t(t.tv_sec) * 1000000000 + t.tv_nsec; }

// StatInfo of a host file: the host's type, mode bits, size, times and link count; the guest's
// inode number and owner (the mount's).
void fill(const struct ::stat& st, const Inode& node, StatInfo& out) {
  out = StatInfo{};
  out.dev = kDevHostMount;
  out.ino = node.ino;
  out.rdev = (S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode)) ? uint64_t(st.st_rdev) : 0;
  out.mode = uint32_t(st.st_mode);
  out.nlink = uint32_t(st.st_nlink);
  out.uid = node.uid;
  out.gid = node.gid;
  out.size = int64_t(st.st_size);
  out.blksize = uint32_t(st.st_blksize);
  out.blocks = int64_t(st.st_blocks);
  out.atime_ns = ns_of(st.st_atim);
  out.mtime_ns = ns_of(st.st_mtim);
  out.ctime_ns = ns_of(st.st_ctim);
}

// getdents64 d_type of a host file type.
uint8_t dtype_of(mode_t m) {
  if (S_ISDIR(m)) return 4;
  if (S_ISREG(m)) return 8;
  if (S_ISLNK(m)) return 10;
  if (S_ISCHR(m)) return 2;
  if (S_ISBLK(m)) return 6;
  if (S_ISFIFO(m)) return 1;
  if (S_ISSOCK(m)) return 12;
  return 0;
}

}  // namespace
}  // namespace host

// ---------------------------------------------------------------------------------------------
// The guest side: only os/linux_abi.h's names (the guest's numbers) from here on.

namespace {

using Kind = Inode::Kind;

constexpr size_t kPathMax = 4095;  // PATH_MAX 4096 counts the NUL
constexpr size_t kNameMax = 255;   // NAME_MAX
constexpr int kMaxSymlinks = 40;   // MAXSYMLINKS (include/linux/namei.h)
constexpr int64_t kMaxFileSize = int64_t(1) << 30;
constexpr uint32_t kSticky = 01000, kSetUid = 04000, kSetGid = 02000;
constexpr int kWantR = 4, kWantW = 2, kWantX = 1;
// d_type (include/linux/fs_types.h DT_*)
constexpr uint8_t kDtFifo = 1, kDtChr = 2, kDtDir = 4, kDtReg = 8, kDtLnk = 10;

bool is_dir(const Inode& n) { return n.kind == Kind::Dir || n.kind == Kind::HostDir; }
bool is_host(const Inode& n) { return !n.host_path.empty(); }
bool host_ro(const Inode& n) { return is_host(n) && !n.host_rw; }
bool special_name(const std::string& n) { return n == "/" || n == "." || n == ".."; }
bool trailing_slash(const std::string& p) {
  return !p.empty() && p.back() == '/' && p.find_first_not_of('/') != std::string::npos;
}

bool can_read(uint32_t flags) {
  const uint32_t acc = flags & kO_ACCMODE;
  return acc == kO_RDONLY || acc == kO_RDWR;
}
bool can_write(uint32_t flags) {
  const uint32_t acc = flags & kO_ACCMODE;
  return acc == kO_WRONLY || acc == kO_RDWR;
}
// The flags an open file description keeps (what F_GETFL shows).
uint32_t description_flags(uint32_t flags) {
  return flags & ~(kO_CLOEXEC | kO_CREAT | kO_EXCL | kO_NOCTTY | kO_TRUNC);
}

// The mount root of a host directory (the HostDir whose parent is an in-memory directory).
const Inode* mount_root(const Inode* dir) {
  while (dir->parent != nullptr && dir->parent != dir && dir->parent->kind == Kind::HostDir) {
    dir = dir->parent;
  }
  return dir;
}
bool is_mount_root(const Inode& n) {
  return n.kind == Kind::HostDir && (n.parent == nullptr || n.parent->kind != Kind::HostDir);
}

// The file system a directory's entries live on: the mount root for host folders, null for the
// in-memory tree (rename and link across file systems fail -kEXDEV).
const Inode* fs_of_dir(const Inode& dir) {
  return dir.kind == Kind::HostDir ? mount_root(&dir) : nullptr;
}
const Inode* fs_of(const Inode& n) {
  if (!is_host(n)) return nullptr;
  if (n.kind == Kind::HostDir) return mount_root(&n);
  return n.parent != nullptr ? mount_root(n.parent) : nullptr;
}

// Whether `a` is `b` or one of b's ancestors.
bool is_ancestor(const Inode* a, const Inode* b) {
  for (int guard = 0; b != nullptr && guard < 65536; ++guard) {
    if (a == b) return true;
    if (b->parent == b) return false;
    b = b->parent;
  }
  return false;
}

// The sticky bit: only root, the directory's owner or the victim's owner may remove or rename.
bool sticky_denies(const Inode& dir, const Inode& victim, uint32_t uid) {
  return (dir.mode & kSticky) != 0 && uid != 0 && uid != dir.uid && uid != victim.uid;
}

// Creating in `dir`: -kEROFS, then -kEACCES without write and search permission (may_create).
int may_create(const Inode& dir, uint32_t uid, uint32_t gid) {
  if (host_ro(dir)) return -kEROFS;
  if (!Vfs::permitted(dir, kWantW | kWantX, uid, gid)) return -kEACCES;
  return 0;
}

uint8_t dtype_of(const Inode& n) {
  switch (n.kind) {
    case Kind::Dir: case Kind::HostDir: return kDtDir;
    case Kind::Reg: return kDtReg;
    case Kind::Symlink: return kDtLnk;
    case Kind::CharDev: return kDtChr;
    case Kind::Fifo: return kDtFifo;
    case Kind::HostFile: {
      struct ::stat st;
      return host::lstat(n.host_path, st) == 0 ? host::dtype_of(st.st_mode) : kDtReg;
    }
  }
  return 0;
}

// One component of a path being walked. `confine`: the mount root a host symlink's target must
// stay in (".." at that root is -kEACCES); null for components of guest paths.
struct Comp {
  std::string name;
  const Inode* confine;
};

// Pushes the components of `path` so that the first one is on top; -kENAMETOOLONG for one over
// NAME_MAX.
int push_components(const std::string& path, const Inode* confine, std::vector<Comp>& stack) {
  std::vector<Comp> comps;
  size_t i = 0;
  while (i < path.size()) {
    while (i < path.size() && path[i] == '/') ++i;
    size_t j = path.find('/', i);
    if (j == std::string::npos) j = path.size();
    if (j > i) {
      if (j - i > kNameMax) return -kENAMETOOLONG;
      comps.push_back({path.substr(i, j - i), confine});
    }
    i = j;
  }
  for (auto it = comps.rbegin(); it != comps.rend(); ++it) stack.push_back(std::move(*it));
  return 0;
}

// "a/b/c" -> "a/b", "c"; "/c" -> "/", "c"; "c" -> "", "c". Trailing slashes are dropped first.
void split_last(const std::string& path, std::string& parent, std::string& name) {
  std::string p = path;
  while (p.size() > 1 && p.back() == '/') p.pop_back();
  const size_t k = p.rfind('/');
  if (k == std::string::npos) {
    parent.clear();
    name = p;
  } else {
    parent = k == 0 ? "/" : p.substr(0, k);
    name = p.substr(k + 1);
  }
}

// lseek arithmetic shared by the files: whence 0/1/2; negative or overflowing -> -kEINVAL.
int64_t seek_target(int64_t cur, int64_t off, int whence, int64_t size) {
  int64_t base;
  switch (whence) {
    case 0: base = 0; break;
    case 1: base = cur; break;
    case 2: base = size; break;
    default: return -kEINVAL;
  }
  int64_t r;
  if (__builtin_add_overflow(base, off, &r) || r < 0) return -kEINVAL;
  return r;
}

void put16(std::vector<uint8_t>& b, size_t off, uint16_t v) {
  b[off] = uint8_t(v);
  b[off + 1] = uint8_t(v >> 8);
}
void put32(std::vector<uint8_t>& b, size_t off, uint32_t v) {
  for (int i = 0; i < 4; ++i) b[off + i] = uint8_t(v >> (8 * i));
}
void put64(std::vector<uint8_t>& b, size_t off, uint64_t v) {
  for (int i = 0; i < 8; ++i) b[off + i] = uint8_t(v >> (8 * i));
}

// A read or write that moved r bytes (or failed, r < 0) advances the file offset.
long advance(int64_t& offset, long r) {
  if (r > 0) offset += r;
  return r;
}
// An lseek to r (or a failed one, r < 0).
int64_t seek_to(int64_t& offset, int64_t r) {
  if (r >= 0) offset = r;
  return r;
}

// ------------------------------------------------------------------------------- open files

// The bytes of an in-memory regular file: [0, cached) in its page cache's frames once it has one
// (Inode::pages), the rest in `data`.
size_t cached_bytes(const Inode& n) { return n.pages ? n.pages->frames.size() * kPageSize : 0; }

void file_bytes_read(const Inode& n, size_t off, uint8_t* dst, size_t len) {
  const size_t cached = cached_bytes(n);
  while (len && off < cached) {
    const size_t in_page = off % kPageSize, k = std::min(len, kPageSize - in_page);
    std::memcpy(dst, n.pages->mem->phys(n.pages->frames[off / kPageSize]) + in_page, k);
    dst += k, off += k, len -= k;
  }
  if (len) std::memcpy(dst, n.data.data() + off, len);
}

void file_bytes_write(Inode& n, size_t off, const uint8_t* src, size_t len) {
  const size_t cached = cached_bytes(n);
  while (len && off < cached) {
    const size_t in_page = off % kPageSize, k = std::min(len, kPageSize - in_page);
    const uint32_t paddr = n.pages->frames[off / kPageSize] + uint32_t(in_page);
    std::memcpy(n.pages->mem->phys(paddr), src, k);
    n.pages->mem->wrote(paddr, uint32_t(k));  // decoded guest code there is stale now
    src += k, off += k, len -= k;
  }
  if (len) std::memcpy(n.data.data() + off, src, len);
}

// A new size. Bytes between the old and the new size read as zeros afterwards (also in the cache,
// whose frames past a shrunken end stay mapped). A cached file keeps covering its size: false when
// no frame is left for that (the size is unchanged then).
bool file_resize(Inode& n, size_t len) {
  const size_t old = n.data.size();
  if (n.pages && !n.pages->mem->grow_shm(*n.pages, uint32_t((len + kPageSize - 1) / kPageSize)))
    return false;
  n.data.resize(len);
  const size_t lo = std::min(old, len), hi = std::min(std::max(old, len), cached_bytes(n));
  if (lo < hi) {
    const std::vector<uint8_t> zeros(hi - lo, 0);
    file_bytes_write(n, lo, zeros.data(), zeros.size());
  }
  return true;
}

// A regular file of the in-memory tree. `time_ns`: the clock reading of the open, used for the
// mtime/ctime that writes set.
class RegularFile final : public File {
 public:
  explicit RegularFile(int64_t time_ns) : time_ns_(time_ns) {}
  void set_time(int64_t time_ns) { time_ns_ = time_ns; }

  long read(uint8_t* buf, size_t n) override {
    if (!can_read(flags)) return -kEBADF;
    return advance(offset, copy_out(buf, n, offset));
  }
  long write(const uint8_t* buf, size_t n) override {
    if (!can_write(flags)) return -kEBADF;
    if (flags & kO_APPEND) offset = int64_t(inode->data.size());
    return advance(offset, copy_in(buf, n, offset));
  }
  long pread(uint8_t* buf, size_t n, int64_t off) override {
    if (!can_read(flags)) return -kEBADF;
    if (off < 0) return -kEINVAL;
    return copy_out(buf, n, off);
  }
  // With kO_APPEND, Linux's pwrite appends whatever the offset (pwrite(2), BUGS).
  long pwrite(const uint8_t* buf, size_t n, int64_t off) override {
    if (!can_write(flags)) return -kEBADF;
    if (off < 0) return -kEINVAL;
    if (flags & kO_APPEND) off = int64_t(inode->data.size());
    return copy_in(buf, n, off);
  }
  int64_t lseek(int64_t off, int whence) override {
    return seek_to(offset, seek_target(offset, off, whence, int64_t(inode->data.size())));
  }
  // do_sys_ftruncate: -kEINVAL for a negative length or a description not open for writing.
  int truncate(int64_t len) override {
    if (len < 0 || !can_write(flags)) return -kEINVAL;
    if (len > kMaxFileSize) return -kEFBIG;
    if (!file_resize(*inode, size_t(len))) return -kENOSPC;
    inode->mtime_ns = inode->ctime_ns = time_ns_;
    return 0;
  }

 private:
  int64_t time_ns_;

  long copy_out(uint8_t* buf, size_t n, int64_t off) const {
    const size_t size = inode->data.size();
    if (off >= int64_t(size)) return 0;
    const size_t k = std::min(n, size - size_t(off));
    file_bytes_read(*inode, size_t(off), buf, k);
    return long(k);
  }
  // Writes past the end zero-fill the gap (a "sparse" write). Past the size limit: as much as
  // fits, then -kEFBIG. A file with a page cache that cannot grow: -kENOSPC, as tmpfs says.
  long copy_in(const uint8_t* buf, size_t n, int64_t off) {
    if (n == 0) return 0;
    if (off >= kMaxFileSize) return -kEFBIG;
    n = size_t(std::min<int64_t>(int64_t(n), kMaxFileSize - off));
    if (inode->data.size() < size_t(off) + n && !file_resize(*inode, size_t(off) + n)) return -kENOSPC;
    file_bytes_write(*inode, size_t(off), buf, n);
    inode->mtime_ns = inode->ctime_ns = time_ns_;
    return long(n);
  }
};

// A regular file inside a host mount: one host descriptor per open file description.
class HostRegularFile final : public File {
 public:
  explicit HostRegularFile(int fd) : fd_(fd) {}
  ~HostRegularFile() override { host::close(fd_); }
  HostRegularFile(const HostRegularFile&) = delete;
  HostRegularFile& operator=(const HostRegularFile&) = delete;

  long read(uint8_t* buf, size_t n) override {
    if (!can_read(flags)) return -kEBADF;
    return advance(offset, host::pread(fd_, buf, n, offset));
  }
  long write(const uint8_t* buf, size_t n) override {
    if (!can_write(flags)) return -kEBADF;
    if (flags & kO_APPEND) {
      const int64_t size = host_size();
      if (size < 0) return long(size);
      offset = size;
    }
    return advance(offset, host::pwrite(fd_, buf, n, offset));
  }
  long pread(uint8_t* buf, size_t n, int64_t off) override {
    if (!can_read(flags)) return -kEBADF;
    if (off < 0) return -kEINVAL;
    return host::pread(fd_, buf, n, off);
  }
  long pwrite(const uint8_t* buf, size_t n, int64_t off) override {
    if (!can_write(flags)) return -kEBADF;
    if (off < 0) return -kEINVAL;
    if (flags & kO_APPEND) {
      off = host_size();
      if (off < 0) return long(off);
    }
    return host::pwrite(fd_, buf, n, off);
  }
  int64_t lseek(int64_t off, int whence) override {
    const int64_t size = host_size();
    if (size < 0) return size;
    return seek_to(offset, seek_target(offset, off, whence, size));
  }
  // fstat of the descriptor: still right after the host file was unlinked or renamed.
  int stat(StatInfo& out) override {
    struct ::stat st;
    const int e = host::fstat(fd_, st);
    if (e != 0) return e;
    host::fill(st, *inode, out);
    return 0;
  }
  int truncate(int64_t len) override {
    if (len < 0 || !can_write(flags)) return -kEINVAL;
    return host::ftruncate(fd_, len);
  }

 private:
  int fd_;
  int64_t host_size() const {
    struct ::stat st;
    const int e = host::fstat(fd_, st);
    return e != 0 ? e : int64_t(st.st_size);
  }
};

// /dev/null and /dev/zero (drivers/char/mem.c).
class BasicDevice final : public File {
 public:
  explicit BasicDevice(bool zero) : zero_(zero) {}
  long read(uint8_t* buf, size_t n) override {
    if (!can_read(flags)) return -kEBADF;
    if (!zero_) return 0;
    std::memset(buf, 0, n);
    return long(n);
  }
  long write(const uint8_t*, size_t n) override {
    if (!can_write(flags)) return -kEBADF;
    return long(n);
  }
  long pread(uint8_t* buf, size_t n, int64_t) override { return read(buf, n); }
  long pwrite(const uint8_t* buf, size_t n, int64_t) override { return write(buf, n); }
  int64_t lseek(int64_t, int) override { return offset = 0; }

 private:
  bool zero_;
};

}  // namespace

// A directory (in-memory or host): getdents64 and lseek over the listing "." ".." names...
class DirectoryFile final : public File {
 public:
  explicit DirectoryFile(Vfs* vfs) : vfs_(vfs) {}

  long read(uint8_t*, size_t) override { return -kEISDIR; }
  long pread(uint8_t*, size_t, int64_t) override { return -kEISDIR; }
  long write(const uint8_t*, size_t) override { return -kEBADF; }  // never open for writing
  long pwrite(const uint8_t*, size_t, int64_t) override { return -kEBADF; }
  // dcache_dir_lseek: SEEK_SET and SEEK_CUR only; the offset is a record index.
  int64_t lseek(int64_t off, int whence) override {
    if (whence != 0 && whence != 1) return -kEINVAL;
    return seek_to(offset, seek_target(offset, off, whence, 0));
  }

  long getdents64(std::vector<uint8_t>& out, size_t max) override {
    // iterate_dir: a removed directory lists nothing but fails -kENOENT.
    if (inode->kind == Kind::Dir && inode->nlink == 0) return -kENOENT;
    std::vector<std::pair<std::string, InodePtr>> names;
    const int e = vfs_->list_dir(inode, names);
    if (e != 0) return e;
    const InodePtr parent = vfs_->ptr_of(inode->parent);
    const int64_t total = int64_t(names.size()) + 2;
    size_t produced = 0;
    int64_t idx = offset;
    for (; idx < total; ++idx) {
      std::string name;
      uint64_t ino;
      uint8_t type;
      if (idx < 2) {
        name = idx == 0 ? "." : "..";
        ino = idx == 0 || !parent ? inode->ino : parent->ino;
        type = kDtDir;
      } else {
        const auto& [n, node] = names[size_t(idx - 2)];
        name = n;
        ino = node->ino;
        type = dtype_of(*node);
      }
      // struct linux_dirent64: d_ino u64 @0, d_off s64 @8, d_reclen u16 @16, d_type u8 @18,
      // d_name @19, NUL-terminated, the record padded to a multiple of 8.
      const size_t reclen = (19 + name.size() + 1 + 7) & ~size_t(7);
      if (produced + reclen > max) {
        if (produced == 0) return -kEINVAL;
        break;
      }
      const size_t at = out.size();
      out.resize(at + reclen, 0);
      put64(out, at, ino);
      put64(out, at + 8, uint64_t(idx + 1));
      put16(out, at + 16, uint16_t(reclen));
      out[at + 18] = type;
      std::memcpy(out.data() + at + 19, name.data(), name.size());
      produced += reclen;
    }
    offset = idx;
    return long(produced);
  }

 private:
  Vfs* vfs_;
};

// ------------------------------------------------------------------------------ File defaults

long File::read(uint8_t*, size_t) { return -kEINVAL; }
long File::write(const uint8_t*, size_t) { return -kEINVAL; }
long File::pread(uint8_t*, size_t, int64_t) { return -kESPIPE; }
long File::pwrite(const uint8_t*, size_t, int64_t) { return -kESPIPE; }
int64_t File::lseek(int64_t, int) { return -kESPIPE; }
// Without an inode (a kernel-made file that does not override stat): an all-zero StatInfo.
int File::stat(StatInfo& out) {
  if (inode) return Vfs::stat_inode(*inode, out);
  out = StatInfo{};
  return 0;
}
long File::getdents64(std::vector<uint8_t>&, size_t) { return -kENOTDIR; }
uint32_t File::poll_events() const { return kPollIn | kPollOut | kPollRdNorm | kPollWrNorm; }
int File::truncate(int64_t) { return -kEINVAL; }

FilePtr open_basic_device(const std::string& device) {
  if (device == "null") return std::make_shared<BasicDevice>(false);
  if (device == "zero") return std::make_shared<BasicDevice>(true);
  return nullptr;
}

uint32_t Inode::type_bits() const {
  switch (kind) {
    case Kind::Dir: case Kind::HostDir: return kS_IFDIR;
    case Kind::Reg: case Kind::HostFile: return kS_IFREG;
    case Kind::Symlink: return kS_IFLNK;
    case Kind::CharDev: return kS_IFCHR;
    case Kind::Fifo: return kS_IFIFO;
  }
  return 0;
}

// ------------------------------------------------------------------------------ the tree

Vfs::Vfs() {
  root_ = new_inode(Kind::Dir, 0755);
  root_->parent = root_.get();
}

InodePtr Vfs::new_inode(Inode::Kind kind, uint32_t mode) {
  auto n = std::make_shared<Inode>();
  n->kind = kind;
  n->ino = next_ino_++;
  n->mode = mode & 07777;
  n->nlink = is_dir(*n) ? 2 : 1;
  n->atime_ns = n->mtime_ns = n->ctime_ns = build_time_ns_;
  return n;
}

std::string Vfs::host_key(const Inode& node) const {
  const Inode* root = node.kind == Kind::HostDir ? mount_root(&node)
                      : node.parent != nullptr   ? mount_root(node.parent)
                                                 : &node;
  return std::to_string(root->ino) + ":" + node.host_path;
}

InodePtr Vfs::ptr_of(const Inode* node) const {
  if (node == nullptr) return nullptr;
  if (node == root_.get()) return root_;
  if (is_host(*node)) {
    const auto it = host_inodes_.find(host_key(*node));
    if (it != host_inodes_.end() && it->second.get() == node) return it->second;
  }
  if (node->parent == nullptr || node->parent == node) return nullptr;
  const InodePtr parent = ptr_of(node->parent);
  if (!parent) return nullptr;
  for (const auto& [name, child] : parent->entries) {
    if (child.get() == node) return child;
  }
  return nullptr;
}

InodePtr Vfs::mkdirs(const std::string& abs_path, uint32_t mode) {
  std::vector<Comp> stack;
  if (push_components(abs_path, nullptr, stack) != 0) return nullptr;
  InodePtr cur = root_;
  while (!stack.empty()) {
    const std::string name = std::move(stack.back().name);
    stack.pop_back();
    if (name == ".") continue;
    if (name == "..") {
      cur = ptr_of(cur->parent);
      if (!cur) return nullptr;
      continue;
    }
    InodePtr child;
    if (lookup(cur, name, child) == 0) {
      if (child->kind == Kind::Symlink) {
        InodePtr target;
        if (resolve(cur, name, true, 0, 0, target) != 0) return nullptr;
        child = target;
      }
      if (!is_dir(*child)) return nullptr;
      cur = child;
      continue;
    }
    if (cur->kind != Kind::Dir || cur->nlink == 0) return nullptr;  // host folders stay as they are
    InodePtr d = new_inode(Kind::Dir, mode);
    d->parent = cur.get();
    cur->entries[name] = d;
    ++cur->nlink;
    cur = d;
  }
  return cur;
}

// The in-memory directory that is to hold the last component of `abs_path` (its name in `name`),
// created as needed; null for a path without a usable last name ("/", ".", "..", over NAME_MAX)
// or whose parent is not (or cannot become) an in-memory directory.
InodePtr Vfs::build_parent(const std::string& abs_path, std::string& name) {
  std::string parent;
  split_last(abs_path, parent, name);
  if (name.empty() || special_name(name) || name.size() > kNameMax) return nullptr;
  const InodePtr dir = mkdirs(parent.empty() ? "/" : parent);
  if (!dir || dir->kind != Kind::Dir) return nullptr;
  return dir;
}

InodePtr Vfs::add_file(const std::string& abs_path, std::vector<uint8_t> bytes, uint32_t mode) {
  std::string name;
  const InodePtr dir = build_parent(abs_path, name);
  if (!dir) return nullptr;
  const auto it = dir->entries.find(name);
  if (it != dir->entries.end()) {
    Inode& old = *it->second;
    if (is_dir(old)) return nullptr;
    if (old.kind == Kind::Reg) {
      old.data = std::move(bytes);
      old.pages.reset();  // mappings keep the old frames
      old.mode = mode & 07777;
      return it->second;
    }
    --old.nlink;
  }
  InodePtr f = new_inode(Kind::Reg, mode);
  f->data = std::move(bytes);
  dir->entries[name] = f;
  return f;
}

InodePtr Vfs::add_device(const std::string& abs_path, const std::string& device, uint32_t rdev,
                         uint32_t mode) {
  std::string name;
  const InodePtr dir = build_parent(abs_path, name);
  if (!dir) return nullptr;
  const auto it = dir->entries.find(name);
  if (it != dir->entries.end()) {
    if (is_dir(*it->second)) return nullptr;
    --it->second->nlink;
  }
  InodePtr d = new_inode(Kind::CharDev, mode);
  d->device = device;
  d->rdev = rdev;
  dir->entries[name] = d;
  return d;
}

bool Vfs::add_host_mount(const std::string& host_dir, const std::string& guest_dir, bool rw) {
  std::string canonical;
  if (!host::readable_dir(host_dir, canonical)) return false;
  std::string name;
  const InodePtr dir = build_parent(guest_dir, name);  // null at "/" and inside a host mount
  if (!dir) return false;
  struct ::stat st;
  if (host::lstat(canonical, st) != 0) return false;

  InodePtr m = new_inode(Kind::HostDir, uint32_t(st.st_mode));
  m->host_path = canonical;
  m->host_rw = rw;
  m->parent = dir.get();
  const auto it = dir->entries.find(name);
  if (it != dir->entries.end()) {
    Inode& old = *it->second;  // hidden under the mount
    if (is_dir(old)) {
      old.parent = nullptr;
      --dir->nlink;
    } else {
      --old.nlink;
    }
  }
  dir->entries[name] = m;
  ++dir->nlink;
  host_inodes_[host_key(*m)] = m;
  return true;
}

// Looks up (and re-validates) a host directory's entry; creates its inode the first time.
InodePtr Vfs::host_child(const InodePtr& dir, const std::string& name) {
  if (name.empty() || special_name(name) || name.find('/') != std::string::npos) return nullptr;
  const std::string hp = dir->host_path + "/" + name;
  struct ::stat st;
  if (host::lstat(hp, st) != 0) {
    dir->entries.erase(name);
    return nullptr;
  }
  const Kind kind = S_ISDIR(st.st_mode) ? Kind::HostDir
                    : S_ISLNK(st.st_mode) ? Kind::Symlink
                                          : Kind::HostFile;
  const Inode* root = mount_root(dir.get());
  InodePtr& slot = host_inodes_[std::to_string(root->ino) + ":" + hp];
  if (!slot) {
    slot = new_inode(kind, uint32_t(st.st_mode));
    slot->host_path = hp;
  }
  if (slot->kind != kind) {  // replaced on the host by another type of file
    slot->kind = kind;
    slot->entries.clear();
  }
  slot->mode = uint32_t(st.st_mode) & 07777;
  slot->uid = root->uid;
  slot->gid = root->gid;
  slot->host_rw = root->host_rw;
  slot->parent = dir.get();
  dir->entries[name] = slot;
  return slot;
}

int Vfs::lookup(const InodePtr& dir, const std::string& name, InodePtr& out) {
  if (dir->kind == Kind::HostDir) {
    out = host_child(dir, name);
    return out ? 0 : -kENOENT;
  }
  const auto it = dir->entries.find(name);
  if (it == dir->entries.end()) return -kENOENT;
  out = it->second;
  if (out->kind == Kind::HostDir) {  // a mount root: refresh its mode, check it still exists
    struct ::stat st;
    if (host::lstat(out->host_path, st) != 0) return -kENOENT;
    out->mode = uint32_t(st.st_mode) & 07777;
  }
  return 0;
}

int Vfs::list_dir(const InodePtr& dir, std::vector<std::pair<std::string, InodePtr>>& out) {
  out.clear();
  if (dir->kind == Kind::HostDir) {
    std::vector<std::string> names;
    const int e = host::list(dir->host_path, names);
    if (e != 0) return e;
    for (const std::string& n : names) {
      if (n.size() > kNameMax) continue;
      if (InodePtr c = host_child(dir, n)) out.emplace_back(n, c);  // vanished meanwhile: skipped
    }
    return 0;
  }
  if (!is_dir(*dir)) return -kENOTDIR;
  for (const auto& [n, c] : dir->entries) out.emplace_back(n, c);
  return 0;
}

// ------------------------------------------------------------------------- path resolution

// The walk of fs/namei.c link_path_walk: each directory searched needs exec permission (checked
// before its entry is looked up, the last one included), a non-directory in the middle is
// -kENOTDIR, symlinks (all but an unfollowed last one) splice their target into the walk, 40 of
// them in one walk at most. parent_only: stop before the last component and return its directory
// and name (name "/" when the path has no component at all).
int Vfs::walk(const InodePtr& cwd, const std::string& path, uint32_t uid, uint32_t gid,
              bool follow_last, bool parent_only, InodePtr& dir, std::string& name,
              InodePtr& out) {
  if (path.empty()) return -kENOENT;
  if (path.size() > kPathMax) return -kENAMETOOLONG;
  std::vector<Comp> stack;
  int e = push_components(path, nullptr, stack);
  if (e != 0) return e;
  bool must_dir = trailing_slash(path);
  InodePtr cur = path[0] == '/' || !cwd ? root_ : cwd;
  if (stack.empty()) {  // "/", "//" ...
    dir = cur;
    name = "/";
    out = cur;
    return 0;
  }
  int links = 0;
  while (!stack.empty()) {
    Comp c = std::move(stack.back());
    stack.pop_back();
    const bool last = stack.empty();
    if (!is_dir(*cur)) return -kENOTDIR;
    if (cur->kind == Kind::HostDir) {
      struct ::stat st;
      if (host::lstat(cur->host_path, st) != 0) return -kENOENT;
      if (!S_ISDIR(st.st_mode)) return -kENOTDIR;
      cur->mode = uint32_t(st.st_mode) & 07777;
    }
    if (!permitted(*cur, kWantX, uid, gid)) return -kEACCES;
    if (parent_only && last) {
      dir = cur;
      name = std::move(c.name);
      return 0;
    }
    if (c.name == ".") continue;
    if (c.name == "..") {
      if (c.confine != nullptr && cur.get() == c.confine) return -kEACCES;  // out of the mount
      if (cur == root_) continue;
      InodePtr p = ptr_of(cur->parent);
      if (!p) return -kENOENT;  // a removed directory
      cur = p;
      continue;
    }
    InodePtr child;
    e = lookup(cur, c.name, child);
    if (e != 0) return e;
    if (child->kind == Kind::Symlink && (!last || follow_last || must_dir)) {
      if (++links > kMaxSymlinks) return -kELOOP;
      std::string target;
      const Inode* confine = nullptr;
      if (is_host(*child)) {
        e = host::readlink(child->host_path, target);
        if (e != 0) return e;
        confine = mount_root(cur.get());
        if (!target.empty() && target[0] == '/') {
          // An absolute host path: allowed only inside the mount's host folder.
          const std::string& top = confine->host_path;
          if (target.compare(0, top.size(), top) != 0 ||
              (target.size() > top.size() && target[top.size()] != '/')) {
            return -kEACCES;
          }
          target = target.substr(top.size());
          cur = ptr_of(confine);
          if (!cur) return -kENOENT;
        }
      } else {
        target.assign(child->data.begin(), child->data.end());
        if (target.empty()) return -kENOENT;
        if (target[0] == '/') cur = root_;
      }
      if (last && !target.empty() && target.back() == '/') must_dir = true;
      e = push_components(target, confine, stack);
      if (e != 0) return e;
      continue;
    }
    cur = child;
  }
  if (must_dir && !is_dir(*cur)) return -kENOTDIR;
  out = cur;
  return 0;
}

int Vfs::resolve(const InodePtr& cwd, const std::string& path, bool follow_last, uint32_t uid,
                 uint32_t gid, InodePtr& out) {
  InodePtr dir;
  std::string name;
  InodePtr node;
  const int e = walk(cwd, path, uid, gid, follow_last, false, dir, name, node);
  if (e == 0) out = node;
  return e;
}

int Vfs::resolve_parent(const InodePtr& cwd, const std::string& path, uint32_t uid,
                        uint32_t gid, InodePtr& dir, std::string& name) {
  InodePtr d, node;
  std::string n;
  const int e = walk(cwd, path, uid, gid, false, true, d, n, node);
  if (e == 0) {
    dir = d;
    name = n;
  }
  return e;
}

std::string Vfs::path_of(const Inode* dir) const {
  if (dir == nullptr) return "";
  std::vector<const std::string*> names;
  for (const Inode* cur = dir; cur != root_.get();) {
    const Inode* p = cur->parent;
    if (p == nullptr || p == cur || names.size() > 4096) return "";
    const std::string* found = nullptr;
    for (const auto& [n, c] : p->entries) {
      if (c.get() == cur) {
        found = &n;
        break;
      }
    }
    if (found == nullptr) return "";
    names.push_back(found);
    cur = p;
  }
  if (names.empty()) return "/";
  std::string s;
  for (auto it = names.rbegin(); it != names.rend(); ++it) s += "/" + **it;
  return s;
}

// ------------------------------------------------------------------------------ operations

bool Vfs::permitted(const Inode& node, int want, uint32_t uid, uint32_t gid) {
  if (uid == 0) {
    // Root: read and write always; exec (search) always on directories, on other files when any
    // x bit is set (generic_permission).
    if ((want & kWantX) == 0 || is_dir(node)) return true;
    return (node.mode & 0111) != 0;
  }
  uint32_t bits = node.mode & 7;
  if (uid == node.uid) {
    bits = (node.mode >> 6) & 7;
  } else if (gid == node.gid) {
    bits = (node.mode >> 3) & 7;
  }
  return (bits & uint32_t(want)) == uint32_t(want);
}

int Vfs::stat_inode(const Inode& node, StatInfo& out) {
  if (is_host(node)) {
    struct ::stat st;
    const int e = host::lstat(node.host_path, st);
    if (e != 0) return e;
    host::fill(st, node, out);
    return 0;
  }
  out = StatInfo{};
  out.dev = kDevMemTree;
  out.ino = node.ino;
  out.rdev = node.kind == Kind::CharDev ? node.rdev : 0;
  out.mode = node.type_bits() | (node.mode & 07777);
  out.nlink = node.nlink;
  out.uid = node.uid;
  out.gid = node.gid;
  switch (node.kind) {
    case Kind::Dir: case Kind::HostDir:
      out.size = 4096;
      out.blocks = 8;
      break;
    case Kind::Reg: case Kind::HostFile:
      out.size = int64_t(node.data.size());
      out.blocks = (out.size + 4095) / 4096 * 8;
      break;
    case Kind::Symlink:
      out.size = int64_t(node.data.size());
      break;
    case Kind::CharDev: case Kind::Fifo:
      break;
  }
  out.atime_ns = node.atime_ns;
  out.mtime_ns = node.mtime_ns;
  out.ctime_ns = node.ctime_ns;
  return 0;
}

int Vfs::open_inode(const InodePtr& node, uint32_t flags, FilePtr& out) {
  out = nullptr;
  if ((flags & kO_DIRECTORY) && !is_dir(*node)) return -kENOTDIR;
  const uint32_t acc = flags & kO_ACCMODE;
  FilePtr f;
  switch (node->kind) {
    case Kind::Dir: case Kind::HostDir:
      if (acc != kO_RDONLY) return -kEISDIR;
      f = std::make_shared<DirectoryFile>(this);
      break;
    case Kind::Reg:
      f = std::make_shared<RegularFile>(node->mtime_ns);
      break;
    case Kind::HostFile: {
      const int fd = host::open_regular(node->host_path, can_read(flags), can_write(flags));
      if (fd < 0) return fd;
      f = std::make_shared<HostRegularFile>(fd);
      break;
    }
    case Kind::Symlink:
      return -kELOOP;
    case Kind::CharDev: case Kind::Fifo:
      return 0;  // the kernel opens these
  }
  f->inode = node;
  f->flags = description_flags(flags);
  out = f;
  return 0;
}

int Vfs::open(const InodePtr& cwd, const std::string& path, uint32_t flags, uint32_t mode,
              uint32_t umask, uint32_t uid, uint32_t gid, int64_t now_ns, FilePtr& out,
              InodePtr& node) {
  out = nullptr;
  node = nullptr;
  return open_at(cwd, path, flags, mode, umask, uid, gid, now_ns, out, node, 0);
}

// fs/namei.c open_last_lookups / lookup_open / do_open, in that order of checks.
int Vfs::open_at(const InodePtr& cwd, const std::string& path, uint32_t flags, uint32_t mode,
                 uint32_t umask, uint32_t uid, uint32_t gid, int64_t now_ns, FilePtr& out,
                 InodePtr& node, int depth) {
  const uint32_t acc = flags & kO_ACCMODE;
  if (acc == kO_ACCMODE) return -kEINVAL;  // Linux's "3" (ioctl-only) mode is not modelled
  if ((flags & kO_CREAT) && (flags & kO_DIRECTORY)) return -kEINVAL;  // since Linux 6.4
  InodePtr n;
  if (flags & kO_CREAT) {
    InodePtr dir;
    std::string name;
    int e = resolve_parent(cwd, path, uid, gid, dir, name);
    if (e != 0) return e;
    if (special_name(name) || trailing_slash(path)) return -kEISDIR;
    InodePtr existing;
    e = lookup(dir, name, existing);
    if (e == 0) {
      if (flags & kO_EXCL) return -kEEXIST;  // even a dangling symlink
      e = resolve(dir, name, !(flags & kO_NOFOLLOW), uid, gid, n);
      if (e == -kENOENT && existing->kind == Kind::Symlink && !is_host(*existing)) {
        // A dangling symlink: open(2) creates its target.
        if (depth >= kMaxSymlinks) return -kELOOP;
        const std::string target(existing->data.begin(), existing->data.end());
        return open_at(dir, target, flags, mode, umask, uid, gid, now_ns, out, node, depth + 1);
      }
      if (e != 0) return e;
    } else if (e != -kENOENT) {
      return e;
    } else {
      // Create (lookup_open: -kEROFS before may_o_create's -kEACCES).
      e = may_create(*dir, uid, gid);
      if (e != 0) return e;
      const uint32_t perm = mode & ~umask & 07777;
      if (dir->kind == Kind::HostDir) {
        const std::string hp = dir->host_path + "/" + name;
        const int fd = host::create_regular(hp, can_read(flags), can_write(flags), perm);
        if (fd < 0) return fd;
        n = host_child(dir, name);
        if (!n) {
          host::close(fd);
          return -kENOENT;
        }
        auto f = std::make_shared<HostRegularFile>(fd);
        f->inode = n;
        f->flags = description_flags(flags);
        out = f;
        node = n;
        return 0;
      }
      n = add_entry(dir, name, Kind::Reg, perm, uid, gid, now_ns);
      if (!n) return -kENOENT;  // a removed directory
      e = open_inode(n, flags, out);
      if (e == 0) node = n;
      return e;
    }
  } else {
    const int e = resolve(cwd, path, !(flags & kO_NOFOLLOW), uid, gid, n);
    if (e != 0) return e;
  }

  // An existing file (do_open, may_open).
  if (n->kind == Kind::Symlink) return -kELOOP;  // kO_NOFOLLOW
  if (is_dir(*n) && (flags & kO_CREAT)) return -kEISDIR;
  if ((flags & kO_DIRECTORY) && !is_dir(*n)) return -kENOTDIR;
  int want = acc == kO_RDONLY ? kWantR : acc == kO_WRONLY ? kWantW : kWantR | kWantW;
  const bool trunc = (flags & kO_TRUNC) && (n->kind == Kind::Reg || n->kind == Kind::HostFile);
  if (flags & kO_TRUNC) want |= kWantW;  // build_open_flags: kO_TRUNC asks for MAY_WRITE
  if (is_dir(*n) && (want & kWantW)) return -kEISDIR;
  if ((want & kWantW) && host_ro(*n)) return -kEROFS;
  if (!permitted(*n, want, uid, gid)) return -kEACCES;
  if (n->kind == Kind::CharDev || n->kind == Kind::Fifo) {
    node = n;
    return 0;
  }
  if (trunc && n->kind == Kind::HostFile) {
    const int e = host::truncate(n->host_path, 0);
    if (e != 0) return e;
  }
  const int e = open_inode(n, flags, out);
  if (e != 0) return e;
  if (n->kind == Kind::Reg) {
    if (trunc) {
      file_resize(*n, 0);
      n->mtime_ns = n->ctime_ns = now_ns;
    }
    static_cast<RegularFile*>(out.get())->set_time(now_ns);  // the clock for later writes
  }
  node = n;
  return 0;
}

// fs/namei.c filename_create: the directory and name of an entry to create. -kEEXIST for "/", "."
// and ".." and for a name that exists (a dangling symlink too), then -kENOENT for a trailing slash
// unless `slash_ok` (mkdir). The caller checks -kEROFS and may_create next.
int Vfs::name_to_create(const InodePtr& cwd, const std::string& path, uint32_t uid, uint32_t gid,
                        bool slash_ok, InodePtr& dir, std::string& name) {
  int e = resolve_parent(cwd, path, uid, gid, dir, name);
  if (e != 0) return e;
  if (special_name(name)) return -kEEXIST;
  InodePtr existing;
  e = lookup(dir, name, existing);
  if (e == 0) return -kEEXIST;
  if (e != -kENOENT) return e;
  if (!slash_ok && trailing_slash(path)) return -kENOENT;
  return 0;
}

// A new inode `name` in in-memory `dir`, owned by uid:gid, it and `dir` stamped now_ns; null (and
// nothing made) when `dir` has been removed.
InodePtr Vfs::add_entry(const InodePtr& dir, const std::string& name, Inode::Kind kind,
                        uint32_t perm, uint32_t uid, uint32_t gid, int64_t now_ns) {
  if (dir->nlink == 0) return nullptr;
  InodePtr n = new_inode(kind, perm);
  n->uid = uid;
  n->gid = gid;
  n->atime_ns = n->mtime_ns = n->ctime_ns = now_ns;
  dir->entries[name] = n;
  dir->mtime_ns = dir->ctime_ns = now_ns;
  return n;
}

// After the host call (result e) that made `name` in host directory `dir`: look up its inode.
int Vfs::host_made(const InodePtr& dir, const std::string& name, int e) {
  if (e != 0) return e;
  host_child(dir, name);
  return 0;
}

// After the host call (result e) that removed `victim`, entry `name` of host directory `dir`.
int Vfs::host_removed(const InodePtr& dir, const std::string& name, const Inode& victim, int e) {
  if (e != 0) return e;
  dir->entries.erase(name);
  host_inodes_.erase(host_key(victim));
  return 0;
}

// fs/namei.c filename_create + vfs_mkdir.
int Vfs::mkdir(const InodePtr& cwd, const std::string& path, uint32_t mode, uint32_t umask,
               uint32_t uid, uint32_t gid, int64_t now_ns) {
  InodePtr dir;
  std::string name;
  int e = name_to_create(cwd, path, uid, gid, true, dir, name);
  if (e == 0) e = may_create(*dir, uid, gid);
  if (e != 0) return e;
  const uint32_t perm = mode & ~umask & 07777;
  if (dir->kind == Kind::HostDir) {
    return host_made(dir, name, host::mkdir(dir->host_path + "/" + name, perm & 0777));
  }
  const InodePtr d = add_entry(dir, name, Kind::Dir, perm, uid, gid, now_ns);
  if (!d) return -kENOENT;
  d->parent = dir.get();
  ++dir->nlink;
  return 0;
}

// fs/namei.c do_unlinkat + may_delete.
int Vfs::unlink(const InodePtr& cwd, const std::string& path, uint32_t uid, uint32_t gid) {
  InodePtr dir;
  std::string name;
  int e = resolve_parent(cwd, path, uid, gid, dir, name);
  if (e != 0) return e;
  if (special_name(name)) return -kEISDIR;
  if (host_ro(*dir)) return -kEROFS;
  InodePtr victim;
  e = lookup(dir, name, victim);
  if (e != 0) return e;
  if (trailing_slash(path)) return is_dir(*victim) ? -kEISDIR : -kENOTDIR;
  if (!permitted(*dir, kWantW | kWantX, uid, gid)) return -kEACCES;
  if (sticky_denies(*dir, *victim, uid)) return -kEPERM;
  if (is_dir(*victim)) return -kEISDIR;
  if (dir->kind == Kind::HostDir) {
    return host_removed(dir, name, *victim, host::unlink(victim->host_path));
  }
  dir->entries.erase(name);
  --victim->nlink;  // open descriptions keep the inode (shared_ptr)
  return 0;
}

// fs/namei.c do_rmdir + may_delete.
int Vfs::rmdir(const InodePtr& cwd, const std::string& path, uint32_t uid, uint32_t gid) {
  InodePtr dir;
  std::string name;
  int e = resolve_parent(cwd, path, uid, gid, dir, name);
  if (e != 0) return e;
  if (name == ".") return -kEINVAL;
  if (name == "..") return -kENOTEMPTY;
  if (name == "/") return -kEBUSY;
  if (host_ro(*dir)) return -kEROFS;
  InodePtr victim;
  e = lookup(dir, name, victim);
  if (e != 0) return e;
  if (!is_dir(*victim)) return -kENOTDIR;
  if (!permitted(*dir, kWantW | kWantX, uid, gid)) return -kEACCES;
  if (sticky_denies(*dir, *victim, uid)) return -kEPERM;
  if (is_mount_root(*victim)) return -kEBUSY;
  if (dir->kind == Kind::HostDir) {
    return host_removed(dir, name, *victim, host::rmdir(victim->host_path));
  }
  if (!victim->entries.empty()) return -kENOTEMPTY;
  dir->entries.erase(name);
  --dir->nlink;
  victim->nlink = 0;  // dead: getdents64 -kENOENT, nothing can be created inside
  victim->parent = nullptr;
  return 0;
}

// fs/namei.c do_renameat2 + vfs_rename.
int Vfs::rename(const InodePtr& cwd, const std::string& from, const std::string& to,
                uint32_t uid, uint32_t gid) {
  InodePtr od, nd;
  std::string on, nn;
  int e = resolve_parent(cwd, from, uid, gid, od, on);
  if (e != 0) return e;
  e = resolve_parent(cwd, to, uid, gid, nd, nn);
  if (e != 0) return e;
  if (fs_of_dir(*od) != fs_of_dir(*nd)) return -kEXDEV;
  if (special_name(on) || special_name(nn)) return -kEBUSY;
  if (host_ro(*od)) return -kEROFS;
  InodePtr old;
  e = lookup(od, on, old);
  if (e != 0) return e;
  InodePtr victim;
  e = lookup(nd, nn, victim);
  if (e != 0 && e != -kENOENT) return e;
  const bool old_dir = is_dir(*old);
  if (!old_dir && (trailing_slash(from) || trailing_slash(to))) return -kENOTDIR;
  if (old_dir && is_ancestor(old.get(), nd.get())) return -kEINVAL;  // into itself
  if (victim && is_dir(*victim) && is_ancestor(victim.get(), od.get())) return -kENOTEMPTY;
  if (victim == old) return 0;  // the same file: nothing to do
  if (!permitted(*od, kWantW | kWantX, uid, gid)) return -kEACCES;
  if (sticky_denies(*od, *old, uid)) return -kEPERM;
  if (!permitted(*nd, kWantW | kWantX, uid, gid)) return -kEACCES;
  if (victim) {
    if (sticky_denies(*nd, *victim, uid)) return -kEPERM;
    if (old_dir && !is_dir(*victim)) return -kENOTDIR;
    if (!old_dir && is_dir(*victim)) return -kEISDIR;
  }
  // A directory moving to another parent rewrites its "..": it needs write permission itself.
  if (old_dir && od != nd && !permitted(*old, kWantW, uid, gid)) return -kEACCES;
  if (is_mount_root(*old) || (victim && is_mount_root(*victim))) return -kEBUSY;

  if (od->kind == Kind::HostDir) {
    const std::string old_hp = old->host_path, new_hp = nd->host_path + "/" + nn;
    e = host::rename(old_hp, new_hp);
    if (e != 0) return e;
    // Re-key the moved inode and everything cached under it; the replaced one is gone.
    const std::string prefix = std::to_string(mount_root(od.get())->ino) + ":";
    if (victim) host_inodes_.erase(host_key(*victim));
    const std::string from_key = prefix + old_hp;
    std::vector<std::pair<std::string, InodePtr>> moved;
    for (auto it = host_inodes_.lower_bound(from_key); it != host_inodes_.end();) {
      const std::string& k = it->first;
      if (k.compare(0, from_key.size(), from_key) != 0) break;
      if (k.size() > from_key.size() && k[from_key.size()] != '/') {  // "a2" beside "a"
        ++it;
        continue;
      }
      moved.emplace_back(new_hp + k.substr(from_key.size()), it->second);
      it = host_inodes_.erase(it);
    }
    for (auto& [hp, n] : moved) {
      n->host_path = hp;
      host_inodes_[prefix + hp] = n;
    }
    od->entries.erase(on);
    old->parent = nd.get();
    nd->entries[nn] = old;
    return 0;
  }

  if (victim) {
    if (is_dir(*victim)) {
      if (!victim->entries.empty()) return -kENOTEMPTY;
      victim->nlink = 0;
      victim->parent = nullptr;
      --nd->nlink;
    } else {
      --victim->nlink;
    }
  }
  od->entries.erase(on);
  nd->entries[nn] = old;
  if (old_dir && od != nd) {
    --od->nlink;
    ++nd->nlink;
    old->parent = nd.get();
  }
  return 0;
}

// fs/namei.c do_symlinkat: filename_create's -kEEXIST, then -kENOENT for a trailing slash, -kEROFS,
// then vfs_symlink's may_create (-kEACCES).
int Vfs::symlink(const InodePtr& cwd, const std::string& target, const std::string& path,
                 uint32_t uid, uint32_t gid, int64_t now_ns) {
  if (target.empty()) return -kENOENT;
  if (target.size() > kPathMax) return -kENAMETOOLONG;
  InodePtr dir;
  std::string name;
  int e = name_to_create(cwd, path, uid, gid, false, dir, name);
  if (e == 0) e = may_create(*dir, uid, gid);
  if (e != 0) return e;
  if (dir->kind == Kind::HostDir) {
    return host_made(dir, name, host::symlink(target, dir->host_path + "/" + name));
  }
  const InodePtr l = add_entry(dir, name, Kind::Symlink, 0777, uid, gid, now_ns);
  if (!l) return -kENOENT;
  l->data.assign(target.begin(), target.end());
  return 0;
}

// fs/namei.c do_linkat + vfs_link. link(2) does not follow a symlink in `from`.
int Vfs::link(const InodePtr& cwd, const std::string& from, const std::string& to, uint32_t uid,
              uint32_t gid) {
  InodePtr old;
  int e = resolve(cwd, from, false, uid, gid, old);
  if (e != 0) return e;
  InodePtr nd;
  std::string nn;
  e = name_to_create(cwd, to, uid, gid, false, nd, nn);
  if (e != 0) return e;
  if (host_ro(*nd)) return -kEROFS;
  if (fs_of(*old) != fs_of_dir(*nd)) return -kEXDEV;  // after -kEROFS, before -kEACCES
  if (!permitted(*nd, kWantW | kWantX, uid, gid)) return -kEACCES;
  if (is_dir(*old)) return -kEPERM;
  if (nd->kind == Kind::HostDir) {
    return host_made(nd, nn, host::link(old->host_path, nd->host_path + "/" + nn));
  }
  if (nd->nlink == 0 || old->nlink == 0) return -kENOENT;
  nd->entries[nn] = old;
  ++old->nlink;
  return 0;
}

int Vfs::readlink(const InodePtr& cwd, const std::string& path, uint32_t uid, uint32_t gid,
                  std::string& out) {
  InodePtr n;
  int e = resolve(cwd, path, false, uid, gid, n);
  if (e != 0) return e;
  if (n->kind != Kind::Symlink) return -kEINVAL;
  if (is_host(*n)) {
    e = host::readlink(n->host_path, out);
    if (e != 0) return e;
  } else {
    out.assign(n->data.begin(), n->data.end());
  }
  return int(out.size());
}

int Vfs::mknod_fifo(const InodePtr& cwd, const std::string& path, uint32_t mode, uint32_t umask,
                    uint32_t uid, uint32_t gid, int64_t now_ns) {
  if ((mode & kS_IFMT) != kS_IFIFO) return uid == 0 ? -kEINVAL : -kEPERM;
  InodePtr dir;
  std::string name;
  int e = name_to_create(cwd, path, uid, gid, false, dir, name);
  if (e == 0) e = may_create(*dir, uid, gid);
  if (e != 0) return e;
  if (dir->kind == Kind::HostDir) return -kEPERM;  // no FIFOs on the host side
  return add_entry(dir, name, Kind::Fifo, mode & ~umask & 07777, uid, gid, now_ns) ? 0 : -kENOENT;
}

int Vfs::access(const InodePtr& cwd, const std::string& path, int mode, uint32_t uid,
                uint32_t gid) {
  if (mode & ~7) return -kEINVAL;
  InodePtr n;
  const int e = resolve(cwd, path, true, uid, gid, n);
  if (e != 0) return e;
  if (mode == 0) return 0;
  if ((mode & kWantW) && host_ro(*n)) return -kEROFS;
  return permitted(*n, mode, uid, gid) ? 0 : -kEACCES;
}

int Vfs::chmod(const InodePtr& node, uint32_t mode, uint32_t uid) {
  if (host_ro(*node)) return -kEROFS;
  if (uid != 0 && uid != node->uid) return -kEPERM;
  if (is_host(*node)) {
    if (node->kind == Kind::Symlink) return -kENOTSUP;  // the host would follow it
    const int e = host::chmod(node->host_path, mode & 07777);
    if (e != 0) return e;
  }
  node->mode = mode & 07777;
  return 0;
}

// chown_common: -1 leaves a field; a non-root caller must own the file and keep its uid. Set-user-
// ID (and set-group-ID with group exec) are cleared on non-directories.
int Vfs::chown(const InodePtr& node, int64_t uid, int64_t gid, uint32_t caller_uid) {
  const bool keep_uid = uid < 0 || uid == 0xFFFFFFFF;
  const bool keep_gid = gid < 0 || gid == 0xFFFFFFFF;
  if (host_ro(*node)) return -kEROFS;
  const bool new_uid = !keep_uid && uint32_t(uid) != node->uid;
  const bool new_gid = !keep_gid && uint32_t(gid) != node->gid;
  if (caller_uid != 0 && (caller_uid != node->uid || new_uid)) return -kEPERM;
  if (is_host(*node)) return new_uid || new_gid ? -kEPERM : 0;  // host files keep the mount's owner
  if (!keep_uid) node->uid = uint32_t(uid);
  if (!keep_gid) node->gid = uint32_t(gid);
  if ((!keep_uid || !keep_gid) && !is_dir(*node)) {
    node->mode &= ~kSetUid;
    if (node->mode & 010) node->mode &= ~kSetGid;
  }
  return 0;
}

int Vfs::read_all(const InodePtr& node, uint32_t uid, uint32_t gid, bool need_exec,
                  std::vector<uint8_t>& out) {
  if (is_dir(*node)) return -kEISDIR;
  if (node->kind != Kind::Reg && node->kind != Kind::HostFile) return -kEACCES;
  if (!permitted(*node, need_exec ? kWantX : kWantR, uid, gid)) return -kEACCES;
  if (node->kind == Kind::HostFile) return host::read_all(node->host_path, out);
  out.resize(node->data.size());
  file_bytes_read(*node, 0, out.data(), out.size());
  return 0;
}

int attach_page_cache(Inode& node, Memory& mem) {
  if (node.pages) return 0;
  const size_t size = node.data.size();
  auto obj = mem.new_shm(uint32_t((size + kPageSize - 1) / kPageSize));
  if (!obj) return -kENOMEM;
  for (size_t off = 0; off < size; off += kPageSize) {
    const size_t k = std::min<size_t>(kPageSize, size - off);
    std::memcpy(mem.phys(obj->frames[off / kPageSize]), node.data.data() + off, k);
  }
  node.pages = std::move(obj);
  return 0;
}

// ------------------------------------------------------------------------------ stat encoders

namespace {

struct SecNs {
  int64_t sec;
  uint32_t nsec;
};
SecNs split_ns(int64_t ns) {
  int64_t s = ns / 1000000000, r = ns % 1000000000;
  if (r < 0) {
    r += 1000000000;
    --s;
  }
  return {s, uint32_t(r)};
}

// glibc's gnu_dev_major/minor of a 64-bit dev_t, and the kernel's new_encode_dev (a u32).
uint32_t dev_major(uint64_t d) { return uint32_t(((d >> 8) & 0xfff) | ((d >> 32) & ~0xfffULL)); }
uint32_t dev_minor(uint64_t d) { return uint32_t((d & 0xff) | ((d >> 12) & ~0xffULL)); }
uint32_t new_encode_dev(uint64_t d) {
  const uint32_t ma = dev_major(d), mi = dev_minor(d);
  return (mi & 0xff) | (ma << 8) | ((mi & ~0xffu) << 12);
}
// high2lowuid: ids that do not fit 16 bits read as the overflow id 65534.
uint16_t low_id(uint32_t id) { return id > 0xFFFF ? 65534 : uint16_t(id); }

// st_atime, st_atime_nsec, st_mtime, st_mtime_nsec, st_ctime, st_ctime_nsec: six u32 from `off`
// (struct stat64 and the old struct stat alike).
void put_times32(std::vector<uint8_t>& b, size_t off, const StatInfo& s) {
  for (const int64_t ns : {s.atime_ns, s.mtime_ns, s.ctime_ns}) {
    const SecNs t = split_ns(ns);
    put32(b, off, uint32_t(t.sec));
    put32(b, off + 4, t.nsec);
    off += 8;
  }
}

}  // namespace

// struct stat64, arch/x86/include/uapi/asm/stat.h (i386), filled as fs/stat.c cp_new_stat64.
std::vector<uint8_t> encode_stat64(const StatInfo& s) {
  std::vector<uint8_t> b(96, 0);
  put64(b, 0, new_encode_dev(s.dev));         // st_dev; __pad0[4] at 8
  put32(b, 12, uint32_t(s.ino));              // __st_ino
  put32(b, 16, s.mode);                       // st_mode
  put32(b, 20, s.nlink);                      // st_nlink
  put32(b, 24, s.uid);                        // st_uid
  put32(b, 28, s.gid);                        // st_gid
  put64(b, 32, new_encode_dev(s.rdev));       // st_rdev; __pad3[4] at 40
  put64(b, 44, uint64_t(s.size));             // st_size
  put32(b, 52, s.blksize);                    // st_blksize
  put64(b, 56, uint64_t(s.blocks));           // st_blocks
  put_times32(b, 64, s);
  put64(b, 88, s.ino);                        // st_ino
  return b;
}

// struct statx, include/uapi/linux/stat.h, filled as fs/stat.c cp_statx.
std::vector<uint8_t> encode_statx(const StatInfo& s, uint32_t /*mask*/) {
  constexpr uint32_t kStatxBasicStats = 0x7ff;
  std::vector<uint8_t> b(256, 0);
  put32(b, 0, kStatxBasicStats);              // stx_mask
  put32(b, 4, s.blksize);                     // stx_blksize
  // stx_attributes (8) = 0
  put32(b, 16, s.nlink);
  put32(b, 20, s.uid);
  put32(b, 24, s.gid);
  put16(b, 28, uint16_t(s.mode));             // stx_mode; __spare0 at 30
  put64(b, 32, s.ino);
  put64(b, 40, uint64_t(s.size));
  put64(b, 48, uint64_t(s.blocks));
  // stx_attributes_mask (56) = 0
  const auto stamp = [&b](size_t off, int64_t ns) {  // struct statx_timestamp {s64; u32; s32}
    const SecNs t = split_ns(ns);
    put64(b, off, uint64_t(t.sec));
    put32(b, off + 8, t.nsec);
  };
  stamp(64, s.atime_ns);
  // stx_btime (80): not filled (STATX_BTIME not in the mask)
  stamp(96, s.ctime_ns);
  stamp(112, s.mtime_ns);
  put32(b, 128, dev_major(s.rdev));
  put32(b, 132, dev_minor(s.rdev));
  put32(b, 136, dev_major(s.dev));
  put32(b, 140, dev_minor(s.dev));
  return b;
}

// The i386 struct stat (arch/x86/include/uapi/asm/stat.h), filled as cp_compat_stat.
std::vector<uint8_t> encode_old_stat(const StatInfo& s) {
  std::vector<uint8_t> b(64, 0);
  put32(b, 0, new_encode_dev(s.dev));         // st_dev
  put32(b, 4, uint32_t(s.ino));               // st_ino
  put16(b, 8, uint16_t(s.mode));              // st_mode
  put16(b, 10, uint16_t(s.nlink));            // st_nlink
  put16(b, 12, low_id(s.uid));                // st_uid
  put16(b, 14, low_id(s.gid));                // st_gid
  put32(b, 16, new_encode_dev(s.rdev));       // st_rdev
  put32(b, 20, uint32_t(s.size));             // st_size
  put32(b, 24, s.blksize);                    // st_blksize
  put32(b, 28, uint32_t(s.blocks));           // st_blocks
  put_times32(b, 32, s);
  // __unused4 (56), __unused5 (60) = 0
  return b;
}

}  // namespace irq::os
