// The server's GUC table: PostgreSQL 15's defaults and display forms for the settings
// clients read at connect (ParameterStatus), bindings to lower-layer globals, and the check
// hooks (client_encoding, DateStyle, TimeZone, application_name).
#include "server/config/guc_table.h"

#include <filesystem>
#include <map>

#include <gtest/gtest.h>

#include "common/error.h"
#include "common/guc/guc.h"
#include "server/config/server_gucs.h"
#include "storage/buffer/buffer_manager.h"
#include "storage/txn/proc_array.h"
#include "storage/txn/xact.h"
#include "wal/wal_shmem.h"

namespace hyrax::server::config {
namespace {

class GucTableTest : public ::testing::Test {
 protected:
  void SetUp() override {
    guc::ResetRegistryForTesting();
    RegisterServerGucs();
  }
  void TearDown() override { guc::ResetRegistryForTesting(); }
  static void Set(std::string_view name, std::string_view value) {
    guc::SetConfigOption(name, value, {});
  }
  static Error SetError(std::string_view name, std::string_view value) {
    try {
      Set(name, value);
    } catch (const Error& error) {
      return error;
    }
    ADD_FAILURE() << "no error";
    return Error(errcode::kSuccessfulCompletion, "");
  }
};

TEST_F(GucTableTest, ReportsTheParameterStatusSetClientsDependOn) {
  guc::ParameterList report = guc::BeginReporting();
  std::map<std::string, std::string> values(report.begin(), report.end());
  EXPECT_EQ(values["server_version"], "15.0 (Hyrax 0.1.0)");
  EXPECT_EQ(values["server_encoding"], "UTF8");
  EXPECT_EQ(values["client_encoding"], "UTF8");
  EXPECT_EQ(values["DateStyle"], "ISO, MDY");
  EXPECT_EQ(values["integer_datetimes"], "on");
  EXPECT_EQ(values["standard_conforming_strings"], "on");
  EXPECT_EQ(values["IntervalStyle"], "postgres");
  EXPECT_EQ(values["is_superuser"], "off");
  EXPECT_EQ(values["default_transaction_read_only"], "off");
  EXPECT_EQ(values["in_hot_standby"], "off");
  EXPECT_TRUE(values.count("TimeZone"));
  EXPECT_TRUE(values.count("application_name"));
  EXPECT_TRUE(values.count("session_authorization"));
  EXPECT_EQ(report.size(), 13u);
}

TEST_F(GucTableTest, DefaultsMatchPostgres15) {
  EXPECT_EQ(guc::ShowOption("shared_buffers"), "128MB");
  EXPECT_EQ(guc::ShowOption("work_mem"), "4MB");
  EXPECT_EQ(guc::ShowOption("maintenance_work_mem"), "64MB");
  EXPECT_EQ(guc::ShowOption("max_connections"), "100");
  EXPECT_EQ(guc::ShowOption("port"), "5432");
  EXPECT_EQ(guc::ShowOption("checkpoint_timeout"), "5min");
  EXPECT_EQ(guc::ShowOption("max_wal_size"), "1GB");
  EXPECT_EQ(guc::ShowOption("deadlock_timeout"), "1s");
  EXPECT_EQ(guc::ShowOption("statement_timeout"), "0");
  EXPECT_EQ(guc::ShowOption("effective_cache_size"), "4GB");
  EXPECT_EQ(guc::ShowOption("random_page_cost"), "4");
  EXPECT_EQ(guc::ShowOption("cpu_operator_cost"), "0.0025");
  EXPECT_EQ(guc::ShowOption("default_transaction_isolation"), "read committed");
  EXPECT_EQ(guc::ShowOption("transaction_isolation"), "read committed");
  EXPECT_EQ(guc::ShowOption("server_version_num"), "150000");
  EXPECT_EQ(guc::ShowOption("block_size"), "8192");
  EXPECT_EQ(guc::ShowOption("max_identifier_length"), "63");
  EXPECT_EQ(guc::ShowOption("search_path"), "\"$user\", public");
  EXPECT_EQ(guc::ShowOption("bytea_output"), "hex");
  EXPECT_EQ(guc::ShowOption("synchronous_commit"), "on");
  EXPECT_EQ(guc::ShowOption("client_min_messages"), "notice");
  EXPECT_EQ(guc::ShowOption("log_min_messages"), "warning");
  EXPECT_EQ(guc::ShowOption("wal_segment_size"), "16MB");
  EXPECT_EQ(guc::ShowOption("segment_size"), "1GB");
}

TEST_F(GucTableTest, BindsLowerLayerGlobals) {
  guc::SetConfigOption("shared_buffers", "256MB",
                       {.context = guc::GucContext::kPostmaster, .source = guc::GucSource::kFile});
  EXPECT_EQ(storage::g_shared_buffers, 32768);
  guc::SetConfigOption("max_connections", "20",
                       {.context = guc::GucContext::kPostmaster, .source = guc::GucSource::kArgv});
  EXPECT_EQ(storage::ProcArray::g_max_connections, 20);
  Set("synchronous_commit", "off");
  EXPECT_FALSE(storage::g_synchronous_commit);
  Set("synchronous_commit", "local");
  EXPECT_TRUE(storage::g_synchronous_commit);
  Set("default_transaction_isolation", "REPEATABLE READ");
  EXPECT_EQ(storage::g_default_isolation_level, storage::IsolationLevel::kRepeatableRead);
  Set("statement_timeout", "2s");
  EXPECT_EQ(g_statement_timeout_ms, 2000);
  Set("client_min_messages", "warning");
  EXPECT_EQ(g_client_min_messages, Severity::kWarning);
}

TEST_F(GucTableTest, WalBuffersDefaultsToOneThirtySecondOfSharedBuffers) {
  EXPECT_EQ(wal::g_wal_buffers_kb, 4096);  // never -1, even before resolution
  EXPECT_EQ(guc::ShowOption("wal_buffers"), "-1");
  ResolveDynamicDefaults();
  EXPECT_EQ(guc::ShowOption("wal_buffers"), "4MB");
  EXPECT_EQ(wal::g_wal_buffers_kb, 4096);
  guc::SetConfigOption("wal_buffers", "2",
                       {.context = guc::GucContext::kPostmaster, .source = guc::GucSource::kArgv});
  EXPECT_EQ(guc::ShowOption("wal_buffers"), "32kB");  // raised to 4 blocks, as PostgreSQL
  EXPECT_EQ(wal::g_wal_buffers_kb, 32);
}

TEST_F(GucTableTest, ClientEncodingAcceptsOnlyUtf8Spellings) {
  for (const char* spelling : {"utf8", "UTF-8", "Unicode", "utf_8"}) {
    Set("client_encoding", spelling);
    EXPECT_EQ(guc::ShowOption("client_encoding"), "UTF8") << spelling;
  }
  Error latin = SetError("client_encoding", "LATIN1");
  EXPECT_EQ(latin.code(), errcode::kFeatureNotSupported);
  EXPECT_EQ(latin.message(), "invalid value for parameter \"client_encoding\": \"LATIN1\"");
  EXPECT_EQ(latin.detail(), "Conversion between LATIN1 and UTF8 is not supported.");
  EXPECT_EQ(SetError("client_encoding", "klingon").code(), errcode::kInvalidParameterValue);
}

TEST_F(GucTableTest, DateStyleIsCanonicalised) {
  Set("DateStyle", "iso");
  EXPECT_EQ(guc::ShowOption("datestyle"), "ISO, MDY");
  Set("DateStyle", "European");
  EXPECT_EQ(guc::ShowOption("DateStyle"), "ISO, DMY");
  Set("DateStyle", "sql, us");
  EXPECT_EQ(guc::ShowOption("DateStyle"), "SQL, MDY");
  Set("DateStyle", "German");
  EXPECT_EQ(guc::ShowOption("DateStyle"), "German, DMY");
  Error conflict = SetError("DateStyle", "ISO, SQL");
  EXPECT_EQ(conflict.detail(), "Conflicting \"datestyle\" specifications.");
  Error unknown = SetError("DateStyle", "klingon");
  EXPECT_EQ(unknown.message(), "invalid value for parameter \"DateStyle\": \"klingon\"");
  EXPECT_EQ(unknown.detail(), "Unrecognized key word: \"klingon\".");
}

TEST_F(GucTableTest, TimeZoneAcceptsZoneNamesAndOffsets) {
  Set("TimeZone", "utc");
  EXPECT_EQ(guc::ShowOption("timezone"), "UTC");
  Set("TimeZone", "+05:30");
  EXPECT_EQ(guc::ShowOption("TimeZone"), "+05:30");
  if (std::filesystem::exists("/usr/share/zoneinfo/Europe/Paris")) {
    Set("TimeZone", "europe/paris");
    EXPECT_EQ(guc::ShowOption("TimeZone"), "Europe/Paris");
  }
  EXPECT_EQ(SetError("TimeZone", "Mars/Olympus").message(),
            "invalid value for parameter \"TimeZone\": \"Mars/Olympus\"");
  EXPECT_EQ(SetError("TimeZone", "../../etc/passwd").code(), errcode::kInvalidParameterValue);
}

TEST_F(GucTableTest, ApplicationNameKeepsOnlyPrintableAscii) {
  Set("application_name", "caf\xc3\xa9\tapp");
  EXPECT_EQ(guc::ShowOption("application_name"), "caf???app");
  EXPECT_EQ(g_application_name, "caf???app");
}

TEST_F(GucTableTest, ReadOnlyAndRestartOnlySettingsRefuseSet) {
  EXPECT_EQ(SetError("server_version", "16.0").code(), errcode::kCantChangeRuntimeParam);
  EXPECT_EQ(SetError("port", "1").message(),
            "parameter \"port\" cannot be changed without restarting the server");
  EXPECT_EQ(SetError("fsync", "off").message(), "parameter \"fsync\" cannot be changed now");
  EXPECT_EQ(SetError("default_table_access_method", "columnar").detail(),
            "Table access method \"columnar\" does not exist.");
}

TEST_F(GucTableTest, SessionSettingsFromClientPreamblesAreAccepted) {
  // pg_dump's and pgjdbc's connect-time SETs (compat.md, tier 2).
  Set("extra_float_digits", "3");
  Set("search_path", "");
  Set("row_security", "off");
  Set("synchronize_seqscans", "off");
  Set("check_function_bodies", "false");
  Set("xmloption", "content");
  Set("default_tablespace", "");
  Set("default_table_access_method", "heap");
  Set("IntervalStyle", "POSTGRES");
  Set("lock_timeout", "0");
  Set("idle_in_transaction_session_timeout", "0");
  Set("standard_conforming_strings", "on");
  EXPECT_EQ(guc::ShowOption("extra_float_digits"), "3");
  EXPECT_EQ(guc::ShowOption("row_security"), "off");
}

TEST_F(GucTableTest, SettingRowsListEverySettingWithACategory) {
  std::vector<guc::SettingRow> rows = guc::GetSettingRows(true);
  EXPECT_GT(rows.size(), 100u);
  for (const guc::SettingRow& row : rows) {
    EXPECT_FALSE(row.category.empty()) << row.name;
    EXPECT_FALSE(row.short_desc.empty()) << row.name;
  }
}

}  // namespace
}  // namespace hyrax::server::config
