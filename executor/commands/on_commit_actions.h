// ON COMMIT DELETE ROWS / ON COMMIT DROP of temporary tables (PostgreSQL's
// register_on_commit_action / PreCommit_on_commit_actions in tablecmds.c). The actions are
// kept in this backend's memory; at every commit, before the commit record, tables marked
// DELETE ROWS that hold any block are truncated and tables marked DROP are dropped. A
// table created by a transaction that rolled back is simply found missing and forgotten.
#pragma once

#include "common/ids.h"
#include "nodes/ddl_stmts.h"

namespace hyrax::executor::commands {

// Remembers `action` for table `relid` (kNoop and kPreserveRows are ignored).
void RegisterOnCommitAction(Oid relid, nodes::OnCommitAction action);

}  // namespace hyrax::executor::commands
