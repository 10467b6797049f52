// Inheritance expansion (see inherit.h).
#include "planner/prep/inherit.h"

#include "common/error.h"
#include "executor/expr/expr_tree.h"
#include "storage/catalog/pg_inherits.h"
#include "storage/catalog/relcache.h"
#include "storage/lmgr/lock_manager.h"

namespace hyrax::planner {

namespace {

AppendRelInfo MakeAppendRelInfo(Index parent_rti, Index child_rti,
                                const catalog::RelationData& parent,
                                const catalog::RelationData& child) {
  AppendRelInfo info;
  info.parent_relid = parent_rti;
  info.child_relid = child_rti;
  info.child_oid = child.oid;
  for (int i = 0; i < parent.desc->natts(); ++i) {
    const auto& attr = parent.desc->attr(i);
    nodes::AttrNumber mapped = 0;
    for (int j = 0; j < child.desc->natts() && !attr.dropped; ++j) {
      if (!child.desc->attr(j).dropped && child.desc->attr(j).name == attr.name) {
        mapped = static_cast<nodes::AttrNumber>(j + 1);
      }
    }
    info.attno_map.push_back(mapped);
  }
  return info;
}

// The child's RTE: the parent's, for the child relation, under the parent's name (so
// EXPLAIN calls the children "p_1", "p_2", ...), with the parent's column aliases.
nodes::RangeTblEntry ChildRte(const nodes::RangeTblEntry& parent_rte,
                              const catalog::RelationData& child, const AppendRelInfo& info) {
  nodes::RangeTblEntry rte = parent_rte;
  rte.relid = child.oid;
  rte.relkind = child.relkind();
  rte.inh = false;
  rte.eref.colnames.assign(child.desc->natts(), std::string());
  for (size_t i = 0; i < info.attno_map.size(); ++i) {
    nodes::AttrNumber c = info.attno_map[i];
    if (c > 0 && i < parent_rte.eref.colnames.size()) {
      rte.eref.colnames[c - 1] = parent_rte.eref.colnames[i];
    }
  }
  return rte;
}

}  // namespace

bool HasInheritanceChildren(const nodes::RangeTblEntry& rte) {
  if (rte.rtekind != nodes::RteKind::kRelation || !rte.inh) return false;
  auto rel = catalog::RelationIdGetRelation(rte.relid);
  return rel && (rel->relkind() == 'p' || rel->rel.relhassubclass);
}

void ExpandInheritedTables(PlannerInfo* root) {
  auto& rtable = root->parse->rtable;
  size_t original = rtable.size();
  for (size_t i = 0; i < original; ++i) {
    bool insert_target =
        root->parse->commandType == nodes::CmdType::kInsert && root->parse->resultRelation == i + 1;
    if (insert_target || !HasInheritanceChildren(rtable[i])) {
      rtable[i].inh = false;
      continue;
    }
    auto parent = catalog::RelationIdGetRelation(rtable[i].relid);
    std::vector<Oid> members = catalog::FindAllInheritors(parent->oid);
    // Only the parent left (its children were dropped): a plain scan, as PostgreSQL.
    if (members.size() == 1 && parent->relkind() != 'p') {
      rtable[i].inh = false;
      continue;
    }
    auto parent_rti = static_cast<Index>(i + 1);
    for (Oid member : members) {
      if (member != parent->oid && rtable[i].rellockmode != 0) {
        storage::LockRelationOid(member, static_cast<storage::LockMode>(rtable[i].rellockmode));
      }
      auto child = catalog::RelationIdGetRelation(member);
      if (!child || child->relkind() == 'p') continue;  // no storage of its own
      auto child_rti = static_cast<Index>(rtable.size() + 1);
      AppendRelInfo info = MakeAppendRelInfo(parent_rti, child_rti, *parent, *child);
      rtable.push_back(ChildRte(rtable[i], *child, info));
      root->append_rel_list.push_back(std::move(info));
    }
  }
}

nodes::ExprPtr TranslateToChild(const nodes::ExprPtr& expr, const AppendRelInfo& info) {
  if (!expr) return expr;
  return executor::MutateExpr(expr, [&](const nodes::ExprPtr& e) -> nodes::ExprPtr {
    if (e->tag != nodes::NodeTag::kVar) return nullptr;
    const auto& v = *nodes::As<nodes::Var>(e);
    if (v.varlevelsup != 0 || v.varno != info.parent_relid) return nullptr;
    if (v.varattno == 0) {
      throw Error(errcode::kFeatureNotSupported,
                  "whole-row references to inheritance parents are not supported yet");
    }
    auto copy = std::make_shared<nodes::Var>(v);
    copy->varno = info.child_relid;
    if (v.varattno > 0) copy->varattno = info.attno_map.at(v.varattno - 1);
    return copy;
  });
}

}  // namespace hyrax::planner
