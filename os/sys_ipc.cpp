// os/sys_ipc.cpp — the System V IPC system calls (msgget/msgsnd/msgrcv/msgctl, semget/semop/
// semtimedop/semctl, and ipc(2)'s multiplexer), over Kernel::Ipc (os/ipc.h).
//
// i386 entry points: musl 1.2.3 goes through ipc(2) (117) with the IPCOP codes for everything
// (msgrcv with the ipc_kludge struct, version 0; the ctl commands with IPC_64) except a
// semtimedop whose timeout does not fit 32 bits (semtimedop_time64, 420). The direct calls
// 393 semget, 394 semctl, 399 msgget, 400 msgsnd, 401 msgrcv, 402 msgctl (IPC_64 layouts, a
// command with the IPC_64 bit is EINVAL there) are served too.
// Structures (i386): ipc64_perm 36 bytes, msqid64_ds 88, semid64_ds 64 (times as lo/hi words);
// the IPC_OLD ones of ipc(2) without IPC_64: ipc_perm 16 (16-bit ids), msqid_ds 56, semid_ds 44.
//
// Order of the checks follows ipc/msg.c and ipc/sem.c (EFAULT on the message before EINVAL on
// the id, ERANGE for SETVAL before the id lookup...). Interrupted msgsnd/msgrcv return
// ERESTARTNOHAND as Linux does (EINTR after a handler, even with SA_RESTART; restarted after a
// stop), semop EINTR (never restarted); a semtimedop timeout is EAGAIN.
#include "os/ipc.h"

#include <algorithm>
#include <climits>
#include <cstdio>
#include <cstring>

#include "os/cost.h"

