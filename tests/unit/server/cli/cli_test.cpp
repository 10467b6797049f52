// The `hyrax` command line: argument parsing and usage errors, `hyrax init`'s directory
// layout and configuration files (the generated hyrax.conf must load cleanly), and the
// start-up configuration order (command line outranks hyrax.conf).
#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include "common/error.h"
#include "common/guc/guc.h"
#include "server/auth/hba.h"
#include "server/cli/cli_args.h"
#include "server/cli/init_command.h"
#include "server/cli/start_command.h"
#include "server/config/conf_file.h"
#include "server/config/guc_table.h"
#include "server/config/server_gucs.h"

namespace hyrax::server::cli {
namespace {

namespace fs = std::filesystem;

Error ParseError(std::vector<std::string> args) {
  try {
    ParseCliArgs(args);
  } catch (const Error& error) {
    return error;
  }
  ADD_FAILURE() << "no error";
  return Error(errcode::kSuccessfulCompletion, "");
}

TEST(CliArgsTest, ParsesInitAndStart) {
  CliArgs init = ParseCliArgs({"hyrax", "init", "-D", "/tmp/x/", "-U", "admin", "--auth=reject"});
  EXPECT_EQ(init.command, Command::kInit);
  EXPECT_EQ(init.data_directory, "/tmp/x");
  EXPECT_EQ(init.superuser, "admin");
  EXPECT_EQ(init.auth_method, "reject");
  CliArgs start = ParseCliArgs({"hyrax", "start", "--pgdata=/d", "-p", "5433", "-c", "work_mem=8MB",
                                "-cfsync=off", "--shared-buffers=1GB"});
  EXPECT_EQ(start.command, Command::kStart);
  EXPECT_EQ(start.data_directory, "/d");
  ASSERT_EQ(start.settings.size(), 4u);
  EXPECT_EQ(start.settings[0].name, "port");
  EXPECT_EQ(start.settings[0].value, "5433");
  EXPECT_EQ(start.settings[2].name, "fsync");
  EXPECT_EQ(start.settings[3].name, "shared_buffers");
  EXPECT_EQ(ParseCliArgs({"hyrax", "--version"}).command, Command::kVersion);
  EXPECT_EQ(ParseCliArgs({"hyrax"}).command, Command::kHelp);
}

TEST(CliArgsTest, ReportsUsageErrors) {
  unsetenv("PGDATA");
  EXPECT_EQ(ParseError({"hyrax", "start"}).message(), "no data directory specified");
  EXPECT_EQ(ParseError({"hyrax", "launch"}).message(), "unrecognized command \"launch\"");
  EXPECT_EQ(ParseError({"hyrax", "start", "-D", "/d", "bogus"}).message(),
            "invalid argument: \"bogus\"");
  EXPECT_EQ(ParseError({"hyrax", "start", "-D"}).message(), "option \"-D\" requires an argument");
  EXPECT_EQ(ParseError({"hyrax", "start", "-D", "/d", "-c", "geqo"}).message(),
            "-c geqo requires a value");
  EXPECT_EQ(ParseError({"hyrax", "start"}).hint(), "Try \"hyrax --help\" for more information.");
  setenv("PGDATA", "/from/env", 1);
  EXPECT_EQ(ParseCliArgs({"hyrax", "start"}).data_directory, "/from/env");
  unsetenv("PGDATA");
}

class InitTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char dir_template[] = "/tmp/hyrax_init_test_XXXXXX";
    root_ = mkdtemp(dir_template);
    guc::ResetRegistryForTesting();
    config::RegisterServerGucs();
  }
  void TearDown() override {
    fs::remove_all(root_);
    guc::ResetRegistryForTesting();
  }
  std::string root_;
};

