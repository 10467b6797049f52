// Partitions of rows spilled to one temporary file: the batch files of a hash join (inner and
// outer side) and the partitions of a spilling hash aggregate. Each row is written with a
// 32-bit hash value (PostgreSQL's ExecHashJoinSaveTuple / hashagg_spill_tuple). Partitions
// share one storage::TempFile: each fills its own kBlockSize buffer and appends it to the file
// when full, remembering where its blocks went, so any number of partitions needs one file
// descriptor. A partition is read back once, in write order. storage/file/README.md.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "common/memory_context.h"
#include "executor/exec/tuple_file.h"
#include "storage/file/temp_file.h"

namespace hyrax::executor {

class SpillPartitions {
 public:
  // `count` partitions of rows with the columns of `desc`; the file is created on first write.
  SpillPartitions(storage::TupleDescPtr desc, int count);
  ~SpillPartitions();

  // Adds partitions up to `count` in all (hash join batches doubling).
  void Grow(int count);
  int count() const { return static_cast<int>(partitions_.size()); }
  // Appends a row with its hash to `partition`. Throws as storage::TempFile::Append.
  void Write(int partition, uint32_t hash, const Datum* values, const bool* nulls);
  // Rows written to `partition` and not yet read.
  int64_t rows(int partition) const { return partitions_[partition].rows; }
  // Bytes of all rows written, buffered ones included (EXPLAIN's "Disk Usage").
  uint64_t written_bytes() const { return written_bytes_; }

  // Reads a partition's rows back in the order written.
  class Reader {
   public:
    // Next row into values/nulls (by-reference values in `memory`, valid until it is reset)
    // and its hash; false after the last row.
    bool Next(MemoryContext* memory, uint32_t* hash, Datum* values, bool* nulls);
    bool Read(void* out, size_t len);  // the byte stream (TupleFileCodec's reader interface)

   private:
    friend class SpillPartitions;
    SpillPartitions* owner_ = nullptr;
    std::vector<uint64_t> blocks_;  // file offsets of the partition's full blocks
    std::vector<char> tail_;        // bytes never written to the file
    std::vector<char> block_;
    size_t next_block_ = 0;
    size_t block_pos_ = 0;
    bool in_tail_ = false;
  };
  // Hands over the rows of `partition` (which becomes empty) to a reader. The reader must not
  // outlive this object.
  std::unique_ptr<Reader> TakePartition(int partition);

 private:
  struct Partition {
    std::vector<uint64_t> blocks;
    std::vector<char> buffer;
    int64_t rows = 0;
  };
  void Append(Partition* partition, const void* data, size_t len);

  TupleFileCodec codec_;
  std::unique_ptr<storage::TempFile> file_;
  std::vector<Partition> partitions_;
  uint64_t written_bytes_ = 0;
};

}  // namespace hyrax::executor
