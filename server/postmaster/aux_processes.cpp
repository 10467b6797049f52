// Startup process and checkpointer main loops (see server/postmaster/aux_processes.h).
#include "server/postmaster/aux_processes.h"

#include <csignal>
#include <ctime>
#include <initializer_list>
#include <poll.h>
#include <unistd.h>

#include "common/error.h"
#include "common/guc/guc.h"
#include "common/logging.h"
#include "server/config/conf_file.h"
#include "server/config/server_gucs.h"
#include "server/postmaster/process_title.h"

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

// Forked children start with every signal blocked (see Postmaster::ForkChild).
void UnblockAllSignals() {
  sigset_t none;
  sigemptyset(&none);
  sigprocmask(SIG_SETMASK, &none, nullptr);
}

int LogFatal(const char* what, const Error& error) {
  log::Emit(Severity::kFatal, std::string(what) + ": " + error.message());
  log::Flush();
  return 1;
}

}  // namespace

int RunStartupProcess(const ServerHooks& hooks) {
  SetProcessTitle("hyrax: startup");
  Install(SIGQUIT, HandleQuit);
  Install(SIGTERM, SIG_DFL);
  for (int ignored : {SIGHUP, SIGINT, SIGUSR1, SIGUSR2, SIGPIPE}) Install(ignored, SIG_IGN);
  UnblockAllSignals();
  try {
    if (hooks.startup_process) hooks.startup_process();
    return 0;
  } catch (const Error& error) {
    return LogFatal("startup process failed", error);
  }
}

int RunCheckpointer(const ServerHooks& hooks) {
  SetProcessTitle("hyrax: checkpointer");
  // Block the wake-up signals except inside ppoll, so none is lost between the flag
  // checks and the wait.
  Install(SIGQUIT, HandleQuit);
  Install(SIGHUP, HandleReload);
  Install(SIGUSR2, HandleShutdown);
  for (int ignored : {SIGTERM, SIGINT, SIGUSR1, SIGPIPE}) Install(ignored, SIG_IGN);
  sigset_t wake_signals, wait_mask;
  sigemptyset(&wait_mask);
  sigemptyset(&wake_signals);
  sigaddset(&wake_signals, SIGHUP);
  sigaddset(&wake_signals, SIGUSR2);
  sigprocmask(SIG_SETMASK, &wake_signals, nullptr);
  for (;;) {
    if (g_reload_requested) {
      g_reload_requested = 0;
      if (!config::g_config_file.empty()) {
        config::ProcessConfigFile(config::g_config_file, guc::GucContext::kSighup);
      }
    }
    if (g_shutdown_requested) {
      log::Log("shutting down");
      try {
        if (hooks.shutdown_checkpoint) hooks.shutdown_checkpoint();
        return 0;
      } catch (const Error& error) {
        return LogFatal("shutdown checkpoint failed", error);
      }
    }
    try {
      if (hooks.checkpointer_step) hooks.checkpointer_step();
    } catch (const Error& error) {
      log::Emit(Severity::kError, error.message());
    }
    timespec nap{1, 0};
    ppoll(nullptr, 0, &nap, &wait_mask);
  }
}

}  // namespace hyrax::server::postmaster
