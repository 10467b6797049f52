// The process-global SysCache pointer (see syscache.h).
#include "storage/catalog/syscache.h"

#include "common/assert.h"

namespace hyrax::catalog {

namespace {
SysCache* g_syscache = nullptr;
}  // namespace

SysCache& Syscache() {
  HYRAX_CHECK(g_syscache != nullptr, "no catalog cache installed");
  return *g_syscache;
}

void InstallSysCache(SysCache* cache) {
  g_syscache = cache;
}

}  // namespace hyrax::catalog
