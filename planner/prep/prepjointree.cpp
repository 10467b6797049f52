// Subquery pull-up (see prepjointree.h); the conditions follow PostgreSQL's
// is_simple_subquery, restricted to what the rest of the planner supports: no outer-join
// nullable side (that needs PlaceHolderVars), no sub-selects in the parent (their Vars would
// need the same rewrite), no volatile functions in the subquery's target list.
#include "planner/prep/prepjointree.h"

#include <functional>
#include <optional>

#include "executor/expr/expr_tree.h"
#include "nodes/node_funcs.h"
#include "planner/prep/clauses.h"
#include "planner/prep/levels_up.h"
#include "storage/catalog/syscache.h"

namespace hyrax::planner {

using nodes::ExprPtr;
using nodes::NodeTag;

bool HasVolatile(const ExprPtr& e) {
  bool found = false;
  executor::WalkExpr(e, [&](const ExprPtr& n) {
    Oid func = kInvalidOid;
    if (n->tag == NodeTag::kFuncExpr) func = nodes::As<nodes::FuncExpr>(n)->funcid;
    if (n->tag == NodeTag::kOpExpr) func = nodes::As<nodes::OpExpr>(n)->opfuncid;
    if (n->tag == NodeTag::kSubLink || n->tag == NodeTag::kSQLValueFunction) found = true;
    if (func != kInvalidOid) {
      auto proc = catalog::Syscache().ProcByOid(func);
      if (proc && proc->provolatile == 'v') found = true;
    }
    return !found;
  });
  return found;
}

namespace {

bool HasOuterRefs(const nodes::Query& q) {
  bool found = false;
  auto check = [&](const ExprPtr& e) {
    executor::WalkExpr(e, [&](const ExprPtr& n) {
      if (n->tag == NodeTag::kVar && nodes::As<nodes::Var>(n)->varlevelsup > 0) found = true;
      return !found;
    });
  };
  for (const auto& tle : q.targetList) check(tle.expr);
  std::function<void(const nodes::JoinTreeNodePtr&)> jt = [&](const nodes::JoinTreeNodePtr& n) {
    if (!n) return;
    if (n->tag == nodes::JoinTreeTag::kFromExpr) {
      const auto& f = static_cast<const nodes::FromExpr&>(*n);
      for (const auto& item : f.fromlist) jt(item);
      check(f.quals);
    } else if (n->tag == nodes::JoinTreeTag::kJoinExpr) {
      const auto& j = static_cast<const nodes::JoinExpr&>(*n);
      jt(j.larg);
      jt(j.rarg);
      check(j.quals);
    }
  };
  jt(q.jointree);
  for (const auto& rte : q.rtable) {
    for (const auto& row : rte.values_lists) {
      for (const auto& e : row) check(e);
    }
    for (const auto& f : rte.functions) check(f.funcexpr);
  }
  return found;
}

bool IsSimpleSubquery(const nodes::Query& q) {
  if (q.commandType != nodes::CmdType::kSelect || q.setOperations || q.hasAggs ||
      q.hasWindowFuncs || q.hasTargetSRFs || !q.groupClause.empty() || !q.groupingSets.empty() ||
      q.havingQual || !q.sortClause.empty() || !q.distinctClause.empty() || q.limitOffset ||
      q.limitCount || q.hasForUpdate || !q.cteList.empty() || q.hasSubLinks ||
      !q.rowMarks.empty() || !q.jointree || q.jointree->fromlist.empty()) {
    return false;
  }
  for (const auto& tle : q.targetList) {
    if (HasVolatile(tle.expr)) return false;
  }
  return !HasOuterRefs(q);
}

}  // namespace

ExprPtr OffsetVars(const ExprPtr& e, nodes::Index offset) {
  if (!e) return e;
  return executor::MutateExpr(e, [&](const ExprPtr& n) -> ExprPtr {
    if (n->tag != NodeTag::kVar) return nullptr;
    const auto& v = *nodes::As<nodes::Var>(n);
    if (v.varlevelsup != 0) return n;
    auto copy = std::make_shared<nodes::Var>(v);
    copy->varno += offset;
    return copy;
  });
}

nodes::JoinTreeNodePtr OffsetJoinTree(const nodes::JoinTreeNodePtr& n, nodes::Index offset) {
  if (!n) return n;
  switch (n->tag) {
    case nodes::JoinTreeTag::kRangeTblRef:
      return std::make_shared<nodes::RangeTblRef>(
          static_cast<const nodes::RangeTblRef&>(*n).rtindex + offset);
    case nodes::JoinTreeTag::kJoinExpr: {
      auto j = std::make_shared<nodes::JoinExpr>(static_cast<const nodes::JoinExpr&>(*n));
      j->larg = OffsetJoinTree(j->larg, offset);
      j->rarg = OffsetJoinTree(j->rarg, offset);
      j->quals = OffsetVars(j->quals, offset);
      if (j->rtindex != 0) j->rtindex += offset;
      return j;
    }
    case nodes::JoinTreeTag::kFromExpr: {
      auto f = std::make_shared<nodes::FromExpr>(static_cast<const nodes::FromExpr&>(*n));
      for (auto& item : f->fromlist) item = OffsetJoinTree(item, offset);
      f->quals = OffsetVars(f->quals, offset);
      return f;
    }
  }
  return n;
}

nodes::Index AppendPulledUpRtable(nodes::Query* parent, const nodes::Query& sub) {
  auto offset = static_cast<nodes::Index>(parent->rtable.size());
  for (const auto& subrte : sub.rtable) {
    nodes::RangeTblEntry copy = subrte;
    // References to levels above `sub` are now one level closer.
    if (copy.rtekind == nodes::RteKind::kCte && copy.ctelevelsup > 0) --copy.ctelevelsup;
    if (copy.rtekind == nodes::RteKind::kSubquery && copy.subquery) {
      copy.subquery = nodes::CopyQuery(*copy.subquery);
      IncrementSublevelsUp(*copy.subquery, -1, 2);
    }
    for (auto& e : copy.joinaliasvars) e = OffsetVars(e, offset);
    for (auto& f : copy.functions) f.funcexpr = OffsetVars(f.funcexpr, offset);
    for (auto& row : copy.values_lists) {
      for (auto& e : row) e = OffsetVars(e, offset);
    }
    parent->rtable.push_back(std::move(copy));
  }
  return offset;
}

namespace {

class PullUp {
 public:
  explicit PullUp(nodes::Query* q) : q_(q) {}

