// `hyrax init` (see server/cli/init_command.h). The directory checks follow initdb.
#include "server/cli/init_command.h"

#include <filesystem>
#include <fstream>
#include <unistd.h>

#include <fmt/format.h>

#include "common/error.h"
#include "common/logging.h"
#include "common/shmem/shmem.h"
#include "server/auth/hba.h"
#include "server/auth/mock_auth.h"
#include "server/config/guc_table.h"
#include "server/config/sample_config.h"
#include "server/tls/certificate_generator.h"

namespace hyrax::server::cli {

namespace fs = std::filesystem;

namespace {

void WriteTextFile(const fs::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::trunc);
  out << text;
  out.close();
  if (!out) {
    throw MakeError(errcode::kIoError, "could not write file \"{}\"", path.string())
        .WithSeverity(Severity::kFatal);
  }
  fs::permissions(path, fs::perms::owner_read | fs::perms::owner_write);
}

}  // namespace

std::string InitialHbaConfig(const std::string& auth_method) {
  std::string text = fmt::format(
      "# Hyrax client authentication (PostgreSQL's pg_hba.conf format)\n"
      "#\n"
      "# TYPE  DATABASE        USER            ADDRESS                 METHOD\n"
      "local   all             all                                     {0}\n"
      "host    all             all             127.0.0.1/32            {0}\n"
      "host    all             all             ::1/128                 {0}\n",
      auth_method);
  auth::ParseHba(text, "hba.conf");  // rejects an unknown method
  return text;
}

void CreateDataDirectory(const CliArgs& args) {
  const fs::path dir(args.data_directory);
  std::error_code error;
  if (fs::exists(dir, error) && !fs::is_empty(dir, error)) {
    throw Error(errcode::kObjectInUse,
                fmt::format("directory \"{}\" exists but is not empty", dir.string()),
                Severity::kFatal)
        .Hint(
            "If you want to create a new database system, either remove or empty the "
            "directory \"" +
            dir.string() +
            "\" or run hyrax init with an argument other "
            "than \"" +
            dir.string() + "\".");
  }
  std::string hba = InitialHbaConfig(args.auth_method);
  for (const char* sub : {"", "base", "global", "wal", "pg_xact"}) {
    fs::create_directories(dir / sub, error);
    if (error) {
      throw Error(errcode::kIoError,
                  fmt::format("could not create directory \"{}\": {}", (dir / sub).string(),
                              error.message()),
                  Severity::kFatal);
    }
    fs::permissions(dir / sub, fs::perms::owner_all, error);
  }
  WriteTextFile(dir / "PG_VERSION", "15\n");
  WriteTextFile(dir / "hyrax.conf", config::GenerateSampleConfig());
  WriteTextFile(dir / "hba.conf", hba);
  // TLS out of the box: a local CA and a localhost certificate it signs, so clients can
  // use sslmode=verify-full with sslrootcert=DATADIR/root.crt (server/tls/README.md).
  tls::GenerateCertificates(dir.string());
  auth::LoadMockAuthNonce((dir / auth::kMockAuthNonceFile).string());
}

int RunInit(const CliArgs& args, const postmaster::ServerHooks& hooks) {
  try {
    CreateDataDirectory(args);
    if (chdir(args.data_directory.c_str()) != 0) {
      throw MakeError(errcode::kIoError, "could not change directory to \"{}\"",
                      args.data_directory);
    }
    config::ResolveDynamicDefaults();
    shmem::CreateSegment(hooks.shmem_size ? hooks.shmem_size() : 0);
    if (hooks.shmem_init) hooks.shmem_init();
    if (hooks.bootstrap) {
      hooks.bootstrap({args.data_directory, args.superuser, args.auth_method});
    }
    shmem::DestroySegment();
    log::Log("success: the database system in \"{}\" is ready; start it with: hyrax start -D {}",
             args.data_directory, args.data_directory);
    return 0;
  } catch (const Error& error) {
    log::Emit(Severity::kFatal, error.message());
    if (!error.hint().empty()) log::Emit(Severity::kLog, "HINT:  " + error.hint());
    return 1;
  }
}

}  // namespace hyrax::server::cli
