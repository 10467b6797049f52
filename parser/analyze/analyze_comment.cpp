// COMMENT ON TABLE/SEQUENCE/VIEW/INDEX/COLUMN/SCHEMA/FUNCTION/AGGREGATE/TYPE/DOMAIN/CONSTRAINT
// ... IS 'text' | NULL: the object is resolved to its catalog row with PostgreSQL's errors
// (get_object_address in objectaddress.c); executor/commands/comment.h stores the text in
// pg_description.
#include "parser/analyze/analyze_stmt.h"
#include "parser/analyze/type_names.h"
#include "storage/catalog/catalog_scan.h"
#include "storage/catalog/namespace.h"
#include "storage/catalog/syscache.h"

namespace hyrax::parser {

namespace {

struct RelationKind {
  PgQuery__ObjectType type;
  char relkind;
  const char* not_msg;
};

constexpr RelationKind kRelationKinds[] = {
    {PG_QUERY__OBJECT_TYPE__OBJECT_TABLE, 'r', "\"{}\" is not a table"},
    {PG_QUERY__OBJECT_TYPE__OBJECT_SEQUENCE, 'S', "\"{}\" is not a sequence"},
    {PG_QUERY__OBJECT_TYPE__OBJECT_VIEW, 'v', "\"{}\" is not a view"},
    {PG_QUERY__OBJECT_TYPE__OBJECT_MATVIEW, 'm', "\"{}\" is not a materialized view"},
    {PG_QUERY__OBJECT_TYPE__OBJECT_INDEX, 'i', "\"{}\" is not an index"},
};

Oid ResolveRelation(const std::vector<std::string>& name) {
  if (name.size() > 3) {
    throw MakeError(errcode::kSyntaxError, "improper relation name (too many dotted names): {}",
                    raw::JoinName(name));
  }
  return catalog::RangeVarGetRelid(catalog::MakeQualifiedName(name), false);
}

// COMMENT ON TYPE / DOMAIN: the type (42704 when missing, 42809 for DOMAIN on a non-domain).
Oid ResolveType(const PgQuery__TypeName* tn, bool domain) {
  std::vector<std::string> name = raw::StringList(raw::Span(tn->n_names, tn->names));
  Oid oid = LookupTypeNameOid(name);
  if (oid == kInvalidOid) {
    throw MakeError(errcode::kUndefinedObject, "type \"{}\" does not exist", raw::JoinName(name));
  }
  auto type = catalog::Syscache().TypeByOid(oid);
  if (domain && (!type || type->typtype != 'd')) {
    throw MakeError(errcode::kWrongObjectType, "\"{}\" is not a domain", raw::JoinName(name));
  }
  return oid;
}

// COMMENT ON CONSTRAINT c ON [schema.]table / ON DOMAIN d: the pg_constraint row.
Oid ResolveConstraint(PgQuery__ObjectType objtype, raw::NodeSpan items) {
  bool on_domain = objtype == PG_QUERY__OBJECT_TYPE__OBJECT_DOMCONSTRAINT;
  std::string conname(raw::StrVal(items.back()));
  if (on_domain) {
    Oid type = ResolveType(items.front()->type_name, true);
    for (const auto& ref : catalog::ScanCatalog<catalog::PgConstraint>()) {
      if (ref.row.contypid == type && ref.row.conname == conname) return ref.row.oid;
    }
    throw MakeError(errcode::kUndefinedObject, "constraint \"{}\" for domain {} does not exist",
                    conname, catalog::Syscache().TypeByOid(type)->typname);
  }
  std::vector<std::string> table;
  for (size_t i = 0; i + 1 < items.size(); ++i) table.emplace_back(raw::StrVal(items[i]));
  Oid relid = ResolveRelation(table);
  for (const auto& con : catalog::Syscache().ConstraintsOf(relid)) {
    if (con.conname == conname) return con.oid;
  }
  throw MakeError(errcode::kUndefinedObject, "constraint \"{}\" for table \"{}\" does not exist",
                  conname, table.back());
}

}  // namespace

nodes::UtilityStmtPtr TransformCommentStmt(ParseState& ps, const PgQuery__CommentStmt* s) {
  auto stmt = std::make_shared<nodes::CommentStmt>();
  stmt->comment = raw::Str(s->comment);
  if (s->objtype == PG_QUERY__OBJECT_TYPE__OBJECT_SCHEMA) {
    stmt->classoid = catalog::kNamespaceRelationId;
    stmt->objoid = catalog::LookupNamespace(raw::StrVal(s->object));
    return stmt;
  }
  if (s->objtype == PG_QUERY__OBJECT_TYPE__OBJECT_FUNCTION ||
      s->objtype == PG_QUERY__OBJECT_TYPE__OBJECT_AGGREGATE) {
    stmt->classoid = catalog::kProcedureRelationId;
    stmt->objoid = LookupFuncWithArgs(ps, s->object->object_with_args,
                                      s->objtype == PG_QUERY__OBJECT_TYPE__OBJECT_AGGREGATE);
    return stmt;
  }
  if (s->objtype == PG_QUERY__OBJECT_TYPE__OBJECT_TYPE ||
      s->objtype == PG_QUERY__OBJECT_TYPE__OBJECT_DOMAIN) {
    stmt->classoid = catalog::kTypeRelationId;
    stmt->objoid =
        ResolveType(s->object->type_name, s->objtype == PG_QUERY__OBJECT_TYPE__OBJECT_DOMAIN);
    return stmt;
  }
  if (s->objtype == PG_QUERY__OBJECT_TYPE__OBJECT_TABCONSTRAINT ||
      s->objtype == PG_QUERY__OBJECT_TYPE__OBJECT_DOMCONSTRAINT) {
    stmt->classoid = catalog::kConstraintRelationId;
    stmt->objoid = ResolveConstraint(s->objtype, raw::ListItems(s->object));
    return stmt;
  }
  std::vector<std::string> name = raw::StringList(raw::ListItems(s->object));
  stmt->classoid = catalog::kRelationRelationId;
  if (s->objtype == PG_QUERY__OBJECT_TYPE__OBJECT_COLUMN) {
    if (name.size() < 2) throw Error(errcode::kSyntaxError, "column name must be qualified");
    std::string column = name.back();
    name.pop_back();
    stmt->objoid = ResolveRelation(name);
    for (const auto& att : catalog::Syscache().AttributesOf(stmt->objoid)) {
      if (!att.attisdropped && att.attname == column) stmt->objsubid = att.attnum;
    }
    if (stmt->objsubid == 0) {
      throw MakeError(errcode::kUndefinedColumn, "column \"{}\" of relation \"{}\" does not exist",
                      column, name.back());
    }
    return stmt;
  }
  for (const auto& kind : kRelationKinds) {
    if (kind.type != s->objtype) continue;
    stmt->objoid = ResolveRelation(name);
    auto rel = catalog::Syscache().RelationByOid(stmt->objoid);
    char relkind = rel ? rel->relkind : '\0';
    bool matches = relkind == kind.relkind || (kind.relkind == 'r' && relkind == 'p') ||
                   (kind.relkind == 'i' && relkind == 'I');
    if (!matches) {
      throw MakeError(errcode::kWrongObjectType, fmt::runtime(kind.not_msg), name.back());
    }
    return stmt;
  }
  (void)ps;
  throw Error(errcode::kFeatureNotSupported, "COMMENT on this object type is not supported yet");
}

}  // namespace hyrax::parser
