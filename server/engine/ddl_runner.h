// Table DDL (CREATE TABLE/VIEW/SEQUENCE/SCHEMA, ALTER SEQUENCE, COMMENT, DROP, TRUNCATE) as
// the backend runs it: hands the bound statement to executor/commands with the session's
// role as owner.
#pragma once

#include <string>

#include "nodes/parsenodes.h"
#include "server/engine/statement_runner.h"

namespace hyrax::server::engine {

// Returns the command tag.
std::string RunTableDdl(const nodes::UtilityStmt& stmt, const SessionContext& session);

}  // namespace hyrax::server::engine
