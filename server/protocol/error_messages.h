// ErrorResponse ('E') and NoticeResponse ('N'): every field of hyrax::Error as a typed
// field (S, V, C, M, D, H, P, p, q, W, s, t, c, d, n) plus the source location (F, L, R)
// when the raiser supplied one.
#pragma once

#include <map>
#include <string>
#include <string_view>

#include "common/error.h"

namespace hyrax::server::protocol {

// Where an error was raised (the F, L and R fields); empty fields are not sent.
struct SourceLocation {
  std::string file;
  int line = 0;
  std::string routine;
};

// Appends an ErrorResponse, or a NoticeResponse when `as_notice` (NOTICE, WARNING, INFO,
// DEBUG and LOG severities use it).
void WriteErrorResponse(std::string& out, const Error& error, bool as_notice = false,
                        const SourceLocation* location = nullptr);

// The fields of a received ErrorResponse / NoticeResponse, keyed by field type. Throws
// Error 08P01 on a malformed body.
std::map<char, std::string> DecodeErrorFields(std::string_view body);

}  // namespace hyrax::server::protocol
