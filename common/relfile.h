// Physical identity of a relation's files (PostgreSQL 15's RelFileNode, named RelFileLocator
// as in PostgreSQL 16) and its forks. Shared by storage (files, buffers) and wal (block
// references in records), which is why it lives at the bottom layer.
#pragma once

#include <cstdint>
#include <functional>

#include "common/ids.h"

namespace hyrax {

// Tablespace OIDs as in PostgreSQL: pg_default holds base/, pg_global holds global/.
inline constexpr Oid kDefaultTablespaceOid = 1663;
inline constexpr Oid kGlobalTablespaceOid = 1664;

struct RelFileLocator {
  Oid spc_oid = kDefaultTablespaceOid;
  Oid db_oid = kInvalidOid;  // kInvalidOid for shared catalogs in global/
  Oid rel_number = kInvalidOid;

  bool operator==(const RelFileLocator& other) const {
    return spc_oid == other.spc_oid && db_oid == other.db_oid && rel_number == other.rel_number;
  }
  bool operator!=(const RelFileLocator& other) const { return !(*this == other); }
};

enum class ForkNumber : uint8_t { kMain = 0, kFsm = 1, kVisibilityMap = 2, kInit = 3 };
inline constexpr int kNumForks = 4;

struct RelFileLocatorHash {
  size_t operator()(const RelFileLocator& r) const {
    uint64_t h = (uint64_t{r.db_oid} << 32) ^ r.rel_number ^ (uint64_t{r.spc_oid} << 16);
    return std::hash<uint64_t>()(h);
  }
};

}  // namespace hyrax
