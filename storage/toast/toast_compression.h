// Inline compression of varlena values (PostgreSQL's toast_compress_datum /
// toast_decompress_datum): a compressed value keeps a 4-byte header with the compressed bits
// and va_tcinfo = raw payload size | method << 30, then pglz data. Only pglz is built in.
// storage/toast/README.md "Formats" and "Compression".
#pragma once

#include "common/varlena.h"

namespace hyrax::storage {

// Compresses the payload of `value` (a plain or short varlena, not compressed or external)
// with pglz's default strategy. Returns the compressed inline value, allocated in the current
// memory context, or nullptr when compression does not pay: the payload is under 32 bytes,
// pglz saves less than 25%, or the result is not at least 3 bytes smaller than the payload
// (PostgreSQL's rule, so header and padding cannot make it a loss).
Varlena* ToastCompressDatum(const char* value);

// Decompresses an inline compressed value into a plain 4-byte-header varlena in the current
// memory context. Throws XX001 "compressed pglz data is corrupt" when the data does not
// decompress to exactly the recorded size, 0A000 for an LZ4 value ("compression method lz4
// not supported"), XX001 for an unknown method id.
// Requires: VarIsCompressed(value).
Varlena* ToastDecompressDatum(const char* value);

}  // namespace hyrax::storage
