// Generation of the initial hyrax.conf (see server/config/sample_config.h).
#include "server/config/sample_config.h"

#include <fmt/format.h>

#include "common/guc/guc.h"

namespace hyrax::server::config {

namespace {

// What `hyrax init` sets explicitly (initdb writes the same kind of lines).
constexpr std::pair<const char*, const char*> kInitSettings[] = {
    {"max_connections", "100"},
    {"shared_buffers", "128MB"},
    {"max_wal_size", "1GB"},
    {"datestyle", "'iso, mdy'"},
    {"timezone", "'UTC'"},
    {"lc_messages", "'C'"},
    {"lc_monetary", "'C'"},
    {"lc_numeric", "'C'"},
    {"lc_time", "'C'"},
    // The certificates init creates (server/tls/README.md); server.crt and server.key are
    // ssl_cert_file's and ssl_key_file's defaults.
    {"ssl", "on"},
    {"ssl_ca_file", "'root.crt'"},
};

}  // namespace

std::string QuoteConfigValue(const std::string& value) {
  std::string quoted = "'";
  for (char c : value) {
    if (c == '\'')
      quoted += "''";
    else if (c == '\\')
      quoted += "\\\\";
    else
      quoted += c;
  }
  return quoted + "'";
}

std::string GenerateSampleConfig() {
  std::string out =
      "# Hyrax configuration file (PostgreSQL's postgresql.conf syntax)\n"
      "#\n"
      "# \"name = value\" per line; '#' starts a comment; values with spaces or special\n"
      "# characters are single-quoted ('' for a quote). Memory units: B kB MB GB TB; time\n"
      "# units: us ms s min h d. \"include 'file'\", \"include_if_exists 'file'\" and\n"
      "# \"include_dir 'dir'\" read other files. Reload with SIGHUP; settings marked\n"
      "# (change requires restart) need a server restart.\n\n"
      "# Set by hyrax init:\n";
  for (const auto& [name, value] : kInitSettings) out += fmt::format("{} = {}\n", name, value);
  std::vector<guc::SettingRow> rows = guc::GetSettingRows(true);
  for (int group = 0; group <= static_cast<int>(guc::GucGroup::kDeveloperOptions); ++group) {
    std::string_view category = guc::GroupName(static_cast<guc::GucGroup>(group));
    bool header = false;
    for (const guc::SettingRow& row : rows) {
      if (row.category != category || row.context == "internal" ||
          (guc::FlagsOf(row.name) & (guc::flag::kNotInSample | guc::flag::kDisallowInFile))) {
        continue;
      }
      if (!header) {
        out += fmt::format("\n#{:-<78}\n# {}\n#{:-<78}\n\n", "", category, "");
        header = true;
      }
      bool quote = row.vartype == "string" || row.vartype == "enum";
      std::string value = quote ? QuoteConfigValue(row.shown) : row.shown;
      std::string restart = row.context == "postmaster" ? " (change requires restart)" : "";
      out += fmt::format("#{:<39} # {}{}\n", row.name + " = " + value, row.short_desc, restart);
    }
  }
  return out;
}

}  // namespace hyrax::server::config
