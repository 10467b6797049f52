// Names and descriptions of locks (PostgreSQL's lock mode names, DescribeLockTag and lock
// wait-event names) and the pg_locks snapshot of the shared table (GetLockStatus).
#include <atomic>

#include "storage/lmgr/lock_table.h"

namespace hyrax::storage {

const char* LockModeName(LockMode mode) {
  switch (mode) {
    case LockMode::kNoLock:
      return "INVALID";
    case LockMode::kAccessShare:
      return "AccessShareLock";
    case LockMode::kRowShare:
      return "RowShareLock";
    case LockMode::kRowExclusive:
      return "RowExclusiveLock";
    case LockMode::kShareUpdateExclusive:
      return "ShareUpdateExclusiveLock";
    case LockMode::kShare:
      return "ShareLock";
    case LockMode::kShareRowExclusive:
      return "ShareRowExclusiveLock";
    case LockMode::kExclusive:
      return "ExclusiveLock";
    case LockMode::kAccessExclusive:
      return "AccessExclusiveLock";
  }
  return "INVALID";
}

std::vector<LockManager::LockStatusRow> LockManager::GetLockStatus() {
  using namespace lmgr_internal;  // NOLINT(google-build-using-namespace)
  LockTable& t = Table();
  std::vector<LockStatusRow> rows;
  // A consistent picture needs every partition, taken in order (as PostgreSQL).
  for (LWLock& lock : t.partitions) lock.Acquire(LWLockMode::kShared);
  try {
    for (int32_t b = 0; b < t.num_buckets; ++b) {
      for (int32_t l = t.buckets[b]; l != kNil; l = t.locks[l].next) {
        const LockObj& lock = t.locks[l];
        for (int32_t h = lock.holders; h != kNil; h = t.holders[h].next) {
          const Holder& holder = t.holders[h];
          const ProcSlot* proc = t.procs[holder.proc].proc;
          const int32_t pid = proc->pid.load();
          for (int m = 1; m < kMaxLockModes; ++m) {
            if ((holder.hold_mask & Bit(m)) != 0) {
              rows.push_back({lock.tag, static_cast<LockMode>(m), true, pid, false, 0});
            }
          }
          if (proc->wait_lock == &lock &&
              std::atomic_ref<int32_t>(const_cast<int32_t&>(proc->wait_status)).load() ==
                  kWaiting) {
            rows.push_back({lock.tag, static_cast<LockMode>(proc->wait_mode), false, pid, false,
                            t.procs[holder.proc].wait_start});
          }
        }
      }
    }
  } catch (...) {
    for (int i = kNumPartitions - 1; i >= 0; --i) t.partitions[i].Release();
    throw;
  }
  for (int i = kNumPartitions - 1; i >= 0; --i) t.partitions[i].Release();
  return rows;
}

namespace lmgr_internal {

std::string DescribeLockTag(const LockTag& tag) {
  switch (tag.type) {
    case LockTagType::kRelation:
      return fmt::format("relation {} of database {}", tag.field2, tag.field1);
    case LockTagType::kRelationExtend:
      return fmt::format("extension of relation {} of database {}", tag.field2, tag.field1);
    case LockTagType::kDatabaseFrozenIds:
      return fmt::format("pg_database.datfrozenxid of database {}", tag.field1);
    case LockTagType::kPage:
      return fmt::format("page {} of relation {} of database {}", tag.field3, tag.field2,
                         tag.field1);
    case LockTagType::kTuple:
      return fmt::format("tuple ({},{}) of relation {} of database {}", tag.field3, tag.field4,
                         tag.field2, tag.field1);
    case LockTagType::kTransaction:
      return fmt::format("transaction {}", tag.field1);
    case LockTagType::kVirtualTransaction:
      return fmt::format("virtual transaction {}/{}", tag.field1, tag.field2);
    case LockTagType::kSpeculativeToken:
      return fmt::format("speculative token {} of transaction {}", tag.field2, tag.field1);
    case LockTagType::kObject:
      return fmt::format("object {} of class {} of database {}", tag.field3, tag.field2,
                         tag.field1);
    case LockTagType::kUserLock:
      return fmt::format("user lock [{},{},{}]", tag.field1, tag.field2, tag.field3);
    case LockTagType::kAdvisory:
      return fmt::format("advisory lock [{},{},{},{}]", tag.field1, tag.field2, tag.field3,
                         tag.field4);
  }
  return "unrecognized locktag type";
}

const char* WaitEventName(LockTagType type) {
  switch (type) {
    case LockTagType::kRelation:
      return "relation";
    case LockTagType::kRelationExtend:
      return "extend";
    case LockTagType::kDatabaseFrozenIds:
      return "frozenid";
    case LockTagType::kPage:
      return "page";
    case LockTagType::kTuple:
      return "tuple";
    case LockTagType::kTransaction:
      return "transactionid";
    case LockTagType::kVirtualTransaction:
      return "virtualxid";
    case LockTagType::kSpeculativeToken:
      return "spectoken";
    case LockTagType::kObject:
      return "object";
    case LockTagType::kUserLock:
      return "userlock";
    case LockTagType::kAdvisory:
      return "advisory";
  }
  return "???";
}

}  // namespace lmgr_internal

}  // namespace hyrax::storage
