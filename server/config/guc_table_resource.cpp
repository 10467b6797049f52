// GUC table, engine section: memory, WAL, checkpoints, locks and transaction defaults.
// Settings bind to the globals their layer declares (wal/wal_shmem.h,
// wal/checkpoint/checkpoint.h, storage/buffer/buffer_manager.h, storage/txn/xact.h,
// storage/lmgr/lock_manager.h); the executor's memory limits are registry-owned until the
// executor declares them.
#include <algorithm>
#include <climits>

#include "common/guc/guc.h"
#include "common/stack_depth.h"
#include "executor/exec/work_mem.h"
#include "planner/cost/costsize.h"
#include "server/config/guc_table.h"
#include "storage/buffer/buffer_manager.h"
#include "storage/file/temp_file.h"
#include "storage/lmgr/lock_manager.h"
#include "storage/txn/xact.h"
#include "storage/vacuum/vacuum.h"
#include "wal/checkpoint/checkpoint.h"
#include "wal/wal_shmem.h"

namespace hyrax::server::config {

namespace {

using guc::GucContext;
using guc::GucGroup;
using guc::GucUnit;
namespace flag = guc::flag;

constexpr int kBlockSizeKb = 8;

constexpr guc::EnumEntry kForceParallelMode[] = {
    {"off", 0},       {"on", 1},       {"regress", 2}, {"true", 1, true}, {"false", 0, true},
    {"yes", 1, true}, {"no", 0, true}, {"1", 1, true}, {"0", 0, true}};
constexpr int kMaxKilobytes = INT_MAX;

// PostgreSQL's synchronous_commit values; everything but "off" waits for the WAL flush.
enum SyncCommit : int { kOff = 0, kLocal = 1, kRemoteWrite = 2, kOn = 3, kRemoteApply = 4 };
constexpr guc::EnumEntry kSynchronousCommit[] = {{"local", kLocal},
                                                 {"remote_write", kRemoteWrite},
                                                 {"remote_apply", kRemoteApply},
                                                 {"on", kOn},
                                                 {"off", kOff},
                                                 {"true", kOn, true},
                                                 {"false", kOff, true},
                                                 {"yes", kOn, true},
                                                 {"no", kOff, true},
                                                 {"1", kOn, true},
                                                 {"0", kOff, true}};

// PostgreSQL's XLOGChooseNumBuffers: 1/32 of shared_buffers, at least 64kB, at most one
// 16MB WAL segment.
int AutoWalBufferBlocks() {
  return std::clamp(storage::g_shared_buffers / 32, 8, 2048);
}

constexpr guc::EnumEntry kIsolationLevels[] = {
    {"serializable", static_cast<int>(storage::IsolationLevel::kSerializable)},
    {"repeatable read", static_cast<int>(storage::IsolationLevel::kRepeatableRead)},
    {"read committed", static_cast<int>(storage::IsolationLevel::kReadCommitted)},
    {"read uncommitted", static_cast<int>(storage::IsolationLevel::kReadUncommitted)}};

void RegisterMemoryGucs() {
  guc::DefineInt({.name = "shared_buffers",
                  .context = GucContext::kPostmaster,
                  .group = GucGroup::kResourcesMem,
                  .short_desc = "Sets the number of shared memory buffers used by the server.",
                  .variable = &storage::g_shared_buffers,
                  .boot = 16384,
                  .min = 16,
                  .max = INT_MAX / 2,
                  .unit = GucUnit::kBlocks});
  // temp_buffers stays registry-owned (temporary tables use the shared buffer pool).
  guc::DefineInt({.name = "work_mem",
                  .context = GucContext::kUser,
                  .group = GucGroup::kResourcesMem,
                  .short_desc = "Sets the maximum memory to be used for query workspaces.",
                  .variable = &executor::g_work_mem_kb,
                  .boot = 4096,
                  .min = 64,
                  .max = kMaxKilobytes,
                  .unit = GucUnit::kKb,
                  .flags = flag::kExplain});
  guc::DefineInt({.name = "maintenance_work_mem",
                  .context = GucContext::kUser,
                  .group = GucGroup::kResourcesMem,
                  .short_desc = "Sets the maximum memory to be used for maintenance operations.",
                  .variable = &storage::g_maintenance_work_mem_kb,
                  .boot = 65536,
                  .min = 1024,
                  .max = kMaxKilobytes,
                  .unit = GucUnit::kKb});
  guc::DefineReal({.name = "hash_mem_multiplier",
                   .context = GucContext::kUser,
                   .group = GucGroup::kResourcesMem,
                   .short_desc = "Multiple of work_mem to use for hash tables.",
                   .variable = &executor::g_hash_mem_multiplier,
                   .boot = 2.0,
                   .min = 1.0,
                   .max = 1000.0,
                   .flags = flag::kExplain});
  guc::DefineInt({.name = "temp_buffers",
                  .context = GucContext::kUser,
                  .group = GucGroup::kResourcesMem,
                  .short_desc = "Sets the maximum number of temporary buffers used by each "
                                "session.",
                  .boot = 1024,
                  .min = 100,
                  .max = INT_MAX / 2,
                  .unit = GucUnit::kBlocks,
                  .flags = flag::kExplain});
  guc::DefineInt({.name = "temp_file_limit",
                  .context = GucContext::kSuperuser,
                  .group = GucGroup::kResourcesDisk,
                  .short_desc = "Limits the total size of all temporary files used by each "
                                "process.",
                  .variable = &storage::g_temp_file_limit_kb,
                  .boot = -1,
                  .min = -1,
                  .max = INT_MAX,
                  .unit = GucUnit::kKb});
  guc::DefineInt({.name = "max_stack_depth",
                  .context = GucContext::kSuperuser,
                  .group = GucGroup::kResourcesMem,
                  .short_desc = "Sets the maximum stack depth, in kilobytes.",
                  .variable = &g_max_stack_depth_kb,
                  .boot = 2048,
                  .min = 100,
                  .max = kMaxKilobytes,
                  .unit = GucUnit::kKb});
}

void RegisterWalGucs() {
  guc::DefineBool({.name = "fsync",
                   .context = GucContext::kSighup,
                   .group = GucGroup::kWalSettings,
                   .short_desc = "Forces synchronization of updates to disk.",
                   .variable = &wal::g_fsync,
                   .boot = true});
  guc::DefineBool({.name = "full_page_writes",
                   .context = GucContext::kSighup,
                   .group = GucGroup::kWalSettings,
                   .short_desc = "Writes full pages to WAL when first modified after a "
                                 "checkpoint.",
                   .variable = &wal::g_full_page_writes,
                   .boot = true});
  // PostgreSQL's unit is WAL blocks and -1 means "auto"; wal/ wants kilobytes, so the
  // assign hook stores the automatic size until ResolveDynamicDefaults() fixes it.
  guc::DefineInt({.name = "wal_buffers",
                  .context = GucContext::kPostmaster,
                  .group = GucGroup::kWalSettings,
                  .short_desc = "Sets the number of disk-page buffers in shared memory for WAL.",
                  .boot = -1,
                  .min = -1,
                  .max = INT_MAX / 8192,
                  .unit = GucUnit::kBlocks,
                  .check =
                      [](int& blocks, guc::CheckFailure&) {
                        // PostgreSQL's check_wal_buffers: at least 4 blocks when set by hand.
                        if (blocks >= 0 && blocks < 4) blocks = 4;
                        return true;
                      },
                  .assign =
                      [](const int& blocks) {
                        wal::g_wal_buffers_kb =
                            (blocks < 0 ? AutoWalBufferBlocks() : blocks) * kBlockSizeKb;
                      }});
  guc::DefineInt({.name = "commit_delay",
                  .context = GucContext::kSuperuser,
                  .group = GucGroup::kWalSettings,
                  .short_desc = "Sets the delay in microseconds between transaction commit and "
                                "flushing WAL to disk.",
                  .variable = &wal::g_commit_delay_us,
                  .boot = 0,
                  .min = 0,
                  .max = 100000});
  guc::DefineEnum(
      {.name = "synchronous_commit",
       .context = GucContext::kUser,
       .group = GucGroup::kWalSettings,
       .short_desc = "Sets the current transaction's synchronization level.",
       .boot = kOn,
       .options = kSynchronousCommit,
       .assign = [](const int& level) { storage::g_synchronous_commit = level != kOff; }});
  guc::DefineInt({.name = "checkpoint_timeout",
                  .context = GucContext::kSighup,
                  .group = GucGroup::kWalCheckpoints,
                  .short_desc = "Sets the maximum time between automatic WAL checkpoints.",
                  .variable = &wal::g_checkpoint_timeout_s,
                  .boot = 300,
                  .min = 30,
                  .max = 86400,
                  .unit = GucUnit::kS});
  guc::DefineInt({.name = "max_wal_size",
                  .context = GucContext::kSighup,
                  .group = GucGroup::kWalCheckpoints,
                  .short_desc = "Sets the WAL size that triggers a checkpoint.",
                  .variable = &wal::g_max_wal_size_mb,
                  .boot = 1024,
                  .min = 2,
                  .max = kMaxKilobytes,
                  .unit = GucUnit::kMb});
}

void RegisterLockGucs() {
  guc::DefineInt({.name = "deadlock_timeout",
                  .context = GucContext::kSuperuser,
                  .group = GucGroup::kLockManagement,
                  .short_desc = "Sets the time to wait on a lock before checking for deadlock.",
                  .variable = &storage::LockManager::g_deadlock_timeout_ms,
                  .boot = 1000,
                  .min = 1,
                  .max = INT_MAX,
                  .unit = GucUnit::kMs});
  guc::DefineInt({.name = "max_locks_per_transaction",
                  .context = GucContext::kPostmaster,
                  .group = GucGroup::kLockManagement,
                  .short_desc = "Sets the maximum number of locks per transaction.",
                  .variable = &storage::LockManager::g_max_locks_per_transaction,
                  .boot = 64,
                  .min = 10,
                  .max = INT_MAX});
  guc::DefineInt({.name = "lock_timeout",
                  .context = GucContext::kUser,
                  .group = GucGroup::kClientStatement,
                  .short_desc = "Sets the maximum allowed duration of any wait for a lock.",
                  .variable = &storage::LockManager::g_lock_timeout_ms,
                  .boot = 0,
                  .min = 0,
                  .max = INT_MAX,
                  .unit = GucUnit::kMs});
}

void RegisterTransactionGucs() {
  constexpr uint32_t kPerTransaction =
      flag::kNoResetAll | flag::kNotInSample | flag::kDisallowInFile;
  guc::DefineEnum({.name = "default_transaction_isolation",
                   .context = GucContext::kUser,
                   .group = GucGroup::kClientStatement,
                   .short_desc = "Sets the transaction isolation level of each new transaction.",
                   .boot = static_cast<int>(storage::IsolationLevel::kReadCommitted),
                   .options = kIsolationLevels,
                   .assign = [](const int& level) {
                     storage::g_default_isolation_level =
                         static_cast<storage::IsolationLevel>(level);
                   }});
  guc::DefineBool({.name = "default_transaction_read_only",
                   .context = GucContext::kUser,
                   .group = GucGroup::kClientStatement,
                   .short_desc = "Sets the default read-only status of new transactions.",
                   .variable = &storage::g_default_transaction_read_only,
                   .boot = false,
                   .flags = flag::kReport});
  guc::DefineBool({.name = "default_transaction_deferrable",
                   .context = GucContext::kUser,
                   .group = GucGroup::kClientStatement,
                   .short_desc = "Sets the default deferrable status of new transactions.",
                   .variable = &storage::g_default_transaction_deferrable,
                   .boot = false});
  // TODO(#5): the transaction code should own these three: a show hook reading the current
  // transaction and a check hook refusing changes after its first snapshot (25001).
  guc::DefineEnum({.name = "transaction_isolation",
                   .context = GucContext::kUser,
                   .group = GucGroup::kClientStatement,
                   .short_desc = "Sets the current transaction's isolation level.",
                   .boot = static_cast<int>(storage::IsolationLevel::kReadCommitted),
                   .flags = kPerTransaction,
                   .options = kIsolationLevels});
  guc::DefineBool({.name = "transaction_read_only",
                   .context = GucContext::kUser,
                   .group = GucGroup::kClientStatement,
                   .short_desc = "Sets the current transaction's read-only status.",
                   .flags = kPerTransaction});
  guc::DefineBool({.name = "transaction_deferrable",
                   .context = GucContext::kUser,
                   .group = GucGroup::kClientStatement,
                   .short_desc = "Whether to defer a read-only serializable transaction until "
                                 "it can be executed with no possible serialization failures.",
                   .flags = kPerTransaction});
}

// Asynchronous behaviour: accepted and shown as in PostgreSQL so scripts that tune parallel
// query or prefetching run unchanged; Hyrax has no parallel workers and no prefetching, so
// none of them changes a plan or an execution.
void RegisterAsyncGucs() {
  struct Limit {
    std::string_view name;
    std::string_view description;
    GucContext context;
    int boot;
    int max;
  };
  constexpr Limit kLimits[] = {
      {"max_worker_processes", "Maximum number of concurrent worker processes.",
       GucContext::kPostmaster, 8, 262143},
      {"max_parallel_workers_per_gather",
       "Sets the maximum number of parallel processes per executor node.", GucContext::kUser, 2,
       1024},
      {"max_parallel_maintenance_workers",
       "Sets the maximum number of parallel processes per maintenance operation.",
       GucContext::kUser, 2, 1024},
      {"max_parallel_workers",
       "Sets the maximum number of parallel workers that can be active at one time.",
       GucContext::kUser, 8, 1024},
      {"effective_io_concurrency",
       "Number of simultaneous requests that can be handled efficiently by the disk subsystem.",
       GucContext::kUser, 1, 1000},
      {"maintenance_io_concurrency",
       "A variant of effective_io_concurrency that is used for maintenance work.",
       GucContext::kUser, 10, 1000},
  };
  for (const Limit& entry : kLimits) {
    guc::DefineInt({.name = entry.name,
                    .context = entry.context,
                    .group = GucGroup::kResourcesAsync,
                    .short_desc = entry.description,
                    .boot = entry.boot,
                    .min = 0,
                    .max = entry.max,
                    .flags = flag::kExplain});
  }
  guc::DefineBool({.name = "parallel_leader_participation",
                   .context = GucContext::kUser,
                   .group = GucGroup::kResourcesAsync,
                   .short_desc = "Controls whether Gather and Gather Merge also run subplans.",
                   .boot = true,
                   .flags = flag::kExplain});
  guc::DefineEnum({.name = "force_parallel_mode",
                   .context = GucContext::kUser,
                   .group = GucGroup::kDeveloperOptions,
                   .short_desc = "Forces use of parallel query facilities.",
                   .boot = 0,
                   .flags = flag::kNotInSample | flag::kExplain,
                   .options = kForceParallelMode});
}

}  // namespace

void RegisterResourceGucs() {
  RegisterMemoryGucs();
  RegisterWalGucs();
  RegisterLockGucs();
  RegisterTransactionGucs();
  RegisterAsyncGucs();
}

void ResolveDynamicDefaults() {
  std::optional<std::string> wal_buffers = guc::GetConfigOption("wal_buffers");
  if (wal_buffers && *wal_buffers == "-1") {
    std::string blocks = std::to_string(AutoWalBufferBlocks());
    // An explicit -1 in hyrax.conf outranks a dynamic default, so override it then.
    if (!guc::SetConfigOption(
            "wal_buffers", blocks,
            {.context = GucContext::kPostmaster, .source = guc::GucSource::kDynamicDefault})) {
      guc::SetConfigOption(
          "wal_buffers", blocks,
          {.context = GucContext::kPostmaster, .source = guc::GucSource::kOverride});
    }
  }
}

}  // namespace hyrax::server::config
