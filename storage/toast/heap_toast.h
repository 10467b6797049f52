// The toaster for heap rows (PostgreSQL's heap_toast_insert_or_update and
// heap_toast_delete): before a row is stored, values of storage 'x' and 'm' are compressed
// and values of storage 'x', 'e' and (last) 'm' moved to the TOAST table, largest first,
// until the row fits kToastTupleTarget; on update, TOAST values the new row keeps are
// reused and the others deleted; on delete, the row's TOAST values go with it.
// storage/toast/README.md "The algorithm".
#pragma once

#include "storage/heap/heap_am.h"

namespace hyrax::storage {

// Whether HeapInsert / HeapUpdate must run the toaster for `tuple`: the relation toasts
// (rel.desc set) and the row is over kToastTupleThreshold or holds TOAST pointers.
bool HeapTupleNeedsToast(const HeapRelation& rel, const HeapTuple& tuple);

// Toasts the row `newtup` of `rel` (an update passes the version it replaces as `oldtup`):
// returns `newtup` itself when nothing had to change, else a new tuple in the current memory
// context with the same header (xmin, cid, ctid, infomask bits, self, table_oid) whose
// values are compressed inline or TOAST pointers. TOAST values are written and old ones
// deleted by the current transaction with command `cid`. Storage 'p' columns are never
// touched, so the result may still be too big for a page (the caller raises 54000).
// Requires: rel.desc set; newtup formed with rel.desc; oldtup's bytes stay valid and
// unchanged (its page pinned and the tuple locked by us; no content lock is needed).
// Throws the errors of heap inserts, deletes and TOAST fetches.
HeapTuple HeapToastInsertOrUpdate(const HeapRelation& rel, const HeapTuple& newtup,
                                  const HeapTuple* oldtup, CommandId cid);

// Deletes the TOAST values the row `oldtup` of `rel` points to (after the row itself was
// deleted by the current transaction). Requires: as oldtup above; rel.desc set.
void HeapToastDelete(const HeapRelation& rel, const HeapTuple& oldtup, CommandId cid);

}  // namespace hyrax::storage
