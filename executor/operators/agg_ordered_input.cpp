// Sorted aggregate input (see agg_ordered_input.h).
#include "executor/operators/agg_ordered_input.h"

#include "common/error.h"

namespace hyrax::executor {

namespace {

// The 1-based position in `args` of the entry a sort/distinct clause refers to.
nodes::AttrNumber ArgumentPosition(const nodes::TargetList& args,
                                   const nodes::SortGroupClause& clause) {
  for (size_t i = 0; i < args.size(); ++i) {
    if (args[i].ressortgroupref == clause.tleSortGroupRef) {
      return static_cast<nodes::AttrNumber>(i + 1);
    }
  }
  throw Error(errcode::kInternalError, "aggregate ORDER BY expression not found in argument list");
}

}  // namespace

AggOrderedInput::AggOrderedInput(const nodes::Aggref& aggref, ExecState* estate) {
  const nodes::TargetList& args = *aggref.args;
  desc_ = TupleDescFromTargetList(args, /*include_junk=*/true);
  for (size_t i = 0; i < args.size(); ++i) {
    if (!args[i].resjunk) argument_columns_.push_back(static_cast<int>(i));
  }
  // DISTINCT's clauses start with the ORDER BY items and cover every argument, so they
  // serve as the sort keys (PostgreSQL sorts on aggdistinct when there is one).
  const auto& order = aggref.aggdistinct.empty() ? aggref.aggorder : aggref.aggdistinct;
  for (const auto& clause : order) {
    nodes::AttrNumber column = ArgumentPosition(args, clause);
    sort_columns_.sortColIdx.push_back(column);
    sort_columns_.sortOperators.push_back(clause.sortop);
    sort_columns_.collations.push_back(args[column - 1].expr->result_collation);
    sort_columns_.nullsFirst.push_back(clause.nulls_first);
  }
  if (!aggref.aggdistinct.empty()) {
    nodes::GroupColumns keys;
    for (const auto& clause : aggref.aggdistinct) {
      nodes::AttrNumber column = ArgumentPosition(args, clause);
      keys.colIdx.push_back(column);
      keys.eqOperators.push_back(clause.eqop);
      keys.collations.push_back(args[column - 1].expr->result_collation);
    }
    distinct_ = std::make_unique<KeyEquality>(keys);
    previous_slot_ = std::make_unique<TupleSlot>(desc_);
  }
  input_slot_ = std::make_unique<TupleSlot>(desc_);
  sorted_slot_ = std::make_unique<TupleSlot>(desc_);
  projection_ = ExecBuildProjection(args, input_slot_.get(), estate);
}

void AggOrderedInput::Begin(std::unique_ptr<Tuplesort>* sort) const {
  if (*sort) {
    (*sort)->Reset();
  } else {
    *sort = std::make_unique<Tuplesort>(desc_, sort_columns_);
  }
}

void AggOrderedInput::Add(Tuplesort* sort, ExprContext* econtext) {
  MemoryContextScope scope(&econtext->per_tuple_memory);
  sort->PutSlot(ExecProject(projection_.get(), econtext));
}

void AggOrderedInput::Drain(Tuplesort* sort, const std::function<void(TupleSlot*)>& feed) {
  sort->PerformSort();
  bool have_previous = false;
  while (sort->GetSlot(sorted_slot_.get())) {
    row_memory_.Reset();
    MemoryContextScope scope(&row_memory_);
    sorted_slot_->GetAllAttrs();
    if (distinct_) {
      if (have_previous && distinct_->Equal(previous_slot_->values(), previous_slot_->nulls(),
                                            sorted_slot_->values(), sorted_slot_->nulls())) {
        continue;
      }
      previous_slot_->CopyFrom(*sorted_slot_);
      previous_slot_->Materialize();
      have_previous = true;
    }
    feed(sorted_slot_.get());
  }
  sort->Reset();
}

}  // namespace hyrax::executor
