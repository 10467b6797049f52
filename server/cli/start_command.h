// `hyrax start`: reads hyrax.conf and the command-line settings into the GUC registry
// (command line outranks the file), then runs the postmaster in the foreground, logging
// to stderr.
#pragma once

#include "server/backend/session.h"
#include "server/cli/cli_args.h"
#include "server/postmaster/server_hooks.h"

namespace hyrax::server::cli {

// Applies `args` and the data directory's hyrax.conf to the registry: data_directory,
// config_file and hba_file default to files inside the data directory. Throws Error FATAL
// for a missing data directory or any bad setting. Requires: RegisterServerGucs() ran.
void LoadStartConfiguration(const CliArgs& args);

// LoadStartConfiguration, then the postmaster. Returns the exit code.
int RunStart(const CliArgs& args, const postmaster::ServerHooks& hooks,
             const backend::EngineFactory& engine_factory);

}  // namespace hyrax::server::cli
