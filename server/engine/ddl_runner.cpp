// RunTableDdl (ddl_runner.h). Placeholder until executor/commands lands in this branch.
#include "server/engine/ddl_runner.h"

#include "common/error.h"
#include "server/engine/command_tag.h"

namespace hyrax::server::engine {

std::string RunTableDdl(const nodes::UtilityStmt& stmt, const SessionContext&) {
  throw MakeError(errcode::kFeatureNotSupported, "{} is not supported yet",
                  UtilityCommandTag(stmt));
}

}  // namespace hyrax::server::engine
