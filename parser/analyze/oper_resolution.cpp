// Operator lookup and OpExpr/ScalarArrayOpExpr building (see oper_resolution.h), following
// PostgreSQL's oper, left_oper, binary_oper_exact, oper_select_candidate, make_op and
// make_scalar_array_op.
#include "parser/analyze/oper_resolution.h"

#include "nodes/node_funcs.h"
#include "parser/analyze/coerce.h"
#include "parser/analyze/format_type.h"
#include "parser/analyze/func_resolution.h"
#include "parser/analyze/type_info.h"
#include "parser/analyze/type_oids.h"
#include "storage/catalog/namespace.h"
#include "storage/catalog/syscache.h"

namespace hyrax::parser {

namespace {

enum class OpResult { kNotFound, kMultiple, kFound };

// Operators called opname.back() of the given kind, visible through the path (or in the
// named schema), the earliest in the path winning for equal input types.
std::vector<catalog::PgOperator> OperatorCandidates(const std::vector<std::string>& opname,
                                                    char kind) {
  Oid namespace_oid = kInvalidOid;
  if (opname.size() >= 2) namespace_oid = catalog::LookupNamespace(opname[opname.size() - 2]);
  std::vector<catalog::PgOperator> out;
  std::vector<int> positions;
  for (auto& op : catalog::Syscache().OperatorsByName(opname.back())) {
    if (op.oprkind != kind) continue;
    int pos = 0;
    if (namespace_oid != kInvalidOid) {
      if (op.oprnamespace != namespace_oid) continue;
    } else {
      pos = catalog::SearchPathPosition(op.oprnamespace);
      if (pos < 0) continue;
    }
    bool replaced = false;
    for (size_t i = 0; i < out.size(); ++i) {
      if (out[i].oprleft == op.oprleft && out[i].oprright == op.oprright) {
        if (pos < positions[i]) {
          out[i] = op;
          positions[i] = pos;
        }
        replaced = true;
      }
    }
    if (!replaced) {
      out.push_back(op);
      positions.push_back(pos);
    }
  }
  return out;
}

OpResult SelectOperator(const std::vector<catalog::PgOperator>& ops, const std::vector<Oid>& inputs,
                        bool prefix, Oid* chosen) {
  CandidateList candidates;
  for (const auto& op : ops) {
    FuncCandidate c;
    c.oid = op.oid;
    if (prefix) {
      c.args = {op.oprright};
    } else {
      c.args = {op.oprleft, op.oprright};
    }
    candidates.push_back(std::move(c));
  }
  int n = FuncMatchArgtypes(inputs, candidates);
  if (n == 0) return OpResult::kNotFound;
  if (n == 1) {
    *chosen = candidates[0].oid;
    return OpResult::kFound;
  }
  const FuncCandidate* best = FuncSelectCandidate(inputs, candidates);
  if (best == nullptr) return OpResult::kMultiple;
  *chosen = best->oid;
  return OpResult::kFound;
}

[[noreturn]] void OpError(ParseState& ps, const std::vector<std::string>& opname, bool prefix,
                          Oid left, Oid right, OpResult result, int location) {
  std::string sig = OpSignatureString(opname, prefix, left, right);
  if (result == OpResult::kMultiple) {
    ThrowAt(ps,
            Error(errcode::kAmbiguousFunction, "operator is not unique: " + sig)
                .Hint("Could not choose a best candidate operator. You might need to add "
                      "explicit type casts."),
            location);
  }
  ThrowAt(ps,
          Error(errcode::kUndefinedFunction, "operator does not exist: " + sig)
              .Hint(prefix ? "No operator matches the given name and argument type. You might "
                             "need to add an explicit type cast."
                           : "No operator matches the given name and argument types. You might "
                             "need to add explicit type casts."),
          location);
}

}  // namespace

std::string OpSignatureString(const std::vector<std::string>& opname, bool prefix, Oid left,
                              Oid right) {
  std::string name = NameListToString(opname);
  if (prefix) return name + " " + FormatTypeBe(right);
  return FormatTypeBe(left) + " " + name + " " + FormatTypeBe(right);
}

bool FuncReturnsSet(Oid funcid) {
  auto proc = catalog::Syscache().ProcByOid(funcid);
  return proc && proc->proretset;
}

std::optional<catalog::PgOperator> OpernameGetOprid(const std::vector<std::string>& opname,
                                                    Oid ltype, Oid rtype) {
  char kind = ltype == kInvalidOid ? 'l' : 'b';
  for (const auto& op : OperatorCandidates(opname, kind)) {
    if (op.oprleft == (kind == 'l' ? kInvalidOid : ltype) && op.oprright == rtype) return op;
  }
  return std::nullopt;
}

std::optional<catalog::PgOperator> Oper(ParseState& ps, const std::vector<std::string>& opname,
                                        Oid ltype, Oid rtype, bool no_error, int location) {
  return WithErrorPosition(ps, location, [&]() -> std::optional<catalog::PgOperator> {
    // binary_oper_exact: an unknown side is assumed to have the other side's type.
    Oid l = ltype, r = rtype;
    bool was_unknown = false;
    if (l == kUnknownOid && r != kUnknownOid) {
      l = r;
      was_unknown = true;
    } else if (r == kUnknownOid && l != kUnknownOid) {
      r = l;
      was_unknown = true;
    }
    if (auto op = OpernameGetOprid(opname, l, r)) return op;
    if (was_unknown) {
      Oid base = BaseType(l);
      if (base != l) {
        if (auto op = OpernameGetOprid(opname, base, base)) return op;
      }
    }
    std::vector<catalog::PgOperator> ops = OperatorCandidates(opname, 'b');
    OpResult result = OpResult::kNotFound;
    Oid chosen = kInvalidOid;
    if (!ops.empty()) result = SelectOperator(ops, {ltype, rtype}, false, &chosen);
    if (result == OpResult::kFound) {
      for (auto& op : ops) {
        if (op.oid == chosen) return op;
      }
    }
    if (no_error) return std::nullopt;
    OpError(ps, opname, false, ltype, rtype, result, location);
  });
}

std::optional<catalog::PgOperator> LeftOper(ParseState& ps, const std::vector<std::string>& opname,
                                            Oid arg, bool no_error, int location) {
  return WithErrorPosition(ps, location, [&]() -> std::optional<catalog::PgOperator> {
    if (auto op = OpernameGetOprid(opname, kInvalidOid, arg)) return op;
    std::vector<catalog::PgOperator> ops = OperatorCandidates(opname, 'l');
    OpResult result = OpResult::kNotFound;
    Oid chosen = kInvalidOid;
    if (!ops.empty()) result = SelectOperator(ops, {arg}, true, &chosen);
    if (result == OpResult::kFound) {
      for (auto& op : ops) {
        if (op.oid == chosen) return op;
      }
    }
    if (no_error) return std::nullopt;
    OpError(ps, opname, true, kInvalidOid, arg, result, location);
  });
}

ExprPtr MakeOp(ParseState& ps, const std::vector<std::string>& opname, ExprPtr ltree, ExprPtr rtree,
               int location) {
  bool prefix = ltree == nullptr;
  Oid ltype = prefix ? kInvalidOid : ltree->result_type;
  Oid rtype = rtree->result_type;
  catalog::PgOperator op = prefix ? *LeftOper(ps, opname, rtype, false, location)
                                  : *Oper(ps, opname, ltype, rtype, false, location);
  if (op.oprcode == kInvalidOid) {
    ThrowAt(ps,
            Error(errcode::kUndefinedFunction,
                  "operator is only a shell: " +
                      OpSignatureString(opname, prefix, op.oprleft, op.oprright)),
            location);
  }
  ExprList args;
  std::vector<Oid> actual, declared;
  if (prefix) {
    args = {rtree};
    actual = {rtype};
    declared = {op.oprright};
  } else {
    args = {ltree, rtree};
    actual = {ltype, rtype};
    declared = {op.oprleft, op.oprright};
  }
  Oid rettype = WithErrorPosition(ps, location, [&] {
    return EnforceGenericTypeConsistency(actual, declared, op.oprresult, false);
  });
  MakeFnArguments(ps, args, actual, declared);
  auto expr = std::make_shared<nodes::OpExpr>();
  expr->opno = op.oid;
  expr->opfuncid = op.oprcode;
  expr->result_type = rettype;
  expr->opretset = FuncReturnsSet(op.oprcode);
  expr->args = std::move(args);
  expr->location = location;
  if (expr->opretset) ps.has_target_srfs = true;
  return expr;
}

ExprPtr MakeScalarArrayOp(ParseState& ps, const std::vector<std::string>& opname, bool use_or,
                          ExprPtr ltree, ExprPtr rtree, int location) {
  Oid ltype = ltree->result_type;
  Oid atype = rtree->result_type;
  Oid rtype;
  // The right side must be an array; an unknown literal is taken as an array of the
  // element type the operator wants.
  if (atype == kUnknownOid) {
    rtype = kUnknownOid;
  } else {
    rtype = ElementTypeOf(BaseType(atype));
    if (rtype == kInvalidOid) {
      ThrowAt(ps,
              Error(errcode::kWrongObjectType, "op ANY/ALL (array) requires array on right side"),
              location);
    }
  }
  catalog::PgOperator op = *Oper(ps, opname, ltype, rtype, false, location);
  if (op.oprcode == kInvalidOid) {
    ThrowAt(ps,
            Error(errcode::kUndefinedFunction,
                  "operator is only a shell: " +
                      OpSignatureString(opname, false, op.oprleft, op.oprright)),
            location);
  }
  std::vector<Oid> actual{ltype, rtype};
  std::vector<Oid> declared{op.oprleft, op.oprright};
  Oid rettype = WithErrorPosition(ps, location, [&] {
    return EnforceGenericTypeConsistency(actual, declared, op.oprresult, false);
  });
  if (rettype != kBoolOid) {
    ThrowAt(
        ps,
        Error(errcode::kWrongObjectType, "op ANY/ALL (array) requires operator to yield boolean"),
        location);
  }
  if (FuncReturnsSet(op.oprcode)) {
    ThrowAt(ps,
            Error(errcode::kWrongObjectType,
                  "op ANY/ALL (array) requires operator not to return a set"),
            location);
  }
  // The array argument is coerced to the array type of the operator's right input.
  Oid res_atype = ArrayTypeOf(declared[1]);
  if (res_atype == kInvalidOid) {
    ThrowAt(ps,
            MakeError(errcode::kUndefinedObject, "could not find array type for data type {}",
                      FormatTypeBe(declared[1])),
            location);
  }
  ExprList args{ltree, rtree};
  std::vector<Oid> actual_arr{ltype, atype};
  std::vector<Oid> declared_arr{declared[0], res_atype};
  MakeFnArguments(ps, args, actual_arr, declared_arr);
  auto expr = std::make_shared<nodes::ScalarArrayOpExpr>();
  expr->opno = op.oid;
  expr->opfuncid = op.oprcode;
  expr->useOr = use_or;
  expr->result_type = kBoolOid;
  expr->args = std::move(args);
  expr->location = location;
  return expr;
}

}  // namespace hyrax::parser
