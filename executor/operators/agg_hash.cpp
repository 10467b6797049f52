// The hashed strategy of Agg (see agg.h), with PostgreSQL 13+'s spilling (nodeAgg.c
// hash_agg_set_limits, hash_agg_enter_spill_mode, hashagg_spill_tuple, agg_refill_hash_table):
// a pass aggregates its input (the Agg's input, then one spilled partition at a time) in a
// table of groups; when the table passes its memory or group limit, rows of groups not in
// the table are written to 2^bits partitions chosen by the hash bits after the `used_bits`
// earlier passes consumed. Each non-empty partition becomes a batch with more bits used.
#include "executor/operators/agg_hash.h"

#include <algorithm>

#include "common/ids.h"
#include "common/interrupts.h"
#include "executor/exec/tuple_file.h"
#include "executor/exec/work_mem.h"
#include "executor/expr/function_lookup.h"
#include "executor/operators/agg.h"

namespace hyrax::executor {

namespace {

constexpr double kBufferSize = kBlockSize;  // HASHAGG_READ_BUFFER_SIZE, _WRITE_BUFFER_SIZE
constexpr double kMinPartitions = 4;
constexpr double kMaxPartitions = 1024;
constexpr double kPartitionFactor = 1.5;

int CeilLog2(double n) {
  int bits = 0;
  while ((1 << bits) < n) ++bits;
  return bits;
}

// PostgreSQL's hash_agg_entry_size: a TupleHashEntryData, the group's minimal tuple, the
// per-group transition states and the transition space, each allocation with its header.
size_t HashEntrySize(size_t num_trans, int tuple_width, uint64_t transition_space) {
  constexpr size_t kChunkHeader = 16, kEntry = 24, kMinimalTupleHeader = 16, kPerGroup = 16;
  size_t tuple_chunk = kChunkHeader + kMinimalTupleHeader + static_cast<size_t>(tuple_width);
  size_t pergroup = num_trans > 0 ? kChunkHeader + kPerGroup * num_trans : 0;
  size_t transition = transition_space > 0 ? kChunkHeader + transition_space : 0;
  return kEntry + tuple_chunk + pergroup + transition;
}

// PostgreSQL's hash_choose_num_partitions: enough partitions for each to fit in hash_mem,
// no more than a quarter of hash_mem in write buffers; log2 of the count.
int ChoosePartitionBits(double input_groups, size_t entry_size, int used_bits) {
  double hash_mem = static_cast<double>(HashMemBytes());
  double partition_limit = (hash_mem * 0.25 - kBufferSize) / kBufferSize;
  double mem_wanted = kPartitionFactor * input_groups * static_cast<double>(entry_size);
  double partitions = std::min(1 + mem_wanted / hash_mem, partition_limit);
  partitions = std::clamp(partitions, kMinPartitions, kMaxPartitions);
  int bits = CeilLog2(static_cast<int>(partitions));
  return std::min(bits, 32 - used_bits);
}

// PostgreSQL's hash_agg_set_limits: all of hash_mem when the groups are expected to fit,
// else hash_mem less the partition buffers (at least 3/4 of it). Sets the planned partition
// bits (0: no spill expected).
size_t HashMemLimit(double input_groups, size_t entry_size, int used_bits, int* partition_bits) {
  size_t hash_mem = HashMemBytes();
  *partition_bits = 0;
  if (input_groups * static_cast<double>(entry_size) <= static_cast<double>(hash_mem)) {
    return hash_mem;
  }
  *partition_bits = ChoosePartitionBits(input_groups, entry_size, used_bits);
  size_t partition_mem = static_cast<size_t>(kBufferSize) * ((size_t{1} << *partition_bits) + 1);
  return hash_mem > 4 * partition_mem ? hash_mem - partition_mem : hash_mem / 4 * 3;
}

}  // namespace

void AggOperator::InitHashStrategy() {
  hash_entry_size_ = HashEntrySize(aggs_.size(), outer_->plan().plan_width, agg_.transitionSpace);
  int bits;
  HashMemLimit(agg_.numGroups, hash_entry_size_, 0, &bits);
  planned_partitions_ = bits > 0 ? 1 << bits : 0;
  hash_row_slot_ = std::make_unique<TupleSlot>(outer_->result_desc());
  batch_row_slot_ = std::make_unique<TupleSlot>(outer_->result_desc());
}

void AggOperator::ResetHashState() {
  hash_groups_.clear();
  hash_buckets_.clear();
  hash_memory_.reset();
  hash_next_ = 0;
  hash_built_ = false;
  hash_spilling_ = false;
  spill_.reset();
  hash_batches_.clear();
  batch_reader_.reset();
  batch_source_.reset();
  hash_group_bytes_ = 0;
}

uint32_t AggOperator::HashGroupKey(TupleSlot* slot) {
  uint32_t hash = 0;
  for (int i = 0; i < agg_.group.numCols(); ++i) {
    bool isnull;
    Datum v = slot->GetAttr(agg_.group.colIdx[i], &isnull);
    uint32_t h = 0;
    if (!isnull) {
      LocalFunctionCallInfo<1> call(&hash_fns_[i], group_collations_[i]);
      call.SetArg(0, v);
      h = DatumGetUInt32(FunctionCallInvoke(&call.fcinfo));
    }
    hash = ((hash << 1) | (hash >> 31)) ^ h;  // PostgreSQL's hash combining for group keys
  }
  return hash;
}

void AggOperator::BeginHashPass(int used_bits, double input_groups) {
  hash_groups_.clear();
  size_t hash_mem = HashMemBytes();
  hash_memory_ = std::make_unique<MemoryContext>(
      "HashAgg table", 8192, std::clamp<size_t>(hash_mem / 8, 8192, size_t{1} << 20));
  int bits;
  hash_mem_limit_ = HashMemLimit(input_groups, hash_entry_size_, used_bits, &bits);
  double fit = static_cast<double>(hash_mem_limit_) / static_cast<double>(hash_entry_size_);
  hash_buckets_.assign(size_t{1} << CeilLog2(std::clamp(std::min(input_groups, fit), 256.0,
                                                        static_cast<double>(1 << 24))),
                       -1);
  hash_group_bytes_ = 0;
  hash_next_ = 0;
  hash_used_bits_ = used_bits;
  hash_spilling_ = false;
  spill_.reset();
  ++hash_batches_used_;
}

bool AggOperator::RowInGroup(const HashGroup& group, TupleSlot* row) {
  for (int i = 0; i < agg_.group.numCols(); ++i) {
    int att = agg_.group.colIdx[i];
    bool row_null;
    Datum row_value = row->GetAttr(att, &row_null);
    bool group_null = group.nulls[att - 1];
    if (row_null || group_null) {
      if (row_null && group_null) continue;  // NULLs group together
      return false;
    }
    LocalFunctionCallInfo<2> call(&eq_fns_[i], group_collations_[i]);
    call.SetArg(0, group.values[att - 1]);
    call.SetArg(1, row_value);
    Datum eq = FunctionCallInvoke(&call.fcinfo);
    if (call.fcinfo.isnull || !DatumGetBool(eq)) return false;
  }
  return true;
}

AggOperator::HashGroup* AggOperator::LookupHashGroup(uint32_t hash, TupleSlot* row) {
  size_t mask = hash_buckets_.size() - 1;
  for (int32_t i = hash_buckets_[hash & mask]; i >= 0; i = hash_groups_[i].next) {
    HashGroup& group = hash_groups_[i];
    if (group.hash == hash && RowInGroup(group, row)) return &group;
  }
  return nullptr;
}

void AggOperator::GrowHashBuckets() {
  hash_buckets_.assign(hash_buckets_.size() * 2, -1);
  size_t mask = hash_buckets_.size() - 1;
  for (size_t i = 0; i < hash_groups_.size(); ++i) {
    int32_t& head = hash_buckets_[hash_groups_[i].hash & mask];
    hash_groups_[i].next = head;
    head = static_cast<int32_t>(i);
  }
}

AggOperator::HashGroup* AggOperator::AddHashGroup(uint32_t hash, TupleSlot* row) {
  row->GetAllAttrs();
  const storage::TupleDesc& desc = row->desc();
  int n = desc.natts();
  HashGroup group;
  group.hash = hash;
  group.values = static_cast<Datum*>(hash_memory_->Alloc(sizeof(Datum) * (n > 0 ? n : 1)));
  group.nulls = static_cast<bool*>(hash_memory_->Alloc(n > 0 ? n : 1));
  for (int i = 0; i < n; ++i) {
    const auto& attr = desc.attr(i);
    group.nulls[i] = row->nulls()[i];
    group.values[i] =
        group.nulls[i] ? 0 : DatumCopy(row->values()[i], attr.byval, attr.len, hash_memory_.get());
  }
  StartGroup(&group.trans);
  if (hash_groups_.size() >= hash_buckets_.size()) GrowHashBuckets();
  int32_t& head = hash_buckets_[hash & (hash_buckets_.size() - 1)];
  group.next = head;
  head = static_cast<int32_t>(hash_groups_.size());
  hash_groups_.push_back(std::move(group));
  hash_group_bytes_ += sizeof(HashGroup) + aggs_.size() * sizeof(AggTransValue);
  return &hash_groups_.back();
}

size_t AggOperator::HashMemoryUsed() const {
  return hash_memory_->allocated_bytes() + hash_group_bytes_ +
         hash_buckets_.size() * sizeof(int32_t);
}

void AggOperator::SpillRow(TupleSlot* row, uint32_t hash) {
  // The partition is the next `bits` hash bits after the ones earlier passes used.
  uint32_t partition = (hash << hash_used_bits_) >> (32 - spill_partition_bits_);
  row->GetAllAttrs();
  spill_->Write(static_cast<int>(partition), hash, row->values(), row->nulls());
}

void AggOperator::ConsumeHashRow(TupleSlot* row, uint32_t hash) {
  HashGroup* group = LookupHashGroup(hash, row);
  if (group != nullptr) {
    AdvanceGroup(&group->trans, row, hash_memory_.get());
    return;
  }
  if (hash_spilling_) {
    SpillRow(row, hash);
    return;
  }
  group = AddHashGroup(hash, row);
  AdvanceGroup(&group->trans, row, hash_memory_.get());
  for (const AggTransValue& trans : group->trans) hash_group_bytes_ += trans.capacity * 8;
  size_t used = HashMemoryUsed();
  hash_mem_peak_ = std::max(hash_mem_peak_, used);
  // PostgreSQL's hash_agg_check_limits: past the memory or group limit, later rows of new
  // groups spill (when hash bits are left to partition on).
  size_t group_limit = std::max<size_t>(1, hash_mem_limit_ / hash_entry_size_);
  if (used > hash_mem_limit_ || hash_groups_.size() > group_limit) {
    int bits = ChoosePartitionBits(static_cast<double>(hash_groups_.size()), hash_entry_size_,
                                   hash_used_bits_);
    if (bits > 0) {
      spill_partition_bits_ = bits;
      spill_ = std::make_shared<SpillPartitions>(outer_->result_desc(), 1 << bits);
      hash_spilling_ = true;
    }
  }
}

// Turns the pass's non-empty partitions into batches.
void AggOperator::FinishHashPass() {
  if (!spill_) return;
  for (int p = 0; p < spill_->count(); ++p) {
    if (spill_->rows(p) == 0) continue;
    HashBatch batch;
    batch.source = spill_;
    batch.partition = p;
    batch.used_bits = hash_used_bits_ + spill_partition_bits_;
    batch.rows = spill_->rows(p);
    hash_batches_.push_back(std::move(batch));
  }
  hash_disk_used_ += spill_->written_bytes();
  spill_.reset();
}

bool AggOperator::StartNextHashBatch() {
  if (hash_batches_.empty()) return false;
  HashBatch batch = std::move(hash_batches_.back());
  hash_batches_.pop_back();
  BeginHashPass(batch.used_bits, static_cast<double>(batch.rows));
  std::unique_ptr<SpillPartitions::Reader> reader = batch.source->TakePartition(batch.partition);
  TupleSlot* row = batch_row_slot_.get();
  uint32_t hash;
  for (int64_t count = 0;; ++count) {
    batch_row_memory_.Reset();
    row->Clear();
    if (!reader->Next(&batch_row_memory_, &hash, row->values(), row->nulls())) break;
    row->StoreVirtual();
    ConsumeHashRow(row, hash);
    if ((count & 1023) == 0) CheckForInterrupts();
  }
  FinishHashPass();
  return true;
}

TupleSlot* AggOperator::NextHashed() {
  if (!hash_built_) {
    hash_batches_used_ = 0;
    hash_mem_peak_ = 0;
    hash_disk_used_ = 0;
    BeginHashPass(0, agg_.numGroups);
    while (TupleSlot* row = outer_->Next()) ConsumeHashRow(row, HashGroupKey(row));
    FinishHashPass();
    hash_built_ = true;
  }
  for (;;) {
    while (hash_next_ < hash_groups_.size()) {
      HashGroup& group = hash_groups_[hash_next_++];
      TupleSlot* first = hash_row_slot_.get();
      int n = first->natts();
      first->Clear();
      std::copy(group.values, group.values + n, first->values());
      std::copy(group.nulls, group.nulls + n, first->nulls());
      first->StoreVirtual();
      if (TupleSlot* out = EmitGroup(&group.trans, first, hash_memory_.get())) return out;
    }
    if (!StartNextHashBatch()) return nullptr;
  }
}

}  // namespace hyrax::executor
