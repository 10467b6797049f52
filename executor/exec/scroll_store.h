// Rows of a scrollable cursor (PostgreSQL's random-access tuplestore): every row a cursor has
// read from its plan, kept so FETCH can move backward and jump to any position. Rows stay in
// memory until they take more than work_mem, then all of them move to one temporary file
// (tuple_file.h format) and are read back by offset. server/engine/cursor_fetch.h drives it.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "common/memory_context.h"
#include "executor/exec/tuple_file.h"
#include "executor/exec/tuple_slot.h"
#include "executor/exec/tuple_store.h"
#include "storage/file/temp_file.h"
#include "storage/heap/tuple_desc.h"

namespace hyrax::executor {

class ScrollStore {
 public:
  // Rows have the columns of `desc`.
  explicit ScrollStore(storage::TupleDescPtr desc);

  // Copies the current row of `slot` into the store (row number size() - 1 afterwards).
  // Throws as TempFile::Append once the rows are in a file (53400 past temp_file_limit).
  void Append(TupleSlot* slot);
  size_t size() const { return count_; }
  const storage::TupleDescPtr& desc() const { return codec_.desc(); }
  // Puts row `index` into `slot` as a virtual row. By-reference values stay valid until
  // the next Load or the store's destruction. Requires: index < size().
  void Load(size_t index, TupleSlot* slot);
  // Whether the rows have moved to a temporary file (tests).
  bool spilled() const { return file_ != nullptr; }

 private:
  void Spill();

  TupleStore in_memory_;
  size_t memory_bytes_ = 0;  // RowMemorySize of the rows in in_memory_
  size_t count_ = 0;
  TupleFileCodec codec_;
  std::unique_ptr<storage::TempFile> file_;  // set once spilled; then holds every row
  std::vector<uint64_t> offsets_;            // record offset of each row in file_
  std::unique_ptr<MemoryContext> read_memory_;
};

}  // namespace hyrax::executor
