// The notice sink: NOTICE, WARNING, INFO and DEBUG messages raised while a statement runs
// (e.g. "table \"t\" does not exist, skipping") are never thrown; code calls EmitNotice()
// and the process-global sink delivers them. A backend installs a sink that sends
// NoticeResponse (honouring client_min_messages, server/backend/README.md); without a sink
// notices go to the server log. Not for ERROR and above: those are thrown as hyrax::Error.
#pragma once

#include <functional>
#include <string>

#include "common/error.h"

namespace hyrax {

// Receives every notice. `notice.severity()` is below kError.
using NoticeSink = std::function<void(const Error& notice)>;

// Installs `sink` for this process and returns the previous one (empty = server log).
NoticeSink SetNoticeSink(NoticeSink sink);

// Delivers a notice built with the fluent setters of hyrax::Error, e.g.
//   EmitNotice(Error(errcode::kSuccessfulCompletion, "...", Severity::kNotice).Hint("..."));
// Requires: severity below kError. Never throws unless the sink does (a sink writing to a
// lost client connection may raise FATAL).
void EmitNotice(const Error& notice);

// Shorthand for a notice with only a primary message.
void EmitNotice(Severity severity, SqlState code, std::string message);

}  // namespace hyrax
