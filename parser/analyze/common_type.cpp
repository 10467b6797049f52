// Common-type resolution for CASE, UNION, COALESCE, IN, VALUES, ARRAY[...] (PostgreSQL's
// select_common_type, select_common_typmod, coerce_to_common_type); declared in coerce.h.
#include "nodes/node_funcs.h"
#include "parser/analyze/coerce.h"
#include "parser/analyze/format_type.h"
#include "parser/analyze/type_info.h"
#include "parser/analyze/type_oids.h"

namespace hyrax::parser {

namespace {

// The shared algorithm over (type, location) pairs. Returns kInvalidOid on a category
// mismatch when `error` is null; otherwise calls error(ptype, ntype, index).
template <typename OnError>
Oid CommonType(const std::vector<Oid>& types, size_t* which, OnError&& error) {
  size_t pindex = 0;
  Oid ptype = types[0];
  size_t i = 1;
  if (ptype != kUnknownOid) {
    while (i < types.size() && types[i] == ptype) ++i;
    if (i == types.size()) {
      if (which) *which = 0;
      return ptype;
    }
  }
  ptype = BaseType(ptype);
  char pcategory = TypeCategory(ptype);
  bool ppreferred = IsPreferredType(pcategory, ptype);
  for (; i < types.size(); ++i) {
    Oid ntype = BaseType(types[i]);
    if (ntype == kUnknownOid || ntype == ptype) continue;
    char ncategory = TypeCategory(ntype);
    bool npreferred = IsPreferredType(ncategory, ntype);
    if (ptype == kUnknownOid) {
      pindex = i;
      ptype = ntype;
      pcategory = ncategory;
      ppreferred = npreferred;
    } else if (ncategory != pcategory) {
      if (!error(ptype, ntype, i)) return kInvalidOid;
    } else if (!ppreferred && CanCoerceType(ptype, ntype, CoercionContext::kImplicit) &&
               !CanCoerceType(ntype, ptype, CoercionContext::kImplicit)) {
      pindex = i;
      ptype = ntype;
      pcategory = ncategory;
      ppreferred = npreferred;
    }
  }
  if (ptype == kUnknownOid) ptype = kTextOid;
  if (which) *which = pindex;
  return ptype;
}

}  // namespace

Oid SelectCommonType(ParseState& ps, const ExprList& exprs, const char* context, ExprPtr* which) {
  if (exprs.empty()) return kInvalidOid;
  std::vector<Oid> types;
  types.reserve(exprs.size());
  for (const auto& e : exprs) types.push_back(e->result_type);
  size_t index = 0;
  Oid result = CommonType(types, &index, [&](Oid ptype, Oid ntype, size_t i) -> bool {
    if (context == nullptr) return false;
    ThrowAt(ps,
            MakeError(errcode::kDatatypeMismatch, "{} types {} and {} cannot be matched", context,
                      FormatTypeBe(ptype), FormatTypeBe(ntype)),
            nodes::ExprLocation(exprs[i].get()));
  });
  if (which && result != kInvalidOid) *which = exprs[index];
  return result;
}

Oid SelectCommonTypeFromOids(const std::vector<Oid>& types, bool noerror) {
  if (types.empty()) return kInvalidOid;
  return CommonType(types, nullptr, [&](Oid ptype, Oid ntype, size_t) -> bool {
    if (noerror) return false;
    throw MakeError(errcode::kDatatypeMismatch, "argument types {} and {} cannot be matched",
                    FormatTypeBe(ptype), FormatTypeBe(ntype));
  });
}

int32_t SelectCommonTypmod(const ExprList& exprs, Oid common_type) {
  int32_t result = -1;
  bool first = true;
  for (const auto& e : exprs) {
    if (e->result_type != common_type) return -1;
    if (first) {
      result = e->result_typmod;
      first = false;
    } else if (result != e->result_typmod) {
      return -1;
    }
  }
  return result;
}

ExprPtr CoerceToCommonType(ParseState& ps, ExprPtr node, Oid target, const char* context) {
  Oid input = node->result_type;
  if (input == target) return node;
  if (!CanCoerceType(input, target, CoercionContext::kImplicit)) {
    ThrowAt(ps,
            MakeError(errcode::kCannotCoerce, "{} could not convert type {} to {}", context,
                      FormatTypeBe(input), FormatTypeBe(target)),
            nodes::ExprLocation(node.get()));
  }
  return CoerceType(ps, node, input, target, -1, CoercionContext::kImplicit,
                    nodes::CoercionForm::kImplicitCast, -1);
}

}  // namespace hyrax::parser
