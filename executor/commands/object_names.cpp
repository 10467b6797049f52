// Generated object names (see object_names.h).
#include "executor/commands/object_names.h"

#include <algorithm>
#include <set>

#include "storage/catalog/catalog_scan.h"
#include "storage/catalog/syscache.h"

namespace hyrax::executor::commands {

namespace {

constexpr size_t kMaxNameBytes = 63;  // NAMEDATALEN - 1

// The longest prefix of `s` of at most `bytes` bytes that ends on a character boundary.
std::string ClipUtf8(const std::string& s, size_t bytes) {
  if (s.size() <= bytes) return s;
  size_t end = bytes;
  while (end > 0 && (static_cast<unsigned char>(s[end]) & 0xC0) == 0x80) --end;
  return s.substr(0, end);
}

}  // namespace

std::string MakeObjectName(const std::string& name1, const std::string& name2,
                           const std::string& label) {
  size_t overhead = (name2.empty() ? 0 : 1) + (label.empty() ? 0 : label.size() + 1);
  size_t avail = kMaxNameBytes > overhead ? kMaxNameBytes - overhead : 0;
  size_t chars1 = name1.size(), chars2 = name2.size();
  while (chars1 + chars2 > avail) {
    if (chars1 > chars2)
      --chars1;
    else
      --chars2;
  }
  std::string out = ClipUtf8(name1, chars1);
  if (!name2.empty()) out += "_" + ClipUtf8(name2, chars2);
  if (!label.empty()) out += "_" + label;
  return out;
}

std::string ChooseConstraintName(const std::string& name1, const std::string& name2,
                                 const std::string& label, Oid namespace_oid,
                                 const std::vector<std::string>& taken) {
  std::set<std::string> used(taken.begin(), taken.end());
  for (const auto& ref : catalog::ScanCatalog<catalog::PgConstraint>()) {
    if (ref.row.connamespace == namespace_oid) used.insert(ref.row.conname);
  }
  std::string name = MakeObjectName(name1, name2, label);
  for (int pass = 1; used.count(name) != 0; ++pass) {
    name = MakeObjectName(name1, name2, label + std::to_string(pass));
  }
  return name;
}

std::string ChooseRelationName(const std::string& name1, const std::string& name2,
                               const std::string& label, Oid namespace_oid,
                               const std::vector<std::string>& taken) {
  for (int pass = 0;; ++pass) {
    std::string candidate =
        MakeObjectName(name1, name2, pass == 0 ? label : label + std::to_string(pass));
    bool used = std::find(taken.begin(), taken.end(), candidate) != taken.end() ||
                catalog::Syscache().RelationByName(candidate, namespace_oid).has_value();
    if (!used) return candidate;
  }
}

}  // namespace hyrax::executor::commands
