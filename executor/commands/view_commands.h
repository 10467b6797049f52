// CREATE [OR REPLACE] [TEMP] VIEW (PostgreSQL's view.c DefineView / DefineVirtualRelation /
// checkViewTupleDesc). A view is a pg_class row of relkind 'v' with pg_attribute rows for
// its columns and no storage, plus its "_RETURN" rule holding the analyzed query
// (storage/catalog/view_rule.h) and pg_depend rows for the relations the query reads. Views
// the query reads are stored as references (subquery RTEs with the view's OID and no
// subquery), expanded again each time the view is used (parser/analyze/view_expansion.cpp),
// so replacing an inner view changes the outer one, as in PostgreSQL.
#pragma once

#include "common/ids.h"
#include "nodes/ddl_stmts.h"

namespace hyrax::executor::commands {

// Creates or replaces the view; returns its OID. A view over a temporary relation becomes
// temporary (NOTICE "view \"v\" will be a temporary view"; 42P16 when its schema was
// named). Errors as PostgreSQL: 42P07 when the name is taken (without OR REPLACE), 42809
// "\"x\" is not a view", 42P16 "cannot drop columns from view" / "cannot change name of
// view column ..." / "cannot change data type of view column ..." for an incompatible
// replacement, 42P16 for pseudo-typed columns. Requires: an open transaction.
Oid DefineView(const nodes::CreateViewStmt& stmt, Oid owner);

// PostgreSQL's OIDs of a system view `hyrax init` creates: the view, its row type (already
// in pg_type.tsv, so no types are made) and its "_RETURN" rule.
struct SystemViewOids {
  Oid relid = kInvalidOid;
  Oid rowtype = kInvalidOid;
  Oid rule = kInvalidOid;
};
// DefineView for a system view (server/engine/system_views.cpp): the same checks and
// catalog rows, with fixed OIDs. Requires: an open transaction; no view of that name.
Oid DefineSystemView(const nodes::CreateViewStmt& stmt, Oid owner, const SystemViewOids& oids);

}  // namespace hyrax::executor::commands
