// Built-in destination receivers (see dest_receiver.h).
#include "executor/exec/dest_receiver.h"

#include "executor/exec/tuple_slot.h"

namespace hyrax::executor {

void CollectingDestReceiver::Startup(nodes::CmdType, const ResultDesc& desc) {
  desc_ = desc;
  rows_.clear();
}

bool CollectingDestReceiver::Receive(TupleSlot* slot) {
  slot->GetAllAttrs();
  Row row;
  for (int i = 0; i < slot->natts(); ++i) {
    const auto& attr = slot->desc().attr(i);
    bool null = slot->nulls()[i];
    row.nulls.push_back(null);
    row.values.push_back(null ? 0 : DatumCopy(slot->values()[i], attr.byval, attr.len, &memory_));
  }
  rows_.push_back(std::move(row));
  return true;
}

}  // namespace hyrax::executor
