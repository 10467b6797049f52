// The backend's side of the PL/pgSQL interpreter (executor/plpgsql/plpgsql_hooks.h): the
// PL/pgSQL grammar from parser/raw, and the analysis and planning of the SQL embedded in a
// body with the function's variables as named parameters. Installed by
// HyraxEngine::InitProcess.
#pragma once

namespace hyrax::server::engine {

void RegisterPlpgsqlSupport();

}  // namespace hyrax::server::engine
