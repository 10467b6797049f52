// DROP TABLE/INDEX/SEQUENCE/VIEW/MATERIALIZED VIEW/SCHEMA: names resolved to OIDs with
// PostgreSQL's messages for missing objects (errors, or the NOTICE text under IF EXISTS)
// and wrong object kinds (DropErrorMsgNonExistent / DropErrorMsgWrongType in tablecmds.c).
#include "parser/analyze/analyze_stmt.h"
#include "storage/catalog/namespace.h"
#include "storage/catalog/syscache.h"

namespace hyrax::parser {

namespace {

struct DropKind {
  char relkind;
  nodes::ObjectType type;
  SqlState nonexistent_code;
  const char* noun;       // "table"
  const char* not_msg;    // "\"{}\" is not a table"
  const char* drop_hint;  // "Use DROP TABLE to remove a table."
};

const DropKind kDropKinds[] = {
    {'r', nodes::ObjectType::kTable, errcode::kUndefinedTable, "table", "\"{}\" is not a table",
     "Use DROP TABLE to remove a table."},
    {'S', nodes::ObjectType::kSequence, errcode::kUndefinedTable, "sequence",
     "\"{}\" is not a sequence", "Use DROP SEQUENCE to remove a sequence."},
    {'v', nodes::ObjectType::kView, errcode::kUndefinedTable, "view", "\"{}\" is not a view",
     "Use DROP VIEW to remove a view."},
    {'m', nodes::ObjectType::kMatView, errcode::kUndefinedTable, "materialized view",
     "\"{}\" is not a materialized view",
     "Use DROP MATERIALIZED VIEW to remove a materialized view."},
    {'i', nodes::ObjectType::kIndex, errcode::kUndefinedObject, "index", "\"{}\" is not an index",
     "Use DROP INDEX to remove an index."},
    {'c', nodes::ObjectType::kType, errcode::kUndefinedObject, "type", "\"{}\" is not a type",
     "Use DROP TYPE to remove a type."},
    {'f', nodes::ObjectType::kForeignTable, errcode::kUndefinedObject, "foreign table",
     "\"{}\" is not a foreign table", "Use DROP FOREIGN TABLE to remove a foreign table."},
};

const DropKind* KindForRelkind(char relkind) {
  if (relkind == 'p') relkind = 'r';
  if (relkind == 'I') relkind = 'i';
  for (const auto& k : kDropKinds) {
    if (k.relkind == relkind) return &k;
  }
  return nullptr;
}

const DropKind* KindForObjectType(PgQuery__ObjectType t) {
  switch (t) {
    case PG_QUERY__OBJECT_TYPE__OBJECT_TABLE:
      return &kDropKinds[0];
    case PG_QUERY__OBJECT_TYPE__OBJECT_SEQUENCE:
      return &kDropKinds[1];
    case PG_QUERY__OBJECT_TYPE__OBJECT_VIEW:
      return &kDropKinds[2];
    case PG_QUERY__OBJECT_TYPE__OBJECT_MATVIEW:
      return &kDropKinds[3];
    case PG_QUERY__OBJECT_TYPE__OBJECT_INDEX:
      return &kDropKinds[4];
    case PG_QUERY__OBJECT_TYPE__OBJECT_FOREIGN_TABLE:
      return &kDropKinds[6];
    default:
      return nullptr;
  }
}

nodes::DropObject ResolveRelation(const DropKind& want, const std::vector<std::string>& name,
                                  bool missing_ok) {
  nodes::DropObject obj;
  obj.name = name;
  catalog::QualifiedName q = catalog::MakeQualifiedName(name);
  if (!q.schema.empty() && !catalog::FindNamespace(q.schema)) {
    if (!missing_ok)
      throw MakeError(errcode::kUndefinedSchema, "schema \"{}\" does not exist", q.schema);
    obj.missing_notice = fmt::format("schema \"{}\" does not exist, skipping", q.schema);
    return obj;
  }
  obj.oid = catalog::RangeVarGetRelid(q, true);
  if (obj.oid == kInvalidOid) {
    if (!missing_ok) {
      throw Error(want.nonexistent_code,
                  fmt::format("{} \"{}\" does not exist", want.noun, q.name));
    }
    obj.missing_notice = fmt::format("{} \"{}\" does not exist, skipping", want.noun, q.name);
    return obj;
  }
  auto rel = catalog::Syscache().RelationByOid(obj.oid);
  const DropKind* actual = KindForRelkind(rel->relkind);
  if (actual == nullptr || actual->relkind != want.relkind) {
    Error e(errcode::kWrongObjectType, fmt::format(fmt::runtime(want.not_msg), q.name));
    if (actual) throw std::move(e).Hint(actual->drop_hint);
    throw std::move(e);
  }
  if (rel->relnamespace == catalog::kPgCatalogNamespace) {
    throw MakeError(errcode::kInsufficientPrivilege,
                    "permission denied: \"{}\" is a system catalog", q.name);
  }
  return obj;
}

}  // namespace

nodes::UtilityStmtPtr TransformDropStmt(ParseState& ps, const PgQuery__DropStmt* s) {
  auto stmt = std::make_shared<nodes::DropStmt>();
  stmt->missing_ok = s->missing_ok;
  stmt->concurrent = s->concurrent;
  stmt->behavior = s->behavior == PG_QUERY__DROP_BEHAVIOR__DROP_CASCADE
                       ? nodes::DropBehavior::kCascade
                       : nodes::DropBehavior::kRestrict;
  if (s->remove_type == PG_QUERY__OBJECT_TYPE__OBJECT_SCHEMA) {
    stmt->remove_type = nodes::ObjectType::kSchema;
    for (const raw::Node* n : raw::Span(s->n_objects, s->objects)) {
      nodes::DropObject obj;
      obj.name = {std::string(raw::StrVal(n))};
      if (auto nsp = catalog::FindNamespace(obj.name[0])) {
        obj.oid = *nsp;
      } else if (!s->missing_ok) {
        throw MakeError(errcode::kUndefinedSchema, "schema \"{}\" does not exist", obj.name[0]);
      } else {
        obj.missing_notice = fmt::format("schema \"{}\" does not exist, skipping", obj.name[0]);
      }
      stmt->objects.push_back(std::move(obj));
    }
    return stmt;
  }
  const DropKind* kind = KindForObjectType(s->remove_type);
  if (kind == nullptr) {
    throw Error(errcode::kFeatureNotSupported, "DROP of this object type is not supported yet");
  }
  stmt->remove_type = kind->type;
  for (const raw::Node* n : raw::Span(s->n_objects, s->objects)) {
    std::vector<std::string> name = raw::StringList(raw::ListItems(n));
    if (name.size() > 3) {
      throw MakeError(errcode::kSyntaxError, "improper qualified name (too many dotted names): {}",
                      raw::JoinName(name));
    }
    stmt->objects.push_back(ResolveRelation(*kind, name, s->missing_ok));
  }
  (void)ps;
  return stmt;
}

}  // namespace hyrax::parser