namespace irq::os {

using namespace lx;
using namespace ipc;

template <class T>
int Ids<T>::alloc(int limit) {
  if (int(objs.size()) >= limit) return -1;
  const int max = std::min<int>(std::max<int>(int(objs.size()) * 3 / 2, 64), kIpcMni);
  int idx = -1;
  for (int i = next_idx; i < max && idx < 0; ++i)
    if (!objs.count(i)) idx = i;
  for (int i = 0; i < std::min(next_idx, max) && idx < 0; ++i)
    if (!objs.count(i)) idx = i;
  if (idx < 0) return -1;
  next_idx = idx + 1;
  if (idx <= last_idx && ++seq >= kSeqMax) seq = 0;
  last_idx = idx;
  return idx;
}

namespace {

constexpr uint32_t kIpcCreat = 01000, kIpcExcl = 02000, kIpcNowait = 04000;
constexpr uint32_t kMsgNoerror = 010000, kMsgExcept = 020000, kMsgCopy = 040000;
constexpr int16_t kSemUndo = 0x1000;
constexpr int kIpc64 = 0x100;
enum : int { kIpcRmid = 0, kIpcSet = 1, kIpcStat = 2, kIpcInfo = 3 };
enum : int { kMsgStat = 11, kMsgInfo = 12, kMsgStatAny = 13 };
enum : int {
  kGetPid = 11, kGetVal = 12, kGetAll = 13, kGetNcnt = 14, kGetZcnt = 15, kSetVal = 16,
  kSetAll = 17, kSemStat = 18, kSemInfo = 19, kSemStatAny = 20,
};
enum : int { kSearchAny, kSearchEqual, kSearchNotEqual, kSearchLessEqual, kSearchNumber };

long E(int e) { return -long(e); }
int32_t sarg(uint32_t v) { return int32_t(v); }
Kernel::Ipc& ipcs(Kernel& k) { return *k.ipc_; }
int64_t now_s(Kernel& k) { return k.realtime_ns() / 1000000000; }

void put32(uint8_t* b, size_t off, uint32_t v) { std::memcpy(b + off, &v, 4); }
void put16(uint8_t* b, size_t off, uint32_t v) {
  const uint16_t w = uint16_t(v);
  std::memcpy(b + off, &w, 2);
}
uint32_t get32(const uint8_t* b, size_t off) {
  uint32_t v;
  std::memcpy(&v, b + off, 4);
  return v;
}
uint32_t get16(const uint8_t* b, size_t off) {
  uint16_t v;
  std::memcpy(&v, b + off, 2);
  return v;
}
uint32_t low_id(uint32_t id) { return id > 0xFFFF ? 65534 : id; }  // high2lowuid: overflowuid

// --- permissions (ipc/util.c ipcperms, ipcctl_obtain_check) -------------------------------------
bool in_group(const Process& p, uint32_t g) {
  return p.egid == g || std::find(p.groups.begin(), p.groups.end(), g) != p.groups.end();
}
// flag: the requested permission bits in any of the three positions (0444 read, 0222 write, or
// a get call's mode argument).
bool perm_ok(const Process& p, const Perm& perm, uint32_t flag) {
  const uint32_t requested = ((flag >> 6) | (flag >> 3) | flag) & 7;
  uint32_t granted = perm.mode;
  if (p.euid == perm.cuid || p.euid == perm.uid)
    granted >>= 6;
  else if (in_group(p, perm.cgid) || in_group(p, perm.gid))
    granted >>= 3;
  return !(requested & ~granted & 7) || p.euid == 0;
}
bool owner_ok(const Process& p, const Perm& perm) {
  return p.euid == 0 || p.euid == perm.uid || p.euid == perm.cuid;
}

Perm new_perm(const Process& p, int32_t key, uint32_t flg) {
  Perm perm;
  perm.key = key;
  perm.uid = perm.cuid = p.euid;
  perm.gid = perm.cgid = p.egid;
  perm.mode = flg & 0777;
  return perm;
}

// The ipc64_perm (36 bytes) or the old ipc_perm (16 bytes) at b.
void fill_perm(uint8_t* b, const Perm& perm, bool v64) {
  put32(b, 0, uint32_t(perm.key));
  if (v64) {
    put32(b, 4, perm.uid);
    put32(b, 8, perm.gid);
    put32(b, 12, perm.cuid);
    put32(b, 16, perm.cgid);
    put16(b, 20, perm.mode);
    put16(b, 24, perm.seq);
  } else {
    put16(b, 4, low_id(perm.uid));
    put16(b, 6, low_id(perm.gid));
    put16(b, 8, low_id(perm.cuid));
    put16(b, 10, low_id(perm.cgid));
    put16(b, 12, perm.mode);
    put16(b, 14, perm.seq);
  }
}
struct PermSet {
  uint32_t uid, gid, mode;
};
PermSet read_perm(const uint8_t* b, bool v64) {
  if (v64) return {get32(b, 4), get32(b, 8), get16(b, 20)};
  return {get16(b, 4), get16(b, 6), get16(b, 12)};
}
long update_perm(Perm& perm, const PermSet& s) {
  if (s.uid == ~0u || s.gid == ~0u) return E(kEINVAL);  // not a valid kuid/kgid
  perm.uid = s.uid;
  perm.gid = s.gid;
  perm.mode = s.mode & 0777;
  return 0;
}

// --- waiting ------------------------------------------------------------------------------------
// A list entry still stands for a live call (the process may already be runnable: woken by a
// signal but not yet back in its handler, as in Linux, where it is still on the list then).
bool live(Kernel& k, int pid, uint64_t token) {
  Process* w = k.find(pid);
  if (!w || !w->alive()) return false;
  auto it = ipcs(k).waits.find(pid);
  return it != ipcs(k).waits.end() && it->second.token == token && !it->second.done;
}
void wake_pid(Kernel& k, int pid, const void* key) {
  Process* w = k.find(pid);
  if (w && w->state == Process::State::Blocked && w->wait_key == key) {
    k.unwait(*w);
    k.make_runnable(*w);
  }
}
// End pid's call with `result` (the waker did the work) and wake it.
void finish(Kernel& k, int pid, const void* key, long result) {
  Wait& w = ipcs(k).waits[pid];
  w.done = true;
  w.result = result;
  wake_pid(k, pid, key);
}
long block_on(Kernel& k, Process& p, int id, const void* obj, uint64_t token, uint64_t deadline = 0) {
  Wait w;
  w.token = token;
  w.id = id;
  w.obj = obj;
  w.deadline = deadline;
  ipcs(k).waits[p.pid] = std::move(w);
  return k.block(p, obj, deadline);
}
// The handler runs again after a wake-up: p's wait record (taken out of the table), if any.
bool take_wait(Kernel& k, Process& p, Wait& out) {
  auto& waits = ipcs(k).waits;
  auto it = waits.find(p.pid);
  if (it == waits.end()) return false;
  const bool retry = !p.first_try;
  if (retry) out = std::move(it->second);
  waits.erase(it);
  return retry;
}

// --- message queues -----------------------------------------------------------------------------
bool fits(const MsgQueue& q, uint32_t size) {
  return uint64_t(size) + q.cbytes <= q.qbytes && uint64_t(q.msgs.size()) + 1 <= q.qbytes;
}
int convert_mode(int32_t& type, uint32_t flg) {
  if (flg & kMsgCopy) return kSearchNumber;
  if (type == 0) return kSearchAny;
  if (type < 0) {
    type = type == INT32_MIN ? INT32_MAX : -type;
    return kSearchLessEqual;
  }
  return (flg & kMsgExcept) ? kSearchNotEqual : kSearchEqual;
}
bool testmsg(const Msg& m, int32_t type, int mode) {
  switch (mode) {
    case kSearchAny: case kSearchNumber: return true;
    case kSearchLessEqual: return m.type <= type;
    case kSearchEqual: return m.type == type;
    case kSearchNotEqual: return m.type != type;
    default: return false;
  }
}
// ipc/msg.c find_msg: the index of the message to take, or -1.
long find_msg(const MsgQueue& q, int32_t type, int mode) {
  long found = -1, count = 0;
  for (size_t i = 0; i < q.msgs.size(); ++i) {
    const Msg& m = q.msgs[i];
    if (!testmsg(m, type, mode)) continue;
    if (mode == kSearchLessEqual && m.type != 1) {
      type = m.type - 1;
      found = long(i);
    } else {
      if (mode != kSearchNumber || type == count) return long(i);
      ++count;
    }
  }
  return found;
}

// Wake the senders whose message now fits, the others go to the tail (ss_wakeup).
void ss_wakeup(Kernel& k, MsgQueue& q) {
  std::deque<MsgQueue::Sender> woken, waiting;
  for (const auto& s : q.senders) {
    if (!live(k, s.pid, s.token)) continue;
    if (fits(q, s.size)) {
      woken.push_back(s);
      wake_pid(k, s.pid, &q);
    } else {
      waiting.push_back(s);
    }
  }
  q.senders = std::move(woken);
  q.senders.insert(q.senders.end(), waiting.begin(), waiting.end());
}

// Hand the message to the first waiting receiver that wants it (pipelined_send); receivers
// whose buffer is too small fail E2BIG on the way.
bool pipelined_send(Kernel& k, MsgQueue& q, Msg& m) {
  for (auto it = q.receivers.begin(); it != q.receivers.end();) {
    const MsgQueue::Receiver r = *it;
    if (!live(k, r.pid, r.token)) {
      it = q.receivers.erase(it);
      continue;
    }
    if (!testmsg(m, r.type, r.mode)) {
      ++it;
      continue;
    }
    it = q.receivers.erase(it);
    if (r.maxsize < m.text.size()) {
      finish(k, r.pid, &q, E(kE2BIG));
      continue;
    }
    q.lrpid = r.pid;
    q.rtime = now_s(k);
    Wait& w = ipcs(k).waits[r.pid];
    w.has_msg = true;
    w.msg = std::move(m);
    finish(k, r.pid, &q, 0);
    return true;
  }
  return false;
}

void remove_entry(MsgQueue& q, uint64_t token) {
  auto rm = [&](auto& list) {
    list.erase(std::remove_if(list.begin(), list.end(), [&](const auto& e) { return e.token == token; }),
               list.end());
  };
  rm(q.receivers);
  rm(q.senders);
}

long do_msgget(Kernel& k, Process& p, int32_t key, uint32_t flg) {
  auto& ids = ipcs(k).msg;
  if (key != 0) {
    for (auto& [idx, q] : ids.objs) {
      if (q->perm.key != key) continue;
      if ((flg & kIpcCreat) && (flg & kIpcExcl)) return E(kEEXIST);
      if (!perm_ok(p, q->perm, flg)) return E(kEACCES);
      return q->id;
    }
    if (!(flg & kIpcCreat)) return E(kENOENT);
  }
  const int idx = ids.alloc(kMsgMni);
  if (idx < 0) return E(kENOSPC);
  auto q = std::make_unique<MsgQueue>();
  q->perm = new_perm(p, key, flg);
  q->perm.seq = uint32_t(ids.seq);
  q->id = ids.seq * kIpcMni + idx;
  q->ctime = now_s(k);
  const int id = q->id;
  ids.objs[idx] = std::move(q);
  return id;
}

long do_msgsnd(Kernel& k, Process& p, int32_t id, uint32_t msgp, uint32_t sz, uint32_t flg) {
  Wait w;
  if (take_wait(k, p, w)) {
    MsgQueue* q = ipcs(k).msg.find(w.id);
    if (q == w.obj) remove_entry(*q, w.token);
    if (w.done) return w.result;
    if (k.signal_pending(p)) return E(kERESTARTNOHAND);
  }
  int32_t mtype;
  if (!k.mem_.get(p.as, msgp, mtype)) return E(kEFAULT);
  if (sz > uint32_t(kMsgMax) || id < 0) return E(kEINVAL);
  if (mtype < 1) return E(kEINVAL);
  Msg m;
  m.type = mtype;
  m.text.resize(sz);
  if (sz && !k.mem_.copy_in(p.as, msgp + 4, m.text.data(), sz)) return E(kEFAULT);
  k.charge(cost::copy(sz));
  MsgQueue* q = ipcs(k).msg.find(id);
  if (!q) return E(kEINVAL);
  if (!perm_ok(p, q->perm, 0222)) return E(kEACCES);
  if (!fits(*q, sz)) {
    if (flg & kIpcNowait) return E(kEAGAIN);
    const uint64_t token = ipcs(k).next_token++;
    q->senders.push_back({p.pid, token, sz});
    return block_on(k, p, id, q, token);
  }
  q->lspid = p.pid;
  q->stime = now_s(k);
  k.emit(sim::Ev::MsgSend, 0, uint32_t(p.pid), uint32_t(q->id));
  if (!pipelined_send(k, *q, m)) {
    q->cbytes += sz;
    q->msgs.push_back(std::move(m));
  }
  return 0;
}

long fill_msg(Kernel& k, Process& p, uint32_t msgp, uint32_t bufsz, const Msg& m) {
  if (!k.mem_.put(p.as, msgp, m.type)) return E(kEFAULT);
  const uint32_t n = std::min<uint32_t>(bufsz, uint32_t(m.text.size()));
  if (n && !k.mem_.copy_out(p.as, msgp + 4, m.text.data(), n)) return E(kEFAULT);
  k.charge(cost::copy(n));
  return long(n);
}

long do_msgrcv(Kernel& k, Process& p, int32_t id, uint32_t msgp, uint32_t bufsz, int32_t type,
               uint32_t flg) {
  Wait w;
  if (take_wait(k, p, w)) {
    if (w.done && w.has_msg) k.emit(sim::Ev::MsgReceive, 0, uint32_t(p.pid), uint32_t(w.id));
    if (w.done) return w.has_msg ? fill_msg(k, p, msgp, bufsz, w.msg) : w.result;
    MsgQueue* q = ipcs(k).msg.find(w.id);
    if (q == w.obj) remove_entry(*q, w.token);
    if (k.signal_pending(p)) return E(kERESTARTNOHAND);
  }
  if (id < 0 || sarg(bufsz) < 0) return E(kEINVAL);
  if ((flg & kMsgCopy) && ((flg & kMsgExcept) || !(flg & kIpcNowait))) return E(kEINVAL);
  const int mode = convert_mode(type, flg);
  MsgQueue* q = ipcs(k).msg.find(id);
  if (!q) return E(kEINVAL);
  if (!perm_ok(p, q->perm, 0444)) return E(kEACCES);
  const long i = find_msg(*q, type, mode);
  if (i >= 0) {
    Msg& found = q->msgs[size_t(i)];
    if (bufsz < found.text.size() && !(flg & kMsgNoerror)) return E(kE2BIG);
    if (flg & kMsgCopy) {
      if (found.text.size() > std::min<uint32_t>(bufsz, kMsgMax)) return E(kEINVAL);
      const Msg copy = found;
      return fill_msg(k, p, msgp, bufsz, copy);
    }
    Msg m = std::move(found);
    q->msgs.erase(q->msgs.begin() + i);
    q->rtime = now_s(k);
    q->lrpid = p.pid;
    q->cbytes -= uint32_t(m.text.size());
    ss_wakeup(k, *q);
    k.emit(sim::Ev::MsgReceive, 0, uint32_t(p.pid), uint32_t(q->id));
    return fill_msg(k, p, msgp, bufsz, m);
  }
  if (flg & kIpcNowait) return E(kENOMSG);
  const uint64_t token = ipcs(k).next_token++;
  q->receivers.push_back({p.pid, token, type, mode, (flg & kMsgNoerror) ? uint32_t(INT_MAX) : bufsz});
  return block_on(k, p, id, q, token);
}

// IPC_RMID: every waiter fails EIDRM.
void free_queue(Kernel& k, MsgQueue& q) {
  for (const auto& r : q.receivers)
    if (live(k, r.pid, r.token)) finish(k, r.pid, &q, E(kEIDRM));
  for (const auto& s : q.senders)
    if (live(k, s.pid, s.token)) finish(k, s.pid, &q, E(kEIDRM));
  auto& ids = ipcs(k).msg;
  ids.objs.erase(q.id % kIpcMni);
}

long msg_info(Kernel& k, Process& p, int cmd, uint32_t buf) {
  auto& ids = ipcs(k).msg;
  int32_t info[8] = {kMsgPool, kMsgMnb, kMsgMax, kMsgMnb, kMsgMni, kMsgSsz, kMsgMnb, kMsgSeg};
  if (cmd == kMsgInfo) {
    int64_t hdrs = 0, bytes = 0;
    for (const auto& [idx, q] : ids.objs) {
      hdrs += int64_t(q->msgs.size());
      bytes += q->cbytes;
    }
    info[0] = int32_t(ids.objs.size());
    info[1] = int32_t(std::min<int64_t>(hdrs, INT_MAX));
    info[6] = int32_t(std::min<int64_t>(bytes, INT_MAX));
  }
  if (!k.mem_.copy_out(p.as, buf, info, 32)) return E(kEFAULT);
  return std::max(ids.max_idx(), 0);
}

long do_msgctl(Kernel& k, Process& p, int32_t id, int32_t cmd, uint32_t buf, bool v64) {
  if (id < 0 || cmd < 0) return E(kEINVAL);
  auto& ids = ipcs(k).msg;
  switch (cmd) {
    case kIpcInfo:
    case kMsgInfo:
      return msg_info(k, p, cmd, buf);
    case kIpcStat:
    case kMsgStat:
    case kMsgStatAny: {
      MsgQueue* q = cmd == kIpcStat ? ids.find(id) : ids.at_index(id);
      if (!q) return E(kEINVAL);
      if (cmd != kMsgStatAny && !perm_ok(p, q->perm, 0444)) return E(kEACCES);
      uint8_t b[88] = {};
      const uint32_t qnum = uint32_t(q->msgs.size());
      fill_perm(b, q->perm, v64);
      if (v64) {
        put32(b, 36, uint32_t(q->stime));
        put32(b, 40, uint32_t(q->stime >> 32));
        put32(b, 44, uint32_t(q->rtime));
        put32(b, 48, uint32_t(q->rtime >> 32));
        put32(b, 52, uint32_t(q->ctime));
        put32(b, 56, uint32_t(q->ctime >> 32));
        put32(b, 60, q->cbytes);
        put32(b, 64, qnum);
        put32(b, 68, q->qbytes);
        put32(b, 72, uint32_t(q->lspid));
        put32(b, 76, uint32_t(q->lrpid));
      } else {
        put32(b, 24, uint32_t(q->stime));
        put32(b, 28, uint32_t(q->rtime));
        put32(b, 32, uint32_t(q->ctime));
        put32(b, 36, q->cbytes);
        put32(b, 40, q->qbytes);
        put16(b, 44, std::min<uint32_t>(q->cbytes, 0xFFFF));
        put16(b, 46, std::min<uint32_t>(qnum, 0xFFFF));
        put16(b, 48, std::min<uint32_t>(q->qbytes, 0xFFFF));
        put16(b, 50, uint32_t(q->lspid));
        put16(b, 52, uint32_t(q->lrpid));
      }
      if (!k.mem_.copy_out(p.as, buf, b, v64 ? 88 : 56)) return E(kEFAULT);
      return cmd == kIpcStat ? 0 : q->id;
    }
    case kIpcSet:
    case kIpcRmid: {
      uint8_t b[88] = {};
      if (cmd == kIpcSet && !k.mem_.copy_in(p.as, buf, b, v64 ? 88 : 56)) return E(kEFAULT);
      MsgQueue* q = ids.find(id);
      if (!q) return E(kEINVAL);
      if (!owner_ok(p, q->perm)) return E(kEPERM);
      if (cmd == kIpcRmid) {
        free_queue(k, *q);
        return 0;
      }
      uint32_t qbytes = v64 ? get32(b, 68) : get16(b, 48);
      if (!v64 && qbytes == 0) qbytes = get32(b, 40);  // msg_lqbytes
      if (qbytes > uint32_t(kMsgMnb) && p.euid != 0) return E(kEPERM);  // CAP_SYS_RESOURCE
      if (long r = update_perm(q->perm, read_perm(b, v64))) return r;
      q->qbytes = qbytes;
      q->ctime = now_s(k);
      // Receivers look again (expunge_all with -EAGAIN), senders whose message fits now go.
      for (const auto& r : q->receivers)
        if (live(k, r.pid, r.token)) wake_pid(k, r.pid, q);
      ss_wakeup(k, *q);
      return 0;
    }
    default:
      return E(kEINVAL);
  }
}

// --- semaphores ---------------------------------------------------------------------------------
// perform_atomic_semop: 0 done (values, sempid and semadj updated), 1 would block (blocking set),
// or an error (-ERANGE; -EAGAIN when the blocking operation has IPC_NOWAIT). All or nothing.
long perform(SemArray& a, const std::vector<SemOp>& ops, int pid, size_t& blocking) {
  std::map<uint16_t, int> val, adj;
  auto it_undo = a.undo.find(pid);
  for (size_t i = 0; i < ops.size(); ++i) {
    const SemOp& o = ops[i];
    auto v = val.find(o.num);
    const int cur = v != val.end() ? v->second : a.val[o.num];
    if ((o.op == 0 && cur != 0) || cur + o.op < 0) {
      blocking = i;
      return (o.flg & kIpcNowait) ? E(kEAGAIN) : 1;
    }
    const int res = cur + o.op;
    if (res > kSemVmx) return E(kERANGE);
    if (o.flg & kSemUndo) {
      auto d = adj.find(o.num);
      const int old = d != adj.end() ? d->second : it_undo != a.undo.end() ? it_undo->second[o.num] : 0;
      const int u = old - o.op;
      if (u < -kSemAem - 1 || u > kSemAem) return E(kERANGE);
      adj[o.num] = u;
    }
    val[o.num] = res;
  }
  for (const auto& [n, v] : val) a.val[n] = uint16_t(v);
  for (const SemOp& o : ops) a.pid[o.num] = pid;
  if (!adj.empty()) {
    auto& u = a.undo[pid];
    if (u.empty()) u.assign(a.val.size(), 0);
    for (const auto& [n, d] : adj) u[n] = int16_t(d);
  }
  return 0;
}

// update_queue: complete the pending operations that can proceed now, waits for zero first, then
// the altering ones in arrival order, looking again after each alteration.
void update_queue(Kernel& k, SemArray& a) {
  for (unsigned guard = 0; guard < 1000000; ++guard) {
    bool again = false;
    for (int pass = 0; pass < 2 && !again; ++pass) {
      for (auto it = a.pending.begin(); it != a.pending.end();) {
        if (!live(k, it->pid, it->token)) {
          it = a.pending.erase(it);
          continue;
        }
        if (it->alter != (pass == 1)) {
          ++it;
          continue;
        }
        const long r = perform(a, it->ops, it->pid, it->blocking);
        if (r > 0) {
          ++it;
          continue;
        }
        const int pid = it->pid;
        const bool alter = it->alter;
        it = a.pending.erase(it);
        if (r == 0) {
          a.otime = now_s(k);
          k.emit(sim::Ev::SemOp, 0, uint32_t(pid), uint32_t(a.id));
        }
        finish(k, pid, &a, r);
        if (r == 0 && alter) {
          again = true;
          break;
        }
      }
    }
    if (!again) return;
  }
}

void remove_pending(SemArray& a, uint64_t token) {
  a.pending.erase(std::remove_if(a.pending.begin(), a.pending.end(),
                                 [&](const SemArray::Pending& e) { return e.token == token; }),
                  a.pending.end());
}

long do_semget(Kernel& k, Process& p, int32_t key, int32_t nsems, uint32_t flg) {
  if (nsems < 0 || nsems > kSemMsl) return E(kEINVAL);
  auto& I = ipcs(k);
  auto& ids = I.sem;
  if (key != 0) {
    for (auto& [idx, a] : ids.objs) {
      if (a->perm.key != key) continue;
      if ((flg & kIpcCreat) && (flg & kIpcExcl)) return E(kEEXIST);
      if (size_t(nsems) > a->val.size()) return E(kEINVAL);
      if (!perm_ok(p, a->perm, flg)) return E(kEACCES);
      return a->id;
    }
    if (!(flg & kIpcCreat)) return E(kENOENT);
  }
  if (nsems == 0) return E(kEINVAL);
  if (I.used_sems + nsems > kSemMns) return E(kENOSPC);
  const int idx = ids.alloc(kSemMni);
  if (idx < 0) return E(kENOSPC);
  auto a = std::make_unique<SemArray>();
  a->perm = new_perm(p, key, flg);
  a->perm.seq = uint32_t(ids.seq);
  a->id = ids.seq * kIpcMni + idx;
  a->val.assign(size_t(nsems), 0);
  a->pid.assign(size_t(nsems), 0);
  a->ctime = now_s(k);
  const int id = a->id;
  ids.objs[idx] = std::move(a);
  I.used_sems += nsems;
  return id;
}

// ts_kind: 0 no timeout, 32 old_timespec32, 64 __kernel_timespec.
long do_semop(Kernel& k, Process& p, int32_t id, uint32_t sops, uint32_t nsops, uint32_t ts, int ts_kind) {
  Wait w;
  bool retry = false;
  if (take_wait(k, p, w)) {
    if (w.done) return w.result;
    SemArray* a = ipcs(k).sem.find(w.id);
    if (a == w.obj) remove_pending(*a, w.token);
    if (w.deadline && p.timed_out) return E(kEAGAIN);
    if (k.signal_pending(p)) return E(kEINTR);
    retry = true;  // spurious: try again, same deadline
  }
  if (nsops < 1 || id < 0) return E(kEINVAL);  // nsops is unsigned: huge counts are E2BIG
  if (nsops > uint32_t(kSemOpm)) return E(kE2BIG);
  std::vector<SemOp> ops(nsops);
  {
    std::vector<uint8_t> raw(size_t(nsops) * 6);
    if (!k.mem_.copy_in(p.as, sops, raw.data(), uint32_t(raw.size()))) return E(kEFAULT);
    for (uint32_t i = 0; i < nsops; ++i) {
      ops[i].num = uint16_t(get16(raw.data(), i * 6));
      ops[i].op = int16_t(get16(raw.data(), i * 6 + 2));
      ops[i].flg = int16_t(get16(raw.data(), i * 6 + 4));
    }
  }
  uint64_t deadline = retry ? w.deadline : 0;
  if (ts_kind && ts) {
    int64_t sec, nsec;
    if (ts_kind == 64) {
      int64_t v[2];
      if (!k.mem_.copy_in(p.as, ts, v, 16)) return E(kEFAULT);
      sec = v[0];
      nsec = int32_t(uint32_t(v[1]));  // a 32-bit kernel keeps the low word of tv_nsec
    } else {
      int32_t v[2];
      if (!k.mem_.copy_in(p.as, ts, v, 8)) return E(kEFAULT);
      sec = v[0];
      nsec = v[1];
    }
    if (sec < 0 || nsec < 0 || nsec >= 1000000000) return E(kEINVAL);
    if (!retry) {
      const int64_t ns = sec > 4000000000ll ? INT64_MAX / 4 : sec * 1000000000ll + nsec;
      deadline = k.now() + k.ns_to_cycles(uint64_t(ns));
    }
  }
  uint32_t max = 0;
  bool alter = false;
  for (const SemOp& o : ops) {
    max = std::max<uint32_t>(max, o.num);
    if (o.op != 0) alter = true;
  }
  SemArray* a = ipcs(k).sem.find(id);
  if (!a) return E(kEINVAL);
  if (max >= a->val.size()) return E(kEFBIG);
  if (!perm_ok(p, a->perm, alter ? 0222 : 0444)) return E(kEACCES);
  size_t blocking = 0;
  const long r = perform(*a, ops, p.pid, blocking);
  if (r == 0) {
    a->otime = now_s(k);
    k.emit(sim::Ev::SemOp, 0, uint32_t(p.pid), uint32_t(a->id));
    if (alter) update_queue(k, *a);
    return 0;
  }
  if (r < 0) return r;
  if (deadline && k.now() >= deadline) return E(kEAGAIN);
  const uint64_t token = ipcs(k).next_token++;
  a->pending.push_back({p.pid, token, std::move(ops), alter, blocking});
  return block_on(k, p, id, a, token, deadline);
}

long count_waiters(Kernel& k, SemArray& a, int num, bool zero) {
  long n = 0;
  for (const auto& q : a.pending) {
    if (!live(k, q.pid, q.token)) continue;
    const SemOp& o = q.ops[q.blocking];
    if (o.num == num && (zero ? o.op == 0 : o.op < 0)) ++n;
  }
  return n;
}

void free_array(Kernel& k, SemArray& a) {
  for (const auto& q : a.pending)
    if (live(k, q.pid, q.token)) finish(k, q.pid, &a, E(kEIDRM));
  auto& I = ipcs(k);
  I.used_sems -= int64_t(a.val.size());
  I.sem.objs.erase(a.id % kIpcMni);
}

long sem_info(Kernel& k, Process& p, int cmd, uint32_t buf) {
  auto& I = ipcs(k);
  const int32_t mns = int32_t(kSemMns);
  // struct seminfo: semmap semmni semmns semmnu semmsl semopm semume semusz semvmx semaem
  int32_t info[10] = {mns, kSemMni, mns, mns, kSemMsl, kSemOpm, kSemOpm, kSemUsz, kSemVmx, kSemAem};
  if (cmd == kSemInfo) {
    info[7] = int32_t(I.sem.objs.size());
    info[9] = int32_t(I.used_sems);
  }
  if (!k.mem_.copy_out(p.as, buf, info, 40)) return E(kEFAULT);
  return std::max(I.sem.max_idx(), 0);
}

long do_semctl(Kernel& k, Process& p, int32_t id, int32_t semnum, int32_t cmd, uint32_t arg, bool v64) {
  if (id < 0) return E(kEINVAL);
  auto& ids = ipcs(k).sem;
  switch (cmd) {
    case kIpcInfo:
    case kSemInfo:
      return sem_info(k, p, cmd, arg);
    case kIpcStat:
    case kSemStat:
    case kSemStatAny: {
      SemArray* a = cmd == kIpcStat ? ids.find(id) : ids.at_index(id);
      if (!a) return E(kEINVAL);
      if (cmd != kSemStatAny && !perm_ok(p, a->perm, 0444)) return E(kEACCES);
      uint8_t b[64] = {};
      fill_perm(b, a->perm, v64);
      if (v64) {
        put32(b, 36, uint32_t(a->otime));
        put32(b, 40, uint32_t(a->otime >> 32));
        put32(b, 44, uint32_t(a->ctime));
        put32(b, 48, uint32_t(a->ctime >> 32));
        put32(b, 52, uint32_t(a->val.size()));
      } else {
        put32(b, 16, uint32_t(a->otime));
        put32(b, 20, uint32_t(a->ctime));
        put16(b, 40, uint32_t(a->val.size()));
      }
      if (!k.mem_.copy_out(p.as, arg, b, v64 ? 64 : 44)) return E(kEFAULT);
      return cmd == kIpcStat ? 0 : a->id;
    }
    case kGetVal:
    case kGetPid:
    case kGetNcnt:
    case kGetZcnt:
    case kGetAll:
    case kSetAll: {
      SemArray* a = ids.find(id);
      if (!a) return E(kEINVAL);
      const size_t n = a->val.size();
      if (!perm_ok(p, a->perm, cmd == kSetAll ? 0222 : 0444)) return E(kEACCES);
      if (cmd == kGetAll) {
        if (!k.mem_.copy_out(p.as, arg, a->val.data(), uint32_t(n * 2))) return E(kEFAULT);
        return 0;
      }
      if (cmd == kSetAll) {
        std::vector<uint16_t> v(n);
        if (!k.mem_.copy_in(p.as, arg, v.data(), uint32_t(n * 2))) return E(kEFAULT);
        for (uint16_t x : v)
          if (x > kSemVmx) return E(kERANGE);
        a->val = v;
        std::fill(a->pid.begin(), a->pid.end(), p.pid);
        for (auto& [pid, u] : a->undo) std::fill(u.begin(), u.end(), int16_t(0));
        a->ctime = now_s(k);
        update_queue(k, *a);
        return 0;
      }
      if (semnum < 0 || size_t(semnum) >= n) return E(kEINVAL);
      switch (cmd) {
        case kGetVal: return a->val[size_t(semnum)];
        case kGetPid: return a->pid[size_t(semnum)];
        case kGetNcnt: return count_waiters(k, *a, semnum, false);
        default: return count_waiters(k, *a, semnum, true);
      }
    }
    case kSetVal: {
      const int32_t v = sarg(arg);
      if (v < 0 || v > kSemVmx) return E(kERANGE);
      SemArray* a = ids.find(id);
      if (!a) return E(kEINVAL);
      if (semnum < 0 || size_t(semnum) >= a->val.size()) return E(kEINVAL);
      if (!perm_ok(p, a->perm, 0222)) return E(kEACCES);
      for (auto& [pid, u] : a->undo) u[size_t(semnum)] = 0;
      a->val[size_t(semnum)] = uint16_t(v);
      a->pid[size_t(semnum)] = p.pid;
      a->ctime = now_s(k);
      update_queue(k, *a);
      return 0;
    }
    case kIpcSet:
    case kIpcRmid: {
      uint8_t b[64] = {};
      if (cmd == kIpcSet && !k.mem_.copy_in(p.as, arg, b, v64 ? 64 : 44)) return E(kEFAULT);
      SemArray* a = ids.find(id);
      if (!a) return E(kEINVAL);
      if (!owner_ok(p, a->perm)) return E(kEPERM);
      if (cmd == kIpcRmid) {
        free_array(k, *a);
        return 0;
      }
      if (long r = update_perm(a->perm, read_perm(b, v64))) return r;
      a->ctime = now_s(k);
      return 0;
    }
    default:
      return E(kEINVAL);
  }
}

// --- the handlers -------------------------------------------------------------------------------
#define SYS(name) long name(Kernel& k, Process& p, const uint32_t* a)

SYS(sys_msgget) { return do_msgget(k, p, sarg(a[0]), a[1]); }
SYS(sys_msgsnd) { return do_msgsnd(k, p, sarg(a[0]), a[1], a[2], a[3]); }
SYS(sys_msgrcv) { return do_msgrcv(k, p, sarg(a[0]), a[1], a[2], sarg(a[3]), a[4]); }
SYS(sys_msgctl) { return do_msgctl(k, p, sarg(a[0]), sarg(a[1]), a[2], true); }
SYS(sys_semget) { return do_semget(k, p, sarg(a[0]), sarg(a[1]), a[2]); }
SYS(sys_semctl) { return do_semctl(k, p, sarg(a[0]), sarg(a[1]), sarg(a[2]), a[3], true); }
SYS(sys_semtimedop_time64) { return do_semop(k, p, sarg(a[0]), a[1], a[2], a[3], 64); }


// --- shared memory (ipc/shm.c) ------------------------------------------------------------------
constexpr uint32_t kShmMax = 0xFEFFFFFFu, kShmAll = 0xFEFFFFFFu;  // ULONG_MAX - (1 << 24)
constexpr int kShmMni = 4096;
constexpr uint32_t kShmRdonly = 010000, kShmRnd = 020000, kShmRemap = 040000, kShmExec = 0100000;
constexpr uint32_t kShmDest = 01000, kShmLocked = 02000;
enum : int { kShmLock = 11, kShmUnlock = 12, kShmStat = 13, kShmInfo = 14, kShmStatAny = 15 };

uint32_t nattch(Kernel& k, const ShmSeg& s) {
  uint32_t n = 0;
  for (const auto& [pid, pr] : k.processes())
    for (const auto& [st, v] : pr->as.vmas) n += v.shm == s.obj;
  return n;
}
// Segments marked for removal whose last attachment is gone.
void shm_sweep(Kernel& k) {
  auto& objs = ipcs(k).shm.objs;
  for (auto it = objs.begin(); it != objs.end();)
    it = it->second->dest && nattch(k, *it->second) == 0 ? objs.erase(it) : std::next(it);
}
uint64_t shm_pages(Kernel& k) {
  uint64_t n = 0;
  for (const auto& [idx, s] : ipcs(k).shm.objs) n += s->obj->frames.size();
  return n;
}

long do_shmget(Kernel& k, Process& p, int32_t key, uint32_t size, uint32_t flg) {
  shm_sweep(k);
  auto& ids = ipcs(k).shm;
  if (key != 0) {
    for (auto& [idx, s] : ids.objs) {
      if (s->dest || s->perm.key != key) continue;
      if ((flg & kIpcCreat) && (flg & kIpcExcl)) return E(kEEXIST);
      if (!perm_ok(p, s->perm, flg)) return E(kEACCES);
      if (s->segsz < size) return E(kEINVAL);
      return s->id;
    }
    if (!(flg & kIpcCreat)) return E(kENOENT);
  }
  if (size < 1 || size > kShmMax) return E(kEINVAL);
  const uint32_t pages = uint32_t((uint64_t(size) + kPageSize - 1) / kPageSize);
  if (shm_pages(k) + pages > kShmAll) return E(kENOSPC);
  const int idx = ids.alloc(kShmMni);
  if (idx < 0) return E(kENOSPC);
  auto obj = k.mem_.new_shm(pages);
  if (!obj) return E(kENOMEM);
  auto s = std::make_unique<ShmSeg>();
  s->perm = new_perm(p, key, flg);
  s->perm.seq = uint32_t(ids.seq);
  s->id = ids.seq * kIpcMni + idx;
  s->segsz = size;
  s->obj = std::move(obj);
  s->cpid = p.pid;
  s->ctime = now_s(k);
  const int id = s->id;
  ids.objs[idx] = std::move(s);
  return id;
}

// Drop the areas [start, end) of p (whole VMAs only, as shmdt finds them).
void unmap_vma(Kernel& k, Process& p, uint32_t start) {
  auto it = p.as.vmas.find(start);
  if (it == p.as.vmas.end()) return;
  const uint32_t end = it->second.end;
  p.as.vmas.erase(it);
  k.mem_.unmap_range(p.as, start, end);
}

long do_shmat(Kernel& k, Process& p, int32_t id, uint32_t addr, uint32_t flg) {
  shm_sweep(k);
  if (id < 0) return E(kEINVAL);
  if (addr) {
    if (addr & (kPageSize - 1)) {
      if (!(flg & kShmRnd)) return E(kEINVAL);
      addr &= ~(kPageSize - 1);
      if (!addr && (flg & kShmRemap)) return E(kEINVAL);
    }
  } else if (flg & kShmRemap) {
    return E(kEINVAL);
  }
  uint32_t prot = kProtRead, acc = 0444;
  if (!(flg & kShmRdonly)) prot |= kProtWrite, acc |= 0222;
  if (flg & kShmExec) prot |= kProtExec, acc |= 0111;
  ShmSeg* s = ipcs(k).shm.find(id);
  if (!s) return E(kEINVAL);
  if (!perm_ok(p, s->perm, acc)) return E(kEACCES);
  const uint32_t n = uint32_t(s->obj->frames.size()) * kPageSize;
  uint32_t at = addr;
  if (addr) {
    if (uint64_t(addr) + n > kUserEnd) return E(kEINVAL);
    if (!(flg & kShmRemap) && !vma_range_free(p.as, addr, addr + n)) return E(kEINVAL);
    if (!vma_range_free(p.as, addr, addr + n)) vma_remove(k.mem_, p.as, addr, addr + n);  // SHM_REMAP
  } else {
    at = vma_find_gap(p.as, n);
    if (!at) return E(kENOMEM);
  }
  Vma v{at, at + n, prot, Vma::Kind::Anon};
  v.shm = s->obj;
  v.shmid = s->id;
  v.may_write = !(flg & kShmRdonly);
  p.as.vmas[at] = v;
  s->atime = now_s(k);
  s->lpid = p.pid;
  k.emit(sim::Ev::ShmAttach, 0, uint32_t(p.pid), uint32_t(s->id));
  return long(at);
}

long do_shmdt(Kernel& k, Process& p, uint32_t addr) {
  if (addr & (kPageSize - 1)) return E(kEINVAL);
  auto it = p.as.vmas.find(addr);
  if (it == p.as.vmas.end() || it->second.shmid < 0 || it->second.pgoff != 0) return E(kEINVAL);
  const std::shared_ptr<ShmObj> obj = it->second.shm;
  k.emit(sim::Ev::ShmDetach, 0, uint32_t(p.pid), uint32_t(it->second.shmid));
  const uint32_t end = addr + uint32_t(obj->frames.size()) * kPageSize;
  std::vector<uint32_t> starts;
  for (auto& [st, v] : p.as.vmas)
    if (st >= addr && st < end && v.shm == obj) starts.push_back(st);
  for (uint32_t st : starts) unmap_vma(k, p, st);
  for (auto& [idx, s] : ipcs(k).shm.objs)
    if (s->obj == obj) {
      s->dtime = now_s(k);
      s->lpid = p.pid;
    }
  shm_sweep(k);
  return 0;
}

long shm_info(Kernel& k, Process& p, int cmd, uint32_t buf) {
  auto& ids = ipcs(k).shm;
  if (cmd == kIpcInfo) {
    uint32_t info[9] = {kShmMax, 1, uint32_t(kShmMni), uint32_t(kShmMni), kShmAll, 0, 0, 0, 0};
    if (!k.mem_.copy_out(p.as, buf, info, 36)) return E(kEFAULT);
  } else {
    uint32_t info[6] = {uint32_t(ids.objs.size()), uint32_t(std::min<uint64_t>(shm_pages(k), 0xFFFFFFFFu)), 0, 0, 0, 0};
    uint64_t rss = 0;
    for (const auto& [idx, s] : ids.objs) rss += s->obj->frames.size();
    info[2] = uint32_t(rss);
    if (!k.mem_.copy_out(p.as, buf, info, 24)) return E(kEFAULT);
  }
  return std::max(ids.max_idx(), 0);
}

long do_shmctl(Kernel& k, Process& p, int32_t id, int32_t cmd, uint32_t buf, bool v64) {
  shm_sweep(k);
  if (id < 0 || cmd < 0) return E(kEINVAL);
  auto& ids = ipcs(k).shm;
  switch (cmd) {
    case kIpcInfo:
    case kShmInfo:
      return shm_info(k, p, cmd, buf);
    case kIpcStat:
    case kShmStat:
    case kShmStatAny: {
      ShmSeg* s = cmd == kIpcStat ? ids.find(id) : ids.at_index(id);
      if (!s) return E(kEINVAL);
      if (cmd != kShmStatAny && !perm_ok(p, s->perm, 0444)) return E(kEACCES);
      uint8_t b[84] = {};
      Perm perm = s->perm;
      perm.mode |= (s->dest ? kShmDest : 0) | (s->locked ? kShmLocked : 0);
      fill_perm(b, perm, v64);
      const uint32_t na = nattch(k, *s);
      if (v64) {
        put32(b, 36, s->segsz);
        put32(b, 40, uint32_t(s->atime));
        put32(b, 44, uint32_t(s->atime >> 32));
        put32(b, 48, uint32_t(s->dtime));
        put32(b, 52, uint32_t(s->dtime >> 32));
        put32(b, 56, uint32_t(s->ctime));
        put32(b, 60, uint32_t(s->ctime >> 32));
        put32(b, 64, uint32_t(s->cpid));
        put32(b, 68, uint32_t(s->lpid));
        put32(b, 72, na);
      } else {
        put32(b, 16, s->segsz);
        put32(b, 20, uint32_t(s->atime));
        put32(b, 24, uint32_t(s->dtime));
        put32(b, 28, uint32_t(s->ctime));
        put16(b, 32, uint32_t(s->cpid));
        put16(b, 34, uint32_t(s->lpid));
        put16(b, 36, std::min<uint32_t>(na, 0xFFFF));
      }
      if (!k.mem_.copy_out(p.as, buf, b, v64 ? 84 : 48)) return E(kEFAULT);
      return cmd == kIpcStat ? 0 : s->id;
    }
    case kShmLock:
    case kShmUnlock: {
      ShmSeg* s = ids.find(id);
      if (!s) return E(kEINVAL);
      if (p.euid != 0) {  // no CAP_IPC_LOCK: the owner may unlock, locking needs RLIMIT_MEMLOCK
        if (!owner_ok(p, s->perm)) return E(kEPERM);
        if (cmd == kShmLock) return E(kEPERM);
      }
      s->locked = cmd == kShmLock;
      return 0;
    }
    case kIpcSet:
    case kIpcRmid: {
      uint8_t b[84] = {};
      if (cmd == kIpcSet && !k.mem_.copy_in(p.as, buf, b, v64 ? 84 : 48)) return E(kEFAULT);
      ShmSeg* s = ids.find(id);
      if (!s) return E(kEINVAL);
      if (!owner_ok(p, s->perm)) return E(kEPERM);
      if (cmd == kIpcRmid) {
        s->dest = true;
        s->perm.key = 0;  // ipc_set_key_private
        shm_sweep(k);
        return 0;
      }
      if (long r = update_perm(s->perm, read_perm(b, v64))) return r;
      s->ctime = now_s(k);
      return 0;
    }
    default:
      return E(kEINVAL);
  }
}

SYS(sys_shmget) { return do_shmget(k, p, sarg(a[0]), a[1], a[2]); }
SYS(sys_shmctl) { return do_shmctl(k, p, sarg(a[0]), sarg(a[1]), a[2], true); }
SYS(sys_shmat) { return do_shmat(k, p, sarg(a[0]), a[1], a[2]); }
SYS(sys_shmdt) { (void)a; return do_shmdt(k, p, a[0]); }

// ipc(call, first, second, third, ptr, fifth) — ipc/syscall.c.
SYS(sys_ipc) {
  const uint32_t call = a[0] & 0xFFFF, version = a[0] >> 16;
  const int32_t first = sarg(a[1]), second = sarg(a[2]), third = sarg(a[3]);
  const uint32_t ptr = a[4], fifth = a[5];
  // ipc_parse_version: the IPC_64 bit selects the 64-bit structures.
  auto parse = [](int32_t& cmd) {
    if (cmd & kIpc64) {
      cmd ^= kIpc64;
      return true;
    }
    return false;
  };
  switch (call) {
    case 1: return do_semop(k, p, first, ptr, uint32_t(second), 0, 0);          // SEMOP
    case 2: return do_semget(k, p, first, second, uint32_t(third));             // SEMGET
    case 3: {                                                                     // SEMCTL
      if (!ptr) return E(kEINVAL);
      uint32_t arg;
      if (!k.mem_.get(p.as, ptr, arg)) return E(kEFAULT);
      int32_t cmd = third;
      const bool v64 = parse(cmd);
      return do_semctl(k, p, first, second, cmd, arg, v64);
    }
    case 4: return do_semop(k, p, first, ptr, uint32_t(second), fifth, 32);     // SEMTIMEDOP
    case 11: return do_msgsnd(k, p, first, ptr, uint32_t(second), uint32_t(third));  // MSGSND
    case 12: {                                                                    // MSGRCV
      if (version == 0) {
        if (!ptr) return E(kEINVAL);
        uint32_t kludge[2];  // struct ipc_kludge { msgp, msgtyp }
        if (!k.mem_.copy_in(p.as, ptr, kludge, 8)) return E(kEFAULT);
        return do_msgrcv(k, p, first, kludge[0], uint32_t(second), sarg(kludge[1]), uint32_t(third));
      }
      return do_msgrcv(k, p, first, ptr, uint32_t(second), sarg(fifth), uint32_t(third));
    }
    case 13: return do_msgget(k, p, first, uint32_t(second));                   // MSGGET
    case 14: {                                                                    // MSGCTL
      int32_t cmd = second;
      const bool v64 = parse(cmd);
      return do_msgctl(k, p, first, cmd, ptr, v64);
    }
    case 21: {                                                                    // SHMAT
      if (version == 1) return E(kEINVAL);  // iBCS2 emulator entry
      const long r = do_shmat(k, p, first, ptr, uint32_t(second));
      if (r < 0 && r > -4096) return r;
      if (!k.mem_.put(p.as, uint32_t(third), uint32_t(r))) return E(kEFAULT);
      return 0;
    }
    case 22: return do_shmdt(k, p, ptr);                                         // SHMDT
    case 23: return do_shmget(k, p, first, uint32_t(second), uint32_t(third));   // SHMGET
    case 24: {                                                                    // SHMCTL
      int32_t cmd = second;
      const bool v64 = parse(cmd);
      return do_shmctl(k, p, first, cmd, ptr, v64);
    }
    default:
      return E(kENOSYS);
  }
}

#undef SYS

}  // namespace

// p's attachments go with its address space: shm_close's shm_dtime and shm_lpid (the segments
// marked for removal are freed by the next shm call's sweep, when nothing is attached).
void ipc_exec(Kernel& k, Process& p) {
  std::vector<uint32_t> starts;
  for (const auto& [st, v] : p.as.vmas) {
    if (v.shmid < 0) continue;
    starts.push_back(st);
    if (v.pgoff == 0) k.emit(sim::Ev::ShmDetach, 0, uint32_t(p.pid), uint32_t(v.shmid));
    for (auto& [idx, s] : k.ipc_->shm.objs)
      if (s->obj == v.shm) {
        s->dtime = now_s(k);
        s->lpid = p.pid;
      }
  }
  if (starts.empty()) return;
  for (uint32_t st : starts) unmap_vma(k, p, st);
  shm_sweep(k);  // a segment marked for removal goes now if p held its last attachment
}

// fork copied p's attachments into its child: shm_open's shm_atime and shm_lpid (the parent's).
void ipc_fork(Kernel& k, Process& p, const Process& child) {
  for (const auto& [st, v] : p.as.vmas) {
    if (v.shmid < 0) continue;
    if (v.pgoff == 0) k.emit(sim::Ev::ShmAttach, 0, uint32_t(child.pid), uint32_t(v.shmid));
    for (auto& [idx, s] : k.ipc_->shm.objs)
      if (s->obj == v.shm) {
        s->atime = now_s(k);
        s->lpid = p.pid;
      }
  }
}

void ipc_exit(Kernel& k, Process& p) {
  ipc_exec(k, p);
  auto& I = *k.ipc_;
  I.waits.erase(p.pid);
  for (auto& [idx, a] : I.sem.objs) {
    auto it = a->undo.find(p.pid);
    if (it == a->undo.end()) continue;
    const std::vector<int16_t> adj = std::move(it->second);
    a->undo.erase(it);
    for (size_t i = 0; i < adj.size() && i < a->val.size(); ++i) {
      if (!adj[i]) continue;
      const int v = std::clamp(int(a->val[i]) + adj[i], 0, kSemVmx);
      a->val[i] = uint16_t(v);
      a->pid[i] = p.pid;
    }
    a->otime = now_s(k);
    update_queue(k, *a);
  }
}

void Kernel::register_ipc_syscalls() {
  auto& t = table_;
  t[117] = sys_ipc;
  t[393] = sys_semget;
  t[394] = sys_semctl;
  t[399] = sys_msgget;
  t[400] = sys_msgsnd;
  t[401] = sys_msgrcv;
  t[402] = sys_msgctl;
  t[420] = sys_semtimedop_time64;
  t[395] = sys_shmget;
  t[396] = sys_shmctl;
  t[397] = sys_shmat;
  t[398] = sys_shmdt;
}

// /proc/sysvipc/{msg,shm,sem}: ipc/msg.c, shm.c, sem.c's sysvipc_*_proc_show, with the header
// of a 32-bit kernel (BITS_PER_LONG 32: shm sizes in 10 columns, not 21). In index order, as the
// kernel's idr walk. The shm rss column counts every frame (they are allocated at shmget).
std::string ipc_proc_text(Kernel& k, const std::string& which) {
  std::string out;
  char line[256];
  auto add = [&](int n) { out.append(line, size_t(std::max(0, std::min<int>(n, sizeof line - 1)))); };
  auto& I = *k.ipc_;
  if (which == "sysvipc/msg") {
    out = "       key      msqid perms      cbytes       qnum lspid lrpid   uid   gid  cuid  cgid"
          "      stime      rtime      ctime\n";
    for (const auto& [idx, q] : I.msg.objs)
      add(std::snprintf(line, sizeof line,
                        "%10d %10d  %4o  %10u %10u %5d %5d %5u %5u %5u %5u %10lld %10lld %10lld\n",
                        q->perm.key, q->id, q->perm.mode, q->cbytes, unsigned(q->msgs.size()),
                        q->lspid, q->lrpid, q->perm.uid, q->perm.gid, q->perm.cuid, q->perm.cgid,
                        (long long)q->stime, (long long)q->rtime, (long long)q->ctime));
  } else if (which == "sysvipc/shm") {
    shm_sweep(k);
    out = "       key      shmid perms       size  cpid  lpid nattch   uid   gid  cuid  cgid"
          "      atime      dtime      ctime        rss       swap\n";
    for (const auto& [idx, sg] : I.shm.objs) {
      const uint32_t mode = sg->perm.mode | (sg->dest ? kShmDest : 0) | (sg->locked ? kShmLocked : 0);
      add(std::snprintf(line, sizeof line,
                        "%10d %10d  %4o %10u %5d %5d  %5u %5u %5u %5u %5u %10lld %10lld %10lld %10u %10u\n",
                        sg->perm.key, sg->id, mode, sg->segsz, sg->cpid, sg->lpid, nattch(k, *sg),
                        sg->perm.uid, sg->perm.gid, sg->perm.cuid, sg->perm.cgid,
                        (long long)sg->atime, (long long)sg->dtime, (long long)sg->ctime,
                        unsigned(sg->obj->frames.size() * kPageSize), 0u));
    }
  } else if (which == "sysvipc/sem") {
    out = "       key      semid perms      nsems   uid   gid  cuid  cgid      otime      ctime\n";
    for (const auto& [idx, a] : I.sem.objs)
      add(std::snprintf(line, sizeof line, "%10d %10d  %4o %10u %5u %5u %5u %5u %10lld %10lld\n",
                        a->perm.key, a->id, a->perm.mode, unsigned(a->val.size()), a->perm.uid,
                        a->perm.gid, a->perm.cuid, a->perm.cgid, (long long)a->otime,
                        (long long)a->ctime));
  }
  return out;
}

}  // namespace irq::os
