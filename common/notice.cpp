// Process-global notice sink (see common/notice.h). The default writes to the server log.
#include "common/notice.h"

#include <utility>

#include "common/logging.h"

namespace hyrax {

namespace {
NoticeSink& Sink() {
  static NoticeSink sink;
  return sink;
}
}  // namespace

void SetNoticeSink(NoticeSink sink) {
  Sink() = std::move(sink);
}

void EmitNotice(Severity severity, SqlState code, std::string message) {
  EmitNotice(Error(code, std::move(message), severity));
}

void EmitNotice(const Error& notice) {
  if (Sink()) {
    Sink()(notice);
  } else {
    log::Emit(notice.severity(), notice.message());
  }
}

}  // namespace hyrax
