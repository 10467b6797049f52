// CREATE DATABASE and DROP DATABASE (PostgreSQL's dbcommands.c createdb / dropdb).
//
// Crash safety, the simplest scheme that needs no WAL record of its own (PostgreSQL 15's
// FILE_COPY strategy, without its dbase-create record):
//  * CREATE: with nobody else connected to the template (checked under a ShareLock on the
//    template's database object, which new connections conflict with), a checkpoint
//    writes every dirty page of the template; its files are then copied and fsynced to
//    base/<new oid>/ before the pg_database row commits. Recovery starts at or after that
//    checkpoint and no WAL record before commit touches the new directory; the first
//    change to each page of the new database after the checkpoint carries a full-page
//    image. A failure or abort before commit removes the directory.
//  * DROP: with nobody connected (AccessExclusiveLock on the database object), a checkpoint
//    puts every WAL record touching the database before the redo pointer, so recovery never
//    needs its files. The pg_database row is deleted in the statement's transaction; the
//    buffers and the directory are removed only after commit. A crash between commit and
//    the removal leaves an orphaned directory (wasted space, never read).
#include <algorithm>
#include <cctype>
#include <chrono>
#include <filesystem>
#include <signal.h>
#include <thread>
#include <unistd.h>

#include <fmt/format.h>

#include "common/error.h"
#include "common/interrupts.h"
#include "common/logging.h"
#include "common/notice.h"
#include "nodes/utility_stmts.h"
#include "server/engine/statement_runner.h"
#include "storage/buffer/buffer_manager.h"
#include "storage/catalog/bootstrap.h"
#include "storage/catalog/catalog_rows.h"
#include "storage/catalog/catalog_scan.h"
#include "storage/catalog/inval.h"
#include "storage/catalog/syscache.h"
#include "storage/lmgr/lock_manager.h"
#include "storage/smgr/sync_queue.h"
#include "storage/txn/proc_array.h"
#include "storage/txn/transam.h"
#include "storage/txn/xact.h"
#include "wal/checkpoint/checkpoint.h"

