// COMMENT ON (see comment.h).
#include "executor/commands/comment.h"

#include "storage/catalog/catalog_scan.h"
#include "storage/lmgr/lock_manager.h"

namespace hyrax::executor::commands {

void CommentObject(const nodes::CommentStmt& stmt) {
  if (stmt.classoid == catalog::kRelationRelationId) {
    storage::LockRelationOid(stmt.objoid, storage::LockMode::kShareUpdateExclusive);
  }
  catalog::DeleteCatalogRows<catalog::PgDescription>([&](const catalog::PgDescription& d) {
    return d.objoid == stmt.objoid && d.classoid == stmt.classoid && d.objsubid == stmt.objsubid;
  });
  if (stmt.comment.empty()) return;
  catalog::PgDescription row;
  row.objoid = stmt.objoid;
  row.classoid = stmt.classoid;
  row.objsubid = stmt.objsubid;
  row.description = stmt.comment;
  catalog::InsertCatalogRow(row);
}

}  // namespace hyrax::executor::commands
