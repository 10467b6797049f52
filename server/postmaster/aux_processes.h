// The auxiliary processes the postmaster forks: the startup process (crash recovery,
// once per start and after every crash reset) and the checkpointer (periodic checkpoints,
// and the shutdown checkpoint when the postmaster sends SIGUSR2). Both run the engine's
// work through ServerHooks. Signals: SIGQUIT exits at once (code 2); the checkpointer
// ignores SIGTERM (it outlives the backends at shutdown) and re-reads hyrax.conf on SIGHUP.
#pragma once

#include "server/postmaster/server_hooks.h"

namespace hyrax::server::postmaster {

// Returns the exit code: 0 when recovery finished, 1 when it failed (logged as FATAL).
int RunStartupProcess(const ServerHooks& hooks);

// Loops until the postmaster asks for the shutdown checkpoint; returns 0 after it, 1 if
// it failed.
int RunCheckpointer(const ServerHooks& hooks);

}  // namespace hyrax::server::postmaster
