// The OID-like types that need no catalog: oid, xid, xid8, cid and tid (I/O, comparisons,
// hashing, casts). reg* types are in regtypes.cpp, oidvector/int2vector in vectors.cpp.
// Parsing quirks are PostgreSQL 15's (xid/cid accept anything strtoul does, base 0).
// See README.md "Object identifiers".
#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <string>

#include "common/error.h"
#include "executor/functions/builtin_families.h"
#include "executor/functions/datum_traits.h"
#include "executor/types/hash_bytes.h"
#include "executor/types/int_io.h"
#include "storage/heap/heap_tuple.h"

namespace hyrax::executor {

namespace {

using storage::ItemPointerData;

template <typename T>
Datum UnsignedOut(FunctionCallInfo* f) {
  return CStringDatum(std::to_string(static_cast<T>(f->Arg(0))));
}

Datum OidIn(FunctionCallInfo* f) {
  return ObjectIdGetDatum(ParseUInt32(f->ArgCString(0), "oid"));
}
Datum UInt32Recv(FunctionCallInfo* f) {
  return UInt32GetDatum(static_cast<uint32_t>(RecvArg(f, 0)->GetInt32()));
}
Datum UInt32Send(FunctionCallInfo* f) {
  SendBuffer buf;
  buf.PutInt32(static_cast<int32_t>(f->ArgUInt32(0)));
  return buf.Finish();
}

template <typename Pred>
Datum OidOp(FunctionCallInfo* f, Pred pred) {
  return BoolGetDatum(pred(f->ArgOid(0), f->ArgOid(1)));
}
Datum OidEq(FunctionCallInfo* f) {
  return OidOp(f, std::equal_to<Oid>());
}
Datum OidNe(FunctionCallInfo* f) {
  return OidOp(f, std::not_equal_to<Oid>());
}
Datum OidLt(FunctionCallInfo* f) {
  return OidOp(f, std::less<Oid>());
}
Datum OidLe(FunctionCallInfo* f) {
  return OidOp(f, std::less_equal<Oid>());
}
Datum OidGt(FunctionCallInfo* f) {
  return OidOp(f, std::greater<Oid>());
}
Datum OidGe(FunctionCallInfo* f) {
  return OidOp(f, std::greater_equal<Oid>());
}
Datum BtOidCmp(FunctionCallInfo* f) {
  return CompareResult(f->ArgOid(0), f->ArgOid(1));
}
Datum OidLarger(FunctionCallInfo* f) {
  return ObjectIdGetDatum(std::max(f->ArgOid(0), f->ArgOid(1)));
}
Datum OidSmaller(FunctionCallInfo* f) {
  return ObjectIdGetDatum(std::min(f->ArgOid(0), f->ArgOid(1)));
}
Datum HashOid(FunctionCallInfo* f) {
  return UInt32GetDatum(HashUInt32(f->ArgOid(0)));
}
Datum HashOidExtended(FunctionCallInfo* f) {
  return Int64GetDatum(static_cast<int64_t>(HashUInt32Extended(f->ArgOid(0), f->ArgInt64(1))));
}
Datum I8ToOid(FunctionCallInfo* f) {
  int64_t v = f->ArgInt64(0);
  if (v < 0 || v > std::numeric_limits<uint32_t>::max()) {
    throw Error(errcode::kNumericValueOutOfRange, "OID out of range");
  }
  return ObjectIdGetDatum(static_cast<Oid>(v));
}
Datum OidToI8(FunctionCallInfo* f) {
  return Int64GetDatum(int64_t{f->ArgOid(0)});
}

// xidin / cidin: PostgreSQL parses with strtoul(str, NULL, 0) and ignores the rest.
Datum XidIn(FunctionCallInfo* f) {
  return UInt32GetDatum(static_cast<uint32_t>(std::strtoul(f->ArgCString(0), nullptr, 0)));
}
Datum Xid8In(FunctionCallInfo* f) {
  return Int64GetDatum(static_cast<int64_t>(std::strtoull(f->ArgCString(0), nullptr, 0)));
}
Datum Xid8Out(FunctionCallInfo* f) {
  return CStringDatum(std::to_string(static_cast<uint64_t>(f->ArgInt64(0))));
}
Datum Xid8Recv(FunctionCallInfo* f) {
  return Int64GetDatum(RecvArg(f, 0)->GetInt64());
}
Datum Xid8Send(FunctionCallInfo* f) {
  SendBuffer buf;
  buf.PutInt64(f->ArgInt64(0));
  return buf.Finish();
}
Datum XidEq(FunctionCallInfo* f) {
  return BoolGetDatum(f->ArgUInt32(0) == f->ArgUInt32(1));
}
Datum XidNe(FunctionCallInfo* f) {
  return BoolGetDatum(f->ArgUInt32(0) != f->ArgUInt32(1));
}
uint64_t X8(FunctionCallInfo* f, int i) {
  return static_cast<uint64_t>(f->ArgInt64(i));
}
Datum Xid8Eq(FunctionCallInfo* f) {
  return BoolGetDatum(X8(f, 0) == X8(f, 1));
}
Datum Xid8Ne(FunctionCallInfo* f) {
  return BoolGetDatum(X8(f, 0) != X8(f, 1));
}
Datum Xid8Lt(FunctionCallInfo* f) {
  return BoolGetDatum(X8(f, 0) < X8(f, 1));
}
Datum Xid8Le(FunctionCallInfo* f) {
  return BoolGetDatum(X8(f, 0) <= X8(f, 1));
}
Datum Xid8Gt(FunctionCallInfo* f) {
  return BoolGetDatum(X8(f, 0) > X8(f, 1));
}
Datum Xid8Ge(FunctionCallInfo* f) {
  return BoolGetDatum(X8(f, 0) >= X8(f, 1));
}
Datum Xid8Cmp(FunctionCallInfo* f) {
  return CompareResult(X8(f, 0), X8(f, 1));
}
Datum Xid8Larger(FunctionCallInfo* f) {
  return X8(f, 0) > X8(f, 1) ? f->Arg(0) : f->Arg(1);
}
Datum Xid8Smaller(FunctionCallInfo* f) {
  return X8(f, 0) < X8(f, 1) ? f->Arg(0) : f->Arg(1);
}
Datum Xid8ToXid(FunctionCallInfo* f) {
  return UInt32GetDatum(static_cast<uint32_t>(X8(f, 0)));
}

// tid: "(block,offset)", parsed exactly as PostgreSQL's tidin.
[[noreturn]] void ThrowTidSyntax(const char* text) {
  throw MakeError(errcode::kInvalidTextRepresentation, "invalid input syntax for type tid: \"{}\"",
                  text);
}

Datum TidIn(FunctionCallInfo* f) {
  const char* str = f->ArgCString(0);
  const char* coord[2];
  int found = 0;
  for (const char* p = str; *p != '\0' && found < 2 && *p != ')'; ++p) {
    if (*p == ',' || (*p == '(' && found == 0)) coord[found++] = p + 1;
  }
  if (found < 2) ThrowTidSyntax(str);
  errno = 0;
  char* bad = nullptr;
  unsigned long block = std::strtoul(coord[0], &bad, 10);
  if (errno != 0 || *bad != ',') ThrowTidSyntax(str);
  uint32_t block32 = static_cast<uint32_t>(block);
  if (block != block32 &&
      block != static_cast<unsigned long>(static_cast<long>(static_cast<int32_t>(block32)))) {
    ThrowTidSyntax(str);
  }
  long offset = std::strtol(coord[1], &bad, 10);
  if (errno != 0 || *bad != ')' || offset > 65535 || offset < 0) ThrowTidSyntax(str);
  auto* tid = static_cast<ItemPointerData*>(Palloc(sizeof(ItemPointerData)));
  *tid = ItemPointerData::Make(block32, static_cast<OffsetNumber>(offset));
  return PointerGetDatum(tid);
}

const ItemPointerData& TidArg(FunctionCallInfo* f, int i) {
  return *f->ArgPointer<ItemPointerData>(i);
}

Datum TidOut(FunctionCallInfo* f) {
  const ItemPointerData& tid = TidArg(f, 0);
  return CStringDatum("(" + std::to_string(tid.block()) + "," + std::to_string(tid.offset()) + ")");
}
Datum TidRecv(FunctionCallInfo* f) {
  RecvBuffer* buf = RecvArg(f, 0);
  auto block = static_cast<BlockNumber>(buf->GetInt32());
  auto offset = static_cast<OffsetNumber>(buf->GetInt16());
  auto* tid = static_cast<ItemPointerData*>(Palloc(sizeof(ItemPointerData)));
  *tid = ItemPointerData::Make(block, offset);
  return PointerGetDatum(tid);
}
Datum TidSend(FunctionCallInfo* f) {
  SendBuffer buf;
  buf.PutInt32(static_cast<int32_t>(TidArg(f, 0).block()));
  buf.PutInt16(static_cast<int16_t>(TidArg(f, 0).offset()));
  return buf.Finish();
}
int TidCompare(FunctionCallInfo* f) {
  const ItemPointerData& a = TidArg(f, 0);
  const ItemPointerData& b = TidArg(f, 1);
  if (a.block() != b.block()) return a.block() < b.block() ? -1 : 1;
  if (a.offset() != b.offset()) return a.offset() < b.offset() ? -1 : 1;
  return 0;
}
Datum TidEq(FunctionCallInfo* f) {
  return BoolGetDatum(TidCompare(f) == 0);
}
Datum TidNe(FunctionCallInfo* f) {
  return BoolGetDatum(TidCompare(f) != 0);
}
Datum TidLt(FunctionCallInfo* f) {
  return BoolGetDatum(TidCompare(f) < 0);
}
Datum TidLe(FunctionCallInfo* f) {
  return BoolGetDatum(TidCompare(f) <= 0);
}
Datum TidGt(FunctionCallInfo* f) {
  return BoolGetDatum(TidCompare(f) > 0);
}
Datum TidGe(FunctionCallInfo* f) {
  return BoolGetDatum(TidCompare(f) >= 0);
}
Datum BtTidCmp(FunctionCallInfo* f) {
  return Int32GetDatum(TidCompare(f));
}
Datum TidLarger(FunctionCallInfo* f) {
  return TidCompare(f) >= 0 ? f->Arg(0) : f->Arg(1);
}
Datum TidSmaller(FunctionCallInfo* f) {
  return TidCompare(f) <= 0 ? f->Arg(0) : f->Arg(1);
}
// Hashes the 6 stored bytes, as PostgreSQL does.
Datum HashTid(FunctionCallInfo* f) {
  return UInt32GetDatum(HashBytes(&TidArg(f, 0), sizeof(ItemPointerData)));
}
Datum HashTidExtended(FunctionCallInfo* f) {
  return Int64GetDatum(static_cast<int64_t>(
      HashBytesExtended(&TidArg(f, 0), sizeof(ItemPointerData), f->ArgInt64(1))));
}

const BuiltinFunction kOidBuiltins[] = {
    {"oidin", OidIn, 1},
    {"oidout", UnsignedOut<uint32_t>, 1},
    {"oidrecv", UInt32Recv, 1},
    {"oidsend", UInt32Send, 1},
    {"oideq", OidEq, 2},
    {"oidne", OidNe, 2},
    {"oidlt", OidLt, 2},
    {"oidle", OidLe, 2},
    {"oidgt", OidGt, 2},
    {"oidge", OidGe, 2},
    {"btoidcmp", BtOidCmp, 2},
    {"oidlarger", OidLarger, 2},
    {"oidsmaller", OidSmaller, 2},
    {"hashoid", HashOid, 1},
    {"hashoidextended", HashOidExtended, 2},
    {"i8tooid", I8ToOid, 1},
    {"oidtoi8", OidToI8, 1},
    {"xidin", XidIn, 1},
    {"xidout", UnsignedOut<uint32_t>, 1},
    {"xidrecv", UInt32Recv, 1},
    {"xidsend", UInt32Send, 1},
    {"xideq", XidEq, 2},
    {"xidneq", XidNe, 2},
    {"cidin", XidIn, 1},
    {"cidout", UnsignedOut<uint32_t>, 1},
    {"cidrecv", UInt32Recv, 1},
    {"cidsend", UInt32Send, 1},
    {"cideq", XidEq, 2},
    {"xid8in", Xid8In, 1},
    {"xid8out", Xid8Out, 1},
    {"xid8recv", Xid8Recv, 1},
    {"xid8send", Xid8Send, 1},
    {"xid8eq", Xid8Eq, 2},
    {"xid8ne", Xid8Ne, 2},
    {"xid8lt", Xid8Lt, 2},
    {"xid8le", Xid8Le, 2},
    {"xid8gt", Xid8Gt, 2},
    {"xid8ge", Xid8Ge, 2},
    {"xid8cmp", Xid8Cmp, 2},
    {"xid8_larger", Xid8Larger, 2},
    {"xid8_smaller", Xid8Smaller, 2},
    {"xid8toxid", Xid8ToXid, 1},
    {"tidin", TidIn, 1},
    {"tidout", TidOut, 1},
    {"tidrecv", TidRecv, 1},
    {"tidsend", TidSend, 1},
    {"tideq", TidEq, 2},
    {"tidne", TidNe, 2},
    {"tidlt", TidLt, 2},
    {"tidle", TidLe, 2},
    {"tidgt", TidGt, 2},
    {"tidge", TidGe, 2},
    {"bttidcmp", BtTidCmp, 2},
    {"tidlarger", TidLarger, 2},
    {"tidsmaller", TidSmaller, 2},
    {"hashtid", HashTid, 1},
    {"hashtidextended", HashTidExtended, 2},
};

}  // namespace

std::span<const BuiltinFunction> OidBuiltins() {
  return kOidBuiltins;
}

}  // namespace hyrax::executor
