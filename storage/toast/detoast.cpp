// Detoasting stored varlenas (see detoast.h).
#include "storage/toast/detoast.h"

#include <string_view>

#include "common/error.h"
#include "common/varlena.h"
#include "storage/toast/toast_compression.h"
#include "storage/toast/toast_format.h"
#include "storage/toast/toast_value.h"

namespace hyrax::storage {

Datum DetoastStoredVarlena(const char* stored) {
  if (VarIsPlain(stored)) return PointerGetDatum(stored);
  if (VarIsShort(stored)) {
    return MakeVarlenaDatum(std::string_view(stored + 1, VarSizeShort(stored) - 1));
  }
  if (VarIsCompressed(stored)) return PointerGetDatum(ToastDecompressDatum(stored));
  if (!VarIsExternalOnDisk(stored)) {
    // Indirect and expanded pointers live in memory only; on disk they are garbage.
    throw MakeError(errcode::kDataCorrupted, "unexpected external value with tag {} in a tuple",
                    static_cast<int>(static_cast<uint8_t>(stored[1])));
  }
  Varlena* value = ToastFetchDatum(ReadToastPointer(stored));
  const char* bytes = reinterpret_cast<const char*>(value);
  if (VarIsCompressed(bytes)) value = ToastDecompressDatum(bytes);
  return PointerGetDatum(value);
}

}  // namespace hyrax::storage
