// `hyrax` command-line parsing (see server/cli/cli_args.h).
#include "server/cli/cli_args.h"

#include <cstdlib>
#include <filesystem>

#include <fmt/format.h>

#include "common/error.h"

namespace hyrax::server::cli {

namespace {

[[noreturn]] void Usage(std::string message) {
  throw Error(errcode::kSyntaxError, std::move(message))
      .Hint("Try \"hyrax --help\" for more information.");
}

// Returns the value of an option given as "-X value", "-Xvalue", "--long=value" or
// "--long value"; advances `idx` past a separate value.
std::optional<std::string> OptionValue(const std::vector<std::string>& args, size_t& idx,
                                       std::string_view short_name, std::string_view long_name) {
  const std::string& arg = args[idx];
  auto next = [&]() -> std::string {
    if (idx + 1 >= args.size()) Usage(fmt::format("option \"{}\" requires an argument", arg));
    return args[++idx];
  };
  if (!short_name.empty() && arg == short_name) return next();
  if (!short_name.empty() && arg.starts_with(short_name) && short_name.size() == 2) {
    return arg.substr(2);
  }
  if (!long_name.empty() && arg == long_name) return next();
  if (!long_name.empty() && arg.starts_with(std::string(long_name) + "=")) {
    return arg.substr(long_name.size() + 1);
  }
  return std::nullopt;
}

void ParseOptions(const std::vector<std::string>& args, CliArgs& parsed) {
  for (size_t idx = 2; idx < args.size(); ++idx) {
    if (auto dir = OptionValue(args, idx, "-D", "--pgdata")) {
      parsed.data_directory = *dir;
    } else if (parsed.command == Command::kInit) {
      if (auto user = OptionValue(args, idx, "-U", "--username")) {
        parsed.superuser = *user;
      } else if (auto auth = OptionValue(args, idx, "-A", "--auth")) {
        parsed.auth_method = *auth;
      } else {
        Usage(fmt::format("invalid argument: \"{}\"", args[idx]));
      }
    } else if (auto port = OptionValue(args, idx, "-p", "")) {
      parsed.settings.push_back({"port", *port});
    } else if (auto setting = OptionValue(args, idx, "-c", "")) {
      parsed.settings.push_back(config::ParseLongOption(*setting, false));
    } else if (args[idx].starts_with("--") && args[idx].size() > 2) {
      parsed.settings.push_back(
          config::ParseLongOption(std::string_view(args[idx]).substr(2), true));
    } else {
      Usage(fmt::format("invalid argument: \"{}\"", args[idx]));
    }
  }
}

}  // namespace

CliArgs ParseCliArgs(const std::vector<std::string>& args) {
  CliArgs parsed;
  if (args.size() < 2 || args[1] == "--help" || args[1] == "-?" || args[1] == "help") {
    parsed.command = Command::kHelp;
    return parsed;
  }
  if (args[1] == "--version" || args[1] == "-V") {
    parsed.command = Command::kVersion;
    return parsed;
  }
  if (args[1] == "init") {
    parsed.command = Command::kInit;
  } else if (args[1] == "start") {
    parsed.command = Command::kStart;
  } else {
    Usage(fmt::format("unrecognized command \"{}\"", args[1]));
  }
  ParseOptions(args, parsed);
  if (parsed.data_directory.empty()) {
    if (const char* pgdata = std::getenv("PGDATA")) parsed.data_directory = pgdata;
  }
  if (parsed.data_directory.empty()) Usage("no data directory specified");
  parsed.data_directory = std::filesystem::absolute(parsed.data_directory).lexically_normal();
  if (parsed.data_directory.size() > 1 && parsed.data_directory.ends_with('/')) {
    parsed.data_directory.pop_back();
  }
  return parsed;
}

std::string UsageText() {
  return "hyrax is a PostgreSQL-15-compatible database server.\n\n"
         "Usage:\n"
         "  hyrax init -D DATADIR [-U SUPERUSER] [--auth=METHOD]\n"
         "  hyrax start -D DATADIR [-p PORT] [-c NAME=VALUE]... [--NAME=VALUE]...\n"
         "  hyrax --version\n\n"
         "Options:\n"
         "  -D, --pgdata=DATADIR    data directory (default: $PGDATA)\n"
         "  -U, --username=NAME     name of the bootstrap superuser (init; default postgres)\n"
         "  -A, --auth=METHOD       hba.conf method for local connections (init; default trust)\n"
         "  -p PORT                 port to listen on (start)\n"
         "  -c NAME=VALUE           set a configuration parameter (start)\n"
         "  --NAME=VALUE            set a configuration parameter (start)\n";
}

}  // namespace hyrax::server::cli
