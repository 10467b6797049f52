// Rows in temporary files (PostgreSQL's minimal tuples on tapes and batch files): the
// format every spilling operator (external sort, hash join batches, hash aggregate
// partitions, tuple store) writes to a storage::TempFile. A record is a 4-byte body length
// followed by a heap tuple without its first 16 header bytes (xmin, xmax, cid, ctid: the
// bytes PostgreSQL's MinimalTuple leaves out), so it keeps the null bitmap and the
// attribute alignment and is read back with HeapDeformTuple. storage/file/README.md.
#pragma once

#include <cstdint>

#include "common/datum.h"
#include "common/memory_context.h"
#include "storage/file/temp_file.h"
#include "storage/heap/tuple_desc.h"

namespace hyrax::executor {

// A record read back into memory: `body` points at the stored bytes (for copying a record
// to another file without deforming it), `values`/`nulls` at the deformed row.
struct StoredRow {
  const char* body = nullptr;
  uint32_t body_len = 0;
};

class TupleFileCodec {
 public:
  explicit TupleFileCodec(storage::TupleDescPtr desc);

  // Appends one row (values/nulls of the descriptor's columns; varlenas in plain form) and
  // returns the offset of its record. Throws as TempFile::Append.
  uint64_t Write(storage::TempFile* file, const Datum* values, const bool* nulls);
  // Appends a record read earlier (StoredRow) unchanged.
  static uint64_t WriteStored(storage::TempFile* file, const StoredRow& row);
  // Reads the next record of `reader` (a TempFileReader or anything with
  // `bool Read(void*, size_t)`) into `memory` and deforms it into values/nulls (whose
  // by-reference values point into `memory`, valid until it is reset). False at the end of
  // the reader's range. `row` (optional) receives the stored bytes.
  template <typename Reader>
  bool Read(Reader* reader, MemoryContext* memory, Datum* values, bool* nulls,
            StoredRow* row = nullptr) {
    uint32_t body_len;
    if (!reader->Read(&body_len, sizeof(body_len))) return false;
    char* body = AllocRecord(memory, body_len);
    if (!reader->Read(body, body_len)) ThrowTruncated();
    Deform(body, body_len, memory, values, nulls);
    if (row != nullptr) *row = StoredRow{body, body_len};
    return true;
  }
  // Forms the record of a row in scratch memory (valid until the next Form or Write).
  StoredRow Form(const Datum* values, const bool* nulls);
  // Bytes a record of this row takes in a file (length word included).
  size_t RecordSize(const Datum* values, const bool* nulls) const;

  const storage::TupleDescPtr& desc() const { return desc_; }

 private:
  static char* AllocRecord(MemoryContext* memory, uint32_t body_len);
  [[noreturn]] static void ThrowTruncated();
  void Deform(char* body, uint32_t body_len, MemoryContext* memory, Datum* values, bool* nulls);

  storage::TupleDescPtr desc_;
  MemoryContext scratch_{"TupleFile scratch"};
};

// Bytes a row of `desc` takes in an operator's memory: its value/null arrays plus the
// by-reference values (what work_mem accounting adds up, PostgreSQL's GetMemoryChunkSpace).
size_t RowMemorySize(const storage::TupleDesc& desc, const Datum* values, const bool* nulls);

}  // namespace hyrax::executor
