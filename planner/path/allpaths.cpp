// Scan/join planning (see allpaths.h).
#include "planner/path/allpaths.h"

#include <algorithm>
#include <functional>
#include <map>

#include "common/assert.h"
#include "common/error.h"
#include "planner/cost/cost_semijoin.h"
#include "planner/cost/costsize.h"
#include "planner/path/appendrel.h"
#include "planner/path/clausesel.h"
#include "planner/path/column_stats.h"
#include "planner/path/indxpath.h"
#include "planner/path/joinpath_merge.h"
#include "planner/path/pathnode.h"
#include "planner/path/plancat.h"
#include "planner/path/semijoin.h"
#include "planner/path/srfpaths.h"
#include "planner/path/subquery_pushdown.h"
#include "planner/plan/cte_planner.h"
#include "planner/plan/planner.h"
#include "planner/plan/subselect.h"
#include "planner/prep/clauses.h"
#include "planner/prep/prepjointree.h"
#include "storage/catalog/relcache.h"
#include "storage/catalog/syscache.h"

namespace hyrax::planner {

namespace {

using nodes::JoinTreeNode;
using nodes::JoinTreeTag;

// A WHERE/ON clause waiting for the join that covers its relations.
struct PendingQual {
  std::shared_ptr<RestrictInfo> rinfo;
  bool is_join_clause = true;  // ON clause of this join (joinqual) vs. pushed-down filter
  bool applied = false;
};

class JoinTreeBuilder {
 public:
  JoinTreeBuilder(PlannerInfo* root, std::vector<std::shared_ptr<nodes::Var>> needed,
                  std::vector<std::shared_ptr<nodes::Var>> upper_vars)
      : root_(root), needed_(std::move(needed)), upper_vars_(std::move(upper_vars)) {}

  // Pass 1: quals go to base relations where allowed, else wait for their join.
  void Distribute(const nodes::JoinTreeNodePtr& node, bool in_nullable_side, ExprList* gating);
  // Each base relation's joininfo: the clauses waiting for a join it takes part in (index
  // paths ordered for merge joins look at them).
  void FillJoinInfo();
  // After Distribute: the equality filters held back by AddQual, behind the other filters.
  void PlaceEquivalenceFilters();
  // Pass 2: sizes, paths and joins.
  RelOptInfoPtr Build(const nodes::JoinTreeNodePtr& node);

 private:
  void AddQual(const ExprPtr& clause, bool in_nullable_side, ExprList* gating,
               const nodes::JoinTreeNodePtr& owner);
  bool EquivalenceClause(const ExprPtr& clause) const;
  void SetBaseRelSizeAndPaths(RelOptInfo* rel);
  void SetTarget(RelOptInfo* rel);
  RelOptInfoPtr NewJoinRel(const RelOptInfoPtr& outer, const RelOptInfoPtr& inner,
                           nodes::JoinType jointype, const RestrictList& join_clauses,
                           const RestrictList& other_clauses);
  RelOptInfoPtr MakeOuterJoinRel(const RelOptInfoPtr& outer, const RelOptInfoPtr& inner,
                                 nodes::JoinType jointype, const JoinTreeNode* owner);
  void MakeInnerJoinRel(const RelOptInfoPtr& a, const RelOptInfoPtr& b,
                        std::vector<PendingQual>& clauses);
  RestrictList HashClauses(const RestrictList& clauses, Relids outer, Relids inner);
  double InnerBucketFraction(const RestrictList& hashclauses, const Path& inner);
  void AddJoinPaths(RelOptInfo* joinrel, const RelOptInfoPtr& outer, const RelOptInfoPtr& inner,
                    nodes::JoinType jointype, const RestrictList& join_clauses,
                    const JoinPathExtra& extra = {});
  void AddHashJoinPath(RelOptInfo* joinrel, const RelOptInfoPtr& outer, const RelOptInfoPtr& inner,
                       nodes::JoinType jointype, const RestrictList& join_clauses,
                       const JoinPathExtra& extra);
  void AddSemiJoinPaths(RelOptInfo* joinrel, const RelOptInfoPtr& outer, const RelOptInfoPtr& inner,
                        nodes::JoinType jointype, const RestrictList& join_clauses);
  void DropInnerOnlyVars(RelOptInfo* joinrel, Relids inner);
  void DistributeOuterJoin(const nodes::JoinTreeNodePtr& node, bool in_nullable_side,
                           ExprList* gating);
  void ApplyWithin(const RelOptInfoPtr& rel, const JoinTreeNode* owner);
  RelOptInfoPtr JoinSearch(std::vector<RelOptInfoPtr> items, const JoinTreeNode* owner);

