// What depends on a sequence about to be dropped (PostgreSQL's findDependentObjects and
// reportDependentObjects, for the dependencies Hyrax records): an identity column owns its
// sequence (2BP01 "... because column c of table t requires it", CASCADE or not); a column
// default that calls nextval on it blocks a RESTRICT drop (2BP01 with a DETAIL line per
// default) and is removed with a NOTICE under CASCADE.
#pragma once

#include <string>
#include <vector>

#include "nodes/ddl_stmts.h"
#include "storage/catalog/catalog_rows.h"
#include "storage/catalog/catalog_scan.h"

namespace hyrax::executor::commands {

// Requires: AccessExclusiveLock on the sequence.
void CheckSequenceDependents(const catalog::PgClass& seq, nodes::DropBehavior behavior);

// Column defaults that depend on an object being dropped (also used for functions).
struct DependentDefault {
  catalog::CatalogRowRef<catalog::PgAttrDef> ref;
  std::string description;  // "default value for column c of table t"
};
// The pg_attrdef rows among `default_oids`, in catalog order.
std::vector<DependentDefault> FindDependentDefaults(const std::vector<Oid>& default_oids);
// Removes a column default (CASCADE): the pg_attrdef row, its dependencies and the column's
// atthasdef. Takes AccessExclusiveLock on the table.
void RemoveDefault(const catalog::CatalogRowRef<catalog::PgAttrDef>& def);

}  // namespace hyrax::executor::commands
