// Hash operator (see hash.h). Memory is counted as PostgreSQL's spaceUsed: the rows in the
// table, checked together with the bucket array against hash_mem.
#include "executor/operators/hash.h"

#include <algorithm>

#include "common/error.h"
#include "common/interrupts.h"
#include "executor/exec/hash_table_size.h"
#include "executor/exec/tuple_file.h"
#include "executor/expr/function_lookup.h"

namespace hyrax::executor {

namespace {

constexpr size_t kBucketPointerSize = 8;

int Log2(int n) {
  int log = 0;
  while ((1 << log) < n) ++log;
  return log;
}

}  // namespace

HashOperator::HashOperator(const nodes::Plan& plan, ExecState* estate, OperatorPtr outer)
    : Operator(plan, estate, std::move(outer)) {
  SetResultDesc(outer_->result_desc());
  const auto& hash = nodes::PlanAs<nodes::Hash>(plan);
  for (const auto& key : hash.hashkeys) keys_.push_back(ExecInitExpr(*key, estate));
}

HashOperator::~HashOperator() = default;

// PostgreSQL's ExecHashGetHashValue: each key's hash rotated into the total; a NULL key
// counts as 0 (the row is kept only for RIGHT and FULL joins).
bool HashOperator::HashKeys(const Datum* keys, const bool* nulls, uint32_t* hash, bool* has_null) {
  uint32_t h = 0;
  *has_null = false;
  for (size_t i = 0; i < hash_fns_.size(); ++i) {
    uint32_t k = 0;
    if (nulls[i]) {
      *has_null = true;
      if (!keep_null_keys_) return false;
    } else {
      LocalFunctionCallInfo<1> call(&hash_fns_[i], collations_[i]);
      call.SetArg(0, keys[i]);
      k = DatumGetUInt32(FunctionCallInvoke(&call.fcinfo));
    }
    h = ((h << 1) | (h >> 31)) ^ k;
  }
  *hash = h;
  return true;
}

int HashOperator::BatchOf(uint32_t hash) const {
  if (nbatch_ == 1) return 0;
  // PostgreSQL's ExecHashGetBucketAndBatch: the bits above the bucket number.
  uint32_t rotated =
      log2_nbuckets_ == 0 ? hash : (hash >> log2_nbuckets_) | (hash << (32 - log2_nbuckets_));
  return static_cast<int>(rotated & static_cast<uint32_t>(nbatch_ - 1));
}

void HashOperator::SetBuckets(int nbuckets) {
  nbuckets_ = nbuckets;
  log2_nbuckets_ = Log2(nbuckets);
}

void HashOperator::RebuildBuckets() {
  buckets_.assign(static_cast<size_t>(nbuckets_), -1);
  for (size_t i = 0; i < entries_.size(); ++i) {
    Entry& e = entries_[i];
    int32_t& head = buckets_[e.hash & static_cast<uint32_t>(nbuckets_ - 1)];
    e.next = head;
    head = static_cast<int32_t>(i);
  }
}

void HashOperator::ResetTable() {
  memory_ = std::make_unique<MemoryContext>("HashBatchContext");
  entries_.clear();
  matched_.clear();
  space_used_ = 0;
  buckets_.assign(static_cast<size_t>(nbuckets_), -1);
}

void HashOperator::NotePeak() {
  space_peak_ = std::max(space_peak_, space_used_ + kBucketPointerSize * nbuckets_optimal_);
}

// Copies the row into the table's memory and chains it into its bucket.
void HashOperator::StoreInTable(uint32_t hash, const Datum* values, const bool* nulls) {
  int n = result_desc_->natts();
  Entry e;
  e.hash = hash;
  e.values = static_cast<Datum*>(memory_->Alloc(sizeof(Datum) * (n > 0 ? n : 1)));
  e.nulls = static_cast<bool*>(memory_->Alloc(n > 0 ? n : 1));
  for (int i = 0; i < n; ++i) {
    const auto& attr = result_desc_->attr(i);
    e.nulls[i] = nulls[i];
    e.values[i] = nulls[i] ? 0 : DatumCopy(values[i], attr.byval, attr.len, memory_.get());
  }
  int32_t& head = buckets_[hash & static_cast<uint32_t>(nbuckets_ - 1)];
  e.next = head;
  head = static_cast<int32_t>(entries_.size());
  entries_.push_back(e);
  space_used_ += RowMemorySize(*result_desc_, values, nulls) + sizeof(Entry);
}

// PostgreSQL's ExecHashTableInsert: the row goes to the table when it belongs to the current
// batch (doubling the batches when the table outgrows hash_mem), else to its batch file.
void HashOperator::Insert(uint32_t hash, const Datum* values, const bool* nulls) {
  int batchno = BatchOf(hash);
  if (batchno != curbatch_) {
    batches_->Write(batchno, hash, values, nulls);
    return;
  }
  StoreInTable(hash, values, nulls);
  // With one batch, keep one bucket per row (the array is resized after the build).
  if (nbatch_ == 1 && entries_.size() > static_cast<size_t>(nbuckets_optimal_) &&
      nbuckets_optimal_ < (1 << 30)) {
    nbuckets_optimal_ *= 2;
  }
  NotePeak();
  if (space_used_ + kBucketPointerSize * nbuckets_optimal_ > space_allowed_) IncreaseNumBatches();
}

void HashOperator::IncreaseNumBatches() {
  if (!grow_enabled_ || nbatch_ >= kMaxBatches) return;
  nbatch_ *= 2;
  if (!batches_) {
    batches_ = std::make_unique<SpillPartitions>(result_desc_, nbatch_);
  } else {
    batches_->Grow(nbatch_);
  }
  // Leaving the single-batch mode: settle the bucket count first, as batch numbers use it.
  if (nbuckets_optimal_ != nbuckets_) SetBuckets(nbuckets_optimal_);
  nbuckets_optimal_ = nbuckets_;
  // Keep the rows still in the current batch (copied into fresh memory), write the others out.
  std::vector<Entry> old = std::move(entries_);
  std::unique_ptr<MemoryContext> old_memory = std::move(memory_);
  ResetTable();
  size_t moved = 0;
  for (const Entry& e : old) {
    int batchno = BatchOf(e.hash);
    if (batchno == curbatch_) {
      StoreInTable(e.hash, e.values, e.nulls);
    } else {
      batches_->Write(batchno, e.hash, e.values, e.nulls);
      ++moved;
    }
  }
  // All or nothing moved: the rows share their hash bits and more batches would not help
  // (PostgreSQL's growEnabled).
  if (moved == 0 || moved == old.size()) grow_enabled_ = false;
  CheckForInterrupts();
}

void HashOperator::Build() {
  if (built_) return;
  InstrumentStart();
  HashTableSize size = ChooseHashTableSize(plan_.plan_rows, plan_.plan_width);
  SetBuckets(size.nbuckets);
  nbuckets_original_ = nbuckets_optimal_ = size.nbuckets;
  nbatch_ = nbatch_original_ = size.nbatch;
  space_allowed_ = size.space_allowed;
  space_peak_ = 0;
  curbatch_ = 0;
  grow_enabled_ = true;
  batches_.reset();
  null_key_rows_.reset();
  if (nbatch_ > 1) batches_ = std::make_unique<SpillPartitions>(result_desc_, nbatch_);
  ResetTable();
  size_t nkeys = keys_.size();
  std::vector<Datum> key_values(nkeys);
  std::unique_ptr<bool[]> key_nulls(new bool[nkeys + 1]());
  double rows = 0;
  while (TupleSlot* in = outer_->Next()) {
    ++rows;
    econtext()->ResetPerTuple();
    econtext()->outertuple = in;
    {
      MemoryContextScope scope(&econtext()->per_tuple_memory);
      for (size_t k = 0; k < nkeys; ++k) {
        key_values[k] = ExecInterpExpr(keys_[k].get(), econtext(), &key_nulls[k]);
      }
    }
    uint32_t hash;
    bool has_null;
    if (!HashKeys(key_values.data(), key_nulls.get(), &hash, &has_null)) continue;
    in->GetAllAttrs();
    if (has_null) {
      if (!null_key_rows_) null_key_rows_ = std::make_unique<SpillPartitions>(result_desc_, 1);
      null_key_rows_->Write(0, hash, in->values(), in->nulls());
      continue;
    }
    Insert(hash, in->values(), in->nulls());
  }
  if (nbatch_ == 1 && nbuckets_optimal_ != nbuckets_) {
    SetBuckets(nbuckets_optimal_);
    RebuildBuckets();
  }
  matched_.assign(entries_.size(), false);
  total_rows_ = rows;
  built_ = true;
  InstrumentStop(rows);
}

bool HashOperator::BatchHasRows(int batchno) const {
  return batches_ && batchno < batches_->count() && batches_->rows(batchno) > 0;
}

void HashOperator::LoadBatch(int batchno) {
  curbatch_ = batchno;
  ResetTable();
  if (batches_ && batchno < batches_->count()) {
    auto reader = batches_->TakePartition(batchno);
    MemoryContext read_memory("HashBatchRead");
    int n = result_desc_->natts();
    std::vector<Datum> values(static_cast<size_t>(n > 0 ? n : 1));
    std::unique_ptr<bool[]> nulls(new bool[n > 0 ? n : 1]());
    uint32_t hash;
    while (reader->Next(&read_memory, &hash, values.data(), nulls.get())) {
      Insert(hash, values.data(), nulls.get());
      read_memory.Reset();
    }
  }
  matched_.assign(entries_.size(), false);
}

void HashOperator::DiscardBatch(int batchno) {
  if (batches_ && batchno < batches_->count()) batches_->TakePartition(batchno);
}

std::unique_ptr<SpillPartitions::Reader> HashOperator::TakeNullKeyRows() {
  if (!null_key_rows_ || null_key_rows_->rows(0) == 0) return nullptr;
  return null_key_rows_->TakePartition(0);
}

TupleSlot* HashOperator::NextImpl() {
  throw Error(errcode::kInternalError, "Hash node does not support Next()");
}

void HashOperator::ReScanImpl() {
  built_ = false;
  entries_.clear();
  matched_.clear();
  buckets_.clear();
  memory_.reset();
  batches_.reset();
  null_key_rows_.reset();
}

}  // namespace hyrax::executor
