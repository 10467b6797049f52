// `hyrax` subcommand dispatch (see server/cli/cli_main.h).
#include "server/cli/cli_main.h"

#include <cstdio>
#include <string>
#include <vector>

#include "common/error.h"
#include "common/logging.h"
#include "server/backend/engine.h"
#include "server/cli/cli_args.h"
#include "server/cli/init_command.h"
#include "server/cli/start_command.h"
#include "server/config/guc_table.h"
#include "server/postmaster/server_hooks.h"

namespace hyrax::server::cli {

int Main(int argc, char** argv) {
  std::vector<std::string> args(argv, argv + argc);
  CliArgs parsed;
  try {
    parsed = ParseCliArgs(args);
  } catch (const Error& error) {
    std::fprintf(stderr, "hyrax: %s\n%s\n", error.message().c_str(), error.hint().c_str());
    return 1;
  }
  switch (parsed.command) {
    case Command::kHelp:
      std::fputs(UsageText().c_str(), stdout);
      return 0;
    case Command::kVersion:
      std::puts("hyrax (Hyrax) 0.1.0, PostgreSQL 15.0 compatible");
      return 0;
    case Command::kInit:
      log::Init();
      config::RegisterServerGucs();
      return RunInit(parsed, postmaster::MakeServerHooks());
    case Command::kStart:
      log::Init();
      config::RegisterServerGucs();
      return RunStart(parsed, postmaster::MakeServerHooks(), [] { return backend::MakeEngine(); });
  }
  return 1;
}

}  // namespace hyrax::server::cli
