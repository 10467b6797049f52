// Setting syntax outside hyrax.conf: "-c name=value" / "--name=value" on the hyrax command
// line and in the startup packet's `options` parameter, which is split like PostgreSQL's
// pg_split_opts (white space separates, backslash escapes the next character).
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace hyrax::server::config {

struct NameValue {
  std::string name;
  std::string value;
};

// PostgreSQL's ParseLongOption for "name=value" (the text after -c or --): dashes in the
// name become underscores. Throws Error 42601 "-c %s requires a value" (or "--%s requires
// a value" when `double_dash`) when there is no '='.
NameValue ParseLongOption(std::string_view text, bool double_dash);

// Splits the startup packet's `options` value into arguments.
std::vector<std::string> SplitOptions(std::string_view options);

// Parses server switches from `options`: "-c name=value", "-cname=value" and
// "--name=value". Throws Error 42601 "invalid command-line argument for server process:
// %s" for anything else, or when -c has no argument.
std::vector<NameValue> ParseBackendSwitches(const std::vector<std::string>& args);

}  // namespace hyrax::server::config
