// bench/cpu_bench.cpp — CPU throughput on fixed guests (`make bench`; never part of `make test`).
//
//   irq_bench [OUTER] [--runs N]        OUTER default 200, N default 5 (the median is reported)
//
// Variants:
//   1. shared/bench/peer-loop (16-bit real mode; code, stack and data on three 4 KiB pages), the
//      guest the peers were measured on (its README has their MIPS);
//   2. the same binary with `mov sp, 0x6000` patched to 0x7F00: the stack shares the code's 4 KiB
//      page (every CALL/RET writes next to decoded code: the self-modifying-code trap);
//   3. bench/pm_loop.asm: the same loop in 32-bit protected mode with paging on.
// Each variant is checked before it is timed: the checksum line the guest prints against the
// workload's model (peer-loop's ref_ck tool, or the 32-bit model below), and the exact number of
// instructions from work_begin to work_end (2568 + OUTER*725003), counted through
// state().instructions on copies of the image with `OUT 0xF4` patched over work_begin / work_end.
// Reported: million guest instructions per host CPU second (CLOCK_PROCESS_CPUTIME_ID, run() only),
// and simulated cycles per host CPU second.
#include <time.h>

#include <algorithm>
#include <cinttypes>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <initializer_list>
#include <string>
#include <vector>

#include "sim/bare_board.h"

#ifndef IRQ_TMP_DIR
#define IRQ_TMP_DIR ""
#endif

namespace {

using irq::sim::BareBoard;
using Image = std::vector<uint8_t>;

constexpr uint32_t kLoadAt = 0x7C00;
constexpr uint64_t kNoLimit = 1ull << 62;
constexpr uint32_t kInner = 50000;

uint64_t expected_count(uint64_t outer) {
  return outer ? 2568 + outer * (3 + uint64_t(kInner) * 29 / 2) : 2567;  // workload.inc header
}

double cpu_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return double(ts.tv_sec) + double(ts.tv_nsec) * 1e-9;
}

struct RunResult {
  double seconds = 0;
  uint64_t instructions = 0, cycles = 0;
  BareBoard::Outcome outcome = BareBoard::Outcome::CycleLimit;
  std::string console;
};

RunResult run_image(const Image& img) {
  BareBoard board;
  if (!board.load(kLoadAt, img)) {
    std::fprintf(stderr, "irq_bench: image too large\n");
    std::exit(3);
  }
  board.start_real_mode(uint16_t(kLoadAt));
  RunResult r;
  const double t0 = cpu_seconds();
  r.outcome = board.run(kNoLimit);
  r.seconds = cpu_seconds() - t0;
  r.instructions = board.cpu().state().instructions;
  r.cycles = board.cpu().state().cycles;
  r.console = board.console();
  return r;
}

// Instructions retired when the guest reaches `offset` (an OUT 0xF4 patched there stops it).
uint64_t instructions_to(const Image& img, uint32_t offset) {
  Image p = img;
  p[offset] = 0xE6;  // OUT imm8, AL (the same encoding in 16- and 32-bit code)
  p[offset + 1] = 0xF4;
  const RunResult r = run_image(p);
  if (r.outcome != BareBoard::Outcome::ExitPort) {
    std::fprintf(stderr, "irq_bench: count run ended with: %s\n", BareBoard::describe(r.outcome));
    std::exit(1);
  }
  return r.instructions;
}

bool assemble(const std::string& path, uint64_t outer, Image& out) {
  std::string err;
  if (!irq::sim::assemble_nasm(path, {"OUTER=" + std::to_string(outer)}, IRQ_TMP_DIR, out, err)) {
    std::fprintf(stderr, "irq_bench: %s\n", err.c_str());
    return false;
  }
  return true;
}

// "CK=dddd aaaa" from peer-loop's ref_ck.c (built as a host tool), or its computation ported here.
std::string peer_loop_ck(uint64_t outer) {
#ifdef IRQ_REF_CK
  const std::string cmd = std::string(IRQ_REF_CK) + " " + std::to_string(outer);
  if (std::FILE* f = popen(cmd.c_str(), "r")) {
    char line[128] = {};
    const bool got = std::fgets(line, sizeof line, f) != nullptr;
    pclose(f);
    if (got) return std::string(line, strcspn(line, "\r\n"));
  }
#endif
  uint16_t mem[513] = {}, ax = 0x9e37, dx = 0x1234, si = 0;
  for (int k = 0; k < 512; ++k) {
    mem[k] = ax;
    ax = uint16_t(ax + 0x7f4b);
  }
  for (uint64_t o = 0; o < outer; ++o)
    for (uint16_t cx = uint16_t(kInner); cx; --cx) {
      ax = uint16_t((mem[si / 2] + cx) ^ dx);
      mem[si / 2 + 1] = ax;
      si = (si + 2) & 0x3fe;
      ax = uint16_t(ax << 1 | ax >> 15);
      dx = uint16_t(dx + ax);
      if (!(cx & 1)) dx = uint16_t(dx + ax);
    }
  char buf[32];
  std::snprintf(buf, sizeof buf, "CK=%04X %04X", dx, ax);
  return buf;
}

// The 32-bit loop of pm_loop.asm.
std::string pm_loop_ck(uint64_t outer) {
  uint32_t mem[513] = {}, ax = 0x9e3779b9u, dx = 0x12345678u, si = 0;
  for (int k = 0; k < 512; ++k) {
    mem[k] = ax;
    ax += 0x7f4a7c15u;
  }
  for (uint64_t o = 0; o < outer; ++o)
    for (uint32_t cx = kInner; cx; --cx) {
      ax = (mem[si / 4] + cx) ^ dx;
      mem[si / 4 + 1] = ax;
      si = (si + 4) & 0x7fc;
      ax = ax << 1 | ax >> 31;
      dx += ax;
      if (!(cx & 1)) dx += ax;
    }
  char buf[32];
  std::snprintf(buf, sizeof buf, "CK=%08X %08X", dx, ax);
  return buf;
}

