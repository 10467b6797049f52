// Registration of the transaction resource manager (commit / abort records) with wal/.
// The record format and the redo routine are in storage/txn/xact_record.{h,cpp}.
#pragma once

namespace hyrax::storage {

// Registers RmgrId::kXact (redo: set clog statuses, remove the listed relation files).
// Call once per process before recovery starts.
void RegisterXactRmgr();

}  // namespace hyrax::storage
