// The relation cache: a per-backend map from relation OID to an immutable descriptor built
// from the catalog through SysCache (pg_class row, tuple descriptor, defaults, constraints,
// indexes, physical file locator). Holders keep a shared_ptr, so invalidation only drops
// the cache entry and the next open rebuilds it; a statement keeps using the descriptor it
// opened (it also holds a relation lock, so DDL cannot change it underneath).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "storage/catalog/catalog_rows.h"
#include "storage/heap/heap_am.h"
#include "storage/heap/tuple_desc.h"

namespace hyrax::catalog {

struct RelationData {
  Oid oid = kInvalidOid;
  PgClass rel;  // the pg_class row
  std::string namespace_name;
  storage::TupleDescPtr desc;  // columns with attnum > 0, dropped ones included
  storage::HeapRelation heap;  // what the heap access method needs
  std::vector<PgAttrDef> defaults;
  std::vector<PgConstraint> constraints;
  std::vector<PgConstraint> referenced_by;  // foreign keys of any table that reference this one
  std::vector<PgIndex> indexes;             // indexes on this relation (pg_index rows)
  std::shared_ptr<const PgIndex> index;     // for an index relation: its own pg_index row
  // For a view: its query as stored in pg_rewrite.ev_action (nodes::QueryToString text;
  // storage/catalog/view_rule.h). Empty otherwise.
  std::string view_action;

  const std::string& name() const { return rel.relname; }
  char relkind() const { return rel.relkind; }
};

using RelationPtr = std::shared_ptr<const RelationData>;

// Returns the descriptor of relation `relid`, or nullptr when it does not exist. Does not
// lock: callers lock first (LockRelationOid), then open.
RelationPtr RelationIdGetRelation(Oid relid);
// Forgets one entry (invalidation message) / all entries (reset).
void RelationCacheInvalidateEntry(Oid relid);
void RelationCacheInvalidate();
// A number that changes whenever relation `relid`'s entry is invalidated in this backend
// (by its own message or by a reset): a statement analyzed while it had one value must be
// analyzed again once it has another (PostgreSQL's plan cache invalidation).
uint64_t RelationInvalidationCount(Oid relid);

}  // namespace hyrax::catalog
