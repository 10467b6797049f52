// Row records in temporary files (see tuple_file.h).
#include "executor/exec/tuple_file.h"

#include <cstring>

#include "common/error.h"
#include "common/varlena.h"
#include "storage/heap/heap_tuple.h"
#include "storage/page/page.h"

namespace hyrax::executor {

namespace {

// Header bytes of a heap tuple a record leaves out: t_xmin, t_xmax, t_cid and 4 of ctid's 6
// bytes. What remains starts 2 bytes before t_infomask2, so the header fields and the data
// keep their offsets modulo 8 once the record is put back at offset 16 of an 8-aligned buffer.
constexpr uint32_t kOmittedHeaderBytes = 16;

}  // namespace

TupleFileCodec::TupleFileCodec(storage::TupleDescPtr desc) : desc_(std::move(desc)) {}

StoredRow TupleFileCodec::Form(const Datum* values, const bool* nulls) {
  scratch_.Reset();
  MemoryContextScope scope(&scratch_);
  storage::HeapTuple tuple = storage::HeapFormTuple(*desc_, values, nulls);
  StoredRow row;
  row.body = reinterpret_cast<const char*>(tuple.data) + kOmittedHeaderBytes;
  row.body_len = tuple.len - kOmittedHeaderBytes;
  return row;
}

uint64_t TupleFileCodec::Write(storage::TempFile* file, const Datum* values, const bool* nulls) {
  return WriteStored(file, Form(values, nulls));
}

uint64_t TupleFileCodec::WriteStored(storage::TempFile* file, const StoredRow& row) {
  uint64_t offset = file->Append(&row.body_len, sizeof(row.body_len));
  file->Append(row.body, row.body_len);
  return offset;
}

// The record goes at offset 16 of an allocation (16-byte aligned) whose first 16 bytes stand
// for the omitted header, so the heap tuple it completes is properly aligned.
char* TupleFileCodec::AllocRecord(MemoryContext* memory, uint32_t body_len) {
  auto* bytes = static_cast<char*>(memory->Alloc(kOmittedHeaderBytes + body_len));
  std::memset(bytes, 0, kOmittedHeaderBytes);
  return bytes + kOmittedHeaderBytes;
}

void TupleFileCodec::ThrowTruncated() {
  throw Error(errcode::kInternalError, "truncated row in a temporary file");
}

void TupleFileCodec::Deform(char* body, uint32_t body_len, MemoryContext* memory, Datum* values,
                            bool* nulls) {
  storage::HeapTuple tuple;
  tuple.len = kOmittedHeaderBytes + body_len;
  tuple.data = reinterpret_cast<storage::HeapTupleHeaderData*>(body - kOmittedHeaderBytes);
  MemoryContextScope scope(memory);
  storage::HeapDeformTuple(tuple, *desc_, values, nulls);
}

size_t TupleFileCodec::RecordSize(const Datum* values, const bool* nulls) const {
  int natts = desc_->natts();
  bool has_null = false;
  for (int i = 0; i < natts; ++i) has_null = has_null || nulls[i];
  size_t header = storage::kHeapTupleHeaderSize + (has_null ? storage::HeapBitmapLen(natts) : 0);
  return sizeof(uint32_t) + storage::MaxAlign(header) - kOmittedHeaderBytes +
         storage::HeapComputeDataSize(*desc_, values, nulls);
}

size_t RowMemorySize(const storage::TupleDesc& desc, const Datum* values, const bool* nulls) {
  int natts = desc.natts();
  size_t size = storage::MaxAlign(sizeof(Datum) * static_cast<size_t>(natts > 0 ? natts : 1)) +
                storage::MaxAlign(static_cast<size_t>(natts > 0 ? natts : 1));
  for (int i = 0; i < natts; ++i) {
    const auto& attr = desc.attr(i);
    if (nulls[i] || attr.byval) continue;
    size_t len = attr.len > 0     ? static_cast<size_t>(attr.len)
                 : attr.len == -1 ? VarSize(DatumGetPointer<const void>(values[i]))
                                  : std::strlen(DatumGetPointer<const char>(values[i])) + 1;
    size += storage::MaxAlign(len);
  }
  return size;
}

}  // namespace hyrax::executor
