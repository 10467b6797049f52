// bytea: I/O in hex or escape format (bytea_output), binary I/O, comparisons (byte order),
// hashing (hashvarlena), concatenation, length. String-like functions on bytea (substr,
// position, trim, get/set byte, encode/decode, md5) are in bytea_funcs.cpp.
// See README.md "bytea".
#include <cstring>

#include "executor/functions/builtin_families.h"
#include "executor/functions/datum_traits.h"
#include "executor/types/bytea_io.h"
#include "executor/types/hash_bytes.h"
#include "executor/types/type_settings.h"

namespace hyrax::executor {

namespace {

Datum ByteaIn(FunctionCallInfo* f) {
  return TextDatum(ParseBytea(f->ArgCString(0)));
}
Datum ByteaOut(FunctionCallInfo* f) {
  std::string_view bytes = f->ArgText(0);
  return CStringDatum(g_bytea_output == ByteaOutput::kHex ? FormatByteaHex(bytes)
                                                          : FormatByteaEscape(bytes));
}
Datum ByteaRecv(FunctionCallInfo* f) {
  return TextDatum(RecvArg(f, 0)->GetRest());
}
Datum ByteaSend(FunctionCallInfo* f) {
  return TextDatum(f->ArgText(0));
}

int ByteaCompare(FunctionCallInfo* f) {
  int c = f->ArgText(0).compare(f->ArgText(1));
  return c < 0 ? -1 : (c > 0 ? 1 : 0);
}
Datum ByteaEq(FunctionCallInfo* f) {
  return BoolGetDatum(f->ArgText(0) == f->ArgText(1));
}
Datum ByteaNe(FunctionCallInfo* f) {
  return BoolGetDatum(f->ArgText(0) != f->ArgText(1));
}
Datum ByteaLt(FunctionCallInfo* f) {
  return BoolGetDatum(ByteaCompare(f) < 0);
}
Datum ByteaLe(FunctionCallInfo* f) {
  return BoolGetDatum(ByteaCompare(f) <= 0);
}
Datum ByteaGt(FunctionCallInfo* f) {
  return BoolGetDatum(ByteaCompare(f) > 0);
}
Datum ByteaGe(FunctionCallInfo* f) {
  return BoolGetDatum(ByteaCompare(f) >= 0);
}
Datum ByteaCmp(FunctionCallInfo* f) {
  return Int32GetDatum(ByteaCompare(f));
}

// hashvarlena hashes the payload bytes of any varlena (bytea's hash opclass uses it).
Datum HashVarlena(FunctionCallInfo* f) {
  return UInt32GetDatum(HashBytes(f->ArgText(0)));
}
Datum HashVarlenaExtended(FunctionCallInfo* f) {
  std::string_view s = f->ArgText(0);
  return Int64GetDatum(static_cast<int64_t>(HashBytesExtended(s.data(), s.size(), f->ArgInt64(1))));
}

Datum ByteaCat(FunctionCallInfo* f) {
  std::string_view a = f->ArgText(0);
  std::string_view b = f->ArgText(1);
  Varlena* result = AllocVarlena(static_cast<uint32_t>(a.size() + b.size()));
  std::memcpy(VarData(result), a.data(), a.size());
  std::memcpy(VarData(result) + a.size(), b.data(), b.size());
  return PointerGetDatum(result);
}
Datum ByteaOctetLen(FunctionCallInfo* f) {
  return Int32GetDatum(static_cast<int32_t>(f->ArgText(0).size()));
}

const BuiltinFunction kByteaBuiltins[] = {
    {"byteain", ByteaIn, 1},
    {"byteaout", ByteaOut, 1},
    {"bytearecv", ByteaRecv, 1},
    {"byteasend", ByteaSend, 1},
    {"byteaeq", ByteaEq, 2},
    {"byteane", ByteaNe, 2},
    {"bytealt", ByteaLt, 2},
    {"byteale", ByteaLe, 2},
    {"byteagt", ByteaGt, 2},
    {"byteage", ByteaGe, 2},
    {"byteacmp", ByteaCmp, 2},
    {"hashvarlena", HashVarlena, 1},
    {"hashvarlenaextended", HashVarlenaExtended, 2},
    {"byteacat", ByteaCat, 2},
    {"byteaoctetlen", ByteaOctetLen, 1},
};

}  // namespace

std::span<const BuiltinFunction> ByteaBuiltins() {
  return kByteaBuiltins;
}

}  // namespace hyrax::executor
