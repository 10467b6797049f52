// TRUNCATE (PostgreSQL's ExecuteTruncate with RelationSetNewRelfilenumber): every table is
// locked AccessExclusive first, then it and its TOAST table get a new, empty relfilenode.
// The new files are removed if the transaction aborts and the old ones when it commits
// (storage/catalog/storage_create.h), so TRUNCATE rolls back like any other change.
#include <algorithm>
#include <optional>
#include <vector>

#include "common/error.h"
#include "executor/commands/foreign_key.h"
#include "executor/commands/index_commands.h"
#include "executor/commands/table_commands.h"
#include "executor/exec/constraint_deferral.h"
#include "storage/catalog/catalog_desc.h"
#include "storage/catalog/catalog_scan.h"
#include "storage/catalog/inval.h"
#include "storage/catalog/sequence_owner.h"
#include "storage/catalog/storage_create.h"
#include "storage/catalog/syscache.h"
#include "storage/lmgr/lock_manager.h"
#include "storage/sequence/sequence.h"
#include "storage/toast/toast_chunk_index.h"
#include "storage/txn/transam.h"

namespace hyrax::executor::commands {

namespace {

// PostgreSQL's truncate_check_rel, after the lock.
void CheckTruncatable(Oid relid) {
  auto rel = catalog::Syscache().RelationByOid(relid);
  if (!rel) throw MakeError(errcode::kUndefinedTable, "relation with OID {} does not exist", relid);
  if (rel->relkind != 'r' && rel->relkind != 'p') {
    throw MakeError(errcode::kWrongObjectType, "\"{}\" is not a table", rel->relname);
  }
  if (rel->relnamespace == catalog::kPgCatalogNamespace ||
      rel->relnamespace == catalog::kPgToastNamespace) {
    throw MakeError(errcode::kInsufficientPrivilege,
                    "permission denied: \"{}\" is a system catalog", rel->relname);
  }
  // Deferred re-checks point at rows of the old file (PostgreSQL's CheckTableNotInUse).
  if (HasDeferredRechecks(relid)) {
    throw MakeError(errcode::kObjectInUse,
                    "cannot TRUNCATE \"{}\" because it has pending trigger events", rel->relname);
  }
}

// The pg_class row of `relid` with its ctid.
std::optional<catalog::CatalogRowRef<catalog::PgClass>> FindClassRow(Oid relid) {
  for (auto& ref : catalog::ScanCatalog<catalog::PgClass>()) {
    if (ref.row.oid == relid) return ref;
  }
  return std::nullopt;
}

// Points `relid` at a new empty file: creates it (removed at abort), schedules the old one
// for removal at commit, and records the new relfilenode with empty statistics.
void SetNewRelfilenode(Oid relid, const RelFileLocator& old_locator) {
  auto ref = FindClassRow(relid);
  if (!ref) throw MakeError(errcode::kUndefinedTable, "relation with OID {} does not exist", relid);
  RelFileLocator new_locator = old_locator;
  new_locator.rel_number = storage::GetNewObjectId();
  catalog::RelationCreateStorage(new_locator);
  catalog::RelationDropStorage(old_locator);
  catalog::PgClass updated = ref->row;
  updated.relfilenode = new_locator.rel_number;
  updated.relpages = 0;
  updated.reltuples = -1;
  updated.relallvisible = 0;
  catalog::UpdateCatalogRow(ref->ctid, updated);
  catalog::CacheInvalidateRelation(relid);
}

void TruncateOne(Oid relid) {
  auto ref = FindClassRow(relid);
  if (!ref) throw MakeError(errcode::kUndefinedTable, "relation with OID {} does not exist", relid);
  if (ref->row.relkind == 'p') return;  // no storage: its partitions are truncated
  storage::HeapRelation heap = catalog::HeapRelationFor(ref->row);
  SetNewRelfilenode(relid, heap.locator);
  for (const auto& idx : catalog::Syscache().IndexesOf(relid)) {
    storage::LockRelationOid(idx.indexrelid, storage::LockMode::kAccessExclusive);
  }
  TruncateIndexes(relid);
  if (ref->row.reltoastrelid == kInvalidOid) return;
  auto toast = FindClassRow(ref->row.reltoastrelid);
  if (!toast) return;
  RelFileLocator toast_locator = heap.toast_locator;
  toast_locator.rel_number = toast->row.relfilenode;
  storage::ToastForgetChunkIndex(toast_locator);
  SetNewRelfilenode(toast->row.oid, toast_locator);
}

}  // namespace

void TruncateTables(const nodes::TruncateStmt& stmt) {
  // Lock and check every table before changing any, as PostgreSQL; a table named twice is
  // truncated once. Tables referencing them by foreign keys must be named too, or come
  // along with CASCADE. RESTART IDENTITY resets the owned sequences to their start at once
  // (not undone by ROLLBACK, unlike PostgreSQL's new sequence relfilenode).
  std::vector<Oid> relids;
  for (Oid relid : stmt.relids) {
    if (std::find(relids.begin(), relids.end(), relid) != relids.end()) continue;
    storage::LockRelationOid(relid, storage::LockMode::kAccessExclusive);
    CheckTruncatable(relid);
    relids.push_back(relid);
  }
  std::vector<Oid> referencing =
      TruncateReferencingTables(relids, stmt.behavior == nodes::DropBehavior::kCascade);
  for (Oid relid : referencing) CheckTruncatable(relid);
  relids.insert(relids.end(), referencing.begin(), referencing.end());
  for (Oid relid : relids) TruncateOne(relid);
  if (!stmt.restart_seqs) return;
  for (Oid relid : relids) {
    for (Oid seqid : catalog::OwnedSequences(relid)) {
      storage::LockRelationOid(seqid, storage::LockMode::kAccessExclusive);
      storage::ResetSequenceState(seqid, {storage::GetSequenceParams(seqid).seqstart, 0, false});
    }
  }
}

}  // namespace hyrax::executor::commands
