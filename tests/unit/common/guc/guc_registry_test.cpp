// The GUC registry's rules: contexts and permissions, source priorities and reset values,
// SET / SET LOCAL / RESET across commit, abort and savepoints, error texts and SQLSTATEs,
// ParameterStatus reporting and the pg_settings rows.
#include <gtest/gtest.h>

#include "common/error.h"
#include "common/guc/guc.h"

namespace hyrax::guc {
namespace {

constexpr EnumEntry kStyles[] = {
    {"postgres", 0}, {"iso_8601", 1}, {"sql_standard", 2}, {"hidden_alias", 0, true}};

class GucRegistryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ResetRegistryForTesting();
    DefineInt({.name = "work_mem",
               .context = GucContext::kUser,
               .group = GucGroup::kResourcesMem,
               .short_desc = "Sets the maximum memory to be used for query workspaces.",
               .variable = &work_mem_,
               .boot = 4096,
               .min = 64,
               .max = 2147483647,
               .unit = GucUnit::kKb});
    DefineInt({.name = "shared_buffers",
               .context = GucContext::kPostmaster,
               .group = GucGroup::kResourcesMem,
               .short_desc = "Sets the number of shared memory buffers used by the server.",
               .boot = 16384,
               .min = 16,
               .max = 1073741823,
               .unit = GucUnit::kBlocks});
    DefineBool({.name = "fsync", .context = GucContext::kSighup, .boot = true});
    DefineString({.name = "server_version",
                  .context = GucContext::kInternal,
                  .boot = "15.0",
                  .flags = flag::kReport});
    DefineString({.name = "application_name",
                  .context = GucContext::kUser,
                  .boot = "",
                  .flags = flag::kReport});
    DefineEnum({.name = "IntervalStyle",
                .context = GucContext::kUser,
                .variable = &interval_style_,
                .boot = 0,
                .flags = flag::kReport,
                .options = kStyles});
    DefineInt({.name = "log_min_duration",
               .context = GucContext::kSuperuser,
               .boot = -1,
               .min = -1,
               .max = 1000,
               .unit = GucUnit::kMs});
    DefineBool({.name = "log_connections", .context = GucContext::kSuperuserBackend});
    DefineBool({.name = "backend_only", .context = GucContext::kBackend});
    DefineString({.name = "data_directory",
                  .context = GucContext::kPostmaster,
                  .boot = "/data",
                  .flags = flag::kSuperuserOnly});
    DefineReal({.name = "random_page_cost",
                .context = GucContext::kUser,
                .variable = &random_page_cost_,
                .boot = 4.0,
                .min = 0,
                .max = 1.79769e+308});
    DefineString({.name = "client_encoding",
                  .boot = "UTF8",
                  .check = [](std::string& value, CheckFailure& failure) {
                    if (value == "utf8" || value == "unicode") value = "UTF8";
                    if (value == "UTF8") return true;
                    failure.detail = "Only UTF8 is supported.";
                    return false;
                  }});
  }
  void TearDown() override { ResetRegistryForTesting(); }

  static void Set(std::string_view name, std::string_view value,
                  SetAction action = SetAction::kSet) {
    SetConfigOption(name, value, {.action = action});
  }
  static Error SetError(std::string_view name, std::optional<std::string_view> value,
                        SetOptions options = {}) {
    try {
      SetConfigOption(name, value, options);
    } catch (const Error& error) {
      return error;
    }
    ADD_FAILURE() << "no error for " << name;
    return Error(errcode::kSuccessfulCompletion, "");
  }

  int work_mem_ = 0;
  int interval_style_ = -1;
  double random_page_cost_ = 0;
};

