// DROP TABLE, DROP VIEW, DROP SEQUENCE, DROP SCHEMA and DROP INDEX (PostgreSQL's
// RemoveRelations): notices for objects missing under IF EXISTS, AccessExclusiveLock on every
// named relation before anything is removed, a re-check after locking (it may have been dropped
// while we waited), then the removal with its dependents (drop_relations.h).
#include <algorithm>
#include <string>
#include <vector>

#include "common/error.h"
#include "common/notice.h"
#include "executor/commands/drop_relations.h"
#include "executor/commands/function_commands.h"
#include "executor/commands/index_commands.h"
#include "executor/commands/schema_commands.h"
#include "executor/commands/table_commands.h"
#include "executor/commands/type_commands.h"
#include "storage/catalog/syscache.h"
#include "storage/lmgr/lock_manager.h"

namespace hyrax::executor::commands {

namespace {

const char* DropKindName(nodes::ObjectType type) {
  switch (type) {
    case nodes::ObjectType::kTable:
      return "TABLE";
    case nodes::ObjectType::kIndex:
      return "INDEX";
    case nodes::ObjectType::kSequence:
      return "SEQUENCE";
    case nodes::ObjectType::kView:
      return "VIEW";
    case nodes::ObjectType::kMatView:
      return "MATERIALIZED VIEW";
    case nodes::ObjectType::kForeignTable:
      return "FOREIGN TABLE";
    case nodes::ObjectType::kSchema:
      return "SCHEMA";
    case nodes::ObjectType::kType:
      return "TYPE";
    case nodes::ObjectType::kDomain:
      return "DOMAIN";
    case nodes::ObjectType::kFunction:
      return "FUNCTION";
    case nodes::ObjectType::kAggregate:
      return "AGGREGATE";
    case nodes::ObjectType::kOther:
      break;
  }
  return "of this object type";
}

void EmitMissing(const std::string& text) {
  EmitNotice(Error(errcode::kSuccessfulCompletion, text, Severity::kNotice));
}

// The last name component as written ("s.t" -> "t"), for messages.
const std::string& LastName(const nodes::DropObject& obj) {
  static const std::string empty;
  return obj.name.empty() ? empty : obj.name.back();
}

// Locks relation `obj` and checks it is still a relation of the kind DROP names (a table,
// view or sequence) that we may drop. Returns false when it disappeared meanwhile under IF
// EXISTS (after the notice).
bool LockRelationForDrop(const nodes::DropObject& obj, char relkind, bool missing_ok) {
  const char* noun = relkind == 'v' ? "view" : relkind == 'S' ? "sequence" : "table";
  storage::LockRelationOid(obj.oid, storage::LockMode::kAccessExclusive);
  auto rel = catalog::Syscache().RelationByOid(obj.oid);
  if (!rel) {
    std::string text = fmt::format("{} \"{}\" does not exist", noun, LastName(obj));
    if (!missing_ok) throw Error(errcode::kUndefinedTable, text);
    EmitMissing(text + ", skipping");
    return false;
  }
  // DROP TABLE also drops partitioned tables.
  if (rel->relkind != relkind && !(relkind == 'r' && rel->relkind == 'p')) {
    throw MakeError(errcode::kWrongObjectType, "\"{}\" is not a {}", LastName(obj), noun);
  }
  if (rel->relnamespace == catalog::kPgCatalogNamespace ||
      rel->relnamespace == catalog::kPgToastNamespace) {
    throw MakeError(errcode::kInsufficientPrivilege,
                    "permission denied: \"{}\" is a system catalog", rel->relname);
  }
  return true;
}

// DROP INDEX: locks the table, then the index (PostgreSQL's RangeVarCallbackForDropRelation
// order), re-checks it, and refuses indexes that implement a constraint.
bool LockIndexForDrop(const nodes::DropObject& obj, bool missing_ok) {
  auto index = catalog::Syscache().IndexByOid(obj.oid);
  if (index) storage::LockRelationOid(index->indrelid, storage::LockMode::kAccessExclusive);
  storage::LockRelationOid(obj.oid, storage::LockMode::kAccessExclusive);
  auto rel = catalog::Syscache().RelationByOid(obj.oid);
  index = catalog::Syscache().IndexByOid(obj.oid);
  if (!rel || !index) {
    std::string text = fmt::format("index \"{}\" does not exist", LastName(obj));
    if (!missing_ok) throw Error(errcode::kUndefinedObject, text);
    EmitMissing(text + ", skipping");
    return false;
  }
  if (rel->relnamespace == catalog::kPgCatalogNamespace ||
      rel->relnamespace == catalog::kPgToastNamespace) {
    throw MakeError(errcode::kInsufficientPrivilege,
                    "permission denied: \"{}\" is a system catalog", rel->relname);
  }
  for (const auto& con : catalog::Syscache().ConstraintsOf(index->indrelid)) {
    if (con.conindid != obj.oid || (con.contype != 'p' && con.contype != 'u')) continue;
    auto table = catalog::Syscache().RelationByOid(index->indrelid);
    std::string table_name = table ? table->relname : "?";
    throw MakeError(errcode::kDependentObjectsStillExist,
                    "cannot drop index {} because constraint {} on table {} requires it",
                    rel->relname, con.conname, table_name)
        .Hint(fmt::format("You can drop constraint {} on table {} instead.", con.conname,
                          table_name));
  }
  return true;
}

}  // namespace

void DropObjects(const nodes::DropStmt& stmt) {
  if (stmt.remove_type == nodes::ObjectType::kIndex) {
    if (stmt.concurrent) {
      throw Error(errcode::kFeatureNotSupported, "DROP INDEX CONCURRENTLY is not supported yet");
    }
    std::vector<Oid> doomed;
    for (const auto& obj : stmt.objects) {
      if (obj.oid == kInvalidOid) {
        EmitMissing(obj.missing_notice);
        continue;
      }
      if (std::find(doomed.begin(), doomed.end(), obj.oid) != doomed.end()) continue;
      if (LockIndexForDrop(obj, stmt.missing_ok)) doomed.push_back(obj.oid);
    }
    for (Oid relid : doomed) DropIndexRelation(relid);
    return;
  }
  if (stmt.remove_type == nodes::ObjectType::kSchema) {
    DropSchemas(stmt);
    return;
  }
  if (stmt.remove_type == nodes::ObjectType::kType ||
      stmt.remove_type == nodes::ObjectType::kDomain) {
    DropTypes(stmt);
    return;
  }
  if (stmt.remove_type == nodes::ObjectType::kFunction ||
      stmt.remove_type == nodes::ObjectType::kAggregate) {
    DropFunctions(stmt);
    return;
  }
  char relkind = stmt.remove_type == nodes::ObjectType::kView       ? 'v'
                 : stmt.remove_type == nodes::ObjectType::kSequence ? 'S'
                                                                    : 'r';
  if (stmt.remove_type != nodes::ObjectType::kTable && relkind == 'r') {
    // Nothing to drop (every object missing under IF EXISTS) needs no support.
    bool any = std::any_of(stmt.objects.begin(), stmt.objects.end(),
                           [](const nodes::DropObject& o) { return o.oid != kInvalidOid; });
    if (any) {
      throw MakeError(errcode::kFeatureNotSupported, "DROP {} is not supported yet",
                      DropKindName(stmt.remove_type));
    }
    for (const auto& obj : stmt.objects) EmitMissing(obj.missing_notice);
    return;
  }
  // Lock everything first, as PostgreSQL's RemoveRelations, then remove; a relation named
  // twice is dropped once.
  std::vector<Oid> doomed;
  for (const auto& obj : stmt.objects) {
    if (obj.oid == kInvalidOid) {
      EmitMissing(obj.missing_notice);
      continue;
    }
    if (std::find(doomed.begin(), doomed.end(), obj.oid) != doomed.end()) continue;
    if (LockRelationForDrop(obj, relkind, stmt.missing_ok)) doomed.push_back(obj.oid);
  }
  if (doomed.empty()) return;
  PerformRelationDeletions(doomed, stmt.behavior == nodes::DropBehavior::kCascade,
                           /*quiet=*/false);
}

}  // namespace hyrax::executor::commands
