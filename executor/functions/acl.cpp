// The aclitem type (PostgreSQL's acl.c): text I/O "grantee=privs/grantor" with role names,
// an empty grantee for PUBLIC and '*' after a privilege letter for its grant option (e.g.
// "=c/postgres", "postgres=CTc/postgres"), equality and hashing. The 12-byte in-memory
// layout is catalog::AclItem (storage/catalog/catalog_values.h), which also writes the text.
#include <cctype>
#include <cstring>
#include <string>

#include "common/error.h"
#include "executor/functions/builtin_families.h"
#include "executor/functions/datum_traits.h"
#include "executor/types/hash_bytes.h"
#include "storage/catalog/catalog_values.h"
#include "storage/catalog/syscache.h"

namespace hyrax::executor {

namespace {

// Privilege letters in PostgreSQL's ACL_ALL_RIGHTS_STR order; bit i = letter i.
constexpr const char* kAclLetters = "arwdDxtXUCTcsA";
constexpr int kGrantOptionShift = 16;

// A role name as aclitemout writes it (PostgreSQL's putid): double-quoted unless it is all
// letters, digits and underscores; a dropped role shows as its OID.
std::string RoleName(Oid roleid) {
  auto role = catalog::Syscache().RoleByOid(roleid);
  if (!role) return std::to_string(roleid);
  bool safe = !role->rolname.empty();
  for (char c : role->rolname) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_') safe = false;
  }
  if (safe) return role->rolname;
  std::string quoted = "\"";
  for (char c : role->rolname) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  return quoted + "\"";
}

Datum AclItemOut(FunctionCallInfo* f) {
  const auto* item = f->ArgPointer<catalog::AclItem>(0);
  return CStringDatum(catalog::AclItemToText(*item, RoleName));
}

Error BadAclItem(std::string message) {
  return Error(errcode::kInvalidTextRepresentation, std::move(message));
}

// A role name at `pos` (optionally double-quoted); advances `pos` past it.
std::string ReadRoleName(std::string_view text, size_t& pos) {
  std::string name;
  bool quoted = false;
  while (pos < text.size()) {
    char c = text[pos];
    if (c == '"') {
      if (quoted && pos + 1 < text.size() && text[pos + 1] == '"') {
        name += '"';
        pos += 2;
        continue;
      }
      quoted = !quoted;
      ++pos;
      continue;
    }
    if (!quoted && (c == '=' || c == '/' || std::isspace(static_cast<unsigned char>(c)))) break;
    name += c;
    ++pos;
  }
  return name;
}

Oid RoleOid(const std::string& name) {
  auto role = catalog::Syscache().RoleByName(name);
  if (!role) throw MakeError(errcode::kUndefinedObject, "role \"{}\" does not exist", name);
  return role->oid;
}

Datum AclItemIn(FunctionCallInfo* f) {
  std::string_view text = f->ArgCString(0);
  size_t pos = 0;
  std::string grantee = ReadRoleName(text, pos);
  if (pos >= text.size() || text[pos] != '=') {
    if (grantee == "group" || grantee == "user") {
      throw BadAclItem(fmt::format("unrecognized key word: \"{}\"", grantee));
    }
    throw BadAclItem("missing \"=\" sign");
  }
  ++pos;
  catalog::AclItem item{grantee.empty() ? kInvalidOid : RoleOid(grantee), kInvalidOid, 0};
  int last_bit = -1;
  for (; pos < text.size() && text[pos] != '/'; ++pos) {
    char c = text[pos];
    const char* letter = c == '\0' ? nullptr : std::strchr(kAclLetters, c);
    if (c == '*' && last_bit >= 0) {
      item.privs |= 1u << (last_bit + kGrantOptionShift);
    } else if (letter != nullptr) {
      last_bit = static_cast<int>(letter - kAclLetters);
      item.privs |= 1u << last_bit;
    } else {
      throw BadAclItem(fmt::format("invalid mode character: must be one of \"{}\"", kAclLetters));
    }
  }
  item.grantor = catalog::kBootstrapSuperuserId;
  if (pos < text.size()) {
    ++pos;
    std::string grantor = ReadRoleName(text, pos);
    if (grantor.empty()) throw BadAclItem("a name must follow the \"/\" sign");
    item.grantor = RoleOid(grantor);
  }
  auto* out = static_cast<catalog::AclItem*>(Palloc(sizeof(catalog::AclItem)));
  *out = item;
  return PointerGetDatum(out);
}

Datum AclItemEq(FunctionCallInfo* f) {
  const auto* a = f->ArgPointer<catalog::AclItem>(0);
  const auto* b = f->ArgPointer<catalog::AclItem>(1);
  return BoolGetDatum(a->privs == b->privs && a->grantee == b->grantee && a->grantor == b->grantor);
}

// PostgreSQL hashes the sum of the three fields (hash_aclitem), so equal items hash alike.
uint32_t AclItemHashKey(const catalog::AclItem* item) {
  return item->privs + item->grantee + item->grantor;
}

Datum HashAclItem(FunctionCallInfo* f) {
  return UInt32GetDatum(AclItemHashKey(f->ArgPointer<catalog::AclItem>(0)));
}

Datum HashAclItemExtended(FunctionCallInfo* f) {
  uint64_t seed = static_cast<uint64_t>(f->ArgInt64(1));
  return Int64GetDatum(static_cast<int64_t>(
      HashUInt32Extended(AclItemHashKey(f->ArgPointer<catalog::AclItem>(0)), seed)));
}

const BuiltinFunction kAclBuiltins[] = {
    {"aclitemin", AclItemIn, 1},
    {"aclitemout", AclItemOut, 1},
    {"aclitem_eq", AclItemEq, 2},
    {"hash_aclitem", HashAclItem, 1},
    {"hash_aclitem_extended", HashAclItemExtended, 2},
};

}  // namespace

std::span<const BuiltinFunction> AclBuiltins() {
  return kAclBuiltins;
}

}  // namespace hyrax::executor
