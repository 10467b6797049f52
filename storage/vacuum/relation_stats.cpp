// Shared per-relation counters (see relation_stats.h): a fixed open-addressing table under
// one LWLock, written once per relation per transaction end (from the backend's pending
// counts) and by VACUUM. storage/vacuum/README.md "Dead-tuple counters".
#include "storage/vacuum/relation_stats.h"

#include <chrono>
#include <new>
#include <unordered_map>

#include "common/shmem/lwlock.h"
#include "common/shmem/shmem.h"
#include "storage/txn/xact.h"

namespace hyrax::storage {
namespace {

struct Entry {
  bool in_use;
  Oid db_oid;
  Oid relid;
  RelationCounts counts;
};

struct SharedStats {
  LWLock lock;  // protects every entry
  Entry entries[RelationStats::kMaxRelations];
};

SharedStats* g_shared = nullptr;

struct Pending {
  int64_t inserted = 0;
  int64_t updated = 0;
  int64_t deleted = 0;
};
// This transaction's counts by (db, relid); process-local.
std::unordered_map<uint64_t, Pending>* g_pending = nullptr;
bool g_callback_registered = false;

// Now as PostgreSQL's TimestampTz: microseconds since 2000-01-01 UTC.
int64_t NowTimestampTz() {
  constexpr int64_t kPostgresEpochUs = 946684800LL * 1000000LL;
  const auto since_unix = std::chrono::system_clock::now().time_since_epoch();
  return std::chrono::duration_cast<std::chrono::microseconds>(since_unix).count() -
         kPostgresEpochUs;
}

uint64_t Key(Oid db_oid, Oid relid) {
  return (uint64_t{db_oid} << 32) | relid;
}

// The entry of (db, relid), claimed when `create`; nullptr when absent or the table is full.
// Requires: g_shared->lock held (exclusive when `create`).
Entry* Find(Oid db_oid, Oid relid, bool create) {
  const uint64_t key = Key(db_oid, relid);
  const size_t start = (key * 0x9E3779B97F4A7C15ull) >> 52;  // 12 bits = 4096 slots
  static_assert(RelationStats::kMaxRelations == 4096);
  for (int probe = 0; probe < RelationStats::kMaxRelations; ++probe) {
    Entry& entry = g_shared->entries[(start + probe) % RelationStats::kMaxRelations];
    if (!entry.in_use) {
      if (!create) return nullptr;
      entry = Entry{true, db_oid, relid, RelationCounts{}};
      return &entry;
    }
    if (entry.db_oid == db_oid && entry.relid == relid) return &entry;
  }
  return nullptr;
}

// Applies the pending counts at top-level commit or abort (pgstat's AtEOXact_PgStat).
// Subtransaction aborts are not told apart: their rows count as if their parent's.
void FlushPending(bool committed) noexcept {
  if (g_pending == nullptr || g_pending->empty()) return;
  if (g_shared != nullptr) {
    LWLockGuard guard(g_shared->lock, LWLockMode::kExclusive);
    for (const auto& [key, pending] : *g_pending) {
      Entry* entry = Find(static_cast<Oid>(key >> 32), static_cast<Oid>(key), true);
      if (entry == nullptr) continue;
      RelationCounts& c = entry->counts;
      if (committed) {
        c.live_tuples += pending.inserted - pending.deleted;
        c.dead_tuples += pending.updated + pending.deleted;
        c.inserted_since_vacuum += pending.inserted;
      } else {
        c.dead_tuples += pending.inserted + pending.updated;
      }
      if (c.live_tuples < 0) c.live_tuples = 0;
      c.modified_since_analyze += pending.inserted + pending.updated + pending.deleted;
    }
  }
  g_pending->clear();
}

Pending* PendingFor(Oid db_oid, Oid relid) {
  if (g_pending == nullptr) g_pending = new std::unordered_map<uint64_t, Pending>();
  if (!g_callback_registered) {
    RegisterXactCallback([](XactEvent event) {
      if (event == XactEvent::kCommit) FlushPending(true);
      if (event == XactEvent::kAbort) FlushPending(false);
    });
    g_callback_registered = true;
  }
  return &(*g_pending)[Key(db_oid, relid)];
}

}  // namespace

size_t RelationStats::ShmemSize() {
  return sizeof(SharedStats);
}

void RelationStats::ShmemInit() {
  bool found = false;
  void* area = shmem::InitStruct("Relation Statistics", sizeof(SharedStats), &found);
  if (!found) {
    auto* shared = new (area) SharedStats();
    for (Entry& entry : shared->entries) entry.in_use = false;
  }
  g_shared = static_cast<SharedStats*>(area);
  if (g_pending != nullptr) g_pending->clear();
}

void RelationStats::CountInsert(Oid db_oid, Oid relid, int64_t ntuples) noexcept {
  try {
    PendingFor(db_oid, relid)->inserted += ntuples;
  } catch (...) {  // out of memory: the count is only advisory
  }
}

void RelationStats::CountUpdate(Oid db_oid, Oid relid) noexcept {
  try {
    PendingFor(db_oid, relid)->updated += 1;
  } catch (...) {
  }
}

void RelationStats::CountDelete(Oid db_oid, Oid relid) noexcept {
  try {
    PendingFor(db_oid, relid)->deleted += 1;
  } catch (...) {
  }
}

void RelationStats::ReportVacuum(Oid db_oid, Oid relid, int64_t live_tuples, int64_t dead_tuples) {
  if (g_shared == nullptr) return;
  LWLockGuard guard(g_shared->lock, LWLockMode::kExclusive);
  Entry* entry = Find(db_oid, relid, true);
  if (entry == nullptr) return;
  entry->counts.live_tuples = live_tuples;
  entry->counts.dead_tuples = dead_tuples;
  entry->counts.inserted_since_vacuum = 0;
  entry->counts.vacuum_count += 1;
  entry->counts.reltuples = static_cast<double>(live_tuples);
}

void RelationStats::ReportAnalyze(Oid db_oid, Oid relid, double reltuples, bool autovacuum,
                                  bool all_columns) {
  if (g_shared == nullptr) return;
  const int64_t now = NowTimestampTz();
  LWLockGuard guard(g_shared->lock, LWLockMode::kExclusive);
  Entry* entry = Find(db_oid, relid, true);
  if (entry == nullptr) return;
  RelationCounts& c = entry->counts;
  if (all_columns) c.modified_since_analyze = 0;
  c.reltuples = reltuples;
  if (autovacuum) {
    c.autoanalyze_count += 1;
    c.last_autoanalyze = now;
  } else {
    c.analyze_count += 1;
    c.last_analyze = now;
  }
}

void RelationStats::SetReltuples(Oid db_oid, Oid relid, double reltuples) {
  if (g_shared == nullptr) return;
  LWLockGuard guard(g_shared->lock, LWLockMode::kExclusive);
  if (Entry* entry = Find(db_oid, relid, false)) entry->counts.reltuples = reltuples;
}

std::optional<RelationCounts> RelationStats::Get(Oid db_oid, Oid relid) {
  if (g_shared == nullptr) return std::nullopt;
  LWLockGuard guard(g_shared->lock, LWLockMode::kShared);
  const Entry* entry = Find(db_oid, relid, false);
  if (entry == nullptr) return std::nullopt;
  return entry->counts;
}

std::vector<RelationCountsEntry> RelationStats::Snapshot() {
  std::vector<RelationCountsEntry> out;
  if (g_shared == nullptr) return out;
  LWLockGuard guard(g_shared->lock, LWLockMode::kShared);
  for (const Entry& entry : g_shared->entries) {
    if (entry.in_use) out.push_back({entry.db_oid, entry.relid, entry.counts});
  }
  return out;
}

}  // namespace hyrax::storage
