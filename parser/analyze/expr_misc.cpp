// CASE, COALESCE, GREATEST/LEAST, SQL value functions (CURRENT_DATE ...), ARRAY[...],
// ROW(...), subscripts and field selection, GROUPING(...) and multiple-assignment sources
// (see analyze_expr.h). Follows PostgreSQL's transformCaseExpr, transformCoalesceExpr,
// transformMinMaxExpr, transformSQLValueFunction, transformArrayExpr, transformRowExpr,
// transformIndirection and transformMultiAssignRef.
#include "nodes/make_nodes.h"
#include "nodes/node_funcs.h"
#include "parser/analyze/agg.h"
#include "parser/analyze/analyze_expr.h"
#include "parser/analyze/coerce.h"
#include "parser/analyze/collate.h"
#include "parser/analyze/format_type.h"
#include "parser/analyze/indirection_star.h"
#include "parser/analyze/oper_resolution.h"
#include "parser/analyze/scope.h"
#include "parser/analyze/target_list.h"
#include "parser/analyze/type_info.h"
#include "parser/analyze/type_oids.h"
#include "storage/catalog/syscache.h"

namespace hyrax::parser {

using nodes::As;
using nodes::NodeTag;

namespace {

// Analyzes a list that may contain "t.*" items, expanding them (PostgreSQL's
// transformExpressionList for ROW(...)).
ExprList TransformListExpandingStars(ParseState& ps, raw::NodeSpan items,
                                     bool allow_default = false) {
  ExprList out;
  for (const raw::Node* item : items) {
    if (allow_default && raw::Is(item, PG_QUERY__NODE__NODE_SET_TO_DEFAULT)) {
      auto def = std::make_shared<nodes::SetToDefault>();
      def->location = item->set_to_default->location;
      out.push_back(def);
      continue;
    }
    if (raw::Is(item, PG_QUERY__NODE__NODE_COLUMN_REF)) {
      const PgQuery__ColumnRef* cref = item->column_ref;
      if (cref->n_fields > 0 &&
          raw::Is(cref->fields[cref->n_fields - 1], PG_QUERY__NODE__NODE_A_STAR)) {
        ExprList vars = ExpandStarToVars(ps, cref);
        out.insert(out.end(), vars.begin(), vars.end());
        continue;
      }
    }
    out.push_back(TransformExprRecurse(ps, item));
  }
  return out;
}

ExprPtr CoerceSubscript(ParseState& ps, const raw::Node* n) {
  ExprPtr e = TransformExprRecurse(ps, n);
  Oid type = e->result_type;
  ExprPtr coerced = CoerceToTargetType(ps, e, type, kInt4Oid, -1, CoercionContext::kAssignment,
                                       nodes::CoercionForm::kImplicitCast, -1);
  if (!coerced) {
    ThrowAt(ps, Error(errcode::kDatatypeMismatch, "array subscript must have type integer"),
            nodes::ExprLocation(e.get()));
  }
  return coerced;
}

// (expr).field (PostgreSQL's ParseComplexProjection and unknown_attribute): a column of the
// item a whole-row reference stands for, a field of a composite value, or a field of an
// anonymous ROW(...) by its name f1, f2, ...
ExprPtr FieldSelect(ParseState& ps, ExprPtr base, const std::string& field, int location) {
  if (base->tag == NodeTag::kVar && As<nodes::Var>(base)->varattno == nodes::kInvalidAttrNumber) {
    const auto* var = As<nodes::Var>(base);
    NamespaceMatch match;
    match.levels_up = static_cast<int>(var->varlevelsup);
    match.owner = &ps.Level(match.levels_up);
    match.item.rtindex = var->varno;
    if (ExprPtr column = ScanNsItemForColumn(ps, match, field, location)) return column;
    ThrowAt(ps,
            MakeError(errcode::kUndefinedColumn, "column {}.{} does not exist",
                      match.owner->Rte(var->varno).eref.aliasname, field),
            location);
  }
  auto select = [&](int fieldnum, Oid type, int32_t typmod, Oid collation) {
    auto fs = std::make_shared<nodes::FieldSelect>();
    fs->arg = base;
    fs->fieldnum = static_cast<nodes::AttrNumber>(fieldnum);
    fs->result_type = type;
    fs->result_typmod = typmod;
    fs->result_collation = collation;
    return fs;
  };
  Oid type = BaseType(base->result_type);
  const catalog::PgType* row = FindType(type);
  if (row != nullptr && row->typrelid != kInvalidOid) {
    for (const auto& att : catalog::Syscache().AttributesOf(row->typrelid)) {
      if (att.attnum <= 0 || att.attisdropped || att.attname != field) continue;
      return select(att.attnum, att.atttypid, att.atttypmod, att.attcollation);
    }
    ThrowAt(ps,
            MakeError(errcode::kUndefinedColumn, "column \"{}\" not found in data type {}", field,
                      FormatTypeBe(base->result_type)),
            location);
  }
  if (type == kRecordOid) {
    if (base->tag == NodeTag::kRowExpr && base->result_type == kRecordOid) {
      const auto* r = As<nodes::RowExpr>(base);
      for (size_t i = 0; i < r->colnames.size() && i < r->args.size(); ++i) {
        if (r->colnames[i] != field) continue;
        const ExprPtr& arg = r->args[i];
        return select(static_cast<int>(i + 1), arg->result_type, arg->result_typmod,
                      arg->result_collation);
      }
    }
    ThrowAt(ps,
            MakeError(errcode::kUndefinedColumn,
                      "could not identify column \"{}\" in record data type", field),
            location);
  }
  ThrowAt(ps,
          MakeError(errcode::kWrongObjectType,
                    "column notation .{} applied to type {}, which is not a composite type", field,
                    FormatTypeBe(base->result_type)),
          location);
}

}  // namespace

ExprPtr TransformCaseExpr(ParseState& ps, const PgQuery__CaseExpr* c) {
  auto result = std::make_shared<nodes::CaseExpr>();
  ExprPtr arg = TransformExprRecurse(ps, c->arg);
  std::shared_ptr<nodes::CaseTestExpr> placeholder;
  if (arg) {
    if (arg->result_type == kUnknownOid) arg = CoerceToCommonType(ps, arg, kTextOid, "CASE");
    AssignExprCollations(ps, arg);
    placeholder = std::make_shared<nodes::CaseTestExpr>();
    placeholder->result_type = arg->result_type;
    placeholder->result_typmod = arg->result_typmod;
    placeholder->result_collation = arg->result_collation;
  }
  result->arg = arg;
  ExprList results;
  for (const raw::Node* n : raw::Span(c->n_args, c->args)) {
    const PgQuery__CaseWhen* w = n->case_when;
    nodes::CaseWhen when;
    ExprPtr cond;
    if (placeholder) {
      ExprPtr value = TransformExprRecurse(ps, w->expr);
      cond = MakeOp(ps, {"="}, placeholder, value, w->location);
    } else {
      cond = TransformExprRecurse(ps, w->expr);
    }
    when.expr = CoerceToBoolean(ps, cond, "CASE/WHEN");
    when.result = TransformExprRecurse(ps, w->result);
    when.location = w->location;
    results.push_back(when.result);
    result->args.push_back(std::move(when));
  }
  if (c->defresult) {
    result->defresult = TransformExprRecurse(ps, c->defresult);
  } else {
    auto null = nodes::MakeNullConst(kUnknownOid, -1, kInvalidOid, -2, false);
    result->defresult = null;
  }
  results.insert(results.begin(), result->defresult);
  Oid ptype = SelectCommonType(ps, results, "CASE");
  result->result_type = ptype;
  result->defresult = CoerceToCommonType(ps, result->defresult, ptype, "CASE");
  for (auto& when : result->args) when.result = CoerceToCommonType(ps, when.result, ptype, "CASE");
  ExprList coerced{result->defresult};
  for (auto& when : result->args) coerced.push_back(when.result);
  result->result_typmod = SelectCommonTypmod(coerced, ptype);
  result->location = c->location;
  return result;
}

ExprPtr TransformCoalesceExpr(ParseState& ps, const PgQuery__CoalesceExpr* c) {
  auto result = std::make_shared<nodes::CoalesceExpr>();
  ExprList args;
  for (const raw::Node* n : raw::Span(c->n_args, c->args))
    args.push_back(TransformExprRecurse(ps, n));
  Oid type = SelectCommonType(ps, args, "COALESCE");
  for (auto& a : args) a = CoerceToCommonType(ps, a, type, "COALESCE");
  result->result_type = type;
  result->result_typmod = SelectCommonTypmod(args, type);
  result->args = std::move(args);
  result->location = c->location;
  return result;
}

ExprPtr TransformMinMaxExpr(ParseState& ps, const PgQuery__MinMaxExpr* m) {
  auto result = std::make_shared<nodes::MinMaxExpr>();
  bool greatest = m->op == PG_QUERY__MIN_MAX_OP__IS_GREATEST;
  const char* name = greatest ? "GREATEST" : "LEAST";
  result->op = greatest ? nodes::MinMaxOp::kGreatest : nodes::MinMaxOp::kLeast;
  ExprList args;
  for (const raw::Node* n : raw::Span(m->n_args, m->args))
    args.push_back(TransformExprRecurse(ps, n));
  Oid type = SelectCommonType(ps, args, name);
  for (auto& a : args) a = CoerceToCommonType(ps, a, type, name);
  result->result_type = type;
  result->result_typmod = SelectCommonTypmod(args, type);
  result->args = std::move(args);
  result->location = m->location;
  return result;
}

ExprPtr TransformSQLValueFunction(ParseState& ps, const PgQuery__SQLValueFunction* svf) {
  using Op = nodes::SQLValueFunctionOp;
  auto result = std::make_shared<nodes::SQLValueFunction>();
  result->location = svf->location;
  int32_t typmod = svf->typmod;
  auto precision = [&](const char* what, bool tz) -> int32_t {
    if (typmod < 0) {
      ThrowAt(ps,
              MakeError(errcode::kInvalidParameterValue, "{}({}){} precision must not be negative",
                        what, typmod, tz ? " WITH TIME ZONE" : ""),
              svf->location);
    }
    return std::min(typmod, 6);
  };
  switch (svf->op) {
    case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_CURRENT_DATE:
      result->op = Op::kCurrentDate;
      result->result_type = kDateOid;
      break;
    case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_CURRENT_TIME:
      result->op = Op::kCurrentTime;
      result->result_type = kTimeTzOid;
      break;
    case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_CURRENT_TIME_N:
      result->op = Op::kCurrentTimeN;
      result->result_type = kTimeTzOid;
      result->typmod = result->result_typmod = precision("TIME", true);
      break;
    case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_CURRENT_TIMESTAMP:
      result->op = Op::kCurrentTimestamp;
      result->result_type = kTimestampTzOid;
      break;
    case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_CURRENT_TIMESTAMP_N:
      result->op = Op::kCurrentTimestampN;
      result->result_type = kTimestampTzOid;
      result->typmod = result->result_typmod = precision("TIMESTAMP", true);
      break;
    case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_LOCALTIME:
      result->op = Op::kLocaltime;
      result->result_type = kTimeOid;
      break;
    case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_LOCALTIME_N:
      result->op = Op::kLocaltimeN;
      result->result_type = kTimeOid;
      result->typmod = result->result_typmod = precision("TIME", false);
      break;
    case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_LOCALTIMESTAMP:
      result->op = Op::kLocaltimestamp;
      result->result_type = kTimestampOid;
      break;
    case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_LOCALTIMESTAMP_N:
      result->op = Op::kLocaltimestampN;
      result->result_type = kTimestampOid;
      result->typmod = result->result_typmod = precision("TIMESTAMP", false);
      break;
    case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_CURRENT_ROLE:
      result->op = Op::kCurrentRole;
      result->result_type = kNameOid;
      break;
    case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_CURRENT_USER:
      result->op = Op::kCurrentUser;
      result->result_type = kNameOid;
      break;
    case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_USER:
      result->op = Op::kUser;
      result->result_type = kNameOid;
      break;
    case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_SESSION_USER:
      result->op = Op::kSessionUser;
      result->result_type = kNameOid;
      break;
    case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_CURRENT_CATALOG:
      result->op = Op::kCurrentCatalog;
      result->result_type = kNameOid;
      break;
    case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_CURRENT_SCHEMA:
      result->op = Op::kCurrentSchema;
      result->result_type = kNameOid;
      break;
    default:
      throw Error(errcode::kInternalError, "unrecognized SQL value function");
  }
  result->result_collation = TypeCollation(result->result_type);
  return result;
}

ExprPtr TransformArrayExpr(ParseState& ps, const PgQuery__AArrayExpr* a, Oid array_type,
                           Oid element_type, int32_t typmod) {
  auto result = std::make_shared<nodes::ArrayExpr>();
  ExprList elems;
  for (const raw::Node* e : raw::Span(a->n_elements, a->elements)) {
    ExprPtr ne;
    if (raw::Is(e, PG_QUERY__NODE__NODE_A_ARRAY_EXPR)) {
      ne = TransformArrayExpr(ps, e->a_array_expr, array_type, element_type, typmod);
      result->multidims = true;
    } else {
      ne = TransformExprRecurse(ps, e);
      if (!result->multidims && IsTrueArrayType(ne->result_type)) result->multidims = true;
    }
    elems.push_back(ne);
  }
  Oid coerce_to;
  bool hard;
  if (array_type != kInvalidOid) {
    coerce_to = result->multidims ? array_type : element_type;
    hard = true;
  } else {
    if (elems.empty()) {
      ThrowAt(ps,
              Error(errcode::kIndeterminateDatatype, "cannot determine type of empty array")
                  .Hint("Explicitly cast to the desired type, for example ARRAY[]::integer[]."),
              a->location);
    }
    coerce_to = SelectCommonType(ps, elems, "ARRAY");
    if (result->multidims) {
      array_type = coerce_to;
      element_type = ElementTypeOf(array_type);
      if (element_type == kInvalidOid) {
        ThrowAt(ps,
                MakeError(errcode::kUndefinedObject, "could not find element type for data type {}",
                          FormatTypeBe(array_type)),
                a->location);
      }
    } else {
      element_type = coerce_to;
      array_type = ArrayTypeOf(element_type);
      if (array_type == kInvalidOid) {
        ThrowAt(ps,
                MakeError(errcode::kUndefinedObject, "could not find array type for data type {}",
                          FormatTypeBe(element_type)),
                a->location);
      }
    }
    hard = false;
  }
  for (auto& e : elems) {
    if (hard) {
      Oid t = e->result_type;
      ExprPtr c = CoerceToTargetType(ps, e, t, coerce_to, typmod, CoercionContext::kExplicit,
                                     nodes::CoercionForm::kExplicitCast, -1);
      if (!c) {
        ThrowAt(ps,
                MakeError(errcode::kCannotCoerce, "cannot cast type {} to {}", FormatTypeBe(t),
                          FormatTypeBe(coerce_to)),
                nodes::ExprLocation(e.get()));
      }
      e = c;
    } else {
      e = CoerceToCommonType(ps, e, coerce_to, "ARRAY");
    }
  }
  result->elements = std::move(elems);
  result->element_typeid = element_type;
  result->result_type = array_type;
  result->location = a->location;
  return result;
}

std::shared_ptr<nodes::SubscriptingRef> TransformContainerSubscripts(ParseState& ps, ExprPtr base,
                                                                     Oid container,
                                                                     int32_t container_typmod,
                                                                     raw::NodeSpan subscripts,
                                                                     bool is_assignment) {
  Oid elem = ElementTypeOf(container);
  if (elem == kInvalidOid) {
    ThrowAt(ps,
            MakeError(errcode::kDatatypeMismatch,
                      "cannot subscript type {} because it does not support subscripting",
                      FormatTypeBe(container)),
            nodes::ExprLocation(base.get()));
  }
  auto sref = std::make_shared<nodes::SubscriptingRef>();
  sref->refcontainertype = container;
  sref->refelemtype = elem;
  sref->refexpr = std::move(base);
  bool slice = false;
  for (const raw::Node* item : subscripts) slice |= item->a_indices->is_slice;
  for (const raw::Node* item : subscripts) {
    const PgQuery__AIndices* ai = item->a_indices;
    if (slice) {
      // A plain subscript among slices is the slice n:n; an omitted bound stays null.
      ExprPtr lower;
      if (ai->lidx) {
        lower = CoerceSubscript(ps, ai->lidx);
      } else if (!ai->is_slice) {
        lower = nodes::MakeConst(kInt4Oid, -1, kInvalidOid, 4, true, Int32GetDatum(1), false);
      }
      sref->reflowerindexpr.push_back(lower);
    }
    sref->refupperindexpr.push_back(ai->uidx ? CoerceSubscript(ps, ai->uidx) : nullptr);
  }
  (void)
      is_assignment;  // arrays allow omitted slice bounds in assignments too (checked at run time)
  // The result typmod is the container's, which for arrays is the element's.
  sref->result_type = slice ? container : elem;
  sref->result_typmod = container_typmod;
  sref->result_collation = TypeCollation(sref->result_type);
  return sref;
}

ExprPtr TransformRowExpr(ParseState& ps, const PgQuery__RowExpr* r) {
  auto result = std::make_shared<nodes::RowExpr>();
  result->args = TransformListExpandingStars(ps, raw::Span(r->n_args, r->args));
  if (result->args.size() > 1664) {
    ThrowAt(ps,
            MakeError(errcode::kProgramLimitExceeded, "ROW expressions can have at most {} entries",
                      1664),
            r->location);
  }
  result->result_type = kRecordOid;
  for (size_t i = 0; i < result->args.size(); ++i)
    result->colnames.push_back("f" + std::to_string(i + 1));
  result->row_format = r->row_format == PG_QUERY__COERCION_FORM__COERCE_EXPLICIT_CALL
                           ? nodes::CoercionForm::kExplicitCall
                           : nodes::CoercionForm::kImplicitCast;
  result->location = r->location;
  return result;
}

namespace {

// The value of `ind` with its first `count` indirection items applied.
ExprPtr TransformIndirectionItems(ParseState& ps, const PgQuery__AIndirection* ind, size_t count) {
  ExprPtr result = TransformExprRecurse(ps, ind->arg);
  raw::NodeSpan items = raw::Span(count, ind->indirection);
  size_t i = 0;
  while (i < items.size()) {
    const raw::Node* item = items[i];
    if (raw::Is(item, PG_QUERY__NODE__NODE_A_INDICES)) {
      // A run of subscripts applies to one container value.
      size_t start = i;
      while (i < items.size() && raw::Is(items[i], PG_QUERY__NODE__NODE_A_INDICES)) ++i;
      int32_t typmod = result->result_typmod;
      Oid container = BaseTypeAndTypmod(result->result_type, &typmod);
      result = TransformContainerSubscripts(ps, result, container, typmod,
                                            items.Sub(start, i - start), false);
      continue;
    }
    if (raw::Is(item, PG_QUERY__NODE__NODE_A_STAR)) {
      ThrowAt(ps,
              Error(errcode::kFeatureNotSupported, "row expansion via \"*\" is not supported here"),
              -1);
    }
    result =
        FieldSelect(ps, result, std::string(raw::StrVal(item)), nodes::ExprLocation(result.get()));
    ++i;
  }
  return result;
}

}  // namespace

ExprPtr TransformIndirection(ParseState& ps, const PgQuery__AIndirection* ind) {
  return TransformIndirectionItems(ps, ind, ind->n_indirection);
}

bool EndsWithIndirectionStar(const PgQuery__AIndirection* ind) {
  return ind->n_indirection > 0 &&
         raw::Is(ind->indirection[ind->n_indirection - 1], PG_QUERY__NODE__NODE_A_STAR);
}

std::vector<std::pair<std::string, ExprPtr>> ExpandIndirectionStar(
    ParseState& ps, const PgQuery__AIndirection* ind) {
  ExprPtr base = TransformIndirectionItems(ps, ind, ind->n_indirection - 1);
  int location = nodes::ExprLocation(base.get());
  std::vector<std::pair<std::string, ExprPtr>> out;
  if (base->tag == NodeTag::kRowExpr) {
    // ROW(a, b).*: the fields themselves (PostgreSQL's ExpandRowReference).
    const auto* row = As<nodes::RowExpr>(base);
    for (size_t i = 0; i < row->args.size(); ++i) {
      out.emplace_back(i < row->colnames.size() ? row->colnames[i] : "f" + std::to_string(i + 1),
                       row->args[i]);
    }
    return out;
  }
  int32_t typmod = base->result_typmod;
  Oid type = BaseTypeAndTypmod(base->result_type, &typmod);
  const catalog::PgType* row_type = FindType(type);
  if (base->tag == NodeTag::kVar && As<nodes::Var>(base)->varattno == nodes::kInvalidAttrNumber &&
      (row_type == nullptr || row_type->typrelid == kInvalidOid)) {
    const auto* var = As<nodes::Var>(base);
    ParseState& owner = ps.Level(static_cast<int>(var->varlevelsup));
    for (const auto& col : RteColumns(owner, owner.Rte(var->varno))) {
      if (!col.name.empty()) out.emplace_back(col.name, FieldSelect(ps, base, col.name, location));
    }
    return out;
  }
  if (row_type == nullptr || row_type->typrelid == kInvalidOid) {
    ThrowAt(ps,
            MakeError(errcode::kWrongObjectType, "type {} is not composite",
                      FormatTypeBe(base->result_type)),
            location);
  }
  for (const auto& att : catalog::Syscache().AttributesOf(row_type->typrelid)) {
    if (att.attnum <= 0 || att.attisdropped) continue;
    out.emplace_back(att.attname, FieldSelect(ps, base, att.attname, location));
  }
  return out;
}

ExprPtr TransformGroupingFunc(ParseState& ps, const PgQuery__GroupingFunc* g) {
  auto result = std::make_shared<nodes::GroupingFunc>();
  for (const raw::Node* n : raw::Span(g->n_args, g->args))
    result->args.push_back(TransformExprRecurse(ps, n));
  if (result->args.size() > 31) {
    ThrowAt(ps, MakeError(errcode::kTooManyArguments, "GROUPING must have fewer than 32 arguments"),
            g->location);
  }
  result->result_type = kInt4Oid;
  result->location = g->location;
  CheckGroupingFuncPlacement(ps, *result);
  return result;
}

// One column of UPDATE ... SET (a, b, ...) = source (PostgreSQL's transformMultiAssignRef).
// A ROW(...) source is transformed once, at the first column, and each column takes its
// field. A sub-SELECT becomes a MULTIEXPR SubLink kept in ps.multiassign_sublinks (the
// UPDATE appends it as a resjunk target) and each column a PARAM_MULTIEXPR Param with id
// (subLinkId << 16) | colno.
ExprPtr TransformMultiAssignRef(ParseState& ps, const PgQuery__MultiAssignRef* m) {
  bool is_sublink = raw::Is(m->source, PG_QUERY__NODE__NODE_SUB_LINK) &&
                    m->source->sub_link->sub_link_type == PG_QUERY__SUB_LINK_TYPE__EXPR_SUBLINK;
  if (m->colno == 1) {
    ps.multiassign_row.clear();
    if (is_sublink) {
      auto link = std::static_pointer_cast<nodes::SubLink>(
          TransformSubLinkAs(ps, m->source->sub_link, nodes::SubLinkType::kMultiExpr));
      size_t ncols = 0;
      for (const auto& tle : link->subselect->targetList) ncols += tle.resjunk ? 0 : 1;
      if (static_cast<int>(ncols) != m->ncolumns) {
        ThrowAt(ps,
                Error(errcode::kSyntaxError, "number of columns does not match number of values"),
                link->location);
      }
      ps.multiassign_sublinks.push_back(link);
      link->subLinkId = static_cast<int>(ps.multiassign_sublinks.size());
    } else if (raw::Is(m->source, PG_QUERY__NODE__NODE_ROW_EXPR)) {
      // DEFAULT is allowed among the fields here.
      const PgQuery__RowExpr* row = m->source->row_expr;
      ps.multiassign_row = TransformListExpandingStars(ps, raw::Span(row->n_args, row->args), true);
      if (static_cast<int>(ps.multiassign_row.size()) != m->ncolumns) {
        ThrowAt(ps,
                Error(errcode::kSyntaxError, "number of columns does not match number of values"),
                raw::RawLocation(m->source));
      }
    } else {
      ThrowAt(ps,
              Error(errcode::kFeatureNotSupported,
                    "source for a multiple-column UPDATE item must be a sub-SELECT or ROW() "
                    "expression"),
              raw::RawLocation(m->source));
    }
  }
  if (!is_sublink) return ps.multiassign_row[m->colno - 1];
  const auto& link = ps.multiassign_sublinks.back();
  const nodes::TargetEntry* col = nullptr;
  int seen = 0;
  for (const auto& tle : link->subselect->targetList) {
    if (!tle.resjunk && ++seen == m->colno) col = &tle;
  }
  auto param = std::make_shared<nodes::Param>();
  param->paramkind = nodes::ParamKind::kMultiExpr;
  param->paramid = (link->subLinkId << 16) | m->colno;
  param->result_type = col->expr->result_type;
  param->result_typmod = col->expr->result_typmod;
  param->result_collation = col->expr->result_collation;
  param->location = nodes::ExprLocation(col->expr.get());
  return param;
}

}  // namespace hyrax::parser
