// The notice sink: NOTICE, WARNING and INFO messages that go to the client (and the log)
// without aborting anything. Code below the protocol layer calls EmitNotice(); the
// protocol layer installs a sink that sends NoticeResponse. Default sink: the server log.
#pragma once

#include <functional>
#include <string>

#include "common/error.h"

namespace hyrax {

// Receives each notice; `notice.severity()` is below kError. Must not throw.
using NoticeSink = std::function<void(const Error& notice)>;

// Installs the process-global sink; an empty function restores the default (log only).
void SetNoticeSink(NoticeSink sink);

// Sends a notice with only a primary message. Requires: severity < Severity::kError.
void EmitNotice(Severity severity, SqlState code, std::string message);
// Sends a fully built notice (detail, hint ...); its severity() must be below kError.
void EmitNotice(const Error& notice);

}  // namespace hyrax
