// Autovacuum launcher and worker main loops (see server/postmaster/autovacuum_processes.h).
#include "server/postmaster/autovacuum_processes.h"

#include <algorithm>
#include <chrono>
#include <csignal>
#include <initializer_list>
#include <poll.h>
#include <unistd.h>

#include "common/error.h"
#include "common/guc/guc.h"
#include "common/logging.h"
#include "server/config/conf_file.h"
#include "server/config/server_gucs.h"
#include "server/postmaster/process_title.h"
#include "storage/vacuum/autovacuum.h"

namespace hyrax::server::postmaster {

namespace {

volatile sig_atomic_t g_reload_requested = 0;
volatile sig_atomic_t g_shutdown_requested = 0;

void HandleQuit(int) {
  _exit(2);
}
void HandleReload(int) {
  g_reload_requested = 1;
}
void HandleShutdown(int) {
  g_shutdown_requested = 1;
}

void Install(int signal_number, void (*handler)(int)) {
  struct sigaction action {};
  action.sa_handler = handler;
  sigemptyset(&action.sa_mask);
  sigaction(signal_number, &action, nullptr);
}

using Clock = std::chrono::steady_clock;

}  // namespace

int RunAutovacuumLauncher(const ServerHooks& hooks) {
  SetProcessTitle("hyrax: autovacuum launcher");
  Install(SIGQUIT, HandleQuit);
  Install(SIGHUP, HandleReload);
  Install(SIGTERM, HandleShutdown);
  for (int ignored : {SIGINT, SIGUSR1, SIGUSR2, SIGPIPE}) Install(ignored, SIG_IGN);
  // The wake-up signals are delivered only inside ppoll, so none is lost between the flag
  // checks and the wait (as the checkpointer).
  sigset_t wake_signals, wait_mask;
  sigemptyset(&wait_mask);
  sigemptyset(&wake_signals);
  sigaddset(&wake_signals, SIGHUP);
  sigaddset(&wake_signals, SIGTERM);
  sigprocmask(SIG_SETMASK, &wake_signals, nullptr);
  Clock::time_point next_run = Clock::now() + std::chrono::seconds(storage::g_autovacuum_naptime_s);
  for (;;) {
    if (g_reload_requested) {
      g_reload_requested = 0;
      if (!config::g_config_file.empty()) {
        config::ProcessConfigFile(config::g_config_file, guc::GucContext::kSighup);
      }
      // A shorter naptime applies from now on.
      next_run =
          std::min(next_run, Clock::now() + std::chrono::seconds(storage::g_autovacuum_naptime_s));
    }
    if (g_shutdown_requested) return 0;
    if (Clock::now() >= next_run) {
      next_run = Clock::now() + std::chrono::seconds(storage::g_autovacuum_naptime_s);
      try {
        if (storage::g_autovacuum && hooks.autovacuum_launcher_step &&
            hooks.autovacuum_launcher_step()) {
          kill(getppid(), SIGUSR1);
        }
      } catch (const Error& error) {
        log::Emit(Severity::kError, error.message());
      }
    }
    const auto wait =
        std::chrono::duration_cast<std::chrono::milliseconds>(next_run - Clock::now());
    const long wait_ms = std::clamp<long>(wait.count(), 1, 1000);
    timespec nap{wait_ms / 1000, (wait_ms % 1000) * 1000000};
    ppoll(nullptr, 0, &nap, &wait_mask);
  }
}

int RunAutovacuumWorker(const ServerHooks& hooks) {
  SetProcessTitle("hyrax: autovacuum worker");
  return hooks.autovacuum_worker ? hooks.autovacuum_worker() : 0;
}

}  // namespace hyrax::server::postmaster
