// A PL/pgSQL function ready to interpret (PostgreSQL's plpgsql_compile): the JSON statement
// tree libpg_query produced for the function's CREATE FUNCTION text, its datums (variables,
// records, record fields, row targets), which block declares which variables, and the
// pg_proc facts the interpreter needs. Compiled once per backend and function, and reused
// while the pg_proc row is unchanged.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "executor/plpgsql/json_value.h"
#include "storage/catalog/catalog_rows.h"

namespace hyrax::executor::plpgsql {

// One entry of the tree's "datums" array (its index is the varno statements use).
struct DatumInfo {
  enum class Kind { kVariable, kRecord, kRecordField, kRow };
  Kind kind = Kind::kVariable;
  std::string name;     // refname (lower case as written), or the field name
  std::string typname;  // declared type text ("int ", "t%ROWTYPE", "record"; "" implicit)
  int lineno = 0;       // 0 for implicit datums (arguments, FOUND, NEW/OLD)
  bool is_const = false;
  bool not_null = false;
  const JsonValue* default_expr = nullptr;  // PLpgSQL_expr body
  int record_parent = -1;                   // kRecordField: the record's varno
  std::vector<int> row_fields;              // kRow: the target varnos
};

struct CompiledFunction {
  catalog::PgProc proc;
  std::shared_ptr<const JsonValue> tree;
  const JsonValue* body = nullptr;  // the outermost PLpgSQL_stmt_block body
  std::vector<DatumInfo> datums;
  // Varnos of the function's parameters in pg_proc's all-arguments order, and of the inputs.
  std::vector<int> argument_varnos;
  std::vector<int> input_varnos;
  int found_varno = -1;
  int new_varno = -1, old_varno = -1;  // trigger functions
  bool is_trigger = false;
  // Variables each block (by its PLpgSQL_stmt_block body) declares, in declaration order.
  std::map<const JsonValue*, std::vector<int>> block_declarations;
};

// The compiled form of function `fn_oid` (cached per backend; recompiled when its pg_proc
// row changed). Throws 42601 for a body libpg_query cannot parse.
std::shared_ptr<const CompiledFunction> CompileFunction(Oid fn_oid);

}  // namespace hyrax::executor::plpgsql
