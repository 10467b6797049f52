// Identity columns in INSERT and UPDATE (see identity_columns.h).
#include "planner/prep/identity_columns.h"

#include <algorithm>

#include "common/error.h"

namespace hyrax::planner {

namespace {

bool IsDefaultMarker(const nodes::ExprPtr& e) {
  return e && e->tag == nodes::NodeTag::kSetToDefault;
}

nodes::ExprPtr MakeDefaultMarker(const nodes::ExprPtr& like) {
  auto marker = std::make_shared<nodes::SetToDefault>();
  marker->result_type = like->result_type;
  marker->result_typmod = like->result_typmod;
  marker->result_collation = like->result_collation;
  return marker;
}

// The VALUES range-table entry and column a target entry reads, when it reads one.
struct ValuesColumn {
  nodes::RangeTblEntry* rte = nullptr;
  size_t column = 0;
};
ValuesColumn ValuesColumnOf(nodes::Query* query, const nodes::ExprPtr& expr) {
  if (!expr || expr->tag != nodes::NodeTag::kVar) return {};
  const auto& var = *nodes::As<nodes::Var>(expr);
  if (var.varlevelsup != 0 || var.varno == 0 || var.varno > query->rtable.size()) return {};
  nodes::RangeTblEntry& rte = query->rtable[var.varno - 1];
  if (rte.rtekind != nodes::RteKind::kValues || var.varattno < 1) return {};
  return {&rte, static_cast<size_t>(var.varattno - 1)};
}

bool AllDefault(const ValuesColumn& vc) {
  return std::all_of(vc.rte->values_lists.begin(), vc.rte->values_lists.end(),
                     [&](const nodes::ExprList& row) { return IsDefaultMarker(row[vc.column]); });
}

void UseDefault(nodes::TargetEntry& tle, const ValuesColumn& vc) {
  if (vc.rte == nullptr) {
    tle.expr = MakeDefaultMarker(tle.expr);
    return;
  }
  for (auto& row : vc.rte->values_lists) row[vc.column] = MakeDefaultMarker(row[vc.column]);
}

Error GeneratedAlways(const std::string& message, const std::string& column) {
  return Error(errcode::kGeneratedAlways, message)
      .Detail(
          fmt::format("Column \"{}\" is an identity column defined as GENERATED ALWAYS.", column));
}

}  // namespace

void ApplyIdentityRules(nodes::Query* query, const catalog::RelationData& rel) {
  const storage::TupleDesc& desc = *rel.desc;
  const bool insert = query->commandType == nodes::CmdType::kInsert;
  for (auto& tle : query->targetList) {
    if (tle.resjunk || tle.resno < 1 || tle.resno > desc.natts()) continue;
    const storage::AttributeDesc& attr = desc.attr(tle.resno - 1);
    if (attr.identity == '\0' || IsDefaultMarker(tle.expr)) continue;
    if (!insert) {
      if (attr.identity == 'a') {
        throw GeneratedAlways(
            fmt::format("column \"{}\" can only be updated to DEFAULT", attr.name), attr.name);
      }
      continue;
    }
    ValuesColumn vc = ValuesColumnOf(query, tle.expr);
    if (vc.rte != nullptr && AllDefault(vc)) continue;
    if (query->override == nodes::OverridingKind::kUserValue) {
      UseDefault(tle, vc);
    } else if (attr.identity == 'a' && query->override != nodes::OverridingKind::kSystemValue) {
      throw GeneratedAlways(
          fmt::format("cannot insert a non-DEFAULT value into column \"{}\"", attr.name), attr.name)
          .Hint("Use OVERRIDING SYSTEM VALUE to override.");
    }
  }
}

}  // namespace hyrax::planner
