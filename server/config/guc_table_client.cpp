// GUC table, client-defaults section: the session settings clients send at connect or in
// restore preambles (DateStyle, TimeZone, IntervalStyle, extra_float_digits,
// client_encoding, search_path, row_security, ...; docs in /work/shared/research/compat.md
// tier 1-2). Their owners (executor/types, the catalog's namespace code) are being built,
// so most are registry-owned for now; server/config/README.md lists what to bind.
#include "common/guc/guc.h"
#include "executor/types/type_settings.h"
#include "server/config/guc_checks.h"
#include "server/config/guc_table.h"
#include "storage/catalog/namespace.h"

namespace hyrax::server::config {

namespace {

using guc::GucContext;
using guc::GucGroup;
namespace flag = guc::flag;

constexpr guc::EnumEntry kIntervalStyles[] = {
    {"postgres", 0}, {"postgres_verbose", 1}, {"sql_standard", 2}, {"iso_8601", 3}};
constexpr guc::EnumEntry kByteaOutputs[] = {{"escape", 0}, {"hex", 1}};
constexpr guc::EnumEntry kXmlOptions[] = {{"content", 1}, {"document", 0}};

void DefineUserBool(std::string_view name, GucGroup group, std::string_view description, bool boot,
                    uint32_t flags = 0) {
  guc::DefineBool({.name = name,
                   .context = GucContext::kUser,
                   .group = group,
                   .short_desc = description,
                   .boot = boot,
                   .flags = flags});
}

void RegisterFormattingGucs() {
  guc::DefineString({.name = "DateStyle",
                     .context = GucContext::kUser,
                     .group = GucGroup::kClientLocale,
                     .short_desc = "Sets the display format for date and time values.",
                     .boot = "ISO, MDY",
                     .flags = flag::kListInput | flag::kReport,
                     .check = CheckDateStyle,
                     .assign = [](const std::string& v) { executor::SetDateStyle(v); }});
  guc::DefineEnum({.name = "IntervalStyle",
                   .context = GucContext::kUser,
                   .group = GucGroup::kClientLocale,
                   .short_desc = "Sets the display format for interval values.",
                   .boot = 0,
                   .flags = flag::kReport,
                   .options = kIntervalStyles,
                   .assign = [](const int& v) {
                     executor::g_interval_style = static_cast<executor::IntervalStyle>(v);
                   }});
  guc::DefineString({.name = "TimeZone",
                     .context = GucContext::kUser,
                     .group = GucGroup::kClientLocale,
                     .short_desc = "Sets the time zone for displaying and interpreting time "
                                   "stamps.",
                     .boot = "GMT",
                     .flags = flag::kReport,
                     .check =
                         [](std::string& value, guc::CheckFailure& failure) {
                           return CheckTimeZone(value, failure) && executor::IsValidTimeZone(value);
                         },
                     .assign = [](const std::string& v) { executor::SetTimeZone(v); }});
  guc::DefineString({.name = "timezone_abbreviations",
                     .context = GucContext::kUser,
                     .group = GucGroup::kClientLocale,
                     .short_desc = "Selects a file of time zone abbreviations.",
                     .boot = "Default"});
  guc::DefineInt({.name = "extra_float_digits",
                  .context = GucContext::kUser,
                  .group = GucGroup::kClientLocale,
                  .short_desc = "Sets the number of digits displayed for floating-point values.",
                  .variable = &executor::g_extra_float_digits,
                  .boot = 1,
                  .min = -15,
                  .max = 3});
  guc::DefineEnum({.name = "bytea_output",
                   .context = GucContext::kUser,
                   .group = GucGroup::kClientStatement,
                   .short_desc = "Sets the output format for bytea.",
                   .boot = 1,
                   .options = kByteaOutputs,
                   .assign = [](const int& v) {
                     executor::g_bytea_output = static_cast<executor::ByteaOutput>(v);
                   }});
  guc::DefineEnum({.name = "xmloption",
                   .context = GucContext::kUser,
                   .group = GucGroup::kClientStatement,
                   .short_desc = "Sets whether XML data in implicit parsing and serialization "
                                 "operations is to be considered as documents or content "
                                 "fragments.",
                   .boot = 1,
                   .options = kXmlOptions});
}

void RegisterLocaleGucs() {
  guc::DefineString({.name = "client_encoding",
                     .context = GucContext::kUser,
                     .group = GucGroup::kClientLocale,
                     .short_desc = "Sets the client's character set encoding.",
                     .boot = "UTF8",
                     .flags = flag::kIsName | flag::kReport,
                     .check = CheckClientEncoding});
  guc::DefineString({.name = "lc_messages",
                     .context = GucContext::kSuperuser,
                     .group = GucGroup::kClientLocale,
                     .short_desc = "Sets the language in which messages are displayed.",
                     .boot = "",
                     .check = CheckLocaleName});
  struct LocaleSetting {
    std::string_view name;
    std::string_view description;
  };
  for (const LocaleSetting& setting :
       {LocaleSetting{"lc_monetary", "Sets the locale for formatting monetary amounts."},
        LocaleSetting{"lc_numeric", "Sets the locale for formatting numbers."},
        LocaleSetting{"lc_time", "Sets the locale for formatting date and time values."}}) {
    guc::DefineString({.name = setting.name,
                       .context = GucContext::kUser,
                       .group = GucGroup::kClientLocale,
                       .short_desc = setting.description,
                       .boot = "C",
                       .check = CheckLocaleName});
  }
}

void RegisterStatementGucs() {
  guc::DefineString({.name = "search_path",
                     .context = GucContext::kUser,
                     .group = GucGroup::kClientStatement,
                     .short_desc = "Sets the schema search order for names that are not "
                                   "schema-qualified.",
                     .variable = &catalog::g_search_path,
                     .boot = "\"$user\", public",
                     .flags = flag::kListInput | flag::kListQuote | flag::kExplain});
  guc::DefineString({.name = "default_tablespace",
                     .context = GucContext::kUser,
                     .group = GucGroup::kClientStatement,
                     .short_desc = "Sets the default tablespace to create tables and indexes in.",
                     .boot = "",
                     .flags = flag::kIsName,
                     .check = CheckTablespace});
  guc::DefineString({.name = "default_table_access_method",
                     .context = GucContext::kUser,
                     .group = GucGroup::kClientStatement,
                     .short_desc = "Sets the default table access method for new tables.",
                     .boot = "heap",
                     .flags = flag::kIsName,
                     .check = CheckTableAccessMethod});
  DefineUserBool("check_function_bodies", GucGroup::kClientStatement,
                 "Check routine bodies during CREATE FUNCTION and CREATE PROCEDURE.", true);
  DefineUserBool("row_security", GucGroup::kClientStatement, "Enable row security.", true);
  DefineUserBool("synchronize_seqscans", GucGroup::kCompatPrevious,
                 "Enable synchronized sequential scans.", true);
  DefineUserBool("standard_conforming_strings", GucGroup::kCompatPrevious,
                 "Causes '...' strings to treat backslashes literally.", true, flag::kReport);
  DefineUserBool("escape_string_warning", GucGroup::kCompatPrevious,
                 "Warn about backslash escapes in ordinary string literals.", true);
  DefineUserBool("quote_all_identifiers", GucGroup::kCompatPrevious,
                 "When generating SQL fragments, quote all identifiers.", false);
}

void RegisterIdentityGucs() {
  constexpr uint32_t kIdentityFlags =
      flag::kNoShowAll | flag::kNoResetAll | flag::kNotInSample | flag::kDisallowInFile;
  // Set by the backend after authentication (source override); SET SESSION AUTHORIZATION
  // and SET ROLE are statements the engine implements.
  // TODO(#5): the engine's role code should validate SET session_authorization / role.
  guc::DefineString({.name = "session_authorization",
                     .context = GucContext::kUser,
                     .short_desc = "Sets the session user name.",
                     .boot = "",
                     .flags = kIdentityFlags | flag::kIsName | flag::kReport});
  guc::DefineString({.name = "role",
                     .context = GucContext::kUser,
                     .short_desc = "Sets the current role.",
                     .boot = "none",
                     .flags = kIdentityFlags | flag::kIsName});
  guc::DefineBool({.name = "is_superuser",
                   .context = GucContext::kInternal,
                   .short_desc = "Shows whether the current user is a superuser.",
                   .boot = false,
                   .flags = kIdentityFlags | flag::kReport});
}

}  // namespace

void RegisterClientGucs() {
  RegisterFormattingGucs();
  RegisterLocaleGucs();
  RegisterStatementGucs();
  RegisterIdentityGucs();
}

}  // namespace hyrax::server::config
