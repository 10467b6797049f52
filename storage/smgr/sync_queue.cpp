// Shared sync-request queue (see storage/smgr/sync_queue.h). One LWLock protects the entry
// array; the cycle counter lets a process skip re-queuing a segment it already queued since
// the last drain without taking the lock.
#include "storage/smgr/sync_queue.h"

#include <algorithm>
#include <atomic>
#include <unordered_map>

#include "common/error.h"
#include "common/shmem/lwlock.h"
#include "common/shmem/shmem.h"
#include "storage/smgr/smgr.h"

namespace hyrax::storage {

int g_sync_queue_entries = 16384;

namespace {

struct SyncQueueShared {
  LWLock lock;
  std::atomic<uint64_t> cycle;    // bumped by Drain under `lock`; read without it
  std::atomic<uint64_t> unlinks;  // bumped after files were removed
  int capacity;                   // fixed at ShmemInit
  int count;                      // protected by `lock`
  SegmentId entries[1];           // `capacity` entries, protected by `lock`
};

SyncQueueShared* g_queue = nullptr;

// Per-process memo: segment -> cycle in which this process queued it.
std::unordered_map<SegmentId, uint64_t, SegmentIdHash>& Memo() {
  static std::unordered_map<SegmentId, uint64_t, SegmentIdHash> memo;
  return memo;
}
constexpr size_t kMaxMemoEntries = 4096;

size_t AreaSize(int capacity) {
  return offsetof(SyncQueueShared, entries) + sizeof(SegmentId) * static_cast<size_t>(capacity);
}

SyncQueueShared* Queue() {
  if (g_queue == nullptr) {
    ThrowInternalError(__FILE__, __LINE__, "sync request queue is not initialised");
  }
  return g_queue;
}

// Removes duplicate entries in place. Requires: lock held exclusively.
void Compact(SyncQueueShared* q) {
  std::sort(q->entries, q->entries + q->count);
  q->count = static_cast<int>(std::unique(q->entries, q->entries + q->count) - q->entries);
}

}  // namespace

size_t SyncQueue::ShmemSize() {
  return shmem::AddSize(0, AreaSize(std::max(g_sync_queue_entries, 1)));
}

void SyncQueue::ShmemInit() {
  const int capacity = std::max(g_sync_queue_entries, 1);
  bool found = false;
  auto* q = static_cast<SyncQueueShared*>(
      shmem::InitStruct("Sync Request Queue", AreaSize(capacity), &found));
  if (!found) {
    new (&q->lock) LWLock();
    q->cycle.store(1);
    q->unlinks.store(0);
    q->capacity = capacity;
    q->count = 0;
  }
  g_queue = q;
  Memo().clear();
}

bool SyncQueue::Record(const SegmentId& segment) {
  SyncQueueShared* q = Queue();
  auto& memo = Memo();
  auto it = memo.find(segment);
  if (it != memo.end() && it->second == q->cycle.load()) return true;

  LWLockGuard guard(q->lock, LWLockMode::kExclusive);
  if (q->count == q->capacity) Compact(q);
  if (q->count == q->capacity) return false;
  q->entries[q->count++] = segment;
  if (memo.size() >= kMaxMemoEntries) memo.clear();
  memo[segment] = q->cycle.load();
  return true;
}

std::vector<SegmentId> SyncQueue::Drain() {
  SyncQueueShared* q = Queue();
  std::vector<SegmentId> taken;
  {
    LWLockGuard guard(q->lock, LWLockMode::kExclusive);
    q->cycle.fetch_add(1);
    taken.assign(q->entries, q->entries + q->count);
    q->count = 0;
  }
  std::sort(taken.begin(), taken.end());
  taken.erase(std::unique(taken.begin(), taken.end()), taken.end());
  return taken;
}

uint64_t SyncQueue::UnlinkCounter() {
  return g_queue == nullptr ? 0 : g_queue->unlinks.load();
}

void SyncQueue::NoteUnlink() {
  if (g_queue != nullptr) g_queue->unlinks.fetch_add(1);
}

}  // namespace hyrax::storage
