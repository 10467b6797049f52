// The hyrax.conf that `hyrax init` writes: PostgreSQL-style, every user-settable setting
// as a commented-out line with its default and description, grouped by category, plus
// the few settings init fixes explicitly (as initdb does). Generated from the registry, so
// it can never name a setting the server does not know.
#pragma once

#include <string>

namespace hyrax::server::config {

// Requires: RegisterServerGucs() ran (values are the boot values at that point).
std::string GenerateSampleConfig();

// Quotes a value for hyrax.conf: 'value' with ' doubled and \ escaped.
std::string QuoteConfigValue(const std::string& value);

}  // namespace hyrax::server::config
