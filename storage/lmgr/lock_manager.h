// Heavyweight locks (PostgreSQL's lock.c/lmgr.c): lock tags for relations, tuples,
// transactions, relation extension and other objects; PostgreSQL's eight modes and their
// conflict table; a shared hash table of locks with holder lists and FIFO wait queues;
// waits sleep on the proc semaphore; after deadlock_timeout the waiter searches the
// wait-for graph and raises 40P01 if it closes a cycle. Transaction locks are released at
// transaction end; session locks explicitly. storage/lmgr/README.md has the details.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "common/ids.h"

namespace hyrax::storage {

enum class LockMode : uint8_t {
  kNoLock = 0,
  kAccessShare = 1,           // SELECT
  kRowShare = 2,              // SELECT FOR UPDATE/SHARE
  kRowExclusive = 3,          // INSERT, UPDATE, DELETE
  kShareUpdateExclusive = 4,  // VACUUM, ANALYZE, CREATE INDEX CONCURRENTLY
  kShare = 5,                 // CREATE INDEX
  kShareRowExclusive = 6,     // CREATE TRIGGER, some ALTER TABLE
  kExclusive = 7,             // REFRESH MATERIALIZED VIEW CONCURRENTLY
  kAccessExclusive = 8,       // DROP, TRUNCATE, most ALTER TABLE, LOCK TABLE default
};
inline constexpr int kMaxLockModes = 9;
// PostgreSQL's names ("AccessShareLock" ...) for pg_locks and messages.
const char* LockModeName(LockMode mode);

enum class LockTagType : uint8_t {
  kRelation,
  kRelationExtend,
  kDatabaseFrozenIds,
  kPage,
  kTuple,
  kTransaction,
  kVirtualTransaction,
  kSpeculativeToken,
  kObject,
  kUserLock,
  kAdvisory,
};

struct LockTag {
  uint32_t field1 = 0, field2 = 0, field3 = 0;
  uint16_t field4 = 0;
  LockTagType type = LockTagType::kRelation;
  bool operator==(const LockTag& o) const {
    return field1 == o.field1 && field2 == o.field2 && field3 == o.field3 && field4 == o.field4 &&
           type == o.type;
  }
  static LockTag Relation(Oid db, Oid rel) { return {db, rel, 0, 0, LockTagType::kRelation}; }
  static LockTag RelationExtend(Oid db, Oid rel) {
    return {db, rel, 0, 0, LockTagType::kRelationExtend};
  }
  static LockTag Tuple(Oid db, Oid rel, BlockNumber block, OffsetNumber offset) {
    return {db, rel, block, offset, LockTagType::kTuple};
  }
  static LockTag Transaction(TransactionId xid) {
    return {xid, 0, 0, 0, LockTagType::kTransaction};
  }
  // class_oid = catalog of the object (pg_database, pg_authid ...).
  static LockTag Object(Oid db, Oid class_oid, Oid obj_oid, uint16_t sub_id = 0) {
    return {db, class_oid, obj_oid, sub_id, LockTagType::kObject};
  }
  static LockTag Advisory(Oid db, uint32_t key1, uint32_t key2, uint16_t kind) {
    return {db, key1, key2, kind, LockTagType::kAdvisory};
  }
};

enum class LockResult { kNotAvailable, kAcquired, kAlreadyHeld };

class LockManager {
 public:
  // GUCs bound by the server's GUC table.
  static int g_max_locks_per_transaction;
  static int g_deadlock_timeout_ms;
  static int g_lock_timeout_ms;  // 0 = wait forever

  static size_t ShmemSize();
  static void ShmemInit();

  // Acquires `mode` on `tag`, waiting unless `dont_wait`. A session lock survives
  // transaction end. Throws 40P01 on deadlock, 55P03 on lock_timeout, 53200 when the shared
  // table is full ("out of shared memory", hint: increase max_locks_per_transaction),
  // 57014 when cancelled while waiting.
  static LockResult Acquire(const LockTag& tag, LockMode mode, bool session_lock = false,
                            bool dont_wait = false);
  // Returns false (and WARNING) when not held.
  static bool Release(const LockTag& tag, LockMode mode, bool session_lock = false);
  // Releases every transaction lock of this backend (and session locks if asked);
  // wakes waiters that can now proceed.
  static void ReleaseAll(bool including_session_locks);
  static bool HeldByMe(const LockTag& tag, LockMode mode);

  // ---- Subtransactions (called by xact) ----
  // Transaction locks taken from now on belong to subtransaction nesting level `nest_level`
  // (1 = top level, the default).
  static void SetOwnerNestLevel(int nest_level);
  // RELEASE: locks owned by `nest_level` pass to its parent, which becomes the owner level.
  static void AtSubCommit(int nest_level);
  // ROLLBACK TO / error in a subtransaction: releases the locks owned by `nest_level` (and
  // deeper), waking waiters.
  static void AtSubAbort(int nest_level);

  // For pg_locks: one row per (holder or waiter, tag, mode).
  struct LockStatusRow {
    LockTag tag;
    LockMode mode;
    bool granted;
    int32_t pid;
    bool fastpath;
    int64_t wait_start;
  };
  static std::vector<LockStatusRow> GetLockStatus();
};

// ---- Convenience wrappers (PostgreSQL's lmgr.c), using MyDatabaseId ----
// Requires: ProcArray::MyProc() claimed (every function here and in LockManager).

// Called after LockRelationOid / ConditionalLockRelationOid / LockSharedRelationOid got a
// lock this backend did not hold yet: the catalog processes invalidation messages there
// (PostgreSQL's AcceptInvalidationMessages in LockRelationOid). May throw.
void RegisterRelationLockCallback(std::function<void()> callback);

void LockRelationOid(Oid relid, LockMode mode);
bool ConditionalLockRelationOid(Oid relid, LockMode mode);
void UnlockRelationOid(Oid relid, LockMode mode);
// Shared catalogs (db = 0) use these with db_oid = kInvalidOid.
void LockSharedRelationOid(Oid relid, LockMode mode);
// Serialises extension of one relation (heap and index).
void LockRelationForExtension(Oid relid);
void UnlockRelationForExtension(Oid relid);
// Every transaction holds an exclusive lock on its own xid from assignment to end.
void XactLockTableInsert(TransactionId xid);
// Waits until `xid` (and, for a subtransaction, its top level) has ended. Throws 40P01,
// 55P03 or 57014 like Acquire.
void XactLockTableWait(TransactionId xid);
bool ConditionalXactLockTableWait(TransactionId xid);
void LockTuple(Oid relid, BlockNumber block, OffsetNumber offset, LockMode mode);
bool ConditionalLockTuple(Oid relid, BlockNumber block, OffsetNumber offset, LockMode mode);
void UnlockTuple(Oid relid, BlockNumber block, OffsetNumber offset, LockMode mode);

// The database this backend is connected to (kInvalidOid in init / aux processes).
extern Oid g_my_database_id;

}  // namespace hyrax::storage
