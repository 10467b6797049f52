// Encoding and decoding of attmissingval (see missing_value.h).
#include "storage/catalog/missing_value.h"

#include <cstring>
#include <memory>
#include <vector>

#include "common/array_layout.h"
#include "common/varlena.h"

namespace hyrax::catalog {

std::string EncodeMissingValue(Datum value, const storage::AttributeDesc& attr) {
  const ElementLayout layout{attr.len, attr.byval, attr.align};
  Datum array = ConstructArray1D(&value, nullptr, 1, attr.type_oid, layout);
  const void* p = DatumGetPointer<const void>(array);
  return std::string(VarData(p), VarDataLen(p));
}

void DecodeMissingValue(const PgAttribute& row, storage::AttributeDesc& desc) {
  if (!row.atthasmissing || !row.attmissingval) return;
  const std::string& payload = *row.attmissingval;
  // A MAXALIGNed copy of the array varlena: elements inside are aligned relative to it.
  size_t words = (kVarHeaderSize + payload.size() + 7) / 8;
  std::shared_ptr<uint64_t[]> buffer(new uint64_t[words]());
  SetVarSize(buffer.get(), static_cast<uint32_t>(kVarHeaderSize + payload.size()));
  std::memcpy(VarData(buffer.get()), payload.data(), payload.size());
  std::vector<Datum> elems;
  std::vector<bool> nulls;
  DeconstructArray(buffer.get(), ElementLayout{desc.len, desc.byval, desc.align}, &elems, &nulls);
  if (elems.empty() || nulls[0]) return;
  desc.has_missing = true;
  desc.missing_value = elems[0];
  if (!desc.byval) desc.missing_storage = buffer;
}

}  // namespace hyrax::catalog
