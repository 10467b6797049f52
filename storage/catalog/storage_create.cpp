// WAL-logged relation file creation and transactional removal (see storage_create.h).
#include "storage/catalog/storage_create.h"

#include <cstring>

#include <fmt/format.h>

#include "storage/smgr/smgr.h"
#include "storage/txn/xact.h"
#include "wal/flush/xlog_flush.h"
#include "wal/insert/xlog_insert.h"
#include "wal/record/decoded_record.h"
#include "wal/rmgr/rmgr.h"

namespace hyrax::catalog {

namespace {

constexpr uint8_t kXlogSmgrCreate = 0x10;

struct SmgrCreateRecord {
  RelFileLocator locator;
  ForkNumber fork;
};

void SmgrRedo(const wal::DecodedRecord& record) {
  if (record.info() != kXlogSmgrCreate) return;
  SmgrCreateRecord rec;
  std::memcpy(&rec, record.main_data().data(), sizeof(rec));
  storage::Smgr::Create(rec.locator, rec.fork, /*is_redo=*/true);
}

std::string SmgrDescribe(const wal::DecodedRecord& record) {
  SmgrCreateRecord rec;
  std::memcpy(&rec, record.main_data().data(), sizeof(rec));
  return fmt::format("CREATE {}/{}/{} fork {}", rec.locator.spc_oid, rec.locator.db_oid,
                     rec.locator.rel_number, static_cast<int>(rec.fork));
}

}  // namespace

void RelationCreateStorage(const RelFileLocator& locator) {
  SmgrCreateRecord rec{locator, ForkNumber::kMain};
  wal::XLogBeginInsert();
  wal::XLogRegisterData(&rec, sizeof(rec));
  Lsn lsn = wal::XLogInsert(wal::RmgrId::kSmgr, kXlogSmgrCreate);
  // The file must not exist on disk before its creation record is durable: otherwise a
  // crash could leave an orphan file that no WAL record or catalog row explains.
  wal::XLogFlush(lsn);
  storage::Smgr::Create(locator, ForkNumber::kMain, /*is_redo=*/false);
  storage::ScheduleRelationDelete(locator, /*at_commit=*/false);
}

void RelationDropStorage(const RelFileLocator& locator) {
  storage::ScheduleRelationDelete(locator, /*at_commit=*/true);
}

void RegisterSmgrRmgr() {
  wal::RmgrOps ops;
  ops.name = "Storage";
  ops.redo = SmgrRedo;
  ops.describe = SmgrDescribe;
  wal::RegisterRmgr(wal::RmgrId::kSmgr, ops);
}

}  // namespace hyrax::catalog
