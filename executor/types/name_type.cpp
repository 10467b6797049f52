// name construction (see name_type.h).
#include "executor/types/name_type.h"

#include "common/memory_context.h"
#include "executor/types/multibyte.h"

namespace hyrax::executor {

Datum MakeNameDatum(std::string_view s) {
  char* name = static_cast<char*>(Palloc0(kNameDataLen));
  size_t len = ClipToBytes(s, kNameDataLen - 1);
  std::memcpy(name, s.data(), len);
  return PointerGetDatum(name);
}

}  // namespace hyrax::executor
