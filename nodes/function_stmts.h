// Bound CREATE FUNCTION and CREATE AGGREGATE statements: the pg_proc (and pg_aggregate) row
// the analyzer worked out, with names resolved to OIDs and the SQL body already checked, for
// executor/commands/function_commands.cpp to store. See parser/analyze/README.md
// "User-defined functions".
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "nodes/parsenodes.h"

namespace hyrax::nodes {

// The columns of one pg_proc row as CREATE FUNCTION / CREATE AGGREGATE define them.
struct ProcDefinition {
  std::string name;
  Oid namespace_oid = kInvalidOid;
  Oid language = 14;  // pg_language: 14 = sql
  char kind = 'f';    // prokind: f function, a aggregate
  char volatility = 'v';
  char parallel = 'u';
  bool strict = false;
  bool retset = false;
  float cost = 100;
  float rows = 0;
  Oid rettype = kInvalidOid;
  Oid variadic_type = kInvalidOid;         // provariadic
  std::vector<Oid> argtypes;               // IN, INOUT and VARIADIC parameters
  std::vector<Oid> allargtypes;            // every parameter when some are OUT (else empty)
  std::vector<char> argmodes;              // empty when all are IN
  std::vector<std::string> argnames;       // empty when none is named
  int16_t nargdefaults = 0;                // trailing input parameters with defaults
  std::optional<std::string> argdefaults;  // pg_node_tree list of their expressions
  std::string prosrc;                      // the quoted body (AS '...'), '' for a SQL-standard one
  std::optional<std::string> sqlbody;      // SQL text of a BEGIN ATOMIC / RETURN body
  // User functions the body or the defaults call (pg_depend rows).
  std::vector<Oid> referenced_functions;
};

struct CreateFunctionStmt : UtilityStmt {
  CreateFunctionStmt() : UtilityStmt(UtilityTag::kCreateFunction) {}
  bool replace = false;
  ProcDefinition proc;
};

// CREATE [OR REPLACE] AGGREGATE: its pg_proc row (kind 'a') and its pg_aggregate row.
struct DefineAggregateStmt : UtilityStmt {
  DefineAggregateStmt() : UtilityStmt(UtilityTag::kDefineAggregate) {}
  bool replace = false;
  ProcDefinition proc;
  Oid transfn = kInvalidOid;
  Oid finalfn = kInvalidOid;
  Oid combinefn = kInvalidOid;
  Oid serialfn = kInvalidOid;
  Oid deserialfn = kInvalidOid;
  Oid transtype = kInvalidOid;
  int32_t transspace = 0;
  bool finalextra = false;
  char finalmodify = 'r';
  Oid sortop = kInvalidOid;
  std::optional<std::string> initval;
};

}  // namespace hyrax::nodes
