// os/vfs.h — the mini OS's file tree ("VFS-lite"): an in-memory tree of directories, regular
// files, symlinks and character devices, plus read-only (or read-write) views of host folders, and
// open file descriptions. No guest memory and no processes here: the system-call layer
// (os/sys_*.cpp) copies bytes to and from the guest and turns these results into syscall returns.
//
// Conventions: every int-returning call returns >= 0 on success or a negative Linux errno
// (os/linux_abi.h: -kENOENT, -kENOTDIR, -kEACCES ...). Paths are guest paths; relative paths resolve
// from `cwd`. Permission checks follow Linux for uid 0 (root bypasses rwx except exec needing one
// x bit) and for other uids (owner/group/other bits; `gid` is the caller's effective gid).
// Determinism: directories are std::map (names sorted), inode numbers are handed out in creation
// order, timestamps come from the caller's clock (`now_ns`, simulated time), never the host's.
//
// Host mounts (`irqlab exec` shows the program's folder; --mount): a guest folder that mirrors a
// host folder. Lookups, stat and reads go to the host file system at the moment of the call;
// writes only when mounted rw. Symlinks inside a host mount are followed on the host side but never
// allowed to leave the mount (a resolved path outside the host folder is -kEACCES).
#pragma once
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace irq::os {

struct Inode;
using InodePtr = std::shared_ptr<Inode>;
struct ShmObj;  // os/mm.h: physical frames shared by every mapping of them

// What stat(2) reports (the syscall layer encodes stat64/statx/stat for i386 from this).
struct StatInfo {
  uint64_t dev = 0, ino = 0, rdev = 0;
  uint32_t mode = 0;  // S_IFMT | permission bits
  uint32_t nlink = 1, uid = 0, gid = 0;
  int64_t size = 0;
  uint32_t blksize = 4096;
  int64_t blocks = 0;  // 512-byte blocks
  int64_t atime_ns = 0, mtime_ns = 0, ctime_ns = 0;
};

// poll(2) event bits (include/uapi/asm-generic/poll.h).
constexpr uint32_t kPollIn = 0x1, kPollPri = 0x2, kPollOut = 0x4, kPollErr = 0x8, kPollHup = 0x10,
                   kPollNval = 0x20, kPollRdNorm = 0x40, kPollWrNorm = 0x100;

// Linux file types (S_IFMT values) and d_type codes used by getdents64.
constexpr uint32_t kS_IFMT = 0170000, kS_IFDIR = 0040000, kS_IFREG = 0100000,
                   kS_IFCHR = 0020000, kS_IFLNK = 0120000, kS_IFIFO = 0010000;
// st_dev of the in-memory tree (0:1) and of every host mount (0:2), encoded like glibc's
// makedev() / the kernel's new_encode_dev() (StatInfo::dev and ::rdev use that encoding).
constexpr uint64_t kDevMemTree = 0x0001, kDevHostMount = 0x0002;

// An open file description (shared by dup'ed descriptors and across fork). Subclasses: regular
// in-memory file, directory, /dev/null, /dev/zero, host file; the kernel adds its own (tty, host
// stdio, pipes) by deriving from it.
class File {
 public:
  virtual ~File() = default;
  // Returns bytes moved (0 = end of file) or -errno. A file that would block returns -kEAGAIN; the
  // kernel then blocks the caller (unless kO_NONBLOCK) and retries after wait_key() is woken.
  virtual long read(uint8_t* buf, size_t n);
  virtual long write(const uint8_t* buf, size_t n);
  virtual long pread(uint8_t* buf, size_t n, int64_t off);    // default: -kESPIPE
  virtual long pwrite(const uint8_t* buf, size_t n, int64_t off);
  // whence 0/1/2 (SEEK_SET/CUR/END); returns the new offset or -errno (-kESPIPE for devices).
  virtual int64_t lseek(int64_t off, int whence);
  virtual int stat(StatInfo& out);
  // getdents64: appends `struct linux_dirent64` records (d_ino u64, d_off s64, d_reclen u16,
  // d_type u8, name NUL-terminated, reclen rounded up to 8) to out until `max` bytes would be
  // exceeded; returns bytes produced, 0 at the end, -kEINVAL if the first record does not fit,
  // -kENOTDIR for a non-directory. "." and ".." come first. The offset advances per record.
  virtual long getdents64(std::vector<uint8_t>& out, size_t max);
  virtual int truncate(int64_t len);  // ftruncate; -kEINVAL for non-regular files
  virtual bool is_tty() const { return false; }
  // Something the kernel can block on: readers wait for "readable", writers for "writable".
  virtual const void* wait_key() const { return this; }
  // poll(2)'s view now: kPollIn | kPollOut ... (a regular file or a device is always ready:
  // DEFAULT_POLLMASK). A file that is not ready wakes wait_key() when it may have become so.
  virtual uint32_t poll_events() const;
  InodePtr inode;        // may be null for kernel-made files (pipes, host stdio)
  // kO_ACCMODE | kO_APPEND | kO_NONBLOCK ... as given to open, without kO_CLOEXEC (Vfs also drops
  // kO_CREAT, kO_EXCL, kO_NOCTTY and kO_TRUNC, as Linux's F_GETFL shows).
  uint32_t flags = 0;
  int64_t offset = 0;
};
using FilePtr = std::shared_ptr<File>;

// The two devices the VFS implements itself, for the kernel to open by Inode::device name:
// "null" (read -> 0, write -> n) and "zero" (read fills zeros, write -> n). nullptr for other
// names. The caller sets inode and flags (read/write check kO_ACCMODE: -kEBADF otherwise).
FilePtr open_basic_device(const std::string& device);

struct Inode {
  enum class Kind : uint8_t { Dir, Reg, Symlink, CharDev, Fifo, HostDir, HostFile };
  Kind kind = Kind::Reg;
  uint64_t ino = 0;
  uint32_t mode = 0;  // permission bits only (the type comes from kind)
  uint32_t uid = 0, gid = 0;
  uint32_t nlink = 1;
  uint32_t rdev = 0;  // CharDev: makedev(major, minor), e.g. /dev/null = 1:3, /dev/zero = 1:5,
                      // /dev/tty = 5:0
  int64_t atime_ns = 0, mtime_ns = 0, ctime_ns = 0;
  std::vector<uint8_t> data;              // Reg: contents; Symlink: target
  std::map<std::string, InodePtr> entries;  // Dir: children (no "." / "..")
  Inode* parent = nullptr;                // Dir: for ".." and getcwd (root: itself)
  std::string host_path;                  // HostDir / HostFile: absolute host path (also set on
                                          // a Symlink found inside a host mount: a host symlink)
  bool host_rw = false;
  // CharDev: the kernel opens devices by this name ("null", "zero", "tty", ...).
  std::string device;
  // Reg: a file whose contents the kernel makes at each open (/proc/sysvipc/msg ...): the name of
  // its generator ("sysvipc/msg"). `data` stays empty; stat shows size 0, as procfs does.
  std::string generated;
  // Reg, once mapped MAP_SHARED (the page cache): the file's bytes [0, pages->frames.size() *
  // 4096) live in these frames, so every mapping, read and write sees the same bytes; `data` keeps
  // the size and the bytes beyond. Kept covering the whole size as the file grows (a shrinking
  // file keeps its frames, zeroed past the end). Frames go with the inode.
  std::shared_ptr<ShmObj> pages;
  uint32_t type_bits() const;  // S_IFDIR etc. for the kind
};

class Vfs {
 public:
  Vfs();  // an empty root "/" (mode 0755, root:root)

  // --- building the tree (scenario files, irqlab exec) ---
  // mkdir -p; returns the directory or nullptr when a component exists and is not a directory.
  InodePtr mkdirs(const std::string& abs_path, uint32_t mode = 0755);
  // A regular file with these contents (parents created); replaces an existing file.
  InodePtr add_file(const std::string& abs_path, std::vector<uint8_t> bytes, uint32_t mode = 0755);
  // A character device node the kernel opens by `device` name.
  InodePtr add_device(const std::string& abs_path, const std::string& device, uint32_t rdev,
                      uint32_t mode = 0666);
  // Mirror host folder `host_dir` at guest `guest_dir` (parents created). False when host_dir is
  // not a readable directory.
  bool add_host_mount(const std::string& host_dir, const std::string& guest_dir, bool rw);

  // --- lookups ---
  // Resolve a path. follow_last: follow a symlink in the last component. Errors: -kENOENT,
  // -kENOTDIR, -kELOOP (more than 40 links), -kENAMETOOLONG (a component > 255 or a path > 4095),
  // -kEACCES (search permission on a directory, checked for uid/gid).
  int resolve(const InodePtr& cwd, const std::string& path, bool follow_last, uint32_t uid,
              uint32_t gid, InodePtr& out);
  // The parent directory of the last component, and that component's name (for create/unlink).
  int resolve_parent(const InodePtr& cwd, const std::string& path, uint32_t uid, uint32_t gid,
                     InodePtr& dir, std::string& name);
  // The absolute path of a directory (getcwd). Host-mounted directories give their guest path.
  // "" for a directory no longer reachable from "/" (removed; getcwd then fails -kENOENT).
  std::string path_of(const Inode* dir) const;
  InodePtr root() const { return root_; }
  // The atime/mtime/ctime of inodes made by the building calls above (mkdirs, add_file,
  // add_device) from now on: the scenario's set-up happens at the guest's boot time.
  void set_build_time(int64_t ns) {
    build_time_ns_ = ns;
    root_->atime_ns = root_->mtime_ns = root_->ctime_ns = ns;
  }

  // --- operations ---
  // open(2) without the descriptor table: kO_CREAT (with mode & ~umask), kO_EXCL, kO_TRUNC,
  // kO_DIRECTORY, kO_NOFOLLOW, kO_APPEND; access checked against the inode's mode for uid/gid.
  // Character devices and FIFOs: `out` is left null and `node` is set; the kernel opens them.
  int open(const InodePtr& cwd, const std::string& path, uint32_t flags, uint32_t mode,
           uint32_t umask, uint32_t uid, uint32_t gid, int64_t now_ns, FilePtr& out,
           InodePtr& node);
  // An open file description for an inode already resolved (directories, regular, host files).
  // No permission check and no kO_TRUNC here (open() does both). Files of directories refer back
  // to this Vfs (host listings): the Vfs must outlive them.
  int open_inode(const InodePtr& node, uint32_t flags, FilePtr& out);
  int mkdir(const InodePtr& cwd, const std::string& path, uint32_t mode, uint32_t umask,
            uint32_t uid, uint32_t gid, int64_t now_ns);
  int unlink(const InodePtr& cwd, const std::string& path, uint32_t uid, uint32_t gid);
  int rmdir(const InodePtr& cwd, const std::string& path, uint32_t uid, uint32_t gid);
  int rename(const InodePtr& cwd, const std::string& from, const std::string& to, uint32_t uid,
             uint32_t gid);
  int symlink(const InodePtr& cwd, const std::string& target, const std::string& path,
              uint32_t uid, uint32_t gid, int64_t now_ns);
  int link(const InodePtr& cwd, const std::string& from, const std::string& to, uint32_t uid,
           uint32_t gid);
  // Returns the target's length (the syscall layer truncates to the caller's buffer).
  int readlink(const InodePtr& cwd, const std::string& path, uint32_t uid, uint32_t gid,
               std::string& out);
  // mknod for S_IFIFO (mode includes the type bits); others -kEPERM unless uid 0 (then -kEINVAL).
  int mknod_fifo(const InodePtr& cwd, const std::string& path, uint32_t mode, uint32_t umask,
                 uint32_t uid, uint32_t gid, int64_t now_ns);
  // access(2)/faccessat: mode F_OK 0 or R_OK 4 | W_OK 2 | X_OK 1, with the real uid/gid.
  int access(const InodePtr& cwd, const std::string& path, int mode, uint32_t uid, uint32_t gid);
  int chmod(const InodePtr& node, uint32_t mode, uint32_t uid);
  int chown(const InodePtr& node, int64_t uid, int64_t gid, uint32_t caller_uid);
  static int stat_inode(const Inode& node, StatInfo& out);
  // Whole file contents (execve reads the ELF this way); -kEACCES without exec permission when
  // `need_exec`; -kEISDIR for directories.
  int read_all(const InodePtr& node, uint32_t uid, uint32_t gid, bool need_exec,
               std::vector<uint8_t>& out);
  // Permission check helper: want = 4 read, 2 write, 1 exec (bits may be combined).
  static bool permitted(const Inode& node, int want, uint32_t uid, uint32_t gid);

 private:
  InodePtr root_;
  uint64_t next_ino_ = 1;
  int64_t build_time_ns_ = 0;
  InodePtr new_inode(Inode::Kind kind, uint32_t mode);
  InodePtr host_child(const InodePtr& dir, const std::string& name);  // HostDir lookup

  // Host inodes by host_key(): the same host path in the same mount keeps its inode (and number).
  std::map<std::string, InodePtr> host_inodes_;
  friend class DirectoryFile;  // lists directories through list_dir()
  int walk(const InodePtr& cwd, const std::string& path, uint32_t uid, uint32_t gid,
           bool follow_last, bool parent_only, InodePtr& dir, std::string& name, InodePtr& out);
  int lookup(const InodePtr& dir, const std::string& name, InodePtr& out);
  InodePtr ptr_of(const Inode* node) const;  // the shared_ptr of a parent pointer
  std::string host_key(const Inode& node) const;
  int open_at(const InodePtr& cwd, const std::string& path, uint32_t flags, uint32_t mode,
              uint32_t umask, uint32_t uid, uint32_t gid, int64_t now_ns, FilePtr& out,
              InodePtr& node, int depth);
  int list_dir(const InodePtr& dir, std::vector<std::pair<std::string, InodePtr>>& out);

  // Steps shared by the calls that build, create, link and remove names (see vfs.cpp).
  InodePtr build_parent(const std::string& abs_path, std::string& name);
  int name_to_create(const InodePtr& cwd, const std::string& path, uint32_t uid, uint32_t gid,
                     bool slash_ok, InodePtr& dir, std::string& name);
  InodePtr add_entry(const InodePtr& dir, const std::string& name, Inode::Kind kind,
                     uint32_t perm, uint32_t uid, uint32_t gid, int64_t now_ns);
  int host_made(const InodePtr& dir, const std::string& name, int e);
  int host_removed(const InodePtr& dir, const std::string& name, const Inode& victim, int e);
};

class Memory;
// The page cache of an in-memory regular file (Inode::pages) for a MAP_SHARED mapping: made on the
// first call from the file's bytes, with frames from `mem`. -kENOMEM when no frame is left.
int attach_page_cache(Inode& node, Memory& mem);

// Encoders for the i386 ABI's stat structures (little-endian byte images).
// struct stat64 (96 bytes, used by stat64/lstat64/fstat64/fstatat64), struct statx (256 bytes),
// and the old struct stat (64 bytes, syscalls 106/107/108).
// The kernel's layouts (arch/x86/include/uapi/asm/stat.h, include/uapi/linux/stat.h), not musl's.
// Fields too narrow are truncated, uid/gid above 65535 become 65534 in the old stat: the caller
// fails the old stat with -kEOVERFLOW first when size > 0x7fffffff, ino > 0xffffffff or nlink >
// 0xffff (fs/stat.c cp_compat_stat). stx_mask is STATX_BASIC_STATS (0x7ff) whatever `mask`
// asked, as Linux fills the basic fields regardless of the request.
std::vector<uint8_t> encode_stat64(const StatInfo& s);
std::vector<uint8_t> encode_statx(const StatInfo& s, uint32_t mask);
std::vector<uint8_t> encode_old_stat(const StatInfo& s);

}  // namespace irq::os
