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

namespace hyrax::executor::commands {

// Requires: AccessExclusiveLock on the sequence.
void CheckSequenceDependents(const catalog::PgClass& seq, nodes::DropBehavior behavior);

}  // namespace hyrax::executor::commands
