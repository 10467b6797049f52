// Boolean text parsing shared by bool input and settings code: PostgreSQL's
// parse_bool_with_len (case-insensitive unique prefixes of "true", "false", "yes", "no";
// "on"/"off" with at least two letters; "1"/"0").
#pragma once

#include <optional>
#include <string_view>

namespace hyrax::executor {

// The value of `text` (already trimmed), or nullopt when it is not a boolean spelling.
std::optional<bool> ParseBool(std::string_view text);

}  // namespace hyrax::executor
