// CREATE SCHEMA / DROP SCHEMA (see schema_commands.h).
#include "executor/commands/schema_commands.h"

#include <algorithm>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "common/error.h"
#include "common/notice.h"
#include "executor/commands/drop_relations.h"
#include "executor/commands/table_commands.h"
#include "executor/types/quote_ident.h"
#include "storage/catalog/catalog_scan.h"
#include "storage/catalog/heap_create.h"
#include "storage/catalog/namespace.h"
#include "storage/catalog/sequence_owner.h"
#include "storage/catalog/syscache.h"
#include "storage/lmgr/lock_manager.h"
#include "storage/txn/transam.h"
#include "storage/txn/xact.h"

namespace hyrax::executor::commands {

namespace {

// The relations of a schema, in creation order, without indexes and TOAST tables (dropped
// with their table).
std::vector<catalog::PgClass> SchemaMembers(Oid namespace_oid) {
  std::vector<catalog::PgClass> out;
  for (const auto& ref : catalog::ScanCatalog<catalog::PgClass>()) {
    const catalog::PgClass& rel = ref.row;
    if (rel.relnamespace != namespace_oid || rel.relkind == 'i' || rel.relkind == 't') continue;
    out.push_back(rel);
  }
  std::sort(out.begin(), out.end(),
            [](const catalog::PgClass& a, const catalog::PgClass& b) { return a.oid < b.oid; });
  return out;
}

const char* RelkindNoun(char relkind) {
  switch (relkind) {
    case 'S':
      return "sequence";
    case 'v':
      return "view";
    case 'm':
      return "materialized view";
    case 'c':
      return "type";
    default:
      return "table";
  }
}

void DropOneSchema(const nodes::DropObject& obj, nodes::DropBehavior behavior) {
  const std::string& name = obj.name[0];
  if (obj.oid == catalog::kPgCatalogNamespace || obj.oid == catalog::kPgToastNamespace) {
    throw MakeError(errcode::kDependentObjectsStillExist,
                    "cannot drop schema {} because it is required by the database system", name);
  }
  // A sequence owned by a column goes with its table (which OWNED BY requires to be in the
  // same schema) and is not reported, as PostgreSQL's auto/internal dependencies.
  std::vector<catalog::PgClass> members = SchemaMembers(obj.oid);
  std::erase_if(members, [](const catalog::PgClass& rel) {
    return rel.relkind == 'S' && catalog::GetSequenceOwner(rel.oid).has_value();
  });
  std::vector<Oid> member_oids;
  for (const auto& rel : members) member_oids.push_back(rel.oid);
  std::vector<std::string> lines =
      MemberDependencyReport(member_oids, "schema " + QuoteIdentifier(name));
  if (!lines.empty() && behavior == nodes::DropBehavior::kRestrict) {
    std::string detail;
    for (const auto& line : lines) {
      if (!detail.empty()) detail += '\n';
      detail += line;
    }
    throw MakeError(errcode::kDependentObjectsStillExist,
                    "cannot drop schema {} because other objects depend on it", name)
        .Detail(detail)
        .Hint("Use DROP ... CASCADE to drop the dependent objects too.");
  }
  std::vector<std::string> dropped;
  for (const auto& line : lines) dropped.push_back(line.substr(0, line.find(" depends on ")));
  ReportCascade(dropped);
  std::vector<Oid> relids;
  for (const auto& rel : members) {
    storage::LockRelationOid(rel.oid, storage::LockMode::kAccessExclusive);
    if (!catalog::Syscache().RelationByOid(rel.oid)) continue;  // dropped meanwhile
    if (rel.relkind == 'm' || rel.relkind == 'c') {
      throw MakeError(errcode::kFeatureNotSupported,
                      "DROP SCHEMA ... CASCADE of a schema holding a {} is not supported yet",
                      RelkindNoun(rel.relkind));
    }
    relids.push_back(rel.oid);
  }
  PerformRelationDeletions(relids, /*cascade=*/true, /*quiet=*/true);
  catalog::DeleteCatalogRows<catalog::PgNamespace>(
      [&](const catalog::PgNamespace& n) { return n.oid == obj.oid; });
  catalog::DeleteDescriptions(catalog::kNamespaceRelationId, obj.oid);
}

}  // namespace

void CreateSchema(const nodes::CreateSchemaStmt& stmt, Oid current_role) {
  bool exists = stmt.already_exists || catalog::FindNamespace(stmt.name).has_value();
  if (exists && (stmt.already_exists || stmt.if_not_exists)) {
    EmitNotice(Error(errcode::kDuplicateSchema,
                     fmt::format("schema \"{}\" already exists, skipping", stmt.name),
                     Severity::kNotice));
    return;
  }
  if (exists) throw MakeError(errcode::kDuplicateSchema, "schema \"{}\" already exists", stmt.name);
  Oid owner = current_role;
  if (!stmt.authorization.empty()) {
    auto role = catalog::Syscache().RoleByName(stmt.authorization);
    if (!role) {
      throw MakeError(errcode::kUndefinedObject, "role \"{}\" does not exist", stmt.authorization);
    }
    owner = role->oid;
  }
  catalog::PgNamespace row;
  row.oid = storage::GetNewObjectId();
  row.nspname = stmt.name;
  row.nspowner = owner;
  catalog::InsertCatalogRow(row);
}

void DropSchemas(const nodes::DropStmt& stmt) {
  for (const auto& obj : stmt.objects) {
    if (obj.oid == kInvalidOid) {
      EmitNotice(Error(errcode::kSuccessfulCompletion, obj.missing_notice, Severity::kNotice));
      continue;
    }
    DropOneSchema(obj, stmt.behavior);
  }
}

}  // namespace hyrax::executor::commands
