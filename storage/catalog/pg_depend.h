// Dependencies between catalog objects (PostgreSQL's pg_depend.c): rows of pg_depend saying
// that one object needs another. Views record here which relations their query reads, so
// DROP can refuse (RESTRICT) or extend (CASCADE) the removal of a relation that a view
// still uses (executor/commands/drop_relations.cpp walks these rows).
#pragma once

#include <vector>

#include "storage/catalog/catalog_rows.h"

namespace hyrax::catalog {

// deptype values: normal (RESTRICT refuses the drop, CASCADE drops the dependent), auto (the
// dependent goes silently with the referenced object: a serial column's sequence), internal
// (the dependent is part of the referenced object: a view's rule, an identity sequence).
inline constexpr char kDependencyNormal = 'n';
inline constexpr char kDependencyAuto = 'a';
inline constexpr char kDependencyInternal = 'i';

// A catalog object: the catalog it lives in (pg_class, pg_rewrite, ...), its OID and, for
// a column of a relation, its attnum (0 = the whole object).
struct ObjectAddress {
  Oid classid = kInvalidOid;
  Oid objid = kInvalidOid;
  int32_t objsubid = 0;
};

// Records that `depender` depends on `referenced` with `deptype` (above). Requires: an open
// transaction.
void RecordDependency(const ObjectAddress& depender, const ObjectAddress& referenced, char deptype);
// Deletes every dependency row whose depender is (classid, objid), any sub-id.
void DeleteDependencies(Oid classid, Oid objid);
// The rows whose referenced object is (refclassid, refobjid), any sub-id, in catalog order.
std::vector<PgDepend> DependentsOf(Oid refclassid, Oid refobjid);

}  // namespace hyrax::catalog
