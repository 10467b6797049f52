// Linking an existing table to a parent and unlinking it (PostgreSQL's CreateInheritance /
// MergeAttributesIntoExisting / MergeConstraintsIntoExisting / RemoveInheritance), shared by
// ALTER TABLE ... ATTACH PARTITION / DETACH PARTITION and INHERIT / NO INHERIT
// (alter_table_partition.cpp). CREATE TABLE ... INHERITS / PARTITION OF merge the
// definitions in the analyzer instead (parser/analyze/inherited_columns.h).
#pragma once

#include "common/ids.h"

namespace hyrax::executor::commands {

// Checks that `child` has every column of `parent` with the same type and collation, NOT
// NULL where the parent has it, and every inheritable CHECK constraint of the parent with
// the same definition (42804; 42P17 when the child's is NO INHERIT), then counts them as
// inherited (attinhcount / coninhcount + 1; for a partition attislocal / conislocal become
// false) and stores the pg_inherits link as the child's last parent. Ends with
// CommandCounterIncrement. Requires: AccessExclusiveLock on `child`, a lock on `parent`.
void LinkInheritanceChild(Oid child, Oid parent, bool is_partition);

// The reverse: the link is removed and the inherited counts go down by one (a column or
// constraint no longer inherited from anywhere becomes local). Ends with
// CommandCounterIncrement.
void UnlinkInheritanceChild(Oid child, Oid parent);

}  // namespace hyrax::executor::commands
