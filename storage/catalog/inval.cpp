// Shared invalidation queue and per-transaction pending messages (see inval.h).
#include "storage/catalog/inval.h"

#include <atomic>
#include <set>
#include <utility>
#include <vector>

#include "common/shmem/lwlock.h"
#include "common/shmem/shmem.h"
#include "storage/catalog/relcache.h"
#include "storage/catalog/statistic_cache.h"
#include "storage/catalog/syscache.h"
#include "storage/lmgr/lock_manager.h"
#include "storage/txn/snapshot.h"
#include "storage/txn/xact.h"

namespace hyrax::catalog {

namespace {

enum class MessageKind : uint8_t { kCatalog, kRelation };

struct Message {
  MessageKind kind;
  Oid db_oid;  // kInvalidOid: applies in every database (shared catalogs)
  Oid oid;
};

constexpr uint64_t kQueueSize = 4096;

struct SharedQueue {
  LWLock lock;                      // serialises writers
  std::atomic<uint64_t> write_pos;  // messages ever written
  Message ring[kQueueSize];         // slot = pos % kQueueSize
};

SharedQueue* g_queue = nullptr;
uint64_t g_read_pos = 0;
std::vector<Message> g_pending;  // this transaction's messages, in order
size_t g_applied_locally = 0;    // prefix of g_pending already applied here

bool IsSharedCatalog(Oid catalog_oid) {
  // pg_authid, pg_database, pg_tablespace, pg_auth_members, pg_shdescription, ...
  return catalog_oid == 1260 || catalog_oid == 1262 || catalog_oid == 1213 || catalog_oid == 1261 ||
         catalog_oid == 2396 || catalog_oid == 1214 || catalog_oid == 2964 || catalog_oid == 3592 ||
         catalog_oid == 6000 || catalog_oid == 6100 || catalog_oid == 6243;
}

void Apply(const Message& m) {
  if (m.kind == MessageKind::kCatalog) {
    ApplyCatalogInvalidation(m.oid);
  } else {
    ApplyRelationInvalidation(m.oid);
  }
}

void ResetAll() {
  Syscache().InvalidateAll();
  StatisticCacheInvalidateAll();
  RelationCacheInvalidate();
  storage::InvalidateCatalogSnapshot();
}

void Queue(MessageKind kind, Oid oid) {
  Oid db = kind == MessageKind::kCatalog && IsSharedCatalog(oid) ? kInvalidOid
                                                                 : storage::g_my_database_id;
  // Only a message not applied here yet makes a repeat redundant: one this backend already
  // applied at a CommandCounterIncrement must be applied again after the next change.
  for (size_t i = g_applied_locally; i < g_pending.size(); ++i) {
    if (g_pending[i].kind == kind && g_pending[i].oid == oid) return;
  }
  g_pending.push_back({kind, db, oid});
}

void ApplyPendingLocally() {
  for (size_t i = g_applied_locally; i < g_pending.size(); ++i) Apply(g_pending[i]);
  g_applied_locally = g_pending.size();
  if (!g_pending.empty()) storage::InvalidateCatalogSnapshot();
}

void Publish() {
  if (g_queue == nullptr || g_pending.empty()) return;
  // Other backends need each message once (g_pending repeats those applied here at more
  // than one CommandCounterIncrement).
  std::vector<Message> unique;
  std::set<std::pair<MessageKind, Oid>> seen;
  for (const Message& m : g_pending) {
    if (seen.insert({m.kind, m.oid}).second) unique.push_back(m);
  }
  LWLockGuard guard(g_queue->lock, LWLockMode::kExclusive);
  uint64_t pos = g_queue->write_pos.load(std::memory_order_relaxed);
  for (const Message& m : unique) g_queue->ring[pos++ % kQueueSize] = m;
  g_queue->write_pos.store(pos, std::memory_order_release);
}

void OnXactEvent(storage::XactEvent event) {
  switch (event) {
    case storage::XactEvent::kCommit:
      // Messages of the last command were not applied by a CommandCounterIncrement yet.
      ApplyPendingLocally();
      Publish();
      g_pending.clear();
      g_applied_locally = 0;
      break;
    case storage::XactEvent::kAbort:
      g_applied_locally = 0;
      ApplyPendingLocally();
      g_pending.clear();
      g_applied_locally = 0;
      break;
    default:
      break;
  }
}

}  // namespace

size_t InvalShmemSize() {
  return sizeof(SharedQueue);
}

void InvalShmemInit() {
  bool found = false;
  g_queue = static_cast<SharedQueue*>(
      shmem::InitStruct("Shared invalidation queue", sizeof(SharedQueue), &found));
  if (!found) new (g_queue) SharedQueue();
}

void CacheInvalidateCatalog(Oid catalog_oid) {
  Queue(MessageKind::kCatalog, catalog_oid);
}
void CacheInvalidateRelation(Oid relid) {
  Queue(MessageKind::kRelation, relid);
}

void AcceptInvalidationMessages() {
  if (g_queue == nullptr) return;
  uint64_t end = g_queue->write_pos.load(std::memory_order_acquire);
  if (end == g_read_pos) return;
  if (end - g_read_pos > kQueueSize) {
    ResetAll();
    g_read_pos = end;
    return;
  }
  LWLockGuard guard(g_queue->lock, LWLockMode::kShared);
  end = g_queue->write_pos.load(std::memory_order_acquire);
  if (end - g_read_pos > kQueueSize) {
    guard.Release();
    ResetAll();
    g_read_pos = end;
    return;
  }
  for (; g_read_pos < end; ++g_read_pos) {
    const Message& m = g_queue->ring[g_read_pos % kQueueSize];
    if (m.db_oid != kInvalidOid && m.db_oid != storage::g_my_database_id) continue;
    Apply(m);
  }
  storage::InvalidateCatalogSnapshot();
}

void InitInvalidationForBackend() {
  if (g_queue != nullptr) g_read_pos = g_queue->write_pos.load(std::memory_order_acquire);
  g_pending.clear();
  g_applied_locally = 0;
  static bool registered = false;
  if (registered) return;
  registered = true;
  storage::RegisterXactCallback(OnXactEvent);
  storage::RegisterCommandCounterHook(ApplyPendingLocally);
}

void ApplyCatalogInvalidation(Oid catalog_oid) {
  Syscache().InvalidateCatalog(catalog_oid);
  if (catalog_oid == kStatisticRelationId) StatisticCacheInvalidateAll();
  // Relation descriptors are built from these catalogs.
  if (catalog_oid == kRelationRelationId || catalog_oid == kAttributeRelationId ||
      catalog_oid == kAttrDefaultRelationId || catalog_oid == kConstraintRelationId ||
      catalog_oid == kIndexRelationId || catalog_oid == kNamespaceRelationId) {
    RelationCacheInvalidate();
  }
}

void ApplyRelationInvalidation(Oid relid) {
  Syscache().InvalidateRelation(relid);
  RelationCacheInvalidateEntry(relid);
  StatisticCacheInvalidateRelation(relid);
}

}  // namespace hyrax::catalog
