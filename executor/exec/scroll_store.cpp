// Random-access row store of scrollable cursors (see scroll_store.h).
#include "executor/exec/scroll_store.h"

#include <utility>

#include "executor/exec/work_mem.h"

namespace hyrax::executor {

ScrollStore::ScrollStore(storage::TupleDescPtr desc)
    : in_memory_(desc),
      codec_(std::move(desc)),
      read_memory_(std::make_unique<MemoryContext>("ScrollStore read")) {}

void ScrollStore::Append(TupleSlot* slot) {
  slot->GetAllAttrs();
  if (file_ != nullptr) {
    offsets_.push_back(codec_.Write(file_.get(), slot->values(), slot->nulls()));
    ++count_;
    return;
  }
  in_memory_.Append(slot);
  memory_bytes_ += RowMemorySize(*codec_.desc(), slot->values(), slot->nulls());
  ++count_;
  if (memory_bytes_ > WorkMemBytes()) Spill();
}

// Past work_mem every row moves to the file, so a row is always in exactly one place.
void ScrollStore::Spill() {
  file_ = std::make_unique<storage::TempFile>();
  offsets_.reserve(in_memory_.size());
  for (size_t row = 0; row < in_memory_.size(); ++row) {
    offsets_.push_back(codec_.Write(file_.get(), in_memory_.values(row), in_memory_.nulls(row)));
  }
  in_memory_.Clear();
  memory_bytes_ = 0;
}

void ScrollStore::Load(size_t index, TupleSlot* slot) {
  if (file_ == nullptr) {
    in_memory_.Load(index, slot);
    return;
  }
  read_memory_ = std::make_unique<MemoryContext>("ScrollStore read");
  storage::TempFileReader reader(file_.get(), offsets_[index], file_->size());
  slot->Clear();
  codec_.Read(&reader, read_memory_.get(), slot->values(), slot->nulls());
  slot->StoreVirtual();
}

}  // namespace hyrax::executor
