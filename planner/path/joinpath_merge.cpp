// Merge join paths (see joinpath_merge.h).
#include "planner/path/joinpath_merge.h"

#include "planner/cost/cost_mergejoin.h"
#include "planner/path/clausesel.h"
#include "planner/path/pathnode.h"
#include "planner/prep/clauses.h"
#include "storage/catalog/syscache.h"

namespace hyrax::planner {

namespace {

using nodes::JoinType;

// The btree "<" of `family` for `type` (the sort operator of a merge key).
Oid LessThanOperator(Oid family, Oid type) {
  for (const auto& amop : catalog::Syscache().AmopsOfFamily(family)) {
    if (amop.amopstrategy == 1 && amop.amoplefttype == type && amop.amoprighttype == type) {
      return amop.amopopr;
    }
  }
  return kInvalidOid;
}

// The btree equality entry of `opno` in the lowest-numbered btree family (PostgreSQL's
// pathkeys take the first of the operator's merge families, in OID order).
std::optional<catalog::PgAmop> MergeFamilyEntry(Oid opno) {
  std::optional<catalog::PgAmop> best;
  for (const auto& amop : catalog::Syscache().AmopsByOperator(opno)) {
    if (amop.amopmethod != catalog::kBtreeAmOid || amop.amopstrategy != 3) continue;
    if (!best || amop.amopfamily < best->amopfamily) best = amop;
  }
  return best;
}

bool KeysMatch(const PathKey& a, const PathKey& b) {
  return a.sortop == b.sortop && a.nulls_first == b.nulls_first &&
         ExprEqual(a.expr.get(), b.expr.get());
}

std::vector<PathKey> OuterKeys(const std::vector<MergeClause>& clauses) {
  std::vector<PathKey> keys;
  for (const auto& mc : clauses) keys.push_back(mc.outer_key);
  return keys;
}

std::vector<PathKey> InnerKeys(const std::vector<MergeClause>& clauses) {
  std::vector<PathKey> keys;
  for (const auto& mc : clauses) keys.push_back(mc.inner_key);
  return keys;
}

// find_mergeclauses_for_outer_pathkeys: the clauses whose outer side follows the leading
// keys of `pathkeys`, in key order; stops at the first key no clause uses.
std::vector<MergeClause> ClausesForOuterOrder(const std::vector<MergeClause>& clauses,
                                              const std::vector<PathKey>& pathkeys) {
  std::vector<MergeClause> out;
  for (const auto& key : pathkeys) {
    size_t before = out.size();
    for (const auto& mc : clauses) {
      if (KeysMatch(mc.outer_key, key)) out.push_back(mc);
    }
    if (out.size() == before) break;
  }
  return out;
}

class MergePathBuilder {
 public:
  MergePathBuilder(PlannerInfo* root, RelOptInfo* joinrel, JoinType jointype,
                   const RestrictList& join_clauses, const JoinPathExtra& extra)
      : root_(root),
        joinrel_(joinrel),
        jointype_(jointype),
        join_clauses_(join_clauses),
        extra_(extra) {}

  // One merge join of `outer_path` and `inner_path` on `clauses`, sorting what is not in order.
  void Add(const PathPtr& outer_path, const PathPtr& inner_path,
           const std::vector<MergeClause>& clauses) {
    auto path = std::make_shared<MergePath>();
    path->parent = joinrel_;
    path->pathtarget = std::make_shared<PathTarget>(joinrel_->reltarget);
    path->jointype = jointype_;
    path->extra = extra_;
    path->outerjoinpath = outer_path;
    path->innerjoinpath = inner_path;
    path->mergeclauses = clauses;
    std::vector<PathKey> outer_keys = OuterKeys(clauses);
    std::vector<PathKey> inner_keys = InnerKeys(clauses);
    if (!PathKeysContainedIn(outer_keys, outer_path->pathkeys)) path->outersortkeys = outer_keys;
    if (!PathKeysContainedIn(inner_keys, inner_path->pathkeys)) path->innersortkeys = inner_keys;
    for (const auto& ri : join_clauses_) {
      bool merged = false;
      for (const auto& mc : clauses) merged |= mc.original == ri;
      if (!merged) path->joinrestrictinfo.push_back(ri);
    }
    // build_join_pathkeys: the outer order survives, except where NULL-extended outer rows
    // are mixed in (RIGHT and FULL joins).
    if (jointype_ != JoinType::kRight && jointype_ != JoinType::kFull) {
      path->pathkeys = path->outersortkeys.empty() ? outer_path->pathkeys : outer_keys;
    }
    // final_cost_mergejoin: when the executor stops at an outer row's first match and every
    // join clause is a merge clause, the inner side is never re-read.
    path->skip_mark_restore =
        (jointype_ == JoinType::kSemi || jointype_ == JoinType::kAnti || extra_.inner_unique) &&
        path->joinrestrictinfo.empty();
    double sel = 1.0;
    for (const auto& mc : clauses) sel *= JoinClauseSelectivity(root_, mc.rinfo->clause);
    // approx_tuple_count, multiplied in PostgreSQL's order (the rounding can differ).
    double merge_tuples = ClampRowEst(sel * outer_path->rows * inner_path->rows);
    CostMergeJoin(path.get(), joinrel_->rows, merge_tuples);
    AddPath(joinrel_, path);
  }

