// Semi/anti join estimates and unique-ified inner sides (see semijoin.h).
#include "planner/path/semijoin.h"

#include <algorithm>

#include "planner/cost/costsize.h"
#include "planner/path/clausesel.h"
#include "planner/path/join_sel.h"
#include "planner/path/joinpath_merge.h"
#include "planner/path/pathnode.h"
#include "planner/prep/clauses.h"
#include "storage/catalog/syscache.h"

namespace hyrax::planner {

namespace {

using nodes::NodeTag;

// A clause "outer expr op inner expr" (either way round): the two sides, outer first.
struct JoinSides {
  nodes::ExprPtr outer;
  nodes::ExprPtr inner;
};

std::optional<JoinSides> SplitJoinClause(const nodes::ExprPtr& clause, Relids outer, Relids inner) {
  if (clause->tag != NodeTag::kOpExpr) return std::nullopt;
  const auto& op = *nodes::As<nodes::OpExpr>(clause);
  if (op.args.size() != 2) return std::nullopt;
  Relids l = PullVarnos(op.args[0]), r = PullVarnos(op.args[1]);
  if (l == 0 || r == 0) return std::nullopt;
  if (RelidsIsSubset(l, outer) && RelidsIsSubset(r, inner))
    return JoinSides{op.args[0], op.args[1]};
  if (RelidsIsSubset(l, inner) && RelidsIsSubset(r, outer))
    return JoinSides{op.args[1], op.args[0]};
  return std::nullopt;
}

bool IsEqJoinSel(Oid opno) {
  auto& cache = catalog::Syscache();
  auto op = cache.OperatorByOid(opno);
  if (!op || op->oprjoin == kInvalidOid) return false;
  auto proc = cache.ProcByOid(op->oprjoin);
  return proc && proc->proname == "eqjoinsel";
}

const nodes::Var* AsVar(const nodes::ExprPtr& e) {
  const nodes::Expr* cur = e.get();
  while (cur->tag == NodeTag::kRelabelType) cur = nodes::As<nodes::RelabelType>(cur)->arg.get();
  return cur->tag == NodeTag::kVar ? static_cast<const nodes::Var*>(cur) : nullptr;
}

// Columns of base relation `rel` fixed to one value per outer row: by "outer = column" join
// clauses or by "column = constant" restrictions (mergejoinable equalities only).
std::vector<nodes::AttrNumber> FixedColumns(const RelOptInfo& rel, Relids outer,
                                            const RestrictList& clauses) {
  std::vector<nodes::AttrNumber> cols;
  auto equality = [](const nodes::ExprPtr& clause) {
    auto op = catalog::Syscache().OperatorByOid(nodes::As<nodes::OpExpr>(clause)->opno);
    return op && op->oprcanmerge;
  };
  for (const auto& ri : clauses) {
    std::optional<JoinSides> sides = SplitJoinClause(ri->clause, outer, rel.relids);
    const nodes::Var* v = sides ? AsVar(sides->inner) : nullptr;
    if (v != nullptr && equality(ri->clause)) cols.push_back(v->varattno);
  }
  for (const auto& ri : rel.baserestrictinfo) {
    if (ri->clause->tag != NodeTag::kOpExpr) continue;
    const auto& op = *nodes::As<nodes::OpExpr>(ri->clause);
    if (op.args.size() != 2 || !equality(ri->clause)) continue;
    for (int side = 0; side < 2; ++side) {
      const nodes::Var* v = AsVar(op.args[side]);
      if (v != nullptr && v->varlevelsup == 0 && PullVarnos(op.args[1 - side]) == 0) {
        cols.push_back(v->varattno);
      }
    }
  }
  return cols;
}

}  // namespace

bool InnerRelIsUnique(PlannerInfo* root, const RelOptInfo& inner, Relids outer,
                      const RestrictList& clauses) {
  (void)root;
  if (inner.reloptkind != RelOptKind::kBaseRel || inner.rtekind != nodes::RteKind::kRelation) {
    return false;
  }
  std::vector<nodes::AttrNumber> fixed;
  for (const auto& index : inner.indexlist) {
    if (!index->unique) continue;
    if (fixed.empty()) fixed = FixedColumns(inner, outer, clauses);
    bool all = true;
    for (int col = 0; col < index->nkeycolumns; ++col) {
      all &= std::find(fixed.begin(), fixed.end(), index->indexkeys[col]) != fixed.end();
    }
    if (all) return true;
  }
  return false;
}

double SemiJoinSelectivity(PlannerInfo* root, const RestrictList& clauses, Relids outer,
                           const RelOptInfo& inner) {
  double sel = 1.0;
  for (const auto& ri : clauses) {
    std::optional<JoinSides> sides = SplitJoinClause(ri->clause, outer, inner.relids);
    if (sides && IsEqJoinSel(nodes::As<nodes::OpExpr>(ri->clause)->opno)) {
      const auto& op = *nodes::As<nodes::OpExpr>(ri->clause);
      sel *= EqJoinSelSemi(root, op, sides->outer == op.args[0] ? 0 : 1, inner);
    } else {
      sel *= JoinClauseSelectivity(root, ri->clause);
    }
  }
  return std::clamp(sel, 0.0, 1.0);
}

SemiAntiJoinFactors ComputeSemiAntiJoinFactors(PlannerInfo* root, const RestrictList& clauses,
                                               double jselec, double inner_rows) {
  double nselec = 1.0;
  for (const auto& ri : clauses) nselec *= JoinClauseSelectivity(root, ri->clause);
  if (jselec < 0) jselec = nselec;
  // jselec is the fraction of outer rows with a match, nselec the fraction of the cross
  // product that matches: a matched outer row has nselec * inner rows / jselec partners.
  SemiAntiJoinFactors factors;
  factors.outer_match_frac = jselec;
  factors.match_count = jselec > 0 ? std::max(1.0, nselec * inner_rows / jselec) : 1.0;
  return factors;
}

RelOptInfoPtr MakeUniqueRel(PlannerInfo* root, const RelOptInfo& inner, Relids outer,
                            const RestrictList& clauses) {
  if (clauses.empty() || !inner.cheapest_total_path || inner.lateral_relids != 0) return nullptr;
  // compute_semijoin_info: every clause an equality "outer = inner column" of one type.
  nodes::ExprList inner_exprs;
  bool can_hash = true;
  for (const auto& ri : clauses) {
    std::optional<JoinSides> sides = SplitJoinClause(ri->clause, outer, inner.relids);
    if (!sides || AsVar(sides->inner) == nullptr || sides->inner->tag != NodeTag::kVar) {
      return nullptr;
    }
    auto op = catalog::Syscache().OperatorByOid(nodes::As<nodes::OpExpr>(ri->clause)->opno);
    if (!op || op->oprleft != op->oprright || (!op->oprcanhash && !op->oprcanmerge)) {
      return nullptr;
    }
    can_hash &= op->oprcanhash;
    bool seen = false;
    for (const auto& e : inner_exprs) seen |= ExprEqual(e.get(), sides->inner.get());
    if (!seen) inner_exprs.push_back(sides->inner);
  }
  bool all_mergeable = false;
  std::vector<MergeClause> merge = SelectMergeClauses(clauses, outer, inner.relids, &all_mergeable);
  bool can_btree = all_mergeable && merge.size() == clauses.size();
  if (!can_hash && !can_btree) return nullptr;

  const PathPtr& subpath = inner.cheapest_total_path;
  // A unique index already makes the inner side distinct (UNIQUE_PATH_NOOP).
  bool already_unique = InnerRelIsUnique(root, inner, outer, clauses);
  double num_groups =
      already_unique ? inner.rows : EstimateNumGroups(root, inner_exprs, inner.rows);
  auto numcols = static_cast<int>(inner_exprs.size());
  PathPtr best = already_unique ? subpath : nullptr;
  if (can_btree && !already_unique) {
    std::vector<PathKey> keys;
    for (const auto& mc : merge) {
      bool seen = false;
      for (const auto& k : keys) seen |= ExprEqual(k.expr.get(), mc.inner_key.expr.get());
      if (!seen) keys.push_back(mc.inner_key);
    }
    best = CreateUniquePath(CreateSortPath(subpath, keys, -1), numcols, num_groups);
    best->pathkeys.clear();  // PostgreSQL's UniquePath promises no order
  }
  // Hashing is only considered when the table fits in hash_mem (64 bytes per entry).
  double hash_mem = g_work_mem_kb * 1024.0 * g_hash_mem_multiplier;
  if (can_hash && !already_unique && (subpath->pathtarget->width + 64.0) * num_groups <= hash_mem) {
    auto target = std::make_shared<PathTarget>();
    std::vector<nodes::SortGroupClause> group;
    for (size_t i = 0; i < inner_exprs.size(); ++i) {
      target->exprs.push_back(inner_exprs[i]);
      target->sortgrouprefs.push_back(static_cast<Index>(i + 1));
      nodes::SortGroupClause sgc;
      sgc.tleSortGroupRef = static_cast<Index>(i + 1);
      for (const auto& ri : clauses) {
        std::optional<JoinSides> sides = SplitJoinClause(ri->clause, outer, inner.relids);
        if (ExprEqual(sides->inner.get(), inner_exprs[i].get())) {
          sgc.eqop = nodes::As<nodes::OpExpr>(ri->clause)->opno;
        }
      }
      sgc.hashable = true;
      group.push_back(sgc);
    }
    SetPathTargetCostWidth(root, target.get());
    PathPtr hashed = CreateAggPath(root, subpath, target, nodes::AggStrategy::kHashed, group, {},
                                   AggClauseCosts(), num_groups);
    if (!best || hashed->total_cost < best->total_cost) best = hashed;
  }

  auto rel = std::make_shared<RelOptInfo>(inner);
  rel->rows = num_groups;
  rel->pathlist = {best};
  rel->param_pathlist.clear();
  rel->cheapest_total_path = best;
  rel->cheapest_startup_path = best;
  rel->indexlist.clear();  // no parameterised scans under the de-duplication
  rel->uniquified = true;
  root->unique_rels.push_back(rel);
  return rel;
}

}  // namespace hyrax::planner
