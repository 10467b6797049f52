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

std::vector<int16_t> CheckConstraintColumns(const nodes::ExprPtr& expr) {
  // PostgreSQL's pull_var_clause + list_union.
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

void AdjustRelChecks(Oid relid, int delta) {
  for (const auto& ref : catalog::ScanCatalog<catalog::PgClass>()) {
    if (ref.row.oid != relid) continue;
    catalog::PgClass updated = ref.row;
    updated.relchecks = static_cast<int16_t>(updated.relchecks + delta);
    catalog::UpdateCatalogRow(ref.ctid, updated);
  }
  catalog::CacheInvalidateRelation(relid);
}

void StoreCheckConstraint(Oid relid, Oid namespace_oid, const std::string& name,
                          const nodes::ConstraintDefinition& def, bool validated) {
  catalog::PgConstraint con;
  con.oid = storage::GetNewObjectId();
  con.conname = name;
  con.connamespace = namespace_oid;
  con.contype = 'c';
  con.condeferrable = def.deferrable;
  con.condeferred = def.initially_deferred;
  con.convalidated = validated;
  con.conrelid = relid;
  con.conislocal = def.is_local;
  con.coninhcount = def.inhcount;
  con.connoinherit = def.no_inherit;
  con.conkey = CheckConstraintColumns(def.check_expr);
  con.conbin = nodes::NodeToString(def.check_expr);
  catalog::InsertCatalogRow(con);
  catalog::CacheInvalidateRelation(relid);
}

void StoreCheckConstraints(Oid relid, const nodes::CreateTableStmt& stmt) {
  std::vector<std::string> names;
  for (const auto& def : stmt.constraints) {
    if (def.kind != nodes::ConstraintKind::kCheck) continue;
    std::vector<int16_t> attnums = CheckConstraintColumns(def.check_expr);
    std::string name = def.name;
    if (name.empty()) {
      std::string column;
      if (attnums.size() == 1) column = stmt.columns.at(attnums[0] - 1).name;
      name = ChooseConstraintName(stmt.name, column, "check", stmt.namespace_oid, names);
    } else if (std::find(names.begin(), names.end(), name) != names.end()) {
      throw MakeError(errcode::kDuplicateObject, "check constraint \"{}\" already exists", name);
    }
    names.push_back(name);
    // A new table is empty: even NOT VALID constraints hold.
    StoreCheckConstraint(relid, stmt.namespace_oid, name, def, /*validated=*/true);
  }
  if (names.empty()) return;
  AdjustRelChecks(relid, static_cast<int>(names.size()));
}

}  // namespace hyrax::executor::commands
