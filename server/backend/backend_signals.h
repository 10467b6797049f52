// Signal handling of a backend process (PostgreSQL's die / StatementCancelHandler /
// quickdie / SIGHUP handler): handlers only set flags from common/interrupts.h, except
// SIGQUIT, which exits at once with code 2 so the postmaster resets shared memory.
//   SIGINT  cancel the running statement (ignored while waiting for a command)
//   SIGTERM terminate the session (FATAL 57P01 at the next interrupt point)
//   SIGQUIT _exit(2) immediately
//   SIGHUP  re-read hyrax.conf before the next command
//   SIGALRM timeouts (server/backend/timeouts.h)
//   SIGPIPE ignored (writes report EPIPE)
#pragma once

#include <csignal>

namespace hyrax::server::backend {

// Set by SIGHUP; the session re-reads the configuration file and clears it.
extern volatile sig_atomic_t g_config_reload_pending;
// Set by the session while it waits for the client's next command: a cancel arriving
// then is dropped, as in PostgreSQL.
extern volatile sig_atomic_t g_doing_command_read;

// Installs the handlers above (without SA_RESTART, so blocked socket calls return EINTR)
// and clears every pending flag. Call first thing in a forked backend.
void InstallBackendSignals();

}  // namespace hyrax::server::backend
