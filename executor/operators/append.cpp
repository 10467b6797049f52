// Append operator (see append.h).
#include "executor/operators/append.h"

namespace hyrax::executor {

AppendOperator::AppendOperator(const nodes::Plan& plan, ExecState* estate,
                               std::vector<OperatorPtr> children)
    : Operator(plan, estate), children_(std::move(children)) {
  // The children produce the same column types; rows pass through unchanged.
  InitResultAndQual(false);
}

std::vector<Operator*> AppendOperator::extra_children() const {
  std::vector<Operator*> out;
  for (const auto& c : children_) out.push_back(c.get());
  return out;
}

void AppendOperator::OpenImpl() {
  current_ = 0;
  for (const auto& c : children_) c->Open();
}

TupleSlot* AppendOperator::NextImpl() {
  while (current_ < children_.size()) {
    TupleSlot* row = children_[current_]->Next();
    if (row != nullptr) return row;
    ++current_;
  }
  return nullptr;
}

void AppendOperator::CloseImpl() {
  for (const auto& c : children_) c->Close();
}

void AppendOperator::ReScanImpl() {
  for (const auto& c : children_) c->ReScan();
  current_ = 0;
}

}  // namespace hyrax::executor
