// The parameters of a sequence from CREATE/ALTER SEQUENCE options (and identity column
// options), checked as PostgreSQL's init_params does (sequence.c): defaults depend on the
// sign of INCREMENT and the AS type, ALTER keeps what is not mentioned, and every bound is
// cross-checked with 22023 errors whose texts are PostgreSQL's.
#pragma once

#include <optional>

#include "nodes/ddl_stmts.h"
#include "storage/catalog/catalog_rows.h"
#include "storage/sequence/sequence_page.h"

namespace hyrax::executor::commands {

struct ResolvedSequence {
  catalog::PgSequence params;
  // The page state to write: the initial state at CREATE, the restarted one at RESTART.
  std::optional<storage::SequenceData> new_state;
};

// CREATE: `existing` and `current` are nullptr. ALTER: the sequence's pg_sequence row and
// page state. Throws 22023 for bad values.
ResolvedSequence ResolveSequenceOptions(const nodes::SequenceOptions& options,
                                        const catalog::PgSequence* existing,
                                        const storage::SequenceData* current);

}  // namespace hyrax::executor::commands
