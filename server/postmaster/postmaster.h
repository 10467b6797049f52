// The postmaster: owns the listening sockets (Boost.Asio, confined to the .cpp files),
// forks one backend per connection and the auxiliary processes, reaps children, resets
// shared memory after a crash, and runs PostgreSQL's smart / fast / immediate shutdowns.
// server/postmaster/README.md has the state machine, signals and exit codes.
#pragma once

#include <string>

#include "server/backend/session.h"
#include "server/postmaster/server_hooks.h"

namespace hyrax::server::postmaster {

struct PostmasterOptions {
  std::string data_directory;  // absolute; the postmaster chdir's into it
  ServerHooks hooks;
  backend::EngineFactory engine_factory;  // called in each forked backend
};

// Runs the postmaster in this process until it shuts down and returns the exit code: 0
// after a clean shutdown, 1 when it could not start (lock file, sockets, startup process
// failure; logged as FATAL). Requires: RegisterServerGucs() ran and hyrax.conf / -c were
// applied; hba_file is loadable. Forked children never return from it.
int RunPostmaster(const PostmasterOptions& options);

}  // namespace hyrax::server::postmaster
