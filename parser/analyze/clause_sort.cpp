// ORDER BY, GROUP BY, DISTINCT [ON], WHERE and LIMIT (see clause.h). Follows PostgreSQL's
// findTargetlistEntrySQL92/SQL99, addTargetToSortList, addTargetToGroupList,
// transformGroupClause(Expr), transformDistinct[On]Clause, transformLimitClause and
// get_sort_group_operators.
#include <algorithm>

#include "nodes/node_funcs.h"
#include "parser/analyze/analyze_expr.h"
#include "parser/analyze/clause.h"
#include "parser/analyze/coerce.h"
#include "parser/analyze/format_type.h"
#include "parser/analyze/oper_resolution.h"
#include "parser/analyze/scope.h"
#include "parser/analyze/target_list.h"
#include "parser/analyze/type_info.h"
#include "parser/analyze/type_oids.h"
#include "storage/catalog/syscache.h"

namespace hyrax::parser {

using nodes::SortGroupClause;
using nodes::TargetEntry;
using nodes::TargetList;

namespace {

bool ContainsNode(const ExprPtr& e, nodes::NodeTag tag, int* location) {
  return nodes::WalkExprTree(e, [&](const nodes::Expr& n, int) {
    if (n.tag != tag) return false;
    if (location) *location = n.location;
    return true;
  });
}

void CheckSql92Entry(ParseState& ps, const TargetEntry& tle, ExprKind kind) {
  if (kind != ExprKind::kGroupBy) return;
  int loc = -1;
  // GROUPING() counts as an aggregate here (PostgreSQL's contain_aggs_of_level).
  if (ContainsNode(tle.expr, nodes::NodeTag::kAggref, &loc) ||
      ContainsNode(tle.expr, nodes::NodeTag::kGroupingFunc, &loc)) {
    ThrowAt(ps,
            MakeError(errcode::kGroupingError, "aggregate functions are not allowed in {}",
                      ExprKindName(kind)),
            loc);
  }
  if (ContainsNode(tle.expr, nodes::NodeTag::kWindowFunc, &loc)) {
    ThrowAt(ps,
            MakeError(errcode::kWindowingError, "window functions are not allowed in {}",
                      ExprKindName(kind)),
            loc);
  }
}

size_t FindTargetlistEntrySQL99(ParseState& ps, const raw::Node* node, TargetList& tlist,
                                ExprKind kind) {
  ExprPtr expr = TransformExpr(ps, node, kind);
  for (size_t i = 0; i < tlist.size(); ++i) {
    if (nodes::ExprEqual(expr, StripImplicitCoercions(tlist[i].expr))) return i;
  }
  tlist.push_back(TransformTargetEntry(ps, node, expr, kind, nullptr, true));
  return tlist.size() - 1;
}

size_t FindTargetlistEntrySQL92(ParseState& ps, const raw::Node* node, TargetList& tlist,
                                ExprKind kind) {
  if (raw::Is(node, PG_QUERY__NODE__NODE_COLUMN_REF) && node->column_ref->n_fields == 1 &&
      raw::Is(node->column_ref->fields[0], PG_QUERY__NODE__NODE_STRING)) {
    std::string name(raw::StrVal(node->column_ref->fields[0]));
    int location = node->column_ref->location;
    bool use_name = true;
    // In GROUP BY an input column wins over an output column name.
    if (kind == ExprKind::kGroupBy && ColNameToVar(ps, name, true, location)) use_name = false;
    if (use_name) {
      std::optional<size_t> found;
      for (size_t i = 0; i < tlist.size(); ++i) {
        if (tlist[i].resjunk || tlist[i].resname != name) continue;
        if (found) {
          if (!nodes::ExprEqual(tlist[*found].expr, tlist[i].expr)) {
            ThrowAt(ps,
                    MakeError(errcode::kAmbiguousColumn, "{} \"{}\" is ambiguous",
                              ExprKindName(kind), name),
                    location);
          }
        } else {
          found = i;
        }
      }
      if (found) {
        CheckSql92Entry(ps, tlist[*found], kind);
        return *found;
      }
    }
  }
  if (raw::Is(node, PG_QUERY__NODE__NODE_A_CONST)) {
    const PgQuery__AConst* ac = node->a_const;
    if (ac->isnull || ac->val_case != PG_QUERY__A__CONST__VAL_IVAL) {
      ThrowAt(ps,
              MakeError(errcode::kSyntaxError, "non-integer constant in {}", ExprKindName(kind)),
              ac->location);
    }
    int target_pos = ac->ival->ival;
    int pos = 0;
    for (size_t i = 0; i < tlist.size(); ++i) {
      if (tlist[i].resjunk) continue;
      if (++pos == target_pos) {
        CheckSql92Entry(ps, tlist[i], kind);
        return i;
      }
    }
    ThrowAt(ps,
            MakeError(errcode::kInvalidColumnReference, "{} position {} is not in select list",
                      ExprKindName(kind), target_pos),
            ac->location);
  }
  return FindTargetlistEntrySQL99(ps, node, tlist, kind);
}

Index AssignSortGroupRef(size_t tle_index, TargetList& tlist) {
  if (tlist[tle_index].ressortgroupref != 0) return tlist[tle_index].ressortgroupref;
  Index max_ref = 0;
  for (const auto& t : tlist) max_ref = std::max(max_ref, t.ressortgroupref);
  tlist[tle_index].ressortgroupref = max_ref + 1;
  return max_ref + 1;
}

Oid Commutator(Oid op) {
  auto row = catalog::Syscache().OperatorByOid(op);
  return row ? row->oprcom : kInvalidOid;
}

bool TargetIsInSortList(const TargetEntry& tle, Oid sortop,
                        const std::vector<SortGroupClause>& list) {
  if (tle.ressortgroupref == 0) return false;
  for (const auto& scl : list) {
    if (scl.tleSortGroupRef == tle.ressortgroupref &&
        (sortop == kInvalidOid || sortop == scl.sortop || sortop == Commutator(scl.sortop))) {
      return true;
    }
  }
  return false;
}

void ResolveUnknownToText(ParseState& ps, TargetEntry& tle) {
  if (tle.expr->result_type == kUnknownOid) {
    tle.expr = CoerceType(ps, tle.expr, kUnknownOid, kTextOid, -1, CoercionContext::kImplicit,
                          nodes::CoercionForm::kImplicitCast, -1);
  }
}

// The btree family's ordering operator for USING op: its equality operator and whether it
// sorts descending; kInvalidOid when `op` is not a btree < or >.
Oid EqualityOpForOrderingOp(Oid op, bool* reverse) {
  for (const auto& amop : catalog::Syscache().AmopsByOperator(op)) {
    if (amop.amopmethod != catalog::kBtreeAmOid || amop.amoppurpose != 's') continue;
    if (amop.amopstrategy != 1 && amop.amopstrategy != 5) continue;
    *reverse = amop.amopstrategy == 5;
    for (const auto& other : catalog::Syscache().AmopsOfFamily(amop.amopfamily)) {
      if (other.amopstrategy == 3 && other.amoplefttype == amop.amoplefttype &&
          other.amoprighttype == amop.amoprighttype) {
        return other.amopopr;
      }
    }
  }
  return kInvalidOid;
}

}  // namespace

void AddTargetToSortList(ParseState& ps, size_t tle_index, std::vector<SortGroupClause>& list,
                         TargetList& tlist, const PgQuery__SortBy* sortby) {
  ResolveUnknownToText(ps, tlist[tle_index]);
  Oid restype = tlist[tle_index].expr->result_type;
  int location = sortby->location >= 0 ? sortby->location : -1;
  if (location < 0 && raw::Is(sortby->node, PG_QUERY__NODE__NODE_COLUMN_REF)) {
    location = sortby->node->column_ref->location;
  }
  Oid sortop = kInvalidOid, eqop = kInvalidOid;
  bool hashable = false, reverse = false;
  WithErrorPosition(
      ps, location >= 0 ? location : nodes::ExprLocation(tlist[tle_index].expr.get()), [&] {
        switch (sortby->sortby_dir) {
          case PG_QUERY__SORT_BY_DIR__SORTBY_DESC: {
            SortGroupOps ops = GetSortGroupOperators(restype, false, true, true);
            sortop = ops.gt;
            eqop = ops.eq;
            hashable = ops.hashable;
            reverse = true;
            break;
          }
          case PG_QUERY__SORT_BY_DIR__SORTBY_USING: {
            std::vector<std::string> opname = NameList(raw::Span(sortby->n_use_op, sortby->use_op));
            auto op = Oper(ps, opname, restype, restype, false, location);
            sortop = op->oid;
            eqop = EqualityOpForOrderingOp(sortop, &reverse);
            if (eqop == kInvalidOid) {
              throw MakeError(errcode::kWrongObjectType,
                              "operator {} is not a valid ordering operator", opname.back())
                  .Hint(
                      "Ordering operators must be \"<\" or \">\" members of btree operator "
                      "families.");
            }
            auto eqrow = catalog::Syscache().OperatorByOid(eqop);
            hashable = eqrow && eqrow->oprcanhash;
            break;
          }
          default: {
            SortGroupOps ops = GetSortGroupOperators(restype, true, true, false);
            sortop = ops.lt;
            eqop = ops.eq;
            hashable = ops.hashable;
            break;
          }
        }
        return 0;
      });
  if (TargetIsInSortList(tlist[tle_index], sortop, list)) return;
  SortGroupClause scl;
  scl.tleSortGroupRef = AssignSortGroupRef(tle_index, tlist);
  scl.eqop = eqop;
  scl.sortop = sortop;
  scl.hashable = hashable;
  switch (sortby->sortby_nulls) {
    case PG_QUERY__SORT_BY_NULLS__SORTBY_NULLS_FIRST:
      scl.nulls_first = true;
      break;
    case PG_QUERY__SORT_BY_NULLS__SORTBY_NULLS_LAST:
      scl.nulls_first = false;
      break;
    default:
      scl.nulls_first = reverse;
      break;
  }
  list.push_back(scl);
}

namespace {

Index TransformGroupClauseExpr(ParseState& ps, std::vector<SortGroupClause>& flat,
                               std::vector<Index>& seen_local, const raw::Node* gexpr,
                               TargetList& tlist, const std::vector<SortGroupClause>& sort_clause,
                               ExprKind kind, bool use_sql99, bool toplevel) {
  size_t idx = use_sql99 ? FindTargetlistEntrySQL99(ps, gexpr, tlist, kind)
                         : FindTargetlistEntrySQL92(ps, gexpr, tlist, kind);
  bool found = false;
  Index ref = tlist[idx].ressortgroupref;
  if (ref > 0) {
    if (std::find(seen_local.begin(), seen_local.end(), ref) != seen_local.end()) return 0;
    if (TargetIsInSortList(tlist[idx], kInvalidOid, flat)) return ref;
    for (const auto& sc : sort_clause) {
      if (sc.tleSortGroupRef == ref) {
        SortGroupClause copy = sc;
        if (!toplevel) copy.nulls_first = false;
        flat.push_back(copy);
        found = true;
        break;
      }
    }
  }
  if (!found) AddTargetToGroupList(ps, idx, flat, tlist, -1);
  return tlist[idx].ressortgroupref;
}

nodes::GroupingSet TransformGroupingSet(ParseState& ps, std::vector<SortGroupClause>& flat,
                                        const PgQuery__GroupingSet* gs, TargetList& tlist,
                                        const std::vector<SortGroupClause>& sort_clause,
                                        ExprKind kind, bool use_sql99, bool toplevel);

// One item of a grouping-set content list: an expression (simple set of one), a row of
// expressions (simple set) or a nested GroupingSet.
nodes::GroupingSet TransformGroupingItem(ParseState& ps, std::vector<SortGroupClause>& flat,
                                         const raw::Node* n, TargetList& tlist,
                                         const std::vector<SortGroupClause>& sort_clause,
                                         ExprKind kind, bool use_sql99) {
  if (raw::Is(n, PG_QUERY__NODE__NODE_GROUPING_SET)) {
    return TransformGroupingSet(ps, flat, n->grouping_set, tlist, sort_clause, kind, use_sql99,
                                false);
  }
  nodes::GroupingSet simple;
  simple.kind = nodes::GroupingSetKind::kSimple;
  std::vector<Index> unused;
  if (raw::Is(n, PG_QUERY__NODE__NODE_ROW_EXPR)) {
    for (const raw::Node* e : raw::Span(n->row_expr->n_args, n->row_expr->args)) {
      simple.refs.push_back(TransformGroupClauseExpr(ps, flat, unused, e, tlist, sort_clause, kind,
                                                     use_sql99, false));
    }
  } else {
    simple.refs.push_back(
        TransformGroupClauseExpr(ps, flat, unused, n, tlist, sort_clause, kind, use_sql99, false));
  }
  return simple;
}

nodes::GroupingSet TransformGroupingSet(ParseState& ps, std::vector<SortGroupClause>& flat,
                                        const PgQuery__GroupingSet* gs, TargetList& tlist,
                                        const std::vector<SortGroupClause>& sort_clause,
                                        ExprKind kind, bool use_sql99, bool toplevel) {
  nodes::GroupingSet result;
  switch (gs->kind) {
    case PG_QUERY__GROUPING_SET_KIND__GROUPING_SET_EMPTY:
      result.kind = nodes::GroupingSetKind::kEmpty;
      break;
    case PG_QUERY__GROUPING_SET_KIND__GROUPING_SET_ROLLUP:
      result.kind = nodes::GroupingSetKind::kRollup;
      break;
    case PG_QUERY__GROUPING_SET_KIND__GROUPING_SET_CUBE:
      result.kind = nodes::GroupingSetKind::kCube;
      break;
    case PG_QUERY__GROUPING_SET_KIND__GROUPING_SET_SETS:
      result.kind = nodes::GroupingSetKind::kSets;
      break;
    default:
      result.kind = nodes::GroupingSetKind::kSimple;
      break;
  }
  for (const raw::Node* n : raw::Span(gs->n_content, gs->content)) {
    result.content.push_back(
        TransformGroupingItem(ps, flat, n, tlist, sort_clause, kind, use_sql99));
  }
  (void)toplevel;
  return result;
}

}  // namespace

ExprPtr StripImplicitCoercions(const ExprPtr& e) {
  if (!e) return e;
  switch (e->tag) {
    case nodes::NodeTag::kFuncExpr: {
      auto* f = nodes::As<nodes::FuncExpr>(e);
      if (f->funcformat == nodes::CoercionForm::kImplicitCast)
        return StripImplicitCoercions(f->args[0]);
      return e;
    }
    case nodes::NodeTag::kRelabelType: {
      auto* r = nodes::As<nodes::RelabelType>(e);
      if (r->relabelformat == nodes::CoercionForm::kImplicitCast)
        return StripImplicitCoercions(r->arg);
      return e;
    }
    case nodes::NodeTag::kCoerceViaIO: {
      auto* c = nodes::As<nodes::CoerceViaIO>(e);
      if (c->coerceformat == nodes::CoercionForm::kImplicitCast)
        return StripImplicitCoercions(c->arg);
      return e;
    }
    case nodes::NodeTag::kArrayCoerceExpr: {
      auto* c = nodes::As<nodes::ArrayCoerceExpr>(e);
      if (c->coerceformat == nodes::CoercionForm::kImplicitCast)
        return StripImplicitCoercions(c->arg);
      return e;
    }
    case nodes::NodeTag::kCoerceToDomain: {
      auto* c = nodes::As<nodes::CoerceToDomain>(e);
      if (c->coercionformat == nodes::CoercionForm::kImplicitCast)
        return StripImplicitCoercions(c->arg);
      return e;
    }
    default:
      return e;
  }
}

SortGroupOps GetSortGroupOperators(Oid type, bool need_lt, bool need_eq, bool need_gt) {
  SortGroupOps ops;
  auto& cache = catalog::Syscache();
  auto member = [&](Oid family, Oid left, Oid right, int strategy) -> Oid {
    for (const auto& amop : cache.AmopsOfFamily(family)) {
      if (amop.amoplefttype == left && amop.amoprighttype == right &&
          amop.amopstrategy == strategy && amop.amoppurpose == 's') {
        return amop.amopopr;
      }
    }
    return kInvalidOid;
  };
  if (auto btree = DefaultOpclassFor(catalog::kBtreeAmOid, type)) {
    ops.lt = member(btree->opcfamily, btree->opcintype, btree->opcintype, 1);
    ops.eq = member(btree->opcfamily, btree->opcintype, btree->opcintype, 3);
    ops.gt = member(btree->opcfamily, btree->opcintype, btree->opcintype, 5);
  }
  if (auto hash = DefaultOpclassFor(catalog::kHashAmOid, type)) {
    Oid hash_eq = member(hash->opcfamily, hash->opcintype, hash->opcintype, 1);
    if (ops.eq == kInvalidOid) ops.eq = hash_eq;
    ops.hashable = hash_eq != kInvalidOid;
  }
  // An array's operator classes (array_ops) cover every element type, but an array orders,
  // compares or hashes only when its element type does (PostgreSQL's typcache checks):
  // money[] sorts but cannot be hashed.
  if (auto t = cache.TypeByOid(type); t && t->typcategory == 'A' && t->typelem != kInvalidOid) {
    SortGroupOps element = GetSortGroupOperators(t->typelem, false, false, false);
    if (element.lt == kInvalidOid) ops.lt = kInvalidOid;
    if (element.gt == kInvalidOid) ops.gt = kInvalidOid;
    if (element.eq == kInvalidOid) ops.eq = kInvalidOid;
    ops.hashable = ops.hashable && element.hashable;
  }
  if ((need_lt && ops.lt == kInvalidOid) || (need_gt && ops.gt == kInvalidOid)) {
    throw MakeError(errcode::kUndefinedFunction,
                    "could not identify an ordering operator for type {}", FormatTypeBe(type))
        .Hint("Use an explicit ordering operator or modify the query.");
  }
  if (need_eq && ops.eq == kInvalidOid) {
    throw MakeError(errcode::kUndefinedFunction,
                    "could not identify an equality operator for type {}", FormatTypeBe(type));
  }
  return ops;
}

const TargetEntry* GetSortGroupClauseTle(const SortGroupClause& clause, const TargetList& tlist) {
  for (const auto& tle : tlist) {
    if (tle.ressortgroupref == clause.tleSortGroupRef) return &tle;
  }
  return nullptr;
}

void AddTargetToGroupList(ParseState& ps, size_t tle_index, std::vector<SortGroupClause>& list,
                          TargetList& tlist, int location) {
  ResolveUnknownToText(ps, tlist[tle_index]);
  if (TargetIsInSortList(tlist[tle_index], kInvalidOid, list)) return;
  Oid restype = tlist[tle_index].expr->result_type;
  if (location < 0) location = nodes::ExprLocation(tlist[tle_index].expr.get());
  SortGroupOps ops = WithErrorPosition(
      ps, location, [&] { return GetSortGroupOperators(restype, false, true, false); });
  SortGroupClause g;
  g.tleSortGroupRef = AssignSortGroupRef(tle_index, tlist);
  g.eqop = ops.eq;
  g.sortop = ops.lt;
  g.nulls_first = false;
  g.hashable = ops.hashable;
  list.push_back(g);
}

ExprPtr TransformWhereClause(ParseState& ps, const raw::Node* clause, ExprKind kind,
                             const char* construct) {
  if (clause == nullptr) return nullptr;
  return CoerceToBoolean(ps, TransformExpr(ps, clause, kind), construct);
}

void CheckExprIsVarFree(ParseState& ps, const ExprPtr& expr, const char* construct) {
  int var_location = -1;
  bool has_var = nodes::WalkExprTree(
      expr,
      [&](const nodes::Expr& n, int levels) {
        if (n.tag == nodes::NodeTag::kVar &&
            nodes::As<nodes::Var>(&n)->varlevelsup == static_cast<Index>(levels)) {
          var_location = n.location;
          return true;
        }
        return false;
      },
      true);
  if (has_var) {
    ThrowAt(ps,
            MakeError(errcode::kInvalidColumnReference, "argument of {} must not contain variables",
                      construct),
            var_location);
  }
}

ExprPtr TransformLimitClause(ParseState& ps, const raw::Node* clause, ExprKind kind,
                             const char* construct, nodes::LimitOption option) {
  if (clause == nullptr) return nullptr;
  ExprPtr qual = CoerceToSpecificType(ps, TransformExpr(ps, clause, kind), kInt8Oid, construct);
  CheckExprIsVarFree(ps, qual, construct);
  if (kind == ExprKind::kLimit && option == nodes::LimitOption::kWithTies &&
      raw::Is(clause, PG_QUERY__NODE__NODE_A_CONST) && clause->a_const->isnull) {
    throw Error(errcode::kInvalidRowCountInLimitClause,
                "row count cannot be null in FETCH FIRST ... WITH TIES clause");
  }
  return qual;
}

std::vector<SortGroupClause> TransformSortClause(ParseState& ps, raw::NodeSpan order_list,
                                                 TargetList& tlist, ExprKind kind, bool use_sql99) {
  std::vector<SortGroupClause> out;
  for (const raw::Node* item : order_list) {
    const PgQuery__SortBy* sortby = item->sort_by;
    size_t idx = use_sql99 ? FindTargetlistEntrySQL99(ps, sortby->node, tlist, kind)
                           : FindTargetlistEntrySQL92(ps, sortby->node, tlist, kind);
    AddTargetToSortList(ps, idx, out, tlist, sortby);
  }
  return out;
}

std::vector<SortGroupClause> TransformGroupClause(ParseState& ps, raw::NodeSpan group_list,
                                                  std::vector<nodes::GroupingSet>* grouping_sets,
                                                  TargetList& tlist,
                                                  const std::vector<SortGroupClause>& sort_clause,
                                                  ExprKind kind, bool use_sql99) {
  std::vector<SortGroupClause> flat;
  std::vector<Index> seen_local;
  bool has_sets = false;
  for (const raw::Node* g : group_list) has_sets |= raw::Is(g, PG_QUERY__NODE__NODE_GROUPING_SET);
  std::vector<nodes::GroupingSet> sets;
  for (const raw::Node* g : group_list) {
    if (raw::Is(g, PG_QUERY__NODE__NODE_GROUPING_SET)) {
      sets.push_back(TransformGroupingSet(ps, flat, g->grouping_set, tlist, sort_clause, kind,
                                          use_sql99, true));
      continue;
    }
    Index ref = TransformGroupClauseExpr(ps, flat, seen_local, g, tlist, sort_clause, kind,
                                         use_sql99, true);
    if (ref > 0) {
      seen_local.push_back(ref);
      if (has_sets) {
        nodes::GroupingSet simple;
        simple.refs = {ref};
        sets.push_back(simple);
      }
    }
  }
  if (grouping_sets) *grouping_sets = std::move(sets);
  return flat;
}

std::vector<SortGroupClause> TransformDistinctClause(
    ParseState& ps, TargetList& tlist, const std::vector<SortGroupClause>& sort_clause,
    bool is_agg) {
  std::vector<SortGroupClause> out;
  for (const auto& scl : sort_clause) {
    const TargetEntry* tle = GetSortGroupClauseTle(scl, tlist);
    if (tle->resjunk) {
      ThrowAt(
          ps,
          Error(errcode::kInvalidColumnReference,
                is_agg ? "in an aggregate with DISTINCT, ORDER BY expressions must appear in "
                         "argument list"
                       : "for SELECT DISTINCT, ORDER BY expressions must appear in select list"),
          nodes::ExprLocation(tle->expr.get()));
    }
    out.push_back(scl);
  }
  for (size_t i = 0; i < tlist.size(); ++i) {
    if (tlist[i].resjunk) continue;
    AddTargetToGroupList(ps, i, out, tlist, nodes::ExprLocation(tlist[i].expr.get()));
  }
  if (out.empty()) {
    throw Error(errcode::kSyntaxError,
                is_agg ? "an aggregate with DISTINCT must have at least one argument"
                       : "SELECT DISTINCT must have at least one column");
  }
  return out;
}

std::vector<SortGroupClause> TransformDistinctOnClause(
    ParseState& ps, raw::NodeSpan distinct_list, TargetList& tlist,
    const std::vector<SortGroupClause>& sort_clause) {
  std::vector<Index> refs;
  std::vector<int> locations;
  for (const raw::Node* d : distinct_list) {
    size_t idx = FindTargetlistEntrySQL92(ps, d, tlist, ExprKind::kDistinctOn);
    refs.push_back(AssignSortGroupRef(idx, tlist));
    locations.push_back(raw::RawLocation(d));  // the DISTINCT ON item, as transformDistinctOnClause
  }
  std::vector<SortGroupClause> out;
  bool skipped = false;
  for (const auto& scl : sort_clause) {
    auto it = std::find(refs.begin(), refs.end(), scl.tleSortGroupRef);
    if (it == refs.end()) {
      skipped = true;
      continue;
    }
    if (skipped) {
      ThrowAt(ps,
              Error(errcode::kInvalidColumnReference,
                    "SELECT DISTINCT ON expressions must match initial ORDER BY expressions"),
              locations[it - refs.begin()]);
    }
    out.push_back(scl);
  }
  for (size_t i = 0; i < refs.size(); ++i) {
    size_t idx = 0;
    while (tlist[idx].ressortgroupref != refs[i]) ++idx;
    if (TargetIsInSortList(tlist[idx], kInvalidOid, out)) continue;
    if (skipped) {
      ThrowAt(ps,
              Error(errcode::kInvalidColumnReference,
                    "SELECT DISTINCT ON expressions must match initial ORDER BY expressions"),
              locations[i]);
    }
    AddTargetToGroupList(ps, idx, out, tlist, locations[i]);
  }
  return out;
}

}  // namespace hyrax::parser
