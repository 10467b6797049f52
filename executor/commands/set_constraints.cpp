// SET CONSTRAINTS (see set_constraints.h).
#include "executor/commands/set_constraints.h"

#include <optional>
#include <vector>

#include "common/error.h"
#include "executor/exec/constraint_deferral.h"
#include "storage/catalog/catalog_scan.h"
#include "storage/catalog/namespace.h"
#include "storage/txn/xact.h"

namespace hyrax::executor::commands {

namespace {

// The deferrable constraints called `name` in the first namespace (of `namespaces`, in
// order) that has any constraint so called; making one that is not deferrable DEFERRED is
// an error (IMMEDIATE just leaves it alone).
std::vector<Oid> ResolveConstraintName(const std::string& name, const std::vector<Oid>& namespaces,
                                       bool deferred) {
  std::vector<catalog::PgConstraint> named;
  for (const auto& ref : catalog::ScanCatalog<catalog::PgConstraint>()) {
    if (ref.row.conname == name) named.push_back(ref.row);
  }
  for (Oid namespace_oid : namespaces) {
    std::vector<Oid> found;
    bool any = false;
    for (const auto& con : named) {
      if (con.connamespace != namespace_oid) continue;
      if (con.condeferrable) {
        found.push_back(con.oid);
      } else if (deferred) {
        throw MakeError(errcode::kWrongObjectType, "constraint \"{}\" is not deferrable", name);
      }
      any = true;
    }
    if (any) return found;
  }
  throw MakeError(errcode::kUndefinedObject, "constraint \"{}\" does not exist", name);
}

}  // namespace

void SetConstraints(const nodes::ConstraintsSetStmt& stmt) {
  // Outside a block the setting dies with the statement's transaction, but names are still
  // checked, as in PostgreSQL.
  storage::WarnNoTransactionBlock("SET CONSTRAINTS");
  if (stmt.constraints.empty()) {
    SetConstraintsDeferral(std::nullopt, stmt.deferred);
    return;
  }
  std::vector<Oid> oids;
  for (const auto& qualified : stmt.constraints) {
    std::vector<Oid> namespaces = qualified.size() > 1
                                      ? std::vector<Oid>{catalog::LookupNamespace(qualified[0])}
                                      : catalog::RelationSearchPath();
    std::vector<Oid> found = ResolveConstraintName(qualified.back(), namespaces, stmt.deferred);
    oids.insert(oids.end(), found.begin(), found.end());
  }
  SetConstraintsDeferral(oids, stmt.deferred);
}

}  // namespace hyrax::executor::commands
