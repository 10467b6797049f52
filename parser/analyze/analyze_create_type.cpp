// CREATE TYPE ... AS (composite), CREATE TYPE ... AS ENUM, CREATE DOMAIN, and the name
// resolution of DROP TYPE / DROP DOMAIN: the new type's schema, its columns' types (as CREATE
// TABLE resolves them), its labels or its base type and constraints, with PostgreSQL's checks
// (DefineCompositeType, DefineEnum, DefineDomain, RemoveObjects). The catalog work is
// executor/commands/type_commands.cpp.
#include "parser/analyze/analyze_create_type.h"

#include "parser/analyze/analyze_expr.h"
#include "parser/analyze/analyze_stmt.h"
#include "parser/analyze/coerce.h"
#include "parser/analyze/collate.h"
#include "parser/analyze/format_type.h"
#include "parser/analyze/type_info.h"
#include "parser/analyze/type_names.h"
#include "parser/analyze/type_oids.h"
#include "storage/catalog/namespace.h"
#include "storage/catalog/syscache.h"

namespace hyrax::parser {

namespace {

// The base type VALUE stands for while a domain CHECK is analyzed (one statement at a time
// per backend).
struct DomainValue {
  Oid type = kInvalidOid;
  int32_t typmod = -1;
  Oid collation = kInvalidOid;
};
DomainValue current_domain_value;

// PostgreSQL's NAMEDATALEN - 1.
constexpr size_t kMaxLabelLength = 63;

Oid TypeCreationNamespace(ParseState& ps, const catalog::QualifiedName& q, int location) {
  char persistence = 'p';
  return WithErrorPosition(ps, location,
                           [&] { return catalog::RangeVarGetCreationNamespace(q, &persistence); });
}

nodes::CreateTypeStmt::Column CompositeColumn(ParseState& ps, const PgQuery__ColumnDef* cd) {
  nodes::CreateTypeStmt::Column col;
  col.name = raw::Str(cd->colname);
  TypeWithMod t = TypenameTypeIdAndMod(ps, cd->type_name);
  col.type_oid = t.type;
  col.typmod = t.typmod;
  col.ndims = static_cast<int32_t>(cd->type_name->n_array_bounds);
  const catalog::PgType& type = LookupType(col.type_oid);
  if (type.typtype == 'p' && col.type_oid != kRecordOid) {
    throw MakeError(errcode::kInvalidTableDefinition, "column \"{}\" has pseudo-type {}", col.name,
                    FormatTypeBe(col.type_oid));
  }
  col.collation = type.typcollation;
  if (cd->coll_clause) {
    if (col.collation == kInvalidOid) {
      ThrowAt(ps,
              MakeError(errcode::kDatatypeMismatch, "collations are not supported by type {}",
                        FormatTypeBe(col.type_oid)),
              cd->coll_clause->location);
    }
    col.collation = LookupCollation(
        ps, raw::StringList(raw::Span(cd->coll_clause->n_collname, cd->coll_clause->collname)),
        cd->coll_clause->location);
  }
  return col;
}

}  // namespace

ExprPtr DomainCheckValue(const std::string& column_name, int location) {
  if (current_domain_value.type == kInvalidOid || column_name != "value") return nullptr;
  auto value = std::make_shared<nodes::CoerceToDomainValue>();
  value->result_type = current_domain_value.type;
  value->result_typmod = current_domain_value.typmod;
  value->result_collation = current_domain_value.collation;
  value->location = location;
  return value;
}

nodes::UtilityStmtPtr TransformCompositeTypeStmt(ParseState& ps,
                                                 const PgQuery__CompositeTypeStmt* s) {
  auto stmt = std::make_shared<nodes::CreateTypeStmt>();
  stmt->kind = nodes::CreateTypeStmt::Kind::kComposite;
  catalog::QualifiedName q;
  q.catalog = raw::Str(s->typevar->catalogname);
  q.schema = raw::Str(s->typevar->schemaname);
  q.name = raw::Str(s->typevar->relname);
  stmt->name = q.name;
  stmt->namespace_oid = TypeCreationNamespace(ps, q, s->typevar->location);
  for (const raw::Node* n : raw::Span(s->n_coldeflist, s->coldeflist)) {
    stmt->columns.push_back(CompositeColumn(ps, n->column_def));
  }
  return stmt;
}

nodes::UtilityStmtPtr TransformCreateEnumStmt(ParseState& ps, const PgQuery__CreateEnumStmt* s) {
  auto stmt = std::make_shared<nodes::CreateTypeStmt>();
  stmt->kind = nodes::CreateTypeStmt::Kind::kEnum;
  std::vector<std::string> name = raw::StringList(raw::Span(s->n_type_name, s->type_name));
  catalog::QualifiedName q = catalog::MakeQualifiedName(name);
  stmt->name = q.name;
  stmt->namespace_oid = TypeCreationNamespace(ps, q, -1);
  for (const raw::Node* n : raw::Span(s->n_vals, s->vals)) {
    std::string label(raw::StrVal(n));
    if (label.size() > kMaxLabelLength) {
      throw MakeError(errcode::kInvalidParameterValue, "invalid enum label \"{}\"", label)
          .Detail(fmt::format("Labels must be {} bytes or less.", kMaxLabelLength));
    }
    for (const auto& seen : stmt->labels) {
      if (seen == label) {
        // PostgreSQL 15 reports the duplicate through pg_enum's unique index.
        throw Error(errcode::kUniqueViolation,
                    "duplicate key value violates unique constraint \"pg_enum_typid_label_index\"");
      }
    }
    stmt->labels.push_back(std::move(label));
  }
  return stmt;
}

nodes::UtilityStmtPtr TransformCreateDomainStmt(ParseState& ps,
                                                const PgQuery__CreateDomainStmt* s) {
  auto stmt = std::make_shared<nodes::CreateDomainStmt>();
  std::vector<std::string> name = raw::StringList(raw::Span(s->n_domainname, s->domainname));
  catalog::QualifiedName q = catalog::MakeQualifiedName(name);
  stmt->name = q.name;
  stmt->namespace_oid = TypeCreationNamespace(ps, q, -1);
  TypeWithMod base = TypenameTypeIdAndMod(ps, s->type_name);
  stmt->base_type = base.type;
  stmt->base_typmod = base.typmod;
  stmt->ndims = static_cast<int32_t>(s->type_name->n_array_bounds);
  const catalog::PgType& type = LookupType(base.type);
  if (type.typtype != 'b' && type.typtype != 'c' && type.typtype != 'd' && type.typtype != 'e' &&
      type.typtype != 'r' && type.typtype != 'm') {
    ThrowAt(ps,
            MakeError(errcode::kDatatypeMismatch, "\"{}\" is not a valid base type for a domain",
                      FormatTypeBe(base.type)),
            s->type_name->location);
  }
  stmt->collation = type.typcollation;
  if (s->coll_clause) {
    if (stmt->collation == kInvalidOid) {
      ThrowAt(ps,
              MakeError(errcode::kDatatypeMismatch, "collations are not supported by type {}",
                        FormatTypeBe(base.type)),
              s->coll_clause->location);
    }
    stmt->collation = LookupCollation(
        ps, raw::StringList(raw::Span(s->coll_clause->n_collname, s->coll_clause->collname)),
        s->coll_clause->location);
  }
  bool saw_null = false, saw_not_null = false;
  for (const raw::Node* n : raw::Span(s->n_constraints, s->constraints)) {
    const PgQuery__Constraint* con = n->constraint;
    switch (con->contype) {
      case PG_QUERY__CONSTR_TYPE__CONSTR_NOTNULL:
      case PG_QUERY__CONSTR_TYPE__CONSTR_NULL: {
        bool not_null = con->contype == PG_QUERY__CONSTR_TYPE__CONSTR_NOTNULL;
        if ((not_null && saw_null) || (!not_null && saw_not_null)) {
          ThrowAt(ps, Error(errcode::kSyntaxError, "conflicting NULL/NOT NULL constraints"),
                  con->location);
        }
        (not_null ? saw_not_null : saw_null) = true;
        stmt->not_null = not_null;
        break;
      }
      case PG_QUERY__CONSTR_TYPE__CONSTR_CHECK: {
        current_domain_value = {base.type, base.typmod, stmt->collation};
        ExprPtr expr;
        try {
          expr = TransformExpr(ps, con->raw_expr, ExprKind::kCheckConstraint);
          expr = CoerceToBoolean(ps, expr, "CHECK");
          AssignExprCollations(ps, expr);
        } catch (...) {
          current_domain_value = {};
          throw;
        }
        current_domain_value = {};
        stmt->checks.push_back({std::string(raw::Str(con->conname)), expr});
        break;
      }
      default:
        ThrowAt(ps,
                Error(errcode::kFeatureNotSupported,
                      "this kind of domain constraint is not supported yet"),
                con->location);
    }
  }
  return stmt;
}

nodes::UtilityStmtPtr TransformDropTypes(ParseState& ps, const PgQuery__DropStmt* s) {
  auto stmt = std::make_shared<nodes::DropStmt>();
  bool domain = s->remove_type == PG_QUERY__OBJECT_TYPE__OBJECT_DOMAIN;
  stmt->remove_type = domain ? nodes::ObjectType::kDomain : nodes::ObjectType::kType;
  stmt->missing_ok = s->missing_ok;
  stmt->behavior = s->behavior == PG_QUERY__DROP_BEHAVIOR__DROP_CASCADE
                       ? nodes::DropBehavior::kCascade
                       : nodes::DropBehavior::kRestrict;
  for (const raw::Node* n : raw::Span(s->n_objects, s->objects)) {
    const PgQuery__TypeName* tn = n->type_name;
    std::vector<std::string> name = raw::StringList(raw::Span(tn->n_names, tn->names));
    nodes::DropObject obj;
    obj.name = name;
    obj.oid = LookupTypeNameOid(name);
    std::string shown = raw::JoinName(name);
    if (obj.oid == kInvalidOid) {
      if (!s->missing_ok) {
        ThrowAt(ps, MakeError(errcode::kUndefinedObject, "type \"{}\" does not exist", shown),
                tn->location);
      }
      obj.missing_notice = fmt::format("type \"{}\" does not exist, skipping", shown);
    } else if (domain && LookupType(obj.oid).typtype != 'd') {
      throw MakeError(errcode::kWrongObjectType, "\"{}\" is not a domain", shown);
    }
    stmt->objects.push_back(std::move(obj));
  }
  return stmt;
}

}  // namespace hyrax::parser
