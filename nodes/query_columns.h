// The columns of relations a Query reads, at every query level (PostgreSQL's
// find_expr_references_walker applied to a view's query, for the column dependencies it
// records): Vars are resolved to the range-table entry they name, join alias Vars to the
// join's inputs. CREATE VIEW records them in pg_depend so that ALTER TABLE DROP COLUMN /
// ALTER COLUMN TYPE can find the views that use a column.
#pragma once

#include <vector>

#include "nodes/parsenodes.h"

namespace hyrax::nodes {

struct RelationColumn {
  Oid relid = kInvalidOid;
  AttrNumber attnum = 0;  // 0: the whole row
};

// Every (relation, column) a Var of `query` reads, once each, in order of first appearance.
// Entries that stand for a relation are plain relation entries and references to views
// (subquery entries with the view's OID).
std::vector<RelationColumn> RelationColumnsRead(const Query& query);

}  // namespace hyrax::nodes
