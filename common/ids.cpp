// Formatting helpers for the identifier types in common/ids.h.
#include "common/ids.h"

#include <fmt/format.h>

namespace hyrax {

std::string FormatLsn(Lsn lsn) {
  return fmt::format("{:X}/{:X}", static_cast<uint32_t>(lsn >> 32), static_cast<uint32_t>(lsn));
}

}  // namespace hyrax
