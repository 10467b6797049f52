// Calling a type's I/O functions (pg_type typinput / typoutput / typreceive / typsend) the
// way PostgreSQL's InputFunctionCall family does, plus a per-backend cache of each type's
// I/O functions so per-row conversions (COPY, DataRow, array elements, casts via I/O) do no
// catalog lookups. See executor/functions/README.md "Type I/O".
#pragma once

#include <string>

#include "common/datum.h"
#include "common/ids.h"
#include "executor/functions/fmgr.h"
#include "executor/types/array_type.h"
#include "executor/types/binary_io.h"

namespace hyrax::executor {

// Everything needed to convert values of one type. Domains resolve to their base type's
// functions (the domain's constraints are checked by the caller's coercion, not here).
struct TypeIoInfo {
  Oid type_oid = kInvalidOid;
  ElementType storage;  // typlen / typbyval / typalign / typdelim
  char typtype = 'b';
  char typcategory = 'U';
  Oid typelem = kInvalidOid;
  Oid typarray = kInvalidOid;
  Oid typioparam = kInvalidOid;  // what the I/O functions get as their second argument
  FmgrInfo input, output;
  FmgrInfo receive, send;  // fn_addr is null when the type has no binary I/O
};

// The cached I/O info of `type_oid`. The reference stays valid until InvalidateTypeIoCache.
// Throws XX000 "cache lookup failed for type <oid>" for an unknown type, 0A000 when one of
// its I/O functions is not implemented, 42883 "no binary input function available for type
// <name>" (or output) from the binary helpers when the type has none.
TypeIoInfo& LookupTypeIo(Oid type_oid);
// Drops cached entries (catalog invalidation for pg_type / pg_proc).
void InvalidateTypeIoCache();

// PostgreSQL's InputFunctionCall: `str` == nullptr means SQL NULL (returns 0 without calling
// a strict function). The function gets (cstring, typioparam, typmod).
Datum InputFunctionCall(FmgrInfo* flinfo, const char* str, Oid typioparam, int32_t typmod);
// Returns the output text (a Palloc'd NUL-terminated string).
char* OutputFunctionCall(FmgrInfo* flinfo, Datum value);
// Reads one value from `buf` (the whole value's bytes; callers check buf->cursor == len).
Datum ReceiveFunctionCall(FmgrInfo* flinfo, RecvBuffer* buf, Oid typioparam, int32_t typmod);
// Returns the binary form as a bytea Datum.
Datum SendFunctionCall(FmgrInfo* flinfo, Datum value);

// Conveniences by type OID (use LookupTypeIo's cache).
Datum InputByType(Oid type_oid, const char* str, int32_t typmod = -1);
std::string OutputByType(Oid type_oid, Datum value);
// Whole-value binary conversion; throws 22P03 "incorrect binary data format" when `bytes`
// is not consumed exactly ("... in bind parameter N" when `bind_param` N > 0 is given).
Datum ReceiveByType(Oid type_oid, std::string_view bytes, int32_t typmod = -1, int bind_param = 0);
std::string SendByType(Oid type_oid, Datum value);

}  // namespace hyrax::executor
