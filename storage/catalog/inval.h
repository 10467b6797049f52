// Cache invalidation (PostgreSQL's inval.c + sinval): a transaction that changes catalog
// rows queues messages ("catalog X changed", "relation R changed"); at CommandCounterIncrement
// they are applied to this backend's own caches (so later commands see the change), at
// commit they are published to the shared invalidation queue (before locks are released),
// and at abort they are applied locally again (caches may hold rows of the aborted
// transaction). Other backends read the queue at the start of each statement and after
// locking a relation; one that fell a whole queue behind resets all its caches.
#pragma once

#include <cstddef>

#include "common/ids.h"

namespace hyrax::catalog {

size_t InvalShmemSize();
void InvalShmemInit();

// Queue messages for the current transaction.
void CacheInvalidateCatalog(Oid catalog_oid);
void CacheInvalidateRelation(Oid relid);

// Reads messages committed by other backends since the last call and applies them.
void AcceptInvalidationMessages();

// Hooks into transaction events (CommandCounterIncrement, commit, abort). Call once per
// process, after the transaction machinery is set up. Also positions this backend at the
// current end of the shared queue.
void InitInvalidationForBackend();

// Applies a message to this process's caches (exposed for tests).
void ApplyCatalogInvalidation(Oid catalog_oid);
void ApplyRelationInvalidation(Oid relid);

}  // namespace hyrax::catalog
