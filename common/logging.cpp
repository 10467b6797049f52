// spdlog-backed implementation of the server log (see common/logging.h).
#include "common/logging.h"

#include <memory>
#include <unistd.h>

#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

namespace hyrax::log {

Severity g_min_severity = Severity::kWarning;

namespace {
std::shared_ptr<spdlog::logger> g_logger;

spdlog::logger& Logger() {
  if (!g_logger) Init();
  return *g_logger;
}
}  // namespace

void Init() {
  // Unsynchronised stderr sink: one process, no threads, and the line is written in one call.
  auto sink = std::make_shared<spdlog::sinks::stderr_sink_st>();
  g_logger = std::make_shared<spdlog::logger>("hyrax", sink);
  g_logger->set_pattern(fmt::format("%Y-%m-%d %H:%M:%S.%e UTC [{}] %v", getpid()),
                        spdlog::pattern_time_type::utc);
  g_logger->set_level(spdlog::level::trace);
  g_logger->flush_on(spdlog::level::trace);
}

bool IsEnabled(Severity severity) {
  // LOG is always written: PostgreSQL ranks it between ERROR and FATAL for the server log.
  if (severity == Severity::kLog) return true;
  if (g_min_severity == Severity::kLog) return severity >= Severity::kError;
  return severity >= g_min_severity;
}

void Emit(Severity severity, std::string_view message) {
  if (!IsEnabled(severity)) return;
  Logger().info("{}:  {}", SeverityName(severity), message);
}

void Flush() {
  if (g_logger) g_logger->flush();
}

}  // namespace hyrax::log
