// hyrax.conf: PostgreSQL's postgresql.conf syntax ("name = value" or "name value", values
// unquoted or single-quoted with '' and backslash escapes, # comments, include,
// include_if_exists and include_dir relative to the including file), and applying it to
// the GUC registry at start (any error is fatal) and on SIGHUP (errors are logged, valid
// changes applied, settings removed from the file return to their default).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/guc/guc_types.h"

namespace hyrax::server::config {

struct ConfigItem {
  std::string name;
  std::string value;  // unquoted and unescaped
  std::string file;   // absolute path of the file it came from
  int line = 0;
};

// Parses the file at `path` and everything it includes, in order (a name given twice is
// applied twice, so the last one wins). Throws Error: 42601 "syntax error in file \"%s\"
// line %d, near token \"%s\"" (or "near end of line"), 58P01 for a file that cannot be
// read, F0000 for include nesting deeper than 10.
std::vector<ConfigItem> ParseConfigFile(const std::string& path);

// Parses configuration text as if read from `file_name` (includes resolve relative to its
// directory). Same errors as ParseConfigFile.
std::vector<ConfigItem> ParseConfigText(std::string_view text, const std::string& file_name);

// PostgreSQL's ProcessConfigFile. With kPostmaster (server start) every problem is logged
// and then thrown as FATAL F0000 "configuration file \"%s\" contains errors". With kSighup
// (reload) problems are logged and the valid settings are applied; returns false when the
// file had errors. Requires: RegisterServerGucs() ran.
bool ProcessConfigFile(const std::string& path, guc::GucContext context);

}  // namespace hyrax::server::config
