// WAL-logged relation file creation and transactional removal (see storage_create.h).
#include "storage/catalog/storage_create.h"

#include <cstring>

#include <fmt/format.h>

#include "storage/buffer/buffer_manager.h"
#include "storage/fsm/free_space_map.h"
#include "storage/smgr/smgr.h"
#include "storage/txn/xact.h"
#include "storage/vm/visibility_map.h"
#include "wal/flush/xlog_flush.h"
#include "wal/insert/xlog_insert.h"
#include "wal/record/decoded_record.h"
#include "wal/rmgr/rmgr.h"

namespace hyrax::catalog {

namespace {

constexpr uint8_t kXlogSmgrCreate = 0x10;
constexpr uint8_t kXlogSmgrTruncate = 0x20;

struct SmgrCreateRecord {
  RelFileLocator locator;
  ForkNumber fork;
};

// PostgreSQL's xl_smgr_truncate (always all three forks here).
struct SmgrTruncateRecord {
  RelFileLocator locator;
  BlockNumber nblocks;
};

// Cuts the main fork (when longer) and the maps. Shared by VACUUM and redo.
void TruncateForks(const RelFileLocator& locator, BlockNumber nblocks) {
  storage::VisibilityMap::Truncate(locator, nblocks);
  storage::FreeSpaceMap::Truncate(locator, nblocks);
  if (!storage::Smgr::Exists(locator, ForkNumber::kMain)) return;
  if (storage::BufferManager::NumBlocks(locator, ForkNumber::kMain) > nblocks) {
    storage::BufferManager::TruncateFork(locator, ForkNumber::kMain, nblocks);
  }
}

void SmgrRedo(const wal::DecodedRecord& record) {
  if (record.info() == kXlogSmgrTruncate) {
    SmgrTruncateRecord rec;
    std::memcpy(&rec, record.main_data().data(), sizeof(rec));
    TruncateForks(rec.locator, rec.nblocks);
    return;
  }
  if (record.info() != kXlogSmgrCreate) return;
  SmgrCreateRecord rec;
  std::memcpy(&rec, record.main_data().data(), sizeof(rec));
  storage::Smgr::Create(rec.locator, rec.fork, /*is_redo=*/true);
}

std::string SmgrDescribe(const wal::DecodedRecord& record) {
  if (record.info() == kXlogSmgrTruncate) {
    SmgrTruncateRecord rec;
    std::memcpy(&rec, record.main_data().data(), sizeof(rec));
    return fmt::format("TRUNCATE {}/{}/{} to {} blocks", rec.locator.spc_oid, rec.locator.db_oid,
                       rec.locator.rel_number, rec.nblocks);
  }
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

void RelationTruncate(const RelFileLocator& locator, BlockNumber nblocks) {
  SmgrTruncateRecord rec{locator, nblocks};
  wal::XLogBeginInsert();
  wal::XLogRegisterData(&rec, sizeof(rec));
  Lsn lsn = wal::XLogInsert(wal::RmgrId::kSmgr, kXlogSmgrTruncate);
  // Durable before any file shrinks: otherwise a crash could replay older records into
  // pages that no longer exist and leave them behind (PostgreSQL's RelationTruncate).
  // TODO(#vacuum-truncate): PostgreSQL also holds off checkpoints (DELAY_CHKPT_COMPLETE)
  // between the record and the truncation; a checkpoint completing in that window and a
  // crash right after could leave the file unshrunk (harmless: the pages are empty).
  wal::XLogFlush(lsn);
  TruncateForks(locator, nblocks);
}

void RegisterSmgrRmgr() {
  wal::RmgrOps ops;
  ops.name = "Storage";
  ops.redo = SmgrRedo;
  ops.describe = SmgrDescribe;
  wal::RegisterRmgr(wal::RmgrId::kSmgr, ops);
}

}  // namespace hyrax::catalog
