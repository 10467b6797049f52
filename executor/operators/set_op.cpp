// SetOp operator (see set_op.h).
#include "executor/operators/set_op.h"

#include <algorithm>

#include "executor/expr/function_lookup.h"

namespace hyrax::executor {

SetOpOperator::SetOpOperator(const nodes::Plan& plan, ExecState* estate, OperatorPtr outer)
    : Operator(plan, estate, std::move(outer)), setop_(nodes::PlanAs<nodes::SetOp>(plan)) {
  for (int i = 0; i < setop_.dup.numCols(); ++i) {
    FmgrInfo eq;
    FmgrInfoForFunction(OperatorFunction(setop_.dup.eqOperators[i]), &eq);
    eq_fns_.push_back(eq);
    if (setop_.strategy == nodes::SetOpStrategy::kHashed) {
      FmgrInfo hash;
      HashFunctionForEqOp(setop_.dup.eqOperators[i], &hash);
      hash_fns_.push_back(hash);
    }
  }
  // The output is the input without its flag column.
  InitResultAndQual(/*project=*/true);
}

SetOpOperator::~SetOpOperator() = default;

namespace {

Oid CollationAt(const nodes::GroupColumns& cols, int i) {
  return i < static_cast<int>(cols.collations.size()) ? cols.collations[i] : kInvalidOid;
}

}  // namespace

bool SetOpOperator::SameGroup(TupleSlot* a, TupleSlot* b) {
  for (int i = 0; i < setop_.dup.numCols(); ++i) {
    int att = setop_.dup.colIdx[i];
    bool an, bn;
    Datum av = a->GetAttr(att, &an);
    Datum bv = b->GetAttr(att, &bn);
    if (an || bn) {
      if (an && bn) continue;  // NULLs are not distinct here
      return false;
    }
    LocalFunctionCallInfo<2> call(&eq_fns_[i], CollationAt(setop_.dup, i));
    call.SetArg(0, av);
    call.SetArg(1, bv);
    Datum eq = FunctionCallInvoke(&call.fcinfo);
    if (call.fcinfo.isnull || !DatumGetBool(eq)) return false;
  }
  return true;
}

uint32_t SetOpOperator::HashKey(TupleSlot* slot) {
  uint32_t hash = 0;
  for (int i = 0; i < setop_.dup.numCols(); ++i) {
    bool isnull;
    Datum v = slot->GetAttr(setop_.dup.colIdx[i], &isnull);
    uint32_t h = 0;
    if (!isnull) {
      LocalFunctionCallInfo<1> call(&hash_fns_[i], CollationAt(setop_.dup, i));
      call.SetArg(0, v);
      h = DatumGetUInt32(FunctionCallInvoke(&call.fcinfo));
    }
    hash = ((hash << 1) | (hash >> 31)) ^ h;
  }
  return hash;
}

bool SetOpOperator::IsFirstInput(TupleSlot* slot) {
  bool isnull;
  Datum flag = slot->GetAttr(setop_.flagColIdx, &isnull);
  return !isnull && DatumGetInt32(flag) == setop_.firstFlag;
}

int64_t SetOpOperator::OutputCount(const Group& g) const {
  // With the inputs swapped (firstFlag 1, INTERSECT only) the counts are symmetric.
  switch (setop_.cmd) {
    case nodes::SetOpCmd::kIntersect:
      return g.num_left > 0 && g.num_right > 0 ? 1 : 0;
    case nodes::SetOpCmd::kIntersectAll:
      return std::min(g.num_left, g.num_right);
    case nodes::SetOpCmd::kExcept:
      return g.num_left > 0 && g.num_right == 0 ? 1 : 0;
    case nodes::SetOpCmd::kExceptAll:
      return std::max<int64_t>(g.num_left - g.num_right, 0);
  }
  return 0;
}

void SetOpOperator::BuildHashTable() {
  groups_.clear();
  index_.clear();
  while (TupleSlot* row = outer_->Next()) {
    bool first = IsFirstInput(row);
    uint32_t hash = HashKey(row);
    Group* group = nullptr;
    auto [begin, end] = index_.equal_range(hash);
    for (auto it = begin; it != end; ++it) {
      if (SameGroup(it->second->first.get(), row)) {
        group = it->second;
        break;
      }
    }
    if (group == nullptr) {
      // Rows of the second input alone can never be returned.
      if (!first) continue;
      auto fresh = std::make_unique<Group>();
      fresh->first = std::make_unique<TupleSlot>(outer_->result_desc());
      fresh->first->CopyFrom(*row);
      fresh->first->Materialize();
      group = fresh.get();
      index_.emplace(hash, group);
      groups_.push_back(std::move(fresh));
    }
    (first ? group->num_left : group->num_right) += 1;
  }
  built_ = true;
}

bool SetOpOperator::NextSortedGroup() {
  if (!current_.first) current_.first = std::make_unique<TupleSlot>(outer_->result_desc());
  if (!pending_) pending_ = std::make_unique<TupleSlot>(outer_->result_desc());
  if (!have_pending_) {
    if (input_done_) return false;
    TupleSlot* row = outer_->Next();
    if (row == nullptr) {
      input_done_ = true;
      return false;
    }
    pending_->CopyFrom(*row);
    pending_->Materialize();
  }
  have_pending_ = false;
  current_.first->CopyFrom(*pending_);
  current_.first->Materialize();
  current_.num_left = current_.num_right = 0;
  (IsFirstInput(current_.first.get()) ? current_.num_left : current_.num_right) += 1;
  while (TupleSlot* row = outer_->Next()) {
    if (!SameGroup(current_.first.get(), row)) {
      pending_->CopyFrom(*row);
      pending_->Materialize();
      have_pending_ = true;
      return true;
    }
    (IsFirstInput(row) ? current_.num_left : current_.num_right) += 1;
  }
  input_done_ = true;
  return true;
}

TupleSlot* SetOpOperator::NextImpl() {
  for (;;) {
    if (emitting_ != nullptr && copies_left_ > 0) {
      --copies_left_;
      econtext()->ResetPerTuple();
      econtext()->outertuple = emitting_->first.get();
      return ExecProject(projection_.get(), econtext());
    }
    emitting_ = nullptr;
    if (setop_.strategy == nodes::SetOpStrategy::kHashed) {
      if (!built_) BuildHashTable();
      if (next_group_ >= groups_.size()) return nullptr;
      emitting_ = groups_[next_group_++].get();
    } else {
      if (!NextSortedGroup()) return nullptr;
      emitting_ = &current_;
    }
    copies_left_ = OutputCount(*emitting_);
  }
}

void SetOpOperator::ReScanImpl() {
  groups_.clear();
  index_.clear();
  next_group_ = 0;
  built_ = false;
  have_pending_ = false;
  input_done_ = false;
  emitting_ = nullptr;
  copies_left_ = 0;
}

void SetOpOperator::CloseImpl() {
  ReScanImpl();
}

}  // namespace hyrax::executor