namespace hyrax::server::engine {

namespace {

namespace fs = std::filesystem;

constexpr Oid kDatabaseRelationId = 1262;  // pg_database
constexpr Oid kFirstNormalObjectId = 16384;
constexpr int32_t kUtf8Encoding = 6;

fs::path DatabaseDir(Oid db) {
  return fs::path("base") / std::to_string(db);
}

// What the end of the statement's transaction must do to the files (one at a time: both
// commands refuse to run in a transaction block).
Oid g_created_db = kInvalidOid;  // remove its directory at abort
Oid g_dropped_db = kInvalidOid;  // drop its buffers and directory at commit

void RemoveDatabaseFiles(Oid db) {
  storage::BufferManager::DropDatabase(db);
  std::error_code ec;
  fs::remove_all(DatabaseDir(db), ec);
  if (ec)
    log::Warning("could not remove directory \"{}\": {}", DatabaseDir(db).string(), ec.message());
  storage::SyncQueue::NoteUnlink();  // other processes close their descriptors of the files
}

void RegisterDatabaseXactCallback() {
  static bool registered = false;
  if (registered) return;
  registered = true;
  storage::RegisterXactCallback([](storage::XactEvent event) {
    if (event != storage::XactEvent::kCommit && event != storage::XactEvent::kAbort) return;
    Oid created = g_created_db, dropped = g_dropped_db;
    g_created_db = g_dropped_db = kInvalidOid;
    try {
      if (event == storage::XactEvent::kAbort && created != kInvalidOid)
        RemoveDatabaseFiles(created);
      if (event == storage::XactEvent::kCommit && dropped != kInvalidOid)
        RemoveDatabaseFiles(dropped);
    } catch (const std::exception& e) {
      log::Warning("could not remove database files: {}", e.what());
    }
  });
}

storage::LockTag DatabaseLockTag(Oid db) {
  return storage::LockTag::Object(kInvalidOid, kDatabaseRelationId, db);
}

// Client backends other than this one connected to `db`, with their roles.
std::vector<std::pair<int32_t, Oid>> OtherBackends(Oid db) {
  std::vector<std::pair<int32_t, Oid>> out;
  int32_t me = static_cast<int32_t>(::getpid());
  storage::ProcArray::ForEachSlot([&](const storage::ProcSlot& slot) {
    int32_t pid = slot.pid.load();
    if (pid == 0 || pid == me) return;
    if (slot.backend_type != storage::BackendType::kClientBackend) return;
    if (slot.database_oid == db) out.emplace_back(pid, slot.role_oid);
  });
  return out;
}

// PostgreSQL's CountOtherDBBackends: waits up to 5 seconds for sessions that are exiting
// (a client that just disconnected) before reporting how many remain.
size_t CountOtherBackends(Oid db) {
  for (int tries = 0;; ++tries) {
    size_t n = OtherBackends(db).size();
    if (n == 0 || tries >= 50) return n;
    CheckForInterrupts();
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
}

std::string BusyDetail(size_t n) {
  return n == 1 ? std::string("There is 1 other session using the database.")
                : fmt::format("There are {} other sessions using the database.", n);
}

// DROP DATABASE ... WITH (FORCE): SIGTERM to every session connected to `db`.
void TerminateOtherBackends(Oid db, const SessionContext& session) {
  auto others = OtherBackends(db);
  for (const auto& [pid, role] : others) {
    if (session.is_superuser) continue;
    auto r = catalog::Syscache().RoleByOid(role);
    if (r && r->rolsuper) {
      throw Error(errcode::kInsufficientPrivilege,
                  "must be a superuser to terminate superuser process");
    }
    if (role != session.role_oid) {
      throw Error(errcode::kInsufficientPrivilege,
                  "must be a member of the role whose process is being terminated or member of "
                  "pg_signal_backend");
    }
  }
  for (const auto& [pid, role] : others) ::kill(pid, SIGTERM);
}

// pg_char_to_encoding for the encodings a UTF8 template can be copied to.
int32_t ResolveEncoding(const std::string& value) {
  bool numeric = !value.empty() && std::all_of(value.begin(), value.end(),
                                               [](unsigned char c) { return std::isdigit(c); });
  if (numeric) {
    long code = std::stol(value);
    if (code == kUtf8Encoding) return kUtf8Encoding;
    if (code < 0 || code > 41) {
      throw MakeError(errcode::kUndefinedObject, "{} is not a valid encoding code", value);
    }
    throw MakeError(errcode::kFeatureNotSupported,
                    "encodings other than UTF8 are not supported yet");
  }
  std::string key;
  for (unsigned char c : value) {
    if (std::isalnum(c)) key += static_cast<char>(std::tolower(c));
  }
  if (key == "utf8" || key == "unicode") return kUtf8Encoding;
  static const char* const kKnown[] = {
      "sqlascii", "eucjp",   "euccn",   "euckr",    "euctw",    "eucjis2004",  "muleinternal",
      "latin1",   "latin2",  "latin3",  "latin4",   "latin5",   "latin6",      "latin7",
      "latin8",   "latin9",  "latin10", "win1256",  "win1258",  "win866",      "win874",
      "koi8r",    "win1251", "win1252", "iso88595", "iso88596", "iso88597",    "iso88598",
      "win1250",  "win1253", "win1254", "win1255",  "win1257",  "koi8u",       "sjis",
      "big5",     "gbk",     "uhc",     "gb18030",  "johab",    "shiftjis2004"};
  for (const char* k : kKnown) {
    if (key == k) {
      throw MakeError(errcode::kFeatureNotSupported,
                      "encodings other than UTF8 are not supported yet");
    }
  }
  throw MakeError(errcode::kUndefinedObject, "{} is not a valid encoding name", value);
}

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::string RunCreateDatabase(const nodes::CreateDatabaseStmt& stmt,
                              const SessionContext& session) {
  storage::PreventInTransactionBlock("CREATE DATABASE");
  RegisterDatabaseXactCallback();
  catalog::PgDatabase db;
  db.datname = stmt.name;
  db.datdba = session.role_oid;
  if (stmt.owner) {
    auto role = catalog::Syscache().RoleByName(*stmt.owner);
    if (!role)
      throw MakeError(errcode::kUndefinedObject, "role \"{}\" does not exist", *stmt.owner);
    db.datdba = role->oid;
  }
  if (!session.is_superuser) {
    auto me = catalog::Syscache().RoleByOid(session.role_oid);
    if (!me || !me->rolcreatedb) {
      throw Error(errcode::kInsufficientPrivilege, "permission denied to create database");
    }
    if (db.datdba != session.role_oid) {
      auto owner = catalog::Syscache().RoleByOid(db.datdba);
      throw MakeError(errcode::kInsufficientPrivilege, "must be member of role \"{}\"",
                      owner ? owner->rolname : std::string());
    }
  }
  if (stmt.connection_limit && *stmt.connection_limit < -1) {
    throw MakeError(errcode::kInvalidParameterValue, "invalid connection limit: {}",
                    *stmt.connection_limit);
  }
  if (stmt.strategy) {
    std::string s = Lower(*stmt.strategy);
    if (s != "wal_log" && s != "file_copy") {
      throw MakeError(errcode::kInvalidParameterValue, "invalid create database strategy \"{}\"",
                      *stmt.strategy)
          .Hint("Valid strategies are \"wal_log\", and \"file_copy\".");
    }
  }
  if (stmt.tablespace && *stmt.tablespace != "pg_default") {
    throw MakeError(errcode::kUndefinedObject, "tablespace \"{}\" does not exist",
                    *stmt.tablespace);
  }
  if (stmt.locale_provider && Lower(*stmt.locale_provider) != "libc") {
    throw Error(errcode::kFeatureNotSupported,
                "locale providers other than libc are not supported yet");
  }
  if (stmt.oid && *stmt.oid < kFirstNormalObjectId) {
    throw MakeError(errcode::kInvalidParameterValue,
                    "OIDs less than {} are reserved for system objects", kFirstNormalObjectId);
  }

  // One CREATE/DROP DATABASE at a time, so the name check below stays true until commit.
  storage::LockManager::Acquire(DatabaseLockTag(kInvalidOid), storage::LockMode::kAccessExclusive);
  catalog::AcceptInvalidationMessages();
  std::string template_name = stmt.template_name.value_or("template1");
  auto tmpl = catalog::Syscache().DatabaseByName(template_name);
  if (!tmpl) {
    throw MakeError(errcode::kInvalidCatalogName, "template database \"{}\" does not exist",
                    template_name);
  }
  if (!tmpl->datistemplate && !session.is_superuser && tmpl->datdba != session.role_oid) {
    throw MakeError(errcode::kInsufficientPrivilege, "permission denied to copy database \"{}\"",
                    template_name);
  }
  db.encoding = stmt.encoding ? ResolveEncoding(*stmt.encoding) : tmpl->encoding;
  std::string collate = stmt.lc_collate.value_or(stmt.locale.value_or(tmpl->datcollate));
  std::string ctype = stmt.lc_ctype.value_or(stmt.locale.value_or(tmpl->datctype));
  if (collate != tmpl->datcollate || ctype != tmpl->datctype) {
    bool c_locale = (collate == "C" || collate == "POSIX") && (ctype == "C" || ctype == "POSIX");
    if (!c_locale) {
      throw Error(errcode::kFeatureNotSupported, "locales other than C are not supported yet");
    }
  }
  db.datcollate = collate;
  db.datctype = ctype;
  db.datistemplate = stmt.is_template.value_or(false);
  db.datallowconn = stmt.allow_connections.value_or(true);
  db.datconnlimit = static_cast<int32_t>(stmt.connection_limit.value_or(-1));
  db.datfrozenxid = tmpl->datfrozenxid;
  if (catalog::Syscache().DatabaseByName(stmt.name)) {
    throw MakeError(errcode::kDuplicateDatabase, "database \"{}\" already exists", stmt.name);
  }
  if (stmt.oid) {
    db.oid = static_cast<Oid>(*stmt.oid);
    if (auto other = catalog::Syscache().DatabaseByOid(db.oid)) {
      throw MakeError(errcode::kUniqueViolation,
                      "database OID {} is already in use by database \"{}\"", db.oid,
                      other->datname);
    }
  } else {
    do {
      db.oid = storage::GetNewObjectId();
    } while (catalog::Syscache().DatabaseByOid(db.oid) || fs::exists(DatabaseDir(db.oid)));
  }

  // Nobody may change the template while it is copied.
  storage::LockManager::Acquire(DatabaseLockTag(tmpl->oid), storage::LockMode::kShare);
  if (size_t n = CountOtherBackends(tmpl->oid); n > 0) {
    throw MakeError(errcode::kObjectInUse,
                    "source database \"{}\" is being accessed by other users", template_name)
        .Detail(BusyDetail(n));
  }
  wal::CreateCheckpoint(wal::kCheckpointForce | wal::kCheckpointImmediate);
  g_created_db = db.oid;  // from here on an abort removes the directory
  catalog::CopyDatabaseFiles(tmpl->oid, db.oid);
  catalog::InsertCatalogRow(db);
  return "CREATE DATABASE";
}

std::string RunDropDatabase(const nodes::DropDatabaseStmt& stmt, const SessionContext& session) {
  storage::PreventInTransactionBlock("DROP DATABASE");
  RegisterDatabaseXactCallback();
  storage::LockManager::Acquire(DatabaseLockTag(kInvalidOid), storage::LockMode::kAccessExclusive);
  catalog::AcceptInvalidationMessages();
  auto db = catalog::Syscache().DatabaseByName(stmt.name);
  if (!db) {
    if (!stmt.missing_ok) {
      throw MakeError(errcode::kInvalidCatalogName, "database \"{}\" does not exist", stmt.name);
    }
    EmitNotice(Severity::kNotice, errcode::kSuccessfulCompletion,
               fmt::format("database \"{}\" does not exist, skipping", stmt.name));
    return "DROP DATABASE";
  }
  // New connections to the database wait for this lock, then find it gone.
  storage::LockManager::Acquire(DatabaseLockTag(db->oid), storage::LockMode::kAccessExclusive);
  if (!session.is_superuser && db->datdba != session.role_oid) {
    throw MakeError(errcode::kInsufficientPrivilege, "must be owner of database {}", stmt.name);
  }
  if (db->datistemplate) {
    throw Error(errcode::kWrongObjectType, "cannot drop a template database");
  }
  if (db->oid == storage::g_my_database_id) {
    throw Error(errcode::kObjectInUse, "cannot drop the currently open database");
  }
  if (stmt.force) TerminateOtherBackends(db->oid, session);
  if (size_t n = CountOtherBackends(db->oid); n > 0) {
    throw MakeError(errcode::kObjectInUse, "database \"{}\" is being accessed by other users",
                    stmt.name)
        .Detail(BusyDetail(n));
  }
  // Every WAL record that touches the database goes before the redo pointer.
  wal::CreateCheckpoint(wal::kCheckpointForce | wal::kCheckpointImmediate);
  Oid oid = db->oid;
  catalog::DeleteCatalogRows<catalog::PgDatabase>(
      [oid](const catalog::PgDatabase& row) { return row.oid == oid; });
  g_dropped_db = oid;
  return "DROP DATABASE";
}

}  // namespace

std::string RunDatabaseCommand(const nodes::UtilityStmt& stmt, const SessionContext& session) {
  if (stmt.tag == nodes::UtilityTag::kCreateDatabase) {
    return RunCreateDatabase(static_cast<const nodes::CreateDatabaseStmt&>(stmt), session);
  }
  return RunDropDatabase(static_cast<const nodes::DropDatabaseStmt&>(stmt), session);
}

}  // namespace hyrax::server::engine
