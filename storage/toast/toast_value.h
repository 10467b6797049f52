// One out-of-line value in a TOAST table (PostgreSQL's toast_save_datum, toast_fetch_datum,
// toast_delete_datum): its bytes cut into chunk rows (chunk_id = the value's OID, chunk_seq
// 0, 1, ..., chunk_data of kToastMaxChunkSize bytes except the last), reassembled on fetch,
// deleted with the row that owns it. storage/toast/README.md "Chunks" and "MVCC".
#pragma once

#include "common/datum.h"
#include "common/varlena.h"
#include "storage/heap/heap_am.h"
#include "storage/toast/toast_format.h"

namespace hyrax::storage {

// Stores `value` (a plain, short or inline compressed varlena; a compressed one stays
// compressed and va_extinfo records the method) in TOAST table `toast` under a new value
// id (GetNewObjectId, skipping ids the table already holds), inserting its chunk rows in
// the current transaction with command `cid`. Returns the TOAST pointer datum
// (kToastPointerSize bytes, 1-byte header, tag VARTAG_ONDISK) in the current memory context.
// Throws what HeapMultiInsert throws (25006 in a read-only transaction, I/O errors).
Datum ToastSaveDatum(const HeapRelation& toast, const char* value, CommandId cid);

// The stored bytes behind an on-disk TOAST pointer, reassembled from its chunks: an inline
// compressed varlena when the value was stored compressed, else a plain one (current memory
// context). Chunk rows count when their inserter committed, is in progress or is us; the
// snapshot that found the owning row already decided the value is visible. Throws XX001
// "missing chunk number N for toast value V in pg_toast_R" (and PostgreSQL's other chunk
// errors) for damaged values, XX000 when the TOAST table does not exist.
Varlena* ToastFetchDatum(const ToastPointer& ptr);

// Deletes every chunk row of the value (current transaction, command `cid`): after commit
// they are dead to new snapshots, older snapshots keep reading them. Chunks this transaction
// already deleted are skipped. Throws XX000 when a chunk was deleted by someone else.
void ToastDeleteDatum(const ToastPointer& ptr, CommandId cid);

}  // namespace hyrax::storage
