// String comparison under a collation, shared by the text, varchar, bpchar and name families.
// Hyrax supports deterministic byte-order ("C") comparison only: the default collation of
// every database is C, and the "C"/"POSIX"/"default" collations all compare bytes.
// Internal to executor/functions; see README.md "Collations".
#pragma once

#include <string_view>

#include "common/ids.h"

namespace hyrax::executor {

// Throws 42P22 "could not determine which collation to use for string comparison" when
// `collation` is 0, as PostgreSQL's check_collation_set.
void CheckCollationSet(Oid collation);

// Same for hash functions: 42P22 "could not determine which collation to use for string
// hashing".
void CheckCollationForHash(Oid collation);

// memcmp order, shorter first on a common prefix; returns -1, 0 or 1. Checks the collation.
int TextCompare(std::string_view a, std::string_view b, Oid collation);

}  // namespace hyrax::executor
