// Polymorphic argument resolution (PostgreSQL's check_generic_type_consistency and
// enforce_generic_type_consistency in parse_coerce.c), declared in coerce.h. Handles the
// anyelement/anyarray/anynonarray/anyenum family and the anycompatible family; range and
// multirange polymorphism is not resolved yet (README "Deviations").
#include "parser/analyze/coerce.h"
#include "parser/analyze/format_type.h"
#include "parser/analyze/type_info.h"
#include "parser/analyze/type_oids.h"

namespace hyrax::parser {

namespace {

bool IsFamily1Element(Oid t) {
  return t == kAnyElementOid || t == kAnyNonArrayOid || t == kAnyEnumOid;
}
bool IsCompatibleElement(Oid t) {
  return t == kAnyCompatibleOid || t == kAnyCompatibleNonArrayOid;
}
bool IsEnumType(Oid t) {
  const catalog::PgType* row = FindType(t);
  return row && row->typtype == 'e';
}

struct PolyState {
  Oid elem = kInvalidOid;
  Oid array = kInvalidOid;
  bool have_nonarray = false;
  bool have_enum = false;
  bool have_family1 = false;
  std::vector<Oid> compatible;  // actual (element) types of anycompatible-family args
  bool have_compatible = false;
  bool have_compatible_nonarray = false;
};

}  // namespace

bool CheckGenericTypeConsistency(const std::vector<Oid>& actual, const std::vector<Oid>& declared) {
  PolyState st;
  for (size_t j = 0; j < declared.size(); ++j) {
    Oid decl = declared[j];
    Oid act = actual[j];
    if (IsFamily1Element(decl)) {
      if (decl == kAnyNonArrayOid) st.have_nonarray = true;
      if (decl == kAnyEnumOid) st.have_enum = true;
      if (act == kUnknownOid) continue;
      if (st.elem != kInvalidOid && act != st.elem) return false;
      st.elem = act;
    } else if (decl == kAnyArrayOid) {
      if (act == kUnknownOid) continue;
      act = BaseType(act);
      if (st.array != kInvalidOid && act != st.array) return false;
      st.array = act;
    } else if (IsCompatibleElement(decl)) {
      if (decl == kAnyCompatibleNonArrayOid) st.have_compatible_nonarray = true;
      if (act == kUnknownOid) continue;
      st.compatible.push_back(act);
    } else if (decl == kAnyCompatibleArrayOid) {
      if (act == kUnknownOid) continue;
      Oid elem = ElementTypeOf(BaseType(act));
      if (elem == kInvalidOid) return false;
      st.compatible.push_back(elem);
    } else if (decl == kAnyRangeOid || decl == kAnyMultirangeOid ||
               decl == kAnyCompatibleRangeOid || decl == kAnyCompatibleMultirangeOid) {
      if (act == kUnknownOid) continue;
      const catalog::PgType* row = FindType(BaseType(act));
      char want = (decl == kAnyRangeOid || decl == kAnyCompatibleRangeOid) ? 'r' : 'm';
      if (row == nullptr || row->typtype != want) return false;
    }
  }
  if (st.array != kInvalidOid && st.array != kAnyArrayOid) {
    Oid array_elem = ElementTypeOf(st.array);
    if (array_elem == kInvalidOid) return false;
    if (st.elem == kInvalidOid) {
      st.elem = array_elem;
    } else if (array_elem != st.elem) {
      return false;
    }
  }
  if (st.have_nonarray && st.elem != kInvalidOid &&
      ElementTypeOf(BaseType(st.elem)) != kInvalidOid) {
    return false;
  }
  if (st.have_enum && st.elem != kInvalidOid && !IsEnumType(BaseType(st.elem))) return false;
  if (!st.compatible.empty()) {
    Oid common = SelectCommonTypeFromOids(st.compatible, true);
    if (common == kInvalidOid) return false;
    if (st.have_compatible_nonarray && ElementTypeOf(BaseType(common)) != kInvalidOid) {
      return false;
    }
  }
  return true;
}

Oid EnforceGenericTypeConsistency(const std::vector<Oid>& actual, std::vector<Oid>& declared,
                                  Oid rettype, bool allow_poly) {
  PolyState st;
  bool have_poly_args = false;
  for (size_t j = 0; j < declared.size(); ++j) {
    Oid decl = declared[j];
    Oid act = actual[j];
    if (IsFamily1Element(decl)) {
      have_poly_args = st.have_family1 = true;
      if (decl == kAnyNonArrayOid) st.have_nonarray = true;
      if (decl == kAnyEnumOid) st.have_enum = true;
      if (act == kUnknownOid) continue;
      if (allow_poly && decl == act) continue;
      if (st.elem != kInvalidOid && act != st.elem) {
        throw MakeError(errcode::kDatatypeMismatch, "arguments declared \"{}\" are not all alike",
                        "anyelement")
            .Detail(FormatTypeBe(st.elem) + " versus " + FormatTypeBe(act));
      }
      st.elem = act;
    } else if (decl == kAnyArrayOid) {
      have_poly_args = st.have_family1 = true;
      if (act == kUnknownOid) continue;
      if (allow_poly && decl == act) continue;
      act = BaseType(act);
      if (st.array != kInvalidOid && act != st.array) {
        throw MakeError(errcode::kDatatypeMismatch, "arguments declared \"{}\" are not all alike",
                        "anyarray")
            .Detail(FormatTypeBe(st.array) + " versus " + FormatTypeBe(act));
      }
      st.array = act;
    } else if (IsCompatibleElement(decl) || decl == kAnyCompatibleArrayOid) {
      have_poly_args = st.have_compatible = true;
      if (decl == kAnyCompatibleNonArrayOid) st.have_compatible_nonarray = true;
      if (act == kUnknownOid) continue;
      if (allow_poly && decl == act) continue;
      if (decl == kAnyCompatibleArrayOid) {
        Oid elem = ElementTypeOf(BaseType(act));
        if (elem == kInvalidOid) {
          throw MakeError(errcode::kDatatypeMismatch,
                          "argument declared {} is not an array but type {}", "anycompatiblearray",
                          FormatTypeBe(act));
        }
        act = elem;
      }
      st.compatible.push_back(act);
    }
  }
  bool poly_result = IsPolymorphicType(rettype);
  if (!have_poly_args && !poly_result) return rettype;

  if (st.have_family1) {
    if (st.array != kInvalidOid) {
      if (st.array == kAnyArrayOid && allow_poly && st.elem == kInvalidOid) {
        st.elem = kAnyElementOid;
      } else {
        Oid array_elem = ElementTypeOf(st.array);
        if (array_elem == kInvalidOid) {
          throw MakeError(errcode::kDatatypeMismatch,
                          "argument declared {} is not an array but type {}", "anyarray",
                          FormatTypeBe(st.array));
        }
        if (st.elem == kInvalidOid) {
          st.elem = array_elem;
        } else if (array_elem != st.elem) {
          throw MakeError(errcode::kDatatypeMismatch,
                          "argument declared {} is not consistent with argument declared {}",
                          "anyarray", "anyelement")
              .Detail(FormatTypeBe(st.array) + " versus " + FormatTypeBe(st.elem));
        }
      }
    }
    if (st.elem == kInvalidOid) {
      if (!allow_poly) {
        throw MakeError(errcode::kDatatypeMismatch,
                        "could not determine polymorphic type because input has type {}",
                        "unknown");
      }
      st.elem = kAnyElementOid;
      st.array = kAnyArrayOid;
    }
    if (st.have_nonarray && st.elem != kAnyElementOid &&
        ElementTypeOf(BaseType(st.elem)) != kInvalidOid) {
      throw MakeError(errcode::kDatatypeMismatch,
                      "type matched to anynonarray is an array type: {}", FormatTypeBe(st.elem));
    }
    if (st.have_enum && st.elem != kAnyElementOid && !IsEnumType(BaseType(st.elem))) {
      throw MakeError(errcode::kDatatypeMismatch, "type matched to anyenum is not an enum type: {}",
                      FormatTypeBe(st.elem));
    }
  }
  Oid compatible = kInvalidOid;
  if (st.have_compatible) {
    if (!st.compatible.empty()) {
      compatible = SelectCommonTypeFromOids(st.compatible, false);
      if (st.have_compatible_nonarray && ElementTypeOf(BaseType(compatible)) != kInvalidOid) {
        throw MakeError(errcode::kDatatypeMismatch,
                        "type matched to anycompatiblenonarray is an array type: {}",
                        FormatTypeBe(compatible));
      }
    } else if (allow_poly) {
      compatible = kAnyCompatibleOid;
    } else {
      throw MakeError(errcode::kDatatypeMismatch,
                      "could not determine polymorphic type {} because input has type {}",
                      "anycompatible", "unknown");
    }
  }
  auto array_of = [](Oid elem, const char* family_array) -> Oid {
    if (elem == kAnyElementOid) return kAnyArrayOid;
    if (elem == kAnyCompatibleOid) return kAnyCompatibleArrayOid;
    Oid array = ArrayTypeOf(elem);
    if (array == kInvalidOid) {
      throw MakeError(errcode::kUndefinedObject, "could not find array type for data type {}",
                      FormatTypeBe(elem));
    }
    (void)family_array;
    return array;
  };
  for (Oid& decl : declared) {
    if (IsFamily1Element(decl)) {
      decl = st.elem;
    } else if (decl == kAnyArrayOid) {
      if (st.array == kInvalidOid) st.array = array_of(st.elem, "anyarray");
      decl = st.array;
    } else if (IsCompatibleElement(decl)) {
      decl = compatible;
    } else if (decl == kAnyCompatibleArrayOid) {
      decl = array_of(compatible, "anycompatiblearray");
    }
  }
  if (!poly_result) return rettype;
  if (IsFamily1Element(rettype)) {
    if (st.elem == kInvalidOid) {
      throw MakeError(errcode::kDatatypeMismatch,
                      "could not determine polymorphic type because input has type {}", "unknown");
    }
    return st.elem;
  }
  if (rettype == kAnyArrayOid) {
    if (st.array == kInvalidOid) {
      if (st.elem == kInvalidOid) {
        throw MakeError(errcode::kDatatypeMismatch,
                        "could not determine polymorphic type because input has type {}",
                        "unknown");
      }
      st.array = array_of(st.elem, "anyarray");
    }
    return st.array;
  }
  if (IsCompatibleElement(rettype)) return compatible;
  if (rettype == kAnyCompatibleArrayOid) return array_of(compatible, "anycompatiblearray");
  throw MakeError(errcode::kFeatureNotSupported, "functions returning {} are not supported yet",
                  FormatTypeBe(rettype));
}

}  // namespace hyrax::parser
