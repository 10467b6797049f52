// Command-line parsing of the `hyrax` binary: `hyrax init -D DIR [-U NAME] [--auth=METHOD]`,
// `hyrax start -D DIR [-p PORT] [-c name=value]... [--name=value]...`, `hyrax --version`,
// `hyrax --help`. The data directory defaults to $PGDATA, as PostgreSQL's tools do.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "server/config/command_line.h"

namespace hyrax::server::cli {

enum class Command { kInit, kStart, kVersion, kHelp };

struct CliArgs {
  Command command = Command::kHelp;
  std::string data_directory;               // absolute
  std::string superuser = "postgres";       // init -U
  std::string auth_method = "trust";        // init --auth
  std::vector<config::NameValue> settings;  // start: -p and -c / --name=value, in order
};

// Parses argv. Throws Error 42601 with the usage message ("no data directory specified",
// "unrecognized command \"%s\"", "invalid argument ...") for anything unusable.
CliArgs ParseCliArgs(const std::vector<std::string>& args);

// The --help text.
std::string UsageText();

}  // namespace hyrax::server::cli
