// Sub-select pull-up (see pull_up_sublinks.h). The rules follow PostgreSQL 15's
// pull_up_sublinks_jointree_recurse / convert_ANY_sublink_to_join /
// convert_EXISTS_sublink_to_join / simplify_EXISTS_query, restricted to sub-selects whose
// own expressions hold no further sub-selects and whose FROM items are tables or joins
// (anything else stays a SubPlan, which gives the same rows).
#include "planner/prep/pull_up_sublinks.h"

#include "common/datum.h"
#include "executor/expr/expr_tree.h"
#include "nodes/make_nodes.h"
#include "nodes/node_funcs.h"
#include "planner/prep/clauses.h"
#include "planner/prep/prepjointree.h"

namespace hyrax::planner {

namespace {

using nodes::ExprPtr;
using nodes::JoinTreeNodePtr;
using nodes::JoinTreeTag;
using nodes::NodeTag;

Relids JoinTreeRelids(const JoinTreeNodePtr& node) {
  switch (node->tag) {
    case JoinTreeTag::kRangeTblRef:
      return RelidsSingleton(static_cast<const nodes::RangeTblRef&>(*node).rtindex);
    case JoinTreeTag::kJoinExpr: {
      // The join's own RTE too: conditions may still use its alias Vars (flattened later).
      const auto& j = static_cast<const nodes::JoinExpr&>(*node);
      Relids alias = j.rtindex != 0 && j.rtindex < 64 ? RelidsSingleton(j.rtindex) : 0;
      return JoinTreeRelids(j.larg) | JoinTreeRelids(j.rarg) | alias;
    }
    case JoinTreeTag::kFromExpr: {
      Relids r = 0;
      for (const auto& item : static_cast<const nodes::FromExpr&>(*node).fromlist) {
        r |= JoinTreeRelids(item);
      }
      return r;
    }
  }
  return 0;
}

// contain_vars_of_level(subselect, 1) over a whole sub-select (its nested queries too);
// with `or_above`, references to any level above the sub-select count.
bool QueryReferencesParent(const nodes::Query& sub, bool or_above = false) {
  return nodes::WalkQueryExprs(sub, [&](const nodes::Expr& n, int sublevels_up) {
    if (n.tag != NodeTag::kVar) return false;
    int up = static_cast<int>(static_cast<const nodes::Var&>(n).varlevelsup);
    return or_above ? up > sublevels_up : up == sublevels_up + 1;
  });
}

bool HasSubLink(const ExprPtr& e) {
  bool found = false;
  executor::WalkExpr(e, [&](const ExprPtr& n) {
    found |= n->tag == NodeTag::kSubLink;
    return !found;
  });
  return found;
}

// simplify_EXISTS_query: drops what cannot turn rows into no rows (target list, GROUP BY
// without aggregates, DISTINCT, ORDER BY, a positive constant LIMIT); false when the
// sub-select cannot be read as "is there any row".
bool SimplifyExistsQuery(nodes::Query* q) {
  if (q->commandType != nodes::CmdType::kSelect || q->setOperations || q->hasAggs ||
      !q->groupingSets.empty() || q->hasWindowFuncs || q->hasTargetSRFs || q->hasModifyingCTE ||
      q->havingQual || q->limitOffset || !q->rowMarks.empty()) {
    return false;
  }
  if (q->limitCount) {
    ExprPtr count = EvalConstExpressions(q->limitCount);
    if (count->tag != NodeTag::kConst) return false;
    const auto& c = *nodes::As<nodes::Const>(count);
    if (!c.constisnull && DatumGetInt64(c.constvalue) <= 0) return false;
    q->limitCount = nullptr;
  }
  q->targetList.clear();
  q->groupClause.clear();
  q->windowClause.clear();
  q->distinctClause.clear();
  q->sortClause.clear();
  q->hasDistinctOn = false;
  return true;
}

// What Hyrax can move into the parent: FROM items that are tables or joins of them, and no
// sub-selects inside (their outer references would need re-targeting too).
bool MovableIntoParent(const nodes::Query& q) {
  if (q.hasSubLinks || !q.cteList.empty() || !q.jointree || q.jointree->fromlist.empty()) {
    return false;
  }
  for (const auto& rte : q.rtable) {
    if (rte.rtekind != nodes::RteKind::kRelation && rte.rtekind != nodes::RteKind::kJoin) {
      return false;
    }
  }
  return true;
}

// Vars of the level just above (varlevelsup 1) become Vars of this level; the sub-select's
// own Vars move past the parent's range table.
ExprPtr MoveUpOneLevel(const ExprPtr& e, nodes::Index offset) {
  return executor::MutateExpr(OffsetVars(e, offset), [](const ExprPtr& n) -> ExprPtr {
    if (n->tag != NodeTag::kVar || nodes::As<nodes::Var>(n)->varlevelsup == 0) return nullptr;
    auto copy = std::make_shared<nodes::Var>(*nodes::As<nodes::Var>(n));
    --copy->varlevelsup;
    return copy;
  });
}

// The relations of this level that `e`'s level-1 Vars (as seen from a sub-select) name.
Relids ParentVarnos(const ExprPtr& e) {
  Relids out = 0;
  if (!e) return out;
  executor::WalkExpr(e, [&](const ExprPtr& n) {
    if (n->tag == NodeTag::kVar) {
      const auto& v = *nodes::As<nodes::Var>(n);
      if (v.varlevelsup == 1 && v.varno < 64) out |= RelidsSingleton(v.varno);
    }
    return true;
  });
  return out;
}

class SublinkPullUp {
 public:
  explicit SublinkPullUp(nodes::Query* q) : q_(q) {}

