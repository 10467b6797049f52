// PL/pgSQL's condition names and RAISE message formatting: mapping `division_by_zero` or
// SQLSTATE '22012' to a code, deciding whether an EXCEPTION WHEN clause catches an error
// (OTHERS catches all but query_canceled and assert_failure; a class code such as 22000
// catches its whole class), and substituting RAISE's % placeholders.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "common/error.h"

namespace hyrax::executor::plpgsql {

// The SQLSTATE a condition name or five-character code stands for; nullopt when unknown.
std::optional<SqlState> SqlStateForCondition(const std::string& name);

// Whether `condname` (as in EXCEPTION WHEN condname) catches `error`.
bool ConditionCatches(const std::string& condname, const Error& error);

// RAISE's message: each % is replaced by the next argument (NULL prints as <NULL>), %% is a
// literal %. Throws 42601 when the counts differ, as PostgreSQL.
std::string FormatRaiseMessage(const std::string& format,
                               const std::vector<std::optional<std::string>>& args);

}  // namespace hyrax::executor::plpgsql
