// GROUPING SETS in the Agg operator (see agg.h; PostgreSQL's nodeAgg.c phases). Each
// rollup is a list of sets that are prefixes of one column list, longest first, so a pass
// over rows sorted on those columns finds every set's groups at once: when a row differs
// from the current group in its first k columns, the sets longer than k end (they are
// emitted longest first) and start again with that row. The rollup that needs no sort
// reads the Agg's input as it comes and copies each row into the other rollups' sorts;
// those run after it, one phase each. Hashed rollups (HashAggregate / MixedAggregate
// plans) aggregate the rows into hash tables as they are read and return the tables'
// groups in their phase; past hash_mem, rows of new groups go to the rollup's sort and
// are grouped by sorting afterwards. In each output row the grouping columns its set does
// not group are NULL, and GROUPING() reads the set's refs (ExprContext::grouped_refs).
#include "executor/operators/agg_grouping_sets.h"

#include <algorithm>

#include "common/error.h"
#include "common/varlena.h"
#include "executor/exec/work_mem.h"
#include "executor/expr/function_lookup.h"
#include "executor/operators/agg.h"

namespace hyrax::executor {

void AggOperator::InitGroupingSets() {
  const auto& desc = outer_->result_desc();
  for (const auto& rollup : agg_.rollups) {
    auto phase = std::make_unique<RollupPhase>();
    phase->rollup = &rollup;
    for (int i = 0; i < rollup.group.numCols(); ++i) {
      FmgrInfo eq;
      FmgrInfoForFunction(OperatorFunction(rollup.group.eqOperators[i]), &eq);
      phase->eq_fns.push_back(eq);
      nodes::AttrNumber col = rollup.group.colIdx[i];
      if (std::find(all_group_cols_.begin(), all_group_cols_.end(), col) == all_group_cols_.end())
        all_group_cols_.push_back(col);
    }
    if (rollup.sort.numCols() > 0) {
      phase->sort = std::make_unique<Tuplesort>(desc, rollup.sort);
      phase->sorted_row = std::make_unique<TupleSlot>(desc);
    }
    if (rollup.hashed) {
      phase->hashed = true;
      for (Oid eqop : rollup.group.eqOperators) {
        FmgrInfo hash;
        HashFunctionForEqOp(eqop, &hash);
        phase->hash_fns.push_back(hash);
      }
    }
    size_t nsets = rollup.setLengths.size();
    phase->trans.resize(nsets);
    for (size_t s = 0; s < nsets; ++s) {
      phase->memory.push_back(std::make_unique<MemoryContext>("AggSetContext"));
      phase->set_refs.emplace_back(rollup.refs.begin(), rollup.refs.begin() + rollup.setLengths[s]);
    }
    phase->first = std::make_unique<TupleSlot>(desc);
    phase->pending = std::make_unique<TupleSlot>(desc);
    // The rollup reading the input directly runs first.
    if (phase->sort) {
      phases_.push_back(std::move(phase));
    } else {
      phases_.insert(phases_.begin(), std::move(phase));
    }
  }
  set_row_ = std::make_unique<TupleSlot>(desc);
}

void AggOperator::ResetGroupingSets() {
  for (auto& phase : phases_) {
    if (phase->sort) phase->sort->Reset();
    phase->sorted = false;
    for (auto& m : phase->memory) m->Reset();
    for (auto& t : phase->trans) t.clear();
    phase->first->Clear();
    phase->pending->Clear();
    phase->has_group = false;
    phase->input_done = false;
    phase->restart_after_emit = false;
    phase->emit_next = phase->emit_end = 0;
    phase->hash_groups.clear();
    phase->hash_index.clear();
    phase->hash_memory.reset();
    phase->hash_bytes = 0;
    phase->hash_full = false;
    phase->sort_used = false;
    phase->hash_emit_next = 0;
  }
  hash_tables_bytes_ = 0;
  phase_no_ = 0;
  sorts_filled_ = false;
  econtext()->grouped_refs = nullptr;
}

uint32_t AggOperator::HashRollupKey(RollupPhase* phase, TupleSlot* row) {
  const nodes::GroupColumns& group = phase->rollup->group;
  uint32_t hash = 0;
  for (int i = 0; i < group.numCols(); ++i) {
    bool isnull;
    Datum v = row->GetAttr(group.colIdx[i], &isnull);
    uint32_t h = 0;
    if (!isnull) {
      LocalFunctionCallInfo<1> call(&phase->hash_fns[i], group.collations[i]);
      call.SetArg(0, v);
      h = DatumGetUInt32(FunctionCallInvoke(&call.fcinfo));
    }
    hash = ((hash << 1) | (hash >> 31)) ^ h;
  }
  return hash;
}

// Adds `row` to its group in the phase's hash table (a new group while the tables fit
// hash_mem), or hands it to the phase's sort.
void AggOperator::ConsumeHashedRow(RollupPhase* phase, TupleSlot* row) {
  uint32_t hash = HashRollupKey(phase, row);
  int ncols = phase->rollup->group.numCols();
  auto [begin, end] = phase->hash_index.equal_range(hash);
  for (auto it = begin; it != end; ++it) {
    auto& group = phase->hash_groups[it->second];
    if (LeadingEqualColumns(*phase, group.row.get(), row) == ncols) {
      AdvanceGroup(&group.trans, row, phase->hash_memory.get());
      return;
    }
  }
  if (phase->hash_full) {
    phase->sort->PutSlot(row);
    phase->sort_used = true;
    return;
  }
  if (!phase->hash_memory) phase->hash_memory = std::make_unique<MemoryContext>("AggSetHash");
  RollupPhase::HashedGroup group;
  group.hash = hash;
  group.row = std::make_unique<TupleSlot>(outer_->result_desc());
  group.row->CopyFrom(*row);
  group.row->Materialize();
  StartGroup(&group.trans);
  size_t states_before = phase->hash_memory->allocated_bytes();
  AdvanceGroup(&group.trans, group.row.get(), phase->hash_memory.get());
  // The row (values, nulls and by-reference data), the entry and its states.
  size_t bytes = sizeof(RollupPhase::HashedGroup) + sizeof(TupleSlot) + 64 +
                 group.trans.size() * sizeof(AggTransValue);
  const auto& desc = group.row->desc();
  for (int i = 0; i < desc.natts(); ++i) {
    bytes += sizeof(Datum) + 1;
    const auto& att = desc.attr(i);
    if (!att.byval && !group.row->nulls()[i]) {
      const char* p = DatumGetPointer<const char>(group.row->values()[i]);
      bytes += att.len > 0 ? static_cast<size_t>(att.len) : att.len == -1 ? VarSize(p) : 0;
    }
  }
  bytes += phase->hash_memory->allocated_bytes() - states_before;
  phase->hash_bytes += bytes;
  hash_tables_bytes_ += bytes;
  hash_mem_peak_ = std::max(hash_mem_peak_, hash_tables_bytes_);
  phase->hash_index.emplace(hash, phase->hash_groups.size());
  phase->hash_groups.push_back(std::move(group));
  if (hash_tables_bytes_ > HashMemBytes()) {
    // Full: every hashed rollup sends rows of new groups to its sort from now on.
    for (auto& other : phases_) other->hash_full = true;
  }
}

void AggOperator::FeedOtherPhases(TupleSlot* row) {
  for (auto& other : phases_) {
    if (other->hashed) {
      ConsumeHashedRow(other.get(), row);
    } else if (other->sort) {
      other->sort->PutSlot(row);
    }
  }
}

// Without a phase reading the input directly, the first phase reads it all up front.
void AggOperator::ReadInputIntoPhases() {
  if (sorts_filled_) return;
  while (TupleSlot* row = outer_->Next()) FeedOtherPhases(row);
  InputRead();
}

// Every input row has been handed on; EXPLAIN ANALYZE counts the hash tables as one batch
// plus one per hashed rollup that had to sort the rest of its rows.
void AggOperator::InputRead() {
  sorts_filled_ = true;
  hash_batches_used_ = 1;
  for (const auto& phase : phases_) hash_batches_used_ += phase->sort_used ? 1 : 0;
}

// The next input row of `phase`: from the Agg's input (handed on to the other phases) or
// from its own sort once every row has been read.
TupleSlot* AggOperator::NextPhaseRow(RollupPhase* phase) {
  if (!phase->sort) {
    TupleSlot* row = outer_->Next();
    if (row == nullptr) {
      InputRead();
      return nullptr;
    }
    FeedOtherPhases(row);
    return row;
  }
  ReadInputIntoPhases();
  if (phase->hashed && !phase->sort_used) return nullptr;
  if (!phase->sorted) {
    phase->sort->PerformSort();
    phase->sorted = true;
  }
  return phase->sort->GetSlot(phase->sorted_row.get()) ? phase->sorted_row.get() : nullptr;
}

void AggOperator::StartSets(RollupPhase* phase, int from, int to) {
  for (int s = from; s < to; ++s) {
    phase->memory[s]->Reset();
    StartGroup(&phase->trans[s]);
  }
}

void AggOperator::AdvanceSets(RollupPhase* phase, TupleSlot* row) {
  for (size_t s = 0; s < phase->trans.size(); ++s) {
    AdvanceGroup(&phase->trans[s], row, phase->memory[s].get());
  }
}

int AggOperator::LeadingEqualColumns(const RollupPhase& phase, TupleSlot* a, TupleSlot* b) {
  const nodes::GroupColumns& group = phase.rollup->group;
  for (int i = 0; i < group.numCols(); ++i) {
    int att = group.colIdx[i];
    bool an, bn;
    Datum av = a->GetAttr(att, &an);
    Datum bv = b->GetAttr(att, &bn);
    if (an || bn) {
      if (an && bn) continue;  // NULLs group together
      return i;
    }
    LocalFunctionCallInfo<2> call(const_cast<FmgrInfo*>(&phase.eq_fns[i]), group.collations[i]);
    call.SetArg(0, av);
    call.SetArg(1, bv);
    Datum eq = FunctionCallInvoke(&call.fcinfo);
    if (call.fcinfo.isnull || !DatumGetBool(eq)) return i;
  }
  return group.numCols();
}

// The output row of set `set` of the phase's current group, or nullptr when HAVING
// rejects it.
TupleSlot* AggOperator::EmitSet(RollupPhase* phase, int set) {
  return EmitSetOf(phase, set, &phase->trans[set], phase->memory[set].get());
}

// The output row of set `set` for the group whose first row is phase->first and whose
// transition values are `trans`.
TupleSlot* AggOperator::EmitSetOf(RollupPhase* phase, int set, TransValues* trans,
                                  MemoryContext* memory) {
  const nodes::AggRollup& rollup = *phase->rollup;
  set_row_->CopyFrom(*phase->first);
  auto grouped_begin = rollup.group.colIdx.begin();
  auto grouped_end = grouped_begin + rollup.setLengths[set];
  for (nodes::AttrNumber col : all_group_cols_) {
    if (std::find(grouped_begin, grouped_end, col) == grouped_end)
      set_row_->nulls()[col - 1] = true;
  }
  set_row_->StoreVirtual();
  econtext()->grouped_refs = &phase->set_refs[set];
  return EmitGroup(trans, set_row_.get(), memory);
}

TupleSlot* AggOperator::NextGroupingSets() {
  while (phase_no_ < phases_.size()) {
    RollupPhase* phase = phases_[phase_no_].get();
    if (phase->hashed) {
      // The hash table's groups first, then whatever went to the sort.
      ReadInputIntoPhases();
      if (phase->hash_emit_next < phase->hash_groups.size()) {
        auto& group = phase->hash_groups[phase->hash_emit_next++];
        phase->first->CopyFrom(*group.row);
        TupleSlot* out = EmitSetOf(phase, 0, &group.trans, phase->hash_memory.get());
        if (out) return out;
        continue;
      }
    }
    if (phase->emit_next < phase->emit_end) {
      if (TupleSlot* out = EmitSet(phase, phase->emit_next++)) return out;
      continue;
    }
    if (phase->restart_after_emit) {
      // The emitted sets start their next group with the row that ended the last one.
      phase->restart_after_emit = false;
      StartSets(phase, 0, phase->emit_end);
      phase->first->CopyFrom(*phase->pending);
      phase->first->Materialize();
      AdvanceSets(phase, phase->first.get());
    }
    if (phase->input_done) {
      ++phase_no_;
      continue;
    }
    TupleSlot* row = NextPhaseRow(phase);
    int nsets = static_cast<int>(phase->trans.size());
    if (row == nullptr) {
      phase->input_done = true;
      if (phase->has_group) {
        phase->emit_next = 0;
      } else {
        // No rows: the empty sets (the last ones) still return one row each, of NULLs.
        phase->emit_next = nsets;
        while (phase->emit_next > 0 && phase->rollup->setLengths[phase->emit_next - 1] == 0)
          --phase->emit_next;
        StartSets(phase, phase->emit_next, nsets);
        for (int i = 0; i < phase->first->natts(); ++i) phase->first->nulls()[i] = true;
        phase->first->StoreVirtual();
      }
      phase->emit_end = nsets;
      continue;
    }
    if (!phase->has_group) {
      phase->has_group = true;
      StartSets(phase, 0, nsets);
      phase->first->CopyFrom(*row);
      phase->first->Materialize();
      AdvanceSets(phase, phase->first.get());
      continue;
    }
    int equal = LeadingEqualColumns(*phase, phase->first.get(), row);
    int ended = 0;
    while (ended < nsets && phase->rollup->setLengths[ended] > equal) ++ended;
    if (ended == 0) {
      AdvanceSets(phase, row);
      continue;
    }
    phase->pending->CopyFrom(*row);
    phase->pending->Materialize();
    phase->emit_next = 0;
    phase->emit_end = ended;
    phase->restart_after_emit = true;
  }
  return nullptr;
}

}  // namespace hyrax::executor
