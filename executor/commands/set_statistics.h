// ALTER TABLE ... ALTER [COLUMN] c SET STATISTICS n (PostgreSQL's ATExecSetStatistics):
// stores the per-column statistics target in pg_attribute.attstattarget (-1: use
// default_statistics_target, 0: ANALYZE skips the column), which analyze.cpp reads for the
// sample size, MCV list length and histogram size. Called by the ALTER TABLE dispatch
// (executor/commands/alter_table.cpp).
#pragma once

#include "nodes/utility_stmts.h"

namespace hyrax::executor::commands {

// One SET STATISTICS subcommand on `relid` (locked by the caller; the analyzer checked the
// relation kind and the column, parser/analyze/analyze_alter_table.cpp): checks the target
// (22023 "statistics target n is too low" below -1, WARNING 22023 and 10000 above it), then
// updates pg_attribute. Requires: an open transaction (not read-only).
void ExecSetStatistics(Oid relid, const nodes::AlterTableCmd& cmd);

}  // namespace hyrax::executor::commands
