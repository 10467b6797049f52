// CREATE TABLE AS / SELECT INTO (see create_table_as.h).
#include "executor/commands/create_table_as.h"

#include "common/error.h"
#include "executor/exec/tuple_slot.h"
#include "executor/types/format_type.h"
#include "nodes/node_funcs.h"
#include "storage/catalog/syscache.h"
#include "storage/heap/heap_am.h"
#include "storage/txn/xact.h"

namespace hyrax::executor::commands {

namespace {

// Batches as COPY FROM writes them (copy_from.cpp).
constexpr size_t kBatchRows = 1000;
constexpr size_t kBatchBytes = 64 * 1024;

}  // namespace

nodes::ColumnDefinition ColumnForTargetEntry(const nodes::TargetEntry& tle, const std::string& name,
                                             bool allow_anyarray) {
  nodes::ColumnDefinition col;
  col.name = name;
  col.type = nodes::ExprType(*tle.expr);
  col.typmod = nodes::ExprTypmod(*tle.expr);
  col.collation = nodes::ExprCollation(*tle.expr);
  auto type = catalog::Syscache().TypeByOid(col.type);
  // PostgreSQL's CheckAttributeType: no column may have a pseudo-type.
  constexpr Oid kAnyArrayOid = 2277;
  if (type && type->typtype == 'p' && !(allow_anyarray && col.type == kAnyArrayOid)) {
    throw MakeError(errcode::kInvalidTableDefinition, "column \"{}\" has pseudo-type {}", name,
                    FormatTypeName(col.type));
  }
  if (type && col.collation == kInvalidOid) col.collation = type->typcollation;
  return col;
}

nodes::CreateTableStmt TableForQuery(const nodes::CreateTableAsStmt& stmt,
                                     const nodes::Query& query) {
  nodes::CreateTableStmt create;
  create.namespace_oid = stmt.namespace_oid;
  create.name = stmt.name;
  create.if_not_exists = stmt.if_not_exists;
  create.already_exists = stmt.already_exists;
  create.relpersistence = stmt.relpersistence;
  create.options = stmt.options;
  create.on_commit = stmt.on_commit;
  if (stmt.already_exists) return create;
  if (query.commandType != nodes::CmdType::kSelect) {
    throw Error(errcode::kFeatureNotSupported,
                "CREATE TABLE AS of this kind of statement is not supported yet");
  }
  size_t column = 0;
  for (const auto& tle : query.targetList) {
    if (tle.resjunk) continue;
    const std::string& name =
        column < stmt.column_names.size() ? stmt.column_names[column] : tle.resname;
    create.columns.push_back(ColumnForTargetEntry(tle, name));
    ++column;
  }
  // PostgreSQL's intorel_startup (the analyzer checks plain SELECTs already).
  if (stmt.column_names.size() > column) {
    throw Error(errcode::kSyntaxError, "too many column names were specified");
  }
  return create;
}

IntoRelDest::IntoRelDest(Oid relid) : rel_(catalog::RelationIdGetRelation(relid)) {
  if (!rel_)
    throw MakeError(errcode::kUndefinedTable, "could not open relation with OID {}", relid);
}

void IntoRelDest::Startup(nodes::CmdType, const ResultDesc&) {
  cid_ = storage::GetCurrentCommandId(true);
}

bool IntoRelDest::Receive(TupleSlot* slot) {
  slot->GetAllAttrs();
  MemoryContextScope scope(&batch_memory_);
  // Formed with the table's own descriptor: the query's column types are the table's.
  storage::HeapTuple tuple = storage::HeapFormTuple(*rel_->desc, slot->values(), slot->nulls());
  pending_bytes_ += tuple.len;
  pending_.push_back(tuple);
  ++rows_;
  if (pending_.size() >= kBatchRows || pending_bytes_ >= kBatchBytes) Flush();
  return true;
}

void IntoRelDest::Shutdown() {
  Flush();
}

void IntoRelDest::Flush() {
  if (pending_.empty()) return;
  std::vector<storage::HeapTuple*> tuples;
  tuples.reserve(pending_.size());
  for (auto& tuple : pending_) tuples.push_back(&tuple);
  storage::HeapMultiInsert(rel_->heap, tuples, cid_);
  pending_.clear();
  pending_bytes_ = 0;
  batch_memory_.Reset();
}

}  // namespace hyrax::executor::commands