 private:
  PlannerInfo* root_;
  RelOptInfo* joinrel_;
  JoinType jointype_;
  const RestrictList& join_clauses_;
  const JoinPathExtra& extra_;
};

// The cheapest path of `rel` already ordered on `keys`, if any.
PathPtr CheapestOrderedPath(const RelOptInfo& rel, const std::vector<PathKey>& keys) {
  PathPtr best;
  for (const auto& p : rel.pathlist) {
    if (!PathKeysContainedIn(keys, p->pathkeys)) continue;
    if (!best || p->total_cost < best->total_cost) best = p;
  }
  return best;
}

}  // namespace

std::vector<MergeClause> SelectMergeClauses(const RestrictList& clauses, Relids outer, Relids inner,
                                            bool* all_mergeable) {
  std::vector<MergeClause> out;
  *all_mergeable = true;
  auto& cache = catalog::Syscache();
  for (const auto& ri : clauses) {
    size_t before = out.size();
    const nodes::OpExpr* op =
        ri->clause->tag == nodes::NodeTag::kOpExpr ? nodes::As<nodes::OpExpr>(ri->clause) : nullptr;
    std::optional<catalog::PgAmop> amop;
    if (op != nullptr && op->args.size() == 2) {
      auto oper = cache.OperatorByOid(op->opno);
      if (oper && oper->oprcanmerge) amop = MergeFamilyEntry(op->opno);
    }
    if (amop) {
      Relids l = PullVarnos(op->args[0]), r = PullVarnos(op->args[1]);
      bool forward = l != 0 && r != 0 && RelidsIsSubset(l, outer) && RelidsIsSubset(r, inner);
      bool backward = l != 0 && r != 0 && RelidsIsSubset(l, inner) && RelidsIsSubset(r, outer);
      if (forward || backward) {
        MergeClause mc;
        mc.original = ri;
        mc.opfamily = amop->amopfamily;
        Oid outer_type = forward ? amop->amoplefttype : amop->amoprighttype;
        Oid inner_type = forward ? amop->amoprighttype : amop->amoplefttype;
        auto clause = std::make_shared<nodes::OpExpr>(*op);
        if (backward) {
          // Written "inner = outer": use the commutator (same family, sides swapped).
          for (const auto& other : cache.AmopsOfFamily(amop->amopfamily)) {
            if (other.amopstrategy == 3 && other.amoplefttype == outer_type &&
                other.amoprighttype == inner_type) {
              clause->opno = other.amopopr;
              clause->opfuncid = kInvalidOid;
              if (auto com = cache.OperatorByOid(other.amopopr)) clause->opfuncid = com->oprcode;
            }
          }
          clause->args = {op->args[1], op->args[0]};
        }
        mc.rinfo = std::make_shared<RestrictInfo>(*ri);
        mc.rinfo->clause = clause;
        mc.outer_key = {clause->args[0], LessThanOperator(mc.opfamily, outer_type), op->inputcollid,
                        false, 0};
        mc.inner_key = {clause->args[1], LessThanOperator(mc.opfamily, inner_type), op->inputcollid,
                        false, 0};
        if (mc.outer_key.sortop != kInvalidOid && mc.inner_key.sortop != kInvalidOid &&
            clause->opfuncid != kInvalidOid) {
          out.push_back(std::move(mc));
        }
      }
    }
    // A constant clause (FULL JOIN ON FALSE) is evaluated once by the executor.
    if (out.size() == before && ri->clause->tag != nodes::NodeTag::kConst) *all_mergeable = false;
  }
  return out;
}

void AddMergeJoinPaths(PlannerInfo* root, RelOptInfo* joinrel, const RelOptInfo& outer,
                       const RelOptInfo& inner, JoinType jointype, const RestrictList& join_clauses,
                       const JoinPathExtra& extra) {
  if (((outer.lateral_relids | inner.lateral_relids) & joinrel->relids) != 0) return;
  bool all_mergeable = false;
  std::vector<MergeClause> clauses =
      SelectMergeClauses(join_clauses, outer.relids, inner.relids, &all_mergeable);
  bool use_all = jointype == JoinType::kRight || jointype == JoinType::kFull;
  if (use_all && !all_mergeable) return;
  MergePathBuilder builder(root, joinrel, jointype, join_clauses, extra);
  if (clauses.empty()) {
    // match_unsorted_outer: a FULL join without merge clauses (ON TRUE / ON FALSE) is still
    // a merge join, of every outer row with every inner row.
    if (jointype == JoinType::kFull) {
      builder.Add(outer.cheapest_total_path, inner.cheapest_total_path, {});
    }
    return;
  }
  // sort_inner_and_outer: the cheapest inputs, sorted on every merge clause as needed.
  builder.Add(outer.cheapest_total_path, inner.cheapest_total_path, clauses);
  // match_unsorted_outer: outer paths already in some order use the clauses that order
  // serves, with the inner side sorted or read from an already ordered path.
  for (const auto& outer_path : outer.pathlist) {
    if (outer_path->pathkeys.empty()) continue;
    std::vector<MergeClause> used = ClausesForOuterOrder(clauses, outer_path->pathkeys);
    if (used.empty() || (use_all && used.size() != clauses.size())) continue;
    builder.Add(outer_path, inner.cheapest_total_path, used);
    PathPtr ordered_inner = CheapestOrderedPath(inner, InnerKeys(used));
    if (ordered_inner && ordered_inner != inner.cheapest_total_path) {
      builder.Add(outer_path, ordered_inner, used);
    }
  }
}

}  // namespace hyrax::planner
