// Aggregate placement and grouping checks (see agg.h); follows PostgreSQL's
// transformAggregateCall, check_agg_arguments, check_agglevels_and_constraints,
// parseCheckAggregates, check_ungrouped_columns and check_functional_grouping.
#include "parser/analyze/agg.h"

#include <algorithm>
#include <optional>

#include "nodes/node_funcs.h"
#include "parser/analyze/clause.h"
#include "parser/analyze/format_type.h"
#include "parser/analyze/target_list.h"
#include "planner/prep/grouping_sets.h"
#include "storage/catalog/syscache.h"

namespace hyrax::parser {

using nodes::As;
using nodes::NodeTag;

namespace {

// Where an aggregate (or GROUPING) may not appear: the message, or nullptr when allowed.
// `*use_kind` asks for the generic "... are not allowed in <clause>" form.
const char* AggPlacementError(ExprKind kind, bool is_agg, bool* use_kind) {
  *use_kind = false;
  switch (kind) {
    case ExprKind::kJoinOn:
    case ExprKind::kJoinUsing:
      return is_agg ? "aggregate functions are not allowed in JOIN conditions"
                    : "grouping operations are not allowed in JOIN conditions";
    case ExprKind::kFromSubselect:
      return is_agg ? "aggregate functions are not allowed in FROM clause of their own query level"
                    : "grouping operations are not allowed in FROM clause of their own query level";
    case ExprKind::kFromFunction:
      return is_agg ? "aggregate functions are not allowed in functions in FROM"
                    : "grouping operations are not allowed in functions in FROM";
    case ExprKind::kWindowFrameRange:
      return is_agg ? "aggregate functions are not allowed in window RANGE"
                    : "grouping operations are not allowed in window RANGE";
    case ExprKind::kWindowFrameRows:
      return is_agg ? "aggregate functions are not allowed in window ROWS"
                    : "grouping operations are not allowed in window ROWS";
    case ExprKind::kWindowFrameGroups:
      return is_agg ? "aggregate functions are not allowed in window GROUPS"
                    : "grouping operations are not allowed in window GROUPS";
    case ExprKind::kCheckConstraint:
      return is_agg ? "aggregate functions are not allowed in check constraints"
                    : "grouping operations are not allowed in check constraints";
    case ExprKind::kColumnDefault:
    case ExprKind::kFunctionDefault:
      return is_agg ? "aggregate functions are not allowed in DEFAULT expressions"
                    : "grouping operations are not allowed in DEFAULT expressions";
    case ExprKind::kIndexExpression:
      return is_agg ? "aggregate functions are not allowed in index expressions"
                    : "grouping operations are not allowed in index expressions";
    case ExprKind::kIndexPredicate:
      return is_agg ? "aggregate functions are not allowed in index predicates"
                    : "grouping operations are not allowed in index predicates";
    case ExprKind::kExecuteParameter:
      return is_agg ? "aggregate functions are not allowed in EXECUTE parameters"
                    : "grouping operations are not allowed in EXECUTE parameters";
    case ExprKind::kCallArgument:
      return is_agg ? "aggregate functions are not allowed in CALL arguments"
                    : "grouping operations are not allowed in CALL arguments";
    case ExprKind::kCopyWhere:
      return is_agg ? "aggregate functions are not allowed in COPY FROM WHERE conditions"
                    : "grouping operations are not allowed in COPY FROM WHERE conditions";
    case ExprKind::kGeneratedColumn:
      return is_agg ? "aggregate functions are not allowed in column generation expressions"
                    : "grouping operations are not allowed in column generation expressions";
    case ExprKind::kPartitionBound:
      return is_agg ? "aggregate functions are not allowed in partition bound"
                    : "grouping operations are not allowed in partition bound";
    case ExprKind::kPartitionExpression:
      return is_agg ? "aggregate functions are not allowed in partition key expressions"
                    : "grouping operations are not allowed in partition key expressions";
    case ExprKind::kAlterColTransform:
      return is_agg ? "aggregate functions are not allowed in transform expressions"
                    : "grouping operations are not allowed in transform expressions";
    case ExprKind::kWhere:
    case ExprKind::kFilter:
    case ExprKind::kInsertTarget:
    case ExprKind::kUpdateSource:
    case ExprKind::kUpdateTarget:
    case ExprKind::kGroupBy:
    case ExprKind::kLimit:
    case ExprKind::kOffset:
    case ExprKind::kReturning:
    case ExprKind::kValues:
    case ExprKind::kValuesSingle:
      *use_kind = true;
      return "";
    default:
      return nullptr;
  }
}

// The lowest query levels of the Vars and of the aggregates in some expressions, with the
// first position of each (PostgreSQL's check_agg_arguments_walker, locate_var_of_level and
// locate_agg_of_level). Rejects set-returning functions and window functions at the top.
struct LevelScan {
  int min_var = -1, var_location = -1;
  int min_agg = -1, agg_location = -1;
};

LevelScan ScanArgumentLevels(ParseState& ps, const ExprList& exprs) {
  LevelScan scan;
  auto visit = [&](const nodes::Expr& n, int sublevels) {
    if (n.tag == NodeTag::kVar) {
      int level = static_cast<int>(As<nodes::Var>(&n)->varlevelsup) - sublevels;
      if (level >= 0 && (scan.min_var < 0 || level < scan.min_var)) {
        scan.min_var = level;
        scan.var_location = n.location;
      }
    } else if (n.tag == NodeTag::kAggref || n.tag == NodeTag::kGroupingFunc) {
      int level =
          static_cast<int>(n.tag == NodeTag::kAggref ? As<nodes::Aggref>(&n)->agglevelsup
                                                     : As<nodes::GroupingFunc>(&n)->agglevelsup) -
          sublevels;
      if (level >= 0 && (scan.min_agg < 0 || level < scan.min_agg)) {
        scan.min_agg = level;
        scan.agg_location = n.location;
      }
    }
    if (sublevels == 0) {
      if ((n.tag == NodeTag::kFuncExpr && As<nodes::FuncExpr>(&n)->funcretset) ||
          (n.tag == NodeTag::kOpExpr && As<nodes::OpExpr>(&n)->opretset)) {
        ThrowAt(ps,
                Error(errcode::kFeatureNotSupported,
                      "aggregate function calls cannot contain set-returning function calls")
                    .Hint("You might be able to move the set-returning function into a LATERAL "
                          "FROM item."),
                nodes::ExprLocation(&n));
      }
      if (n.tag == NodeTag::kWindowFunc) {
        ThrowAt(ps,
                Error(errcode::kGroupingError,
                      "aggregate function calls cannot contain window function calls"),
                n.location);
      }
    }
    return false;
  };
  for (const auto& e : exprs) {
    if (e) nodes::WalkExprTree(e, visit, true);
  }
  return scan;
}

// The aggregate's level: the minimum level of the Vars and aggregates in its arguments
// (PostgreSQL's check_agg_arguments), rejecting nested aggregates.
int AggArgumentsLevel(ParseState& ps, const ExprList& args, const ExprPtr& filter) {
  ExprList all = args;
  all.push_back(filter);
  LevelScan scan = ScanArgumentLevels(ps, all);
  int level = scan.min_var < 0   ? std::max(scan.min_agg, 0)
              : scan.min_agg < 0 ? scan.min_var
                                 : std::min(scan.min_var, scan.min_agg);
  if (scan.min_agg >= 0 && level == scan.min_agg) {
    ThrowAt(ps, Error(errcode::kGroupingError, "aggregate function calls cannot be nested"),
            scan.agg_location);
  }
  return level;
}

// Direct arguments of an ordered-set aggregate may use Vars of the aggregate's level (or
// outer ones) but no lower-level Vars and no aggregates of its level.
void CheckDirectArgsLevel(ParseState& ps, const ExprList& direct, int level) {
  LevelScan scan = ScanArgumentLevels(ps, direct);
  if (scan.min_var >= 0 && scan.min_var < level) {
    ThrowAt(ps,
            Error(errcode::kGroupingError,
                  "outer-level aggregate cannot contain a lower-level variable in its direct "
                  "arguments"),
            scan.var_location);
  }
  if (scan.min_agg >= 0 && scan.min_agg <= level) {
    ThrowAt(ps, Error(errcode::kGroupingError, "aggregate function calls cannot be nested"),
            scan.agg_location);
  }
}

void CheckAggPlacement(ParseState& ps, int levels_up, bool is_agg, int location) {
  ParseState& owner = ps.Level(levels_up);
  owner.has_aggs = true;
  bool use_kind = false;
  const char* err = AggPlacementError(owner.expr_kind, is_agg, &use_kind);
  if (err == nullptr) return;
  if (use_kind) {
    ThrowAt(ps,
            MakeError(errcode::kGroupingError, "{} are not allowed in {}",
                      is_agg ? "aggregate functions" : "grouping operations",
                      ExprKindName(owner.expr_kind)),
            location);
  }
  ThrowAt(ps, Error(errcode::kGroupingError, err), location);
}

struct UngroupedCheck {
  ParseState* ps;
  nodes::Query* query;
  std::vector<const nodes::TargetEntry*> group_tles;  // flattened group expressions
  std::vector<ExprPtr> group_exprs;
  // Grouped in every grouping set (all of group_exprs without GROUPING SETS): only these
  // make a primary key's other columns functionally grouped.
  std::vector<ExprPtr> common_group_exprs;
  bool have_non_var_grouping = false;
  std::vector<Index> func_grouped_rels;
  bool in_direct_args = false;  // inside an ordered-set aggregate's direct arguments
};

// Whether relation `rtindex` has a non-deferrable primary key whose columns are all grouped
// (PostgreSQL's check_functional_grouping); records the constraint dependency.
bool FunctionallyGrouped(UngroupedCheck& ctx, Index rtindex) {
  const nodes::RangeTblEntry& rte = ctx.query->rtable[rtindex - 1];
  if (rte.rtekind != nodes::RteKind::kRelation) return false;
  for (const auto& con : catalog::Syscache().ConstraintsOf(rte.relid)) {
    if (con.contype != 'p' || con.condeferrable) continue;
    bool all = true;
    for (int16_t attnum : con.conkey) {
      bool found = false;
      for (const auto& g : ctx.common_group_exprs) {
        if (g->tag != NodeTag::kVar) continue;
        auto* v = As<nodes::Var>(g);
        found |= v->varno == rtindex && v->varattno == attnum && v->varlevelsup == 0;
      }
      all &= found;
    }
    if (all) {
      ctx.query->constraintDeps.push_back(con.oid);
      return true;
    }
  }
  return false;
}

void CheckUngrouped(UngroupedCheck& ctx, const ExprPtr& node, int sublevels);

void CheckUngroupedQuery(UngroupedCheck& ctx, const nodes::Query& q, int sublevels) {
  nodes::QueryTreeWalker(
      q,
      [&](const ExprPtr& e) {
        CheckUngrouped(ctx, e, sublevels);
        return false;
      },
      [&](const nodes::Query& sub) {
        CheckUngroupedQuery(ctx, sub, sublevels + 1);
        return false;
      });
}

void CheckUngrouped(UngroupedCheck& ctx, const ExprPtr& node, int sublevels) {
  if (!node || node->tag == NodeTag::kConst || node->tag == NodeTag::kParam) return;
  if (node->tag == NodeTag::kAggref) {
    auto* agg = As<nodes::Aggref>(node);
    int level = static_cast<int>(agg->agglevelsup);
    if (level == sublevels) {
      // Only the direct arguments of this level's aggregates are evaluated per group.
      bool saved = ctx.in_direct_args;
      ctx.in_direct_args = true;
      for (const auto& d : agg->aggdirectargs) CheckUngrouped(ctx, d, sublevels);
      ctx.in_direct_args = saved;
      return;
    }
    if (level > sublevels) return;  // an outer level's aggregate
  }
  if (node->tag == NodeTag::kGroupingFunc &&
      static_cast<int>(As<nodes::GroupingFunc>(node)->agglevelsup) >= sublevels) {
    return;
  }
  if (ctx.have_non_var_grouping && sublevels == 0) {
    for (const auto& g : ctx.group_exprs) {
      if (nodes::ExprEqual(node, g)) return;
    }
  }
  if (node->tag == NodeTag::kVar) {
    auto* var = As<nodes::Var>(node);
    if (static_cast<int>(var->varlevelsup) != sublevels) return;
    if (!ctx.have_non_var_grouping || sublevels != 0) {
      for (const auto& g : ctx.group_exprs) {
        if (g->tag != NodeTag::kVar) continue;
        auto* gv = As<nodes::Var>(g);
        if (gv->varno == var->varno && gv->varattno == var->varattno && gv->varlevelsup == 0)
          return;
      }
    }
    if (std::find(ctx.func_grouped_rels.begin(), ctx.func_grouped_rels.end(), var->varno) !=
        ctx.func_grouped_rels.end()) {
      return;
    }
    if (FunctionallyGrouped(ctx, var->varno)) {
      ctx.func_grouped_rels.push_back(var->varno);
      return;
    }
    const nodes::RangeTblEntry& rte = ctx.query->rtable[var->varno - 1];
    std::string attname = var->varattno > 0    ? rte.eref.colnames[var->varattno - 1]
                          : var->varattno == 0 ? "*"
                                               : "system column";
    static const char* const kSys[] = {"", "ctid", "xmin", "cmin", "xmax", "cmax", "tableoid"};
    if (var->varattno < 0 && var->varattno >= -6) attname = kSys[-var->varattno];
    if (sublevels == 0) {
      Error err = MakeError(errcode::kGroupingError,
                            "column \"{}.{}\" must appear in the GROUP BY clause or be used in "
                            "an aggregate function",
                            rte.eref.aliasname, attname);
      if (ctx.in_direct_args) {
        ThrowAt(*ctx.ps,
                std::move(err).Detail(
                    "Direct arguments of an ordered-set aggregate must use only grouped columns."),
                var->location);
      }
      ThrowAt(*ctx.ps, std::move(err), var->location);
    }
    ThrowAt(*ctx.ps,
            MakeError(errcode::kGroupingError,
                      "subquery uses ungrouped column \"{}.{}\" from outer query",
                      rte.eref.aliasname, attname),
            var->location);
  }
  if (node->tag == NodeTag::kSubLink) {
    auto* link = As<nodes::SubLink>(node);
    CheckUngrouped(ctx, link->testexpr, sublevels);
    if (link->subselect) CheckUngroupedQuery(ctx, *link->subselect, sublevels + 1);
    return;
  }
  nodes::ExpressionTreeWalker(*node, [&](const ExprPtr& child) {
    CheckUngrouped(ctx, child, sublevels);
    return false;
  });
}

}  // namespace

ExprPtr FlattenJoinAliasVars(const nodes::Query& query, const ExprPtr& expr) {
  if (!expr) return expr;
  if (expr->tag == NodeTag::kVar) {
    auto* var = As<nodes::Var>(expr);
    if (var->varlevelsup == 0 && var->varattno > 0 && var->varno >= 1 &&
        var->varno <= query.rtable.size() &&
        query.rtable[var->varno - 1].rtekind == nodes::RteKind::kJoin) {
      return FlattenJoinAliasVars(query,
                                  query.rtable[var->varno - 1].joinaliasvars[var->varattno - 1]);
    }
    return expr;
  }
  return nodes::ExpressionTreeMutator(
      expr, [&](const ExprPtr& child) { return FlattenJoinAliasVars(query, child); });
}

void TransformAggregateCall(ParseState& ps, nodes::Aggref& agg, ExprList args,
                            raw::NodeSpan agg_order, bool agg_distinct) {
  auto tlist = std::make_shared<nodes::TargetList>();
  nodes::AttrNumber attno = 1;
  int saved_resno = ps.next_resno;
  agg.aggdirectargs.clear();
  if (agg.aggkind != 'n') {
    // Ordered-set: the leading arguments are direct; each of the others is sorted by the
    // matching WITHIN GROUP item (whose expression it already is).
    size_t n_direct = args.size() - agg_order.size();
    agg.aggdirectargs.assign(args.begin(), args.begin() + static_cast<std::ptrdiff_t>(n_direct));
    for (size_t i = n_direct; i < args.size(); ++i) {
      tlist->push_back(MakeTargetEntry(args[i], attno++, "", false));
    }
    ps.next_resno = attno;
    for (size_t i = 0; i < agg_order.size(); ++i) {
      AddTargetToSortList(ps, i, agg.aggorder, *tlist, agg_order[i]->sort_by);
    }
  } else {
    for (auto& a : args) tlist->push_back(MakeTargetEntry(a, attno++, "", false));
    ps.next_resno = attno;
    agg.aggorder = TransformSortClause(ps, agg_order, *tlist, ExprKind::kOrderBy, true);
  }
  if (agg_distinct) {
    agg.aggdistinct = TransformDistinctClause(ps, *tlist, agg.aggorder, true);
    for (const auto& d : agg.aggdistinct) {
      if (d.sortop == kInvalidOid) {
        const nodes::TargetEntry* tle = GetSortGroupClauseTle(d, *tlist);
        ThrowAt(ps,
                MakeError(errcode::kUndefinedFunction,
                          "could not identify an ordering operator for type {}",
                          FormatTypeBe(tle->expr->result_type))
                    .Detail("Aggregates with DISTINCT must be able to sort their inputs."),
                nodes::ExprLocation(tle->expr.get()));
      }
    }
  }
  ps.next_resno = saved_resno;
  agg.args = tlist;
  agg.aggargtypes.clear();
  for (const auto& d : agg.aggdirectargs) agg.aggargtypes.push_back(d->result_type);
  ExprList plain;
  for (const auto& tle : *tlist) {
    plain.push_back(tle.expr);
    if (!tle.resjunk) agg.aggargtypes.push_back(tle.expr->result_type);
  }
  int level = AggArgumentsLevel(ps, plain, agg.aggfilter);
  if (!agg.aggdirectargs.empty()) CheckDirectArgsLevel(ps, agg.aggdirectargs, level);
  agg.agglevelsup = static_cast<Index>(level);
  CheckAggPlacement(ps, level, true, agg.location);
}

void CheckGroupingFuncPlacement(ParseState& ps, nodes::GroupingFunc& g) {
  int level = AggArgumentsLevel(ps, g.args, nullptr);
  g.agglevelsup = static_cast<Index>(level);
  CheckAggPlacement(ps, level, false, g.location);
}

void ParseCheckAggregates(ParseState& ps, nodes::Query& query) {
  UngroupedCheck ctx;
  ctx.ps = &ps;
  ctx.query = &query;
  bool has_join = false;
  for (const auto& rte : query.rtable) has_join |= rte.rtekind == nodes::RteKind::kJoin;
  std::optional<planner::GroupingSetRefs> common_refs;  // without GROUPING SETS: all
  if (!query.groupingSets.empty()) {
    // PostgreSQL checks the size of the expansion here, before planning.
    auto sets = planner::ExpandGroupingSets(query.groupingSets, query.groupDistinct, 4096);
    if (!sets) {
      throw Error(errcode::kStatementTooComplex, "too many grouping sets present (maximum 4096)");
    }
    common_refs = sets->front();
    for (const auto& set : *sets) {
      planner::GroupingSetRefs both;
      for (Index r : *common_refs) {
        if (std::find(set.begin(), set.end(), r) != set.end()) both.push_back(r);
      }
      common_refs = std::move(both);
    }
    // One non-empty set is a plain GROUP BY.
    if (sets->size() == 1 && !query.groupClause.empty()) query.groupingSets.clear();
  }
  for (const auto& g : query.groupClause) {
    const nodes::TargetEntry* tle = GetSortGroupClauseTle(g, query.targetList);
    if (tle == nullptr) continue;
    ExprPtr e = has_join ? FlattenJoinAliasVars(query, tle->expr) : tle->expr;
    ctx.group_exprs.push_back(e);
    if (!common_refs || std::find(common_refs->begin(), common_refs->end(), g.tleSortGroupRef) !=
                            common_refs->end()) {
      ctx.common_group_exprs.push_back(e);
    }
    if (e->tag != NodeTag::kVar) ctx.have_non_var_grouping = true;
  }
  // GROUPING(...) arguments must be grouping expressions: resolve their refs.
  auto fix_grouping = [&](const ExprPtr& root) {
    nodes::WalkExprTree(root, [&](const nodes::Expr& n, int) {
      if (n.tag != NodeTag::kGroupingFunc) return false;
      auto& g = const_cast<nodes::GroupingFunc&>(*As<nodes::GroupingFunc>(&n));
      if (g.agglevelsup != 0) return false;
      g.refs.clear();
      for (const auto& arg : g.args) {
        Index ref = 0;
        for (const auto& gc : query.groupClause) {
          const nodes::TargetEntry* tle = GetSortGroupClauseTle(gc, query.targetList);
          if (tle && nodes::ExprEqual(tle->expr, arg)) ref = gc.tleSortGroupRef;
        }
        if (ref == 0) {
          ThrowAt(ps,
                  Error(errcode::kGroupingError,
                        "arguments to GROUPING must be grouping expressions of the associated "
                        "query level"),
                  nodes::ExprLocation(arg.get()));
        }
        g.refs.push_back(ref);
      }
      return false;
    });
  };
  for (auto& tle : query.targetList) {
    fix_grouping(tle.expr);
    CheckUngrouped(ctx, has_join ? FlattenJoinAliasVars(query, tle.expr) : tle.expr, 0);
  }
  if (query.havingQual) {
    fix_grouping(query.havingQual);
    CheckUngrouped(ctx, has_join ? FlattenJoinAliasVars(query, query.havingQual) : query.havingQual,
                   0);
  }
}

}  // namespace hyrax::parser