TEST_F(GucRegistryTest, DefinitionStoresTheBootValueInTheBoundVariable) {
  EXPECT_EQ(work_mem_, 4096);
  EXPECT_EQ(interval_style_, 0);
  EXPECT_EQ(random_page_cost_, 4.0);
  EXPECT_EQ(ShowOption("work_mem"), "4MB");
  EXPECT_EQ(ShowOption("shared_buffers"), "128MB");
  EXPECT_EQ(ShowOption("intervalstyle"), "postgres");
  EXPECT_EQ(CanonicalName("intervalstyle"), "IntervalStyle");
}

TEST_F(GucRegistryTest, SetConvertsUnitsAndShowsThemBack) {
  Set("work_mem", "1GB");
  EXPECT_EQ(work_mem_, 1048576);
  EXPECT_EQ(ShowOption("WORK_MEM"), "1GB");
  Set("IntervalStyle", "ISO_8601");
  EXPECT_EQ(interval_style_, 1);
  EXPECT_EQ(ShowOption("IntervalStyle"), "iso_8601");
  Set("IntervalStyle", "hidden_alias");
  EXPECT_EQ(ShowOption("IntervalStyle"), "postgres");
}

TEST_F(GucRegistryTest, InvalidValuesRaisePostgresMessages) {
  Error range = SetError("work_mem", "10");
  EXPECT_EQ(range.code(), errcode::kInvalidParameterValue);
  EXPECT_EQ(range.message(),
            "10 kB is outside the valid range for parameter \"work_mem\" (64 .. 2147483647)");
  Error unit = SetError("work_mem", "10 parsecs");
  EXPECT_EQ(unit.message(), "invalid value for parameter \"work_mem\": \"10 parsecs\"");
  EXPECT_EQ(unit.hint(),
            "Valid units for this parameter are \"B\", \"kB\", \"MB\", \"GB\", and \"TB\".");
  Error boolean = SetError("fsync", "maybe", {.context = GucContext::kSighup});
  EXPECT_EQ(boolean.message(), "parameter \"fsync\" requires a Boolean value");
  Error enumeration = SetError("IntervalStyle", "german");
  EXPECT_EQ(enumeration.message(), "invalid value for parameter \"IntervalStyle\": \"german\"");
  EXPECT_EQ(enumeration.hint(), "Available values: postgres, iso_8601, sql_standard.");
  Error real = SetError("random_page_cost", "cheap");
  EXPECT_EQ(real.message(), "parameter \"random_page_cost\" requires a numeric value");
  Error unknown = SetError("no_such_setting", "1");
  EXPECT_EQ(unknown.code(), errcode::kUndefinedObject);
  EXPECT_EQ(unknown.message(), "unrecognized configuration parameter \"no_such_setting\"");
}

TEST_F(GucRegistryTest, CheckHookCanonicalisesOrRejectsWithDetail) {
  Set("client_encoding", "unicode");
  EXPECT_EQ(ShowOption("client_encoding"), "UTF8");
  Error error = SetError("client_encoding", "LATIN1");
  EXPECT_EQ(error.message(), "invalid value for parameter \"client_encoding\": \"LATIN1\"");
  EXPECT_EQ(error.detail(), "Only UTF8 is supported.");
}

TEST_F(GucRegistryTest, ContextsRestrictWhoMayChangeASetting) {
  EXPECT_EQ(SetError("shared_buffers", "1GB").message(),
            "parameter \"shared_buffers\" cannot be changed without restarting the server");
  EXPECT_EQ(SetError("shared_buffers", "1GB").code(), errcode::kCantChangeRuntimeParam);
  EXPECT_EQ(SetError("fsync", "off").message(), "parameter \"fsync\" cannot be changed now");
  EXPECT_EQ(SetError("server_version", "16").message(),
            "parameter \"server_version\" cannot be changed");
  Error denied = SetError("log_min_duration", "5");
  EXPECT_EQ(denied.code(), errcode::kInsufficientPrivilege);
  EXPECT_EQ(denied.message(), "permission denied to set parameter \"log_min_duration\"");
  SetConfigOption("log_min_duration", "5", {.context = GucContext::kSuperuser});
  EXPECT_EQ(ShowOption("log_min_duration"), "5ms");
  EXPECT_EQ(SetError("backend_only", "on").message(),
            "parameter \"backend_only\" cannot be set after connection start");
  EXPECT_EQ(SetError("log_connections", "on",
                     {.context = GucContext::kBackend, .source = GucSource::kClient})
                .code(),
            errcode::kInsufficientPrivilege);
  EXPECT_TRUE(SetConfigOption("backend_only", "on",
                              {.context = GucContext::kBackend, .source = GucSource::kClient}));
  EXPECT_TRUE(SetConfigOption("shared_buffers", "256MB",
                              {.context = GucContext::kPostmaster, .source = GucSource::kFile}));
  EXPECT_EQ(ShowOption("shared_buffers"), "256MB");
}

