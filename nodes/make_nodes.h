// Constructors for common expression nodes (PostgreSQL's makefuncs.c).
#pragma once

#include <memory>

#include "nodes/primnodes.h"

namespace hyrax::nodes {

// A Const of `type`; by-reference values are copied into the node (varlena: VarSize bytes,
// cstring (len -2): through the NUL, fixed length: `len` bytes).
std::shared_ptr<Const> MakeConst(Oid type, int32_t typmod, Oid collation, int16_t len, bool byval,
                                 Datum value, bool isnull);
std::shared_ptr<Const> MakeNullConst(Oid type, int32_t typmod, Oid collation, int16_t len,
                                     bool byval);
std::shared_ptr<Const> MakeBoolConst(bool value, bool isnull = false);
std::shared_ptr<Const> MakeInt4Const(int32_t value);
std::shared_ptr<Const> MakeInt8Const(int64_t value);
std::shared_ptr<Const> MakeTextConst(std::string_view value);
std::shared_ptr<Var> MakeVar(Index varno, AttrNumber varattno, Oid type, int32_t typmod,
                             Oid collation, Index varlevelsup = 0);
std::shared_ptr<BoolExpr> MakeBoolExpr(BoolExprType op, ExprList args);

}  // namespace hyrax::nodes
