// HyraxEngine: connection start, session identity, errors, status, cancel and activity
// (see hyrax_engine.h). SQL execution lives in simple_query.cpp / extended_query.cpp.
#include "server/engine/hyrax_engine.h"

#include <cstring>

#include "common/error.h"
#include "common/guc/guc.h"
#include "common/interrupts.h"
#include "executor/commands/temp_namespace.h"
#include "executor/types/type_settings.h"
#include "server/engine/plpgsql_support.h"
#include "server/engine/sql_function_planner.h"
#include "storage/catalog/inval.h"
#include "storage/catalog/namespace.h"
#include "storage/catalog/relcache.h"
#include "storage/catalog/syscache.h"
#include "storage/lmgr/lock_manager.h"
#include "storage/storage_init.h"
#include "storage/txn/proc_activity.h"
#include "storage/txn/proc_array.h"
#include "storage/txn/xact.h"

namespace hyrax::server::engine {

namespace {

constexpr Oid kDatabaseRelationId = 1262;  // pg_database

storage::BackendState ToBackendState(backend::ActivityState state) {
  switch (state) {
    case backend::ActivityState::kIdle:
      return storage::BackendState::kIdle;
    case backend::ActivityState::kActive:
      return storage::BackendState::kActive;
    case backend::ActivityState::kIdleInTransaction:
      return storage::BackendState::kIdleInTransaction;
    case backend::ActivityState::kIdleInTransactionAborted:
      return storage::BackendState::kIdleInTransactionAborted;
  }
  return storage::BackendState::kIdle;
}

// SET/SET LOCAL are transactional: the GUC registry's nest level follows the transaction
// (PostgreSQL's AtEOXact_GUC). Savepoint nest levels are not tracked yet: a SET inside a
// savepoint that is rolled back stays until the transaction ends.
void RegisterGucTransactionCallback() {
  static bool registered = false;
  if (registered) return;
  registered = true;
  storage::RegisterXactCallback([](storage::XactEvent event) {
    if (guc::CurrentNestLevel() == 0) return;
    if (event == storage::XactEvent::kCommit) guc::AtTransactionEnd(true);
    if (event == storage::XactEvent::kAbort) guc::AtTransactionEnd(false);
  });
}

}  // namespace

HyraxEngine::HyraxEngine() = default;

HyraxEngine::~HyraxEngine() {
  Shutdown();
}

template <typename Fn>
auto HyraxEngine::InTransaction(Fn fn) -> decltype(fn()) {
  storage::StartTransactionCommand();
  try {
    if constexpr (std::is_void_v<decltype(fn())>) {
      fn();
      storage::CommitTransactionCommand();
    } else {
      auto result = fn();
      storage::CommitTransactionCommand();
      return result;
    }
  } catch (...) {
    storage::AbortCurrentTransaction();
    throw;
  }
}

void HyraxEngine::StartXactCommand() {
  if (!xact_started_) {
    storage::StartTransactionCommand();
    xact_started_ = true;
  }
  if (guc::CurrentNestLevel() == 0) guc::AtTransactionStart();
}

void HyraxEngine::FinishXactCommand(bool ending_block) {
  if (!xact_started_) return;
  // Portals belong to the transaction: close them (ExecutorEnd releases their pins and
  // locks) before it commits.
  if (ending_block || !storage::IsTransactionBlock()) DropPortals();
  xact_started_ = false;
  storage::CommitTransactionCommand();
  // A COMMIT/ROLLBACK statement of a simple query ended the block: its cursors go with it.
  if (!portals_.empty() && !storage::IsTransactionBlock()) DropPortals();
}

void HyraxEngine::DropPortals() {
  auto portals = std::move(portals_);
  portals_.clear();
  portals.clear();
}

void HyraxEngine::InitProcess(const backend::ProcessStartInfo& info) {
  storage::RegisterEngineHooks();
  RegisterGucTransactionCallback();
  RegisterSqlFunctionPlanner();
  RegisterPlpgsqlSupport();
  // now() / transaction_timestamp() / statement_timestamp() read the start times the
  // transaction machinery keeps (current_timestamp already did); without the hooks the
  // function forms returned the clock.
  executor::g_transaction_start_hook = storage::GetCurrentTransactionStartTimestamp;
  executor::g_statement_start_hook = storage::GetCurrentStatementStartTimestamp;
  // Reserved superuser slots are checked in InitSession, once the role is known (as
  // PostgreSQL's InitPostgres does); here any free slot will do.
  storage::ProcSlot* slot =
      storage::AttachProcess(info.autovacuum_worker ? storage::BackendType::kAutovacuum
                                                    : storage::BackendType::kClientBackend,
                             /*is_superuser=*/true);
  attached_ = true;
  slot->cancel_key = info.cancel_key;
  {
    storage::ActivityWriteScope write(slot);
    storage::CopyActivityField(slot->user_name, sizeof(slot->user_name), info.user_name);
    storage::CopyActivityField(slot->database_name, sizeof(slot->database_name),
                               info.database_name);
    storage::CopyActivityField(slot->application_name, sizeof(slot->application_name),
                               info.application_name);
    storage::CopyActivityField(slot->client_addr, sizeof(slot->client_addr), info.client_addr);
    slot->client_port = info.client_port;
  }
  catalog_ = std::make_unique<catalog::HeapCatalog>();
  catalog::InstallSysCache(catalog_.get());
  catalog::InitInvalidationForBackend();
}

std::optional<backend::RoleInfo> HyraxEngine::LookupRole(std::string_view user_name) {
  return InTransaction([&]() -> std::optional<backend::RoleInfo> {
    auto role = catalog::Syscache().RoleByName(user_name);
    if (!role) return std::nullopt;
    backend::RoleInfo info;
    info.oid = role->oid;
    info.is_superuser = role->rolsuper;
    info.can_login = role->rolcanlogin;
    info.password = role->rolpassword;
    if (role->rolvaliduntil) {
      // TimestampTz (µs since 2000-01-01) to Unix seconds.
      info.valid_until = *role->rolvaliduntil / 1000000 + 946684800;
    }
    return info;
  });
}

bool HyraxEngine::IsMemberOfRole(std::string_view user_name, std::string_view role_name) {
  // Role membership (pg_auth_members) arrives with CREATE ROLE ... IN ROLE; until then a
  // role is only a member of itself.
  return user_name == role_name;
}

backend::SessionIdentity HyraxEngine::InitSession(std::string_view user_name,
                                                  std::string_view database_name) {
  auto identity = InTransaction([&]() {
    auto role = catalog::Syscache().RoleByName(user_name);
    if (!role) {
      throw Error(errcode::kInvalidAuthorizationSpecification,
                  fmt::format("role \"{}\" does not exist", user_name), Severity::kFatal);
    }
    if (!role->rolcanlogin) {
      throw Error(errcode::kInvalidAuthorizationSpecification,
                  fmt::format("role \"{}\" is not permitted to log in", user_name),
                  Severity::kFatal);
    }
    auto db = catalog::Syscache().DatabaseByName(database_name);
    if (!db) {
      throw Error(errcode::kInvalidCatalogName,
                  fmt::format("database \"{}\" does not exist", database_name), Severity::kFatal);
    }
    // A DROP DATABASE holds AccessExclusiveLock on the database object from its check for
    // connected sessions to its commit: wait for it, then look again (PostgreSQL's
    // InitPostgres). Our proc slot names the database before the lock is released.
    storage::LockManager::Acquire(
        storage::LockTag::Object(kInvalidOid, kDatabaseRelationId, db->oid),
        storage::LockMode::kRowExclusive);
    catalog::AcceptInvalidationMessages();
    db = catalog::Syscache().DatabaseByName(database_name);
    if (!db) {
      throw Error(errcode::kInvalidCatalogName,
                  fmt::format("database \"{}\" does not exist", database_name), Severity::kFatal)
          .Detail("It seems to have just been dropped or renamed.");
    }
    storage::ProcArray::MyProc()->database_oid = db->oid;
    if (!db->datallowconn) {
      throw Error(
          errcode::kObjectNotInPrerequisiteState,
          fmt::format("database \"{}\" is not currently accepting connections", database_name),
          Severity::kFatal);
    }
    return backend::SessionIdentity{role->oid, db->oid, role->rolsuper};
  });
  if (!identity.is_superuser) {
    int limit = storage::ProcArray::g_max_connections -
                storage::ProcArray::g_superuser_reserved_connections;
    if (storage::ProcArray::CountClientBackends() > limit) {
      throw Error(errcode::kTooManyConnections,
                  "remaining connection slots are reserved for non-replication superuser "
                  "connections",
                  Severity::kFatal);
    }
  }
  user_name_ = user_name;
  database_name_ = database_name;
  role_oid_ = identity.role_oid;
  is_superuser_ = identity.is_superuser;
  session_.role_oid = identity.role_oid;
  session_.is_superuser = identity.is_superuser;
  session_.user_name = user_name;
  session_.database_name = database_name;
  // Switch to the database: catalogs of template1 were read until now only for shared
  // catalogs (pg_authid, pg_database), so the per-database caches start empty.
  storage::g_my_database_id = identity.database_oid;
  catalog::Syscache().InvalidateAll();
  catalog::RelationCacheInvalidate();
  catalog::SetNamespaceUser(identity.role_oid);  // "$user" in search_path
  storage::ProcSlot* slot = storage::ProcArray::MyProc();
  slot->database_oid = identity.database_oid;
  slot->role_oid = identity.role_oid;
  return identity;
}

void HyraxEngine::AbortAfterError() {
  xact_started_ = false;
  try {
    DropPortals();
  } catch (...) {
  }
  try {
    storage::AbortCurrentTransaction();
  } catch (const Error& e) {
    // An error while aborting leaves shared state unknown: give up the process.
    Panic(("error during abort: " + e.message()).c_str());
  }
}

backend::TransactionStatus HyraxEngine::GetTransactionStatus() {
  return static_cast<backend::TransactionStatus>(storage::TransactionBlockStatus());
}

std::optional<int32_t> HyraxEngine::FindCancelKey(int32_t pid) {
  storage::ProcSlot* slot = storage::ProcArray::FindByPid(pid);
  if (slot == nullptr) return std::nullopt;
  return slot->cancel_key;
}

void HyraxEngine::ReportActivity(backend::ActivityState state, std::string_view query) {
  storage::ReportBackendState(ToBackendState(state), query);
}

void HyraxEngine::Shutdown() {
  if (!attached_) return;
  attached_ = false;
  try {
    DropPortals();
    statements_.clear();
    if (storage::IsTransactionState()) storage::AbortCurrentTransaction();
    // Temporary relations die with the session (PostgreSQL's RemoveTempRelationsCallback),
    // also when a terminate request ends it (interrupts are held off, as in proc_exit).
    if (catalog::TempNamespace() != kInvalidOid) {
      InterruptHoldoff holdoff;
      InTransaction([] { executor::commands::DropSessionTempRelations(); });
    }
  } catch (...) {
  }
  storage::DetachProcess();
  catalog::InstallSysCache(nullptr);
}

}  // namespace hyrax::server::engine

namespace hyrax::server::backend {

std::unique_ptr<Engine> MakeEngine() {
  return std::make_unique<engine::HyraxEngine>();
}

}  // namespace hyrax::server::backend
