// int2vector and oidvector: the catalogs' one-dimensional, zero-based, null-free arrays
// (pg_index.indkey, pg_proc.proargtypes). Text form is space-separated numbers; binary form is
// array_send's; comparison orders by length first, then element-wise (unsigned for OIDs);
// hashing hashes the element bytes as PostgreSQL's hashoidvector does. See README.md
// "OIDs and vectors".
#include <cerrno>
#include <climits>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <string>
#include <vector>

#include "common/array_layout.h"
#include "common/error.h"
#include "executor/functions/builtin_families.h"
#include "executor/functions/datum_traits.h"
#include "executor/functions/type_io.h"
#include "executor/types/format_type.h"
#include "executor/types/hash_bytes.h"
#include "executor/types/int_io.h"
#include "executor/types/type_oids.h"

namespace hyrax::executor {

namespace {

constexpr int kFuncMaxArgs = 100;
constexpr size_t kVectorHeader = sizeof(ArrayHeader) + 2 * sizeof(int32_t);  // + dim1, lbound1

// Builds the varlena of a vector of `n` elements of `elem_size` bytes (data copied from
// `values`): ndim 1, lower bound 0, no null bitmap, even when n is 0 (as PostgreSQL does).
template <typename T>
Datum MakeVector(const std::vector<T>& values, Oid elemtype) {
  size_t size = kVectorHeader + values.size() * sizeof(T);
  auto* bytes = static_cast<char*>(Palloc0(size));
  auto* header = reinterpret_cast<ArrayHeader*>(bytes);
  SetVarSize(bytes, static_cast<uint32_t>(size));
  header->ndim = 1;
  header->dataoffset = 0;
  header->elemtype = elemtype;
  int32_t dim_and_lbound[2] = {static_cast<int32_t>(values.size()), 0};
  std::memcpy(bytes + sizeof(ArrayHeader), dim_and_lbound, sizeof(dim_and_lbound));
  if (!values.empty()) std::memcpy(bytes + kVectorHeader, values.data(), values.size() * sizeof(T));
  return PointerGetDatum(bytes);
}

template <typename T>
struct VectorRef {
  int32_t n;
  const T* values;
};

template <typename T>
VectorRef<T> ReadVector(Datum d) {
  const auto* bytes = DatumGetPointer<const char>(d);
  int32_t n = ArrayNdim(bytes) == 0 ? 0 : ArrayDims(bytes)[0];
  return {n, reinterpret_cast<const T*>(bytes + kVectorHeader)};
}

// int2vectorin: whitespace-separated int2 values; each token must end at a space or the end.
Datum Int2VectorIn(FunctionCallInfo* f) {
  const char* s = f->ArgCString(0);
  std::vector<int16_t> values;
  for (;;) {
    while (*s != '\0' && IsPgSpace(*s)) ++s;
    if (*s == '\0') break;
    errno = 0;
    char* end = nullptr;
    long v = std::strtol(s, &end, 10);
    if (end == s) {
      throw MakeError(errcode::kInvalidTextRepresentation,
                      "invalid input syntax for type smallint: \"{}\"", s);
    }
    if (errno == ERANGE || v < SHRT_MIN || v > SHRT_MAX) {
      throw MakeError(errcode::kNumericValueOutOfRange,
                      "value \"{}\" is out of range for type smallint", s);
    }
    if (*end != '\0' && *end != ' ') {
      throw MakeError(errcode::kInvalidTextRepresentation,
                      "invalid input syntax for type smallint: \"{}\"", s);
    }
    values.push_back(static_cast<int16_t>(v));
    s = end;
  }
  return MakeVector(values, kInt2Oid);
}

// oidvectorin: OIDs separated by optional whitespace (each parsed like oidin up to the first
// character that cannot continue it).
Datum OidVectorIn(FunctionCallInfo* f) {
  const char* s = f->ArgCString(0);
  std::vector<Oid> values;
  for (;;) {
    while (*s != '\0' && IsPgSpace(*s)) ++s;
    if (*s == '\0') break;
    errno = 0;
    char* end = nullptr;
    unsigned long v = std::strtoul(s, &end, 10);
    if (end == s) {
      throw MakeError(errcode::kInvalidTextRepresentation,
                      "invalid input syntax for type oid: \"{}\"", s);
    }
    auto result = static_cast<uint32_t>(v);
    if (errno == ERANGE ||
        (v != static_cast<unsigned long>(result) &&
         v != static_cast<unsigned long>(static_cast<long>(static_cast<int32_t>(result))))) {
      throw MakeError(errcode::kNumericValueOutOfRange, "value \"{}\" is out of range for type oid",
                      s);
    }
    values.push_back(result);
    s = end;
  }
  return MakeVector(values, kOidOid);
}

template <typename T>
Datum VectorOut(FunctionCallInfo* f) {
  VectorRef<T> v = ReadVector<T>(f->Arg(0));
  std::string out;
  for (int32_t i = 0; i < v.n; ++i) {
    if (i > 0) out += ' ';
    out += std::to_string(v.values[i]);
  }
  return CStringDatum(out);
}

// *recv: array_recv, then the vector's shape checks.
template <Oid kElem>
Datum VectorRecv(FunctionCallInfo* f) {
  Datum array = DirectFunctionCall(BuiltinByName("array_recv"), f->Arg(0), ObjectIdGetDatum(kElem),
                                   Int32GetDatum(-1));
  const void* bytes = DatumGetPointer<const void>(array);
  const char* what = kElem == kOidOid ? "oidvector" : "int2vector";
  if (ArrayNdim(bytes) != 1 || ArrayHasNulls(bytes) || ArrayElemType(bytes) != kElem ||
      ArrayLbounds(bytes)[0] != 0) {
    throw MakeError(errcode::kInvalidBinaryRepresentation, "invalid {} data", what);
  }
  if (ArrayDims(bytes)[0] > kFuncMaxArgs) {
    throw MakeError(errcode::kInvalidParameterValue, "{} has too many elements", what);
  }
  return array;
}

Datum VectorSend(FunctionCallInfo* f) {
  return DirectFunctionCall(BuiltinByName("array_send"), f->Arg(0));
}

// Length first, then element by element (OIDs unsigned).
int CompareOidVectors(Datum a, Datum b) {
  VectorRef<Oid> x = ReadVector<Oid>(a), y = ReadVector<Oid>(b);
  if (x.n != y.n) return x.n < y.n ? -1 : 1;
  for (int32_t i = 0; i < x.n; ++i) {
    if (x.values[i] != y.values[i]) return x.values[i] < y.values[i] ? -1 : 1;
  }
  return 0;
}

Datum BtOidVectorCmp(FunctionCallInfo* f) {
  return Int32GetDatum(CompareOidVectors(f->Arg(0), f->Arg(1)));
}

template <typename Pred>
Datum OidVectorOp(FunctionCallInfo* f) {
  return BoolGetDatum(Pred()(CompareOidVectors(f->Arg(0), f->Arg(1)), 0));
}

Datum HashOidVector(FunctionCallInfo* f) {
  VectorRef<Oid> v = ReadVector<Oid>(f->Arg(0));
  return UInt32GetDatum(HashBytes(v.values, static_cast<size_t>(v.n) * sizeof(Oid)));
}

Datum HashOidVectorExtended(FunctionCallInfo* f) {
  VectorRef<Oid> v = ReadVector<Oid>(f->Arg(0));
  return Int64GetDatum(static_cast<int64_t>(HashBytesExtended(
      v.values, static_cast<size_t>(v.n) * sizeof(Oid), static_cast<uint64_t>(f->ArgInt64(1)))));
}

// oidvectortypes: the type names, comma separated ("-" for OID 0).
Datum OidVectorTypes(FunctionCallInfo* f) {
  VectorRef<Oid> v = ReadVector<Oid>(f->Arg(0));
  std::string out;
  for (int32_t i = 0; i < v.n; ++i) {
    if (i > 0) out += ", ";
    out += FormatTypeName(v.values[i]);
  }
  return TextDatum(out);
}

const BuiltinFunction kVectorBuiltins[] = {
    {"int2vectorin", Int2VectorIn, 1},
    {"int2vectorout", VectorOut<int16_t>, 1},
    {"int2vectorrecv", VectorRecv<kInt2Oid>, 1},
    {"int2vectorsend", VectorSend, 1},
    {"oidvectorin", OidVectorIn, 1},
    {"oidvectorout", VectorOut<Oid>, 1},
    {"oidvectorrecv", VectorRecv<kOidOid>, 1},
    {"oidvectorsend", VectorSend, 1},
    {"btoidvectorcmp", BtOidVectorCmp, 2},
    {"oidvectoreq", OidVectorOp<std::equal_to<int>>, 2},
    {"oidvectorne", OidVectorOp<std::not_equal_to<int>>, 2},
    {"oidvectorlt", OidVectorOp<std::less<int>>, 2},
    {"oidvectorle", OidVectorOp<std::less_equal<int>>, 2},
    {"oidvectorgt", OidVectorOp<std::greater<int>>, 2},
    {"oidvectorge", OidVectorOp<std::greater_equal<int>>, 2},
    {"hashoidvector", HashOidVector, 1},
    {"hashoidvectorextended", HashOidVectorExtended, 2},
    {"oidvectortypes", OidVectorTypes, 1},
};

}  // namespace

std::span<const BuiltinFunction> VectorBuiltins() {
  return kVectorBuiltins;
}

}  // namespace hyrax::executor
