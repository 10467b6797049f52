// COMMENT ON (PostgreSQL's commands/comment.c CreateComments): one pg_description row per
// commented object, replaced by a new comment and removed by COMMENT ... IS NULL or ''.
// Comments of a relation and its columns go away with the relation (heap_create.h).
#pragma once

#include "nodes/ddl_stmts.h"

namespace hyrax::executor::commands {

// Takes ShareUpdateExclusiveLock on a commented relation, as PostgreSQL does.
// Requires: an open transaction (not read-only).
void CommentObject(const nodes::CommentStmt& stmt);

}  // namespace hyrax::executor::commands
