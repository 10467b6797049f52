// The autovacuum processes the postmaster forks (PostgreSQL's autovacuum launcher and
// workers, analyze only): the launcher wakes every autovacuum_naptime, asks the engine
// (ServerHooks::autovacuum_launcher_step) whether some database has tables over the
// analyze threshold and, if so, sends SIGUSR1 to the postmaster, which forks one worker
// (ServerHooks::autovacuum_worker) to ANALYZE them. Signals: SIGQUIT exits at once (code 2),
// SIGTERM ends the launcher cleanly (shutdown), SIGHUP re-reads hyrax.conf. The worker
// handles signals as a backend does. server/postmaster/README.md "Autovacuum".
#pragma once

#include "server/postmaster/server_hooks.h"

namespace hyrax::server::postmaster {

// Loops until SIGTERM; returns 0 then.
int RunAutovacuumLauncher(const ServerHooks& hooks);

// Returns the worker's exit code.
int RunAutovacuumWorker(const ServerHooks& hooks);

}  // namespace hyrax::server::postmaster
