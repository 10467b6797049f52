// Index path generation (see indxpath.h).
#include "planner/path/indxpath.h"

#include <algorithm>

#include "executor/expr/expr_tree.h"
#include "planner/cost/cost_index.h"
#include "planner/cost/costsize.h"
#include "planner/path/clausesel.h"
#include "planner/path/joinpath_merge.h"
#include "planner/path/pathnode.h"
#include "planner/prep/clauses.h"
#include "storage/catalog/syscache.h"

namespace hyrax::planner {

namespace {

using nodes::NodeTag;

constexpr int kBtLess = 1, kBtEqual = 3, kBtGreater = 5;

// The Var under RelabelTypes (match_index_to_operand ignores binary-compatible casts).
const nodes::Var* StripVar(const ExprPtr& e) {
  const nodes::Expr* x = e.get();
  while (x->tag == NodeTag::kRelabelType) x = nodes::As<nodes::RelabelType>(x)->arg.get();
  return x->tag == NodeTag::kVar ? nodes::As<nodes::Var>(x) : nullptr;
}

bool IsIndexColumn(const ExprPtr& e, const RelOptInfo& rel, nodes::AttrNumber attno) {
  const nodes::Var* v = StripVar(e);
  return v != nullptr && v->varlevelsup == 0 && v->varno == rel.relid && v->varattno == attno;
}

// The comparison value side: no Vars of the indexed relation (only of `allowed`), nothing
// volatile, no sub-selects evaluated per row.
bool UsableValue(const ExprPtr& e, const RelOptInfo& rel, Relids allowed) {
  Relids varnos = PullVarnos(e);
  if ((varnos & rel.relids) != 0 || !RelidsIsSubset(varnos, allowed)) return false;
  bool bad = false;
  executor::WalkExpr(e, [&](const ExprPtr& n) {
    Oid func = kInvalidOid;
    if (n->tag == NodeTag::kFuncExpr) func = nodes::As<nodes::FuncExpr>(n)->funcid;
    if (n->tag == NodeTag::kOpExpr) func = nodes::As<nodes::OpExpr>(n)->opfuncid;
    if (n->tag == NodeTag::kSubLink || n->tag == NodeTag::kSubPlan || n->tag == NodeTag::kAggref)
      bad = true;
    if (n->tag == NodeTag::kVar && nodes::As<nodes::Var>(n)->varlevelsup > 0) bad = true;
    if (func != kInvalidOid) {
      auto proc = catalog::Syscache().ProcByOid(func);
      if (proc && proc->provolatile == 'v') bad = true;
    }
    return !bad;
  });
  return !bad;
}

int StrategyInFamily(Oid opno, Oid opfamily) {
  for (const auto& amop : catalog::Syscache().AmopsByOperator(opno)) {
    if (amop.amopfamily == opfamily && amop.amoppurpose == 's') return amop.amopstrategy;
  }
  return 0;
}

// match_clause_to_indexcol: the clause in "column op value" form when it can be an index
// qual of column `col`, else null.
ExprPtr MatchClauseToColumn(const RelOptInfo& rel, const IndexOptInfo& index, int col,
                            const ExprPtr& clause, Relids allowed) {
  nodes::AttrNumber attno = index.indexkeys[col];
  Oid idxcoll = index.indexcollations[col];
  if (clause->tag == NodeTag::kNullTest) {
    const auto& nt = *nodes::As<nodes::NullTest>(clause);
    if (nt.argisrow || !IsIndexColumn(nt.arg, rel, attno)) return nullptr;
    return clause;
  }
  if (clause->tag != NodeTag::kOpExpr) return nullptr;
  const auto& op = *nodes::As<nodes::OpExpr>(clause);
  if (op.args.size() != 2) return nullptr;
  if (idxcoll != kInvalidOid && idxcoll != op.inputcollid) return nullptr;
  if (IsIndexColumn(op.args[0], rel, attno) && UsableValue(op.args[1], rel, allowed)) {
    return StrategyInFamily(op.opno, index.opfamily[col]) != 0 ? clause : nullptr;
  }
  if (IsIndexColumn(op.args[1], rel, attno) && UsableValue(op.args[0], rel, allowed)) {
    auto oper = catalog::Syscache().OperatorByOid(op.opno);
    if (!oper || oper->oprcom == kInvalidOid) return nullptr;
    if (StrategyInFamily(oper->oprcom, index.opfamily[col]) == 0) return nullptr;
    auto com = catalog::Syscache().OperatorByOid(oper->oprcom);
    if (!com) return nullptr;
    auto swapped = std::make_shared<nodes::OpExpr>(op);
    swapped->opno = com->oid;
    swapped->opfuncid = com->oprcode;
    swapped->args = {op.args[1], op.args[0]};
    return swapped;
  }
  return nullptr;
}

std::vector<IndexClause> MatchClauses(const RelOptInfo& rel, const IndexOptInfo& index,
                                      const RestrictList& clauses, Relids allowed) {
  std::vector<IndexClause> out;
  for (int col = 0; col < index.nkeycolumns; ++col) {
    for (const auto& ri : clauses) {
      if (ri->pseudoconstant) continue;
      ExprPtr q = MatchClauseToColumn(rel, index, col, ri->clause, allowed);
      if (q) out.push_back({ri, q, col});
    }
  }
  return out;
}

// Does an '=' index clause with a value fix column `col`?
bool ColumnHasEquality(const IndexOptInfo& index, const std::vector<IndexClause>& clauses,
                       int col) {
  for (const auto& c : clauses) {
    if (c.indexcol != col || c.indexqual->tag != NodeTag::kOpExpr) continue;
    const auto& op = *nodes::As<nodes::OpExpr>(c.indexqual);
    if (StrategyInFamily(op.opno, index.opfamily[col]) == kBtEqual) return true;
  }
  return false;
}

// The ordering operator of strategy `strategy` for the column's own type.
Oid OrderingOperator(const IndexOptInfo& index, int col, int strategy) {
  for (const auto& amop : catalog::Syscache().AmopsOfFamily(index.opfamily[col])) {
    if (amop.amopstrategy == strategy && amop.amoplefttype == index.opcintype[col] &&
        amop.amoprighttype == index.opcintype[col]) {
      return amop.amopopr;
    }
  }
  return kInvalidOid;
}

// The query's ordering as this index scanned in `dir` delivers it (build_index_pathkeys
// + truncate_useless_pathkeys, simplified): the query's pathkeys when the index order
// satisfies all of them (columns fixed by '=' clauses may be skipped), else empty.
std::vector<PathKey> UsefulPathKeys(PlannerInfo* root, const RelOptInfo& rel,
                                    const IndexOptInfo& index,
                                    const std::vector<IndexClause>& clauses,
                                    nodes::ScanDirection dir) {
  const auto& want = root->query_pathkeys;
  if (want.empty()) return {};
  bool backward = dir == nodes::ScanDirection::kBackward;
  size_t k = 0;
  int col = 0;
  while (k < want.size() && col < index.nkeycolumns) {
    const PathKey& key = want[k];
    bool desc = index.reverse_sort[col] != backward;
    Oid sortop = OrderingOperator(index, col, desc ? kBtGreater : kBtLess);
    bool nulls_first = index.nulls_first[col] != backward;
    const nodes::Var* v =
        key.expr->tag == NodeTag::kVar ? nodes::As<nodes::Var>(key.expr) : nullptr;
    bool same_column = v != nullptr && v->varlevelsup == 0 && v->varno == rel.relid &&
                       v->varattno == index.indexkeys[col];
    if (same_column && key.sortop == sortop && key.nulls_first == nulls_first &&
        (index.indexcollations[col] == kInvalidOid ||
         key.collation == index.indexcollations[col])) {
      ++k;
      ++col;
    } else if (ColumnHasEquality(index, clauses, col)) {
      ++col;
    } else {
      break;
    }
  }
  if (k < want.size()) return {};
  return want;
}

// The leading index columns that merge joins of this relation could use as their sort
// order (pathkeys_useful_for_merging): each column in turn must be the relation's side of a
// merge-joinable join clause of the index column's operator family.
std::vector<PathKey> MergePathKeys(const RelOptInfo& rel, const IndexOptInfo& index) {
  std::vector<PathKey> keys;
  for (int col = 0; col < index.nkeycolumns; ++col) {
    if (index.reverse_sort[col] || index.nulls_first[col]) break;
    bool found = false;
    for (const auto& ri : rel.joininfo) {
      bool all_mergeable = false;
      for (const auto& mc : SelectMergeClauses({ri}, rel.relids, ri->required_relids & ~rel.relids,
                                               &all_mergeable)) {
        const nodes::ExprPtr& key = mc.outer_key.expr;
        const nodes::Var* v = key->tag == NodeTag::kVar ? nodes::As<nodes::Var>(key) : nullptr;
        if (found || v == nullptr || v->varattno != index.indexkeys[col] ||
            mc.opfamily != index.opfamily[col] ||
            (index.indexcollations[col] != kInvalidOid &&
             mc.outer_key.collation != index.indexcollations[col])) {
          continue;
        }
        keys.push_back(mc.outer_key);
        found = true;
      }
    }
    if (!found) break;
  }
  return keys;
}

// check_index_only: every column the scan must produce or test is stored in the index.
bool IndexCanReturnAll(const RelOptInfo& rel, const IndexOptInfo& index,
                       const RestrictList& extra) {
  if (!g_enable_indexonlyscan) return false;
  std::vector<std::shared_ptr<nodes::Var>> vars;
  for (const auto& e : rel.reltarget.exprs) PullVars(e, &vars);
  for (const auto& ri : rel.baserestrictinfo) PullVars(ri->clause, &vars);
  for (const auto& ri : extra) PullVars(ri->clause, &vars);
  for (const auto& v : vars) {
    if (v->varno != rel.relid) continue;
    if (v->varattno <= 0) return false;
    if (std::find(index.indexkeys.begin(), index.indexkeys.end(), v->varattno) ==
        index.indexkeys.end()) {
      return false;
    }
  }
  return true;
}

std::shared_ptr<IndexPath> MakeIndexPath(PlannerInfo* root, RelOptInfo* rel,
                                         const IndexOptInfoPtr& index,
                                         std::vector<IndexClause> clauses,
                                         std::vector<PathKey> pathkeys, nodes::ScanDirection dir,
                                         bool indexonly, Relids required_outer, double loop_count,
                                         const RestrictList& extra, double param_rows) {
  auto path = std::make_shared<IndexPath>(indexonly ? nodes::PlanTag::kIndexOnlyScan
                                                    : nodes::PlanTag::kIndexScan);
  path->parent = rel;
  path->pathtarget = std::make_shared<PathTarget>(rel->reltarget);
  path->indexinfo = index;
  path->indexclauses = std::move(clauses);
  path->pathkeys = std::move(pathkeys);
  path->indexscandir = dir;
  path->required_outer = required_outer;
  path->loop_count = loop_count;
  CostIndex(root, path.get(), extra, param_rows);
  return path;
}

}  // namespace

void CreateIndexPaths(PlannerInfo* root, RelOptInfo* rel) {
  root->total_table_pages += rel->pages;
  for (const auto& index : rel->indexlist) {
    std::vector<IndexClause> clauses = MatchClauses(*rel, *index, rel->baserestrictinfo, 0);
    std::vector<PathKey> forward =
        UsefulPathKeys(root, *rel, *index, clauses, nodes::ScanDirection::kForward);
    if (forward.empty()) forward = MergePathKeys(*rel, *index);
    bool indexonly = IndexCanReturnAll(*rel, *index, {});
    if (!clauses.empty() || !forward.empty() || indexonly) {
      AddPath(rel, MakeIndexPath(root, rel, index, clauses, forward, nodes::ScanDirection::kForward,
                                 indexonly, 0, 1, {}, 0));
    }
    std::vector<PathKey> backward =
        UsefulPathKeys(root, *rel, *index, clauses, nodes::ScanDirection::kBackward);
    if (!backward.empty()) {
      AddPath(rel, MakeIndexPath(root, rel, index, clauses, backward,
                                 nodes::ScanDirection::kBackward, indexonly, 0, 1, {}, 0));
    }
  }
}

PathPtr BestParamIndexPath(PlannerInfo* root, RelOptInfo* rel, Relids outer_relids,
                           const RestrictList& join_clauses, double outer_rows) {
  if (rel->reloptkind != RelOptKind::kBaseRel || rel->rtekind != nodes::RteKind::kRelation ||
      rel->indexlist.empty()) {
    return nullptr;
  }
  // Only "inner column = outer expression" join clauses can be pushed into the scan.
  RestrictList usable;
  for (const auto& ri : join_clauses) {
    if (ri->clause->tag != NodeTag::kOpExpr) continue;
    if (!RelidsIsSubset(ri->required_relids, outer_relids | rel->relids)) continue;
    usable.push_back(ri);
  }
  if (usable.empty()) return nullptr;
  PathPtr best;
  for (const auto& index : rel->indexlist) {
    std::vector<IndexClause> join_matches = MatchClauses(*rel, *index, usable, outer_relids);
    // Equality join clauses only (as PostgreSQL's equivalence-class join clauses).
    std::vector<IndexClause> eq;
    for (auto& c : join_matches) {
      if (c.indexqual->tag == NodeTag::kOpExpr &&
          StrategyInFamily(nodes::As<nodes::OpExpr>(c.indexqual)->opno,
                           index->opfamily[c.indexcol]) == kBtEqual) {
        eq.push_back(c);
      }
    }
    if (eq.empty()) continue;
    std::vector<IndexClause> all = MatchClauses(*rel, *index, rel->baserestrictinfo, 0);
    for (auto& c : eq) all.push_back(c);
    std::stable_sort(all.begin(), all.end(), [](const IndexClause& a, const IndexClause& b) {
      return a.indexcol < b.indexcol;
    });
    RestrictList moved;
    for (const auto& c : eq) moved.push_back(c.rinfo);
    // get_parameterized_baserel_size: the restrictions and the moved join clauses.
    ExprList sel_clauses;
    for (const auto& ri : rel->baserestrictinfo) sel_clauses.push_back(ri->clause);
    double sel = ClauseListSelectivity(root, sel_clauses);
    for (const auto& ri : moved) sel *= JoinClauseSelectivity(root, ri->clause);
    double rows = ClampRowEst(rel->tuples * sel);
    bool indexonly = IndexCanReturnAll(*rel, *index, moved);
    // get_loop_count: the scan repeats about as often as the smallest outer base relation
    // it takes values from has rows (PostgreSQL's estimate, whatever the outer join size).
    Relids required = 0;
    for (const auto& ri : moved) required |= ri->required_relids & ~rel->relids;
    double loop_count = 0;
    for (Index rti = 1; rti < root->simple_rel_array.size() && rti < 64; ++rti) {
      const RelOptInfo* outer = root->simple_rel_array[rti].get();
      if ((required & RelidsSingleton(rti)) == 0 || outer == nullptr || outer->rows <= 0) continue;
      if (loop_count == 0 || outer->rows < loop_count) loop_count = outer->rows;
    }
    if (loop_count == 0) loop_count = std::max(outer_rows, 1.0);
    auto path = MakeIndexPath(root, rel, index, all, {}, nodes::ScanDirection::kForward, indexonly,
                              required, loop_count, moved, rows);
    if (!best || path->total_cost < best->total_cost) best = path;
  }
  return best;
}

}  // namespace hyrax::planner
