// `hyrax start` (see server/cli/start_command.h); follows PostgreSQL's SelectConfigFiles.
#include "server/cli/start_command.h"

#include <filesystem>

#include <fmt/format.h>

#include "common/error.h"
#include "common/guc/guc.h"
#include "common/logging.h"
#include "server/config/conf_file.h"
#include "server/config/guc_table.h"
#include "server/config/server_gucs.h"
#include "server/postmaster/postmaster.h"

namespace hyrax::server::cli {

void LoadStartConfiguration(const CliArgs& args) {
  const guc::SetOptions command_line{.context = guc::GucContext::kPostmaster,
                                     .source = guc::GucSource::kArgv};
  try {
    for (const config::NameValue& setting : args.settings) {
      guc::SetConfigOption(setting.name, setting.value, command_line);
    }
  } catch (Error& error) {
    error.SetSeverity(Severity::kFatal);
    throw;
  }
  if (!std::filesystem::is_directory(args.data_directory)) {
    throw Error(errcode::kUndefinedFile,
                fmt::format("data directory \"{}\" does not exist", args.data_directory),
                Severity::kFatal);
  }
  auto set_default = [&](const char* name, const std::string& value) {
    guc::SetConfigOption(
        name, value,
        {.context = guc::GucContext::kPostmaster, .source = guc::GucSource::kOverride});
  };
  set_default("data_directory", args.data_directory);
  if (config::g_config_file.empty())
    set_default("config_file", args.data_directory + "/hyrax.conf");
  config::ProcessConfigFile(config::g_config_file, guc::GucContext::kPostmaster);
  if (config::g_hba_file.empty()) set_default("hba_file", args.data_directory + "/hba.conf");
  config::ResolveDynamicDefaults();
}

int RunStart(const CliArgs& args, const postmaster::ServerHooks& hooks,
             const backend::EngineFactory& engine_factory) {
  try {
    LoadStartConfiguration(args);
  } catch (const Error& error) {
    log::Emit(Severity::kFatal, error.message());
    return 1;
  }
  return postmaster::RunPostmaster({args.data_directory, hooks, engine_factory});
}

}  // namespace hyrax::server::cli
