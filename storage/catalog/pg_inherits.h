// Inheritance links between relations (PostgreSQL's pg_inherits.c): which tables a table
// inherits from and which are its children (table inheritance and partitions alike). The
// planner expands a parent into its children with FindAllInheritors; DDL writes and removes
// the links. pg_inherits is small and only read by DDL and planning, so it is scanned whole.
#pragma once

#include <vector>

#include "storage/catalog/catalog_rows.h"

namespace hyrax::catalog {

// Records that `child` inherits from `parent` as its `seqno`-th parent and sets the
// parent's relhassubclass. Requires: locks on both relations.
void StoreInheritance(Oid child, Oid parent, int32_t seqno);
// Removes the link child -> parent (or every link of `child` when parent is kInvalidOid).
// relhassubclass of the parent stays set, as in PostgreSQL (cleared lazily by VACUUM there).
void RemoveInheritance(Oid child, Oid parent = kInvalidOid);
// The direct children of `parent`, by OID (PostgreSQL's find_inheritance_children order).
std::vector<Oid> InheritanceChildren(Oid parent);
// The parents of `child` in inhseqno order.
std::vector<Oid> InheritanceParents(Oid child);
// `parent` followed by all its descendants, breadth first, each once (find_all_inheritors).
std::vector<Oid> FindAllInheritors(Oid parent);

}  // namespace hyrax::catalog
