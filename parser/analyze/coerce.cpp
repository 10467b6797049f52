// Coercion pathways and coercion node building (see coerce.h). Follows PostgreSQL's
// parse_coerce.c: find_coercion_pathway, can_coerce_type, coerce_type,
// build_coercion_expression, coerce_type_typmod, coerce_to_target_type.
#include "parser/analyze/coerce.h"

#include "nodes/make_nodes.h"
#include "nodes/node_funcs.h"
#include "parser/analyze/format_type.h"
#include "parser/analyze/type_info.h"
#include "parser/analyze/type_input.h"
#include "parser/analyze/type_oids.h"
#include "storage/catalog/syscache.h"

namespace hyrax::parser {

using nodes::As;
using nodes::CoercionForm;

namespace {

CoercionContext ContextOfCast(char castcontext) {
  switch (castcontext) {
    case 'i':
      return CoercionContext::kImplicit;
    case 'a':
      return CoercionContext::kAssignment;
    default:
      return CoercionContext::kExplicit;
  }
}

// Marks a coercion node built by us as implicit, so a following length coercion is what
// shows (PostgreSQL's hide_coercion_node). Only called on freshly built nodes.
void HideCoercionNode(const ExprPtr& node) {
  switch (node->tag) {
    case nodes::NodeTag::kFuncExpr:
      As<nodes::FuncExpr>(node)->funcformat = CoercionForm::kImplicitCast;
      break;
    case nodes::NodeTag::kRelabelType:
      As<nodes::RelabelType>(node)->relabelformat = CoercionForm::kImplicitCast;
      break;
    case nodes::NodeTag::kCoerceViaIO:
      As<nodes::CoerceViaIO>(node)->coerceformat = CoercionForm::kImplicitCast;
      break;
    case nodes::NodeTag::kArrayCoerceExpr:
      As<nodes::ArrayCoerceExpr>(node)->coerceformat = CoercionForm::kImplicitCast;
      break;
    case nodes::NodeTag::kCoerceToDomain:
      As<nodes::CoerceToDomain>(node)->coercionformat = CoercionForm::kImplicitCast;
      break;
    default:
      break;
  }
}

ExprPtr BuildCoercionExpression(ParseState& ps, ExprPtr node, CoercionPath path, Oid funcid,
                                Oid target, int32_t target_typmod, CoercionContext ccontext,
                                CoercionForm cformat, int location) {
  if (path == CoercionPath::kFunc) {
    auto proc = catalog::Syscache().ProcByOid(funcid);
    if (!proc)
      throw MakeError(errcode::kInternalError, "cache lookup failed for function {}", funcid);
    auto fexpr = std::make_shared<nodes::FuncExpr>();
    fexpr->funcid = funcid;
    fexpr->result_type = target;
    fexpr->funcformat = cformat;
    fexpr->location = location;
    fexpr->args.push_back(std::move(node));
    if (proc->pronargs >= 2) {
      fexpr->args.push_back(nodes::MakeInt4Const(target_typmod));
      fexpr->result_typmod = target_typmod;  // a length coercion exposes its typmod
    }
    if (proc->pronargs == 3) {
      fexpr->args.push_back(nodes::MakeBoolConst(ccontext == CoercionContext::kExplicit));
    }
    return fexpr;
  }
  if (path == CoercionPath::kArrayCoerce) {
    Oid source_array = BaseType(node->result_type);
    Oid source_elem = ElementTypeOf(source_array);
    Oid target_elem = ElementTypeOf(target);
    auto ctest = std::make_shared<nodes::CaseTestExpr>();
    ctest->result_type = source_elem;
    ctest->result_typmod = node->result_typmod;
    ctest->result_collation = TypeCollation(source_elem);
    ExprPtr elem = CoerceToTargetType(ps, ctest, source_elem, target_elem, target_typmod, ccontext,
                                      cformat, location);
    if (!elem)
      throw Error(errcode::kInternalError, "failed to coerce array element type as expected");
    auto acoerce = std::make_shared<nodes::ArrayCoerceExpr>();
    acoerce->arg = std::move(node);
    acoerce->elemexpr = elem;
    acoerce->result_type = target;
    acoerce->result_typmod = target_typmod;
    acoerce->coerceformat = cformat;
    acoerce->location = location;
    return acoerce;
  }
  if (path == CoercionPath::kCoerceViaIO) {
    auto io = std::make_shared<nodes::CoerceViaIO>();
    io->arg = std::move(node);
    io->result_type = target;
    io->coerceformat = cformat;
    io->location = location;
    return io;
  }
  throw Error(errcode::kInternalError, "unsupported coercion pathway");
}

ExprPtr CoerceTypeTypmod(ParseState& ps, ExprPtr node, Oid target, int32_t target_typmod,
                         CoercionContext ccontext, CoercionForm cformat, int location,
                         bool hide_input) {
  if (target_typmod == node->result_typmod) return node;
  if (hide_input) HideCoercionNode(node);
  Oid funcid = kInvalidOid;
  CoercionPath path =
      target_typmod < 0 ? CoercionPath::kNone : FindTypmodCoercionFunction(target, &funcid);
  if (path != CoercionPath::kNone) {
    return BuildCoercionExpression(ps, std::move(node), path, funcid, target, target_typmod,
                                   ccontext, cformat, location);
  }
  Oid collation = node->result_collation;
  return ApplyRelabelType(std::move(node), target, target_typmod, collation, cformat, location);
}

// $n of unknown type in a variable-parameter context takes the target type (PostgreSQL's
// variable_coerce_param_hook); nullptr when the node is not such a Param.
ExprPtr CoerceUnknownParam(ParseState& ps, const ExprPtr& node, Oid target, int location) {
  if (node->tag != nodes::NodeTag::kParam || node->result_type != kUnknownOid) return nullptr;
  auto* param = As<nodes::Param>(node);
  if (param->paramkind != nodes::ParamKind::kExtern || !ps.params->variable) return nullptr;
  auto& types = ps.params->types;
  int index = param->paramid - 1;
  if (index < 0 || index >= static_cast<int>(types.size())) return nullptr;
  if (types[index] == kUnknownOid || types[index] == kInvalidOid) {
    types[index] = target;
  } else if (types[index] != target) {
    ThrowAt(ps,
            MakeError(errcode::kAmbiguousParameter, "inconsistent types deduced for parameter ${}",
                      param->paramid)
                .Detail(FormatTypeBe(types[index]) + " versus " + FormatTypeBe(target)),
            location >= 0 ? location : param->location);
  }
  auto copy = std::make_shared<nodes::Param>(*param);
  copy->result_type = target;
  copy->result_typmod = -1;
  copy->result_collation = TypeCollation(target);
  if (location >= 0 && (copy->location < 0 || location < copy->location)) copy->location = location;
  return copy;
}

bool IsAnyPseudoAcceptingUnknown(Oid target) {
  return target == kAnyOid || target == kAnyElementOid || target == kAnyNonArrayOid ||
         target == kAnyCompatibleOid || target == kAnyCompatibleNonArrayOid;
}

bool IsContainerPseudo(Oid target) {
  return target == kAnyArrayOid || target == kAnyEnumOid || target == kAnyRangeOid ||
         target == kAnyMultirangeOid || target == kAnyCompatibleArrayOid ||
         target == kAnyCompatibleRangeOid || target == kAnyCompatibleMultirangeOid;
}

}  // namespace

ExprPtr CoerceToDomain(ParseState& ps, ExprPtr arg, Oid base_type, int32_t base_typmod, Oid domain,
                       CoercionContext ccontext, CoercionForm cformat, int location,
                       bool hide_input) {
  if (base_type == kInvalidOid) base_type = BaseTypeAndTypmod(domain, &base_typmod);
  if (base_type == domain) return arg;
  if (hide_input) HideCoercionNode(arg);
  arg = CoerceTypeTypmod(ps, std::move(arg), base_type, base_typmod, ccontext,
                         CoercionForm::kImplicitCast, location, false);
  auto result = std::make_shared<nodes::CoerceToDomain>();
  result->arg = std::move(arg);
  result->result_type = domain;
  result->result_collation = TypeCollation(domain);
  result->coercionformat = cformat;
  result->location = location;
  return result;
}

CoercionPath FindCoercionPathway(Oid target, Oid source, CoercionContext ccontext, Oid* funcid) {
  *funcid = kInvalidOid;
  if (source != kInvalidOid) source = BaseType(source);
  if (target != kInvalidOid) target = BaseType(target);
  if (source == target) return CoercionPath::kRelabelType;
  CoercionPath result = CoercionPath::kNone;
  if (auto cast = catalog::Syscache().CastBySourceTarget(source, target)) {
    if (ccontext >= ContextOfCast(cast->castcontext)) {
      switch (cast->castmethod) {
        case 'f':
          result = CoercionPath::kFunc;
          *funcid = cast->castfunc;
          break;
        case 'i':
          result = CoercionPath::kCoerceViaIO;
          break;
        case 'b':
          result = CoercionPath::kRelabelType;
          break;
        default:
          break;
      }
    }
    return result;
  }
  // Element-wise array coercion, then automatic I/O casts to and from string types.
  if (target != kOidVectorOid && target != kInt2VectorOid) {
    Oid target_elem = ElementTypeOf(target);
    Oid source_elem = ElementTypeOf(source);
    if (target_elem != kInvalidOid && source_elem != kInvalidOid) {
      Oid elem_func = kInvalidOid;
      if (FindCoercionPathway(target_elem, source_elem, ccontext, &elem_func) !=
          CoercionPath::kNone) {
        result = CoercionPath::kArrayCoerce;
      }
    }
  }
  if (result == CoercionPath::kNone) {
    if (ccontext >= CoercionContext::kAssignment && TypeCategory(target) == 'S') {
      result = CoercionPath::kCoerceViaIO;
    } else if (ccontext >= CoercionContext::kExplicit && TypeCategory(source) == 'S') {
      result = CoercionPath::kCoerceViaIO;
    }
  }
  return result;
}

CoercionPath FindTypmodCoercionFunction(Oid type, Oid* funcid) {
  *funcid = kInvalidOid;
  CoercionPath result = CoercionPath::kFunc;
  Oid elem = ElementTypeOf(type);
  if (elem != kInvalidOid) {
    type = elem;
    result = CoercionPath::kArrayCoerce;
  }
  if (auto cast = catalog::Syscache().CastBySourceTarget(type, type)) *funcid = cast->castfunc;
  return *funcid == kInvalidOid ? CoercionPath::kNone : result;
}

bool CanCoerceType(Oid input, Oid target, CoercionContext ccontext) {
  return CanCoerceType(std::vector<Oid>{input}, std::vector<Oid>{target}, ccontext);
}

bool CanCoerceType(const std::vector<Oid>& inputs, const std::vector<Oid>& targets,
                   CoercionContext ccontext) {
  bool have_generics = false;
  for (size_t i = 0; i < inputs.size(); ++i) {
    Oid input = inputs[i];
    Oid target = targets[i];
    if (input == target || target == kAnyOid) continue;
    if (IsPolymorphicType(target)) {
      have_generics = true;
      continue;
    }
    if (input == kUnknownOid) continue;
    Oid funcid;
    if (FindCoercionPathway(target, input, ccontext, &funcid) != CoercionPath::kNone) continue;
    if (input == kRecordOid && IsComplexType(target)) continue;
    if (target == kRecordOid && IsComplexType(input)) continue;
    if (input == kRecordArrayOid && IsComplexType(ElementTypeOf(target))) continue;
    if (target == kRecordArrayOid && IsComplexType(ElementTypeOf(input))) continue;
    return false;
  }
  return !have_generics || CheckGenericTypeConsistency(inputs, targets);
}

bool IsBinaryCoercible(Oid source, Oid target) {
  if (source == target || target == kAnyOid) return true;
  source = BaseType(source);
  if (source == target) return true;
  if (target == kAnyArrayOid || target == kAnyCompatibleArrayOid) {
    return ElementTypeOf(source) != kInvalidOid;
  }
  if (target == kAnyNonArrayOid || target == kAnyElementOid) return true;
  auto cast = catalog::Syscache().CastBySourceTarget(source, target);
  return cast && cast->castmethod == 'b' && cast->castcontext == 'i';
}

ExprPtr ApplyRelabelType(ExprPtr arg, Oid type, int32_t typmod, Oid collation, CoercionForm format,
                         int location) {
  while (arg && arg->tag == nodes::NodeTag::kRelabelType) arg = As<nodes::RelabelType>(arg)->arg;
  if (arg && arg->tag == nodes::NodeTag::kConst) {
    auto copy = std::make_shared<nodes::Const>(*As<nodes::Const>(arg));
    copy->result_type = type;
    copy->result_typmod = typmod;
    copy->result_collation = collation;
    return copy;
  }
  if (arg->result_type == type && arg->result_typmod == typmod &&
      arg->result_collation == collation) {
    return arg;
  }
  auto relabel = std::make_shared<nodes::RelabelType>();
  relabel->arg = std::move(arg);
  relabel->result_type = type;
  relabel->result_typmod = typmod;
  relabel->result_collation = collation;
  relabel->relabelformat = format;
  relabel->location = location;
  return relabel;
}

ExprPtr CoerceType(ParseState& ps, ExprPtr node, Oid input_type, Oid target_type,
                   int32_t target_typmod, CoercionContext ccontext, CoercionForm cformat,
                   int location) {
  if (target_type == input_type || !node) return node;
  if (IsAnyPseudoAcceptingUnknown(target_type)) return node;
  if (IsContainerPseudo(target_type) && input_type != kUnknownOid) {
    Oid base = BaseType(input_type);
    if (base == input_type) return node;
    auto relabel = std::make_shared<nodes::RelabelType>();
    relabel->arg = std::move(node);
    relabel->result_type = base;
    relabel->relabelformat = cformat;
    relabel->location = location;
    return relabel;
  }
  if (input_type == kUnknownOid && node->tag == nodes::NodeTag::kConst) {
    const auto* con = As<nodes::Const>(node);
    int32_t base_typmod = target_typmod;
    Oid base = BaseTypeAndTypmod(target_type, &base_typmod);
    // Input functions get typmod -1 (the caller applies any length coercion), except
    // interval, whose input depends on its field specification.
    int32_t input_typmod = base == kIntervalOid ? base_typmod : -1;
    ExprPtr result = con->constisnull ? MakeTypedNullConst(base, input_typmod)
                                      : StringToTypedConst(ps, base, input_typmod,
                                                           UnknownConstText(*con), con->location);
    result->location = con->location;
    if (base != target_type) {
      result = CoerceToDomain(ps, result, base, base_typmod, target_type, ccontext, cformat,
                              location, false);
    }
    return result;
  }
  if (ExprPtr param = CoerceUnknownParam(ps, node, target_type, location)) return param;
  if (node->tag == nodes::NodeTag::kCollateExpr) {
    // Coerce beneath the COLLATE and keep it on top (the target must be collatable).
    auto coll = std::make_shared<nodes::CollateExpr>(*As<nodes::CollateExpr>(node));
    coll->arg = CoerceType(ps, coll->arg, input_type, target_type, target_typmod, ccontext, cformat,
                           location);
    coll->result_type = target_type;
    coll->result_typmod = coll->arg->result_typmod;
    return coll;
  }
  Oid funcid = kInvalidOid;
  CoercionPath path = FindCoercionPathway(target_type, input_type, ccontext, &funcid);
  if (path != CoercionPath::kNone) {
    if (path != CoercionPath::kRelabelType) {
      int32_t base_typmod = target_typmod;
      Oid base = BaseTypeAndTypmod(target_type, &base_typmod);
      ExprPtr result = BuildCoercionExpression(ps, std::move(node), path, funcid, base, base_typmod,
                                               ccontext, cformat, location);
      if (base != target_type) {
        result = CoerceToDomain(ps, result, base, base_typmod, target_type, ccontext, cformat,
                                location, true);
      }
      return result;
    }
    ExprPtr result =
        CoerceToDomain(ps, node, kInvalidOid, -1, target_type, ccontext, cformat, location, false);
    if (result == node) {
      auto relabel = std::make_shared<nodes::RelabelType>();
      relabel->arg = std::move(node);
      relabel->result_type = target_type;
      relabel->relabelformat = cformat;
      relabel->location = location;
      result = relabel;
    }
    return result;
  }
  if (input_type == kRecordOid && IsComplexType(target_type)) {
    return CoerceRecordToComplex(ps, node, target_type, ccontext, cformat, location);
  }
  if (target_type == kRecordOid && IsComplexType(input_type)) return node;
  if (target_type == kRecordArrayOid && IsComplexType(ElementTypeOf(input_type))) return node;
  throw MakeError(errcode::kInternalError, "failed to find conversion function from {} to {}",
                  FormatTypeBe(input_type), FormatTypeBe(target_type));
}

ExprPtr CoerceToTargetType(ParseState& ps, ExprPtr expr, Oid expr_type, Oid target_type,
                           int32_t target_typmod, CoercionContext ccontext, CoercionForm cformat,
                           int location) {
  if (!CanCoerceType(expr_type, target_type, ccontext)) return nullptr;
  ExprPtr orig = expr;
  while (expr && expr->tag == nodes::NodeTag::kCollateExpr)
    expr = As<nodes::CollateExpr>(expr)->arg;
  ExprPtr result =
      CoerceType(ps, expr, expr_type, target_type, target_typmod, ccontext, cformat, location);
  bool hide = result != expr && result->tag != nodes::NodeTag::kConst;
  result =
      CoerceTypeTypmod(ps, result, target_type, target_typmod, ccontext, cformat, location, hide);
  if (expr != orig && TypeIsCollatable(target_type)) {
    auto coll = std::make_shared<nodes::CollateExpr>(*As<nodes::CollateExpr>(orig));
    coll->arg = result;
    coll->result_type = result->result_type;
    coll->result_typmod = result->result_typmod;
    result = coll;
  }
  return result;
}

ExprPtr CoerceToBoolean(ParseState& ps, ExprPtr node, const char* construct) {
  Oid input = node->result_type;
  if (input != kBoolOid) {
    ExprPtr coerced =
        CoerceToTargetType(ps, node, input, kBoolOid, -1, CoercionContext::kAssignment,
                           CoercionForm::kImplicitCast, -1);
    if (!coerced) {
      ThrowAt(ps,
              MakeError(errcode::kDatatypeMismatch, "argument of {} must be type {}, not type {}",
                        construct, "boolean", FormatTypeBe(input)),
              nodes::ExprLocation(node.get()));
    }
    node = coerced;
  }
  if (nodes::ExpressionReturnsSet(node)) {
    ThrowAt(
        ps,
        MakeError(errcode::kDatatypeMismatch, "argument of {} must not return a set", construct),
        nodes::ExprLocation(node.get()));
  }
  return node;
}

ExprPtr CoerceToSpecificType(ParseState& ps, ExprPtr node, Oid target, const char* construct) {
  Oid input = node->result_type;
  if (input != target) {
    ExprPtr coerced = CoerceToTargetType(ps, node, input, target, -1, CoercionContext::kAssignment,
                                         CoercionForm::kImplicitCast, -1);
    if (!coerced) {
      ThrowAt(ps,
              MakeError(errcode::kDatatypeMismatch, "argument of {} must be type {}, not type {}",
                        construct, FormatTypeBe(target), FormatTypeBe(input)),
              nodes::ExprLocation(node.get()));
    }
    node = coerced;
  }
  if (nodes::ExpressionReturnsSet(node)) {
    ThrowAt(
        ps,
        MakeError(errcode::kDatatypeMismatch, "argument of {} must not return a set", construct),
        nodes::ExprLocation(node.get()));
  }
  return node;
}

}  // namespace hyrax::parser
