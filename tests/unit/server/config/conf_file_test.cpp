// hyrax.conf parsing (PostgreSQL's syntax: optional '=', quotes with '' and backslash
// escapes, comments, includes) and applying the file at start and on reload; plus the
// "-c name=value" / options syntax.
#include "server/config/conf_file.h"

#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include "common/error.h"
#include "common/guc/guc.h"
#include "server/config/command_line.h"
#include "server/config/guc_table.h"

namespace hyrax::server::config {
namespace {

class ConfFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("hyrax_conf_test_" + std::to_string(getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(dir_);
    guc::ResetRegistryForTesting();
    RegisterServerGucs();
  }
  void TearDown() override {
    std::filesystem::remove_all(dir_);
    guc::ResetRegistryForTesting();
  }
  std::string Write(const std::string& name, const std::string& text) {
    std::filesystem::path path = dir_ / name;
    std::filesystem::create_directories(path.parent_path());
    std::ofstream(path) << text;
    return path.string();
  }
  static Error ParseError(std::string_view text) {
    try {
      ParseConfigText(text, "/x/hyrax.conf");
    } catch (const Error& error) {
      return error;
    }
    ADD_FAILURE() << "no error";
    return Error(errcode::kSuccessfulCompletion, "");
  }

  std::filesystem::path dir_;
};

TEST_F(ConfFileTest, ParsesNameValueForms) {
  std::vector<ConfigItem> items = ParseConfigText(
      "# comment\n"
      "port = 5433\n"
      "shared_buffers 256MB   # trailing comment\n"
      "listen_addresses = '*'\n"
      "search_path = '\"$user\", public'\n"
      "random_page_cost=1.1\n"
      "\n"
      "   TimeZone = Europe/Paris\n"
      "myapp.setting = on\n"
      "statement_timeout = -1\n",
      "/x/hyrax.conf");
  ASSERT_EQ(items.size(), 8u);
  EXPECT_EQ(items[0].name, "port");
  EXPECT_EQ(items[0].value, "5433");
  EXPECT_EQ(items[0].line, 2);
  EXPECT_EQ(items[1].value, "256MB");
  EXPECT_EQ(items[2].value, "*");
  EXPECT_EQ(items[3].value, "\"$user\", public");
  EXPECT_EQ(items[4].value, "1.1");
  EXPECT_EQ(items[5].name, "TimeZone");
  EXPECT_EQ(items[5].value, "Europe/Paris");
  EXPECT_EQ(items[5].line, 8);
  EXPECT_EQ(items[6].name, "myapp.setting");
  EXPECT_EQ(items[7].value, "-1");
}

TEST_F(ConfFileTest, UnescapesQuotedValues) {
  std::vector<ConfigItem> items = ParseConfigText(
      "a = 'it''s'\nb = 'tab\\there'\nc = 'back\\\\slash'\nd = '\\101'\ne = ''\n", "/x/f");
  ASSERT_EQ(items.size(), 5u);
  EXPECT_EQ(items[0].value, "it's");
  EXPECT_EQ(items[1].value, "tab\there");
  EXPECT_EQ(items[2].value, "back\\slash");
  EXPECT_EQ(items[3].value, "A");
  EXPECT_EQ(items[4].value, "");
}

TEST_F(ConfFileTest, ReportsSyntaxErrorsWithFileAndLine) {
  Error junk = ParseError("port = 5432\nwork_mem = 4MB junk\n");
  EXPECT_EQ(junk.code(), errcode::kSyntaxError);
  EXPECT_EQ(junk.message(), "syntax error in file \"/x/hyrax.conf\" line 2, near token \"junk\"");
  EXPECT_EQ(ParseError("port =\n").message(),
            "syntax error in file \"/x/hyrax.conf\" line 1, near end of line");
  EXPECT_EQ(ParseError("a = 'unterminated\n").code(), errcode::kSyntaxError);
  EXPECT_EQ(ParseError("= 5\n").code(), errcode::kSyntaxError);
}

TEST_F(ConfFileTest, FollowsIncludesRelativeToTheIncludingFile) {
  Write("conf.d/10-a.conf", "work_mem = 8MB\n");
  Write("conf.d/20-b.conf", "work_mem = 16MB\n");
  Write("conf.d/.hidden.conf", "work_mem = 99MB\n");
  Write("sub/extra.conf", "port = 6000\n");
  std::string main = Write("hyrax.conf",
                           "port = 5000\ninclude 'sub/extra.conf'\n"
                           "include_if_exists 'missing.conf'\ninclude_dir 'conf.d'\n");
  std::vector<ConfigItem> items = ParseConfigFile(main);
  ASSERT_EQ(items.size(), 4u);
  EXPECT_EQ(items[1].value, "6000");
  EXPECT_EQ(items[1].file, (dir_ / "sub/extra.conf").string());
  EXPECT_EQ(items[3].value, "16MB");
}

TEST_F(ConfFileTest, RejectsMissingIncludesAndEndlessRecursion) {
  std::string missing = Write("hyrax.conf", "include 'nope.conf'\n");
  EXPECT_THROW(ParseConfigFile(missing), Error);
  std::string loop = Write("loop.conf", "include 'loop.conf'\n");
  try {
    ParseConfigFile(loop);
    FAIL() << "no error";
  } catch (const Error& error) {
    EXPECT_NE(error.message().find("maximum nesting depth exceeded"), std::string::npos);
  }
}

TEST_F(ConfFileTest, StartUpAppliesTheFileAndFailsOnAnyBadLine) {
  std::string good = Write("good.conf", "port = 6543\nwork_mem = '8MB'\nfsync = off\n");
  ProcessConfigFile(good, guc::GucContext::kPostmaster);
  EXPECT_EQ(guc::ShowOption("port"), "6543");
  EXPECT_EQ(guc::ShowOption("work_mem"), "8MB");
  EXPECT_EQ(guc::ShowOption("fsync"), "off");
  std::string bad = Write("bad.conf", "work_mem = 16MB\nno_such_thing = 1\n");
  try {
    ProcessConfigFile(bad, guc::GucContext::kPostmaster);
    FAIL() << "no error";
  } catch (const Error& error) {
    EXPECT_EQ(error.severity(), Severity::kFatal);
    EXPECT_EQ(error.message(), "configuration file \"" + bad + "\" contains errors");
  }
  EXPECT_EQ(guc::ShowOption("work_mem"), "8MB");
}

TEST_F(ConfFileTest, ReloadAppliesValidChangesAndResetsRemovedOnes) {
  std::string path = Write("hyrax.conf", "work_mem = 8MB\nport = 6000\nfsync = off\n");
  ProcessConfigFile(path, guc::GucContext::kPostmaster);
  Write("hyrax.conf", "port = 7000\nstatement_timeout = 5s\nwork_mem = 1\n");
  EXPECT_FALSE(ProcessConfigFile(path, guc::GucContext::kSighup));
  EXPECT_EQ(guc::ShowOption("port"), "6000");             // restart only
  EXPECT_EQ(guc::ShowOption("statement_timeout"), "5s");  // applied
  EXPECT_EQ(guc::ShowOption("fsync"), "on");              // removed: default again
  EXPECT_EQ(guc::ShowOption("work_mem"), "8MB");          // invalid line: value kept
}

TEST_F(ConfFileTest, ReloadWithASyntaxErrorChangesNothing) {
  std::string path = Write("hyrax.conf", "work_mem = 8MB\n");
  ProcessConfigFile(path, guc::GucContext::kPostmaster);
  Write("hyrax.conf", "work_mem = 16MB\nbroken line here\n");
  EXPECT_FALSE(ProcessConfigFile(path, guc::GucContext::kSighup));
  EXPECT_EQ(guc::ShowOption("work_mem"), "8MB");
}

TEST(CommandLineTest, ParsesLongOptionsAndOptionsStrings) {
  NameValue option = ParseLongOption("log-min-messages=debug1", true);
  EXPECT_EQ(option.name, "log_min_messages");
  EXPECT_EQ(option.value, "debug1");
  EXPECT_THROW(ParseLongOption("geqo", false), Error);
  std::vector<std::string> args =
      SplitOptions("  -c geqo=off  -c search_path=a\\ b --work-mem=8MB");
  ASSERT_EQ(args.size(), 5u);
  EXPECT_EQ(args[3], "search_path=a b");
  std::vector<NameValue> settings = ParseBackendSwitches(args);
  ASSERT_EQ(settings.size(), 3u);
  EXPECT_EQ(settings[1].value, "a b");
  EXPECT_EQ(settings[2].name, "work_mem");
  EXPECT_EQ(ParseBackendSwitches({"-cgeqo=on"})[0].value, "on");
  try {
    ParseBackendSwitches({"-x"});
    FAIL() << "no error";
  } catch (const Error& error) {
    EXPECT_EQ(error.code(), errcode::kSyntaxError);
    EXPECT_EQ(error.message(), "invalid command-line argument for server process: -x");
  }
}

}  // namespace
}  // namespace hyrax::server::config
