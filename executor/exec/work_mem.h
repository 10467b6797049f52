// The memory limits of query operators: work_mem and hash_mem_multiplier (PostgreSQL's
// GUCs, bound by the server's GUC table). The executor reads them to decide when Sort, the
// tuple store, Hash and hash aggregation spill to temporary files; the planner's cost model
// reads the same variables (planner/cost/costsize.h), so estimates and execution agree.
#pragma once

#include <cstddef>

namespace hyrax::executor {

extern int g_work_mem_kb;             // work_mem = 4MB
extern double g_hash_mem_multiplier;  // hash_mem_multiplier = 2.0

// work_mem in bytes.
size_t WorkMemBytes();
// Memory a hash table may use: work_mem * hash_mem_multiplier (PostgreSQL's
// get_hash_memory_limit).
size_t HashMemBytes();

}  // namespace hyrax::executor
