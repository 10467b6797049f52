// Pieces every statement runner of the backend shares before running a statement: the
// analysis options that lock each relation as the parser opens it (PostgreSQL's parser
// locks as it goes), and the 25P02 refusal of a failed transaction block.
#pragma once

#include "parser/analyze/analyze.h"

namespace hyrax::server::engine {

// AnalyzeOptions whose lock_relation takes the requested lock through the lock manager.
parser::AnalyzeOptions LockingAnalyzeOptions();

// Throws 25P02 "current transaction is aborted, commands ignored until end of transaction
// block".
[[noreturn]] void ThrowAbortedBlock();

}  // namespace hyrax::server::engine
