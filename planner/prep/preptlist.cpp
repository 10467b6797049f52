// Target lists of INSERT/UPDATE/DELETE (see preptlist.h).
#include "planner/prep/preptlist.h"

#include <algorithm>
#include <optional>

#include "common/error.h"
#include "nodes/make_nodes.h"
#include "planner/prep/inherit.h"
#include "planner/prep/merge_assignments.h"
#include "storage/catalog/relcache.h"

namespace hyrax::planner {

namespace {

constexpr Oid kTidType = 27;
constexpr Oid kOidType = 26;

nodes::TargetEntry CtidEntry(nodes::Index result_rti, nodes::AttrNumber resno) {
  nodes::TargetEntry tle;
  tle.expr =
      nodes::MakeVar(result_rti, nodes::kSelfItemPointerAttributeNumber, kTidType, -1, kInvalidOid);
  tle.resno = resno;
  tle.resname = "ctid";
  tle.resjunk = true;
  return tle;
}

}  // namespace

void AppendMultiExprSublinks(const nodes::TargetList& from, nodes::TargetList* out) {
  for (const auto& tle : from) {
    if (!tle.resjunk || tle.expr->tag != nodes::NodeTag::kSubLink) continue;
    if (nodes::As<nodes::SubLink>(tle.expr)->subLinkType != nodes::SubLinkType::kMultiExpr) {
      continue;
    }
    nodes::TargetEntry copy = tle;
    copy.resno = static_cast<nodes::AttrNumber>(out->size() + 1);
    out->push_back(std::move(copy));
  }
}

std::vector<nodes::AttrNumber> PreprocessTargetList(nodes::Query* query) {
  std::vector<nodes::AttrNumber> update_colnos;
  if (query->resultRelation == 0) return update_colnos;
  const nodes::RangeTblEntry& rte = query->rtable.at(query->resultRelation - 1);
  auto rel = catalog::RelationIdGetRelation(rte.relid);
  if (!rel)
    throw MakeError(errcode::kUndefinedTable, "could not open relation with OID {}", rte.relid);
  const storage::TupleDesc& desc = *rel->desc;
  nodes::TargetList out;
  switch (query->commandType) {
    case nodes::CmdType::kInsert: {
      for (int i = 0; i < desc.natts(); ++i) {
        const auto& attr = desc.attr(i);
        std::optional<nodes::TargetEntry> given;
        for (const auto& tle : query->targetList) {
          if (tle.resjunk || tle.resno != attr.attnum) continue;
          if (given) {
            given->expr = MergeColumnAssignments(given->expr, tle.expr, attr.name);
          } else {
            given = tle;
          }
        }
        nodes::TargetEntry tle;
        if (given && !attr.dropped) {
          tle = *given;
        } else {
          // Omitted column without a default (ExpandColumnDefaults added the others) or
          // dropped column: NULL of the column type.
          tle.expr =
              nodes::MakeNullConst(attr.dropped ? 23 : attr.type_oid, attr.typmod, attr.collation,
                                   attr.dropped ? 4 : attr.len, attr.dropped ? true : attr.byval);
          tle.resname = attr.name;
        }
        tle.resno = attr.attnum;
        out.push_back(std::move(tle));
      }
      break;
    }
    case nodes::CmdType::kUpdate: {
      for (const auto& tle : query->targetList) {
        if (tle.resjunk) continue;
        auto same = std::find(update_colnos.begin(), update_colnos.end(), tle.resno);
        if (same != update_colnos.end()) {
          // SET c.f1 = x, c.f2 = y: one assignment of the column.
          auto& earlier = out[same - update_colnos.begin()];
          earlier.expr = MergeColumnAssignments(earlier.expr, tle.expr, tle.resname);
          continue;
        }
        update_colnos.push_back(tle.resno);
        nodes::TargetEntry copy = tle;
        copy.resno = static_cast<nodes::AttrNumber>(out.size() + 1);
        out.push_back(std::move(copy));
      }
      AppendMultiExprSublinks(query->targetList, &out);
      out.push_back(
          CtidEntry(query->resultRelation, static_cast<nodes::AttrNumber>(out.size() + 1)));
      break;
    }
    case nodes::CmdType::kDelete:
      out.push_back(CtidEntry(query->resultRelation, 1));
      break;
    default:
      return update_colnos;
  }
  // Several result relations (an inheritance parent's children): the row's table tells
  // ModifyTable which one it belongs to (PostgreSQL 14+'s junk "tableoid").
  if (HasInheritanceChildren(rte)) {
    nodes::TargetEntry tle;
    tle.expr = nodes::MakeVar(query->resultRelation, nodes::kTableOidAttributeNumber, kOidType, -1,
                              kInvalidOid);
    tle.resno = static_cast<nodes::AttrNumber>(out.size() + 1);
    tle.resname = "tableoid";
    tle.resjunk = true;
    out.push_back(std::move(tle));
  }
  query->targetList = std::move(out);
  return update_colnos;
}

}  // namespace hyrax::planner
