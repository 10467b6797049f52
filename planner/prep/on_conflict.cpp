// ON CONFLICT planning (see on_conflict.h).
#include "planner/prep/on_conflict.h"

#include <algorithm>
#include <set>

#include "common/assert.h"
#include "common/error.h"
#include "nodes/make_nodes.h"
#include "planner/prep/preptlist.h"
#include "storage/catalog/relcache.h"
#include "storage/catalog/syscache.h"

namespace hyrax::planner {

namespace {

catalog::RelationPtr ResultRelation(const nodes::Query& query) {
  const auto& rte = query.rtable.at(query.resultRelation - 1);
  catalog::RelationPtr rel = catalog::RelationIdGetRelation(rte.relid);
  HYRAX_CHECK(rel != nullptr, "could not open ON CONFLICT target relation");
  return rel;
}

// The index behind ON CONFLICT ON CONSTRAINT (get_constraint_index).
Oid ConstraintIndex(Oid relid, Oid constraint) {
  for (const auto& con : catalog::Syscache().ConstraintsOf(relid)) {
    if (con.oid == constraint && (con.contype == 'p' || con.contype == 'u' || con.contype == 'x')) {
      return con.conindid;
    }
  }
  return kInvalidOid;
}

}  // namespace

void PreprocessOnConflict(nodes::Query* query) {
  if (!query->onConflict || query->onConflict->action != nodes::OnConflictAction::kUpdate) return;
  auto oc = std::make_shared<nodes::OnConflictExpr>(*query->onConflict);
  catalog::RelationPtr rel = ResultRelation(*query);
  const auto& desc = *rel->desc;
  nodes::TargetList full;
  for (int att_idx = 0; att_idx < desc.natts(); ++att_idx) {
    const auto attno = static_cast<nodes::AttrNumber>(att_idx + 1);
    const auto& attr = desc.attr(att_idx);
    auto assigned = std::find_if(oc->onConflictSet.begin(), oc->onConflictSet.end(),
                                 [&](const nodes::TargetEntry& tle) { return tle.resno == attno; });
    nodes::TargetEntry tle;
    if (assigned != oc->onConflictSet.end()) {
      tle = *assigned;
    } else {
      tle.resno = attno;
      tle.resname = attr.dropped ? "" : attr.name;
      tle.expr = attr.dropped
                     ? nodes::ExprPtr(nodes::MakeNullConst(attr.type_oid, -1, kInvalidOid, 4, true))
                     : nodes::ExprPtr(nodes::MakeVar(query->resultRelation, attno, attr.type_oid,
                                                     attr.typmod, attr.collation));
    }
    full.push_back(std::move(tle));
  }
  AppendMultiExprSublinks(oc->onConflictSet, &full);
  oc->onConflictSet = std::move(full);
  query->onConflict = std::move(oc);
}

std::vector<Oid> InferArbiterIndexes(const nodes::Query& query) {
  const nodes::OnConflictExpr& oc = *query.onConflict;
  catalog::RelationPtr rel = ResultRelation(query);
  Oid from_constraint = kInvalidOid;
  if (oc.constraint != kInvalidOid) {
    from_constraint = ConstraintIndex(rel->oid, oc.constraint);
    if (from_constraint == kInvalidOid) {
      throw Error(errcode::kWrongObjectType,
                  "constraint in ON CONFLICT clause has no associated index");
    }
  }
  // DO NOTHING without a target: every unique index arbitrates.
  if (from_constraint == kInvalidOid && oc.arbiterElems.empty()) return {};
  std::set<nodes::AttrNumber> infer_attrs;
  bool has_expression = false;
  for (const auto& elem : oc.arbiterElems) {
    const auto* ie = nodes::As<nodes::InferenceElem>(elem.get());
    if (ie->expr->tag == nodes::NodeTag::kVar) {
      infer_attrs.insert(nodes::As<nodes::Var>(ie->expr.get())->varattno);
    } else {
      has_expression = true;  // Hyrax has no expression indexes to match it
    }
  }
  std::vector<catalog::PgIndex> indexes = rel->indexes;
  std::sort(indexes.begin(), indexes.end(),
            [](const auto& a, const auto& b) { return a.indexrelid < b.indexrelid; });
  std::vector<Oid> result;
  for (const auto& index : indexes) {
    if (!index.indisvalid) continue;
    if (from_constraint != kInvalidOid) {
      if (index.indexrelid == from_constraint) return {index.indexrelid};
      continue;
    }
    if (!index.indisunique || index.indpred.has_value() || has_expression) continue;
    std::set<nodes::AttrNumber> indexed;
    bool plain = true;
    for (int col = 0; col < index.indnkeyatts; ++col) {
      if (index.indkey.at(col) == 0) plain = false;
      indexed.insert(index.indkey.at(col));
    }
    if (plain && indexed == infer_attrs) result.push_back(index.indexrelid);
  }
  if (result.empty()) {
    throw Error(errcode::kInvalidColumnReference,
                "there is no unique or exclusion constraint matching the ON CONFLICT "
                "specification");
  }
  return result;
}

}  // namespace hyrax::planner
