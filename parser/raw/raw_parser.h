// The raw parse stage: SQL text -> one RawStatement per statement, each holding the
// libpg_query parse tree (PostgreSQL 15's own grammar, unpacked from protobuf). This folder
// is the only code that includes pg_query headers; parser/raw/raw_nodes.h exposes the node
// structs to the analyzer. See parser/README.md "Raw parsing".
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

// libpg_query's protobuf-c structs (C, global namespace); defined in raw_nodes.h.
struct PgQuery__Node;
struct PgQuery__ParseResult;

namespace hyrax::parser::raw {

struct RawStatement {
  // Owns the unpacked tree of the whole query string (shared by its statements).
  std::shared_ptr<const PgQuery__ParseResult> tree;
  const PgQuery__Node* stmt = nullptr;  // this statement's root node, owned by `tree`
  // Byte offset and length of the statement in `source` (PostgreSQL's RawStmt fields;
  // stmt_len 0 means "to the end of the string").
  int stmt_location = 0;
  int stmt_len = 0;
  std::shared_ptr<const std::string> source;  // the whole query string

  // The statement's own text (without the separating semicolon).
  std::string_view Text() const;
};

// Parses `sql` (one or more ';'-separated statements; empty or all-comment text gives an
// empty list). Throws Error 42601 with PostgreSQL's message and 1-based cursor position on
// a syntax error ("syntax error at or near \"x\"", "syntax error at end of input", ...),
// 0A000 for grammar-level "not supported" errors. The result's trees stay valid while any
// RawStatement holding them lives.
std::vector<RawStatement> RawParse(std::string_view sql);

}  // namespace hyrax::parser::raw

namespace hyrax::parser::raw {

// True for COMMIT / ROLLBACK / ROLLBACK TO SAVEPOINT (and their PREPARED forms): the only
// statements a failed transaction block accepts (PostgreSQL's IsTransactionExitStmt).
bool IsTransactionExitStmt(const RawStatement& stmt);

// True for any transaction-control statement (BEGIN, COMMIT, SAVEPOINT ...).
bool IsTransactionStmt(const RawStatement& stmt);

}  // namespace hyrax::parser::raw
