// Spilled row partitions sharing one temporary file (see spill_partitions.h).
#include "executor/exec/spill_partitions.h"

#include <algorithm>
#include <cstring>

#include "common/ids.h"

namespace hyrax::executor {

SpillPartitions::SpillPartitions(storage::TupleDescPtr desc, int count)
    : codec_(std::move(desc)), partitions_(static_cast<size_t>(count)) {}

SpillPartitions::~SpillPartitions() = default;

void SpillPartitions::Grow(int count) {
  if (count > this->count()) partitions_.resize(static_cast<size_t>(count));
}

void SpillPartitions::Append(Partition* partition, const void* data, size_t len) {
  const char* bytes = static_cast<const char*>(data);
  while (len > 0) {
    if (partition->buffer.capacity() == 0) partition->buffer.reserve(kBlockSize);
    size_t chunk = std::min(len, static_cast<size_t>(kBlockSize) - partition->buffer.size());
    partition->buffer.insert(partition->buffer.end(), bytes, bytes + chunk);
    bytes += chunk;
    len -= chunk;
    if (partition->buffer.size() == static_cast<size_t>(kBlockSize)) {
      if (!file_) file_ = std::make_unique<storage::TempFile>();
      partition->blocks.push_back(file_->Append(partition->buffer.data(), kBlockSize));
      partition->buffer.clear();
    }
  }
}

void SpillPartitions::Write(int partition, uint32_t hash, const Datum* values, const bool* nulls) {
  Partition& p = partitions_[partition];
  StoredRow row = codec_.Form(values, nulls);
  Append(&p, &hash, sizeof(hash));
  Append(&p, &row.body_len, sizeof(row.body_len));
  Append(&p, row.body, row.body_len);
  ++p.rows;
  written_bytes_ += sizeof(hash) + sizeof(row.body_len) + row.body_len;
}

std::unique_ptr<SpillPartitions::Reader> SpillPartitions::TakePartition(int partition) {
  Partition& p = partitions_[partition];
  auto reader = std::make_unique<Reader>();
  reader->owner_ = this;
  reader->blocks_ = std::move(p.blocks);
  reader->tail_ = std::move(p.buffer);
  reader->in_tail_ = reader->blocks_.empty();
  p = Partition();
  return reader;
}

bool SpillPartitions::Reader::Read(void* out, size_t len) {
  char* dest = static_cast<char*>(out);
  while (len > 0) {
    const std::vector<char>& current = in_tail_ ? tail_ : block_;
    if (block_pos_ == current.size() || (!in_tail_ && block_.empty())) {
      // Next block from the file, then the unwritten tail.
      if (next_block_ < blocks_.size()) {
        block_.resize(kBlockSize);
        owner_->file_->ReadAt(blocks_[next_block_++], block_.data(), kBlockSize);
        in_tail_ = false;
      } else if (!in_tail_) {
        in_tail_ = true;
      } else {
        return false;
      }
      block_pos_ = 0;
      continue;
    }
    size_t chunk = std::min(len, current.size() - block_pos_);
    std::memcpy(dest, current.data() + block_pos_, chunk);
    dest += chunk;
    len -= chunk;
    block_pos_ += chunk;
  }
  return true;
}

bool SpillPartitions::Reader::Next(MemoryContext* memory, uint32_t* hash, Datum* values,
                                   bool* nulls) {
  if (!Read(hash, sizeof(*hash))) return false;
  return owner_->codec_.Read(this, memory, values, nulls);
}

}  // namespace hyrax::executor