  // Returns the replacement for `node` (itself when nothing was pulled up). Requires: the
  // join tree is this query's own copy (DeepCopy), so it may be changed in place.
  nodes::JoinTreeNodePtr Visit(const nodes::JoinTreeNodePtr& node, bool nullable) {
    switch (node->tag) {
      case nodes::JoinTreeTag::kRangeTblRef:
        return nullable ? node
                        : TryPullUp(static_cast<const nodes::RangeTblRef&>(*node).rtindex, node);
      case nodes::JoinTreeTag::kFromExpr: {
        auto& f = static_cast<nodes::FromExpr&>(*node);
        for (auto& item : f.fromlist) item = Visit(item, nullable);
        return node;
      }
      case nodes::JoinTreeTag::kJoinExpr: {
        auto& j = static_cast<nodes::JoinExpr&>(*node);
        bool left_nullable = nullable || j.jointype == nodes::JoinType::kRight ||
                             j.jointype == nodes::JoinType::kFull;
        // A semi or anti join's inner side is never seen above the join (no NULL-extended
        // rows to represent), so it is pulled up like an inner join's.
        bool right_nullable = nullable || (j.jointype != nodes::JoinType::kInner &&
                                           j.jointype != nodes::JoinType::kSemi &&
                                           j.jointype != nodes::JoinType::kAnti);
        j.larg = Visit(j.larg, left_nullable);
        j.rarg = Visit(j.rarg, right_nullable);
        return node;
      }
    }
    return node;
  }