TEST_F(InitTest, CreatesTheLayoutAndLoadableConfiguration) {
  CliArgs args = ParseCliArgs({"hyrax", "init", "-D", root_ + "/data"});
  CreateDataDirectory(args);
  for (const char* sub : {"base", "global", "wal", "pg_xact"}) {
    EXPECT_TRUE(fs::is_directory(root_ + "/data/" + sub)) << sub;
  }
  std::vector<auth::HbaLine> hba = auth::LoadHbaFile(root_ + "/data/hba.conf");
  ASSERT_EQ(hba.size(), 3u);
  EXPECT_EQ(hba[1].method, auth::AuthMethod::kTrust);
  std::vector<config::ConfigItem> items = config::ParseConfigFile(root_ + "/data/hyrax.conf");
  EXPECT_EQ(items.size(), 11u);  // only the settings init fixes are uncommented
  config::ProcessConfigFile(root_ + "/data/hyrax.conf", guc::GucContext::kPostmaster);
  EXPECT_EQ(guc::ShowOption("TimeZone"), "UTC");
  // Every commented default is valid too: uncomment them all and load the file.
  std::ifstream in(root_ + "/data/hyrax.conf");
  std::string line, uncommented;
  while (std::getline(in, line)) {
    if (line.size() > 1 && line[0] == '#' && std::isalpha(static_cast<unsigned char>(line[1]))) {
      line = line.substr(1);
    }
    uncommented += line + "\n";
  }
  std::ofstream(root_ + "/all.conf") << uncommented;
  EXPECT_GT(config::ParseConfigFile(root_ + "/all.conf").size(), 100u);
  EXPECT_NO_THROW(config::ProcessConfigFile(root_ + "/all.conf", guc::GucContext::kPostmaster));
}

TEST_F(InitTest, CreatesCertificatesAndTurnsSslOn) {
  CreateDataDirectory(ParseCliArgs({"hyrax", "init", "-D", root_ + "/data"}));
  auto mode = [&](const char* name) {
    return fs::status(root_ + "/data/" + name).permissions() & fs::perms::all;
  };
  const fs::perms private_file = fs::perms::owner_read | fs::perms::owner_write;
  EXPECT_EQ(mode("root.key"), private_file);
  EXPECT_EQ(mode("server.key"), private_file);
  EXPECT_EQ(mode("mock_auth_nonce"), private_file);
  EXPECT_TRUE(fs::is_regular_file(root_ + "/data/root.crt"));
  EXPECT_TRUE(fs::is_regular_file(root_ + "/data/server.crt"));
  config::ProcessConfigFile(root_ + "/data/hyrax.conf", guc::GucContext::kPostmaster);
  EXPECT_EQ(guc::ShowOption("ssl"), "on");
  EXPECT_EQ(guc::ShowOption("ssl_ca_file"), "root.crt");
  EXPECT_EQ(guc::ShowOption("ssl_cert_file"), "server.crt");
  EXPECT_EQ(guc::ShowOption("ssl_key_file"), "server.key");
}

TEST_F(InitTest, RefusesANonEmptyDirectoryAndUnknownMethods) {
  std::ofstream(root_ + "/file") << "x";
  try {
    CreateDataDirectory(ParseCliArgs({"hyrax", "init", "-D", root_}));
    FAIL() << "no error";
  } catch (const Error& error) {
    EXPECT_EQ(error.message(), "directory \"" + root_ + "\" exists but is not empty");
  }
  EXPECT_THROW(
      CreateDataDirectory(ParseCliArgs({"hyrax", "init", "-D", root_ + "/d", "--auth=magic"})),
      Error);
  EXPECT_FALSE(fs::exists(root_ + "/d"));
}

TEST_F(InitTest, CommandLineSettingsOutrankHyraxConf) {
  CliArgs init = ParseCliArgs({"hyrax", "init", "-D", root_ + "/data"});
  CreateDataDirectory(init);
  std::ofstream(root_ + "/data/hyrax.conf", std::ios::app) << "work_mem = 16MB\nport = 6000\n";
  LoadStartConfiguration(
      ParseCliArgs({"hyrax", "start", "-D", root_ + "/data", "-p", "7000", "-c", "work_mem=8MB"}));
  EXPECT_EQ(guc::ShowOption("port"), "7000");
  EXPECT_EQ(guc::ShowOption("work_mem"), "8MB");
  EXPECT_EQ(config::g_hba_file, root_ + "/data/hba.conf");
  EXPECT_EQ(config::g_config_file, root_ + "/data/hyrax.conf");
  EXPECT_EQ(guc::ShowOption("data_directory"), root_ + "/data");
  EXPECT_EQ(guc::ShowOption("wal_buffers"), "4MB");
}

}  // namespace
}  // namespace hyrax::server::cli
