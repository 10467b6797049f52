// Node constructors (see make_nodes.h).
#include "nodes/make_nodes.h"

#include <cstring>

#include "common/varlena.h"

namespace hyrax::nodes {

namespace {
constexpr Oid kBoolOid = 16;
constexpr Oid kInt8Oid = 20;
constexpr Oid kInt4Oid = 23;
constexpr Oid kTextOid = 25;
constexpr Oid kDefaultCollation = 100;
}  // namespace

std::shared_ptr<Const> MakeConst(Oid type, int32_t typmod, Oid collation, int16_t len, bool byval,
                                 Datum value, bool isnull) {
  auto c = std::make_shared<Const>();
  c->result_type = type;
  c->result_typmod = typmod;
  c->result_collation = collation;
  c->constlen = len;
  c->constbyval = byval;
  c->constisnull = isnull;
  if (isnull) {
    c->constvalue = 0;
  } else if (byval) {
    c->constvalue = value;
  } else {
    const char* p = DatumGetPointer<const char>(value);
    size_t size = len == -1 ? VarSize(p) : len == -2 ? std::strlen(p) + 1 : size_t(len);
    c->storage.assign(p, size);
    c->constvalue = PointerGetDatum(c->storage.data());
  }
  return c;
}

std::shared_ptr<Const> MakeNullConst(Oid type, int32_t typmod, Oid collation, int16_t len,
                                     bool byval) {
  return MakeConst(type, typmod, collation, len, byval, 0, true);
}

std::shared_ptr<Const> MakeBoolConst(bool value, bool isnull) {
  return MakeConst(kBoolOid, -1, kInvalidOid, 1, true, BoolGetDatum(value), isnull);
}

std::shared_ptr<Const> MakeInt4Const(int32_t value) {
  return MakeConst(kInt4Oid, -1, kInvalidOid, 4, true, Int32GetDatum(value), false);
}

std::shared_ptr<Const> MakeInt8Const(int64_t value) {
  return MakeConst(kInt8Oid, -1, kInvalidOid, 8, true, Int64GetDatum(value), false);
}

std::shared_ptr<Const> MakeTextConst(std::string_view value) {
  auto c = std::make_shared<Const>();
  c->result_type = kTextOid;
  c->result_collation = kDefaultCollation;
  c->constlen = -1;
  c->constbyval = false;
  c->constisnull = false;
  c->storage.resize(kVarHeaderSize + value.size());
  SetVarSize(c->storage.data(), static_cast<uint32_t>(c->storage.size()));
  if (!value.empty()) std::memcpy(c->storage.data() + kVarHeaderSize, value.data(), value.size());
  c->constvalue = PointerGetDatum(c->storage.data());
  return c;
}

std::shared_ptr<Var> MakeVar(Index varno, AttrNumber varattno, Oid type, int32_t typmod,
                             Oid collation, Index varlevelsup) {
  auto v = std::make_shared<Var>();
  v->varno = varno;
  v->varattno = varattno;
  v->varlevelsup = varlevelsup;
  v->result_type = type;
  v->result_typmod = typmod;
  v->result_collation = collation;
  return v;
}

std::shared_ptr<BoolExpr> MakeBoolExpr(BoolExprType op, ExprList args) {
  auto b = std::make_shared<BoolExpr>();
  b->boolop = op;
  b->args = std::move(args);
  b->result_type = kBoolOid;
  return b;
}

}  // namespace hyrax::nodes