 private:
  nodes::JoinTreeNodePtr TryPullUp(nodes::Index rti, const nodes::JoinTreeNodePtr& ref) {
    const nodes::RangeTblEntry& rte = q_->rtable[rti - 1];
    if (rte.rtekind != nodes::RteKind::kSubquery || !rte.subquery || rte.lateral) return ref;
    // LATERAL sub-queries' references to it would need the same rewrite; keep it a scan.
    if ((LateralReferencedRelids() & RelidsSingleton(rti)) != 0) return ref;
    auto sub = std::make_shared<nodes::Query>(*rte.subquery);
    PullUpSubqueries(sub.get());
    if (!IsSimpleSubquery(*sub)) return ref;
    nodes::Index offset = AppendPulledUpRtable(q_, *sub);
    std::vector<ExprPtr> outputs;
    for (const auto& tle : sub->targetList) outputs.push_back(OffsetVars(tle.expr, offset));
    ReplaceVars(rti, outputs);
    return OffsetJoinTree(sub->jointree, offset);
  }

  Relids LateralReferencedRelids() {
    if (!lateral_refs_) {
      std::vector<std::shared_ptr<nodes::Var>> vars;
      for (const auto& rte : q_->rtable) {
        if (rte.rtekind == nodes::RteKind::kSubquery && rte.lateral && rte.subquery) {
          PullSubqueryOuterVars(*rte.subquery, &vars);
        }
      }
      Relids refs = 0;
      for (const auto& v : vars) refs |= v->varno < 64 ? RelidsSingleton(v->varno) : 0;
      lateral_refs_ = refs;
    }
    return *lateral_refs_;
  }

  void ReplaceVars(nodes::Index rti, const std::vector<ExprPtr>& outputs) {
    auto fn = [&](const ExprPtr& e) -> ExprPtr {
      if (!e) return e;
      return executor::MutateExpr(e, [&](const ExprPtr& n) -> ExprPtr {
        if (n->tag != NodeTag::kVar) return nullptr;
        const auto& v = *nodes::As<nodes::Var>(n);
        if (v.varlevelsup != 0 || v.varno != rti || v.varattno <= 0) return n;
        return outputs.at(v.varattno - 1);
      });
    };
    for (auto& tle : q_->targetList) tle.expr = fn(tle.expr);
    for (auto& tle : q_->returningList) tle.expr = fn(tle.expr);
    q_->havingQual = fn(q_->havingQual);
    for (auto& rte : q_->rtable) {
      for (auto& e : rte.joinaliasvars) e = fn(e);
      for (auto& f : rte.functions) f.funcexpr = fn(f.funcexpr);  // LATERAL arguments
    }
    std::function<void(const nodes::JoinTreeNodePtr&)> jt = [&](const nodes::JoinTreeNodePtr& n) {
      if (!n) return;
      if (n->tag == nodes::JoinTreeTag::kFromExpr) {
        auto& f = static_cast<nodes::FromExpr&>(*n);
        for (const auto& item : f.fromlist) jt(item);
        f.quals = fn(f.quals);
      } else if (n->tag == nodes::JoinTreeTag::kJoinExpr) {
        auto& j = static_cast<nodes::JoinExpr&>(*n);
        jt(j.larg);
        jt(j.rarg);
        j.quals = fn(j.quals);
      }
    };
    jt(q_->jointree);
  }

  nodes::Query* q_;
  std::optional<Relids> lateral_refs_;  // computed on first use
};

}  // namespace

void PullUpSubqueries(nodes::Query* query) {
  if (!query->jointree || query->hasSubLinks) return;
  bool any = false;
  for (const auto& rte : query->rtable) any |= rte.rtekind == nodes::RteKind::kSubquery;
  if (!any) return;
  // Work on our own copy of the join tree: the analyzer's tree is shared and immutable.
  query->jointree = std::static_pointer_cast<nodes::FromExpr>(OffsetJoinTree(query->jointree, 0));
  PullUp pull(query);
  pull.Visit(query->jointree, false);
}

}  // namespace hyrax::planner
