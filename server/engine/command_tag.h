// Command tags (PostgreSQL's cmdtaglist.h): the name of a statement as the session shows it
// in its process title (BeginStatement) and as CommandComplete reports it. Plannable
// statements get their row counts added later (protocol_dest.h CommandTagFor).
#pragma once

#include <string>

#include "nodes/parsenodes.h"

namespace hyrax::server::engine {

// The tag of an analyzed statement without counts: "SELECT", "INSERT", "CREATE TABLE",
// "BEGIN", "SET" ...
std::string StatementTag(const nodes::Query& query);

// The CommandComplete tag of a utility statement that ran without a special outcome
// (COMMIT of a failed block reports ROLLBACK; that case is decided by the runner).
std::string UtilityCommandTag(const nodes::UtilityStmt& stmt);

}  // namespace hyrax::server::engine
