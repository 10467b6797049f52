// Server log: a thin wrapper over spdlog writing PostgreSQL-style lines
// ("2024-01-02 03:04:05.678 UTC [pid] LOG:  message") to stderr. Lines below
// log_min_messages are dropped. spdlog is confined to logging.cpp.
#pragma once

#include <string_view>
#include <utility>

#include <fmt/format.h>

#include "common/error.h"

namespace hyrax::log {

// Messages below this severity are not written (the log_min_messages GUC). Default WARNING,
// as PostgreSQL's; LOG is always written (PostgreSQL ranks LOG above ERROR for the server log).
extern Severity g_min_severity;

// Sets up the logger; call once per process (again after fork to refresh the pid).
void Init();
void Emit(Severity severity, std::string_view message);
void Flush();
bool IsEnabled(Severity severity);

template <typename... Args>
void Log(fmt::format_string<Args...> format, Args&&... args) {
  Emit(Severity::kLog, fmt::format(format, std::forward<Args>(args)...));
}
template <typename... Args>
void Warning(fmt::format_string<Args...> format, Args&&... args) {
  if (IsEnabled(Severity::kWarning))
    Emit(Severity::kWarning, fmt::format(format, std::forward<Args>(args)...));
}
template <typename... Args>
void Debug(fmt::format_string<Args...> format, Args&&... args) {
  if (IsEnabled(Severity::kDebug))
    Emit(Severity::kDebug, fmt::format(format, std::forward<Args>(args)...));
}

}  // namespace hyrax::log