TEST_F(GucRegistryTest, ReloadNeverAppliesRestartOnlySettingsButMarksThemPending) {
  EXPECT_FALSE(SetConfigOption("shared_buffers", "1GB",
                               {.context = GucContext::kSighup, .source = GucSource::kFile}));
  EXPECT_EQ(ShowOption("shared_buffers"), "128MB");
  bool pending = false;
  for (const SettingRow& row : GetSettingRows(true)) {
    if (row.name == "shared_buffers") pending = row.pending_restart;
  }
  EXPECT_TRUE(pending);
  EXPECT_TRUE(SetConfigOption("fsync", "off",
                              {.context = GucContext::kSighup, .source = GucSource::kFile}));
  EXPECT_EQ(ShowOption("fsync"), "off");
}

TEST_F(GucRegistryTest, LowerPrioritySourcesDoNotOverrideButUpdateTheResetValue) {
  SetConfigOption("work_mem", "8MB",
                  {.context = GucContext::kPostmaster, .source = GucSource::kArgv});
  EXPECT_FALSE(SetConfigOption("work_mem", "16MB",
                               {.context = GucContext::kSighup, .source = GucSource::kFile}));
  EXPECT_EQ(ShowOption("work_mem"), "8MB");
  Set("work_mem", "32MB");
  EXPECT_EQ(ShowOption("work_mem"), "32MB");
  SetConfigOption("work_mem", std::nullopt, {});  // RESET
  EXPECT_EQ(ShowOption("work_mem"), "8MB");
  // A reload changes the value RESET returns to, not a session's SET.
  Set("application_name", "mine");
  SetConfigOption("application_name", "from_file",
                  {.context = GucContext::kSighup, .source = GucSource::kFile});
  EXPECT_EQ(ShowOption("application_name"), "mine");
  SetConfigOption("application_name", std::nullopt, {});
  EXPECT_EQ(ShowOption("application_name"), "from_file");
}

TEST_F(GucRegistryTest, SetIsRevertedWhenTheTransactionAborts) {
  AtTransactionStart();
  Set("work_mem", "64MB");
  EXPECT_EQ(ShowOption("work_mem"), "64MB");
  AtTransactionEnd(false);
  EXPECT_EQ(ShowOption("work_mem"), "4MB");
  EXPECT_EQ(work_mem_, 4096);
  AtTransactionStart();
  Set("work_mem", "64MB");
  AtTransactionEnd(true);
  EXPECT_EQ(ShowOption("work_mem"), "64MB");
  EXPECT_EQ(CurrentNestLevel(), 0);
}

TEST_F(GucRegistryTest, SetLocalLastsUntilTheEndOfTheTransaction) {
  AtTransactionStart();
  Set("work_mem", "64MB", SetAction::kLocal);
  EXPECT_EQ(ShowOption("work_mem"), "64MB");
  AtTransactionEnd(true);
  EXPECT_EQ(ShowOption("work_mem"), "4MB");
}

