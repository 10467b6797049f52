// CREATE TABLE ... AS and SELECT ... INTO (PostgreSQL's createas.c): the new table's
// definition is derived from the query's output columns, and the query's rows are written
// into it by a DestReceiver. The server (server/engine/create_table_as_runner.cpp) creates
// the table with CreateTable, then plans the query and runs it into an IntoRelDest, since
// planning sits above this layer.
#pragma once

#include <cstdint>
#include <vector>

#include "common/memory_context.h"
#include "executor/exec/dest_receiver.h"
#include "nodes/ddl_stmts.h"
#include "storage/catalog/relcache.h"
#include "storage/heap/heap_tuple.h"

namespace hyrax::executor::commands {

// The column a target entry becomes in a table or view created from a query: `name`, and
// the type, typmod and collation of the entry's expression. Throws 42P16 "column \"r\" has
// pseudo-type record" as PostgreSQL's CheckAttributeType; `allow_anyarray` lets anyarray
// through (CHKATYPE_ANYARRAY: system views made at init, such as pg_stats).
nodes::ColumnDefinition ColumnForTargetEntry(const nodes::TargetEntry& tle, const std::string& name,
                                             bool allow_anyarray = false);

// The CREATE TABLE that `stmt` performs: one column per output column of `query` (stmt's
// own, or the prepared statement's for AS EXECUTE), named by the explicit column list
// first, then by the target entries; type, typmod and collation of the expression. With
// `already_exists` set by the analyzer, a statement that only emits the IF NOT EXISTS
// notice. Throws 42601 "too many column names were specified", 42P16 "column \"r\" has
// pseudo-type record" for pseudo-typed columns, 0A000 for a query that is not a SELECT.
nodes::CreateTableStmt TableForQuery(const nodes::CreateTableAsStmt& stmt,
                                     const nodes::Query& query);

// Inserts every row it receives into table `relid` in batches (HeapMultiInsert), with the
// current command id, as PostgreSQL's intorel receiver. The table has no indexes or
// constraints yet, so nothing is checked. Requires: the table was created in this
// transaction and is locked; Shutdown() must run for the last batch to be written.
class IntoRelDest : public DestReceiver {
 public:
  explicit IntoRelDest(Oid relid);

  void Startup(nodes::CmdType operation, const ResultDesc& desc) override;
  bool Receive(TupleSlot* slot) override;
  void Shutdown() override;

  uint64_t rows() const { return rows_; }

 private:
  void Flush();

  catalog::RelationPtr rel_;
  CommandId cid_ = 0;
  std::vector<storage::HeapTuple> pending_;
  size_t pending_bytes_ = 0;
  uint64_t rows_ = 0;
  MemoryContext batch_memory_{"IntoRelBatch"};
};

}  // namespace hyrax::executor::commands
