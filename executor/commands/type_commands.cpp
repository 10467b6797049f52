// CREATE TYPE / DROP TYPE (see type_commands.h).
#include "executor/commands/type_commands.h"

#include <algorithm>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "common/error.h"
#include "common/notice.h"
#include "executor/commands/alter_table_internal.h"
#include "executor/functions/type_io.h"
#include "executor/types/format_type.h"
#include "nodes/serialize.h"
#include "storage/catalog/array_type_row.h"
#include "storage/catalog/catalog_scan.h"
#include "storage/catalog/heap_create.h"
#include "storage/catalog/inval.h"
#include "storage/catalog/pg_enum.h"
#include "storage/catalog/syscache.h"
#include "storage/lmgr/lock_manager.h"
#include "storage/txn/transam.h"

namespace hyrax::executor::commands {

namespace {

// Enum I/O and binary I/O functions (PostgreSQL's OIDs).
constexpr Oid kEnumIn = 3506, kEnumOut = 3507, kEnumRecv = 3532, kEnumSend = 3533;

void CheckTypeNameFree(const std::string& name, Oid namespace_oid) {
  if (catalog::Syscache().TypeByName(name, namespace_oid)) {
    throw MakeError(errcode::kDuplicateObject, "type \"{}\" already exists", name);
  }
}

void CreateCompositeType(const nodes::CreateTypeStmt& stmt, Oid owner) {
  CheckTypeNameFree(stmt.name, stmt.namespace_oid);
  catalog::NewRelation spec;
  spec.name = stmt.name;
  spec.namespace_oid = stmt.namespace_oid;
  spec.relkind = 'c';
  spec.owner = owner;
  for (const auto& c : stmt.columns) {
    catalog::NewColumn col;
    col.name = c.name;
    col.type_oid = c.type_oid;
    col.typmod = c.typmod;
    col.collation = c.collation;
    col.ndims = c.ndims;
    spec.columns.push_back(std::move(col));
  }
  catalog::CreateHeapRelation(spec);
}

// A new pg_type row `name` with fresh OIDs for the type and its array type.
catalog::PgType NewTypeRow(const std::string& name, Oid namespace_oid, Oid owner) {
  CheckTypeNameFree(name, namespace_oid);
  catalog::PgType t;
  t.oid = storage::GetNewObjectId();
  t.typarray = storage::GetNewObjectId();
  t.typname = name;
  t.typnamespace = namespace_oid;
  t.typowner = owner;
  return t;
}

// Inserts the type row `t` and its array type `_name` (aligned `array_align`).
void InsertTypeWithArray(const catalog::PgType& t, char array_align) {
  catalog::InsertCatalogRow(t);
  catalog::PgType array =
      catalog::MakeArrayType(t.typname, t.typnamespace, t.typowner, t.typarray, t.oid);
  array.typalign = array_align;
  catalog::InsertCatalogRow(array);
}

void CreateEnumType(const nodes::CreateTypeStmt& stmt, Oid owner) {
  catalog::PgType t = NewTypeRow(stmt.name, stmt.namespace_oid, owner);
  t.typlen = 4;
  t.typbyval = true;
  t.typtype = 'e';
  t.typcategory = 'E';
  t.typinput = kEnumIn;
  t.typoutput = kEnumOut;
  t.typreceive = kEnumRecv;
  t.typsend = kEnumSend;
  t.typalign = 'i';
  t.typstorage = 'p';
  InsertTypeWithArray(t, 'i');
  float order = 0;
  for (const auto& label : stmt.labels) {
    catalog::PgEnum e;
    e.oid = storage::GetNewObjectId();
    e.enumtypid = t.oid;
    e.enumsortorder = ++order;
    e.enumlabel = label;
    catalog::InsertCatalogRow(e);
  }
  catalog::CacheInvalidateCatalog(catalog::kTypeRelationId);
}

// Domain input functions (PostgreSQL's domain_in / domain_recv); output and send are the
// base type's.
constexpr Oid kDomainIn = 2597, kDomainRecv = 2598;

// PostgreSQL's ChooseConstraintName for a domain CHECK without a name: "<domain>_check",
// then "<domain>_check1" ... (names are unique per domain).
std::string DomainCheckName(const std::string& domain, const std::vector<std::string>& taken) {
  std::string name = domain + "_check";
  for (int n = 1; std::find(taken.begin(), taken.end(), name) != taken.end(); ++n) {
    name = domain + "_check" + std::to_string(n);
  }
  return name;
}

// A column that uses a type being dropped.
struct TypeUser {
  Oid relid;
  int16_t attnum;
  std::string description;  // "column c of table t"
};

std::vector<TypeUser> ColumnsUsingType(const catalog::PgType& type) {
  std::vector<TypeUser> users;
  auto& cache = catalog::Syscache();
  for (const auto& ref : catalog::ScanCatalog<catalog::PgAttribute>()) {
    const auto& a = ref.row;
    if (a.attisdropped || a.attnum <= 0 || a.attrelid == type.typrelid) continue;
    if (a.atttypid != type.oid && (type.typarray == kInvalidOid || a.atttypid != type.typarray)) {
      continue;
    }
    auto rel = cache.RelationByOid(a.attrelid);
    if (!rel) continue;
    const char* noun = rel->relkind == 'c'   ? "composite type"
                       : rel->relkind == 'v' ? "view"
                                             : "table";
    users.push_back({a.attrelid, a.attnum,
                     fmt::format("column {} of {} {} depends on type {}", a.attname, noun,
                                 rel->relname, FormatTypeName(a.atttypid))});
  }
  return users;
}

void DropOneType(const catalog::PgType& type, bool cascade) {
  auto& cache = catalog::Syscache();
  std::string name = FormatTypeName(type.oid);
  if (type.typtype == 'c') {
    auto rel = cache.RelationByOid(type.typrelid);
    if (rel && rel->relkind != 'c') {
      throw MakeError(errcode::kDependentObjectsStillExist,
                      "cannot drop type {} because table {} requires it", name, rel->relname)
          .Hint(fmt::format("You can drop table {} instead.", rel->relname));
    }
  }
  if (type.typcategory == 'A' && type.typelem != kInvalidOid) {
    auto elem = cache.TypeByOid(type.typelem);
    if (elem && elem->typarray == type.oid) {
      std::string elem_name = FormatTypeName(elem->oid);
      throw MakeError(errcode::kDependentObjectsStillExist,
                      "cannot drop type {} because type {} requires it", name, elem_name)
          .Hint(fmt::format("You can drop type {} instead.", elem_name));
    }
  }
  // Domains over the type go first under CASCADE (with their own dependents).
  std::vector<catalog::PgType> domains;
  for (const auto& ref : catalog::ScanCatalog<catalog::PgType>()) {
    if (ref.row.typtype == 'd' && ref.row.typbasetype == type.oid) domains.push_back(ref.row);
  }
  if (!domains.empty() && !cascade) {
    throw MakeError(errcode::kDependentObjectsStillExist,
                    "cannot drop type {} because other objects depend on it", name)
        .Detail(fmt::format("type {} depends on type {}", domains[0].typname, name))
        .Hint("Use DROP ... CASCADE to drop the dependent objects too.");
  }
  for (const auto& domain : domains) {
    EmitNotice(Error(errcode::kSuccessfulCompletion, "drop cascades to type " + domain.typname,
                     Severity::kNotice));
    DropOneType(domain, true);
  }
  std::vector<TypeUser> users = ColumnsUsingType(type);
  if (!users.empty()) {
    std::string detail;
    for (const auto& u : users) {
      if (!detail.empty()) detail += "\n";
      detail += u.description;
    }
    if (!cascade) {
      throw MakeError(errcode::kDependentObjectsStillExist,
                      "cannot drop type {} because other objects depend on it", name)
          .Detail(detail)
          .Hint("Use DROP ... CASCADE to drop the dependent objects too.");
    }
    auto cascaded = [](const TypeUser& u) {
      return "drop cascades to " + u.description.substr(0, u.description.find(" depends on "));
    };
    if (users.size() == 1) {
      EmitNotice(Error(errcode::kSuccessfulCompletion, cascaded(users[0]), Severity::kNotice));
    } else {
      std::string list;
      for (const auto& u : users) list += (list.empty() ? "" : "\n") + cascaded(u);
      EmitNotice(Error(errcode::kSuccessfulCompletion,
                       fmt::format("drop cascades to {} other objects", users.size()),
                       Severity::kNotice)
                     .Detail(list));
    }
    for (const auto& u : users) {
      storage::LockRelationOid(u.relid, storage::LockMode::kAccessExclusive);
      nodes::AlterTableCmd cmd;
      cmd.kind = nodes::AlterTableCmdKind::kDropColumn;
      cmd.attnum = u.attnum;
      cmd.behavior = nodes::DropBehavior::kCascade;
      ExecDropColumn(u.relid, cmd);
    }
  }
  if (type.typtype == 'c') {
    storage::LockRelationOid(type.typrelid, storage::LockMode::kAccessExclusive);
    catalog::DropHeapRelation(type.typrelid);
  } else {
    catalog::DeleteCatalogRows<catalog::PgType>(
        [&](const catalog::PgType& t) { return t.oid == type.oid || t.oid == type.typarray; });
    catalog::DeleteCatalogRows<catalog::PgEnum>(
        [&](const catalog::PgEnum& e) { return e.enumtypid == type.oid; });
    catalog::DeleteCatalogRows<catalog::PgConstraint>(
        [&](const catalog::PgConstraint& c) { return c.contypid == type.oid; });
  }
  catalog::DeleteDescriptions(catalog::kTypeRelationId, type.oid);
  catalog::CacheInvalidateCatalog(catalog::kTypeRelationId);
  InvalidateTypeIoCache();
}

}  // namespace

void CreateDomain(const nodes::CreateDomainStmt& stmt, Oid current_role) {
  auto base = catalog::Syscache().TypeByOid(stmt.base_type);
  if (!base) {
    throw MakeError(errcode::kUndefinedObject, "type with OID {} does not exist", stmt.base_type);
  }
  catalog::PgType t = NewTypeRow(stmt.name, stmt.namespace_oid, current_role);
  Oid type_oid = t.oid;
  t.typlen = base->typlen;
  t.typbyval = base->typbyval;
  t.typtype = 'd';
  t.typcategory = base->typcategory;
  t.typdelim = base->typdelim;
  t.typinput = kDomainIn;
  t.typoutput = base->typoutput;
  t.typreceive = kDomainRecv;
  t.typsend = base->typsend;
  t.typalign = base->typalign;
  t.typstorage = base->typstorage;
  t.typnotnull = stmt.not_null;
  t.typbasetype = stmt.base_type;
  t.typtypmod = stmt.base_typmod;
  t.typndims = stmt.ndims;
  t.typcollation = stmt.collation;
  InsertTypeWithArray(t, base->typalign == 'd' ? 'd' : 'i');
  std::vector<std::string> names;
  for (const auto& check : stmt.checks) {
    std::string name = check.name.empty() ? DomainCheckName(stmt.name, names) : check.name;
    if (std::find(names.begin(), names.end(), name) != names.end()) {
      throw MakeError(errcode::kDuplicateObject,
                      "constraint \"{}\" for domain \"{}\" already exists", name, stmt.name);
    }
    names.push_back(name);
    catalog::PgConstraint con;
    con.oid = storage::GetNewObjectId();
    con.conname = name;
    con.connamespace = stmt.namespace_oid;
    con.contype = 'c';
    con.contypid = type_oid;
    con.conislocal = true;
    con.connoinherit = true;
    con.conbin = nodes::NodeToString(check.expr);
    catalog::InsertCatalogRow(con);
  }
  catalog::CacheInvalidateCatalog(catalog::kTypeRelationId);
}

void CreateType(const nodes::CreateTypeStmt& stmt, Oid current_role) {
  if (stmt.kind == nodes::CreateTypeStmt::Kind::kComposite) {
    CreateCompositeType(stmt, current_role);
  } else {
    CreateEnumType(stmt, current_role);
  }
}

void DefineTypeOrDomain(const nodes::TypeDefinitionStmt& stmt, Oid current_role) {
  if (const auto* domain = dynamic_cast<const nodes::CreateDomainStmt*>(&stmt)) {
    CreateDomain(*domain, current_role);
    return;
  }
  CreateType(static_cast<const nodes::CreateTypeStmt&>(stmt), current_role);
}

void DropTypes(const nodes::DropStmt& stmt) {
  for (const auto& obj : stmt.objects) {
    if (obj.oid == kInvalidOid) {
      EmitNotice(Error(errcode::kSuccessfulCompletion, obj.missing_notice, Severity::kNotice));
      continue;
    }
    auto type = catalog::Syscache().TypeByOid(obj.oid);
    if (!type) continue;  // named twice
    if (type->typnamespace == catalog::kPgCatalogNamespace) {
      throw MakeError(errcode::kDependentObjectsStillExist,
                      "cannot drop type {} because it is required by the database system",
                      FormatTypeName(type->oid));
    }
    DropOneType(*type, stmt.behavior == nodes::DropBehavior::kCascade);
  }
}

}  // namespace hyrax::executor::commands