TEST_F(GucRegistryTest, SetAfterSetLocalWinsAndSetLocalAfterSetIsMasked) {
  AtTransactionStart();
  Set("work_mem", "8MB", SetAction::kLocal);
  Set("work_mem", "16MB");
  AtTransactionEnd(true);
  EXPECT_EQ(ShowOption("work_mem"), "16MB");

  AtTransactionStart();
  Set("work_mem", "32MB");
  Set("work_mem", "64MB", SetAction::kLocal);
  EXPECT_EQ(ShowOption("work_mem"), "64MB");
  AtTransactionEnd(true);
  EXPECT_EQ(ShowOption("work_mem"), "32MB");
}

TEST_F(GucRegistryTest, SavepointRollbackUndoesOnlyItsOwnChanges) {
  AtTransactionStart();
  Set("work_mem", "8MB");
  int savepoint = NewNestLevel();
  Set("work_mem", "16MB");
  Set("IntervalStyle", "sql_standard");
  AtNestLevelEnd(savepoint, false);
  EXPECT_EQ(ShowOption("work_mem"), "8MB");
  EXPECT_EQ(ShowOption("IntervalStyle"), "postgres");
  AtTransactionEnd(true);
  EXPECT_EQ(ShowOption("work_mem"), "8MB");
}

TEST_F(GucRegistryTest, ReleasedSavepointChangesFollowTheOuterTransaction) {
  AtTransactionStart();
  int savepoint = NewNestLevel();
  Set("work_mem", "16MB");
  AtNestLevelEnd(savepoint, true);
  EXPECT_EQ(ShowOption("work_mem"), "16MB");
  AtTransactionEnd(false);
  EXPECT_EQ(ShowOption("work_mem"), "4MB");

  AtTransactionStart();
  Set("work_mem", "8MB");
  savepoint = NewNestLevel();
  Set("work_mem", "16MB", SetAction::kLocal);
  AtNestLevelEnd(savepoint, true);
  EXPECT_EQ(ShowOption("work_mem"), "16MB");
  AtTransactionEnd(true);
  EXPECT_EQ(ShowOption("work_mem"), "8MB");
}

TEST_F(GucRegistryTest, ResetAllRestoresUserSettingsTransactionally) {
  Set("work_mem", "16MB");
  Set("IntervalStyle", "iso_8601");
  AtTransactionStart();
  ResetAllOptions();
  EXPECT_EQ(ShowOption("work_mem"), "4MB");
  EXPECT_EQ(ShowOption("IntervalStyle"), "postgres");
  AtTransactionEnd(false);
  EXPECT_EQ(ShowOption("work_mem"), "16MB");
}

TEST_F(GucRegistryTest, ReportsAllThenOnlyChangedParameters) {
  ParameterList all = BeginReporting();
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(all[0], (std::pair<std::string, std::string>{"application_name", ""}));
  EXPECT_EQ(all[1], (std::pair<std::string, std::string>{"IntervalStyle", "postgres"}));
  EXPECT_TRUE(TakeReportChanges().empty());
  AtTransactionStart();
  Set("application_name", "psql");
  Set("work_mem", "8MB");
  ParameterList changed = TakeReportChanges();
  ASSERT_EQ(changed.size(), 1u);
  EXPECT_EQ(changed[0].second, "psql");
  AtTransactionEnd(false);
  changed = TakeReportChanges();
  ASSERT_EQ(changed.size(), 1u);
  EXPECT_EQ(changed[0], (std::pair<std::string, std::string>{"application_name", ""}));
}

TEST_F(GucRegistryTest, CustomOptionsBecomePlaceholders) {
  Set("myapp.tenant", "42");
  EXPECT_EQ(ShowOption("MYAPP.tenant"), "42");
  EXPECT_EQ(CurrentSetting("myapp.other", true, false), std::nullopt);
  EXPECT_EQ(SetError("myapp..x", "1").code(), errcode::kInvalidName);
  EXPECT_EQ(SetError("myapp..x", "1").message(),
            "invalid configuration parameter name \"myapp..x\"");
  AtTransactionStart();
  Set("myapp.tenant", "43");
  AtTransactionEnd(false);
  EXPECT_EQ(ShowOption("myapp.tenant"), "42");
}

