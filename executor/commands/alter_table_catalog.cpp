// Catalog edits shared by the ALTER TABLE subcommands (see alter_table_internal.h): one
// pg_attribute / pg_class row changed in place, column defaults, the volatility test of
// expressions DDL evaluates, and the views that read a column.
#include <algorithm>

#include "common/error.h"
#include "executor/commands/alter_table_internal.h"
#include "executor/commands/column_sequences.h"
#include "executor/expr/expr_tree.h"
#include "nodes/serialize.h"
#include "storage/catalog/catalog_scan.h"
#include "storage/catalog/heap_create.h"
#include "storage/catalog/inval.h"
#include "storage/catalog/pg_depend.h"
#include "storage/catalog/syscache.h"
#include "storage/catalog/view_rule.h"
#include "storage/txn/xact.h"

namespace hyrax::executor::commands {

namespace {

char FunctionVolatility(Oid funcid) {
  auto proc = catalog::Syscache().ProcByOid(funcid);
  return proc ? proc->provolatile : 'v';
}

Oid OperatorFunction(Oid opfuncid, Oid opno) {
  if (opfuncid != kInvalidOid) return opfuncid;
  auto op = catalog::Syscache().OperatorByOid(opno);
  return op ? op->oprcode : kInvalidOid;
}

}  // namespace

catalog::RelationPtr OpenAlteredRelation(Oid relid) {
  catalog::RelationPtr rel = catalog::RelationIdGetRelation(relid);
  if (!rel) throw MakeError(errcode::kUndefinedTable, "relation with OID {} does not exist", relid);
  return rel;
}

void EditAttribute(Oid relid, int16_t attnum,
                   const std::function<void(catalog::PgAttribute&)>& edit) {
  for (const auto& ref : catalog::ScanCatalog<catalog::PgAttribute>()) {
    if (ref.row.attrelid != relid || ref.row.attnum != attnum) continue;
    catalog::PgAttribute row = ref.row;
    edit(row);
    catalog::UpdateCatalogRow(ref.ctid, row);
    catalog::CacheInvalidateRelation(relid);
    storage::CommandCounterIncrement();
    return;
  }
  throw MakeError(errcode::kInternalError, "cache lookup failed for attribute {} of relation {}",
                  attnum, relid);
}

void EditClass(Oid relid, const std::function<void(catalog::PgClass&)>& edit) {
  for (const auto& ref : catalog::ScanCatalog<catalog::PgClass>()) {
    if (ref.row.oid != relid) continue;
    catalog::PgClass row = ref.row;
    edit(row);
    catalog::UpdateCatalogRow(ref.ctid, row);
    catalog::CacheInvalidateRelation(relid);
    storage::CommandCounterIncrement();
    return;
  }
  throw MakeError(errcode::kInternalError, "cache lookup failed for relation {}", relid);
}

void EditConstraint(Oid conoid, const std::function<void(catalog::PgConstraint&)>& edit) {
  for (const auto& ref : catalog::ScanCatalog<catalog::PgConstraint>()) {
    if (ref.row.oid != conoid) continue;
    catalog::PgConstraint row = ref.row;
    edit(row);
    catalog::UpdateCatalogRow(ref.ctid, row);
    catalog::CacheInvalidateRelation(row.conrelid);
    storage::CommandCounterIncrement();
    return;
  }
  throw MakeError(errcode::kInternalError, "cache lookup failed for constraint {}", conoid);
}

void StoreColumnDefault(Oid relid, int16_t attnum, const nodes::ExprPtr& expr) {
  if (!expr) return;
  if (expr->tag == nodes::NodeTag::kConst && nodes::As<nodes::Const>(expr)->constisnull) return;
  Oid attrdef = catalog::StoreAttrDefault(relid, attnum, nodes::NodeToString(expr));
  RecordDefaultDependencies(attrdef, expr);
}

void RemoveColumnDefault(Oid relid, int16_t attnum) {
  bool removed = false;
  for (const auto& ref : catalog::ScanCatalog<catalog::PgAttrDef>()) {
    if (ref.row.adrelid != relid || ref.row.adnum != attnum) continue;
    catalog::DeleteDependencies(catalog::kAttrDefaultRelationId, ref.row.oid);
    catalog::DeleteCatalogRow<catalog::PgAttrDef>(ref.ctid);
    removed = true;
  }
  if (!removed) return;
  EditAttribute(relid, attnum, [](catalog::PgAttribute& a) { a.atthasdef = false; });
}

bool ContainsVolatileFunctions(const nodes::ExprPtr& expr) {
  bool volatile_found = false;
  WalkExpr(expr, [&](const nodes::ExprPtr& e) {
    Oid funcid = kInvalidOid;
    switch (e->tag) {
      case nodes::NodeTag::kFuncExpr:
        funcid = nodes::As<nodes::FuncExpr>(e)->funcid;
        break;
      case nodes::NodeTag::kOpExpr:
      case nodes::NodeTag::kDistinctExpr:
      case nodes::NodeTag::kNullIfExpr: {
        const auto* op = static_cast<const nodes::OpExpr*>(e.get());
        funcid = OperatorFunction(op->opfuncid, op->opno);
        break;
      }
      case nodes::NodeTag::kNextValueExpr:
        volatile_found = true;
        return false;
      default:
        return true;
    }
    if (funcid != kInvalidOid && FunctionVolatility(funcid) == 'v') volatile_found = true;
    return !volatile_found;
  });
  return volatile_found;
}

std::vector<Oid> ViewsUsingColumn(Oid relid, int16_t attnum) {
  std::vector<Oid> views;
  for (const auto& dep : catalog::DependentsOf(catalog::kRelationRelationId, relid)) {
    if (dep.classid != catalog::kRewriteRelationId || dep.refobjsubid != attnum) continue;
    auto rule = catalog::RuleByOid(dep.objid);
    if (!rule || rule->ev_class == relid) continue;
    if (std::find(views.begin(), views.end(), rule->ev_class) == views.end()) {
      views.push_back(rule->ev_class);
    }
  }
  return views;
}

}  // namespace hyrax::executor::commands
