// Checking the existing rows of a table against a foreign key (PostgreSQL's
// RI_Initial_Check, run by ALTER TABLE ... ADD FOREIGN KEY and VALIDATE CONSTRAINT).
#pragma once

#include "storage/catalog/catalog_rows.h"

namespace hyrax::executor::ri {

// Reads every row of con.conrelid visible to a fresh snapshot and looks its key up in
// con.confrelid as the per-row check does; throws 23503 for the first row whose key is
// missing (or, MATCH FULL, partly NULL). Requires: the constraint row is visible
// (CommandCounterIncrement after storing it); locks on both tables that keep rows from
// changing (ShareRowExclusiveLock or stronger).
void ValidateForeignKey(const catalog::PgConstraint& con);

}  // namespace hyrax::executor::ri
