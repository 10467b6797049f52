// View expansion (see view_expansion.h).
#include "parser/analyze/view_expansion.h"

#include "common/error.h"
#include "nodes/range_table_walk.h"
#include "nodes/serialize.h"
#include "storage/catalog/relcache.h"
#include "storage/lmgr/lock_manager.h"

namespace hyrax::parser {

namespace {

void Lock(ParseState& ps, Oid relid, int lockmode) {
  if (ps.hooks && ps.hooks->lock_relation) ps.hooks->lock_relation(relid, lockmode);
}

// Locks what the query reads and fills in the views it references (each of which the walk
// then enters, so nested views are expanded and locked too). A view that reaches itself
// through CREATE OR REPLACE ends in the walk's stack-depth check (54001).
void ExpandReferences(ParseState& ps, nodes::Query& query) {
  nodes::ForEachRangeTableEntry(query, [&](nodes::RangeTblEntry& rte) {
    if (rte.relid == kInvalidOid) return;
    int lockmode =
        rte.rellockmode != 0 ? rte.rellockmode : static_cast<int>(storage::LockMode::kAccessShare);
    if (rte.rtekind == nodes::RteKind::kRelation) {
      Lock(ps, rte.relid, lockmode);
    } else if (rte.rtekind == nodes::RteKind::kSubquery && rte.relkind == 'v') {
      Lock(ps, rte.relid, lockmode);
      rte.subquery = StoredViewQuery(rte.relid);
    }
  });
}

}  // namespace

QueryPtr StoredViewQuery(Oid view_oid) {
  catalog::RelationPtr rel = catalog::RelationIdGetRelation(view_oid);
  if (!rel || rel->view_action.empty()) {
    throw MakeError(errcode::kInternalError, "could not find the query of view with OID {}",
                    view_oid);
  }
  return nodes::StringToQuery(rel->view_action);
}

void ExpandViewRte(ParseState& ps, Index rtindex) {
  Oid view_oid = ps.Rte(rtindex).relid;
  QueryPtr query = StoredViewQuery(view_oid);
  ExpandReferences(ps, *query);
  nodes::RangeTblEntry& rte = ps.Rte(rtindex);
  rte.rtekind = nodes::RteKind::kSubquery;
  rte.subquery = std::move(query);
  rte.inh = false;
}

}  // namespace hyrax::parser
