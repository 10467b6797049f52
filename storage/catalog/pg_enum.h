// The pg_enum catalog row (the labels of CREATE TYPE ... AS ENUM), read and written through
// the catalog codec like the rows of catalog_rows.h.
#pragma once

#include <string>

#include "common/ids.h"

namespace hyrax::catalog {

// One label of an enum type; types' labels are ordered by enumsortorder.
struct PgEnum {
  Oid oid = kInvalidOid;  // the value stored for the label
  Oid enumtypid = kInvalidOid;
  float enumsortorder = 0;
  std::string enumlabel;
};

}  // namespace hyrax::catalog
