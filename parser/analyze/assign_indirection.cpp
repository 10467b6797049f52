// Assignment to part of a column: INSERT INTO t (arr[1], comp.field) and UPDATE ... SET
// arr[i] = x, comp.f1 = y (PostgreSQL's transformAssignmentIndirection and
// transformAssignmentSubscripts). The result is a SubscriptingRef with refassgnexpr or a
// FieldStore over the old column value (a NULL for INSERT), with CaseTestExpr placeholders
// for nested levels.
#include "nodes/make_nodes.h"
#include "nodes/node_funcs.h"
#include "parser/analyze/analyze_expr.h"
#include "parser/analyze/coerce.h"
#include "parser/analyze/format_type.h"
#include "parser/analyze/target_list.h"
#include "parser/analyze/type_info.h"
#include "storage/catalog/syscache.h"

namespace hyrax::parser {

namespace {

struct AssignTarget {
  std::string name;
  bool is_subscripting = false;
  Oid type = kInvalidOid;
  int32_t typmod = -1;
  Oid collation = kInvalidOid;
};

ExprPtr AssignIndirection(ParseState& ps, ExprPtr base, const AssignTarget& target,
                          raw::NodeSpan indirection, size_t next, ExprPtr rhs, int location);

// base[subscripts] := (the rest of the indirection applied to rhs).
ExprPtr AssignSubscripts(ParseState& ps, ExprPtr base, const AssignTarget& target,
                         raw::NodeSpan subscripts, raw::NodeSpan indirection, size_t next,
                         ExprPtr rhs, int location) {
  int32_t container_typmod = target.typmod;
  Oid container = BaseTypeAndTypmod(target.type, &container_typmod);
  auto sref = TransformContainerSubscripts(ps, base, container, container_typmod, subscripts, true);
  AssignTarget inner;
  inner.name = target.name;
  inner.is_subscripting = true;
  inner.type = sref->result_type;
  inner.typmod = sref->result_typmod;
  inner.collation = container == target.type ? target.collation : TypeCollation(container);
  sref->refassgnexpr = AssignIndirection(ps, nullptr, inner, indirection, next, rhs, location);
  sref->result_type = container;
  sref->result_typmod = container_typmod;
  sref->result_collation = TypeCollation(container);
  ExprPtr result = sref;
  if (container != target.type) {
    result =
        CoerceToTargetType(ps, result, container, target.type, target.typmod,
                           CoercionContext::kAssignment, nodes::CoercionForm::kImplicitCast, -1);
    if (!result) {
      ThrowAt(ps,
              MakeError(errcode::kCannotCoerce, "cannot cast type {} to {}",
                        FormatTypeBe(container), FormatTypeBe(target.type)),
              location);
    }
  }
  return result;
}

// base.field := (the rest of the indirection applied to rhs).
ExprPtr AssignField(ParseState& ps, ExprPtr base, const AssignTarget& target,
                    const std::string& field, raw::NodeSpan indirection, size_t next, ExprPtr rhs,
                    int location) {
  int32_t base_typmod = target.typmod;
  Oid base_type = BaseTypeAndTypmod(target.type, &base_typmod);
  const catalog::PgType* row = FindType(base_type);
  if (row == nullptr || row->typrelid == kInvalidOid) {
    ThrowAt(ps,
            MakeError(errcode::kDatatypeMismatch,
                      "cannot assign to field \"{}\" of column \"{}\" because its type {} is not "
                      "a composite type",
                      field, target.name, FormatTypeBe(target.type)),
            location);
  }
  std::optional<catalog::PgAttribute> att;
  for (const auto& a : catalog::Syscache().AttributesOf(row->typrelid)) {
    if (!a.attisdropped && a.attname == field) att = a;
  }
  if (!att) {
    static const char* const kSystem[] = {"ctid", "xmin", "cmin", "xmax", "cmax", "tableoid"};
    for (const char* sys : kSystem) {
      if (field == sys) {
        ThrowAt(
            ps,
            MakeError(errcode::kUndefinedColumn, "cannot assign to system column \"{}\"", field),
            location);
      }
    }
    ThrowAt(ps,
            MakeError(errcode::kUndefinedColumn,
                      "cannot assign to field \"{}\" of column \"{}\" because there is no such "
                      "column in data type {}",
                      field, target.name, FormatTypeBe(target.type)),
            location);
  }
  AssignTarget inner;
  inner.name = field;
  inner.type = att->atttypid;
  inner.typmod = att->atttypmod;
  inner.collation = att->attcollation;
  auto store = std::make_shared<nodes::FieldStore>();
  store->arg = base;
  store->newvals.push_back(AssignIndirection(ps, nullptr, inner, indirection, next, rhs, location));
  store->fieldnums.push_back(att->attnum);
  store->result_type = base_type;
  if (base_type == target.type) return store;
  return CoerceToDomain(ps, store, base_type, base_typmod, target.type, CoercionContext::kImplicit,
                        nodes::CoercionForm::kImplicitCast, location, false);
}

ExprPtr AssignIndirection(ParseState& ps, ExprPtr base, const AssignTarget& target,
                          raw::NodeSpan indirection, size_t next, ExprPtr rhs, int location) {
  if (next < indirection.size() && !base) {
    // A placeholder for the current value of this level, filled in by the executor.
    auto ctest = std::make_shared<nodes::CaseTestExpr>();
    ctest->result_type = target.type;
    ctest->result_typmod = target.typmod;
    ctest->result_collation = target.collation;
    base = ctest;
  }
  size_t start = next;
  size_t i = next;
  for (; i < indirection.size(); ++i) {
    const raw::Node* n = indirection[i];
    if (raw::Is(n, PG_QUERY__NODE__NODE_A_INDICES)) continue;
    if (raw::Is(n, PG_QUERY__NODE__NODE_A_STAR)) {
      ThrowAt(ps,
              Error(errcode::kFeatureNotSupported, "row expansion via \"*\" is not supported here"),
              location);
    }
    if (i > start) {
      return AssignSubscripts(ps, base, target, indirection.Sub(start, i - start), indirection, i,
                              rhs, location);
    }
    return AssignField(ps, base, target, std::string(raw::StrVal(n)), indirection, i + 1, rhs,
                       location);
  }
  if (i > start) {
    return AssignSubscripts(ps, base, target, indirection.Sub(start, i - start), indirection, i,
                            rhs, location);
  }
  Oid rhs_type = rhs->result_type;
  ExprPtr result =
      CoerceToTargetType(ps, rhs, rhs_type, target.type, target.typmod,
                         CoercionContext::kAssignment, nodes::CoercionForm::kImplicitCast, -1);
  if (!result) {
    Error err =
        target.is_subscripting
            ? MakeError(errcode::kDatatypeMismatch,
                        "subscripted assignment to \"{}\" requires type {} but expression is of "
                        "type {}",
                        target.name, FormatTypeBe(target.type), FormatTypeBe(rhs_type))
            : MakeError(errcode::kDatatypeMismatch,
                        "subfield \"{}\" is of type {} but expression is of type {}", target.name,
                        FormatTypeBe(target.type), FormatTypeBe(rhs_type));
    ThrowAt(ps, std::move(err).Hint("You will need to rewrite or cast the expression."), location);
  }
  return result;
}

}  // namespace

ExprPtr TransformAssignmentIndirection(ParseState& ps, ExprPtr column_value,
                                       const std::string& colname, Oid type, int32_t typmod,
                                       Oid collation, raw::NodeSpan indirection, ExprPtr rhs,
                                       int location) {
  AssignTarget target;
  target.name = colname;
  target.type = type;
  target.typmod = typmod;
  target.collation = collation;
  return AssignIndirection(ps, std::move(column_value), target, indirection, 0, std::move(rhs),
                           location);
}

}  // namespace hyrax::parser
