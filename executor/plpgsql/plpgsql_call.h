// Calling PL/pgSQL functions through the function manager (pg_proc.prolang = plpgsql). Trigger
// functions (RETURNS trigger) can be created but not called yet: CREATE TRIGGER is 0A000.
// The interpreter itself is plpgsql_exec.h.
#pragma once

#include "executor/functions/fmgr.h"

namespace hyrax::executor::plpgsql {

// pg_language.oid of plpgsql (as in PostgreSQL 15's initdb).
inline constexpr Oid kPlpgsqlLanguageOid = 13563;

// The PGFunction of every LANGUAGE plpgsql function.
Datum PlpgsqlFunctionCall(FunctionCallInfo* fcinfo);

}  // namespace hyrax::executor::plpgsql
