// Collation-aware string comparison (see text_compare.h).
#include "executor/functions/text_compare.h"

#include "common/error.h"

namespace hyrax::executor {

void CheckCollationSet(Oid collation) {
  if (collation == kInvalidOid) {
    throw Error(errcode::kIndeterminateCollation,
                "could not determine which collation to use for string comparison")
        .Hint("Use the COLLATE clause to set the collation explicitly.");
  }
}

void CheckCollationForHash(Oid collation) {
  if (collation == kInvalidOid) {
    throw Error(errcode::kIndeterminateCollation,
                "could not determine which collation to use for string hashing")
        .Hint("Use the COLLATE clause to set the collation explicitly.");
  }
}

int TextCompare(std::string_view a, std::string_view b, Oid collation) {
  CheckCollationSet(collation);
  int c = a.compare(b);
  return c < 0 ? -1 : (c > 0 ? 1 : 0);
}

}  // namespace hyrax::executor
