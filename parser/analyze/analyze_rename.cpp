// ALTER TABLE/INDEX/SEQUENCE/VIEW ... RENAME [COLUMN | CONSTRAINT] ... TO ... and ALTER
// SCHEMA ... RENAME TO ...: the renamed object is resolved and the new name checked for
// collisions, with PostgreSQL's messages (RenameRelation, renameatt, RenameConstraint,
// RenameSchema in tablecmds.c and schemacmds.c).
#include "parser/analyze/analyze_stmt.h"
#include "storage/catalog/namespace.h"
#include "storage/catalog/relcache.h"
#include "storage/catalog/syscache.h"

namespace hyrax::parser {

namespace {

bool IsSystemColumnName(const std::string& name) {
  return name == "ctid" || name == "xmin" || name == "cmin" || name == "xmax" || name == "cmax" ||
         name == "tableoid";
}

// The relation of a RENAME, checked against the object kind written (ALTER SEQUENCE on a
// table is 42809). kInvalidOid with the NOTICE set when missing under IF EXISTS.
Oid RenamedRelation(const PgQuery__RenameStmt* s, nodes::RenameStmt& stmt) {
  const PgQuery__RangeVar* rv = s->relation;
  catalog::QualifiedName q;
  q.catalog = raw::Str(rv->catalogname);
  q.schema = raw::Str(rv->schemaname);
  q.name = raw::Str(rv->relname);
  PgQuery__ObjectType written = s->rename_type == PG_QUERY__OBJECT_TYPE__OBJECT_TABLE ||
                                        s->rename_type == PG_QUERY__OBJECT_TYPE__OBJECT_SEQUENCE ||
                                        s->rename_type == PG_QUERY__OBJECT_TYPE__OBJECT_VIEW ||
                                        s->rename_type == PG_QUERY__OBJECT_TYPE__OBJECT_MATVIEW ||
                                        s->rename_type == PG_QUERY__OBJECT_TYPE__OBJECT_INDEX
                                    ? s->rename_type
                                    : s->relation_type;
  stmt.objtype = written == PG_QUERY__OBJECT_TYPE__OBJECT_SEQUENCE  ? nodes::ObjectType::kSequence
                 : written == PG_QUERY__OBJECT_TYPE__OBJECT_VIEW    ? nodes::ObjectType::kView
                 : written == PG_QUERY__OBJECT_TYPE__OBJECT_MATVIEW ? nodes::ObjectType::kMatView
                 : written == PG_QUERY__OBJECT_TYPE__OBJECT_INDEX   ? nodes::ObjectType::kIndex
                 : written == PG_QUERY__OBJECT_TYPE__OBJECT_FOREIGN_TABLE
                     ? nodes::ObjectType::kForeignTable
                     : nodes::ObjectType::kTable;
  Oid relid = catalog::RangeVarGetRelid(q, s->missing_ok);
  if (relid == kInvalidOid) {
    stmt.missing_notice = fmt::format("relation \"{}\" does not exist, skipping", q.name);
    return relid;
  }
  auto rel = catalog::Syscache().RelationByOid(relid);
  auto require = [&](bool ok, const char* what) {
    if (!ok) throw MakeError(errcode::kWrongObjectType, "\"{}\" is not {}", q.name, what);
  };
  switch (written) {
    case PG_QUERY__OBJECT_TYPE__OBJECT_SEQUENCE:
      require(rel->relkind == 'S', "a sequence");
      break;
    case PG_QUERY__OBJECT_TYPE__OBJECT_VIEW:
      require(rel->relkind == 'v', "a view");
      break;
    case PG_QUERY__OBJECT_TYPE__OBJECT_MATVIEW:
      require(rel->relkind == 'm', "a materialized view");
      break;
    case PG_QUERY__OBJECT_TYPE__OBJECT_INDEX:
      require(rel->relkind == 'i' || rel->relkind == 'I', "an index");
      break;
    default:
      break;
  }
  return relid;
}

void RenameColumn(const PgQuery__RenameStmt* s, nodes::RenameStmt& stmt) {
  catalog::RelationPtr rel = catalog::RelationIdGetRelation(stmt.relid);
  auto find = [&](const std::string& name) -> int16_t {
    for (int i = 0; i < rel->desc->natts(); ++i) {
      const auto& a = rel->desc->attr(i);
      if (!a.dropped && a.name == name) return static_cast<int16_t>(i + 1);
    }
    return 0;
  };
  stmt.attnum = find(stmt.oldname);
  if (stmt.attnum == 0) {
    if (IsSystemColumnName(stmt.oldname)) {
      throw MakeError(errcode::kFeatureNotSupported, "cannot rename system column \"{}\"",
                      stmt.oldname);
    }
    throw MakeError(errcode::kUndefinedColumn, "column \"{}\" does not exist", stmt.oldname);
  }
  if (IsSystemColumnName(stmt.newname)) {
    throw MakeError(errcode::kDuplicateColumn,
                    "column name \"{}\" conflicts with a system column name", stmt.newname);
  }
  if (find(stmt.newname) != 0) {
    throw MakeError(errcode::kDuplicateColumn, "column \"{}\" of relation \"{}\" already exists",
                    stmt.newname, rel->name());
  }
  (void)s;
}

void RenameConstraint(nodes::RenameStmt& stmt) {
  auto rel = catalog::Syscache().RelationByOid(stmt.relid);
  bool found_new = false;
  for (const auto& con : catalog::Syscache().ConstraintsOf(stmt.relid)) {
    if (con.conname == stmt.oldname) stmt.constraint_oid = con.oid;
    found_new |= con.conname == stmt.newname;
  }
  if (stmt.constraint_oid == kInvalidOid) {
    throw MakeError(errcode::kUndefinedObject, "constraint \"{}\" for table \"{}\" does not exist",
                    stmt.oldname, rel->relname);
  }
  if (found_new) {
    throw MakeError(errcode::kDuplicateObject,
                    "constraint \"{}\" for relation \"{}\" already exists", stmt.newname,
                    rel->relname);
  }
}

void RenameSchema(nodes::RenameStmt& stmt) {
  auto nsp = catalog::FindNamespace(stmt.oldname);
  if (!nsp)
    throw MakeError(errcode::kUndefinedSchema, "schema \"{}\" does not exist", stmt.oldname);
  stmt.namespace_oid = *nsp;
  if (catalog::FindNamespace(stmt.newname)) {
    throw MakeError(errcode::kDuplicateSchema, "schema \"{}\" already exists", stmt.newname);
  }
  if (stmt.newname.rfind("pg_", 0) == 0) {
    throw MakeError(errcode::kReservedName, "unacceptable schema name \"{}\"", stmt.newname)
        .Detail("The prefix \"pg_\" is reserved for system schemas.");
  }
}

}  // namespace

nodes::UtilityStmtPtr TransformRenameStmt(ParseState& ps, const PgQuery__RenameStmt* s) {
  auto stmt = std::make_shared<nodes::RenameStmt>();
  stmt->newname = raw::Str(s->newname);
  stmt->oldname = raw::Str(s->subname);
  stmt->missing_ok = s->missing_ok;
  switch (s->rename_type) {
    case PG_QUERY__OBJECT_TYPE__OBJECT_SCHEMA:
      stmt->target = nodes::RenameTarget::kSchema;
      stmt->objtype = nodes::ObjectType::kSchema;
      RenameSchema(*stmt);
      return stmt;
    case PG_QUERY__OBJECT_TYPE__OBJECT_TABLE:
    case PG_QUERY__OBJECT_TYPE__OBJECT_SEQUENCE:
    case PG_QUERY__OBJECT_TYPE__OBJECT_VIEW:
    case PG_QUERY__OBJECT_TYPE__OBJECT_MATVIEW:
    case PG_QUERY__OBJECT_TYPE__OBJECT_INDEX:
    case PG_QUERY__OBJECT_TYPE__OBJECT_FOREIGN_TABLE:
      stmt->target = nodes::RenameTarget::kRelation;
      break;
    case PG_QUERY__OBJECT_TYPE__OBJECT_COLUMN:
      stmt->target = nodes::RenameTarget::kColumn;
      break;
    case PG_QUERY__OBJECT_TYPE__OBJECT_TABCONSTRAINT:
      stmt->target = nodes::RenameTarget::kConstraint;
      break;
    default:
      return nullptr;  // reported as not supported
  }
  (void)ps;
  stmt->relid = RenamedRelation(s, *stmt);
  if (stmt->relid == kInvalidOid) return stmt;
  stmt->missing_notice.clear();
  switch (stmt->target) {
    case nodes::RenameTarget::kRelation: {
      auto rel = catalog::Syscache().RelationByOid(stmt->relid);
      stmt->oldname = rel->relname;
      if (catalog::Syscache().RelationByName(stmt->newname, rel->relnamespace)) {
        throw MakeError(errcode::kDuplicateTable, "relation \"{}\" already exists", stmt->newname);
      }
      break;
    }
    case nodes::RenameTarget::kColumn:
      stmt->recurse = s->relation == nullptr || s->relation->inh;
      RenameColumn(s, *stmt);
      break;
    default:
      RenameConstraint(*stmt);
      break;
  }
  return stmt;
}

}  // namespace hyrax::parser
