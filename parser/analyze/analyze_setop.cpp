// UNION / INTERSECT / EXCEPT [ALL] (PostgreSQL's transformSetOperationStmt and
// transformSetOperationTree): leaf SELECTs become sub-query RTEs "*SELECT* n", column types
// are resolved pairwise with select_common_type, and the outer query's target list is
// Vars of the leftmost leaf with the common types. ORDER BY may name output columns only.
#include "nodes/make_nodes.h"
#include "nodes/node_funcs.h"
#include "parser/analyze/agg.h"
#include "parser/analyze/analyze_stmt.h"
#include "parser/analyze/clause.h"
#include "parser/analyze/coerce.h"
#include "parser/analyze/collate.h"
#include "parser/analyze/scope.h"
#include "parser/analyze/target_list.h"
#include "parser/analyze/type_oids.h"

namespace hyrax::parser {

using nodes::SetOperationStmt;
using nodes::TargetEntry;

namespace {

struct SetOpResult {
  nodes::SetOpNode node;
  // The output columns: for leaves, the leaf query's non-junk entries (so an unknown Const
  // there can be replaced by its coerced form); for inner nodes, placeholders.
  std::vector<TargetEntry*> columns;
  std::vector<std::shared_ptr<TargetEntry>> owned;  // placeholders of inner nodes
};

const char* OpName(PgQuery__SetOperation op) {
  return op == PG_QUERY__SET_OPERATION__SETOP_UNION       ? "UNION"
         : op == PG_QUERY__SET_OPERATION__SETOP_INTERSECT ? "INTERSECT"
                                                          : "EXCEPT";
}

nodes::SortGroupClause SortGroupForSetOp(Oid type, bool require_hash) {
  SortGroupOps ops = GetSortGroupOperators(type, false, true, false);
  nodes::SortGroupClause g;
  g.eqop = ops.eq;
  g.sortop = ops.lt;
  g.hashable = ops.hashable || (require_hash && (type == kRecordOid || type == kRecordArrayOid));
  return g;
}

SetOpResult TransformSetOperationTree(ParseState& ps, const PgQuery__SelectStmt* stmt, bool top) {
  if (stmt->into_clause) {
    throw Error(errcode::kSyntaxError,
                "INTO is only allowed on first SELECT of UNION/INTERSECT/EXCEPT");
  }
  bool is_leaf = stmt->op == PG_QUERY__SET_OPERATION__SETOP_NONE || stmt->n_sort_clause > 0 ||
                 stmt->limit_offset || stmt->limit_count || stmt->n_locking_clause > 0 ||
                 stmt->with_clause;
  if (stmt->n_locking_clause > 0 && stmt->op == PG_QUERY__SET_OPERATION__SETOP_NONE && !top) {
    // FOR UPDATE inside a set-operation member
    throw MakeError(errcode::kFeatureNotSupported, "{} is not allowed with UNION/INTERSECT/EXCEPT",
                    LockStrengthName(stmt->locking_clause[0]->locking_clause->strength));
  }
  SetOpResult result;
  if (is_leaf) {
    PgQuery__Node wrapper = PG_QUERY__NODE__INIT;
    wrapper.node_case = PG_QUERY__NODE__NODE_SELECT_STMT;
    wrapper.select_stmt = const_cast<PgQuery__SelectStmt*>(stmt);
    QueryPtr query = AnalyzeSubSelect(ps, &wrapper, false);
    std::string name = "*SELECT* " + std::to_string(ps.rtable.size() + 1);
    Index rtindex = AddSubqueryRte(ps, query, nodes::Alias{name, {}}, false, false);
    result.node.leaf = std::make_shared<nodes::RangeTblRef>(rtindex);
    for (auto& tle : ps.Rte(rtindex).subquery->targetList) {
      if (!tle.resjunk) result.columns.push_back(&tle);
    }
    return result;
  }
  auto op = std::make_shared<SetOperationStmt>();
  const char* context = OpName(stmt->op);
  op->op = stmt->op == PG_QUERY__SET_OPERATION__SETOP_UNION       ? nodes::SetOperation::kUnion
           : stmt->op == PG_QUERY__SET_OPERATION__SETOP_INTERSECT ? nodes::SetOperation::kIntersect
                                                                  : nodes::SetOperation::kExcept;
  op->all = stmt->all;
  bool recursive = ps.parent_cte != nullptr && ps.parent_cte->cterecursive;
  SetOpResult left = TransformSetOperationTree(ps, stmt->larg, false);
  if (top && recursive) {
    nodes::TargetList tlist;
    for (auto* tle : left.columns) tlist.push_back(*tle);
    SetRecursiveCteColumns(ps, *ps.parent_cte, tlist);
  }
  SetOpResult right = TransformSetOperationTree(ps, stmt->rarg, false);
  if (left.columns.size() != right.columns.size()) {
    ThrowAt(ps,
            MakeError(errcode::kSyntaxError, "each {} query must have the same number of columns",
                      context),
            right.columns.empty() ? -1 : nodes::ExprLocation(right.columns[0]->expr.get()));
  }
  for (size_t i = 0; i < left.columns.size(); ++i) {
    TargetEntry* ltle = left.columns[i];
    TargetEntry* rtle = right.columns[i];
    ExprPtr lnode = ltle->expr, rnode = rtle->expr;
    ExprPtr best;
    Oid type = SelectCommonType(ps, {lnode, rnode}, context, &best);
    auto coerce = [&](TargetEntry* tle, ExprPtr& node) {
      bool unknown_leaf =
          node->result_type == kUnknownOid &&
          (node->tag == nodes::NodeTag::kConst || node->tag == nodes::NodeTag::kParam);
      if (node->result_type != kUnknownOid || unknown_leaf) {
        node = CoerceToCommonType(ps, node, type, context);
        if (unknown_leaf) tle->expr = node;
      }
    };
    coerce(ltle, lnode);
    coerce(rtle, rnode);
    int32_t typmod = SelectCommonTypmod({lnode, rnode}, type);
    Oid coll =
        SelectCommonCollation(ps, {lnode, rnode}, op->op == nodes::SetOperation::kUnion && op->all);
    op->colTypes.push_back(type);
    op->colTypmods.push_back(typmod);
    op->colCollations.push_back(coll);
    if (op->op != nodes::SetOperation::kUnion || !op->all) {
      op->groupClauses.push_back(WithErrorPosition(
          ps, nodes::ExprLocation(best.get()), [&] { return SortGroupForSetOp(type, recursive); }));
    }
    auto placeholder = std::make_shared<TargetEntry>();
    auto def = std::make_shared<nodes::SetToDefault>();
    def->result_type = type;
    def->result_typmod = typmod;
    def->result_collation = coll;
    def->location = nodes::ExprLocation(best.get());
    placeholder->expr = def;
    result.owned.push_back(placeholder);
    result.columns.push_back(placeholder.get());
  }
  op->larg = left.node;
  op->rarg = right.node;
  result.node.node = op;
  return result;
}

}  // namespace

QueryPtr TransformSetOperationStmt(ParseState& ps, const PgQuery__SelectStmt* stmt) {
  auto q = std::make_shared<nodes::Query>();
  q->commandType = nodes::CmdType::kSelect;
  const PgQuery__SelectStmt* leftmost = stmt;
  while (leftmost->op != PG_QUERY__SET_OPERATION__SETOP_NONE) leftmost = leftmost->larg;
  if (stmt->with_clause) {
    q->hasRecursive = stmt->with_clause->recursive;
    TransformWithClause(ps, stmt->with_clause);
  }
  if (stmt->n_locking_clause > 0) {
    throw MakeError(errcode::kFeatureNotSupported, "{} is not allowed with UNION/INTERSECT/EXCEPT",
                    LockStrengthName(stmt->locking_clause[0]->locking_clause->strength));
  }
  // The top node's own ORDER BY/LIMIT/WITH belong to the outer query.
  PgQuery__SelectStmt inner = *stmt;
  inner.n_sort_clause = 0;
  inner.limit_offset = nullptr;
  inner.limit_count = nullptr;
  inner.with_clause = nullptr;
  SetOpResult tree = TransformSetOperationTree(ps, &inner, true);
  q->setOperations = tree.node.node;
  const nodes::SetOpNode* node = &tree.node;
  while (node->node) node = &node->node->larg;
  Index leftmost_rti = static_cast<const nodes::RangeTblRef*>(node->leaf.get())->rtindex;
  const nodes::Query& left_query = *ps.Rte(leftmost_rti).subquery;
  const SetOperationStmt& top = *q->setOperations;
  size_t col = 0;
  std::vector<std::string> names;
  ExprList vars;
  for (const auto& ltle : left_query.targetList) {
    if (ltle.resjunk) continue;
    auto var = nodes::MakeVar(leftmost_rti, ltle.resno, top.colTypes[col], top.colTypmods[col],
                              top.colCollations[col]);
    var->location = nodes::ExprLocation(ltle.expr.get());
    q->targetList.push_back(
        MakeTargetEntry(var, static_cast<nodes::AttrNumber>(ps.next_resno++), ltle.resname, false));
    names.push_back(ltle.resname);
    vars.push_back(var);
    ++col;
  }
  // ORDER BY sees the output columns through a temporary join RTE, by name or number only.
  size_t saved_rtable = ps.rtable.size();
  std::vector<NamespaceItem> saved_ns = ps.namespace_items;
  Index jrt =
      AddJoinRte(ps, names, nodes::JoinType::kInner, 0, vars, {}, {}, std::nullopt, std::nullopt);
  ps.namespace_items.clear();
  NamespaceItem item;
  item.rtindex = jrt;
  item.rel_visible = false;
  ps.namespace_items.push_back(item);
  size_t tllen = q->targetList.size();
  try {
    q->sortClause = TransformSortClause(ps, raw::Span(stmt->n_sort_clause, stmt->sort_clause),
                                        q->targetList, ExprKind::kOrderBy, false);
  } catch (...) {
    ps.namespace_items = saved_ns;
    ps.rtable.resize(saved_rtable);
    throw;
  }
  ps.namespace_items = saved_ns;
  ps.rtable.resize(saved_rtable);
  if (q->targetList.size() != tllen) {
    ThrowAt(ps,
            Error(errcode::kFeatureNotSupported, "invalid UNION/INTERSECT/EXCEPT ORDER BY clause")
                .Detail("Only result column names can be used, not expressions or functions.")
                .Hint("Add the expression/function to every SELECT, or move the UNION into a FROM "
                      "clause."),
            nodes::ExprLocation(q->targetList[tllen].expr.get()));
  }
  q->limitOption = stmt->limit_option == PG_QUERY__LIMIT_OPTION__LIMIT_OPTION_WITH_TIES
                       ? nodes::LimitOption::kWithTies
                   : stmt->limit_option == PG_QUERY__LIMIT_OPTION__LIMIT_OPTION_COUNT
                       ? nodes::LimitOption::kCount
                       : nodes::LimitOption::kDefault;
  q->limitOffset =
      TransformLimitClause(ps, stmt->limit_offset, ExprKind::kOffset, "OFFSET", q->limitOption);
  q->limitCount =
      TransformLimitClause(ps, stmt->limit_count, ExprKind::kLimit, "LIMIT", q->limitOption);
  FinishQuery(ps, *q);
  if (ps.has_aggs) ParseCheckAggregates(ps, *q);
  return q;
}

}  // namespace hyrax::parser
