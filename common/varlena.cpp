// Allocation helpers for varlena values (see common/varlena.h).
#include "common/varlena.h"

#include "common/memory_context.h"

namespace hyrax {

Varlena* AllocVarlena(uint32_t payload_len) {
  auto* v = static_cast<Varlena*>(Palloc(kVarHeaderSize + payload_len));
  SetVarSize(v, kVarHeaderSize + payload_len);
  return v;
}

Datum MakeVarlenaDatum(std::string_view bytes) {
  Varlena* v = AllocVarlena(static_cast<uint32_t>(bytes.size()));
  if (!bytes.empty()) std::memcpy(VarData(v), bytes.data(), bytes.size());
  return PointerGetDatum(v);
}

}  // namespace hyrax
