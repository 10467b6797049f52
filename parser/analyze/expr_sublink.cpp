// Sub-selects in expressions: EXISTS, scalar (EXPR), ARRAY, IN/ANY/ALL and row comparisons
// (PostgreSQL's transformSubLink). The sub-select is analyzed as a child level, so its
// references to this query become Vars with varlevelsup > 0.
#include "nodes/node_funcs.h"
#include "parser/analyze/analyze_expr.h"
#include "parser/analyze/analyze_stmt.h"
#include "parser/analyze/format_type.h"
#include "parser/analyze/type_info.h"
#include "parser/analyze/type_oids.h"

namespace hyrax::parser {

namespace {

const char* SubLinkPlacementError(ExprKind kind) {
  switch (kind) {
    case ExprKind::kCheckConstraint:
      return "cannot use subquery in check constraint";
    case ExprKind::kCopyWhere:
      return "cannot use subquery in COPY FROM WHERE condition";
    case ExprKind::kColumnDefault:
    case ExprKind::kFunctionDefault:
      return "cannot use subquery in DEFAULT expression";
    case ExprKind::kIndexExpression:
      return "cannot use subquery in index expression";
    case ExprKind::kIndexPredicate:
      return "cannot use subquery in index predicate";
    case ExprKind::kExecuteParameter:
      return "cannot use subquery in EXECUTE parameter";
    case ExprKind::kCallArgument:
      return "cannot use subquery in CALL argument";
    case ExprKind::kGeneratedColumn:
      return "cannot use subquery in column generation expression";
    case ExprKind::kPartitionBound:
      return "cannot use subquery in partition bound";
    case ExprKind::kPartitionExpression:
      return "cannot use subquery in partition key expression";
    case ExprKind::kAlterColTransform:
      return "cannot use subquery in transform expression";
    default:
      return nullptr;
  }
}

nodes::SubLinkType ToSubLinkType(PgQuery__SubLinkType t) {
  switch (t) {
    case PG_QUERY__SUB_LINK_TYPE__EXISTS_SUBLINK:
      return nodes::SubLinkType::kExists;
    case PG_QUERY__SUB_LINK_TYPE__ALL_SUBLINK:
      return nodes::SubLinkType::kAll;
    case PG_QUERY__SUB_LINK_TYPE__ANY_SUBLINK:
      return nodes::SubLinkType::kAny;
    case PG_QUERY__SUB_LINK_TYPE__ROWCOMPARE_SUBLINK:
      return nodes::SubLinkType::kRowCompare;
    case PG_QUERY__SUB_LINK_TYPE__MULTIEXPR_SUBLINK:
      return nodes::SubLinkType::kMultiExpr;
    case PG_QUERY__SUB_LINK_TYPE__ARRAY_SUBLINK:
      return nodes::SubLinkType::kArray;
    case PG_QUERY__SUB_LINK_TYPE__CTE_SUBLINK:
      return nodes::SubLinkType::kCte;
    default:
      return nodes::SubLinkType::kExpr;
  }
}

}  // namespace

ExprPtr TransformSubLink(ParseState& ps, const PgQuery__SubLink* s) {
  return TransformSubLinkAs(ps, s, ToSubLinkType(s->sub_link_type));
}

ExprPtr TransformSubLinkAs(ParseState& ps, const PgQuery__SubLink* s, nodes::SubLinkType type) {
  if (const char* err = SubLinkPlacementError(ps.expr_kind)) {
    ThrowAt(ps, Error(errcode::kFeatureNotSupported, err), s->location);
  }
  ps.has_sublinks = true;
  auto link = std::make_shared<nodes::SubLink>();
  link->subLinkType = type;
  link->location = s->location;
  QueryPtr query = AnalyzeSubSelect(ps, s->subselect, true);
  if (query->commandType != nodes::CmdType::kSelect) {
    throw Error(errcode::kInternalError, "unexpected non-SELECT command in SubLink");
  }
  link->subselect = query;
  if (type == nodes::SubLinkType::kExpr && !query->targetList.empty()) {
    ps.sublink_colnames[s] = query->targetList.front().resname;
  }
  std::vector<const nodes::TargetEntry*> cols;
  for (const auto& tle : query->targetList) {
    if (!tle.resjunk) cols.push_back(&tle);
  }
  switch (link->subLinkType) {
    case nodes::SubLinkType::kExists:
      link->result_type = kBoolOid;
      return link;
    case nodes::SubLinkType::kExpr:
    case nodes::SubLinkType::kArray: {
      if (cols.size() != 1) {
        ThrowAt(ps, Error(errcode::kSyntaxError, "subquery must return only one column"),
                s->location);
      }
      Oid type = cols[0]->expr->result_type;
      if (link->subLinkType == nodes::SubLinkType::kArray) {
        Oid array = ArrayTypeOf(type);
        if (array == kInvalidOid) {
          ThrowAt(ps,
                  MakeError(errcode::kUndefinedObject, "could not find array type for data type {}",
                            FormatTypeBe(type)),
                  s->location);
        }
        link->result_type = array;
      } else {
        link->result_type = type;
      }
      link->result_typmod = cols[0]->expr->result_typmod;
      return link;
    }
    case nodes::SubLinkType::kMultiExpr:
      link->result_type = kRecordOid;
      return link;
    default:
      break;
  }
  // ANY / ALL / ROWCOMPARE: the combining comparison over Params for the sub-select's
  // output columns.
  std::vector<std::string> opname = NameList(raw::Span(s->n_oper_name, s->oper_name));
  if (opname.empty()) opname = {"="};
  link->operName = opname;
  ExprPtr lefthand = TransformExprRecurse(ps, s->testexpr);
  ExprList left = lefthand->tag == nodes::NodeTag::kRowExpr
                      ? nodes::As<nodes::RowExpr>(lefthand)->args
                      : ExprList{lefthand};
  ExprList right;
  for (const auto* tle : cols) {
    auto param = std::make_shared<nodes::Param>();
    param->paramkind = nodes::ParamKind::kSublink;
    param->paramid = tle->resno;
    param->result_type = tle->expr->result_type;
    param->result_typmod = tle->expr->result_typmod;
    param->result_collation = tle->expr->result_collation;
    param->location = -1;
    right.push_back(param);
  }
  if (left.size() < right.size()) {
    ThrowAt(ps, Error(errcode::kSyntaxError, "subquery has too many columns"), s->location);
  }
  if (left.size() > right.size()) {
    ThrowAt(ps, Error(errcode::kSyntaxError, "subquery has too few columns"), s->location);
  }
  link->testexpr = MakeRowComparisonOp(ps, opname, left, right, s->location);
  link->result_type = kBoolOid;
  return link;
}

}  // namespace hyrax::parser
