// SASLprep (RFC 4013) of passwords for SCRAM, as PostgreSQL applies it (pg_saslprep): a
// pure ASCII string is used as it is; otherwise the UTF-8 is mapped (RFC 3454 table B.1 to
// nothing, non-ASCII spaces C.1.2 to U+0020), normalized and checked for prohibited and
// unassigned characters. A string that is not valid UTF-8 or contains prohibited characters
// is not an error: the caller hashes the raw bytes instead. server/auth/README.md
// "Deviations" lists what our normalization covers.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace hyrax::server::auth {

// The prepared password, or nullopt when it is invalid UTF-8 or prohibited (then the raw
// bytes are used, PostgreSQL's rule).
std::optional<std::string> SaslPrep(std::string_view password);

// SaslPrep's result, or the input itself when SaslPrep refuses it.
std::string PreparePassword(std::string_view password);

}  // namespace hyrax::server::auth
