// "-c name=value" parsing for the command line and the startup packet's `options`
// (see server/config/command_line.h).
#include "server/config/command_line.h"

#include <algorithm>
#include <cctype>

#include "common/error.h"

namespace hyrax::server::config {

NameValue ParseLongOption(std::string_view text, bool double_dash) {
  size_t equals = text.find('=');
  std::string name(text.substr(0, equals));
  std::replace(name.begin(), name.end(), '-', '_');
  if (equals == std::string_view::npos) {
    if (double_dash) throw MakeError(errcode::kSyntaxError, "--{} requires a value", name);
    throw MakeError(errcode::kSyntaxError, "-c {} requires a value", name);
  }
  return {std::move(name), std::string(text.substr(equals + 1))};
}

std::vector<std::string> SplitOptions(std::string_view options) {
  std::vector<std::string> args;
  size_t pos = 0;
  while (pos < options.size()) {
    while (pos < options.size() && std::isspace(static_cast<unsigned char>(options[pos]))) ++pos;
    if (pos == options.size()) break;
    std::string arg;
    while (pos < options.size() && !std::isspace(static_cast<unsigned char>(options[pos]))) {
      if (options[pos] == '\\' && pos + 1 < options.size()) ++pos;
      arg += options[pos++];
    }
    args.push_back(std::move(arg));
  }
  return args;
}

std::vector<NameValue> ParseBackendSwitches(const std::vector<std::string>& args) {
  std::vector<NameValue> settings;
  auto invalid = [](const std::string& arg) {
    return Error(errcode::kSyntaxError, "invalid command-line argument for server process: " + arg)
        .Hint("Try \"hyrax --help\" for more information.");
  };
  for (size_t idx = 0; idx < args.size(); ++idx) {
    const std::string& arg = args[idx];
    if (arg.starts_with("--") && arg.size() > 2) {
      settings.push_back(ParseLongOption(std::string_view(arg).substr(2), true));
    } else if (arg == "-c") {
      if (idx + 1 == args.size()) throw invalid(arg);
      settings.push_back(ParseLongOption(args[++idx], false));
    } else if (arg.starts_with("-c")) {
      settings.push_back(ParseLongOption(std::string_view(arg).substr(2), false));
    } else {
      throw invalid(arg);
    }
  }
  return settings;
}

}  // namespace hyrax::server::config
