// `hyrax init`: creates a data directory (the layout of docs/architecture.md section 4,
// hyrax.conf with PostgreSQL-style commented defaults and ssl = on, hba.conf trusting local
// and loopback connections or using --auth, a local certificate authority and a server
// certificate for localhost, the mock-authentication nonce), then bootstraps the catalogs
// through the engine's hook in this one process (no postmaster).
#pragma once

#include "server/cli/cli_args.h"
#include "server/postmaster/server_hooks.h"

namespace hyrax::server::cli {

// Writes hba.conf text for `auth_method` (validated by parsing it).
std::string InitialHbaConfig(const std::string& auth_method);

// Creates the directory layout, configuration files, certificates (root.crt, root.key,
// server.crt, server.key) and mock_auth_nonce only. Throws Error (FATAL) when
// the directory exists and is not empty ("directory \"%s\" exists but is not empty"), or
// cannot be created. Requires: RegisterServerGucs() ran.
void CreateDataDirectory(const CliArgs& args);

// The whole `hyrax init`: CreateDataDirectory, then shared memory and hooks.bootstrap.
// Returns the exit code (0, or 1 after logging the error).
int RunInit(const CliArgs& args, const postmaster::ServerHooks& hooks);

}  // namespace hyrax::server::cli
