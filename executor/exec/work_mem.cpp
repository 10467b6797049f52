// work_mem and hash_mem_multiplier (see work_mem.h).
#include "executor/exec/work_mem.h"

#include <algorithm>

namespace hyrax::executor {

int g_work_mem_kb = 4096;
double g_hash_mem_multiplier = 2.0;

size_t WorkMemBytes() {
  return static_cast<size_t>(g_work_mem_kb) * 1024;
}

size_t HashMemBytes() {
  double limit = static_cast<double>(g_work_mem_kb) * 1024.0 * g_hash_mem_multiplier;
  return static_cast<size_t>(std::min(limit, 1.0e15));
}

}  // namespace hyrax::executor
