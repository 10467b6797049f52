// Operator expressions (A_Expr): binary/prefix operators, op ANY/ALL (array), IS [NOT]
// DISTINCT FROM, NULLIF, IN (...), LIKE/ILIKE/SIMILAR TO, BETWEEN [SYMMETRIC], and row
// comparisons. Follows PostgreSQL's transformAExpr* functions and make_row_comparison_op.
#include <algorithm>

#include "nodes/make_nodes.h"
#include "nodes/node_funcs.h"
#include "parser/analyze/analyze_expr.h"
#include "parser/analyze/coerce.h"
#include "parser/analyze/format_type.h"
#include "parser/analyze/oper_resolution.h"
#include "parser/analyze/type_info.h"
#include "parser/analyze/type_oids.h"
#include "storage/catalog/syscache.h"

namespace hyrax::parser {

using nodes::As;
using nodes::NodeTag;

namespace {

bool IsRowExpr(const raw::Node* n) {
  return raw::Is(n, PG_QUERY__NODE__NODE_ROW_EXPR);
}

ExprPtr TransformOp(ParseState& ps, const PgQuery__AExpr* a) {
  std::vector<std::string> opname = NameList(raw::Span(a->n_name, a->name));
  if (IsRowExpr(a->lexpr) && raw::Is(a->rexpr, PG_QUERY__NODE__NODE_SUB_LINK) &&
      a->rexpr->sub_link->sub_link_type == PG_QUERY__SUB_LINK_TYPE__EXPR_SUBLINK) {
    // "row op (subselect)" is a ROWCOMPARE sub-link.
    PgQuery__SubLink copy = *a->rexpr->sub_link;
    copy.sub_link_type = PG_QUERY__SUB_LINK_TYPE__ROWCOMPARE_SUBLINK;
    copy.testexpr = a->lexpr;
    copy.n_oper_name = a->n_name;
    copy.oper_name = a->name;
    copy.location = a->location;
    return TransformSubLink(ps, &copy);
  }
  if (IsRowExpr(a->lexpr) && IsRowExpr(a->rexpr)) {
    ExprPtr l = TransformExprRecurse(ps, a->lexpr);
    ExprPtr r = TransformExprRecurse(ps, a->rexpr);
    return MakeRowComparisonOp(ps, opname, As<nodes::RowExpr>(l)->args, As<nodes::RowExpr>(r)->args,
                               a->location);
  }
  ExprPtr l = a->lexpr ? TransformExprRecurse(ps, a->lexpr) : nullptr;
  ExprPtr r = TransformExprRecurse(ps, a->rexpr);
  return MakeOp(ps, opname, l, r, a->location);
}

ExprPtr TransformOpAnyAll(ParseState& ps, const PgQuery__AExpr* a, bool use_or) {
  ExprPtr l = TransformExprRecurse(ps, a->lexpr);
  ExprPtr r = TransformExprRecurse(ps, a->rexpr);
  return MakeScalarArrayOp(ps, NameList(raw::Span(a->n_name, a->name)), use_or, l, r, a->location);
}

// IS DISTINCT FROM: the = operator as a DistinctExpr (PostgreSQL's make_distinct_op).
ExprPtr MakeDistinctOp(ParseState& ps, const std::vector<std::string>& opname, ExprPtr l, ExprPtr r,
                       int location) {
  ExprPtr result = MakeOp(ps, opname, l, r, location);
  if (result->result_type != kBoolOid) {
    ThrowAt(
        ps,
        Error(errcode::kDatatypeMismatch, "IS DISTINCT FROM requires = operator to yield boolean"),
        location);
  }
  if (As<nodes::OpExpr>(result)->opretset) {
    ThrowAt(ps,
            MakeError(errcode::kDatatypeMismatch, "{} must not return a set", "IS DISTINCT FROM"),
            location);
  }
  result->tag = NodeTag::kDistinctExpr;
  return result;
}

ExprPtr TransformDistinct(ParseState& ps, const PgQuery__AExpr* a, bool negate) {
  std::vector<std::string> opname = NameList(raw::Span(a->n_name, a->name));
  ExprPtr result;
  ExprPtr l = TransformExprRecurse(ps, a->lexpr);
  ExprPtr r = TransformExprRecurse(ps, a->rexpr);
  if (l->tag == NodeTag::kRowExpr && r->tag == NodeTag::kRowExpr) {
    // Row-wise: OR of the per-column DistinctExprs (PostgreSQL's make_row_distinct_op).
    const ExprList& largs = As<nodes::RowExpr>(l)->args;
    const ExprList& rargs = As<nodes::RowExpr>(r)->args;
    if (largs.size() != rargs.size()) {
      ThrowAt(ps, Error(errcode::kSyntaxError, "unequal number of entries in row expressions"),
              a->location);
    }
    ExprList parts;
    for (size_t i = 0; i < largs.size(); ++i) {
      parts.push_back(MakeDistinctOp(ps, opname, largs[i], rargs[i], a->location));
    }
    if (parts.size() == 1) {
      result = parts[0];
    } else {
      result = nodes::MakeBoolExpr(nodes::BoolExprType::kOr, std::move(parts));
      result->location = a->location;
    }
  } else {
    result = MakeDistinctOp(ps, opname, l, r, a->location);
  }
  if (!negate) return result;
  auto not_expr = nodes::MakeBoolExpr(nodes::BoolExprType::kNot, {result});
  not_expr->location = a->location;
  return not_expr;
}

ExprPtr TransformNullIf(ParseState& ps, const PgQuery__AExpr* a) {
  ExprPtr l = TransformExprRecurse(ps, a->lexpr);
  ExprPtr r = TransformExprRecurse(ps, a->rexpr);
  ExprPtr result = MakeOp(ps, NameList(raw::Span(a->n_name, a->name)), l, r, a->location);
  if (result->result_type != kBoolOid) {
    ThrowAt(ps, Error(errcode::kDatatypeMismatch, "NULLIF requires = operator to yield boolean"),
            a->location);
  }
  auto* op = As<nodes::OpExpr>(result);
  if (op->opretset) {
    ThrowAt(ps, MakeError(errcode::kDatatypeMismatch, "{} must not return a set", "NULLIF"),
            a->location);
  }
  result->result_type = op->args[0]->result_type;
  result->tag = NodeTag::kNullIfExpr;
  return result;
}

bool ContainsLocalVars(const ExprPtr& e) {
  return nodes::WalkExprTree(
      e,
      [](const nodes::Expr& n, int levels) {
        return n.tag == NodeTag::kVar &&
               As<nodes::Var>(&n)->varlevelsup == static_cast<Index>(levels);
      },
      true);
}

// IN (list): non-Var items with a common type become one ScalarArrayOpExpr over an ARRAY;
// the rest are ORed (ANDed for NOT IN) comparisons (PostgreSQL's transformAExprIn).
ExprPtr TransformIn(ParseState& ps, const PgQuery__AExpr* a) {
  std::vector<std::string> opname = NameList(raw::Span(a->n_name, a->name));
  bool use_or = opname.back() != "<>";
  ExprPtr lexpr = TransformExprRecurse(ps, a->lexpr);
  ExprList rnonvars, rvars;
  for (const raw::Node* item : raw::ListItems(a->rexpr)) {
    ExprPtr r = TransformExprRecurse(ps, item);
    (ContainsLocalVars(r) ? rvars : rnonvars).push_back(r);
  }
  ExprPtr result;
  auto combine = [&](ExprPtr cmp) {
    if (!result) {
      result = cmp;
    } else {
      auto b = nodes::MakeBoolExpr(use_or ? nodes::BoolExprType::kOr : nodes::BoolExprType::kAnd,
                                   {result, cmp});
      b->location = a->location;
      result = b;
    }
  };
  ExprList rexprs;
  if (lexpr->tag != NodeTag::kRowExpr && rnonvars.size() > 1) {
    ExprList all{lexpr};
    all.insert(all.end(), rnonvars.begin(), rnonvars.end());
    Oid scalar = SelectCommonType(ps, all, nullptr);
    Oid array_type =
        scalar != kInvalidOid && scalar != kRecordOid ? ArrayTypeOf(scalar) : kInvalidOid;
    if (array_type != kInvalidOid) {
      auto arr = std::make_shared<nodes::ArrayExpr>();
      for (auto& e : rnonvars) arr->elements.push_back(CoerceToCommonType(ps, e, scalar, "IN"));
      arr->element_typeid = scalar;
      arr->result_type = array_type;
      arr->location = -1;
      combine(MakeScalarArrayOp(ps, opname, use_or, lexpr, arr, a->location));
      rexprs = rvars;
    } else {
      rexprs = rnonvars;
      rexprs.insert(rexprs.end(), rvars.begin(), rvars.end());
    }
  } else {
    rexprs = rnonvars;
    rexprs.insert(rexprs.end(), rvars.begin(), rvars.end());
  }
  for (const ExprPtr& r : rexprs) {
    ExprPtr cmp;
    if (lexpr->tag == NodeTag::kRowExpr && r->tag == NodeTag::kRowExpr) {
      cmp = MakeRowComparisonOp(ps, opname, As<nodes::RowExpr>(lexpr)->args,
                                As<nodes::RowExpr>(r)->args, a->location);
    } else {
      cmp = MakeOp(ps, opname, lexpr, r, a->location);
    }
    combine(CoerceToBoolean(ps, cmp, "IN"));
  }
  return result;
}

ExprPtr TransformBetween(ParseState& ps, const PgQuery__AExpr* a) {
  raw::NodeSpan bounds = raw::ListItems(a->rexpr);
  const raw::Node* x = a->lexpr;
  const raw::Node* lo = bounds[0];
  const raw::Node* hi = bounds[1];
  int loc = a->location;
  auto both = [&](nodes::BoolExprType op, ExprPtr p, ExprPtr q) {
    auto b = nodes::MakeBoolExpr(
        op, {CoerceToBoolean(ps, p, op == nodes::BoolExprType::kAnd ? "AND" : "OR"),
             CoerceToBoolean(ps, q, op == nodes::BoolExprType::kAnd ? "AND" : "OR")});
    b->location = loc;
    return ExprPtr(b);
  };
  using BT = nodes::BoolExprType;
  // Operands are built in PostgreSQL's order (left comparison first) so the
  // first error reported matches; hence the named temporaries.
  auto pair = [&](BT op, const char* op1, const raw::Node* b1, const char* op2,
                  const raw::Node* b2) {
    ExprPtr first = MakeOpFromRaw(ps, op1, x, b1, loc);
    ExprPtr second = MakeOpFromRaw(ps, op2, x, b2, loc);
    return both(op, first, second);
  };
  switch (a->kind) {
    case PG_QUERY__A__EXPR__KIND__AEXPR_BETWEEN:
      return pair(BT::kAnd, ">=", lo, "<=", hi);
    case PG_QUERY__A__EXPR__KIND__AEXPR_NOT_BETWEEN:
      return pair(BT::kOr, "<", lo, ">", hi);
    case PG_QUERY__A__EXPR__KIND__AEXPR_BETWEEN_SYM: {
      ExprPtr first = pair(BT::kAnd, ">=", lo, "<=", hi);
      ExprPtr second = pair(BT::kAnd, ">=", hi, "<=", lo);
      return both(BT::kOr, first, second);
    }
    default: {
      ExprPtr first = pair(BT::kOr, "<", lo, ">", hi);
      ExprPtr second = pair(BT::kOr, "<", hi, ">", lo);
      return both(BT::kAnd, first, second);
    }
  }
}

}  // namespace

ExprPtr MakeOpFromRaw(ParseState& ps, const char* op, const raw::Node* l, const raw::Node* r,
                      int location) {
  ExprPtr le = TransformExprRecurse(ps, l);
  ExprPtr re = TransformExprRecurse(ps, r);
  if (le->tag == NodeTag::kRowExpr && re->tag == NodeTag::kRowExpr) {
    return MakeRowComparisonOp(ps, {op}, As<nodes::RowExpr>(le)->args, As<nodes::RowExpr>(re)->args,
                               location);
  }
  return MakeOp(ps, {op}, le, re, location);
}

ExprPtr TransformAExpr(ParseState& ps, const PgQuery__AExpr* a) {
  switch (a->kind) {
    case PG_QUERY__A__EXPR__KIND__AEXPR_OP:
    case PG_QUERY__A__EXPR__KIND__AEXPR_LIKE:
    case PG_QUERY__A__EXPR__KIND__AEXPR_ILIKE:
    case PG_QUERY__A__EXPR__KIND__AEXPR_SIMILAR:
      return TransformOp(ps, a);
    case PG_QUERY__A__EXPR__KIND__AEXPR_OP_ANY:
      return TransformOpAnyAll(ps, a, true);
    case PG_QUERY__A__EXPR__KIND__AEXPR_OP_ALL:
      return TransformOpAnyAll(ps, a, false);
    case PG_QUERY__A__EXPR__KIND__AEXPR_DISTINCT:
      return TransformDistinct(ps, a, false);
    case PG_QUERY__A__EXPR__KIND__AEXPR_NOT_DISTINCT:
      return TransformDistinct(ps, a, true);
    case PG_QUERY__A__EXPR__KIND__AEXPR_NULLIF:
      return TransformNullIf(ps, a);
    case PG_QUERY__A__EXPR__KIND__AEXPR_IN:
      return TransformIn(ps, a);
    case PG_QUERY__A__EXPR__KIND__AEXPR_BETWEEN:
    case PG_QUERY__A__EXPR__KIND__AEXPR_NOT_BETWEEN:
    case PG_QUERY__A__EXPR__KIND__AEXPR_BETWEEN_SYM:
    case PG_QUERY__A__EXPR__KIND__AEXPR_NOT_BETWEEN_SYM:
      return TransformBetween(ps, a);
    default:
      break;
  }
  throw Error(errcode::kInternalError, "unrecognized A_Expr kind");
}

ExprPtr MakeRowComparisonOp(ParseState& ps, const std::vector<std::string>& opname,
                            const ExprList& largs, const ExprList& rargs, int location) {
  if (largs.size() != rargs.size()) {
    ThrowAt(ps, Error(errcode::kSyntaxError, "unequal number of entries in row expressions"),
            location);
  }
  if (largs.empty()) {
    ThrowAt(ps, Error(errcode::kFeatureNotSupported, "cannot compare rows of zero length"),
            location);
  }
  ExprList ops;
  for (size_t i = 0; i < largs.size(); ++i) {
    ExprPtr cmp = MakeOp(ps, opname, largs[i], rargs[i], location);
    if (cmp->result_type != kBoolOid) {
      ThrowAt(ps,
              MakeError(errcode::kDatatypeMismatch,
                        "row comparison operator must yield type boolean, not type {}",
                        FormatTypeBe(cmp->result_type)),
              location);
    }
    if (nodes::ExpressionReturnsSet(cmp)) {
      ThrowAt(ps,
              Error(errcode::kDatatypeMismatch, "row comparison operator must not return a set"),
              location);
    }
    ops.push_back(cmp);
  }
  if (ops.size() == 1) return ops[0];
  // Which btree strategy do all operators share? (PostgreSQL's row comparison semantics:
  // = and <> become AND/OR of the column comparisons, < <= > >= a RowCompareExpr.)
  std::vector<std::vector<catalog::PgAmop>> memberships;
  for (const auto& op : ops) {
    std::vector<catalog::PgAmop> btree;
    for (auto& amop : catalog::Syscache().AmopsByOperator(As<nodes::OpExpr>(op)->opno)) {
      if (amop.amopmethod == catalog::kBtreeAmOid && amop.amoppurpose == 's') btree.push_back(amop);
    }
    memberships.push_back(std::move(btree));
  }
  for (int strategy : {3, 1, 2, 4, 5}) {
    bool all = true;
    for (const auto& m : memberships) {
      all &= std::any_of(m.begin(), m.end(),
                         [&](const catalog::PgAmop& a) { return a.amopstrategy == strategy; });
    }
    if (!all) continue;
    if (strategy == 3) {
      auto b = nodes::MakeBoolExpr(nodes::BoolExprType::kAnd, ops);
      b->location = location;
      return b;
    }
    auto rc = std::make_shared<nodes::RowCompareExpr>();
    rc->rctype = static_cast<nodes::RowCompareType>(strategy);
    rc->result_type = kBoolOid;
    for (size_t i = 0; i < ops.size(); ++i) {
      auto* op = As<nodes::OpExpr>(ops[i]);
      rc->opnos.push_back(op->opno);
      for (const auto& a : memberships[i]) {
        if (a.amopstrategy == strategy) {
          rc->opfamilies.push_back(a.amopfamily);
          break;
        }
      }
      rc->largs.push_back(op->args[0]);
      rc->rargs.push_back(op->args[1]);
    }
    rc->location = location;
    return rc;
  }
  // <>: every operator's negator is a btree equality.
  bool all_ne = true;
  for (const auto& op : ops) {
    auto row = catalog::Syscache().OperatorByOid(As<nodes::OpExpr>(op)->opno);
    bool ne = false;
    if (row && row->oprnegate != kInvalidOid) {
      for (auto& amop : catalog::Syscache().AmopsByOperator(row->oprnegate)) {
        ne |= amop.amopmethod == catalog::kBtreeAmOid && amop.amopstrategy == 3;
      }
    }
    all_ne &= ne;
  }
  if (all_ne) {
    auto b = nodes::MakeBoolExpr(nodes::BoolExprType::kOr, ops);
    b->location = location;
    return b;
  }
  ThrowAt(
      ps,
      MakeError(errcode::kUndefinedFunction,
                "could not determine interpretation of row comparison operator {}", opname.back())
          .Hint("Row comparison operators must be associated with btree operator families."),
      location);
}

}  // namespace hyrax::parser
