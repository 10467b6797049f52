// Removing relations together with what depends on them (PostgreSQL's dependency.c
// performMultipleDeletions / reportDependentObjects, for the dependencies Hyrax records:
// views on the relations and views they read, foreign keys of other tables referencing
// them; storage/catalog/pg_depend.h). Used by DROP
// TABLE / DROP VIEW, ON COMMIT DROP and the removal of a session's temporary relations.
#pragma once

#include <string>
#include <vector>

#include "common/ids.h"

namespace hyrax::executor::commands {

// Drops the tables, views and sequences `relids` (with their indexes, TOAST tables, view
// rules and owned sequences; a sequence used by column defaults: 2BP01, or the defaults
// removed under `cascade`, sequence_dependents.h).
// Views that read one of them, directly or through other views, are dropped first when
// `cascade` (NOTICE 00000 "drop cascades to view v", or "drop cascades to N other objects"
// with the list as DETAIL, unless `quiet`); otherwise the drop fails with 2BP01 "cannot drop
// table t because other objects depend on it" listing them. Dependent views are locked
// AccessExclusive here. Requires: an open transaction; AccessExclusiveLock on each of
// `relids`.
void PerformRelationDeletions(const std::vector<Oid>& relids, bool cascade, bool quiet);

// "table t" / "view s.v" (PostgreSQL's getObjectDescription for relations: the name is
// qualified when the search path would not find it).
std::string DescribeRelation(Oid relid);

// DROP SCHEMA's report: for each of `relids` (the schema's relations) "<relation> depends on
// <owner>", followed by the views outside `relids` that read it ("view v depends on table
// s.t", directly or through other views), in PostgreSQL's depth-first order. Locks those
// views AccessExclusive.
std::vector<std::string> MemberDependencyReport(const std::vector<Oid>& relids,
                                                const std::string& owner);

// ALTER TABLE DROP COLUMN: `views` read column `column_name` of `relid`.
// Without `cascade` throws 2BP01 "cannot drop column a of table t because other objects
// depend on it" listing them (and the views that read them); with it, NOTICE "drop cascades
// to ..." and drops them. Requires: AccessExclusiveLock on `relid`.
void DropColumnDependentViews(Oid relid, const std::string& column_name,
                              const std::vector<Oid>& views, bool cascade);

// The NOTICE of a CASCADE drop (PostgreSQL's reportDependentObjects): "drop cascades to
// <object>" for one object, else "drop cascades to N other objects" with one DETAIL line
// each. Nothing for an empty list.
void ReportCascade(const std::vector<std::string>& objects);

}  // namespace hyrax::executor::commands
