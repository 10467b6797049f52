// Backend signal handlers (see server/backend/backend_signals.h).
#include "server/backend/backend_signals.h"

#include <unistd.h>

#include "common/interrupts.h"
#include "server/backend/timeouts.h"

namespace hyrax::server::backend {

volatile sig_atomic_t g_config_reload_pending = 0;
volatile sig_atomic_t g_doing_command_read = 0;

namespace {

void HandleCancel(int) {
  if (g_doing_command_read) return;
  g_query_cancel_pending = 1;
  g_interrupt_pending = 1;
}

void HandleTerminate(int) {
  g_proc_die_pending = 1;
  g_interrupt_pending = 1;
}

// PostgreSQL's quickdie: no cleanup at all, shared memory is about to be reset.
void HandleQuit(int) {
  _exit(2);
}

void HandleReload(int) {
  g_config_reload_pending = 1;
}

void Install(int signal_number, void (*handler)(int)) {
  struct sigaction action {};
  action.sa_handler = handler;
  sigemptyset(&action.sa_mask);
  action.sa_flags = 0;
  sigaction(signal_number, &action, nullptr);
}

}  // namespace

void InstallBackendSignals() {
  g_config_reload_pending = 0;
  g_doing_command_read = 0;
  g_query_cancel_pending = 0;
  g_proc_die_pending = 0;
  g_statement_timeout_pending = 0;
  g_lock_timeout_pending = 0;
  g_interrupt_pending = 0;
  Install(SIGINT, HandleCancel);
  Install(SIGTERM, HandleTerminate);
  Install(SIGQUIT, HandleQuit);
  Install(SIGHUP, HandleReload);
  Install(SIGPIPE, SIG_IGN);
  Install(SIGUSR1, SIG_IGN);
  Install(SIGUSR2, SIG_IGN);
  Install(SIGCHLD, SIG_DFL);
  InitTimeouts();
  // Forked children start with every signal blocked (Postmaster::ForkChild).
  sigset_t none;
  sigemptyset(&none);
  sigprocmask(SIG_SETMASK, &none, nullptr);
}

}  // namespace hyrax::server::backend
