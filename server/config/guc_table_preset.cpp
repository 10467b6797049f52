// GUC table, preset section: read-only facts about the build and the cluster (version,
// encoding, block size, identifier length ...), reported or shown exactly as PostgreSQL
// 15 shows them; plus RegisterServerGucs, which defines the whole table.
#include "common/guc/guc.h"
#include "common/ids.h"
#include "server/config/guc_table.h"

namespace hyrax::server::config {

namespace {

using guc::GucContext;
using guc::GucGroup;
namespace flag = guc::flag;

constexpr uint32_t kPreset = flag::kNotInSample | flag::kDisallowInFile;

void DefineFixedInt(std::string_view name, std::string_view description, int value,
                    guc::GucUnit unit = guc::GucUnit::kNone) {
  guc::DefineInt({.name = name,
                  .context = GucContext::kInternal,
                  .group = GucGroup::kPresetOptions,
                  .short_desc = description,
                  .boot = value,
                  .min = value,
                  .max = value,
                  .unit = unit,
                  .flags = kPreset});
}

void DefineFixedString(std::string_view name, std::string_view description, std::string_view value,
                       uint32_t flags = 0) {
  guc::DefineString({.name = name,
                     .context = GucContext::kInternal,
                     .group = GucGroup::kPresetOptions,
                     .short_desc = description,
                     .boot = std::string(value),
                     .flags = kPreset | flags});
}

void DefineFixedBool(std::string_view name, std::string_view description, bool value,
                     uint32_t flags = 0) {
  guc::DefineBool({.name = name,
                   .context = GucContext::kInternal,
                   .group = GucGroup::kPresetOptions,
                   .short_desc = description,
                   .boot = value,
                   .flags = kPreset | flags});
}

}  // namespace

void RegisterPresetGucs() {
  // psql, pg_dump, pgjdbc and psycopg2 parse server_version: it must read as 15.x.
  DefineFixedString("server_version", "Shows the server version.", "15.0 (Hyrax 0.1.0)",
                    flag::kReport);
  DefineFixedInt("server_version_num", "Shows the server version as an integer.", 150000);
  DefineFixedString("server_encoding", "Shows the server (database) character set encoding.",
                    "UTF8", flag::kReport | flag::kIsName);
  DefineFixedString("lc_collate", "Shows the collation order locale.", "C");
  DefineFixedString("lc_ctype",
                    "Shows the character classification and case conversion "
                    "locale.",
                    "C");
  // pgjdbc decodes binary timestamps as floats when this is missing or off.
  DefineFixedBool("integer_datetimes", "Shows whether datetimes are integer based.", true,
                  flag::kReport);
  DefineFixedBool("in_hot_standby", "Shows whether hot standby is currently active.", false,
                  flag::kReport);
  DefineFixedBool("data_checksums",
                  "Shows whether data checksums are turned on for this "
                  "cluster.",
                  true);
  DefineFixedBool("debug_assertions",
                  "Shows whether the running server has assertion checks "
                  "enabled.",
                  false);
  DefineFixedInt("block_size", "Shows the size of a disk block.", kBlockSize);
  DefineFixedInt("wal_block_size", "Shows the block size in the write ahead log.", kBlockSize);
  DefineFixedInt("segment_size", "Shows the number of pages per disk file.", 131072,
                 guc::GucUnit::kBlocks);
  DefineFixedInt("wal_segment_size", "Shows the size of write ahead log segments.",
                 16 * 1024 * 1024, guc::GucUnit::kBytes);
  DefineFixedInt("max_identifier_length", "Shows the maximum identifier length.", 63);
  DefineFixedInt("max_function_args", "Shows the maximum number of function arguments.", 100);
  DefineFixedInt("max_index_keys", "Shows the maximum number of index keys.", 32);
}

void RegisterServerGucs() {
  RegisterConnectionGucs();
  RegisterResourceGucs();
  RegisterClientGucs();
  RegisterPlannerGucs();
  RegisterAutovacuumGucs();
  RegisterPresetGucs();
}

}  // namespace hyrax::server::config
