// Setting hint bits on a tuple in a shared page (PostgreSQL's SetHintBits): internal to
// storage/heap. Hint bits record a final clog status so later readers skip the clog lookup;
// they are not WAL-logged (storage/heap/README.md "Hint bits").
#pragma once

#include "storage/buffer/buffer_manager.h"
#include "storage/heap/heap_tuple.h"

namespace hyrax::storage {

// ORs `bits` into t_infomask and marks the page dirty as a hint. `xid` is the transaction
// whose commit the bits record (kInvalidTransactionId for xmin/xmax-invalid hints): a
// "committed" hint is set only when that commit is durable. Does nothing without a lock.
// Requires: `lock` (if any) holds the content lock of the page containing `tuple`.
void SetHintBits(HeapTupleHeaderData* tuple, BufferLock* lock, uint16_t bits, TransactionId xid);

}  // namespace hyrax::storage
