// Time zone abbreviations accepted in date/time input (PostgreSQL's "Default"
// timezone_abbreviations set: EST, PST, CET, UTC, Z ...). Output abbreviations come from
// the zone data instead (timezone.h). See README.md "Time zones".
#pragma once

#include <optional>
#include <string_view>

namespace hyrax::executor {

struct TzAbbrev {
  const char* name;  // lower case
  int gmtoff;        // seconds east of UTC
  bool is_dst;
};

// Looks up a lower-case abbreviation.
std::optional<TzAbbrev> LookupTzAbbrev(std::string_view lower_name);

}  // namespace hyrax::executor