  PlannerInfo* root_;
  std::vector<std::shared_ptr<nodes::Var>> needed_;
  std::vector<std::shared_ptr<nodes::Var>> upper_vars_;  // Vars the query's upper stages use
  std::map<const JoinTreeNode*, std::vector<PendingQual>> pending_;
  std::vector<std::pair<Index, std::shared_ptr<RestrictInfo>>> equivalence_filters_;
  std::map<Relids, RelOptInfoPtr> join_rel_map_;
};

nodes::ExprList MakeAndsImplicitAll(std::initializer_list<ExprPtr> quals) {
  nodes::ExprList out;
  for (const auto& q : quals) {
    for (const auto& c : MakeAndsImplicit(q)) out.push_back(c);
  }
  return out;
}

Relids RelidsOf(const nodes::JoinTreeNodePtr& node);

// Relations on the nullable side of an outer join somewhere inside `node`.
Relids NullableBelow(const nodes::JoinTreeNodePtr& node) {
  switch (node->tag) {
    case JoinTreeTag::kRangeTblRef:
      return 0;
    case JoinTreeTag::kJoinExpr: {
      const auto& j = static_cast<const nodes::JoinExpr&>(*node);
      Relids r = NullableBelow(j.larg) | NullableBelow(j.rarg);
      if (j.jointype != nodes::JoinType::kInner) r |= RelidsOf(j.rarg);
      if (j.jointype == nodes::JoinType::kFull) r |= RelidsOf(j.larg);
      return r;
    }
    case JoinTreeTag::kFromExpr: {
      Relids r = 0;
      for (const auto& item : static_cast<const nodes::FromExpr&>(*node).fromlist) {
        r |= NullableBelow(item);
      }
      return r;
    }
  }
  return 0;
}

Relids RelidsOf(const nodes::JoinTreeNodePtr& node) {
  switch (node->tag) {
    case JoinTreeTag::kRangeTblRef:
      return RelidsSingleton(static_cast<const nodes::RangeTblRef&>(*node).rtindex);
    case JoinTreeTag::kJoinExpr: {
      const auto& j = static_cast<const nodes::JoinExpr&>(*node);
      return RelidsOf(j.larg) | RelidsOf(j.rarg);
    }
    case JoinTreeTag::kFromExpr: {
      Relids r = 0;
      for (const auto& item : static_cast<const nodes::FromExpr&>(*node).fromlist)
        r |= RelidsOf(item);
      return r;
    }
  }
  return 0;
}

bool IsSemiOrAnti(nodes::JoinType jointype) {
  return jointype == nodes::JoinType::kSemi || jointype == nodes::JoinType::kAnti;
}

// Whether an ON clause of outer join `join` that reads only `required` filters the nullable
// side before the join (a restriction of that base relation) instead of being a join clause:
// only for LEFT, semi and anti joins, and only when the relation is not nullable inside that
// side.
bool FiltersNullableSide(const nodes::JoinExpr& join, Relids required) {
  bool single = required != 0 && (required & (required - 1)) == 0;
  return (join.jointype == nodes::JoinType::kLeft || IsSemiOrAnti(join.jointype)) && single &&
         RelidsIsSubset(required, RelidsOf(join.rarg)) &&
         (required & NullableBelow(join.rarg)) == 0;
}

// A WHERE clause or inner-join ON clause of FROM list `owner`. A clause of one relation
// filters that relation unless an outer join inside the list can NULL it; a clause without
// Vars is a one-time filter at the top, and a join clause of the whole list inside the
// nullable side of an outer join (it must not remove the outer join's preserved rows).
// A clause of one relation that no outer join below its FROM list can NULL: it becomes a
// restriction of that relation (AddQual).
bool SingleRelFilter(Relids required, Relids nullable_below) {
  return required != 0 && (required & (required - 1)) == 0 && (required & nullable_below) == 0;
}

// Whether a clause's Vars must reach a join (it is not a base-relation filter and has Vars).
bool EvaluatedAtJoin(bool not_a_filter, Relids required) {
  return not_a_filter && required != 0;
}

void JoinTreeBuilder::AddQual(const ExprPtr& clause, bool in_nullable_side, ExprList* gating,
                              const nodes::JoinTreeNodePtr& owner) {
  auto rinfo = std::make_shared<RestrictInfo>();
  rinfo->clause = clause;
  rinfo->required_relids = PullVarnos(clause);
  if (rinfo->required_relids == 0) {
    if (!in_nullable_side) {
      gating->push_back(clause);
      return;
    }
    rinfo->required_relids = RelidsOf(owner);
  }
  if (SingleRelFilter(rinfo->required_relids, NullableBelow(owner))) {
    Index rti = static_cast<Index>(__builtin_ctzll(rinfo->required_relids));
    if (EquivalenceClause(clause)) {
      equivalence_filters_.emplace_back(rti, rinfo);
    } else {
      root_->simple_rel_array[rti]->baserestrictinfo.push_back(rinfo);
    }
    return;
  }
  pending_[owner.get()].push_back({rinfo, true, false});
}

// Whether PostgreSQL would absorb this WHERE / inner-join clause of one relation into an
// equivalence class (a mergejoinable `=` without volatile functions): it re-creates such
// clauses from the classes after all other quals are placed (generate_base_implied_
// equalities), so they come after the relation's other filters. Hyrax has no equivalence
// classes yet; keeping PostgreSQL's order keeps EXPLAIN's Filter lines the same.
bool JoinTreeBuilder::EquivalenceClause(const ExprPtr& clause) const {
  if (clause->tag != nodes::NodeTag::kOpExpr) return false;
  const auto& op = *nodes::As<nodes::OpExpr>(clause);
  if (op.args.size() != 2) return false;
  auto oper = catalog::Syscache().OperatorByOid(op.opno);
  if (!oper || !oper->oprcanmerge) return false;
  return !HasVolatile(op.args[0]) && !HasVolatile(op.args[1]);
}

void JoinTreeBuilder::PlaceEquivalenceFilters() {
  for (const auto& [rti, rinfo] : equivalence_filters_) {
    root_->simple_rel_array[rti]->baserestrictinfo.push_back(rinfo);
  }
  equivalence_filters_.clear();
}

void JoinTreeBuilder::Distribute(const nodes::JoinTreeNodePtr& node, bool in_nullable_side,
                                 ExprList* gating) {
  switch (node->tag) {
    case JoinTreeTag::kRangeTblRef:
      return;
    case JoinTreeTag::kFromExpr: {
      const auto& from = static_cast<const nodes::FromExpr&>(*node);
      for (const auto& item : from.fromlist) Distribute(item, in_nullable_side, gating);
      for (const auto& q : MakeAndsImplicit(from.quals)) {
        AddQual(q, in_nullable_side, gating, node);
      }
      return;
    }
    case JoinTreeTag::kJoinExpr:
      // Inner joins were merged into FROM lists (FlattenInnerJoins).
      DistributeOuterJoin(node, in_nullable_side, gating);
      return;
  }
}

// LEFT and FULL joins (ReduceOuterJoins turned RIGHT joins into LEFT ones). ON clauses that
// mention only the nullable side of a LEFT join filter it before the join; the rest are
// join clauses of this join, evaluated by it.
void JoinTreeBuilder::DistributeOuterJoin(const nodes::JoinTreeNodePtr& node, bool in_nullable_side,
                                          ExprList* gating) {
  const auto& join = static_cast<const nodes::JoinExpr&>(*node);
  using nodes::JoinType;
  HYRAX_CHECK(join.jointype == JoinType::kLeft || join.jointype == JoinType::kFull ||
                  IsSemiOrAnti(join.jointype),
              "unexpected join type in the join tree");
  Distribute(join.larg, in_nullable_side || join.jointype == JoinType::kFull, gating);
  Distribute(join.rarg, true, gating);
  for (const auto& q : MakeAndsImplicit(join.quals)) {
    auto rinfo = std::make_shared<RestrictInfo>();
    rinfo->clause = q;
    rinfo->required_relids = PullVarnos(q);
    if (FiltersNullableSide(join, rinfo->required_relids)) {
      Index rti = static_cast<Index>(__builtin_ctzll(rinfo->required_relids));
      root_->simple_rel_array[rti]->baserestrictinfo.push_back(rinfo);
    } else if (IsSemiOrAnti(join.jointype) && join.rarg->tag == JoinTreeTag::kFromExpr &&
               rinfo->required_relids != 0 &&
               RelidsIsSubset(rinfo->required_relids, RelidsOf(join.rarg))) {
      // A pulled-up sub-select's own join clause joins its FROM items below the semi join.
      AddQual(q, true, gating, join.rarg);
    } else {
      pending_[node.get()].push_back({rinfo, true, false});
    }
  }
}

void JoinTreeBuilder::FillJoinInfo() {
  for (const auto& [owner, quals] : pending_) {
    for (const auto& pq : quals) {
      Relids r = pq.rinfo->required_relids;
      if ((r & (r - 1)) == 0) continue;
      for (Index rti = 1; rti < root_->simple_rel_array.size(); ++rti) {
        if ((r & RelidsSingleton(rti)) != 0) {
          root_->simple_rel_array[rti]->joininfo.push_back(pq.rinfo);
        }
      }
    }
  }
}

void JoinTreeBuilder::SetTarget(RelOptInfo* rel) {
  rel->reltarget = PathTarget();
  for (const auto& v : needed_) {
    if (v->varno < 64 && (rel->relids & RelidsSingleton(v->varno)) != 0) {
      rel->reltarget.exprs.push_back(v);
      rel->reltarget.sortgrouprefs.push_back(0);
    }
  }
  SetPathTargetCostWidth(root_, &rel->reltarget);
}

void JoinTreeBuilder::SetBaseRelSizeAndPaths(RelOptInfo* rel) {
  ExprList clauses;
  for (const auto& ri : rel->baserestrictinfo) clauses.push_back(ri->clause);
  rel->baserestrictcost = CostQualEval(clauses);
  const nodes::RangeTblEntry& rte = root_->parse->rtable[rel->relid - 1];
  if (rte.rtekind == nodes::RteKind::kRelation && rte.inh) {
    // An inheritance parent or partitioned table: an Append of its children.
    SetTarget(rel);
    SetAppendRelSizeAndPaths(root_, rel);
    return;
  }
  switch (rte.rtekind) {
    case nodes::RteKind::kRelation: {
      auto relation = catalog::RelationIdGetRelation(rte.relid);
      if (!relation) {
        throw MakeError(errcode::kUndefinedTable, "could not open relation with OID {}", rte.relid);
      }
      GetRelationInfo(rel, *relation);
      break;
    }
    case nodes::RteKind::kValues:
      rel->tuples = static_cast<double>(rte.values_lists.size());
      break;
    case nodes::RteKind::kSubquery: {
      // Filters on the sub-query's output that can run inside it go there first.
      nodes::QueryPtr subquery = PushDownSubqueryQuals(rte, rel->relid, &rel->baserestrictinfo);
      rel->subroot = SubqueryPlanner(root_->glob, subquery, root_, 0.0);
      rel->tuples = rel->subroot->final_rel->cheapest_total_path->rows;
      // A LATERAL sub-query's references to this level are parameters (createplan.cpp).
      for (const auto& param : rel->subroot->plan_params) {
        rel->lateral_relids |= RelidsSingleton(LateralVar(param.second)->varno);
      }
      break;
    }
    case nodes::RteKind::kResult:
      rel->tuples = 1;
      break;
    case nodes::RteKind::kCte:
      SetCteRelSize(root_, rel, rte);
      break;
    case nodes::RteKind::kFunction:
      SetFunctionSize(rel, rte);
      rel->lateral_relids = FunctionLateralRelids(rte, rel->relid);
      break;
    default:
      throw Error(errcode::kFeatureNotSupported, "this kind of FROM item is not supported yet");
  }
  rel->rows = ClampRowEst(rel->tuples * ClauseListSelectivity(root_, clauses));
  SetTarget(rel);
  switch (rte.rtekind) {
    case nodes::RteKind::kRelation:
      AddPath(rel, CreateSeqScanPath(rel));
      CreateIndexPaths(root_, rel);
      break;
    case nodes::RteKind::kValues:
      AddPath(rel, CreateValuesScanPath(rel));
      break;
    case nodes::RteKind::kSubquery:
      AddPath(rel, CreateSubqueryScanPath(rel, rel->subroot->final_rel->cheapest_total_path));
      break;
    case nodes::RteKind::kFunction:
      AddPath(rel, CreateFunctionScanPath(rel, rte));
      break;
    case nodes::RteKind::kCte:
      AddPath(rel, CreateCteScanPath(root_, rel, rte));
      break;
    default:
      AddPath(rel, CreateResultScanPath(rel));
      break;
  }
}

RelOptInfoPtr JoinTreeBuilder::NewJoinRel(const RelOptInfoPtr& outer, const RelOptInfoPtr& inner,
                                          nodes::JoinType jointype,
                                          const RestrictList& join_clauses,
                                          const RestrictList& other_clauses) {
  auto rel = std::make_shared<RelOptInfo>();
  rel->reloptkind = RelOptKind::kJoinRel;
  rel->relids = outer->relids | inner->relids;
  // calc_joinrel_size_estimate: join clauses scale the cross product; a left join keeps
  // at least every outer row; quals above an outer join filter the result.
  double jsel = 1.0;
  for (const auto& ri : join_clauses) jsel *= JoinClauseSelectivity(root_, ri->clause);
  double psel = 1.0;
  for (const auto& ri : other_clauses) psel *= ClauseSelectivity(root_, ri->clause);
  double rows = outer->rows * inner->rows * jsel;
  if (IsSemiOrAnti(jointype)) {
    // Semi joins keep the outer rows with a match, anti joins the others.
    double semi = SemiJoinSelectivity(root_, join_clauses, outer->relids, *inner);
    rows = outer->rows * (jointype == nodes::JoinType::kSemi ? semi : 1.0 - semi);
  }
  // calc_joinrel_size_estimate: an outer join returns at least its preserved sides' rows.
  if (jointype == nodes::JoinType::kLeft || jointype == nodes::JoinType::kFull) {
    rows = std::max(rows, outer->rows);
  }
  if (jointype == nodes::JoinType::kFull) rows = std::max(rows, inner->rows);
  rel->rows = ClampRowEst(rows * psel);
  rel->lateral_relids = (outer->lateral_relids | inner->lateral_relids) & ~rel->relids;
  SetTarget(rel.get());
  if (IsSemiOrAnti(jointype)) DropInnerOnlyVars(rel.get(), inner->relids);
  root_->join_rels.push_back(rel);
  join_rel_map_[rel->relids] = rel;
  return rel;
}

RelOptInfoPtr JoinTreeBuilder::MakeOuterJoinRel(const RelOptInfoPtr& outer,
                                                const RelOptInfoPtr& inner,
                                                nodes::JoinType jointype,
                                                const JoinTreeNode* owner) {
  RestrictList join_clauses;
  for (auto& pq : pending_[owner]) {
    if (!pq.applied && RelidsIsSubset(pq.rinfo->required_relids, outer->relids | inner->relids)) {
      pq.applied = true;
      join_clauses.push_back(pq.rinfo);
    }
  }
  // reduce_unique_semijoins: a semi join whose inner side has at most one match per outer
  // row is an inner join.
  if (jointype == nodes::JoinType::kSemi &&
      InnerRelIsUnique(root_, *inner, outer->relids, join_clauses)) {
    jointype = nodes::JoinType::kInner;
  }
  RelOptInfoPtr rel = NewJoinRel(outer, inner, jointype, join_clauses, {});
  if (jointype == nodes::JoinType::kInner) {
    DropInnerOnlyVars(rel.get(), inner->relids);
    AddJoinPaths(rel.get(), outer, inner, jointype, join_clauses);
    AddJoinPaths(rel.get(), inner, outer, jointype, join_clauses);
    return rel;
  }
  if (IsSemiOrAnti(jointype)) {
    AddSemiJoinPaths(rel.get(), outer, inner, jointype, join_clauses);
    if (!rel->cheapest_total_path) {
      throw Error(errcode::kFeatureNotSupported, "this LATERAL reference is not supported yet");
    }
    return rel;
  }
  AddJoinPaths(rel.get(), outer, inner, jointype, join_clauses);
  // Both input orders: a left join read from its nullable side is a right join (hashing or
  // merging into the preserved side); a full join is symmetric.
  AddJoinPaths(rel.get(), inner, outer,
               jointype == nodes::JoinType::kLeft ? nodes::JoinType::kRight : jointype,
               join_clauses);
  if (!rel->cheapest_total_path && jointype == nodes::JoinType::kFull) {
    throw Error(errcode::kFeatureNotSupported,
                "FULL JOIN is only supported with merge-joinable or hash-joinable join "
                "conditions");
  }
  if (!rel->cheapest_total_path) {
    throw Error(errcode::kFeatureNotSupported, "this LATERAL reference is not supported yet");
  }
  return rel;
}

// make_join_rel for the inner joins of one FROM list: the clauses that first become
// evaluable when `a` and `b` meet; both join orders are tried.
void JoinTreeBuilder::MakeInnerJoinRel(const RelOptInfoPtr& a, const RelOptInfoPtr& b,
                                       std::vector<PendingQual>& clauses) {
  Relids both = a->relids | b->relids;
  RestrictList join_clauses;
  for (const auto& pq : clauses) {
    Relids r = pq.rinfo->required_relids;
    if (RelidsIsSubset(r, both) && !RelidsIsSubset(r, a->relids) && !RelidsIsSubset(r, b->relids)) {
      join_clauses.push_back(pq.rinfo);
    }
  }
  RelOptInfoPtr rel;
  auto it = join_rel_map_.find(both);
  rel = it != join_rel_map_.end() ? it->second
                                  : NewJoinRel(a, b, nodes::JoinType::kInner, join_clauses, {});
  AddJoinPaths(rel.get(), a, b, nodes::JoinType::kInner, join_clauses);
  AddJoinPaths(rel.get(), b, a, nodes::JoinType::kInner, join_clauses);
}

// The hash join clauses among `clauses`: "outer expr = inner expr" with a hashable
// operator, commuted when written the other way round (hash_inner_and_outer).
RestrictList JoinTreeBuilder::HashClauses(const RestrictList& clauses, Relids outer, Relids inner) {
  RestrictList out;
  for (const auto& ri : clauses) {
    if (ri->clause->tag != nodes::NodeTag::kOpExpr) continue;
    const auto& op = *nodes::As<nodes::OpExpr>(ri->clause);
    if (op.args.size() != 2) continue;
    auto oper = catalog::Syscache().OperatorByOid(op.opno);
    if (!oper || !oper->oprcanhash) continue;
    Relids l = PullVarnos(op.args[0]), r = PullVarnos(op.args[1]);
    if (l == 0 || r == 0) continue;
    if (RelidsIsSubset(l, outer) && RelidsIsSubset(r, inner)) {
      out.push_back(ri);
    } else if (RelidsIsSubset(l, inner) && RelidsIsSubset(r, outer) &&
               oper->oprcom != kInvalidOid) {
      auto com = catalog::Syscache().OperatorByOid(oper->oprcom);
      if (!com) continue;
      auto swapped = std::make_shared<nodes::OpExpr>(op);
      swapped->opno = com->oid;
      swapped->opfuncid = com->oprcode;
      swapped->args = {op.args[1], op.args[0]};
      auto commuted = std::make_shared<RestrictInfo>(*ri);
      commuted->clause = swapped;
      out.push_back(commuted);
    }
  }
  return out;
}

// estimate_hash_bucket_stats: 1/ndistinct of the inner key (scaled by the inner side's
// restriction selectivity), or 1/nbuckets when there are more distinct values than buckets,
// raised by the most common value's share of the rows (skew); 0.1 for a default ndistinct.
double JoinTreeBuilder::InnerBucketFraction(const RestrictList& hashclauses, const Path& inner) {
  double best = 1.0;
  double nbuckets = HashTableBuckets(inner.rows);
  for (const auto& ri : hashclauses) {
    const auto& inner_expr = nodes::As<nodes::OpExpr>(ri->clause)->args[1];
    bool isdefault;
    double nd = EstimateNumDistinct(root_, inner_expr, &isdefault);
    const nodes::Var* var = StripToVar(inner_expr.get());
    const std::optional<VarStats> stats =
        var != nullptr ? LookupVarStats(root_, *var, false) : std::nullopt;
    const catalog::ColumnStatistic::Slot* mcv = stats ? McvSlot(*stats) : nullptr;
    const double mcv_freq = mcv != nullptr ? mcv->numbers[0] : 0.0;
    double frac;
    if (isdefault) {
      frac = std::max(0.1, mcv_freq);
    } else {
      const double avgfreq = (1.0 - (stats ? stats->column->nullfrac : 0.0)) / nd;
      const RelOptInfo* rel = nullptr;
      if (var != nullptr && var->varlevelsup == 0 && var->varno < root_->simple_rel_array.size()) {
        rel = root_->simple_rel_array[var->varno].get();
      }
      if (rel != nullptr && rel->tuples > 0) nd = ClampRowEst(nd * rel->rows / rel->tuples);
      frac = nd > nbuckets ? 1.0 / nbuckets : 1.0 / nd;
      if (avgfreq > 0 && mcv_freq > avgfreq) frac *= mcv_freq / avgfreq;
      frac = std::clamp(frac, 1.0e-6, 1.0);
    }
    best = std::min(best, frac);
  }
  return best;
}

// A semi or anti join (outer side first), and for a semi join the inner side made distinct
// and joined as an inner join in both orders (make_join_rel's JOIN_UNIQUE_INNER and
// JOIN_UNIQUE_OUTER); the cheapest wins.
void JoinTreeBuilder::AddSemiJoinPaths(RelOptInfo* joinrel, const RelOptInfoPtr& outer,
                                       const RelOptInfoPtr& inner, nodes::JoinType jointype,
                                       const RestrictList& join_clauses) {
  double jselec = SemiJoinSelectivity(root_, join_clauses, outer->relids, *inner);
  JoinPathExtra semi;
  semi.semifactors = ComputeSemiAntiJoinFactors(root_, join_clauses, jselec, inner->rows);
  AddJoinPaths(joinrel, outer, inner, jointype, join_clauses, semi);
  if (jointype != nodes::JoinType::kSemi) return;
  RelOptInfoPtr unique = MakeUniqueRel(root_, *inner, outer->relids, join_clauses);
  if (!unique) return;
  JoinPathExtra unique_inner = semi;
  unique_inner.inner_unique = true;
  AddJoinPaths(joinrel, outer, unique, nodes::JoinType::kInner, join_clauses, unique_inner);
  // The unique-ified side as the outer input: the factors still describe the semi join
  // (PostgreSQL passes the semi join's SpecialJoinInfo along).
  JoinPathExtra unique_outer;
  if (InnerRelIsUnique(root_, *outer, inner->relids, join_clauses)) {
    unique_outer.inner_unique = true;
    unique_outer.semifactors = ComputeSemiAntiJoinFactors(root_, join_clauses, jselec, outer->rows);
  }
  AddJoinPaths(joinrel, unique, outer, nodes::JoinType::kInner, join_clauses, unique_outer);
}

// The inner side of a semi or anti join is not visible above it: only Vars the upper
// stages read stay (NULLs of an anti join made from LEFT JOIN ... IS NULL).
void JoinTreeBuilder::DropInnerOnlyVars(RelOptInfo* joinrel, Relids inner) {
  PathTarget& target = joinrel->reltarget;
  PathTarget kept;
  for (size_t i = 0; i < target.exprs.size(); ++i) {
    const auto& v = *nodes::As<nodes::Var>(target.exprs[i]);
    bool upper = false;
    for (const auto& u : upper_vars_) upper |= u->varno == v.varno && u->varattno == v.varattno;
    if (v.varno < 64 && (RelidsSingleton(v.varno) & inner) != 0 && !upper) continue;
    kept.exprs.push_back(target.exprs[i]);
    kept.sortgrouprefs.push_back(target.sortgrouprefs[i]);
  }
  target = std::move(kept);
  SetPathTargetCostWidth(root_, &target);
}

void JoinTreeBuilder::AddJoinPaths(RelOptInfo* joinrel, const RelOptInfoPtr& outer,
                                   const RelOptInfoPtr& inner, nodes::JoinType jointype,
                                   const RestrictList& join_clauses, const JoinPathExtra& given) {
  // add_paths_to_joinrel: an inner side proven unique lets every method stop at the first
  // match (semi and anti joins come with their factors already).
  JoinPathExtra extra = given;
  if (!IsSemiOrAnti(jointype) && !extra.inner_unique &&
      InnerRelIsUnique(root_, *inner, outer->relids, join_clauses)) {
    extra.inner_unique = true;
    extra.semifactors = ComputeSemiAntiJoinFactors(root_, join_clauses, -1, inner->rows);
  }
  const PathPtr& outer_path = outer->cheapest_total_path;
  const PathPtr& inner_path = inner->cheapest_total_path;
  // A LATERAL item is only the inner side of a nested loop over what it references (its
  // arguments become parameters set per outer row).
  if ((outer->lateral_relids & inner->relids) != 0) return;
  // add_paths_to_joinrel's order: merge joins, nested loops, hash joins. Nested loops cannot
  // produce the unmatched inner rows of RIGHT and FULL joins.
  bool nestloop_ok = jointype != nodes::JoinType::kRight && jointype != nodes::JoinType::kFull;
  if (inner->lateral_relids == 0) {
    AddMergeJoinPaths(root_, joinrel, *outer, *inner, jointype, join_clauses, extra);
  }
  if (!nestloop_ok) {
    AddHashJoinPath(joinrel, outer, inner, jointype, join_clauses, extra);
    return;
  }
  if (inner->lateral_relids != 0) {
    if (!RelidsIsSubset(inner->lateral_relids, outer->relids)) return;
    AddPath(joinrel,
            CreateNestLoopPath(root_, joinrel, jointype, outer_path, inner_path, join_clauses, {}));
    return;
  }
  // Nested loops over the plain inner side and over a materialised copy of it (not of a
  // unique-ified inner side: match_unsorted_outer's JOIN_UNIQUE_INNER case).
  AddPath(joinrel, CreateNestLoopPath(root_, joinrel, jointype, outer_path, inner_path,
                                      join_clauses, {}, extra));
  if (inner_path->pathtype != nodes::PlanTag::kMaterial && !inner->uniquified) {
    auto mat = std::make_shared<MaterialPath>();
    mat->parent = inner.get();
    mat->pathtarget = inner_path->pathtarget;
    mat->subpath = inner_path;
    CostMaterial(mat.get());
    AddPath(joinrel,
            CreateNestLoopPath(root_, joinrel, jointype, outer_path, mat, join_clauses, {}, extra));
  }
  // A nested loop over a parameterised inner index scan: the inner side's join clauses
  // become index conditions fed by each outer row.
  if (jointype == nodes::JoinType::kInner || jointype == nodes::JoinType::kLeft ||
      IsSemiOrAnti(jointype)) {
    PathPtr param_inner =
        BestParamIndexPath(root_, inner.get(), outer->relids, join_clauses, outer_path->rows);
    if (param_inner) {
      const auto& ip = static_cast<const IndexPath&>(*param_inner);
      RestrictList rest;
      for (const auto& ri : join_clauses) {
        bool moved = false;
        for (const auto& c : ip.indexclauses) moved |= c.rinfo == ri;
        if (!moved) rest.push_back(ri);
      }
      AddPath(joinrel, CreateNestLoopPath(root_, joinrel, jointype, outer_path, param_inner, rest,
                                          {}, extra));
    }
  }
  AddHashJoinPath(joinrel, outer, inner, jointype, join_clauses, extra);
}

// Hash join on the hashable equality clauses; the rest stay join filters.
void JoinTreeBuilder::AddHashJoinPath(RelOptInfo* joinrel, const RelOptInfoPtr& outer,
                                      const RelOptInfoPtr& inner, nodes::JoinType jointype,
                                      const RestrictList& join_clauses,
                                      const JoinPathExtra& extra) {
  const PathPtr& outer_path = outer->cheapest_total_path;
  const PathPtr& inner_path = inner->cheapest_total_path;
  if (((outer->lateral_relids | inner->lateral_relids) & joinrel->relids) != 0) return;
  RestrictList hashclauses = HashClauses(join_clauses, outer->relids, inner->relids);
  if (hashclauses.empty()) return;
  auto path = std::make_shared<HashPath>();
  path->parent = joinrel;
  path->pathtarget = std::make_shared<PathTarget>(joinrel->reltarget);
  path->jointype = jointype;
  path->extra = extra;
  path->outerjoinpath = outer_path;
  path->innerjoinpath = inner_path;
  path->hashclauses = hashclauses;
  for (const auto& ri : join_clauses) {
    bool hashed = false;
    for (const auto& h : hashclauses) {
      hashed |= h->clause == ri->clause || (h->required_relids == ri->required_relids &&
                                            nodes::As<nodes::OpExpr>(h->clause)->args[1] ==
                                                (ri->clause->tag == nodes::NodeTag::kOpExpr
                                                     ? nodes::As<nodes::OpExpr>(ri->clause)->args[0]
                                                     : nullptr));
    }
    if (!hashed) path->joinrestrictinfo.push_back(ri);
  }
  double hsel = 1.0;
  for (const auto& ri : hashclauses) hsel *= JoinClauseSelectivity(root_, ri->clause);
  double hash_tuples = ClampRowEst(outer_path->rows * inner_path->rows * hsel);
  // A unique-ified inner side hashes well: one row per bucket (final_cost_hashjoin).
  double bucket_fraction = inner->uniquified ? 1.0 / HashTableBuckets(inner_path->rows)
                                             : InnerBucketFraction(hashclauses, *inner_path);
  CostHashJoin(path.get(), joinrel->rows, bucket_fraction, hash_tuples);
  AddPath(joinrel, path);
}

// Clauses of this FROM list that lie entirely inside one item (they mention the nullable
// side of an outer join inside it): checked as a filter on top of that item's join.
void JoinTreeBuilder::ApplyWithin(const RelOptInfoPtr& rel, const JoinTreeNode* owner) {
  auto it = pending_.find(owner);
  if (it == pending_.end()) return;
  auto* join =
      rel->cheapest_total_path ? dynamic_cast<JoinPath*>(rel->cheapest_total_path.get()) : nullptr;
  for (auto& pq : it->second) {
    if (pq.applied || !RelidsIsSubset(pq.rinfo->required_relids, rel->relids)) continue;
    HYRAX_CHECK(join != nullptr, "qual could not be placed");
    pq.applied = true;
    join->otherrestrictinfo.push_back(pq.rinfo);
    double sel = ClauseSelectivity(root_, pq.rinfo->clause);
    QualCost c = CostExprEval(pq.rinfo->clause);
    join->total_cost += c.per_tuple * join->rows;
    rel->rows = ClampRowEst(rel->rows * sel);
    join->rows = rel->rows;
  }
}

// standard_join_search over the items of one FROM list: level k holds the join
// relations of k items; each combines a level k-1 relation with an item (or two smaller
// levels, "bushy"), preferring pairs connected by a join clause.
RelOptInfoPtr JoinTreeBuilder::JoinSearch(std::vector<RelOptInfoPtr> items,
                                          const JoinTreeNode* owner) {
  auto& clauses = pending_[owner];
  auto linked = [&](const RelOptInfoPtr& a, const RelOptInfoPtr& b) {
    for (const auto& pq : clauses) {
      Relids r = pq.rinfo->required_relids;
      if ((r & a->relids) != 0 && (r & b->relids) != 0 &&
          RelidsIsSubset(r, a->relids | b->relids)) {
        return true;
      }
    }
    return (a->lateral_relids & b->relids) != 0 || (b->lateral_relids & a->relids) != 0;
  };
  auto has_any_link = [&](const RelOptInfoPtr& a) {
    for (const auto& pq : clauses) {
      Relids r = pq.rinfo->required_relids;
      if ((r & a->relids) != 0 && !RelidsIsSubset(r, a->relids)) return true;
    }
    return a->lateral_relids != 0;
  };
  size_t n = items.size();
  std::vector<std::vector<RelOptInfoPtr>> levels(n + 1);
  levels[1] = items;
  auto add_level = [&](size_t lev, const RelOptInfoPtr& a, const RelOptInfoPtr& b) {
    if ((a->relids & b->relids) != 0) return;
    // Without parameterised joins, a LATERAL item joins only what it references.
    if (((a->lateral_relids | b->lateral_relids) & ~(a->relids | b->relids)) != 0) return;
    bool fresh = join_rel_map_.find(a->relids | b->relids) == join_rel_map_.end();
    MakeInnerJoinRel(a, b, clauses);
    if (fresh) levels[lev].push_back(join_rel_map_[a->relids | b->relids]);
  };
  for (size_t lev = 2; lev <= n; ++lev) {
    for (size_t i = 0; i < levels[lev - 1].size(); ++i) {
      const RelOptInfoPtr old_rel = levels[lev - 1][i];
      bool with_clauses = has_any_link(old_rel);
      size_t first = lev == 2 ? i + 1 : 0;
      for (size_t j = first; j < items.size(); ++j) {
        if (!with_clauses || linked(old_rel, items[j])) add_level(lev, old_rel, items[j]);
      }
    }
    for (size_t k = 2; k <= lev / 2; ++k) {
      for (size_t i = 0; i < levels[k].size(); ++i) {
        size_t first = k == lev - k ? i + 1 : 0;
        for (size_t j = first; j < levels[lev - k].size(); ++j) {
          if (linked(levels[k][i], levels[lev - k][j]))
            add_level(lev, levels[k][i], levels[lev - k][j]);
        }
      }
    }
    if (levels[lev].empty()) {
      // No clause connects anything: cartesian products.
      for (const auto& old_rel : std::vector<RelOptInfoPtr>(levels[lev - 1])) {
        for (const auto& item : items) add_level(lev, old_rel, item);
      }
    }
  }
  if (levels[n].empty() || !levels[n][0]->cheapest_total_path) {
    throw Error(errcode::kFeatureNotSupported, "this LATERAL reference is not supported yet");
  }
  RelOptInfoPtr final_rel = levels[n][0];
  for (auto& pq : clauses) {
    if (RelidsIsSubset(pq.rinfo->required_relids, final_rel->relids)) pq.applied = true;
  }
  return final_rel;
}

RelOptInfoPtr JoinTreeBuilder::Build(const nodes::JoinTreeNodePtr& node) {
  switch (node->tag) {
    case JoinTreeTag::kRangeTblRef: {
      Index rti = static_cast<const nodes::RangeTblRef&>(*node).rtindex;
      RelOptInfoPtr rel = root_->simple_rel_array[rti];
      SetBaseRelSizeAndPaths(rel.get());
      return rel;
    }
    case JoinTreeTag::kJoinExpr: {
      const auto& join = static_cast<const nodes::JoinExpr&>(*node);
      RelOptInfoPtr l = Build(join.larg);
      RelOptInfoPtr r = Build(join.rarg);
      return MakeOuterJoinRel(l, r, join.jointype, node.get());
    }
    case JoinTreeTag::kFromExpr: {
      const auto& from = static_cast<const nodes::FromExpr&>(*node);
      std::vector<RelOptInfoPtr> items;
      for (const auto& item : from.fromlist) {
        items.push_back(Build(item));
        ApplyWithin(items.back(), node.get());
      }
      return items.size() == 1 ? items[0] : JoinSearch(std::move(items), node.get());
    }
  }
  return nullptr;
}

// Inner JOINs are merged into the enclosing FROM list (deconstruct_jointree), so the join
// search may reorder them; outer joins stay as units.
nodes::JoinTreeNodePtr FlattenInnerJoins(const nodes::JoinTreeNodePtr& node) {
  if (!node) return node;
  auto merge_into = [](nodes::FromExpr* from, const nodes::JoinTreeNodePtr& item) {
    if (item->tag == JoinTreeTag::kFromExpr) {
      const auto& sub = static_cast<const nodes::FromExpr&>(*item);
      for (const auto& i : sub.fromlist) from->fromlist.push_back(i);
      from->quals = MakeAndsExplicit(MakeAndsImplicitAll({from->quals, sub.quals}));
    } else {
      from->fromlist.push_back(item);
    }
  };
  switch (node->tag) {
    case JoinTreeTag::kRangeTblRef:
      return node;
    case JoinTreeTag::kFromExpr: {
      const auto& from = static_cast<const nodes::FromExpr&>(*node);
      auto out = std::make_shared<nodes::FromExpr>();
      out->quals = from.quals;
      for (const auto& item : from.fromlist) merge_into(out.get(), FlattenInnerJoins(item));
      return out;
    }
    case JoinTreeTag::kJoinExpr: {
      const auto& join = static_cast<const nodes::JoinExpr&>(*node);
      if (join.jointype != nodes::JoinType::kInner) {
        auto out = std::make_shared<nodes::JoinExpr>(join);
        out->larg = FlattenInnerJoins(join.larg);
        out->rarg = FlattenInnerJoins(join.rarg);
        return out;
      }
      auto out = std::make_shared<nodes::FromExpr>();
      out->quals = join.quals;
      merge_into(out.get(), FlattenInnerJoins(join.larg));
      merge_into(out.get(), FlattenInnerJoins(join.rarg));
      return out;
    }
  }
  return node;
}

}  // namespace

RelOptInfoPtr QueryPlanner(PlannerInfo* root, const ExprList& upper_exprs, ExprList* gating_quals) {
  const nodes::Query& parse = *root->parse;
  // Vars needed above the scans: upper expressions plus every WHERE/ON clause (clauses that
  // end up as base-relation restrictions do not need their Vars in the target, but a
  // superset only costs width).
  std::vector<std::shared_ptr<nodes::Var>> needed;
  for (const auto& e : upper_exprs) PullVars(e, &needed);
  std::vector<std::shared_ptr<nodes::Var>> upper_vars = needed;
  std::function<void(const nodes::JoinTreeNodePtr&)> join_vars =
      [&](const nodes::JoinTreeNodePtr& n) {
        if (n->tag == JoinTreeTag::kJoinExpr) {
          const auto& j = static_cast<const nodes::JoinExpr&>(*n);
          join_vars(j.larg);
          join_vars(j.rarg);
          for (const auto& q : MakeAndsImplicit(j.quals)) {
            if (EvaluatedAtJoin(j.jointype == nodes::JoinType::kInner
                                    ? !SingleRelFilter(PullVarnos(q), NullableBelow(n))
                                    : !FiltersNullableSide(j, PullVarnos(q)),
                                PullVarnos(q))) {
              PullVars(q, &needed);
            }
          }
        } else if (n->tag == JoinTreeTag::kFromExpr) {
          const auto& f = static_cast<const nodes::FromExpr&>(*n);
          for (const auto& item : f.fromlist) join_vars(item);
          for (const auto& q : MakeAndsImplicit(f.quals)) {
            if (EvaluatedAtJoin(!SingleRelFilter(PullVarnos(q), NullableBelow(n)), PullVarnos(q))) {
              PullVars(q, &needed);
            }
          }
        }
      };
  join_vars(parse.jointree);
  for (const auto& rte : parse.rtable) {
    for (const auto& f : rte.functions) PullVars(f.funcexpr, &needed);  // LATERAL arguments
    if (rte.rtekind == nodes::RteKind::kSubquery && rte.lateral) {
      PullSubqueryOuterVars(*rte.subquery, &needed);
    }
  }

  auto final_rel = std::make_shared<RelOptInfo>();
  if (!parse.jointree || parse.jointree->fromlist.empty()) {
    // SELECT without FROM: a one-row relation; WHERE clauses become a one-time filter.
    final_rel->reloptkind = RelOptKind::kUpperRel;
    final_rel->rows = 1;
    if (parse.jointree) {
      for (const auto& q : MakeAndsImplicit(parse.jointree->quals)) gating_quals->push_back(q);
    }
    return final_rel;
  }
  root->simple_rel_array.assign(parse.rtable.size() + 1, nullptr);
  for (size_t i = 0; i < parse.rtable.size(); ++i) {
    auto rel = std::make_shared<RelOptInfo>();
    rel->relid = static_cast<Index>(i + 1);
    // Children of append relations (planner/prep/inherit.h) never join: numbers past the
    // Relids bitmap get none.
    rel->relids = rel->relid < 64 ? RelidsSingleton(rel->relid) : 0;
    rel->rtekind = parse.rtable[i].rtekind;
    root->simple_rel_array[i + 1] = rel;
  }
  size_t joinable = root->append_rel_list.empty() ? parse.rtable.size()
                                                  : root->append_rel_list.front().child_relid - 1;
  if (joinable >= 63) {
    throw Error(errcode::kProgramLimitExceeded, "too many range table entries in one query level");
  }
  nodes::JoinTreeNodePtr jointree = FlattenInnerJoins(parse.jointree);
  JoinTreeBuilder builder(root, needed, upper_vars);
  builder.Distribute(jointree, false, gating_quals);
  builder.PlaceEquivalenceFilters();
  builder.FillJoinInfo();
  return builder.Build(jointree);
}

}  // namespace hyrax::planner