  // The replacement for `node`: the node itself (copied) or a stack of semi/anti joins over it.
  JoinTreeNodePtr Visit(const JoinTreeNodePtr& node) {
    switch (node->tag) {
      case JoinTreeTag::kRangeTblRef:
        return node;
      case JoinTreeTag::kFromExpr: {
        auto from = std::make_shared<nodes::FromExpr>(static_cast<const nodes::FromExpr&>(*node));
        for (auto& item : from->fromlist) item = Visit(item);
        JoinTreeNodePtr link = from;
        from->quals = ConvertQuals(from->quals, &link, JoinTreeRelids(from));
        return link;
      }
      case JoinTreeTag::kJoinExpr: {
        auto join = std::make_shared<nodes::JoinExpr>(static_cast<const nodes::JoinExpr&>(*node));
        join->larg = Visit(join->larg);
        join->rarg = Visit(join->rarg);
        JoinTreeNodePtr link = join;
        // ON clauses of outer joins keep their sub-selects (PostgreSQL pulls up only those
        // referencing the nullable side; not done here).
        if (join->jointype == nodes::JoinType::kInner) {
          join->quals = ConvertQuals(join->quals, &link, JoinTreeRelids(join));
        }
        return link;
      }
    }
    return node;
  }

 private:
  // Each convertible top-level conjunct of `quals` wraps *link in a new join; returns the
  // conjuncts left over.
  ExprPtr ConvertQuals(const ExprPtr& quals, JoinTreeNodePtr* link, Relids available) {
    if (!quals) return quals;
    nodes::ExprList rest;
    for (const auto& clause : MakeAndsImplicit(quals)) {
      std::shared_ptr<nodes::JoinExpr> join = ConvertClause(clause, available);
      if (!join) {
        rest.push_back(clause);
        continue;
      }
      join->larg = *link;
      *link = join;
    }
    return MakeAndsExplicit(rest);
  }

  std::shared_ptr<nodes::JoinExpr> ConvertClause(const ExprPtr& clause, Relids available) {
    if (clause->tag == NodeTag::kSubLink) {
      const auto& sublink = *nodes::As<nodes::SubLink>(clause);
      if (sublink.subLinkType == nodes::SubLinkType::kAny) return ConvertAny(sublink, available);
      if (sublink.subLinkType == nodes::SubLinkType::kExists) {
        return ConvertExists(sublink, false, available);
      }
      return nullptr;
    }
    if (clause->tag == NodeTag::kBoolExpr) {
      const auto& b = *nodes::As<nodes::BoolExpr>(clause);
      if (b.boolop == nodes::BoolExprType::kNot && b.args.size() == 1 &&
          b.args[0]->tag == NodeTag::kSubLink &&
          nodes::As<nodes::SubLink>(b.args[0])->subLinkType == nodes::SubLinkType::kExists) {
        return ConvertExists(*nodes::As<nodes::SubLink>(b.args[0]), true, available);
      }
    }
    return nullptr;
  }

