// The row phase of ALTER TABLE (PostgreSQL's ATRewriteTables / ATRewriteTable): checking
// every row of a table against new NOT NULL and CHECK constraints, and rewriting a table
// into new files when a column's stored form changes (ALTER COLUMN TYPE, ADD COLUMN with a
// volatile default or an identity/serial column). executor/commands/README.md "ALTER TABLE".
#pragma once

#include <string>
#include <vector>

#include "nodes/primnodes.h"
#include "storage/catalog/relcache.h"

namespace hyrax::executor::commands {

// A CHECK constraint to verify: its name and its condition (Vars of the table, varno 1).
struct RowCheck {
  std::string name;
  nodes::ExprPtr expr;
};

// Reads every row of `relid` visible to a fresh snapshot (the caller holds
// AccessExclusiveLock, so that is every live row) and throws 23502 "column \"c\" of
// relation \"t\" contains null values" for a NULL in a `not_null` column, 23514 "check
// constraint \"k\" of relation \"t\" is violated by some row" for a row a check finds false.
void VerifyTableRows(Oid relid, const std::vector<int16_t>& not_null,
                     const std::vector<RowCheck>& checks);

// The new value of column `attnum`: `expr` evaluated over the row as it was stored before
// the ALTER (Vars of `old_rel`'s descriptor, varno 1).
struct ColumnTransform {
  int16_t attnum = 0;
  nodes::ExprPtr expr;
};

// Rewrites the table: its heap and TOAST table get new relfilenodes (the new files are
// removed if the transaction aborts, the old ones when it commits, as PostgreSQL's
// RelationSetNewRelfilenumber), every visible row is read with `old_rel` (the relcache
// entry from before the catalog changes), transformed, formed with the current descriptor
// (columns without a transform keep their value; dropped ones become NULL) and inserted
// WAL-logged; then every index gets a new file and is rebuilt, and fast-default missing
// values are cleared. Requires: AccessExclusiveLock; the catalog changes made visible
// (CommandCounterIncrement) but `old_rel`'s files untouched.
void RewriteTable(const catalog::RelationPtr& old_rel,
                  const std::vector<ColumnTransform>& transforms);

}  // namespace hyrax::executor::commands
