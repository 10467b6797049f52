// Runs a shell command for server tests (psql, python3 with psycopg2) and returns its
// combined output and exit status. Clients get PGCONNECT_TIMEOUT so a server bug cannot
// hang the test.
#pragma once

#include <cstdio>
#include <string>

#include <sys/wait.h>

namespace hyrax::server::testing {

struct CommandResult {
  std::string output;
  int exit_code = -1;
};

inline CommandResult RunCommand(const std::string& command) {
  CommandResult result;
  FILE* pipe = popen(("PGCONNECT_TIMEOUT=20 " + command + " 2>&1").c_str(), "r");
  if (!pipe) return result;
  char buffer[512];
  while (size_t count = fread(buffer, 1, sizeof(buffer), pipe)) result.output.append(buffer, count);
  int status = pclose(pipe);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

// Single-quotes `text` for the shell.
inline std::string ShellQuote(const std::string& text) {
  std::string quoted = "'";
  for (char c : text) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return quoted + "'";
}

inline bool HavePsql() {
  return RunCommand("test -x /usr/bin/psql").exit_code == 0;
}

inline bool HavePsycopg2() {
  return RunCommand("/usr/bin/python3 -c 'import psycopg2'").exit_code == 0;
}

}  // namespace hyrax::server::testing
