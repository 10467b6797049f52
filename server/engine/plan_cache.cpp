// Prepared statement revalidation (see plan_cache.h).
#include "server/engine/plan_cache.h"

#include <algorithm>

#include "common/error.h"
#include "nodes/range_table_walk.h"
#include "parser/raw/raw_parser.h"
#include "server/engine/analysis_options.h"
#include "server/engine/statement_runner.h"
#include "storage/catalog/inval.h"
#include "storage/catalog/relcache.h"
#include "storage/lmgr/lock_manager.h"

namespace hyrax::server::engine {

namespace {

// PostgreSQL's equalTupleDescs as RevalidateCachedQuery uses it: names, types, typmods.
bool SameResultShape(const nodes::Query& a, const nodes::Query& b) {
  auto left = QueryResultColumns(a, {});
  auto right = QueryResultColumns(b, {});
  if (left.has_value() != right.has_value()) return false;
  if (!left) return true;
  return std::equal(
      left->begin(), left->end(), right->begin(), right->end(), [](const auto& x, const auto& y) {
        return x.name == y.name && x.type_oid == y.type_oid && x.type_modifier == y.type_modifier;
      });
}

}  // namespace

std::vector<RelationStamp> StampRelations(const nodes::Query& query) {
  std::vector<RelationStamp> stamps;
  // The walk hands out mutable entries; it changes nothing here.
  nodes::ForEachRangeTableEntry(const_cast<nodes::Query&>(query), [&](nodes::RangeTblEntry& rte) {
    if (rte.relid == kInvalidOid) return;
    bool seen = std::any_of(stamps.begin(), stamps.end(),
                            [&](const RelationStamp& s) { return s.relid == rte.relid; });
    if (!seen) stamps.push_back({rte.relid, catalog::RelationInvalidationCount(rte.relid)});
  });
  return stamps;
}

void RevalidatePreparedStatement(PreparedStatement& ps) {
  if (!ps.query || ps.query->commandType == nodes::CmdType::kUtility) return;
  // Locks first, then the messages committed before we got them (PostgreSQL's
  // AcquirePlannerLocks; LockRelationOid itself does not read the queue here).
  for (const auto& stamp : ps.relation_stamps) {
    storage::LockRelationOid(stamp.relid, storage::LockMode::kAccessShare);
  }
  catalog::AcceptInvalidationMessages();
  bool stale = false;
  for (const auto& stamp : ps.relation_stamps) {
    stale |= catalog::RelationInvalidationCount(stamp.relid) != stamp.count;
  }
  if (!stale) return;
  if (ps.source_text.empty()) {
    throw Error(errcode::kFeatureNotSupported, "cached plan must not change result type");
  }
  if (!ps.memory) ps.memory = std::make_unique<MemoryContext>("PreparedStatement");
  MemoryContextScope scope(ps.memory.get());
  std::vector<parser::raw::RawStatement> raws = parser::raw::RawParse(ps.source_text);
  if (raws.size() != 1) {
    throw Error(errcode::kFeatureNotSupported, "cached plan must not change result type");
  }
  parser::AnalyzeOptions options = LockingAnalyzeOptions();
  options.param_types = ps.param_types;
  nodes::QueryPtr fresh = parser::Analyze(raws[0], options);
  if (!SameResultShape(*ps.query, *fresh)) {
    throw Error(errcode::kFeatureNotSupported, "cached plan must not change result type");
  }
  ps.query = fresh;
  ps.relation_stamps = StampRelations(*fresh);
}

}  // namespace hyrax::server::engine
