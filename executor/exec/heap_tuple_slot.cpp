// The heap-tuple slot (see tuple_slot.h): lazily deformed heap tuples and the system
// columns PostgreSQL's heap_getsysattr answers.
#include <cstring>

#include "common/assert.h"
#include "common/error.h"
#include "executor/exec/tuple_slot.h"
#include "storage/heap/heap_visibility.h"

namespace hyrax::executor {

void HeapTupleSlot::StoreHeapTuple(const storage::HeapTuple& tuple, bool copy) {
  Clear();
  if (copy) {
    MemoryContextScope scope(OwnMemory());
    tuple_ = storage::HeapCopyTuple(tuple);
  } else {
    tuple_ = tuple;
  }
  tid = tuple.self;
  table_oid = tuple.table_oid;
  nvalid_ = 0;
  empty_ = false;
}

void HeapTupleSlot::DeformUpTo(int n) {
  HYRAX_CHECK(tuple_.data != nullptr, "heap tuple slot is empty");
  // Deform everything at once: HeapDeformTuple walks the attributes in order anyway.
  storage::HeapDeformTuple(tuple_, *desc_, values_.data(), isnull_.get());
  nvalid_ = natts();
}

Datum HeapTupleSlot::GetSystemAttr(nodes::AttrNumber attnum, bool* isnull) {
  HYRAX_CHECK(tuple_.data != nullptr, "heap tuple slot is empty");
  *isnull = false;
  switch (attnum) {
    case nodes::kSelfItemPointerAttributeNumber:
      ctid_copy_ = tuple_.self;
      return PointerGetDatum(&ctid_copy_);
    case nodes::kMinTransactionIdAttributeNumber:
      return TransactionIdGetDatum(tuple_.data->t_xmin);
    case nodes::kMaxTransactionIdAttributeNumber:
      return TransactionIdGetDatum(tuple_.data->t_xmax);
    case nodes::kMinCommandIdAttributeNumber:
    case nodes::kMaxCommandIdAttributeNumber:
      // PostgreSQL shows the raw t_cid for both (a combo cid when one is in use).
      return UInt32GetDatum(tuple_.data->t_cid);
    case nodes::kTableOidAttributeNumber:
      return ObjectIdGetDatum(tuple_.table_oid);
    default:
      throw MakeError(errcode::kInvalidParameterValue, "invalid attnum: {}", attnum);
  }
}

storage::HeapTuple TupleSlot::FormHeapTuple() {
  GetAllAttrs();
  storage::HeapTuple tuple = storage::HeapFormTuple(*desc_, values_.data(), isnull_.get());
  tuple.table_oid = table_oid;
  return tuple;
}

}  // namespace hyrax::executor
