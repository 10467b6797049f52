// Combo command ids (PostgreSQL's combocid.c): a tuple header has one cid field, but a
// tuple inserted and deleted by the same transaction needs both cmin and cmax. The pair is
// then stored in a backend-local table and the header holds its index with HEAP_COMBOCID
// set. The table is reset when the top-level transaction ends (an xact callback).
// Internal to storage/heap; storage/heap/README.md "Combo command ids".
#pragma once

#include <cstddef>

#include "common/ids.h"

namespace hyrax::storage::combocid {

// Returns the combo cid for (cmin, cmax), creating it on first use. May allocate: call
// outside critical sections. Registers the end-of-transaction reset on first use.
CommandId GetComboCommandId(CommandId cmin, CommandId cmax);
// Resolves a combo cid. Throws XX000 for an unknown combo cid.
CommandId GetRealCmin(CommandId combo);
CommandId GetRealCmax(CommandId combo);
// Number of combo cids in use (tests).
size_t ComboCidCount();
// Forgets every combo cid (end of the top-level transaction).
void ResetComboCids();

}  // namespace hyrax::storage::combocid
