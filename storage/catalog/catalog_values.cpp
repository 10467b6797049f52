// Catalog column value conversions (see catalog_values.h).
#include "storage/catalog/catalog_values.h"

#include <cstdlib>
#include <cstring>

#include "common/assert.h"
#include "common/memory_context.h"
#include "common/varlena.h"
#include "storage/catalog/tsv_reader.h"

namespace hyrax::catalog {

namespace {

// Privilege letters in PostgreSQL's ACL_ALL_RIGHTS_STR order; bit i = letter i.
constexpr const char* kAclLetters = "arwdDxtXUCTcsA";

AclItem ParseAclItem(std::string_view text, const RoleNameResolver& roles) {
  AclItem item{0, 0, 0};
  size_t eq = text.find('=');
  size_t slash = text.rfind('/');
  HYRAX_CHECK(eq != std::string_view::npos && slash != std::string_view::npos && slash > eq,
              "malformed aclitem in catalog data");
  auto unquote = [](std::string_view s) {
    return s.size() >= 2 && s.front() == '"' ? s.substr(1, s.size() - 2) : s;
  };
  std::string_view grantee = unquote(text.substr(0, eq));
  item.grantee = grantee.empty() ? kInvalidOid : roles(grantee);
  item.grantor = roles(unquote(text.substr(slash + 1)));
  int last_bit = -1;
  for (char c : text.substr(eq + 1, slash - eq - 1)) {
    if (c == '*') {
      HYRAX_CHECK(last_bit >= 0, "malformed aclitem in catalog data");
      item.privs |= 1u << (last_bit + 16);
      continue;
    }
    const char* pos = std::strchr(kAclLetters, c);
    HYRAX_CHECK(pos != nullptr, "unknown privilege letter in catalog data");
    last_bit = static_cast<int>(pos - kAclLetters);
    item.privs |= 1u << last_bit;
  }
  return item;
}

Datum AclItemDatum(const AclItem& item) {
  auto* p = static_cast<AclItem*>(Palloc(sizeof(AclItem)));
  *p = item;
  return PointerGetDatum(p);
}

Datum ParseArrayText(Oid array_type, std::string_view text, const RoleNameResolver& roles) {
  Oid elem = CatalogArrayElementType(array_type);
  std::vector<std::string> parts = ParseArrayLiteral(text);
  std::vector<Datum> elems;
  elems.reserve(parts.size());
  for (const auto& part : parts) elems.push_back(CatalogTextToDatum(elem, part, roles));
  return ConstructArray1D(elems.data(), nullptr, static_cast<int>(elems.size()), elem,
                          CatalogElementLayout(elem));
}

template <typename T>
Datum VectorDatum(const std::vector<T>& v, Oid elem, bool int2) {
  std::vector<Datum> elems;
  elems.reserve(v.size());
  for (T x : v)
    elems.push_back(int2 ? Int16GetDatum(static_cast<int16_t>(x)) : ObjectIdGetDatum(x));
  // oidvector/int2vector are 1-D arrays with lower bound 0, as PostgreSQL builds them.
  int32_t dims[1] = {static_cast<int32_t>(v.size())};
  int32_t lbounds[1] = {0};
  return ConstructArray(elems.data(), nullptr, 1, dims, lbounds, elem, CatalogElementLayout(elem));
}

}  // namespace

ElementLayout CatalogElementLayout(Oid elem_type) {
  switch (elem_type) {
    case typeoid::kInt2:
      return {2, true, 's'};
    case typeoid::kOid:
    case typeoid::kRegproc:
    case typeoid::kInt4:
    case typeoid::kFloat4:
      return {4, true, 'i'};
    case typeoid::kChar:
      return {1, true, 'c'};
    case typeoid::kText:
      return {-1, false, 'i'};
    case typeoid::kName:
      return {kNameDataLen, false, 'c'};
    case typeoid::kAclItem:
      return {sizeof(AclItem), false, 'i'};
    default:
      ThrowInternalError(__FILE__, __LINE__, "unsupported catalog array element type");
  }
}

Oid CatalogArrayElementType(Oid array_type) {
  switch (array_type) {
    case typeoid::kInt2Array:
      return typeoid::kInt2;
    case typeoid::kTextArray:
      return typeoid::kText;
    case typeoid::kCharArray:
      return typeoid::kChar;
    case typeoid::kFloat4Array:
      return typeoid::kFloat4;
    case typeoid::kOidArray:
      return typeoid::kOid;
    case typeoid::kAclItemArray:
      return typeoid::kAclItem;
    default:
      ThrowInternalError(__FILE__, __LINE__, "unsupported catalog array type");
  }
}

Datum CatalogTextToDatum(Oid type, std::string_view text, const RoleNameResolver& roles) {
  std::string s(text);
  switch (type) {
    case typeoid::kBool:
      return BoolGetDatum(!s.empty() && (s[0] == 't' || s[0] == 'T'));
    case typeoid::kChar:
      return CharGetDatum(s.empty() ? '\0' : s[0]);
    case typeoid::kInt2:
      return Int16GetDatum(static_cast<int16_t>(std::atoi(s.c_str())));
    case typeoid::kInt4:
      return Int32GetDatum(std::atoi(s.c_str()));
    case typeoid::kInt8:
      return Int64GetDatum(std::strtoll(s.c_str(), nullptr, 10));
    case typeoid::kOid:
    case typeoid::kRegproc:
    case typeoid::kXid:
      return ObjectIdGetDatum(static_cast<Oid>(std::strtoul(s.c_str(), nullptr, 10)));
    case typeoid::kFloat4:
      return Float4GetDatum(std::strtof(s.c_str(), nullptr));
    case typeoid::kFloat8:
      return Float8GetDatum(std::strtod(s.c_str(), nullptr));
    case typeoid::kName:
      return StringToNameDatum(s);
    case typeoid::kText:
    case typeoid::kPgNodeTree:
      return CStringGetTextDatum(s);
    case typeoid::kOidVector:
    case typeoid::kInt2Vector: {
      std::vector<Oid> v;
      const char* p = s.c_str();
      char* end = nullptr;
      for (;;) {
        while (*p == ' ') ++p;
        if (*p == '\0') break;
        v.push_back(static_cast<Oid>(std::strtol(p, &end, 10)));
        p = end;
      }
      if (type == typeoid::kOidVector) return OidVectorDatum(v);
      return Int2VectorDatum(std::vector<int16_t>(v.begin(), v.end()));
    }
    case typeoid::kAclItem:
      return AclItemDatum(ParseAclItem(text, roles));
    case typeoid::kInt2Array:
    case typeoid::kTextArray:
    case typeoid::kCharArray:
    case typeoid::kFloat4Array:
    case typeoid::kOidArray:
    case typeoid::kAclItemArray:
      return ParseArrayText(type, text, roles);
    default:
      ThrowInternalError(__FILE__, __LINE__,
                         "catalog data uses an unsupported type " + std::to_string(type));
  }
}

std::string NameDatumToString(Datum d) {
  const char* p = DatumGetPointer<const char>(d);
  return std::string(p, strnlen(p, kNameDataLen));
}

Datum StringToNameDatum(std::string_view s) {
  char* p = static_cast<char*>(Palloc0(kNameDataLen));
  std::memcpy(p, s.data(), std::min<size_t>(s.size(), kNameDataLen - 1));
  return PointerGetDatum(p);
}

std::vector<int64_t> IntVectorFromDatum(Datum d, Oid type) {
  bool int2 = type == typeoid::kInt2Vector || type == typeoid::kInt2Array;
  std::vector<Datum> elems;
  std::vector<bool> nulls;
  DeconstructArray(DatumGetPointer<const void>(d),
                   CatalogElementLayout(int2 ? typeoid::kInt2 : typeoid::kOid), &elems, &nulls);
  std::vector<int64_t> out;
  out.reserve(elems.size());
  for (Datum e : elems) out.push_back(int2 ? DatumGetInt16(e) : DatumGetObjectId(e));
  return out;
}

std::vector<std::string> TextArrayFromDatum(Datum d) {
  std::vector<Datum> elems;
  std::vector<bool> nulls;
  DeconstructArray(DatumGetPointer<const void>(d), CatalogElementLayout(typeoid::kText), &elems,
                   &nulls);
  std::vector<std::string> out;
  for (size_t i = 0; i < elems.size(); ++i) {
    out.push_back(nulls[i] ? std::string() : DatumGetString(elems[i]));
  }
  return out;
}

std::vector<char> CharArrayFromDatum(Datum d) {
  std::vector<Datum> elems;
  std::vector<bool> nulls;
  DeconstructArray(DatumGetPointer<const void>(d), CatalogElementLayout(typeoid::kChar), &elems,
                   &nulls);
  std::vector<char> out;
  for (Datum e : elems) out.push_back(DatumGetChar(e));
  return out;
}

Datum OidVectorDatum(const std::vector<Oid>& v) {
  return VectorDatum(v, typeoid::kOid, false);
}

Datum Int2VectorDatum(const std::vector<int16_t>& v) {
  return VectorDatum(v, typeoid::kInt2, true);
}

Datum OidArrayDatum(const std::vector<Oid>& v) {
  std::vector<Datum> elems(v.begin(), v.end());
  return ConstructArray1D(elems.data(), nullptr, static_cast<int>(elems.size()), typeoid::kOid,
                          CatalogElementLayout(typeoid::kOid));
}

Datum Int2ArrayDatum(const std::vector<int16_t>& v) {
  std::vector<Datum> elems;
  for (int16_t x : v) elems.push_back(Int16GetDatum(x));
  return ConstructArray1D(elems.data(), nullptr, static_cast<int>(elems.size()), typeoid::kInt2,
                          CatalogElementLayout(typeoid::kInt2));
}

Datum TextArrayDatum(const std::vector<std::string>& v) {
  std::vector<Datum> elems;
  for (const auto& s : v) elems.push_back(CStringGetTextDatum(s));
  return ConstructArray1D(elems.data(), nullptr, static_cast<int>(elems.size()), typeoid::kText,
                          CatalogElementLayout(typeoid::kText));
}

Datum CharArrayDatum(const std::vector<char>& v) {
  std::vector<Datum> elems;
  for (char c : v) elems.push_back(CharGetDatum(c));
  return ConstructArray1D(elems.data(), nullptr, static_cast<int>(elems.size()), typeoid::kChar,
                          CatalogElementLayout(typeoid::kChar));
}

std::string AclItemToText(const AclItem& item, const std::function<std::string(Oid)>& role_name) {
  std::string out = item.grantee == kInvalidOid ? "" : role_name(item.grantee);
  out += '=';
  for (int bit = 0; kAclLetters[bit] != '\0'; ++bit) {
    if (item.privs & (1u << bit)) {
      out += kAclLetters[bit];
      if (item.privs & (1u << (bit + 16))) out += '*';
    }
  }
  out += '/';
  out += role_name(item.grantor);
  return out;
}

}  // namespace hyrax::catalog
