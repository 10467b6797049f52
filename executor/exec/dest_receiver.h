// Where result rows go (PostgreSQL's DestReceiver). The protocol layer implements it to
// send RowDescription / DataRow; tests and SQL functions collect rows in memory.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "common/datum.h"
#include "common/memory_context.h"
#include "nodes/parsenodes.h"
#include "storage/heap/tuple_desc.h"

namespace hyrax::executor {

class TupleSlot;

// One result column as RowDescription describes it.
struct ResultColumn {
  std::string name;
  Oid table_oid = kInvalidOid;  // source table of a plain column reference, else 0
  int16_t attnum = 0;           // its column number, else 0
  Oid type_oid = kInvalidOid;
  int16_t typlen = 0;
  int32_t typmod = -1;
};

struct ResultDesc {
  std::vector<ResultColumn> columns;
  storage::TupleDescPtr tupdesc;  // layout of the slots Receive() gets
};

class DestReceiver {
 public:
  virtual ~DestReceiver() = default;
  // Called once before the first row (also for commands that return no rows, with an empty
  // column list).
  virtual void Startup(nodes::CmdType operation, const ResultDesc& desc) = 0;
  // One row (junk columns removed). The slot is valid only during the call. Returns false
  // to stop the execution early.
  virtual bool Receive(TupleSlot* slot) = 0;
  virtual void Shutdown() = 0;
};

// Discards rows (EXPLAIN ANALYZE, statements whose result nobody reads).
class NullDestReceiver : public DestReceiver {
 public:
  void Startup(nodes::CmdType, const ResultDesc&) override {}
  bool Receive(TupleSlot*) override { return true; }
  void Shutdown() override {}
};

// Keeps every row in memory (tests, SQL-language functions).
class CollectingDestReceiver : public DestReceiver {
 public:
  void Startup(nodes::CmdType operation, const ResultDesc& desc) override;
  bool Receive(TupleSlot* slot) override;
  void Shutdown() override {}

  const ResultDesc& desc() const { return desc_; }
  size_t size() const { return rows_.size(); }
  Datum value(size_t row, int col) const { return rows_[row].values[col]; }
  bool isnull(size_t row, int col) const { return rows_[row].nulls[col]; }

 private:
  struct Row {
    std::vector<Datum> values;
    std::vector<bool> nulls;
  };
  ResultDesc desc_;
  std::vector<Row> rows_;
  MemoryContext memory_{"CollectingDestReceiver"};
};

}  // namespace hyrax::executor
