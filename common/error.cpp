// Out-of-line parts of hyrax::Error: severity names and internal-error construction.
#include "common/error.h"

namespace hyrax {

const char* SeverityName(Severity severity) {
  switch (severity) {
    case Severity::kDebug:
      return "DEBUG";
    case Severity::kLog:
      return "LOG";
    case Severity::kInfo:
      return "INFO";
    case Severity::kNotice:
      return "NOTICE";
    case Severity::kWarning:
      return "WARNING";
    case Severity::kError:
      return "ERROR";
    case Severity::kFatal:
      return "FATAL";
    case Severity::kPanic:
      return "PANIC";
  }
  return "ERROR";
}

void Error::AppendContext(const std::string& text) {
  if (!context_.empty()) context_ += '\n';
  context_ += text;
}

void ThrowInternalError(const char* file, int line, const std::string& message) {
  throw Error(errcode::kInternalError, message).Context(fmt::format("{}:{}", file, line));
}

}  // namespace hyrax
