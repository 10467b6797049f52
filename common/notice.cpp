// The process-global notice sink (see common/notice.h).
#include "common/notice.h"

#include <utility>

#include "common/logging.h"

namespace hyrax {

namespace {
NoticeSink& CurrentSink() {
  static NoticeSink sink;
  return sink;
}
}  // namespace

NoticeSink SetNoticeSink(NoticeSink sink) {
  return std::exchange(CurrentSink(), std::move(sink));
}

void EmitNotice(const Error& notice) {
  const NoticeSink& sink = CurrentSink();
  if (sink) {
    sink(notice);
    return;
  }
  log::Emit(notice.severity(), notice.message());
}

void EmitNotice(Severity severity, SqlState code, std::string message) {
  EmitNotice(Error(code, std::move(message), severity));
}

}  // namespace hyrax
