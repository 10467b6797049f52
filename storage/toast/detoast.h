// Turning any stored form of a varlena into the plain 4-byte-header form the executor
// handles (PostgreSQL's detoast_attr): the heap's deform and getattr call this, so nothing
// above storage sees short headers, compressed values or TOAST pointers.
// storage/toast/README.md "Reading".
#pragma once

#include "common/datum.h"

namespace hyrax::storage {

// The value of the stored varlena at `stored`: a plain value is returned in place (valid as
// long as the stored bytes are); a short header is expanded, a compressed value
// decompressed, a TOAST pointer fetched (and decompressed) into the current memory context.
// Throws XX001 for corrupt compressed data, missing chunks or a pointer kind that cannot be
// on disk, 0A000 for LZ4, XX000 when the pointer's TOAST table does not exist.
Datum DetoastStoredVarlena(const char* stored);

}  // namespace hyrax::storage
