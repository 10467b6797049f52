// FROM clause and the target table of INSERT/UPDATE/DELETE (see clause.h). Follows
// PostgreSQL's transformFromClause / transformFromClauseItem, including LATERAL
// visibility, JOIN ... USING/NATURAL with merged columns (buildMergedJoinVar), JOIN USING
// aliases, and setTargetTable.
#include <algorithm>

#include "nodes/make_nodes.h"
#include "nodes/node_funcs.h"
#include "parser/analyze/analyze_expr.h"
#include "parser/analyze/analyze_stmt.h"
#include "parser/analyze/clause.h"
#include "parser/analyze/coerce.h"
#include "parser/analyze/collate.h"
#include "parser/analyze/from_function.h"
#include "parser/analyze/oper_resolution.h"
#include "parser/analyze/scope.h"
#include "parser/analyze/type_oids.h"
#include "parser/analyze/view_expansion.h"
#include "parser/analyze/view_updatability.h"
#include "storage/lmgr/lock_manager.h"

namespace hyrax::parser {

using nodes::JoinType;
using nodes::RangeTblEntry;

namespace {

// What one FROM item contributes: its join-tree node, the range-table index whose columns
// it exposes (relation, sub-select, function or join RTE), and its namespace items.
struct FromItem {
  nodes::JoinTreeNodePtr node;
  Index rtindex = 0;
  std::vector<NamespaceItem> names;
};

std::optional<nodes::Alias> ToAlias(const PgQuery__Alias* a) {
  if (a == nullptr) return std::nullopt;
  nodes::Alias alias;
  alias.aliasname = raw::Str(a->aliasname);
  alias.colnames = raw::StringList(raw::Span(a->n_colnames, a->colnames));
  return alias;
}

void SetLateralState(std::vector<NamespaceItem>& items, bool lateral_only, bool lateral_ok) {
  for (auto& item : items) {
    item.lateral_only = lateral_only;
    item.lateral_ok = lateral_ok;
  }
}

// Checks that two namespace lists do not expose the same table name (PostgreSQL's
// checkNameSpaceConflicts).
void CheckNameConflicts(ParseState& ps, const std::vector<NamespaceItem>& a,
                        const std::vector<NamespaceItem>& b, int location) {
  for (const auto& x : a) {
    if (!x.rel_visible) continue;
    for (const auto& y : b) {
      if (!y.rel_visible) continue;
      if (ItemRefname(ps, x) != ItemRefname(ps, y)) continue;
      const RangeTblEntry& rx = ps.Rte(x.rtindex);
      const RangeTblEntry& ry = ps.Rte(y.rtindex);
      if (!rx.alias && !ry.alias && rx.rtekind == nodes::RteKind::kRelation &&
          ry.rtekind == nodes::RteKind::kRelation && rx.relid != ry.relid) {
        continue;
      }
      ThrowAt(ps,
              MakeError(errcode::kDuplicateAlias, "table name \"{}\" specified more than once",
                        ItemRefname(ps, x)),
              location);
    }
  }
}

FromItem SimpleItem(Index rtindex) {
  FromItem item;
  item.node = std::make_shared<nodes::RangeTblRef>(rtindex);
  item.rtindex = rtindex;
  NamespaceItem ns;
  ns.rtindex = rtindex;
  item.names.push_back(ns);
  return item;
}

FromItem TransformRangeVar(ParseState& ps, const PgQuery__RangeVar* rv) {
  std::string relname(raw::Str(rv->relname));
  std::optional<nodes::Alias> alias = ToAlias(rv->alias);
  if (rv->schemaname == nullptr || rv->schemaname[0] == '\0') {
    if (auto cte = FindCte(ps, relname)) {
      bool self_reference = cte->cte->ctequery == nullptr;
      if (self_reference && cte->cte->ctecoltypes.empty()) {
        ThrowAt(ps,
                MakeError(errcode::kInvalidRecursion,
                          "recursive reference to query \"{}\" must not appear within its "
                          "non-recursive term",
                          relname),
                rv->location);
      }
      if (!self_reference && cte->cte->ctequery->commandType != nodes::CmdType::kSelect &&
          cte->cte->ctequery->returningList.empty()) {
        ThrowAt(ps,
                MakeError(errcode::kFeatureNotSupported,
                          "WITH query \"{}\" does not have a RETURNING clause", relname),
                rv->location);
      }
      if (!self_reference) ++cte->cte->cterefcount;
      Index rtindex = AddCteRte(ps, *cte->cte, cte->levels_up, alias, true);
      ps.Rte(rtindex).self_reference = self_reference;
      return SimpleItem(rtindex);
    }
  }
  std::vector<std::string> name;
  if (rv->catalogname && rv->catalogname[0]) name.push_back(rv->catalogname);
  if (rv->schemaname && rv->schemaname[0]) name.push_back(rv->schemaname);
  name.push_back(relname);
  int lockmode = ps.IsLockedRefname(alias ? alias->aliasname : relname)
                     ? static_cast<int>(storage::LockMode::kRowShare)
                     : static_cast<int>(storage::LockMode::kAccessShare);
  Index rtindex = AddRelationRteByName(ps, name, alias, rv->inh, true, lockmode, nodes::kAclSelect,
                                       rv->location);
  if (ps.Rte(rtindex).relkind == 'v') ExpandViewRte(ps, rtindex);
  return SimpleItem(rtindex);
}

FromItem TransformRangeSubselect(ParseState& ps, const PgQuery__RangeSubselect* r) {
  if (r->alias == nullptr) {
    int location = -1;
    if (raw::Is(r->subquery, PG_QUERY__NODE__NODE_SELECT_STMT)) location = -1;
    ThrowAt(ps,
            Error(errcode::kSyntaxError, "subquery in FROM must have an alias")
                .Hint("For example, FROM (SELECT ...) [AS] foo."),
            location);
  }
  ExprKind saved_kind = ps.expr_kind;
  bool saved_lateral = ps.lateral_active;
  ps.expr_kind = ExprKind::kFromSubselect;
  ps.lateral_active = r->lateral;
  QueryPtr query;
  try {
    query = AnalyzeSubSelect(ps, r->subquery, true);
  } catch (...) {
    ps.expr_kind = saved_kind;
    ps.lateral_active = saved_lateral;
    throw;
  }
  ps.expr_kind = saved_kind;
  ps.lateral_active = saved_lateral;
  if (query->commandType != nodes::CmdType::kSelect) {
    throw Error(errcode::kSyntaxError, "expected SELECT query from subquery in FROM");
  }
  return SimpleItem(AddSubqueryRte(ps, query, ToAlias(r->alias), r->lateral, true));
}

FromItem TransformRangeFunctionItem(ParseState& ps, const PgQuery__RangeFunction* r) {
  bool saved_lateral = ps.lateral_active;
  ps.lateral_active = true;  // function arguments may refer to earlier FROM items
  Index rtindex;
  try {
    rtindex = TransformRangeFunction(ps, r);
  } catch (...) {
    ps.lateral_active = saved_lateral;
    throw;
  }
  ps.lateral_active = saved_lateral;
  return SimpleItem(rtindex);
}

FromItem TransformFromItem(ParseState& ps, const raw::Node* n);

// Column `index` (0-based) of a FROM item as a Var (referencing its input directly).
ExprPtr ItemColumnVar(ParseState& ps, const FromItem& item, int index) {
  return MakeColumnVar(ps, item.rtindex, static_cast<nodes::AttrNumber>(index + 1), 0, -1);
}

ExprPtr BuildMergedJoinVar(ParseState& ps, JoinType jointype, ExprPtr l, ExprPtr r) {
  Oid outtype = l->result_type;
  int32_t outtypmod = l->result_typmod;
  if (outtype != r->result_type) {
    outtype = SelectCommonType(ps, {l, r}, "JOIN/USING");
    outtypmod = -1;
  } else if (outtypmod != r->result_typmod) {
    outtypmod = -1;
  }
  auto fix = [&](ExprPtr v) -> ExprPtr {
    if (v->result_type != outtype) {
      return CoerceType(ps, v, v->result_type, outtype, outtypmod, CoercionContext::kImplicit,
                        nodes::CoercionForm::kImplicitCast, -1);
    }
    if (v->result_typmod != outtypmod) {
      auto relabel = std::make_shared<nodes::RelabelType>();
      relabel->arg = v;
      relabel->result_type = outtype;
      relabel->result_typmod = outtypmod;
      relabel->relabelformat = nodes::CoercionForm::kImplicitCast;
      return relabel;
    }
    return v;
  };
  ExprPtr lnode = fix(l), rnode = fix(r);
  ExprPtr result;
  switch (jointype) {
    case JoinType::kInner:
      result = lnode->tag == nodes::NodeTag::kVar   ? lnode
               : rnode->tag == nodes::NodeTag::kVar ? rnode
                                                    : lnode;
      break;
    case JoinType::kLeft:
      result = lnode;
      break;
    case JoinType::kRight:
      result = rnode;
      break;
    default: {
      auto c = std::make_shared<nodes::CoalesceExpr>();
      c->result_type = outtype;
      c->args = {lnode, rnode};
      c->location = -1;
      result = c;
      break;
    }
  }
  AssignExprCollations(ps, result);
  return result;
}

JoinType ToJoinType(PgQuery__JoinType t) {
  switch (t) {
    case PG_QUERY__JOIN_TYPE__JOIN_LEFT:
      return JoinType::kLeft;
    case PG_QUERY__JOIN_TYPE__JOIN_FULL:
      return JoinType::kFull;
    case PG_QUERY__JOIN_TYPE__JOIN_RIGHT:
      return JoinType::kRight;
    default:
      return JoinType::kInner;
  }
}

int FindColumn(const std::vector<std::string>& names, const std::string& name, const char* side) {
  int found = -1;
  for (size_t i = 0; i < names.size(); ++i) {
    if (names[i] != name) continue;
    if (found >= 0) {
      throw MakeError(errcode::kAmbiguousColumn,
                      "common column name \"{}\" appears more than once in {} table", name, side);
    }
    found = static_cast<int>(i);
  }
  if (found < 0) {
    throw MakeError(errcode::kUndefinedColumn,
                    "column \"{}\" specified in USING clause does not exist in {} table", name,
                    side);
  }
  return found;
}

FromItem TransformJoin(ParseState& ps, const PgQuery__JoinExpr* j) {
  JoinType jointype = ToJoinType(j->jointype);
  FromItem left = TransformFromItem(ps, j->larg);
  bool lateral_ok = jointype == JoinType::kInner || jointype == JoinType::kLeft;
  SetLateralState(left.names, true, lateral_ok);
  size_t saved_len = ps.namespace_items.size();
  ps.namespace_items.insert(ps.namespace_items.end(), left.names.begin(), left.names.end());
  FromItem right;
  try {
    right = TransformFromItem(ps, j->rarg);
  } catch (...) {
    ps.namespace_items.resize(saved_len);
    throw;
  }
  ps.namespace_items.resize(saved_len);
  CheckNameConflicts(ps, left.names, right.names, -1);
  std::vector<NamespaceItem> my_names = left.names;
  my_names.insert(my_names.end(), right.names.begin(), right.names.end());
  SetLateralState(my_names, false, true);

  const std::vector<std::string> lnames = ps.Rte(left.rtindex).eref.colnames;
  const std::vector<std::string> rnames = ps.Rte(right.rtindex).eref.colnames;
  std::vector<std::string> using_cols =
      raw::StringList(raw::Span(j->n_using_clause, j->using_clause));
  if (j->is_natural) {
    for (const auto& l : lnames) {
      if (!l.empty() && std::find(rnames.begin(), rnames.end(), l) != rnames.end()) {
        using_cols.push_back(l);
      }
    }
  }
  auto join = std::make_shared<nodes::JoinExpr>();
  join->jointype = jointype;
  join->isNatural = j->is_natural;
  join->larg = left.node;
  join->rarg = right.node;
  join->usingClause = using_cols;
  std::vector<std::string> res_names;
  ExprList res_vars;
  std::vector<int> lcols, rcols;
  if (!using_cols.empty()) {
    ExprList quals;
    for (const auto& u : using_cols) {
      if (std::find(res_names.begin(), res_names.end(), u) != res_names.end()) {
        throw MakeError(errcode::kDuplicateColumn,
                        "column name \"{}\" appears more than once in USING clause", u);
      }
      int li = FindColumn(lnames, u, "left");
      int ri = FindColumn(rnames, u, "right");
      lcols.push_back(li + 1);
      rcols.push_back(ri + 1);
      ExprPtr lvar = ItemColumnVar(ps, left, li);
      ExprPtr rvar = ItemColumnVar(ps, right, ri);
      ExprKind saved = ps.expr_kind;
      ps.expr_kind = ExprKind::kJoinUsing;
      quals.push_back(MakeOp(ps, {"="}, lvar, rvar, -1));
      ps.expr_kind = saved;
      res_names.push_back(u);
      res_vars.push_back(BuildMergedJoinVar(ps, jointype, lvar, rvar));
    }
    ExprPtr q =
        quals.size() == 1 ? quals[0] : nodes::MakeBoolExpr(nodes::BoolExprType::kAnd, quals);
    join->quals = CoerceToBoolean(ps, q, "JOIN/USING");
    AssignExprCollations(ps, join->quals);
  } else if (j->quals) {
    std::vector<NamespaceItem> saved = ps.namespace_items;
    ps.namespace_items = my_names;
    try {
      join->quals = TransformWhereClause(ps, j->quals, ExprKind::kJoinOn, "JOIN/ON");
    } catch (...) {
      ps.namespace_items = saved;
      throw;
    }
    ps.namespace_items = saved;
    AssignExprCollations(ps, join->quals);
  }
  auto add_remaining = [&](const FromItem& item, const std::vector<std::string>& names,
                           std::vector<int>& cols) {
    for (size_t i = 0; i < names.size(); ++i) {
      if (names[i].empty()) continue;
      if (std::find(cols.begin(), cols.begin() + using_cols.size(), static_cast<int>(i + 1)) !=
          cols.begin() + using_cols.size()) {
        continue;
      }
      cols.push_back(static_cast<int>(i + 1));
      res_names.push_back(names[i]);
      res_vars.push_back(ItemColumnVar(ps, item, static_cast<int>(i)));
    }
  };
  add_remaining(left, lnames, lcols);
  add_remaining(right, rnames, rcols);
  std::optional<nodes::Alias> using_alias = ToAlias(j->join_using_alias);
  if (using_alias) using_alias->colnames = using_cols;
  std::optional<nodes::Alias> alias = ToAlias(j->alias);
  Index rtindex = AddJoinRte(ps, res_names, jointype, static_cast<int>(using_cols.size()), res_vars,
                             lcols, rcols, using_alias, alias);
  join->rtindex = rtindex;
  join->alias = alias;
  join->join_using_alias = using_alias;
  FromItem result;
  result.node = join;
  result.rtindex = rtindex;
  if (using_alias) {
    NamespaceItem ua;
    ua.rtindex = rtindex;
    ua.is_join_using_alias = true;
    CheckNameConflicts(ps, {ua}, my_names, -1);
    my_names.push_back(ua);
  }
  if (alias) {
    my_names.clear();
  } else {
    for (auto& n : my_names) n.cols_visible = false;
  }
  NamespaceItem jitem;
  jitem.rtindex = rtindex;
  jitem.rel_visible = alias.has_value();
  jitem.cols_visible = true;
  my_names.push_back(jitem);
  result.names = std::move(my_names);
  return result;
}

FromItem TransformFromItem(ParseState& ps, const raw::Node* n) {
  switch (n->node_case) {
    case PG_QUERY__NODE__NODE_RANGE_VAR:
      return TransformRangeVar(ps, n->range_var);
    case PG_QUERY__NODE__NODE_RANGE_SUBSELECT:
      return TransformRangeSubselect(ps, n->range_subselect);
    case PG_QUERY__NODE__NODE_RANGE_FUNCTION:
      return TransformRangeFunctionItem(ps, n->range_function);
    case PG_QUERY__NODE__NODE_JOIN_EXPR:
      return TransformJoin(ps, n->join_expr);
    case PG_QUERY__NODE__NODE_RANGE_TABLE_SAMPLE:
      throw Error(errcode::kFeatureNotSupported, "TABLESAMPLE is not supported");
    case PG_QUERY__NODE__NODE_RANGE_TABLE_FUNC:
      throw Error(errcode::kFeatureNotSupported, "XMLTABLE is not supported");
    default:
      break;
  }
  throw Error(errcode::kFeatureNotSupported, "this kind of FROM item is not supported");
}

}  // namespace

void TransformFromClause(ParseState& ps, raw::NodeSpan from_list) {
  for (const raw::Node* n : from_list) {
    FromItem item = TransformFromItem(ps, n);
    CheckNameConflicts(ps, ps.namespace_items, item.names, -1);
    SetLateralState(item.names, true, true);
    ps.joinlist.push_back(item.node);
    ps.namespace_items.insert(ps.namespace_items.end(), item.names.begin(), item.names.end());
  }
  for (auto& item : ps.namespace_items) {
    item.lateral_only = false;
    item.lateral_ok = true;
  }
}

Index SetTargetTable(ParseState& ps, const PgQuery__RangeVar* relation, bool inh,
                     bool add_to_namespace, uint32_t required_perms) {
  std::string relname(raw::Str(relation->relname));
  if (!(relation->schemaname && relation->schemaname[0]) && FindCte(ps, relname)) {
    ThrowAt(ps,
            MakeError(errcode::kFeatureNotSupported,
                      "relation \"{}\" cannot be the target of a modifying statement", relname),
            relation->location);
  }
  std::vector<std::string> name;
  if (relation->catalogname && relation->catalogname[0]) name.push_back(relation->catalogname);
  if (relation->schemaname && relation->schemaname[0]) name.push_back(relation->schemaname);
  name.push_back(relname);
  Index rtindex = AddRelationRteByName(ps, name, ToAlias(relation->alias), inh, false,
                                       static_cast<int>(storage::LockMode::kRowExclusive),
                                       required_perms, relation->location);
  ps.target_rtindex = rtindex;
  const RangeTblEntry& rte = ps.Rte(rtindex);
  if (rte.relkind == 'v') ThrowViewDml(ps, rte, required_perms, relation->location);
  // These can never be modified (PostgreSQL's CheckValidResultRel).
  if (rte.relkind == 'S' || rte.relkind == 'm' || rte.relkind == 't' || rte.relkind == 'i') {
    const char* what = rte.relkind == 'S'   ? "sequence"
                       : rte.relkind == 'm' ? "materialized view"
                       : rte.relkind == 't' ? "TOAST relation"
                                            : "index";
    ThrowAt(
        ps,
        MakeError(errcode::kWrongObjectType, "cannot change {} \"{}\"", what, rte.eref.aliasname),
        relation->location);
  }
  if (add_to_namespace) {
    // UPDATE/DELETE also scan the target: it is the first item of the join tree.
    ps.joinlist.push_back(std::make_shared<nodes::RangeTblRef>(rtindex));
    NamespaceItem item;
    item.rtindex = rtindex;
    AddNamespaceItem(ps, item, relation->location);
  }
  return rtindex;
}

}  // namespace hyrax::parser
