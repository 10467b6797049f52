// The merged built-in table (see executor/functions/builtin_registry.h). Family tables are
// listed explicitly in builtin_families.h instead of self-registering through static
// constructors: hyrax_executor is a static library, and the linker drops object files that
// nothing references, which would silently lose their registrations.
#include "executor/functions/builtin_registry.h"

#include <algorithm>
#include <string>
#include <unordered_map>
#include <vector>

#include "common/error.h"
#include "executor/functions/builtin_families.h"
#include "executor/functions/type_families.h"

namespace hyrax::executor {

namespace {

struct Registry {
  std::vector<BuiltinFunction> sorted;
  std::unordered_map<std::string_view, size_t> by_name;
};

Registry BuildRegistry() {
  Registry registry;
  for (std::span<const BuiltinFunction> family : AllBuiltinFamilies()) {
    registry.sorted.insert(registry.sorted.end(), family.begin(), family.end());
  }
  for (std::span<const BuiltinFunction> family : UserTypeBuiltinFamilies()) {
    registry.sorted.insert(registry.sorted.end(), family.begin(), family.end());
  }
  std::sort(registry.sorted.begin(), registry.sorted.end(),
            [](const BuiltinFunction& a, const BuiltinFunction& b) {
              return std::string_view(a.prosrc) < std::string_view(b.prosrc);
            });
  for (size_t i = 0; i < registry.sorted.size(); ++i) {
    auto [it, inserted] = registry.by_name.emplace(registry.sorted[i].prosrc, i);
    if (!inserted) {
      throw MakeError(errcode::kInternalError, "built-in function {} is registered twice",
                      registry.sorted[i].prosrc);
    }
  }
  return registry;
}

const Registry& GetRegistry() {
  static const Registry registry = BuildRegistry();
  return registry;
}

}  // namespace

const BuiltinFunction* FindBuiltin(std::string_view prosrc) {
  const Registry& registry = GetRegistry();
  auto it = registry.by_name.find(prosrc);
  return it == registry.by_name.end() ? nullptr : &registry.sorted[it->second];
}

std::span<const BuiltinFunction> AllBuiltins() {
  return GetRegistry().sorted;
}

PGFunction BuiltinByName(std::string_view prosrc) {
  const BuiltinFunction* builtin = FindBuiltin(prosrc);
  if (builtin == nullptr) {
    throw MakeError(errcode::kFeatureNotSupported, "function {} is not implemented in Hyrax",
                    prosrc);
  }
  return builtin->fn;
}

}  // namespace hyrax::executor
