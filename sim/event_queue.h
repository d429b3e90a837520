// sim/event_queue.h — the one timeline: sparse events keyed by (cycle, priority, sequence)
// (DESIGN.md §2, STYLE.md point 7). O(log n) insert and pop, FIFO among equal (cycle, priority),
// deterministic. Events are plain records (a function pointer, its context and a tag), so
// scheduling allocates nothing once the heap has grown to its working size.
//
// There is no cancel: an owner that reprograms itself bumps a generation number, passes it as the
// tag, and ignores events whose tag is stale (gem5's and ares' devices do the same).
#pragma once
#include <cstdint>
#include <queue>
#include <vector>

namespace irq::sim {

class EventQueue {
 public:
  using Callback = void (*)(void* ctx, uint64_t now, uint64_t tag);
  static constexpr uint64_t kNever = ~0ull;
  // Lower numbers run first among events due on the same cycle.
  enum Priority : uint32_t { kDevice = 100, kTimeline = 200, kStop = 300 };

  EventQueue() { std::vector<Event> v; v.reserve(256); heap_ = Heap(Later{}, std::move(v)); }

  void schedule(uint64_t when, Callback fn, void* ctx, uint64_t tag = 0, uint32_t priority = kDevice) {
    heap_.push(Event{when, priority, seq_++, fn, ctx, tag});
  }
  uint64_t next_time() const { return heap_.empty() ? kNever : heap_.top().when; }
  bool empty() const { return heap_.empty(); }
  std::size_t size() const { return heap_.size(); }

  // Run every event due at or before `now`, in order. An event may schedule more events, also for
  // `now` itself (they run in this same call, after those already queued).
  void run_due(uint64_t now) {
    while (!heap_.empty() && heap_.top().when <= now) {
      const Event e = heap_.top();
      heap_.pop();
      e.fn(e.ctx, e.when, e.tag);
    }
  }
  void clear() { while (!heap_.empty()) heap_.pop(); }

 private:
  struct Event {
    uint64_t when;
    uint32_t priority;
    uint64_t seq;
    Callback fn;
    void* ctx;
    uint64_t tag;
  };
  struct Later {
    bool operator()(const Event& a, const Event& b) const {
      if (a.when != b.when) return a.when > b.when;
      if (a.priority != b.priority) return a.priority > b.priority;
      return a.seq > b.seq;
    }
  };
  using Heap = std::priority_queue<Event, std::vector<Event>, Later>;
  Heap heap_;
  uint64_t seq_ = 0;
};

}  // namespace irq::sim
