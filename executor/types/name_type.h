// The name type's in-memory form: a fixed 64-byte (NAMEDATALEN) block holding a
// NUL-terminated identifier of at most 63 bytes, NUL-padded, passed by reference.
#pragma once

#include <cstring>
#include <string_view>

#include "common/datum.h"

namespace hyrax::executor {

inline constexpr size_t kNameDataLen = 64;

// The identifier in a name Datum (up to the first NUL).
inline std::string_view NameView(Datum d) {
  const char* p = DatumGetPointer<const char>(d);
  return std::string_view(p, strnlen(p, kNameDataLen));
}

// A name Datum holding `s` truncated to 63 bytes on a UTF-8 character boundary, allocated
// with Palloc.
Datum MakeNameDatum(std::string_view s);

}  // namespace hyrax::executor
