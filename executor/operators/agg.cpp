// Agg operator (see agg.h).
#include "executor/operators/agg.h"

#include <algorithm>

#include "common/assert.h"
#include "common/error.h"
#include "executor/expr/expr_tree.h"
#include "executor/expr/function_lookup.h"
#include "executor/operators/agg_hash.h"

namespace hyrax::executor {

// One group of the plain and sorted strategies: its first input row (materialised) and one
// transition value per aggregate.
struct AggOperator::Group {
  std::unique_ptr<TupleSlot> first;
  TransValues trans;
};

AggOperator::AggOperator(const nodes::Plan& plan, ExecState* estate, OperatorPtr outer)
    : Operator(plan, estate, std::move(outer)), agg_(nodes::PlanAs<nodes::Agg>(plan)) {
  if (agg_.aggstrategy == nodes::AggStrategy::kMixed || !agg_.groupingSets.empty()) {
    throw Error(errcode::kFeatureNotSupported, "grouping sets are not supported yet");
  }
  // Collect the distinct aggregates (the planner numbered them with aggno).
  std::vector<const nodes::Aggref*> by_no;
  auto collect = [&](const nodes::ExprPtr& e) {
    WalkExpr(e, [&](const nodes::ExprPtr& node) {
      if (node->tag != nodes::NodeTag::kAggref) return true;
      const auto* aggref = nodes::As<nodes::Aggref>(node.get());
      HYRAX_CHECK(aggref->aggno >= 0, "Aggref without aggno");
      if (by_no.size() <= static_cast<size_t>(aggref->aggno)) by_no.resize(aggref->aggno + 1);
      if (by_no[aggref->aggno] == nullptr) by_no[aggref->aggno] = aggref;
      return false;  // nested aggregates are not allowed
    });
  };
  for (const auto& tle : plan.targetlist) collect(tle.expr);
  for (const auto& q : plan.qual) collect(q);
  for (const auto* aggref : by_no) {
    HYRAX_CHECK(aggref != nullptr, "gap in aggregate numbering");
    aggs_.push_back(std::make_unique<AggTransInfo>(*aggref, estate));
  }
  agg_values_.assign(aggs_.size(), 0);
  agg_nulls_.reset(new bool[aggs_.size() + 1]());
  econtext()->aggvalues = agg_values_.data();
  econtext()->aggnulls = agg_nulls_.get();

  for (int i = 0; i < agg_.group.numCols(); ++i) {
    FmgrInfo eq;
    FmgrInfoForFunction(OperatorFunction(agg_.group.eqOperators[i]), &eq);
    eq_fns_.push_back(eq);
    group_collations_.push_back(i < static_cast<int>(agg_.group.collations.size())
                                    ? agg_.group.collations[i]
                                    : kInvalidOid);
    if (agg_.aggstrategy == nodes::AggStrategy::kHashed) {
      FmgrInfo hash;
      HashFunctionForEqOp(agg_.group.eqOperators[i], &hash);
      hash_fns_.push_back(hash);
    }
  }
  InitResultAndQual(/*project=*/true);
  if (agg_.aggstrategy == nodes::AggStrategy::kHashed) InitHashStrategy();
}

AggOperator::~AggOperator() = default;

void AggOperator::StartGroup(TransValues* trans) {
  trans->clear();
  trans->resize(aggs_.size());
  for (size_t i = 0; i < aggs_.size(); ++i) aggs_[i]->Initialize(&(*trans)[i]);
}

void AggOperator::AdvanceGroup(TransValues* trans, TupleSlot* input, MemoryContext* memory) {
  econtext()->outertuple = input;
  for (size_t i = 0; i < aggs_.size(); ++i) aggs_[i]->Advance(&(*trans)[i], econtext(), memory);
  econtext()->ResetPerTuple();
}

TupleSlot* AggOperator::EmitGroup(TransValues* trans, TupleSlot* first, MemoryContext* memory) {
  econtext()->ResetPerTuple();
  {
    MemoryContextScope scope(&econtext()->per_tuple_memory);
    for (size_t i = 0; i < aggs_.size(); ++i) {
      aggs_[i]->Finalize(&(*trans)[i], memory, &agg_values_[i], &agg_nulls_[i]);
    }
  }
  econtext()->outertuple = first;
  if (!ExecQual(qual_.get(), econtext())) {
    CountFiltered1();
    return nullptr;
  }
  return ExecProject(projection_.get(), econtext());
}

bool AggOperator::SameGroup(TupleSlot* a, TupleSlot* b) {
  for (int i = 0; i < agg_.group.numCols(); ++i) {
    int att = agg_.group.colIdx[i];
    bool an, bn;
    Datum av = a->GetAttr(att, &an);
    Datum bv = b->GetAttr(att, &bn);
    if (an || bn) {
      if (an && bn) continue;  // NULLs group together
      return false;
    }
    LocalFunctionCallInfo<2> call(&eq_fns_[i], group_collations_[i]);
    call.SetArg(0, av);
    call.SetArg(1, bv);
    Datum eq = FunctionCallInvoke(&call.fcinfo);
    if (call.fcinfo.isnull || !DatumGetBool(eq)) return false;
  }
  return true;
}

TupleSlot* AggOperator::NextImpl() {
  if (agg_.aggstrategy == nodes::AggStrategy::kHashed) return NextHashed();
  return NextPlainOrSorted();
}

TupleSlot* AggOperator::NextPlainOrSorted() {
  bool plain = agg_.aggstrategy == nodes::AggStrategy::kPlain;
  while (!finished_) {
    group_memory_.Reset();
    auto group = std::make_unique<Group>();
    group->first = std::make_unique<TupleSlot>(outer_->result_desc());
    StartGroup(&group->trans);
    // The group's first row: a pending row from the previous group, or the next input.
    TupleSlot* row = nullptr;
    if (pending_ && !pending_->empty()) {
      group->first->CopyFrom(*pending_);
      group->first->Materialize();
      pending_->Clear();
      row = group->first.get();
    } else if (!input_done_) {
      row = outer_->Next();
      if (row == nullptr) {
        input_done_ = true;
      } else {
        group->first->CopyFrom(*row);
        group->first->Materialize();
        row = group->first.get();
      }
    }
    if (row == nullptr && !plain) {
      finished_ = true;  // sorted input exhausted
      return nullptr;
    }
    if (row == nullptr) {
      // Plain aggregation over no rows still returns one row; Vars read NULLs.
      for (int i = 0; i < group->first->natts(); ++i) group->first->nulls()[i] = true;
      group->first->StoreVirtual();
    } else {
      AdvanceGroup(&group->trans, row, &group_memory_);
      while (!input_done_) {
        TupleSlot* next = outer_->Next();
        if (next == nullptr) {
          input_done_ = true;
          break;
        }
        if (!plain && !SameGroup(group->first.get(), next)) {
          if (!pending_) pending_ = std::make_unique<TupleSlot>(outer_->result_desc());
          pending_->CopyFrom(*next);
          pending_->Materialize();
          break;
        }
        AdvanceGroup(&group->trans, next, &group_memory_);
      }
    }
    if (plain || (input_done_ && (!pending_ || pending_->empty()))) finished_ = true;
    current_ = std::move(group);
    if (TupleSlot* out = EmitGroup(&current_->trans, current_->first.get(), &group_memory_)) {
      return out;
    }
  }
  return nullptr;
}

void AggOperator::ReScanImpl() {
  current_.reset();
  if (pending_) pending_->Clear();
  input_done_ = false;
  finished_ = false;
  ResetHashState();
}

void AggOperator::CloseImpl() {
  ReScanImpl();
}

}  // namespace hyrax::executor