  // convert_ANY_sublink_to_join: the sub-select becomes a sub-query RTE "ANY_subquery" and
  // the comparison (its Params replaced by that RTE's columns) the semi join's condition.
  std::shared_ptr<nodes::JoinExpr> ConvertAny(const nodes::SubLink& sublink, Relids available) {
    if (!sublink.testexpr || QueryReferencesParent(*sublink.subselect)) return nullptr;
    Relids upper = PullVarnos(sublink.testexpr);
    if (upper == 0 || !RelidsIsSubset(upper, available)) return nullptr;
    if (HasVolatile(sublink.testexpr) || HasSubLink(sublink.testexpr)) return nullptr;

    nodes::RangeTblEntry rte;
    rte.rtekind = nodes::RteKind::kSubquery;
    rte.subquery = sublink.subselect;
    rte.eref.aliasname = "ANY_subquery";
    std::vector<const nodes::TargetEntry*> columns;
    for (const auto& tle : sublink.subselect->targetList) {
      if (tle.resjunk) continue;
      rte.eref.colnames.push_back(tle.resname);
      columns.push_back(&tle);
    }
    rte.alias = nodes::Alias{"ANY_subquery", {}};
    rte.inh = false;
    rte.inFromCl = false;
    q_->rtable.push_back(std::move(rte));
    auto rtindex = static_cast<nodes::Index>(q_->rtable.size());

    auto join = std::make_shared<nodes::JoinExpr>();
    join->jointype = nodes::JoinType::kSemi;
    join->rarg = std::make_shared<nodes::RangeTblRef>(rtindex);
    join->quals = executor::MutateExpr(sublink.testexpr, [&](const ExprPtr& n) -> ExprPtr {
      if (n->tag != NodeTag::kParam) return nullptr;
      const auto& p = *nodes::As<nodes::Param>(n);
      if (p.paramkind != nodes::ParamKind::kSublink) return nullptr;
      const nodes::TargetEntry& tle = *columns.at(p.paramid - 1);
      return nodes::MakeVar(rtindex, tle.resno, tle.expr->result_type, tle.expr->result_typmod,
                            tle.expr->result_collation);
    });
    return join;
  }

  // convert_EXISTS_sublink_to_join: the sub-select's FROM items join the parent's range table
  // and its WHERE clause (which must reference the parent) becomes the join condition.
  std::shared_ptr<nodes::JoinExpr> ConvertExists(const nodes::SubLink& sublink, bool under_not,
                                                 Relids available) {
    if (!sublink.subselect->cteList.empty()) return nullptr;
    nodes::QueryPtr sub = nodes::CopyQuery(*sublink.subselect);
    if (!SimplifyExistsQuery(sub.get()) || !MovableIntoParent(*sub)) return nullptr;
    ExprPtr where = sub->jointree->quals;
    auto from = std::make_shared<nodes::FromExpr>(*sub->jointree);
    from->quals = nullptr;
    sub->jointree = from;
    // The rest of the sub-select must not reference the parent; the WHERE clause must, and
    // only relations available here (and no level further up: not re-targeted here).
    if (QueryReferencesParent(*sub, true)) return nullptr;
    Relids upper = ParentVarnos(where);
    if (upper == 0 || !RelidsIsSubset(upper, available) || HasVolatile(where)) return nullptr;

    nodes::Index offset = AppendPulledUpRtable(q_, *sub);
    auto moved = std::static_pointer_cast<nodes::FromExpr>(OffsetJoinTree(sub->jointree, offset));
    auto join = std::make_shared<nodes::JoinExpr>();
    join->jointype = under_not ? nodes::JoinType::kAnti : nodes::JoinType::kSemi;
    join->rarg = moved->fromlist.size() == 1 ? moved->fromlist[0] : moved;
    join->quals = MoveUpOneLevel(where, offset);
    return join;
  }

  nodes::Query* q_;
};

bool QueryLevelHasSubLinks(const nodes::Query& q) {
  return nodes::QueryTreeWalker(q, [](const ExprPtr& e) { return HasSubLink(e); });
}

}  // namespace

void PullUpSublinks(nodes::Query* query) {
  if (!query->hasSubLinks || !query->jointree) return;
  SublinkPullUp pull(query);
  JoinTreeNodePtr top = pull.Visit(query->jointree);
  if (top->tag == JoinTreeTag::kFromExpr) {
    query->jointree = std::static_pointer_cast<nodes::FromExpr>(top);
  } else {
    auto from = std::make_shared<nodes::FromExpr>();
    from->fromlist.push_back(top);
    query->jointree = from;
  }
  query->hasSubLinks = QueryLevelHasSubLinks(*query);
}

}  // namespace hyrax::planner
