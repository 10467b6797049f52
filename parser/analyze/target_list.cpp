// Target list analysis (see target_list.h); follows PostgreSQL's transformTargetList,
// ExpandColumnRefStar, FigureColnameInternal, markTargetListOrigin and
// transformAssignedExpr.
#include "parser/analyze/target_list.h"

#include "nodes/make_nodes.h"
#include "nodes/node_funcs.h"
#include "parser/analyze/analyze_expr.h"
#include "parser/analyze/coerce.h"
#include "parser/analyze/format_type.h"
#include "parser/analyze/indirection_star.h"
#include "parser/analyze/scope.h"
#include "parser/analyze/type_input.h"
#include "parser/analyze/type_oids.h"

namespace hyrax::parser {

using nodes::TargetEntry;
using nodes::TargetList;

namespace {

bool EndsWithStar(const PgQuery__ColumnRef* cref) {
  return cref->n_fields > 0 &&
         raw::Is(cref->fields[cref->n_fields - 1], PG_QUERY__NODE__NODE_A_STAR);
}

// The columns of "*" or "rel.*" as (name, Var) pairs.
std::vector<std::pair<std::string, ExprPtr>> ExpandStar(ParseState& ps,
                                                        const PgQuery__ColumnRef* cref) {
  std::vector<std::pair<std::string, ExprPtr>> out;
  raw::NodeSpan fields = raw::Span(cref->n_fields, cref->fields);
  if (fields.size() == 1) {
    bool found_table = false;
    for (size_t i = 0; i < ps.namespace_items.size(); ++i) {
      NamespaceItem item = ps.namespace_items[i];
      if (!item.cols_visible) continue;
      found_table = true;
      auto cols = ExpandNsItemColumns(ps, NamespaceMatch{&ps, item, 0}, cref->location);
      out.insert(out.end(), cols.begin(), cols.end());
    }
    if (!found_table) {
      ThrowAt(ps, Error(errcode::kSyntaxError, "SELECT * with no tables specified is not valid"),
              cref->location);
    }
    return out;
  }
  if (fields.size() > 4) {
    ThrowAt(ps, Error(errcode::kSyntaxError, "improper qualified name (too many dotted names)"),
            cref->location);
  }
  std::string relname(raw::StrVal(fields[fields.size() - 2]));
  std::string nspname =
      fields.size() >= 3 ? std::string(raw::StrVal(fields[fields.size() - 3])) : "";
  auto match = RefnameNamespaceItem(ps, nspname, relname, cref->location);
  if (!match) ErrorMissingRte(ps, nspname, relname, cref->location);
  return ExpandNsItemColumns(ps, *match, cref->location);
}

int FigureColnameInternal(const ParseState* ps, const raw::Node* node, std::string* name);

int FigureSubLinkName(const ParseState* ps, const PgQuery__SubLink* s, std::string* name) {
  switch (s->sub_link_type) {
    case PG_QUERY__SUB_LINK_TYPE__EXISTS_SUBLINK:
      *name = "exists";
      return 2;
    case PG_QUERY__SUB_LINK_TYPE__ARRAY_SUBLINK:
      *name = "array";
      return 2;
    case PG_QUERY__SUB_LINK_TYPE__EXPR_SUBLINK: {
      // The analyzed sub-select's first output column name, when analyzed already.
      if (ps != nullptr) {
        auto it = ps->sublink_colnames.find(s);
        if (it != ps->sublink_colnames.end()) {
          *name = it->second;
          return 2;
        }
      }
      if (!raw::Is(s->subselect, PG_QUERY__NODE__NODE_SELECT_STMT)) return 0;
      const PgQuery__SelectStmt* sel = s->subselect->select_stmt;
      while (sel->larg) sel = sel->larg;
      if (sel->n_target_list == 0) return 0;
      const PgQuery__ResTarget* rt = sel->target_list[0]->res_target;
      if (rt->name && rt->name[0]) {
        *name = rt->name;
      } else if (FigureColnameInternal(nullptr, rt->val, name) == 0) {
        *name = "?column?";
      }
      return 2;
    }
    default:
      return 0;
  }
}

int FigureSqlValueFunctionName(PgQuery__SQLValueFunctionOp op, std::string* name) {
  switch (op) {
    case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_CURRENT_DATE:
      *name = "current_date";
      break;
    case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_CURRENT_TIME:
    case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_CURRENT_TIME_N:
      *name = "current_time";
      break;
    case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_CURRENT_TIMESTAMP:
    case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_CURRENT_TIMESTAMP_N:
      *name = "current_timestamp";
      break;
    case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_LOCALTIME:
    case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_LOCALTIME_N:
      *name = "localtime";
      break;
    case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_LOCALTIMESTAMP:
    case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_LOCALTIMESTAMP_N:
      *name = "localtimestamp";
      break;
    case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_CURRENT_ROLE:
      *name = "current_role";
      break;
    case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_CURRENT_USER:
      *name = "current_user";
      break;
    case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_USER:
      *name = "user";
      break;
    case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_SESSION_USER:
      *name = "session_user";
      break;
    case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_CURRENT_CATALOG:
      *name = "current_catalog";
      break;
    case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_CURRENT_SCHEMA:
      *name = "current_schema";
      break;
    default:
      return 0;
  }
  return 2;
}

// PostgreSQL's FigureColnameInternal: 2 = a name the user would expect, 1 = a weak guess
// (a cast's type name, "case"), 0 = none.
int FigureColnameInternal(const ParseState* ps, const raw::Node* node, std::string* name) {
  if (node == nullptr) return 0;
  switch (node->node_case) {
    case PG_QUERY__NODE__NODE_COLUMN_REF: {
      std::string last;
      for (const raw::Node* f : raw::Span(node->column_ref->n_fields, node->column_ref->fields)) {
        if (raw::Is(f, PG_QUERY__NODE__NODE_STRING)) last = raw::StrVal(f);
      }
      if (last.empty()) return 0;
      *name = last;
      return 2;
    }
    case PG_QUERY__NODE__NODE_A_INDIRECTION: {
      const PgQuery__AIndirection* ind = node->a_indirection;
      std::string last;
      for (const raw::Node* f : raw::Span(ind->n_indirection, ind->indirection)) {
        if (raw::Is(f, PG_QUERY__NODE__NODE_STRING)) last = raw::StrVal(f);
      }
      if (!last.empty()) {
        *name = last;
        return 2;
      }
      return FigureColnameInternal(ps, ind->arg, name);
    }
    case PG_QUERY__NODE__NODE_FUNC_CALL: {
      const PgQuery__FuncCall* fc = node->func_call;
      *name = std::string(raw::StrVal(fc->funcname[fc->n_funcname - 1]));
      return 2;
    }
    case PG_QUERY__NODE__NODE_A_EXPR:
      if (node->a_expr->kind == PG_QUERY__A__EXPR__KIND__AEXPR_NULLIF) {
        *name = "nullif";
        return 2;
      }
      return 0;
    case PG_QUERY__NODE__NODE_TYPE_CAST: {
      int strength = FigureColnameInternal(ps, node->type_cast->arg, name);
      if (strength <= 1 && node->type_cast->type_name) {
        const PgQuery__TypeName* tn = node->type_cast->type_name;
        *name = std::string(raw::StrVal(tn->names[tn->n_names - 1]));
        return 1;
      }
      return strength;
    }
    case PG_QUERY__NODE__NODE_COLLATE_CLAUSE:
      return FigureColnameInternal(ps, node->collate_clause->arg, name);
    case PG_QUERY__NODE__NODE_GROUPING_FUNC:
      *name = "grouping";
      return 2;
    case PG_QUERY__NODE__NODE_SUB_LINK:
      return FigureSubLinkName(ps, node->sub_link, name);
    case PG_QUERY__NODE__NODE_CASE_EXPR: {
      int strength = FigureColnameInternal(ps, node->case_expr->defresult, name);
      if (strength <= 1) {
        *name = "case";
        return 1;
      }
      return strength;
    }
    case PG_QUERY__NODE__NODE_A_ARRAY_EXPR:
      *name = "array";
      return 2;
    case PG_QUERY__NODE__NODE_ROW_EXPR:
      *name = "row";
      return 2;
    case PG_QUERY__NODE__NODE_COALESCE_EXPR:
      *name = "coalesce";
      return 2;
    case PG_QUERY__NODE__NODE_MIN_MAX_EXPR:
      *name = node->min_max_expr->op == PG_QUERY__MIN_MAX_OP__IS_GREATEST ? "greatest" : "least";
      return 2;
    case PG_QUERY__NODE__NODE_SQLVALUE_FUNCTION:
      return FigureSqlValueFunctionName(node->sqlvalue_function->op, name);
    case PG_QUERY__NODE__NODE_XML_SERIALIZE:
      *name = "xmlserialize";
      return 2;
    default:
      return 0;
  }
}

void MarkOrigin(ParseState& ps, TargetEntry& tle, const ExprPtr& expr, int levels_up) {
  if (!expr || expr->tag != nodes::NodeTag::kVar) return;
  const auto* var = nodes::As<nodes::Var>(expr);
  int net = static_cast<int>(var->varlevelsup) + levels_up;
  ParseState& owner = ps.Level(net);
  if (var->varno == 0 || var->varno > owner.rtable.size()) return;
  const nodes::RangeTblEntry& rte = owner.Rte(var->varno);
  nodes::AttrNumber attnum = var->varattno;
  switch (rte.rtekind) {
    case nodes::RteKind::kRelation:
      tle.resorigtbl = rte.relid;
      tle.resorigcol = attnum;
      break;
    case nodes::RteKind::kSubquery:
      if (attnum > 0 && static_cast<size_t>(attnum) <= rte.subquery->targetList.size()) {
        const TargetEntry& ste = rte.subquery->targetList[attnum - 1];
        tle.resorigtbl = ste.resorigtbl;
        tle.resorigcol = ste.resorigcol;
      }
      break;
    case nodes::RteKind::kJoin:
      if (attnum > 0 && static_cast<size_t>(attnum) <= rte.joinaliasvars.size()) {
        MarkOrigin(ps, tle, rte.joinaliasvars[attnum - 1], net);
      }
      break;
    default:
      break;
  }
}

}  // namespace

std::string FigureColname(const raw::Node* node, const ParseState* ps) {
  std::string name;
  FigureColnameInternal(ps, node, &name);
  return name.empty() ? "?column?" : name;
}

TargetEntry MakeTargetEntry(ExprPtr expr, nodes::AttrNumber resno, std::string name, bool resjunk) {
  TargetEntry te;
  te.expr = std::move(expr);
  te.resno = resno;
  te.resname = std::move(name);
  te.resjunk = resjunk;
  return te;
}

TargetEntry TransformTargetEntry(ParseState& ps, const raw::Node* node, ExprPtr expr, ExprKind kind,
                                 const std::string* colname, bool resjunk) {
  if (!expr && kind == ExprKind::kUpdateSource &&
      raw::Is(node, PG_QUERY__NODE__NODE_SET_TO_DEFAULT)) {
    // UPDATE SET col = DEFAULT: typed when assigned to its column.
    expr = std::make_shared<nodes::SetToDefault>();
    expr->location = node->set_to_default->location;
  }
  if (!expr) expr = TransformExpr(ps, node, kind);
  std::string name;
  if (colname != nullptr) {
    name = *colname;
  } else if (!resjunk) {
    name = FigureColname(node, &ps);
  }
  return MakeTargetEntry(std::move(expr), static_cast<nodes::AttrNumber>(ps.next_resno++),
                         std::move(name), resjunk);
}

ExprList ExpandStarToVars(ParseState& ps, const PgQuery__ColumnRef* cref) {
  ExprList out;
  for (auto& [name, var] : ExpandStar(ps, cref)) out.push_back(var);
  return out;
}

TargetList TransformTargetList(ParseState& ps, raw::NodeSpan targets, ExprKind kind) {
  TargetList out;
  for (const raw::Node* item : targets) {
    const PgQuery__ResTarget* res = item->res_target;
    // `t.*` and `(x).*` expand to one target entry per column / field.
    bool star =
        raw::Is(res->val, PG_QUERY__NODE__NODE_COLUMN_REF) && EndsWithStar(res->val->column_ref);
    bool field_star = raw::Is(res->val, PG_QUERY__NODE__NODE_A_INDIRECTION) &&
                      EndsWithIndirectionStar(res->val->a_indirection);
    if (kind != ExprKind::kUpdateSource && (star || field_star)) {
      ExprKind saved = ps.expr_kind;
      ps.expr_kind = kind;
      auto expanded = star ? ExpandStar(ps, res->val->column_ref)
                           : ExpandIndirectionStar(ps, res->val->a_indirection);
      ps.expr_kind = saved;
      for (auto& [name, expr] : expanded) {
        out.push_back(
            MakeTargetEntry(expr, static_cast<nodes::AttrNumber>(ps.next_resno++), name, false));
      }
      continue;
    }
    std::string name(raw::Str(res->name));
    out.push_back(TransformTargetEntry(ps, res->val, nullptr, kind,
                                       res->name && res->name[0] ? &name : nullptr, false));
  }
  return out;
}

void MarkTargetListOrigins(ParseState& ps, TargetList& tlist) {
  for (auto& tle : tlist) MarkOrigin(ps, tle, tle.expr, 0);
}

void ResolveTargetListUnknowns(ParseState& ps, TargetList& tlist) {
  for (auto& tle : tlist) {
    if (tle.expr->result_type == kUnknownOid) {
      tle.expr = CoerceType(ps, tle.expr, kUnknownOid, kTextOid, -1, CoercionContext::kImplicit,
                            nodes::CoercionForm::kImplicitCast, -1);
    }
  }
}

ExprPtr TransformAssignedExpr(ParseState& ps, ExprPtr expr, ExprKind kind,
                              const std::string& colname, int attrno, raw::NodeSpan indirection,
                              int location) {
  ExprKind saved = ps.expr_kind;
  ps.expr_kind = kind;
  if (attrno <= 0) {
    ThrowAt(
        ps,
        MakeError(errcode::kFeatureNotSupported, "cannot assign to system column \"{}\"", colname),
        location);
  }
  const nodes::RangeTblEntry& rte = ps.Rte(ps.target_rtindex);
  const storage::AttributeDesc& attr = ps.relations.at(rte.relid)->desc->attr(attrno - 1);
  if (expr->tag == nodes::NodeTag::kSetToDefault) {
    if (!indirection.empty()) {
      bool subscript = raw::Is(indirection[0], PG_QUERY__NODE__NODE_A_INDICES);
      ThrowAt(
          ps,
          Error(errcode::kFeatureNotSupported, subscript ? "cannot set an array element to DEFAULT"
                                                         : "cannot set a subfield to DEFAULT"),
          location);
    }
    expr->result_type = attr.type_oid;
    expr->result_typmod = attr.typmod;
    expr->result_collation = attr.collation;
    ps.expr_kind = saved;
    return expr;
  }
  if (!indirection.empty()) {
    // INSERT has no old value: the parts not assigned start out NULL.
    ExprPtr column_value;
    if (kind == ExprKind::kInsertTarget) {
      column_value = MakeTypedNullConst(attr.type_oid, attr.typmod);
      column_value->result_collation = attr.collation;
    } else {
      column_value = nodes::MakeVar(ps.target_rtindex, static_cast<nodes::AttrNumber>(attrno),
                                    attr.type_oid, attr.typmod, attr.collation, 0);
      column_value->location = location;
    }
    ExprPtr result =
        TransformAssignmentIndirection(ps, column_value, colname, attr.type_oid, attr.typmod,
                                       attr.collation, indirection, expr, location);
    ps.expr_kind = saved;
    return result;
  }
  Oid type = expr->result_type;
  ExprPtr coerced =
      CoerceToTargetType(ps, expr, type, attr.type_oid, attr.typmod, CoercionContext::kAssignment,
                         nodes::CoercionForm::kImplicitCast, -1);
  if (!coerced) {
    ThrowAt(ps,
            MakeError(errcode::kDatatypeMismatch,
                      "column \"{}\" is of type {} but expression is of type {}", colname,
                      FormatTypeBe(attr.type_oid), FormatTypeBe(type))
                .Hint("You will need to rewrite or cast the expression."),
            nodes::ExprLocation(expr.get()));
  }
  ps.expr_kind = saved;
  return coerced;
}

}  // namespace hyrax::parser