struct Variant {
  std::string name;
  Image image;
  uint32_t work_begin = 0, work_end = 0;  // offsets in the image
  std::string expected_ck;
};

int find_bytes(const Image& img, std::initializer_list<uint8_t> pat) {
  for (size_t k = 0; k + pat.size() <= img.size(); ++k)
    if (std::equal(pat.begin(), pat.end(), img.begin() + long(k))) return int(k);
  return -1;
}

uint32_t rd32(const Image& img, size_t off) {
  return uint32_t(img[off]) | uint32_t(img[off + 1]) << 8 | uint32_t(img[off + 2]) << 16 |
         uint32_t(img[off + 3]) << 24;
}

bool measure(const Variant& v, uint64_t outer, int runs) {
  // Checks first.
  const uint64_t begin = instructions_to(v.image, v.work_begin);
  const uint64_t end = instructions_to(v.image, v.work_end);
  const uint64_t counted = end - begin, want = expected_count(outer);
  std::vector<double> mips, mcps;
  RunResult last;
  for (int k = 0; k < runs; ++k) {
    last = run_image(v.image);
    if (last.outcome != BareBoard::Outcome::ExitPort) break;
    mips.push_back(double(last.instructions) / last.seconds / 1e6);
    mcps.push_back(double(last.cycles) / last.seconds / 1e6);
  }
  const std::string ck = last.console.substr(0, last.console.find('\n'));
  const bool ok = last.outcome == BareBoard::Outcome::ExitPort && ck == v.expected_ck &&
                  counted == want;
  std::printf("%s\n", v.name.c_str());
  std::printf("  checksum %-22s (expected %s)  instructions work_begin..work_end %" PRIu64
              " (expected %" PRIu64 ")  %s\n",
              ck.c_str(), v.expected_ck.c_str(), counted, want, ok ? "OK" : "MISMATCH");
  if (last.outcome != BareBoard::Outcome::ExitPort) {
    std::printf("  run ended with: %s\n", BareBoard::describe(last.outcome));
    return false;
  }
  std::sort(mips.begin(), mips.end());
  std::sort(mcps.begin(), mcps.end());
  std::printf("  %" PRIu64 " instructions, %" PRIu64 " cycles (%.2f cycles/instruction)\n",
              last.instructions, last.cycles, double(last.cycles) / double(last.instructions));
  std::printf("  median of %d: %.1f MIPS (million guest instructions per host CPU second), "
              "%.1f million simulated cycles per host CPU second\n",
              runs, mips[mips.size() / 2], mcps[mcps.size() / 2]);
  std::printf("  runs (MIPS):");
  for (double m : mips) std::printf(" %.1f", m);
  std::printf("\n");
  std::fflush(stdout);
  return ok;
}

}  // namespace

int main(int argc, char** argv) {
  uint64_t outer = 200;
  int runs = 5;
  for (int k = 1; k < argc; ++k) {
    const std::string a = argv[k];
    if (a == "--runs" && k + 1 < argc) {
      runs = std::atoi(argv[++k]);
    } else if (!a.empty() && a[0] != '-') {
      outer = std::strtoull(a.c_str(), nullptr, 0);
    } else {
      std::fprintf(stderr, "usage: irq_bench [OUTER] [--runs N]\n");
      return 2;
    }
  }
  if (runs < 1 || outer > 65535) {
    std::fprintf(stderr, "irq_bench: need --runs >= 1 and OUTER <= 65535\n");
    return 2;
  }

  std::vector<Variant> variants;
  Image peer;
  if (!assemble(std::string(IRQ_PEER_LOOP_DIR) + "/boot.asm", outer, peer)) return 2;
  // work_begin follows `mov sp, 0x6000` (BC 00 60); boot.asm keeps work_end's address at 0x1FC.
  const int mov_sp = find_bytes(peer, {0xBC, 0x00, 0x60});
  if (mov_sp < 0 || peer.size() < 0x200) {
    std::fprintf(stderr, "irq_bench: unexpected peer-loop layout\n");
    return 3;
  }
  const uint32_t peer_end = uint32_t(peer[0x1FC] | peer[0x1FD] << 8) - kLoadAt;
  const std::string peer_ck = peer_loop_ck(outer);
  variants.push_back({"1. peer-loop: 16-bit real mode, code/stack/data on separate 4 KiB pages",
                      peer, uint32_t(mov_sp + 3), peer_end, peer_ck});
  Image same_page = peer;
  same_page[size_t(mov_sp) + 1] = 0x00;  // SP = 0x7F00: the code's page (code at 0x7C00-0x7DFF)
  same_page[size_t(mov_sp) + 2] = 0x7F;
  variants.push_back({"2. peer-loop with the stack on the code page (SP=0x7F00)", same_page,
                      uint32_t(mov_sp + 3), peer_end, peer_ck});
  Image pm;
  if (!assemble(std::string(IRQ_BENCH_DIR) + "/pm_loop.asm", outer, pm)) return 2;
  variants.push_back({"3. pm_loop: 32-bit protected mode, paging on", pm,
                      rd32(pm, pm.size() - 8) - kLoadAt, rd32(pm, pm.size() - 4) - kLoadAt,
                      pm_loop_ck(outer)});

  std::printf("irq_bench: OUTER=%" PRIu64 " (%" PRIu64 " instructions in the timed loop), %d runs "
              "per variant\n", outer, expected_count(outer), runs);
  bool ok = true;
  for (const Variant& v : variants) ok = measure(v, outer, runs) && ok;
  return ok ? 0 : 1;
}
