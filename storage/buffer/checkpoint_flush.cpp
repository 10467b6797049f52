// Checkpoint glue (see storage/buffer/checkpoint_flush.h).
#include "storage/buffer/checkpoint_flush.h"

#include "common/logging.h"
#include "storage/buffer/buffer_manager.h"
#include "storage/smgr/smgr.h"

namespace hyrax::storage {

void CheckpointFlushAll(bool is_shutdown) {
  const int written = BufferManager::FlushAllForCheckpoint();
  const int synced = Smgr::SyncAllPending();
  log::Debug("{}checkpoint: wrote {} buffers, sync files={}", is_shutdown ? "shutdown " : "",
             written, synced);
}

}  // namespace hyrax::storage