TEST_F(GucRegistryTest, SuperuserOnlySettingsAreHiddenFromOthers) {
  Error error = Error(errcode::kSuccessfulCompletion, "");
  try {
    ShowOption("data_directory", false);
  } catch (const Error& e) {
    error = e;
  }
  EXPECT_EQ(error.code(), errcode::kInsufficientPrivilege);
  EXPECT_EQ(error.message(),
            "must be superuser or have privileges of pg_read_all_settings to examine "
            "\"data_directory\"");
  EXPECT_EQ(ShowOption("data_directory", true), "/data");
  for (const SettingRow& row : GetSettingRows(false)) EXPECT_NE(row.name, "data_directory");
}

TEST_F(GucRegistryTest, CurrentSettingAndSetConfigFollowPostgres) {
  EXPECT_EQ(CurrentSetting("nope", true, true), std::nullopt);
  EXPECT_THROW(CurrentSetting("nope", false, true), Error);
  AtTransactionStart();
  EXPECT_EQ(SetConfig("work_mem", "2MB", true, false), "2MB");
  AtTransactionEnd(true);
  EXPECT_EQ(ShowOption("work_mem"), "4MB");
  EXPECT_EQ(SetConfig("work_mem", "3MB", false, false), "3MB");
  EXPECT_EQ(ShowOption("work_mem"), "3MB");
}

TEST_F(GucRegistryTest, SettingRowsCarryPgSettingsColumns) {
  SetConfigOption("work_mem", "8MB",
                  {.context = GucContext::kSighup,
                   .source = GucSource::kFile,
                   .source_file = "/d/hyrax.conf",
                   .source_line = 7});
  std::vector<SettingRow> rows = GetSettingRows(true);
  const SettingRow* buffers = nullptr;
  const SettingRow* mem = nullptr;
  const SettingRow* style = nullptr;
  for (const SettingRow& row : rows) {
    if (row.name == "shared_buffers") buffers = &row;
    if (row.name == "work_mem") mem = &row;
    if (row.name == "IntervalStyle") style = &row;
  }
  ASSERT_TRUE(buffers && mem && style);
  EXPECT_EQ(buffers->setting, "16384");
  EXPECT_EQ(buffers->unit, "8kB");
  EXPECT_EQ(buffers->context, "postmaster");
  EXPECT_EQ(buffers->vartype, "integer");
  EXPECT_EQ(buffers->category, "Resource Usage / Memory");
  EXPECT_EQ(buffers->min_val, "16");
  EXPECT_EQ(buffers->source, "default");
  EXPECT_EQ(mem->setting, "8192");
  EXPECT_EQ(mem->shown, "8MB");
  EXPECT_EQ(mem->source, "configuration file");
  EXPECT_EQ(mem->sourcefile, "/d/hyrax.conf");
  EXPECT_EQ(mem->sourceline, 7);
  EXPECT_EQ(mem->boot_val, "4096");
  EXPECT_EQ(mem->reset_val, "8192");
  EXPECT_EQ(style->enumvals, (std::vector<std::string>{"postgres", "iso_8601", "sql_standard"}));
  EXPECT_EQ(style->vartype, "enum");
}

TEST_F(GucRegistryTest, RemovedFileSettingsReturnToTheirDefault) {
  SetConfigOption("work_mem", "8MB", {.context = GucContext::kSighup, .source = GucSource::kFile});
  ResetRemovedFileSettings({"WORK_MEM"});
  EXPECT_EQ(ShowOption("work_mem"), "8MB");
  ResetRemovedFileSettings({});
  EXPECT_EQ(ShowOption("work_mem"), "4MB");
}

}  // namespace
}  // namespace hyrax::guc
