// The session's temporary schema (see temp_namespace.h).
#include "executor/commands/temp_namespace.h"

#include <string>
#include <vector>

#include "executor/commands/drop_relations.h"
#include "storage/catalog/catalog_scan.h"
#include "storage/catalog/namespace.h"
#include "storage/catalog/syscache.h"
#include "storage/lmgr/lock_manager.h"
#include "storage/txn/proc_array.h"
#include "storage/txn/transam.h"
#include "storage/txn/xact.h"

namespace hyrax::executor::commands {

namespace {

// PostgreSQL numbers temporary schemas by backend id; ours is the proc slot (1-based).
int TempNamespaceNumber() {
  storage::ProcSlot* me = storage::ProcArray::MyProc();
  return me != nullptr ? me->slot_index + 1 : 1;
}

Oid CreateNamespace(const std::string& name) {
  catalog::PgNamespace nsp;
  nsp.oid = storage::GetNewObjectId();
  nsp.nspname = name;
  nsp.nspowner = catalog::kBootstrapSuperuserId;
  catalog::InsertCatalogRow(nsp);
  return nsp.oid;
}

// An existing schema called `name`, or a new one.
Oid FindOrCreateNamespace(const std::string& name, bool* existed) {
  auto nsp = catalog::Syscache().NamespaceByName(name);
  *existed = nsp.has_value();
  return nsp ? nsp->oid : CreateNamespace(name);
}

}  // namespace

Oid EnsureTempNamespace() {
  Oid current = catalog::TempNamespace();
  if (current != kInvalidOid && catalog::Syscache().NamespaceByOid(current)) return current;
  std::string number = std::to_string(TempNamespaceNumber());
  bool existed = false;
  Oid nsp = FindOrCreateNamespace("pg_temp_" + number, &existed);
  bool toast_existed = false;
  FindOrCreateNamespace("pg_toast_temp_" + number, &toast_existed);
  storage::CommandCounterIncrement();
  // Left by a session that did not end cleanly: nobody else can be using this slot.
  if (existed) RemoveTempRelations(nsp);
  catalog::SetTempNamespace(nsp);
  return nsp;
}

void RemoveTempRelations(Oid namespace_oid) {
  std::vector<Oid> relids;
  for (const auto& ref : catalog::ScanCatalog<catalog::PgClass>()) {
    const catalog::PgClass& rel = ref.row;
    // Indexes and TOAST tables go with their tables.
    if (rel.relnamespace == namespace_oid && (rel.relkind == 'r' || rel.relkind == 'v')) {
      relids.push_back(rel.oid);
    }
  }
  if (relids.empty()) return;
  for (Oid relid : relids) {
    storage::LockRelationOid(relid, storage::LockMode::kAccessExclusive);
  }
  PerformRelationDeletions(relids, /*cascade=*/true, /*quiet=*/true);
}

void DropSessionTempRelations() {
  Oid nsp = catalog::TempNamespace();
  if (nsp == kInvalidOid || !catalog::Syscache().NamespaceByOid(nsp)) return;
  RemoveTempRelations(nsp);
}

}  // namespace hyrax::executor::commands
