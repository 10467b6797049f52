// Column defaults of INSERT and UPDATE (see expand_defaults.h).
#include "planner/prep/expand_defaults.h"

#include <map>

#include "common/error.h"
#include "executor/commands/column_sequences.h"
#include "nodes/make_nodes.h"
#include "nodes/serialize.h"
#include "planner/prep/identity_columns.h"
#include "storage/catalog/relcache.h"

namespace hyrax::planner {

namespace {

using nodes::ExprPtr;

bool IsDefaultMarker(const ExprPtr& e) {
  return e && e->tag == nodes::NodeTag::kSetToDefault;
}

// The default of column `attnum` (PostgreSQL's build_column_default), or nullptr.
ExprPtr ColumnDefault(const catalog::RelationData& rel, nodes::AttrNumber attnum) {
  if (ExprPtr identity = executor::commands::IdentityDefault(rel, attnum)) return identity;
  for (const auto& def : rel.defaults) {
    if (def.adnum == attnum) return nodes::StringToNode(def.adbin);
  }
  return nullptr;
}

// What DEFAULT stands for in column `attnum`: its default, else NULL of its type.
ExprPtr DefaultOrNull(const catalog::RelationData& rel, nodes::AttrNumber attnum) {
  if (ExprPtr def = ColumnDefault(rel, attnum)) return def;
  const storage::AttributeDesc& attr = rel.desc->attr(attnum - 1);
  return nodes::MakeNullConst(attr.type_oid, attr.typmod, attr.collation, attr.len, attr.byval);
}

}  // namespace

void ExpandColumnDefaults(nodes::Query* query) {
  if (query->resultRelation == 0) return;
  if (query->commandType != nodes::CmdType::kInsert &&
      query->commandType != nodes::CmdType::kUpdate) {
    return;
  }
  const nodes::RangeTblEntry& target = query->rtable.at(query->resultRelation - 1);
  auto rel = catalog::RelationIdGetRelation(target.relid);
  if (!rel) {
    throw MakeError(errcode::kUndefinedTable, "could not open relation with OID {}", target.relid);
  }
  ApplyIdentityRules(query, *rel);
  // DEFAULT in a single VALUES row or UPDATE SET; while at it, note which VALUES column
  // feeds which table column (INSERT ... VALUES with several rows).
  std::map<std::pair<nodes::Index, nodes::AttrNumber>, nodes::AttrNumber> values_columns;
  for (auto& tle : query->targetList) {
    if (tle.resjunk) continue;
    if (IsDefaultMarker(tle.expr)) {
      tle.expr = DefaultOrNull(*rel, tle.resno);
    } else if (tle.expr && tle.expr->tag == nodes::NodeTag::kVar) {
      const auto& var = *nodes::As<nodes::Var>(tle.expr);
      if (var.varlevelsup == 0) values_columns[{var.varno, var.varattno}] = tle.resno;
    }
  }
  if (query->commandType != nodes::CmdType::kInsert) return;

  // DEFAULT in the rows of a VALUES list.
  for (size_t i = 0; i < query->rtable.size(); ++i) {
    nodes::RangeTblEntry& rte = query->rtable[i];
    if (rte.rtekind != nodes::RteKind::kValues) continue;
    auto rtindex = static_cast<nodes::Index>(i + 1);
    for (auto& row : rte.values_lists) {
      for (size_t col = 0; col < row.size(); ++col) {
        if (!IsDefaultMarker(row[col])) continue;
        auto it = values_columns.find({rtindex, static_cast<nodes::AttrNumber>(col + 1)});
        if (it == values_columns.end()) {
          throw Error(errcode::kInternalError, "DEFAULT in a VALUES list that feeds no column");
        }
        row[col] = DefaultOrNull(*rel, it->second);
      }
    }
  }

  // Omitted columns that have a default.
  const storage::TupleDesc& desc = *rel->desc;
  for (int i = 0; i < desc.natts(); ++i) {
    const storage::AttributeDesc& attr = desc.attr(i);
    if (attr.dropped) continue;
    bool given = false;
    for (const auto& tle : query->targetList) given |= !tle.resjunk && tle.resno == attr.attnum;
    if (given) continue;
    ExprPtr def = ColumnDefault(*rel, attr.attnum);
    if (!def) continue;
    nodes::TargetEntry tle;
    tle.expr = std::move(def);
    tle.resno = attr.attnum;
    tle.resname = attr.name;
    query->targetList.push_back(std::move(tle));
  }
}

}  // namespace hyrax::planner
