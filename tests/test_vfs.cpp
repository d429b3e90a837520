// tests/test_vfs.cpp — os/vfs (the in-memory tree, host mounts, open files, the i386 stat
// encoders) and os/linux_abi's signal names. Expected values come from Linux: path_resolution(7),
// open(2), rename(2), getdents64(2), and the kernel's i386 struct layouts (stat64, statx, stat),
// whose offsets were checked by compiling offsetof() of <asm/stat.h> / <linux/stat.h> with
// i386-linux-musl-gcc and running it under qemu-i386.
#include <catch2/catch.hpp>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "os/linux_abi.h"
#include "os/vfs.h"

using namespace irq::os;
using namespace irq::os::lx;

namespace fs = std::filesystem;

namespace {

std::vector<uint8_t> bytes(const std::string& s) { return {s.begin(), s.end()}; }

uint64_t le(const std::vector<uint8_t>& b, size_t off, int n) {
  uint64_t v = 0;
  for (int i = n - 1; i >= 0; --i) v = (v << 8) | b.at(off + size_t(i));
  return v;
}

// A Vfs and short forms of its calls as root (or as uid/gid when given).
struct Tree {
  Vfs v;
  InodePtr root = v.root();

  int open(const std::string& p, uint32_t flags, FilePtr& f, uint32_t uid = 0, uint32_t gid = 0,
           uint32_t mode = 0666, int64_t now = 0) {
    InodePtr node;
    return v.open(root, p, flags, mode, 022, uid, gid, now, f, node);
  }
  FilePtr open_ok(const std::string& p, uint32_t flags, int64_t now = 0) {
    FilePtr f;
    const int e = open(p, flags, f, 0, 0, 0666, now);
    INFO(p << " -> " << e);
    REQUIRE(e == 0);
    REQUIRE(f);
    return f;
  }
  int res(const std::string& p, bool follow = true, uint32_t uid = 0, uint32_t gid = 0) {
    InodePtr n;
    return v.resolve(root, p, follow, uid, gid, n);
  }
  InodePtr get(const std::string& p, bool follow = true) {
    InodePtr n;
    const int e = v.resolve(root, p, follow, 0, 0, n);
    INFO(p << " -> " << e);
    REQUIRE(e == 0);
    return n;
  }
  StatInfo st(const std::string& p, bool follow = true) {
    StatInfo s;
    REQUIRE(Vfs::stat_inode(*get(p, follow), s) == 0);
    return s;
  }
  std::string contents(const std::string& p) { return contents(open_ok(p, kO_RDONLY)); }
  static std::string contents(const FilePtr& f) {
    std::string s;
    uint8_t buf[7];  // small on purpose: several reads
    for (;;) {
      const long r = f->read(buf, sizeof buf);
      REQUIRE(r >= 0);
      if (r == 0) return s;
      s.append(reinterpret_cast<const char*>(buf), size_t(r));
    }
  }
  static long write(const FilePtr& f, const std::string& s) {
    return f->write(reinterpret_cast<const uint8_t*>(s.data()), s.size());
  }
};

struct Dirent {
  uint64_t ino;
  int64_t off;
  uint16_t reclen;
  uint8_t type;
  std::string name;
};

std::vector<Dirent> parse_dirents(const std::vector<uint8_t>& b) {
  std::vector<Dirent> out;
  size_t at = 0;
  while (at < b.size()) {
    Dirent d;
    d.ino = le(b, at, 8);
    d.off = int64_t(le(b, at + 8, 8));
    d.reclen = uint16_t(le(b, at + 16, 2));
    d.type = b.at(at + 18);
    const char* name = reinterpret_cast<const char*>(b.data() + at + 19);
    d.name = name;
    REQUIRE(d.reclen % 8 == 0);
    REQUIRE(d.reclen >= 19 + d.name.size() + 1);
    out.push_back(d);
    at += d.reclen;
  }
  return out;
}

std::vector<Dirent> list_all(const FilePtr& dir) {
  std::vector<uint8_t> buf;
  for (;;) {
    const long r = dir->getdents64(buf, 4096);
    REQUIRE(r >= 0);
    if (r == 0) break;
  }
  return parse_dirents(buf);
}

std::vector<std::string> names_of(const std::vector<Dirent>& ds) {
  std::vector<std::string> n;
  for (const auto& d : ds) n.push_back(d.name);
  return n;
}

// A fresh host folder, removed afterwards.
struct HostTmp {
  std::string path;
  HostTmp() {
#ifdef IRQ_TMP_DIR
    const std::string bases[] = {IRQ_TMP_DIR, "/tmp"};
#else
    const std::string bases[] = {"/tmp"};
#endif
    for (const std::string& base : bases) {
      std::string t = base + "/vfs_test_XXXXXX";
      if (::mkdtemp(t.data()) != nullptr) {
        path = fs::canonical(t).string();
        return;
      }
    }
    FAIL("no temporary folder");
  }
  ~HostTmp() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
  HostTmp(const HostTmp&) = delete;
  HostTmp& operator=(const HostTmp&) = delete;
  void write(const std::string& rel, const std::string& text) const {
    std::ofstream(path + "/" + rel, std::ios::binary) << text;
  }
  std::string read(const std::string& rel) const {
    std::ifstream in(path + "/" + rel, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
  }
};

// mnt/ (0755): hello.txt (12 bytes, 0644), sub/inner.txt, symlinks inside and out of mnt/;
// outside.txt beside mnt/.
void build_host_tree(const HostTmp& t) {
  fs::create_directory(t.path + "/mnt");
  fs::create_directory(t.path + "/mnt/sub");
  fs::permissions(t.path + "/mnt", fs::perms(0755));
  fs::permissions(t.path + "/mnt/sub", fs::perms(0755));
  t.write("mnt/hello.txt", "hello world\n");
  fs::permissions(t.path + "/mnt/hello.txt", fs::perms(0644));
  t.write("mnt/sub/inner.txt", "inner");
  t.write("outside.txt", "secret");
  fs::create_symlink("../outside.txt", t.path + "/mnt/escape_rel");
  fs::create_symlink(t.path + "/outside.txt", t.path + "/mnt/escape_abs");
  fs::create_symlink("sub/inner.txt", t.path + "/mnt/inside_rel");
  fs::create_symlink(t.path + "/mnt/hello.txt", t.path + "/mnt/inside_abs");
  fs::create_symlink("../hello.txt", t.path + "/mnt/sub/up");
  fs::create_symlink("../../outside.txt", t.path + "/mnt/sub/up_out");
  fs::create_symlink("/", t.path + "/mnt/sub/to_root");
}

size_t open_fd_count() {
  size_t n = 0;
  for ([[maybe_unused]] const auto& e : fs::directory_iterator("/proc/self/fd")) ++n;
  return n;
}

}  // namespace

// ------------------------------------------------------------------------------ resolution

TEST_CASE("vfs: dot, dotdot, repeated slashes and trailing slashes resolve as on Linux") {
  Tree t;
  REQUIRE(t.v.mkdirs("/a/b"));
  const InodePtr f = t.v.add_file("/a/b/f", bytes("x"));
  REQUIRE(f);
  CHECK(t.get("/a//b/./f") == f);
  CHECK(t.get("///a/b/../b/f") == f);
  CHECK(t.get("a/b/f") == f);  // relative to the root as cwd
  CHECK(t.get("/..") == t.root);
  CHECK(t.get("/../../a/..") == t.root);
  CHECK(t.get("/a/b/") == t.get("/a/b"));
  CHECK(t.get("/a/b/.") == t.get("/a/b"));
  CHECK(t.res("/a/b/f/") == -kENOTDIR);
  CHECK(t.res("/a/b/f/.") == -kENOTDIR);
  CHECK(t.res("/a/b/f/x") == -kENOTDIR);
  CHECK(t.res("/a/x") == -kENOENT);
  CHECK(t.res("") == -kENOENT);
  // A relative path from another cwd.
  InodePtr n;
  const InodePtr a = t.get("/a");
  REQUIRE(t.v.resolve(a, "b/f", true, 0, 0, n) == 0);
  CHECK(n == f);
  REQUIRE(t.v.resolve(a, "../a/./b", true, 0, 0, n) == 0);
  CHECK(n == t.get("/a/b"));
  CHECK(t.v.path_of(t.get("/a/b").get()) == "/a/b");
  CHECK(t.v.path_of(t.root.get()) == "/");
  // resolve_parent gives the directory and the last name without looking the name up.
  InodePtr dir;
  std::string name;
  REQUIRE(t.v.resolve_parent(t.root, "/a/b/new", 0, 0, dir, name) == 0);
  CHECK(dir == t.get("/a/b"));
  CHECK(name == "new");
  CHECK(t.v.resolve_parent(t.root, "/a/nope/new", 0, 0, dir, name) == -kENOENT);
}

TEST_CASE("vfs: names over 255 bytes and paths over 4095 bytes are ENAMETOOLONG") {
  Tree t;
  const std::string n255(255, 'n'), n256(256, 'n');
  REQUIRE(t.v.add_file("/" + n255, bytes("ok")));
  CHECK(t.res("/" + n255) == 0);
  CHECK(t.res("/" + n256) == -kENAMETOOLONG);
  FilePtr f;
  CHECK(t.open("/" + n256, kO_CREAT | kO_WRONLY, f) == -kENAMETOOLONG);
  std::string p4095 = "/";
  while (p4095.size() < 4095) p4095 += (p4095.size() + 2 <= 4095) ? "./" : "/";
  REQUIRE(p4095.size() == 4095);
  CHECK(t.res(p4095) == 0);
  CHECK(t.res(p4095 + "/") == -kENAMETOOLONG);
}

TEST_CASE("vfs: symlinks with relative and absolute targets, loops and the 40-link limit") {
  Tree t;
  const InodePtr f = t.v.add_file("/a/b/f", bytes("data"));
  REQUIRE(t.v.symlink(t.root, "/a/b/f", "/abs", 0, 0, 5) == 0);
  REQUIRE(t.v.symlink(t.root, "b/f", "/a/rel", 0, 0, 5) == 0);
  REQUIRE(t.v.symlink(t.root, "../a/b", "/a/dirlink", 0, 0, 5) == 0);
  CHECK(t.get("/abs") == f);
  CHECK(t.get("/a/rel") == f);  // relative to the link's own directory
  CHECK(t.get("/a/dirlink/f") == f);
  CHECK(t.get("/a/dirlink/") == t.get("/a/b"));  // a trailing slash follows the last link
  CHECK(t.res("/abs/") == -kENOTDIR);
  const InodePtr l = t.get("/abs", false);
  CHECK(l->kind == Inode::Kind::Symlink);
  CHECK(t.st("/abs", false).mode == (kS_IFLNK | 0777));
  CHECK(t.st("/abs", false).size == 6);
  std::string target;
  CHECK(t.v.readlink(t.root, "/abs", 0, 0, target) == 6);
  CHECK(target == "/a/b/f");
  CHECK(t.v.readlink(t.root, "/a/b/f", 0, 0, target) == -kEINVAL);

  // l1 -> l2 -> ... -> l40 -> f: 40 links resolve, one more is kELOOP.
  REQUIRE(t.v.symlink(t.root, "/a/b/f", "/l40", 0, 0, 0) == 0);
  for (int i = 39; i >= 0; --i) {
    REQUIRE(t.v.symlink(t.root, "/l" + std::to_string(i + 1), "/l" + std::to_string(i), 0, 0,
                        0) == 0);
  }
  CHECK(t.get("/l1") == f);
  CHECK(t.res("/l0") == -kELOOP);
  CHECK(t.res("/l0", false) == 0);  // not followed: the link itself
  REQUIRE(t.v.symlink(t.root, "self", "/self", 0, 0, 0) == 0);
  CHECK(t.res("/self") == -kELOOP);
  CHECK(t.res("/self/x") == -kELOOP);
  REQUIRE(t.v.symlink(t.root, "/nowhere", "/dangling", 0, 0, 0) == 0);
  CHECK(t.res("/dangling") == -kENOENT);
  CHECK(t.res("/dangling", false) == 0);
  CHECK(t.v.symlink(t.root, "", "/empty", 0, 0, 0) == -kENOENT);
  CHECK(t.v.symlink(t.root, "x", "/abs", 0, 0, 0) == -kEEXIST);
  CHECK(t.v.symlink(t.root, "x", "/newlink/", 0, 0, 0) == -kENOENT);
}

TEST_CASE("vfs: permission checks for uid 1000 and for root") {
  Tree t;
  const InodePtr secret = t.v.mkdirs("/secret", 0700);
  REQUIRE(secret);
  REQUIRE(t.v.add_file("/secret/f", bytes("s"), 0644));
  CHECK(t.res("/secret/f", true, 1000, 1000) == -kEACCES);  // no search permission
  CHECK(t.res("/secret", true, 1000, 1000) == 0);          // the directory itself is reachable
  CHECK(t.res("/secret/f", true, 0, 0) == 0);              // root bypasses

  const InodePtr f = t.v.add_file("/pub/f", bytes("hello"), 0640);
  f->gid = 100;
  FilePtr h;
  CHECK(t.open("/pub/f", kO_RDONLY, h, 1000, 100) == 0);  // group read
  CHECK(t.open("/pub/f", kO_WRONLY, h, 1000, 100) == -kEACCES);
  CHECK(t.open("/pub/f", kO_RDONLY, h, 1000, 200) == -kEACCES);  // other: no bits
  CHECK(t.open("/pub/f", kO_RDONLY | kO_TRUNC, h, 1000, 100) == -kEACCES);  // kO_TRUNC wants write
  // The owner class decides alone: owner without write, others with write.
  const InodePtr own = t.v.add_file("/pub/own", bytes("o"), 0406);
  own->uid = 1000;
  CHECK(t.open("/pub/own", kO_WRONLY, h, 1000, 1000) == -kEACCES);
  CHECK(t.open("/pub/own", kO_WRONLY, h, 2000, 2000) == 0);
  CHECK(t.v.access(t.root, "/pub/own", 4, 1000, 1000) == 0);
  CHECK(t.v.access(t.root, "/pub/own", 2, 1000, 1000) == -kEACCES);
  CHECK(t.v.access(t.root, "/pub/own", 8, 1000, 1000) == -kEINVAL);

  // Creating needs write + search on the directory.
  t.v.mkdirs("/ro", 0555);
  CHECK(t.open("/ro/new", kO_CREAT | kO_WRONLY, h, 1000, 1000) == -kEACCES);
  CHECK(t.v.mkdir(t.root, "/ro/d", 0755, 022, 1000, 1000, 0) == -kEACCES);
  CHECK(t.open("/ro/new", kO_CREAT | kO_WRONLY, h, 0, 0) == 0);  // root may

  // Exec: root needs one x bit on a regular file; directories are always searchable for root.
  std::vector<uint8_t> out;
  const InodePtr noexec = t.v.add_file("/bin/noexec", bytes("ELF"), 0644);
  const InodePtr oexec = t.v.add_file("/bin/oexec", bytes("ELF"), 0001);
  CHECK(t.v.read_all(noexec, 0, 0, true, out) == -kEACCES);
  CHECK(t.v.read_all(oexec, 0, 0, true, out) == 0);
  CHECK(out == bytes("ELF"));
  CHECK(t.v.read_all(oexec, 1000, 1000, true, out) == 0);
  CHECK(t.v.read_all(noexec, 1000, 1000, true, out) == -kEACCES);
  CHECK(t.v.read_all(t.get("/bin"), 0, 0, true, out) == -kEISDIR);
  CHECK(t.v.access(t.root, "/bin/noexec", 1, 0, 0) == -kEACCES);
  CHECK(t.v.access(t.root, "/secret", 1, 0, 0) == 0);
  CHECK(Vfs::permitted(*secret, 7, 0, 0));
  CHECK_FALSE(Vfs::permitted(*secret, 1, 1000, 1000));
}

// ------------------------------------------------------------------------------ open files

TEST_CASE("vfs: O_CREAT with O_EXCL, O_TRUNC, access modes and the flags kept") {
  Tree t;
  FilePtr f;
  InodePtr node;
  t.v.mkdirs("/pub", 0777);
  CHECK(t.v.open(t.root, "/new", kO_CREAT | kO_WRONLY, 0666, 022, 1000, 100, 0, f, node) ==
        -kEACCES);  // "/" is root's 0755
  REQUIRE(t.v.open(t.root, "/pub/new", kO_CREAT | kO_EXCL | kO_WRONLY | kO_CLOEXEC, 0666, 022, 1000,
                   100, 42, f, node) == 0);
  REQUIRE(f);
  CHECK(node == t.get("/pub/new"));
  CHECK(f->flags == kO_WRONLY);  // kO_CREAT, kO_EXCL and kO_CLOEXEC are not kept
  const StatInfo s = t.st("/pub/new");
  CHECK(s.mode == (kS_IFREG | 0644));  // 0666 & ~022
  CHECK(s.uid == 1000);
  CHECK(s.gid == 100);
  CHECK(s.mtime_ns == 42);
  CHECK(Tree::write(f, "abc") == 3);
  CHECK(t.open("/pub/new", kO_CREAT | kO_EXCL | kO_WRONLY, f) == -kEEXIST);
  REQUIRE(t.v.symlink(t.root, "/pub/target", "/pub/dangling", 0, 0, 0) == 0);
  CHECK(t.open("/pub/dangling", kO_CREAT | kO_EXCL | kO_WRONLY, f) == -kEEXIST);
  // Without kO_EXCL a dangling link creates its target.
  CHECK(t.open("/pub/dangling", kO_CREAT | kO_WRONLY, f) == 0);
  CHECK(t.get("/pub/target")->kind == Inode::Kind::Reg);
  CHECK(t.open("/pub/dangling", kO_RDONLY | kO_NOFOLLOW, f) == -kELOOP);
  CHECK(t.open("/pub/new/", kO_CREAT | kO_WRONLY, f) == -kEISDIR);
  CHECK(t.open("/pub/missing", kO_RDONLY, f) == -kENOENT);

  // Access modes are enforced on the description.
  FilePtr ro = t.open_ok("/pub/new", kO_RDONLY);
  CHECK(Tree::write(ro, "x") == -kEBADF);
  FilePtr wo = t.open_ok("/pub/new", kO_WRONLY);
  uint8_t b[4];
  CHECK(wo->read(b, 4) == -kEBADF);
  CHECK(wo->pread(b, 4, 0) == -kEBADF);
  CHECK(t.contents("/pub/new") == "abc");

  // kO_TRUNC empties the file and stamps mtime with the open's clock.
  FilePtr tr = t.open_ok("/pub/new", kO_WRONLY | kO_TRUNC, 900);
  CHECK(t.st("/pub/new").size == 0);
  CHECK(t.st("/pub/new").mtime_ns == 900);
  CHECK(tr->flags == kO_WRONLY);
}

TEST_CASE("vfs: O_APPEND writes at the end whatever the offset") {
  Tree t;
  t.v.add_file("/log", bytes("one\n"));
  FilePtr f = t.open_ok("/log", kO_WRONLY | kO_APPEND);
  CHECK(f->lseek(0, 0) == 0);
  CHECK(Tree::write(f, "two\n") == 4);
  CHECK(f->offset == 8);
  const uint8_t three[] = {'3'};
  CHECK(f->pwrite(three, 1, 0) == 1);  // Linux: pwrite with kO_APPEND appends too
  CHECK(t.contents("/log") == "one\ntwo\n3");
  FilePtr g = t.open_ok("/log", kO_WRONLY);  // no kO_APPEND: overwrites at offset 0
  CHECK(Tree::write(g, "ONE") == 3);
  CHECK(t.contents("/log") == "ONE\ntwo\n3");
}

TEST_CASE("vfs: lseek, sparse writes, pread and pwrite, truncate") {
  Tree t;
  t.v.add_file("/f", bytes("0123456789"));
  FilePtr f = t.open_ok("/f", kO_RDWR, 77);
  CHECK(f->lseek(4, 0) == 4);
  CHECK(f->lseek(2, 1) == 6);
  CHECK(f->lseek(-1, 2) == 9);
  CHECK(f->lseek(-100, 1) == -kEINVAL);
  CHECK(f->offset == 9);  // unchanged by the failed seek
  CHECK(f->lseek(0, 7) == -kEINVAL);
  // Past the end, then a write: the gap reads as zeros.
  CHECK(f->lseek(5, 2) == 15);
  CHECK(Tree::write(f, "X") == 1);
  StatInfo s;
  REQUIRE(f->stat(s) == 0);
  CHECK(s.size == 16);
  CHECK(s.blocks == 8);
  CHECK(s.mtime_ns == 77);  // writes use the clock of the open
  CHECK(t.get("/f")->data == bytes(std::string("0123456789\0\0\0\0\0X", 16)));
  // pread/pwrite leave the offset alone.
  uint8_t b[3];
  CHECK(f->pread(b, 3, 2) == 3);
  CHECK(std::string(b, b + 3) == "234");
  CHECK(f->pread(b, 3, 100) == 0);
  CHECK(f->pread(b, 3, -1) == -kEINVAL);
  CHECK(f->pwrite(b, 3, 5000) == 3);
  CHECK(f->offset == 16);
  REQUIRE(f->stat(s) == 0);
  CHECK(s.size == 5003);
  CHECK(s.blocks == 16);  // two 4 KiB blocks
  CHECK(f->truncate(4) == 0);
  CHECK(t.contents("/f") == "0123");
  CHECK(f->truncate(6) == 0);
  CHECK(t.get("/f")->data == bytes(std::string("0123\0\0", 6)));
  CHECK(f->truncate(-1) == -kEINVAL);
  FilePtr ro = t.open_ok("/f", kO_RDONLY);
  CHECK(ro->truncate(0) == -kEINVAL);  // ftruncate needs a writable description
  // Character devices and plain Files do not seek.
  File plain;
  CHECK(plain.lseek(0, 0) == -kESPIPE);
  CHECK(plain.pread(b, 1, 0) == -kESPIPE);
  std::vector<uint8_t> dents;
  CHECK(plain.getdents64(dents, 100) == -kENOTDIR);
}

TEST_CASE("vfs: an unlinked file that is still open keeps working") {
  Tree t;
  t.v.add_file("/tmp/x", bytes("keep"));
  FilePtr f = t.open_ok("/tmp/x", kO_RDWR);
  REQUIRE(t.v.unlink(t.root, "/tmp/x", 0, 0) == 0);
  CHECK(t.res("/tmp/x") == -kENOENT);
  StatInfo s;
  REQUIRE(f->stat(s) == 0);
  CHECK(s.nlink == 0);
  CHECK(f->lseek(0, 2) == 4);
  CHECK(Tree::write(f, "!") == 1);
  CHECK(f->lseek(0, 0) == 0);
  CHECK(Tree::contents(f) == "keep!");
}

TEST_CASE("vfs: directories open read-only and refuse read and write") {
  Tree t;
  t.v.mkdirs("/d");
  t.v.add_file("/file", bytes("x"));
  FilePtr d = t.open_ok("/d", kO_RDONLY | kO_DIRECTORY);
  uint8_t b[4];
  CHECK(d->read(b, 4) == -kEISDIR);
  CHECK(d->write(b, 4) == -kEBADF);
  FilePtr f;
  CHECK(t.open("/d", kO_WRONLY, f) == -kEISDIR);
  CHECK(t.open("/d", kO_RDWR, f) == -kEISDIR);
  CHECK(t.open("/d", kO_CREAT | kO_RDONLY, f) == -kEISDIR);
  CHECK(t.open("/file", kO_RDONLY | kO_DIRECTORY, f) == -kENOTDIR);
  CHECK(t.open("/", kO_RDONLY | kO_DIRECTORY, f) == 0);
  StatInfo s;
  REQUIRE(d->stat(s) == 0);
  CHECK(s.mode == (kS_IFDIR | 0755));
  CHECK(s.nlink == 2);
  FilePtr reg = t.open_ok("/file", kO_RDONLY);
  std::vector<uint8_t> buf;
  CHECK(reg->getdents64(buf, 4096) == -kENOTDIR);
}

TEST_CASE("vfs: getdents64 records are byte-exact and sorted with dot entries first") {
  Tree t;
  const InodePtr d = t.v.mkdirs("/d");
  t.v.add_file("/d/b", bytes("b"));
  const InodePtr a = t.v.add_file("/d/a", bytes("a"));
  t.v.mkdirs("/d/sub");
  t.v.add_file("/d/longer_name", {});
  REQUIRE(t.v.symlink(t.root, "a", "/d/l", 0, 0, 0) == 0);
  t.v.add_device("/d/nul", "null", 0x103);
  REQUIRE(t.v.mknod_fifo(t.root, "/d/p", kS_IFIFO | 0644, 0, 0, 0, 0) == 0);

  FilePtr f = t.open_ok("/d", kO_RDONLY | kO_DIRECTORY);
  std::vector<uint8_t> buf;
  const long n = f->getdents64(buf, 4096);
  CHECK(n == 8 * 24 + 32);
  CHECK(buf.size() == size_t(n));
  // Record 0, byte by byte: d_ino, d_off = 1, d_reclen = 24, d_type = DT_DIR, ".\0", zero padding.
  std::vector<uint8_t> first(buf.begin(), buf.begin() + 24);
  std::vector<uint8_t> want(24, 0);
  for (int i = 0; i < 8; ++i) want[size_t(i)] = uint8_t(d->ino >> (8 * i));
  want[8] = 1;
  want[16] = 24;
  want[18] = 4;
  want[19] = '.';
  CHECK(first == want);
  const auto ents = parse_dirents(buf);
  CHECK(names_of(ents) == std::vector<std::string>{".", "..", "a", "b", "l", "longer_name", "nul",
                                                   "p", "sub"});
  for (size_t i = 0; i < ents.size(); ++i) CHECK(ents[i].off == int64_t(i + 1));
  CHECK(ents[1].ino == t.root->ino);
  CHECK(ents[2].ino == a->ino);
  CHECK(ents[2].type == 8);   // DT_REG
  CHECK(ents[4].type == 10);  // DT_LNK
  CHECK(ents[5].reclen == 32);
  CHECK(ents[6].type == 2);   // DT_CHR
  CHECK(ents[7].type == 1);   // DT_FIFO
  CHECK(ents[8].type == 4);   // DT_DIR
  CHECK(f->getdents64(buf, 4096) == 0);  // the end

  // Resumable with a small buffer: one record per call, the same listing.
  FilePtr g = t.open_ok("/d", kO_RDONLY);
  std::vector<uint8_t> none;
  CHECK(g->getdents64(none, 23) == -kEINVAL);  // the first record does not fit
  CHECK(none.empty());
  std::vector<uint8_t> all;
  int calls = 0;
  for (;;) {
    const long r = g->getdents64(all, 32);
    REQUIRE(r >= 0);
    if (r == 0) break;
    CHECK(r <= 32);
    ++calls;
  }
  CHECK(calls == 9);
  CHECK(names_of(parse_dirents(all)) == names_of(ents));
  // lseek to a d_off resumes there.
  CHECK(g->lseek(3, 0) == 3);
  std::vector<uint8_t> rest;
  REQUIRE(g->getdents64(rest, 4096) > 0);
  CHECK(parse_dirents(rest).front().name == "b");
  CHECK(g->lseek(0, 2) == -kEINVAL);
}

// ------------------------------------------------------------------------- tree operations

TEST_CASE("vfs: unlink, rmdir and link counts") {
  Tree t;
  CHECK(t.st("/").nlink == 2);
  REQUIRE(t.v.mkdir(t.root, "/d", 0755, 022, 0, 0, 10) == 0);
  CHECK(t.st("/").nlink == 3);
  CHECK(t.st("/").mtime_ns == 10);
  CHECK(t.v.mkdir(t.root, "/d", 0755, 022, 0, 0, 10) == -kEEXIST);
  CHECK(t.v.mkdir(t.root, "/d/e/", 0755, 022, 0, 0, 10) == 0);  // a trailing slash is fine
  CHECK(t.st("/d").nlink == 3);
  CHECK(t.v.mkdir(t.root, "/nope/x", 0755, 022, 0, 0, 0) == -kENOENT);
  t.v.add_file("/d/f", bytes("f"));
  CHECK(t.v.rmdir(t.root, "/d", 0, 0) == -kENOTEMPTY);
  CHECK(t.v.unlink(t.root, "/d", 0, 0) == -kEISDIR);
  CHECK(t.v.unlink(t.root, "/d/f/", 0, 0) == -kENOTDIR);
  CHECK(t.v.rmdir(t.root, "/d/f", 0, 0) == -kENOTDIR);
  CHECK(t.v.rmdir(t.root, "/d/.", 0, 0) == -kEINVAL);
  CHECK(t.v.rmdir(t.root, "/", 0, 0) == -kEBUSY);
  CHECK(t.v.unlink(t.root, "/d/missing", 0, 0) == -kENOENT);

  REQUIRE(t.v.link(t.root, "/d/f", "/d/g", 0, 0) == 0);
  CHECK(t.st("/d/f").nlink == 2);
  CHECK(t.get("/d/g") == t.get("/d/f"));
  CHECK(t.v.link(t.root, "/d/f", "/d/g", 0, 0) == -kEEXIST);
  CHECK(t.v.link(t.root, "/d/e", "/d/e2", 0, 0) == -kEPERM);  // no hard links to directories
  REQUIRE(t.v.unlink(t.root, "/d/f", 0, 0) == 0);
  CHECK(t.st("/d/g").nlink == 1);
  REQUIRE(t.v.unlink(t.root, "/d/g", 0, 0) == 0);

  // A removed directory still open: listing -kENOENT, no creation inside.
  FilePtr e = t.open_ok("/d/e", kO_RDONLY);
  const InodePtr en = t.get("/d/e");
  REQUIRE(t.v.rmdir(t.root, "/d/e", 0, 0) == 0);
  CHECK(t.st("/d").nlink == 2);
  std::vector<uint8_t> buf;
  CHECK(e->getdents64(buf, 4096) == -kENOENT);
  FilePtr f;
  InodePtr node;
  CHECK(t.v.open(en, "x", kO_CREAT | kO_WRONLY, 0644, 0, 0, 0, 0, f, node) == -kENOENT);
  CHECK(t.v.path_of(en.get()).empty());
  REQUIRE(t.v.rmdir(t.root, "/d", 0, 0) == 0);
  CHECK(t.st("/").nlink == 2);

  // The sticky bit: uid 1000 may not remove uid 2000's file from a 1777 directory.
  t.v.mkdirs("/tmp", 01777);
  const InodePtr other = t.v.add_file("/tmp/theirs", bytes("x"), 0666);
  other->uid = 2000;
  CHECK(t.v.unlink(t.root, "/tmp/theirs", 1000, 1000) == -kEPERM);
  CHECK(t.v.unlink(t.root, "/tmp/theirs", 2000, 2000) == 0);
}

TEST_CASE("vfs: rename replaces files and keeps directory link counts") {
  Tree t;
  const InodePtr a = t.v.add_file("/a", bytes("A"));
  t.v.add_file("/b", bytes("B"));
  REQUIRE(t.v.rename(t.root, "/a", "/b", 0, 0) == 0);
  CHECK(t.res("/a") == -kENOENT);
  CHECK(t.get("/b") == a);
  CHECK(t.contents("/b") == "A");
  CHECK(t.v.rename(t.root, "/b", "/b", 0, 0) == 0);  // the same file

  t.v.mkdirs("/x/full");
  t.v.add_file("/x/full/f", {});
  t.v.mkdirs("/x/empty");
  t.v.mkdirs("/y");
  const InodePtr moving = t.v.mkdirs("/x/moving/inner");
  CHECK(t.v.rename(t.root, "/x/empty", "/x/full", 0, 0) == -kENOTEMPTY);
  CHECK(t.v.rename(t.root, "/b", "/x/empty", 0, 0) == -kEISDIR);
  CHECK(t.v.rename(t.root, "/x/empty", "/b", 0, 0) == -kENOTDIR);
  CHECK(t.v.rename(t.root, "/x", "/x/full/inside", 0, 0) == -kEINVAL);
  CHECK(t.v.rename(t.root, "/b/", "/c", 0, 0) == -kENOTDIR);
  CHECK(t.v.rename(t.root, "/missing", "/c", 0, 0) == -kENOENT);
  CHECK(t.v.rename(t.root, "/x/.", "/c", 0, 0) == -kEBUSY);
  CHECK(t.st("/x").nlink == 5);  // 2 + full, empty, moving
  REQUIRE(t.v.rename(t.root, "/x/moving", "/y/moved", 0, 0) == 0);
  CHECK(t.st("/x").nlink == 4);
  CHECK(t.st("/y").nlink == 3);
  CHECK(t.v.path_of(t.get("/y/moved/inner").get()) == "/y/moved/inner");
  CHECK(t.get("/y/moved/inner/..") == t.get("/y/moved"));
  // A directory onto an empty directory replaces it.
  REQUIRE(t.v.rename(t.root, "/x/full", "/x/empty", 0, 0) == 0);
  CHECK(t.res("/x/empty/f") == 0);
  CHECK(t.st("/x").nlink == 3);
}

TEST_CASE("vfs: chmod, chown and mknod follow the owner rules") {
  Tree t;
  const InodePtr f = t.v.add_file("/f", bytes("x"), 06755);
  f->uid = 1000;
  CHECK(t.v.chmod(f, 0600, 2000) == -kEPERM);
  CHECK(t.v.chmod(f, 06750, 1000) == 0);
  CHECK(t.st("/f").mode == (kS_IFREG | 06750));
  CHECK(t.v.chown(f, 2000, -1, 1000) == -kEPERM);  // only root gives files away
  CHECK(t.v.chown(f, -1, 50, 1000) == 0);
  CHECK(f->gid == 50);
  CHECK((f->mode & 06000) == 0);  // set-uid cleared; set-gid too (group-executable)
  CHECK(t.v.chown(f, 3000, 3000, 0) == 0);
  CHECK(f->uid == 3000);
  CHECK(t.v.mknod_fifo(t.root, "/dev0", kS_IFCHR | 0600, 0, 1000, 1000, 0) == -kEPERM);
  CHECK(t.v.mknod_fifo(t.root, "/dev0", kS_IFCHR | 0600, 0, 0, 0, 0) == -kEINVAL);
  CHECK(t.v.mknod_fifo(t.root, "/fifo", kS_IFIFO | 0666, 022, 1000, 1000, 0) == -kEACCES);
  t.v.mkdirs("/pub", 0777);
  REQUIRE(t.v.mknod_fifo(t.root, "/pub/fifo", kS_IFIFO | 0666, 022, 1000, 1000, 0) == 0);
  CHECK(t.st("/pub/fifo").mode == (kS_IFIFO | 0644));
  CHECK(t.st("/pub/fifo").uid == 1000);
  CHECK(t.v.mknod_fifo(t.root, "/pub/fifo", kS_IFIFO | 0666, 022, 0, 0, 0) == -kEEXIST);
}

TEST_CASE("vfs: devices and FIFOs are left to the kernel, null and zero are built in") {
  Tree t;
  t.v.add_device("/dev/null", "null", 0x103);
  t.v.add_device("/dev/tty", "tty", 0x500, 0620);
  REQUIRE(t.v.mknod_fifo(t.root, "/p", kS_IFIFO | 0600, 0, 0, 0, 0) == 0);
  FilePtr f;
  InodePtr node;
  REQUIRE(t.v.open(t.root, "/dev/null", kO_RDWR, 0, 0, 1000, 1000, 0, f, node) == 0);
  CHECK_FALSE(f);
  REQUIRE(node);
  CHECK(node->device == "null");
  CHECK(t.v.open(t.root, "/dev/tty", kO_RDWR, 0, 0, 1000, 1000, 0, f, node) == -kEACCES);
  REQUIRE(t.v.open(t.root, "/p", kO_RDONLY, 0, 0, 0, 0, 0, f, node) == 0);
  CHECK_FALSE(f);
  CHECK(node->kind == Inode::Kind::Fifo);
  const StatInfo s = t.st("/dev/null");
  CHECK(s.mode == (kS_IFCHR | 0666));
  CHECK(s.rdev == 0x103);
  CHECK(s.dev == kDevMemTree);

  CHECK(open_basic_device("tty") == nullptr);
  FilePtr null = open_basic_device("null");
  FilePtr zero = open_basic_device("zero");
  REQUIRE(null);
  REQUIRE(zero);
  null->flags = zero->flags = kO_RDWR;
  uint8_t buf[5] = {1, 2, 3, 4, 5};
  CHECK(null->read(buf, 5) == 0);
  CHECK(null->write(buf, 5) == 5);
  CHECK(zero->write(buf, 5) == 5);
  CHECK(zero->read(buf, 5) == 5);
  CHECK(std::vector<uint8_t>(buf, buf + 5) == std::vector<uint8_t>(5, 0));
  zero->flags = kO_WRONLY;
  CHECK(zero->read(buf, 5) == -kEBADF);
  null->flags = kO_RDONLY;
  CHECK(null->write(buf, 5) == -kEBADF);
}

TEST_CASE("vfs: inode numbers follow creation order and are the same in every run") {
  auto build = [](Vfs& v) {
    v.mkdirs("/a/b");
    v.add_file("/a/f", bytes("x"));
    v.add_device("/dev/zero", "zero", 0x105);
    return std::vector<uint64_t>{v.root()->ino, v.mkdirs("/a")->ino, v.mkdirs("/a/b")->ino,
                                 v.add_file("/a/f", bytes("y"))->ino,
                                 v.mkdirs("/dev")->ino};
  };
  Vfs v1, v2;
  const auto i1 = build(v1), i2 = build(v2);
  CHECK(i1 == i2);
  CHECK(i1 == std::vector<uint64_t>{1, 2, 3, 4, 5});  // add_file again keeps the inode
}

// ------------------------------------------------------------------------------ host mounts

TEST_CASE("vfs: a read-only host mount mirrors the host folder and never leaves it") {
  HostTmp h;
  build_host_tree(h);
  Tree t;
  CHECK_FALSE(t.v.add_host_mount(h.path + "/nonexistent", "/x", false));
  CHECK_FALSE(t.v.add_host_mount(h.path + "/mnt", "/", false));
  REQUIRE(t.v.add_host_mount(h.path + "/mnt", "/host", false));
  CHECK(t.st("/").nlink == 3);  // the mount point counts as a subdirectory

  // stat: the host's type, mode, size; the mount's owner; stable guest inode numbers.
  const StatInfo s = t.st("/host/hello.txt");
  CHECK(s.size == 12);
  CHECK(s.mode == (kS_IFREG | 0644));
  CHECK(s.uid == 0);
  CHECK(s.gid == 0);
  CHECK(s.nlink == 1);
  CHECK(s.dev == kDevHostMount);
  CHECK(t.st("/host/hello.txt").ino == s.ino);
  CHECK(t.st("/host/./sub/../hello.txt").ino == s.ino);
  CHECK(t.st("/host").mode == (kS_IFDIR | 0755));
  CHECK(t.st("/host").nlink == fs::hard_link_count(h.path + "/mnt"));  // the host's count
  CHECK(t.get("/host/..") == t.root);
  CHECK(t.v.path_of(t.get("/host/sub").get()) == "/host/sub");

  // Reads go through a host descriptor owned by the File.
  const size_t fds = open_fd_count();
  {
    FilePtr f = t.open_ok("/host/hello.txt", kO_RDONLY);
    CHECK(open_fd_count() == fds + 1);
    CHECK(Tree::contents(f) == "hello world\n");
    uint8_t b[5];
    CHECK(f->pread(b, 5, 6) == 5);
    CHECK(std::string(b, b + 5) == "world");
    CHECK(f->lseek(-1, 2) == 11);
    StatInfo fs;
    REQUIRE(f->stat(fs) == 0);
    CHECK(fs.ino == s.ino);
    CHECK(Tree::write(f, "x") == -kEBADF);
  }
  CHECK(open_fd_count() == fds);  // closed with the last reference
  std::vector<uint8_t> all;
  CHECK(t.v.read_all(t.get("/host/sub/inner.txt"), 0, 0, false, all) == 0);
  CHECK(all == bytes("inner"));

  // Symlinks inside the mount resolve; those leading out are kEACCES when followed.
  CHECK(t.get("/host/inside_rel") == t.get("/host/sub/inner.txt"));
  CHECK(t.get("/host/inside_abs") == t.get("/host/hello.txt"));
  CHECK(t.get("/host/sub/up") == t.get("/host/hello.txt"));
  CHECK(t.res("/host/escape_rel") == -kEACCES);
  CHECK(t.res("/host/escape_abs") == -kEACCES);
  CHECK(t.res("/host/sub/up_out") == -kEACCES);
  CHECK(t.res("/host/sub/to_root/etc") == -kEACCES);
  FilePtr f;
  CHECK(t.open("/host/escape_rel", kO_RDONLY, f) == -kEACCES);
  CHECK(t.st("/host/escape_rel", false).mode == (kS_IFLNK | 0777));
  std::string target;
  CHECK(t.v.readlink(t.root, "/host/escape_rel", 0, 0, target) == 14);
  CHECK(target == "../outside.txt");
  // The guest's own ".." from the mount root is the guest tree, not the host's parent.
  CHECK(t.res("/host/../outside.txt") == -kENOENT);

  // Nothing changes on a read-only mount.
  CHECK(t.open("/host/hello.txt", kO_WRONLY, f) == -kEROFS);
  CHECK(t.open("/host/hello.txt", kO_RDONLY | kO_TRUNC, f) == -kEROFS);
  CHECK(t.open("/host/new", kO_CREAT | kO_WRONLY, f) == -kEROFS);
  CHECK(t.v.unlink(t.root, "/host/hello.txt", 0, 0) == -kEROFS);
  CHECK(t.v.mkdir(t.root, "/host/d", 0755, 0, 0, 0, 0) == -kEROFS);
  CHECK(t.v.rmdir(t.root, "/host/sub", 0, 0) == -kEROFS);
  CHECK(t.v.rename(t.root, "/host/hello.txt", "/host/h2", 0, 0) == -kEROFS);
  CHECK(t.v.rename(t.root, "/host/hello.txt", "/h2", 0, 0) == -kEXDEV);
  CHECK(t.v.symlink(t.root, "x", "/host/l", 0, 0, 0) == -kEROFS);
  CHECK(t.v.access(t.root, "/host/hello.txt", 2, 0, 0) == -kEROFS);
  CHECK(t.v.chmod(t.get("/host/hello.txt"), 0600, 0) == -kEROFS);
  CHECK(h.read("mnt/hello.txt") == "hello world\n");

  // Permissions use the host's bits with the mount's owner (0:0): uid 1000 is "other".
  fs::permissions(h.path + "/mnt/sub/inner.txt", fs::perms(0600));
  CHECK(t.open("/host/sub/inner.txt", kO_RDONLY, f, 1000, 1000) == -kEACCES);
  CHECK(t.open("/host/hello.txt", kO_RDONLY, f, 1000, 1000) == 0);

  // getdents64 lists the host folder, sorted, with the types.
  FilePtr d = t.open_ok("/host", kO_RDONLY | kO_DIRECTORY);
  const auto ents = list_all(d);
  CHECK(names_of(ents) == std::vector<std::string>{".", "..", "escape_abs", "escape_rel",
                                                   "hello.txt", "inside_abs", "inside_rel",
                                                   "sub"});
  CHECK(ents[1].ino == t.root->ino);
  CHECK(ents[2].type == 10);
  CHECK(ents[4].type == 8);
  CHECK(ents[4].ino == s.ino);
  CHECK(ents[7].type == 4);

  // Lookups see the host as it is now: a vanished file is kENOENT, and its path keeps its number.
  fs::remove(h.path + "/mnt/hello.txt");
  CHECK(t.res("/host/hello.txt") == -kENOENT);
  h.write("mnt/hello.txt", "back");
  CHECK(t.st("/host/hello.txt").ino == s.ino);
  CHECK(t.st("/host/hello.txt").size == 4);
  h.write("mnt/late.txt", "late");
  CHECK(t.contents("/host/late.txt") == "late");
}

TEST_CASE("vfs: a read-write host mount creates, writes, renames and removes on the host") {
  HostTmp h;
  build_host_tree(h);
  Tree t;
  REQUIRE(t.v.add_host_mount(h.path + "/mnt", "/w", true));
  FilePtr f;
  REQUIRE(t.open("/w/made.txt", kO_CREAT | kO_EXCL | kO_RDWR, f, 0, 0, 0640) == 0);
  CHECK(Tree::write(f, "made") == 4);
  CHECK(h.read("mnt/made.txt") == "made");
  const fs::perms made = fs::status(h.path + "/mnt/made.txt").permissions() & fs::perms::all;
  CHECK(made == fs::perms(0640));  // exactly mode & ~umask, whatever the simulator's own umask
  CHECK(t.open("/w/made.txt", kO_CREAT | kO_EXCL | kO_RDWR, f) == -kEEXIST);
  FilePtr a = t.open_ok("/w/made.txt", kO_WRONLY | kO_APPEND);
  CHECK(Tree::write(a, "+") == 1);
  CHECK(h.read("mnt/made.txt") == "made+");
  CHECK(a->truncate(2) == 0);
  CHECK(h.read("mnt/made.txt") == "ma");
  FilePtr tr = t.open_ok("/w/hello.txt", kO_WRONLY | kO_TRUNC);
  CHECK(h.read("mnt/hello.txt").empty());

  REQUIRE(t.v.mkdir(t.root, "/w/newdir", 0755, 022, 0, 0, 0) == 0);
  CHECK(fs::is_directory(h.path + "/mnt/newdir"));
  const uint64_t ino = t.st("/w/made.txt").ino;
  REQUIRE(t.v.rename(t.root, "/w/made.txt", "/w/newdir/moved.txt", 0, 0) == 0);
  CHECK(h.read("mnt/newdir/moved.txt") == "ma");
  CHECK(t.st("/w/newdir/moved.txt").ino == ino);  // rename keeps the inode
  CHECK(t.res("/w/made.txt") == -kENOENT);
  CHECK(t.v.rmdir(t.root, "/w/newdir", 0, 0) == -kENOTEMPTY);
  REQUIRE(t.v.unlink(t.root, "/w/newdir/moved.txt", 0, 0) == 0);
  CHECK_FALSE(fs::exists(h.path + "/mnt/newdir/moved.txt"));
  REQUIRE(t.v.rmdir(t.root, "/w/newdir", 0, 0) == 0);
  CHECK_FALSE(fs::exists(h.path + "/mnt/newdir"));
  CHECK(t.v.rmdir(t.root, "/w", 0, 0) == -kEBUSY);  // the mount point itself
  CHECK(t.v.mknod_fifo(t.root, "/w/p", kS_IFIFO | 0600, 0, 0, 0, 0) == -kEPERM);
}

// ------------------------------------------------------------------------------ stat encoders

TEST_CASE("vfs: encode_stat64 matches the kernel i386 struct stat64 layout") {
  StatInfo s;
  s.dev = 0x801;  // 8:1
  s.ino = 0x123456789ULL;
  s.rdev = 0x103;  // 1:3
  s.mode = kS_IFREG | 0644;
  s.nlink = 3;
  s.uid = 1000;
  s.gid = 100;
  s.size = 0x100000005LL;
  s.blksize = 4096;
  s.blocks = 0x11;
  s.atime_ns = 1700000000LL * 1000000000 + 123456789;
  s.mtime_ns = 1700000001LL * 1000000000 + 5;
  s.ctime_ns = -1;  // one nanosecond before the epoch
  const auto b = encode_stat64(s);
  REQUIRE(b.size() == 96);
  CHECK(le(b, 0, 8) == 0x801);         // st_dev
  CHECK(le(b, 8, 4) == 0);             // __pad0
  CHECK(le(b, 12, 4) == 0x23456789);   // __st_ino (truncated)
  CHECK(le(b, 16, 4) == 0100644);      // st_mode
  CHECK(le(b, 20, 4) == 3);            // st_nlink
  CHECK(le(b, 24, 4) == 1000);         // st_uid
  CHECK(le(b, 28, 4) == 100);          // st_gid
  CHECK(le(b, 32, 8) == 0x103);        // st_rdev
  CHECK(le(b, 40, 4) == 0);            // __pad3
  CHECK(le(b, 44, 8) == 0x100000005);  // st_size
  CHECK(le(b, 52, 4) == 4096);         // st_blksize
  CHECK(le(b, 56, 8) == 0x11);         // st_blocks
  CHECK(le(b, 64, 4) == 1700000000);   // st_atime
  CHECK(le(b, 68, 4) == 123456789);
  CHECK(le(b, 72, 4) == 1700000001);   // st_mtime
  CHECK(le(b, 76, 4) == 5);
  CHECK(le(b, 80, 4) == 0xFFFFFFFF);   // st_ctime = -1
  CHECK(le(b, 84, 4) == 999999999);
  CHECK(le(b, 88, 8) == 0x123456789);  // st_ino (64-bit)
  // A minor above 255 uses the kernel's new_encode_dev: (minor & 0xff) | ((minor & ~0xff) << 12).
  s.dev = 0x100023;  // glibc makedev(0, 0x123)
  CHECK(le(encode_stat64(s), 0, 8) == 0x100023);
}

TEST_CASE("vfs: encode_statx matches the kernel struct statx layout") {
  StatInfo s;
  s.dev = 0x100823;  // makedev(8, 0x123)
  s.ino = 0x123456789ULL;
  s.rdev = 0x0503;   // 5:3
  s.mode = kS_IFCHR | 0620;
  s.nlink = 1;
  s.uid = 70000;
  s.gid = 5;
  s.size = 0;
  s.blksize = 1024;
  s.blocks = 2;
  s.atime_ns = 3000000007LL;
  s.ctime_ns = -1;
  s.mtime_ns = 9000000000LL;
  const auto b = encode_statx(s, 0x7ff);
  REQUIRE(b.size() == 256);
  CHECK(le(b, 0, 4) == 0x7ff);        // stx_mask = STATX_BASIC_STATS
  CHECK(le(b, 4, 4) == 1024);         // stx_blksize
  CHECK(le(b, 8, 8) == 0);            // stx_attributes
  CHECK(le(b, 16, 4) == 1);           // stx_nlink
  CHECK(le(b, 20, 4) == 70000);       // stx_uid
  CHECK(le(b, 24, 4) == 5);           // stx_gid
  CHECK(le(b, 28, 2) == 020620);      // stx_mode
  CHECK(le(b, 32, 8) == 0x123456789); // stx_ino
  CHECK(le(b, 40, 8) == 0);           // stx_size
  CHECK(le(b, 48, 8) == 2);           // stx_blocks
  CHECK(le(b, 64, 8) == 3);           // stx_atime.tv_sec
  CHECK(le(b, 72, 4) == 7);           // stx_atime.tv_nsec
  CHECK(le(b, 80, 16) == 0);          // stx_btime (not filled)
  CHECK(le(b, 96, 8) == 0xFFFFFFFFFFFFFFFFULL);  // stx_ctime.tv_sec = -1
  CHECK(le(b, 104, 4) == 999999999);
  CHECK(le(b, 112, 8) == 9);          // stx_mtime.tv_sec
  CHECK(le(b, 128, 4) == 5);          // stx_rdev_major
  CHECK(le(b, 132, 4) == 3);          // stx_rdev_minor
  CHECK(le(b, 136, 4) == 8);          // stx_dev_major
  CHECK(le(b, 140, 4) == 0x123);      // stx_dev_minor
  for (size_t i = 144; i < 256; ++i) CHECK(b[i] == 0);
  CHECK(le(encode_statx(s, 0x1), 0, 4) == 0x7ff);  // the basic fields whatever was asked
}

TEST_CASE("vfs: encode_old_stat matches the kernel i386 struct stat layout") {
  StatInfo s;
  s.dev = 0x801;
  s.ino = 77;
  s.rdev = 0;
  s.mode = kS_IFDIR | 0755;
  s.nlink = 4;
  s.uid = 70000;  // does not fit 16 bits: the overflow id
  s.gid = 100;
  s.size = 4096;
  s.blksize = 4096;
  s.blocks = 8;
  s.atime_ns = 10LL * 1000000000 + 1;
  s.mtime_ns = 20LL * 1000000000 + 2;
  s.ctime_ns = 30LL * 1000000000 + 3;
  const auto b = encode_old_stat(s);
  REQUIRE(b.size() == 64);
  CHECK(le(b, 0, 4) == 0x801);    // st_dev
  CHECK(le(b, 4, 4) == 77);       // st_ino
  CHECK(le(b, 8, 2) == 040755);   // st_mode
  CHECK(le(b, 10, 2) == 4);       // st_nlink
  CHECK(le(b, 12, 2) == 65534);   // st_uid
  CHECK(le(b, 14, 2) == 100);     // st_gid
  CHECK(le(b, 16, 4) == 0);       // st_rdev
  CHECK(le(b, 20, 4) == 4096);    // st_size
  CHECK(le(b, 24, 4) == 4096);    // st_blksize
  CHECK(le(b, 28, 4) == 8);       // st_blocks
  CHECK(le(b, 32, 4) == 10);      // st_atime
  CHECK(le(b, 36, 4) == 1);
  CHECK(le(b, 40, 4) == 20);      // st_mtime
  CHECK(le(b, 44, 4) == 2);
  CHECK(le(b, 48, 4) == 30);      // st_ctime
  CHECK(le(b, 52, 4) == 3);
  CHECK(le(b, 56, 8) == 0);       // __unused4, __unused5
}

TEST_CASE("vfs: stat of the in-memory tree reports sizes, blocks and the tree device") {
  Tree t;
  t.v.add_file("/f", std::vector<uint8_t>(4097, 'x'), 0600);
  const StatInfo s = t.st("/f");
  CHECK(s.size == 4097);
  CHECK(s.blocks == 16);
  CHECK(s.blksize == 4096);
  CHECK(s.mode == (kS_IFREG | 0600));
  CHECK(s.dev == kDevMemTree);
  CHECK(s.ino == t.get("/f")->ino);
  CHECK(t.st("/").size == 4096);
  // The bytes a guest's stat64 gets for it.
  const auto b = encode_stat64(s);
  CHECK(le(b, 44, 8) == 4097);
  CHECK(le(b, 16, 4) == (kS_IFREG | 0600));
}

// ------------------------------------------------------------------------------ signal names

TEST_CASE("linux_abi: signal names follow bash kill -l") {
  CHECK(std::string(signal_name(2)) == "SIGINT");
  CHECK(std::string(signal_name(1)) == "SIGHUP");
  CHECK(std::string(signal_name(16)) == "SIGSTKFLT");
  CHECK(std::string(signal_name(31)) == "SIGSYS");
  CHECK(signal_name(0) == nullptr);
  CHECK(signal_name(32) == nullptr);
  CHECK(signal_name(33) == nullptr);
  CHECK(signal_name(65) == nullptr);
  CHECK(signal_name(-1) == nullptr);
  CHECK(std::string(signal_name(34)) == "SIGRTMIN");
  CHECK(std::string(signal_name(35)) == "SIGRTMIN+1");
  CHECK(std::string(signal_name(49)) == "SIGRTMIN+15");
  CHECK(std::string(signal_name(50)) == "SIGRTMAX-14");
  CHECK(std::string(signal_name(63)) == "SIGRTMAX-1");
  CHECK(std::string(signal_name(64)) == "SIGRTMAX");
  for (int sig = 1; sig <= 64; ++sig) {
    if (const char* n = signal_name(sig)) {
      INFO(n);
      CHECK(parse_signal(n) == sig);
      CHECK(parse_signal(n + 3) == sig);  // without "SIG"
    }
  }
}

TEST_CASE("linux_abi: parse_signal accepts names, numbers and RT offsets") {
  CHECK(parse_signal("SIGINT") == 2);
  CHECK(parse_signal("INT") == 2);
  CHECK(parse_signal("sigint") == 2);
  CHECK(parse_signal("2") == 2);
  CHECK(parse_signal("64") == 64);
  CHECK(parse_signal("32") == 32);  // numbers need no name
  CHECK(parse_signal("65") == 0);
  CHECK(parse_signal("0") == 0);
  CHECK(parse_signal("") == 0);
  CHECK(parse_signal(nullptr) == 0);
  CHECK(parse_signal("SIG") == 0);
  CHECK(parse_signal("SIGFOO") == 0);
  CHECK(parse_signal("2x") == 0);
  CHECK(parse_signal("SIGRTMIN+3") == 37);
  CHECK(parse_signal("RTMIN+20") == 54);
  CHECK(parse_signal("SIGRTMIN+30") == 64);
  CHECK(parse_signal("SIGRTMIN+31") == 0);
  CHECK(parse_signal("SIGRTMAX-2") == 62);
  CHECK(parse_signal("SIGRTMAX-30") == 34);
  CHECK(parse_signal("SIGRTMAX-31") == 0);
  CHECK(parse_signal("SIGRTMIN+") == 0);
  CHECK(parse_signal("SIGIOT") == 6);
  CHECK(parse_signal("POLL") == 29);
}
