// ON COMMIT actions of temporary tables (see on_commit_actions.h).
#include "executor/commands/on_commit_actions.h"

#include <vector>

#include "executor/commands/drop_relations.h"
#include "executor/commands/table_commands.h"
#include "storage/buffer/buffer_manager.h"
#include "storage/catalog/catalog_desc.h"
#include "storage/catalog/syscache.h"
#include "storage/lmgr/lock_manager.h"
#include "storage/txn/xact.h"

namespace hyrax::executor::commands {

namespace {

struct OnCommitItem {
  Oid relid;
  nodes::OnCommitAction action;
};

// This backend's registered actions; only this process touches it.
std::vector<OnCommitItem>& Items() {
  static std::vector<OnCommitItem> items;
  return items;
}

bool HasBlocks(const catalog::PgClass& rel) {
  return storage::BufferManager::NumBlocks(catalog::HeapRelationFor(rel).locator,
                                           ForkNumber::kMain) > 0;
}

// PreCommit_on_commit_actions: may throw (the transaction then aborts instead).
void RunOnCommitActions() {
  auto& items = Items();
  std::vector<Oid> to_drop;
  nodes::TruncateStmt truncate;
  std::vector<OnCommitItem> kept;
  for (const OnCommitItem& item : items) {
    auto rel = catalog::Syscache().RelationByOid(item.relid);
    if (!rel) continue;  // dropped, or its creation rolled back
    if (item.action == nodes::OnCommitAction::kDrop) {
      to_drop.push_back(item.relid);
      continue;
    }
    kept.push_back(item);
    if (HasBlocks(*rel)) truncate.relids.push_back(item.relid);
  }
  items = std::move(kept);
  if (!truncate.relids.empty()) TruncateTables(truncate);
  if (to_drop.empty()) return;
  for (Oid relid : to_drop) storage::LockRelationOid(relid, storage::LockMode::kAccessExclusive);
  PerformRelationDeletions(to_drop, /*cascade=*/true, /*quiet=*/true);
}

void RegisterCallbackOnce() {
  static bool registered = false;
  if (registered) return;
  registered = true;
  storage::RegisterXactCallback([](storage::XactEvent event) {
    if (event == storage::XactEvent::kPreCommit && !Items().empty()) RunOnCommitActions();
  });
}

}  // namespace

void RegisterOnCommitAction(Oid relid, nodes::OnCommitAction action) {
  if (action != nodes::OnCommitAction::kDeleteRows && action != nodes::OnCommitAction::kDrop) {
    return;
  }
  RegisterCallbackOnce();
  Items().push_back({relid, action});
}

}  // namespace hyrax::executor::commands
