// Storing CHECK constraints (see check_constraints.h).
#include "executor/commands/check_constraints.h"

#include <algorithm>
#include <string>
#include <vector>

#include "common/error.h"
#include "executor/commands/object_names.h"
#include "executor/expr/expr_tree.h"
#include "nodes/serialize.h"
#include "storage/catalog/catalog_scan.h"
#include "storage/catalog/inval.h"
#include "storage/txn/transam.h"

namespace hyrax::executor::commands {

namespace {

// Attribute numbers of the new table's columns read by `expr`, in order of first
// appearance (PostgreSQL's pull_var_clause + list_union).
std::vector<int16_t> ReferencedColumns(const nodes::ExprPtr& expr) {
  std::vector<int16_t> out;
  WalkExpr(expr, [&](const nodes::ExprPtr& e) {
    if (e->tag != nodes::NodeTag::kVar) return true;
    const auto& var = *nodes::As<nodes::Var>(e);
    auto attnum = static_cast<int16_t>(var.varattno);
    if (var.varlevelsup == 0 && attnum > 0 &&
        std::find(out.begin(), out.end(), attnum) == out.end()) {
      out.push_back(attnum);
    }
    return true;
  });
  return out;
}

void SetRelChecks(Oid relid, int16_t count) {
  for (const auto& ref : catalog::ScanCatalog<catalog::PgClass>()) {
    if (ref.row.oid != relid) continue;
    catalog::PgClass updated = ref.row;
    updated.relchecks = count;
    catalog::UpdateCatalogRow(ref.ctid, updated);
  }
}

}  // namespace

void StoreCheckConstraints(Oid relid, const nodes::CreateTableStmt& stmt) {
  std::vector<std::string> names;
  for (const auto& def : stmt.constraints) {
    if (def.kind != nodes::ConstraintKind::kCheck) continue;
    std::vector<int16_t> attnums = ReferencedColumns(def.check_expr);
    std::string name = def.name;
    if (name.empty()) {
      std::string column;
      if (attnums.size() == 1) column = stmt.columns.at(attnums[0] - 1).name;
      name = ChooseConstraintName(stmt.name, column, "check", stmt.namespace_oid, names);
    } else if (std::find(names.begin(), names.end(), name) != names.end()) {
      throw MakeError(errcode::kDuplicateObject, "check constraint \"{}\" already exists", name);
    }
    names.push_back(name);
    catalog::PgConstraint con;
    con.oid = storage::GetNewObjectId();
    con.conname = name;
    con.connamespace = stmt.namespace_oid;
    con.contype = 'c';
    con.condeferrable = def.deferrable;
    con.condeferred = def.initially_deferred;
    con.convalidated = true;  // a new table is empty: even NOT VALID ones hold
    con.conrelid = relid;
    con.conislocal = def.is_local;
    con.coninhcount = def.inhcount;
    con.connoinherit = def.no_inherit;
    con.conkey = std::move(attnums);
    con.conbin = nodes::NodeToString(def.check_expr);
    catalog::InsertCatalogRow(con);
  }
  if (names.empty()) return;
  SetRelChecks(relid, static_cast<int16_t>(names.size()));
  catalog::CacheInvalidateRelation(relid);
}

}  // namespace hyrax::executor::commands
